import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The unit project (PGlite) as StrykerJS runs it (stryker.config.mjs): only the test files of the
// mutated modules, so a mutation run fits on this machine. Stryker itself picks the tests per mutant.
export default defineConfig({
  test: {
    name: 'unit',
    include: ['src/modules/points/*.test.ts', 'src/modules/cards/*.test.ts', 'src/modules/membership/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // one worker keeps the app's modules loaded between Stryker's runs (each run would otherwise
    // import them again); a file still opens its own database, so files do not share data
    isolate: false,
    // the migrated, seeded PGlite database is built once per run and loaded from this file (test/helpers/db.ts)
    env: { PGLITE_TEMPLATE: path.resolve('.stryker-pglite-template.tar.gz') },
  },
});
