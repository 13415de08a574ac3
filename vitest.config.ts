import { defineConfig } from 'vitest/config';

// unit: everything on the embedded PGlite; pg: the same integration tests on PostgreSQL
// (TEST_DATABASE_URL, a fresh database per test file); e2e: the console in headless Chromium.
const integration = ['src/**/*.test.ts', 'test/**/*.test.ts'];
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: integration, exclude: ['test/reliability/**'], testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' } },
      {
        test: {
          name: 'pg', include: integration, exclude: ['test/reliability/**'], testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks',
          env: { TEST_ENGINE: 'postgres' },
        },
      },
      // expect.poll waits up to 15 s (vitest's default, 1 s, is shorter than one slow round trip on a
      // loaded 2-core machine: a manager's approval then read as failed and the rest of the file with it)
      {
        test: {
          name: 'e2e', include: ['test/e2e/**/*.e2e.ts'], testTimeout: 120_000, hookTimeout: 180_000, pool: 'forks', fileParallelism: false,
          expect: { poll: { timeout: 15_000 } },
        },
      },
      { test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000, pool: 'forks', fileParallelism: false, env: { TEST_ENGINE: 'postgres' } } },
    ],
  },
});
