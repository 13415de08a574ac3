// `clubcrm job run <name> --as-of <day>` run as an operator runs it (a child process on a
// temporary data folder, or in the `pg` run on a fresh PostgreSQL database): a member born on
// 29 February gets the birthday care on 28 February 2027, the run is listed and audited, and a
// malformed day or a job that takes none is refused naming asOf, with exit code 1.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, rows, sql, type Db } from '../src/db/index.ts';
import { createPgDatabase, engine, testSecret } from './helpers/db.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-cli-jobs-'));

let env: Record<string, string>;
let open: () => Promise<Db>;
let drop = async () => {};
beforeAll(async () => {
  if (engine === 'postgres') {
    const pgdb = await createPgDatabase();
    env = { DATABASE_URL: pgdb.url, CLUBCRM_SECRET_KEY: testSecret };
    open = () => openPostgres(pgdb.url, 2);
    drop = pgdb.drop;
  } else {
    env = { CLUBCRM_DATA_DIR: path.join(tmp, 'data') };
    open = () => openPglite({ dataDir: path.join(tmp, 'data', 'pglite') });
  }
});
afterAll(async () => {
  await drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function clubcrm(extra: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [path.join(root, 'bin/clubcrm.js'), ...args], {
      cwd: tmp,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CLUBCRM_ADMIN_PASSWORD: 'Admin-pass-123', LOG_LEVEL: 'silent', CLUBCRM_JOBS: 'off', ...env, ...extra },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Opens the database between CLI runs (PGlite allows one process at a time). */
async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('clubcrm job', () => {
  it('runs the birthday care as of 28 February 2027: the member born on 29 February gets it; the run is listed and audited', async () => {
    expect((await clubcrm({}, 'migrate')).code).toBe(0);
    const memberId = await withDb(async (db) => {
      const [c] = await rows<{ id: number }>(db.db, sql`INSERT INTO customers (name, mobile, birthday) VALUES ('闰日生', '13900000229', '1988-02-29') RETURNING id`);
      const [m] = await rows<{ id: number }>(db.db, sql`INSERT INTO members (member_no, customer_id, status) VALUES ('MCLI0001', ${c.id}, 'active') RETURNING id`);
      await rows(db.db, sql`UPDATE customers SET member_id = ${m.id} WHERE id = ${c.id}`);
      await rows(db.db, sql`INSERT INTO care_triggers (trigger, enabled, channel, body, points, updated_by) VALUES ('birthday', true, 'sms', '{name}，生日快乐！', 0, 'test')`);
      return m.id;
    });

    const r = await clubcrm({}, 'job', 'run', 'care.triggers', '--as-of', '2027-02-28');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('care.triggers ran as of 2027-02-27T16:00:00.000Z (2027-02-28 in Asia/Shanghai): {"birthday":{"day":"2027-02-28","added":1}}');
    // the next day: nothing more
    const next = await clubcrm({}, 'job', 'run', 'care.triggers', '--as-of', '2027-03-01', '--json');
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ name: 'care.triggers', trigger: 'cli', day: '2027-03-01', result: { birthday: { added: 0 } } });

    const list = await clubcrm({}, 'job', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    const care = (JSON.parse(list.stdout) as { name: string; lastRun: { trigger: string; asOf: string } | null }[]).find((j) => j.name === 'care.triggers')!;
    expect(care.lastRun).toMatchObject({ trigger: 'cli', asOf: '2027-02-28T16:00:00.000Z' });

    await withDb(async (db) => {
      const cared = await rows<{ trigger_key: string }>(db.db, sql`SELECT trigger_key FROM care_members WHERE member_id = ${memberId}`);
      expect(cared.map((x) => x.trigger_key)).toEqual([`birthday:${memberId}:2027-02-28`]);
      const audit = await rows<{ entity_id: string }>(db.db, sql`SELECT entity_id FROM audit_log WHERE action = 'job.run' ORDER BY id`);
      expect(audit.map((a) => a.entity_id)).toEqual(['care.triggers', 'care.triggers']);
    });
  }, 300_000);

  it('refuses a malformed day and an asOf for a job that does not depend on the day, naming asOf; changes nothing', async () => {
    const before = await withDb(async (db) => (await rows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM job_runs`))[0].n);
    const bad = await clubcrm({}, 'job', 'run', 'care.triggers', '--as-of', '2027-02-29');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('基准日期（asOf）');
    const undated = await clubcrm({ CLUBCRM_LANGUAGE: 'en' }, 'job', 'run', 'notify.deliver', '--as-of', '2027-02-28');
    expect(undated.code).toBe(1);
    expect(undated.stderr).toContain('as-of date (asOf) is not taken by the background job "Notice delivery": its rules do not depend on the day');
    const unknown = await clubcrm({ CLUBCRM_LANGUAGE: 'en' }, 'job', 'run', 'no-such-job');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no-such-job');
    expect(await withDb(async (db) => (await rows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM job_runs`))[0].n)).toBe(before);
  }, 300_000);
});
