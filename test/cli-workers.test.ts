// `clubcrm serve --workers N` refuses what cannot work, before touching any data: several workers
// on the embedded database (one process per data folder), and a worker count that is not one.
// The multi-worker server itself is tested on PostgreSQL in test/reliability/workers.test.ts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-workers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function serve(env: Record<string, string>, ...args: string[]) {
  try {
    const r = await run(process.execPath, [path.join(root, 'bin/clubcrm.js'), 'serve', '--no-build', ...args], {
      cwd: tmp, timeout: 240_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CLUBCRM_DATA_DIR: path.join(tmp, 'data'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

describe('clubcrm serve --workers on the embedded database', () => {
  it('refuses several workers (zh-CN by default, en), leaving the data folder unopened', async () => {
    const zh = await serve({}, '--workers', '2');
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('--workers 2：内置数据库（未设置 DATABASE_URL）只能由一个进程打开');
    const en = await serve({ CLUBCRM_LANGUAGE: 'en', CLUBCRM_WORKERS: '3' });
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('--workers 3: the embedded database (no DATABASE_URL) can be opened by one process only. Run one worker, or set DATABASE_URL');
    expect(fs.existsSync(path.join(tmp, 'data', 'pglite'))).toBe(false);
  });

  it('refuses a worker count that is not a whole number from 1 to 64, naming it', async () => {
    for (const bad of ['0', 'two', '1.5', '65']) {
      const r = await serve({ CLUBCRM_LANGUAGE: 'en' }, '--workers', bad);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`--workers must be a whole number from 1 to 64, not ${bad}`);
    }
    expect(fs.existsSync(path.join(tmp, 'data', 'pglite'))).toBe(false);
  });
});
