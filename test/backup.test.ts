// clubcrm backup / restore: a restore into an empty database gives identical table contents,
// on the engine under test (PGlite for `unit`, PostgreSQL for `pg`), in-process and through the CLI.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupTo, restoreFrom, tableFingerprints } from '../src/db/backup.ts';
import { openPglite, openPostgres, rows, sql, type Db } from '../src/db/index.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { createApiToken, createRole, createUser, signIn } from '../src/modules/auth/service.ts';
import { recordAudit } from '../src/modules/audit/service.ts';
import { createEndpoint } from '../src/modules/audit/webhooks.ts';
import { createItem } from '../src/modules/dictionaries/service.ts';
import { createCustomer } from '../src/modules/customers/service.ts';
import { makeCrypto } from '../src/pii.ts';
import { createPgDatabase, engine, openEmptyDb, openTestDb, testConfig, testSecret, type TestDb } from './helpers/db.ts';
import { residentId } from './helpers/people.ts';
import { signInTo, startServer } from './helpers/server.ts';
import { prepareDatabase } from '../src/main.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const tricky = '引号"双"\'单\' 反斜杠\\ 换行\n制表\t表情😀 \u2028 end';

/** A database with what a real one holds: Chinese text, nulls, arrays, jsonb, µs timestamps. */
async function fill(db: Db) {
  const actor = systemActor('测试');
  await db.transaction(async (tx) => {
    const role = await createRole(tx, actor, { code: 'auditor', nameZh: '审计员（只读）', nameEn: 'Auditor', permissions: ['audit.read', 'report.read'], dataScope: 'department' });
    await createRole(tx, actor, { code: 'nobody', nameZh: '空角色', nameEn: 'Empty', permissions: [], dataScope: 'own' });
    await createUser(tx, actor, { login: 'wangxiuying', name: '王秀英', department: '客服中心', email: 'wxy@example.com', mobile: '13858001234', password: 'Wang-xy-001', roleCodes: ['service'] });
    await createUser(tx, actor, { login: 'ouyang', name: '欧阳娜娜', department: null, email: null, mobile: null, password: 'Ou-yang-002', roleIds: [role.id] });
    await createUser(tx, actor, { login: 'tricky', name: tricky, department: '滨江案场', password: 'Tricky-fox-003', roleCodes: ['sales', 'manager'] });
    await createItem(tx, actor, { kind: 'activity_type', code: 'tea', labelZh: '茶话会', labelEn: 'Tea party' });
    await createItem(tx, actor, { kind: 'application_channel', code: 'hotline', parentCode: 'service_center', labelZh: tricky, labelEn: 'Hotline "24/7"', active: false });
    await createApiToken(tx, actor, { name: '营销系统', roleId: role.id });
    await recordAudit(tx, actor, {
      action: 'test.facts', entityType: 'test', entityId: 'x-1',
      facts: { 备注: tricky, list: [1, null, '二', { 深: true }], nested: { empty: {}, none: null }, big: 2 ** 53 - 1, ratio: 0.1 + 0.2, negative: -0 },
    });
    await recordAudit(tx, actor, { action: 'test.null', entityType: 'test', entityId: null, facts: {} });
  });
  // a session (text primary key), a lock with microsecond precision
  await db.transaction((tx) => signIn(tx, { login: 'wangxiuying', password: 'Wang-xy-001', ip: '10.0.0.8', userAgent: 'Mozilla/5.0 测试' }, { attempts: 5, minutes: 15, sessionHours: 12 }));
  await db.db.execute(sql`UPDATE users SET locked_until = now() + interval '15 minutes 0.123456 seconds', failed_attempts = 5 WHERE login = 'ouyang'`);
}

const cli = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, [path.join(root, 'bin/clubcrm.js'), ...args], {
    cwd: tmp,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CLUBCRM_ADMIN_PASSWORD: 'Admin-pass-123', LOG_LEVEL: 'silent', CLUBCRM_JOBS: 'off', ...env },
  });
const pii = makeCrypto(testSecret);
const otherSecret = 'b'.repeat(64);
const count = async (db: Db, table: string) => (await rows<{ n: number }>(db.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n;
const mode = (file: string) => fs.statSync(file).mode & 0o777;
/** The tables a backup file lists, in order. */
const tablesIn = (file: string) => zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter((l) => l.startsWith('{"table":')).map((l) => JSON.parse(l).table as string);

const maxId = async (db: Db, table: string) =>
  (await rows<{ m: number | null }>(db.db, sql.raw(`SELECT max(id)::int AS m FROM ${table}`)))[0].m ?? 0;

describe('backup and restore in-process', () => {
  let source: TestDb;
  let target: TestDb;
  let file: string;
  beforeAll(async () => {
    source = await openTestDb();
    await fill(source);
    target = await openEmptyDb();
    file = path.join(tmp, 'in-process.clubcrm.gz');
  });
  afterAll(async () => { await source?.destroy(); await target?.destroy(); });

  it('writes a backup and restores it into another database with identical contents in every table', async () => {
    const written = await backupTo(source, file);
    expect(written.rows).toBeGreaterThan(50);
    const before = await tableFingerprints(source.db);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['users', 'roles', 'user_roles', 'api_tokens', 'audit_log', 'dictionary_items']));

    const restored = await restoreFrom(target, file, pii);
    expect(restored).toEqual(written);
    expect(await tableFingerprints(target.db)).toEqual(before);
    // and the values read back as they were written
    const [u] = await rows<{ name: string; email: string | null; department: string | null }>(target.db, sql`SELECT name, email, department FROM users WHERE login = 'tricky'`);
    expect(u).toEqual({ name: tricky, email: null, department: '滨江案场' });
    const [facts] = await rows<{ changes: Record<string, unknown> }>(target.db, sql`SELECT changes FROM audit_log WHERE action = 'test.facts'`);
    expect(facts.changes).toEqual({ 备注: tricky, list: [1, null, '二', { 深: true }], nested: { empty: {}, none: null }, big: 2 ** 53 - 1, ratio: 0.1 + 0.2, negative: 0 });
    const [role] = await rows<{ permissions: string[] }>(target.db, sql`SELECT permissions FROM roles WHERE code = 'nobody'`);
    expect(role.permissions).toEqual([]);
    const [lock] = await rows<{ same: boolean }>(target.db, sql`SELECT locked_until = ${(await rows<{ t: string }>(source.db, sql`SELECT locked_until::text AS t FROM users WHERE login = 'ouyang'`))[0].t}::timestamptz AS same FROM users WHERE login = 'ouyang'`);
    expect(lock.same).toBe(true);
  });

  it('leaves sessions and idempotency keys out of the backup, so a restore ends every session and brings none back', async () => {
    await source.db.execute(sql`INSERT INTO idempotency_keys (scope, key, request_hash, reply) VALUES ('user:1', 'k-1', 'h', '{}')`);
    expect(await count(source, 'sessions')).toBe(1);
    const own = path.join(tmp, 'no-sessions.clubcrm.gz');
    await backupTo(source, own);
    expect(tablesIn(own)).toEqual(expect.arrayContaining(['users', 'audit_log']));
    expect(tablesIn(own)).not.toContain('sessions');
    expect(tablesIn(own)).not.toContain('idempotency_keys');
    // the target's own session (someone signed in there) ends with the restore
    await target.transaction((tx) => signIn(tx, { login: 'wangxiuying', password: 'Wang-xy-001' }, { attempts: 5, minutes: 15, sessionHours: 12 }));
    expect(await count(target, 'sessions')).toBe(1);
    await restoreFrom(target, own, pii);
    expect(await count(target, 'sessions')).toBe(0);
    expect(await count(target, 'idempotency_keys')).toBe(0);
    await source.db.execute(sql`DELETE FROM idempotency_keys`);
  });

  it('writes backups readable by their owner only (mode 0600)', () => {
    expect(mode(file)).toBe(0o600);
  });

  it('lets ids continue after the restored ones (sequences follow)', async () => {
    const actor = systemActor('after restore');
    const usersBefore = await maxId(target, 'users');
    const auditBefore = await maxId(target, 'audit_log');
    const dictBefore = await maxId(target, 'dictionary_items');
    const u = await target.transaction((tx) => createUser(tx, actor, { login: 'newcomer', name: '新同事', password: 'New-comer-1' }));
    const d = await target.transaction((tx) => createItem(tx, actor, { kind: 'activity_type', code: 'hike', labelZh: '徒步', labelEn: 'Hike' }));
    expect(u.id).toBe(usersBefore + 1);
    expect(d.id).toBe(dictBefore + 1);
    expect(await maxId(target, 'audit_log')).toBe(auditBefore + 2);
    expect(usersBefore).toBe(await maxId(source, 'users'));
  });

  it('restores over a database that already holds data, replacing it', async () => {
    const again = await restoreFrom(target, file, pii);
    expect(again.rows).toBeGreaterThan(50);
    expect(await tableFingerprints(target.db)).toEqual(await tableFingerprints(source.db));
    expect(await rows(target.db, sql`SELECT id FROM users WHERE login = 'newcomer'`)).toEqual([]);
  });

  it('queues no webhook deliveries for the audit lines it restores, whatever the order of the tables in the file', async () => {
    await target.transaction((tx) => createEndpoint(tx, systemActor('t'), pii, { name: '营销系统', url: 'https://crm.example.com/hooks', events: ['*'] }));
    await target.transaction((tx) => recordAudit(tx, systemActor('t'), { action: 'test.queued', entityType: 'test', entityId: 'q-1', facts: {} }));
    expect(await count(target, 'webhook_deliveries')).toBe(1);
    const own = path.join(tmp, 'webhooks.clubcrm.gz');
    await backupTo(target, own);
    // the endpoints first: restored audit lines would find an active endpoint subscribed to everything
    const blocks = zlib.gunzipSync(fs.readFileSync(own)).toString('utf8').split('\n').reduce<string[][]>((list, line) => {
      if (line.startsWith('{"table":') || !list.length) list.push([]);
      list[list.length - 1].push(line);
      return list;
    }, []);
    const at = blocks.findIndex((b) => b[0] === '{"table":"webhook_endpoints"}');
    expect(at).toBeGreaterThan(1);
    const reordered = [blocks[0], blocks[at], ...blocks.filter((_, i) => i !== 0 && i !== at)];
    fs.writeFileSync(own, zlib.gzipSync(reordered.flat().join('\n')));
    const before = await tableFingerprints(target.db);
    await restoreFrom(target, own, pii);
    expect(await tableFingerprints(target.db)).toEqual(before);
    expect(await count(target, 'webhook_deliveries')).toBe(1);
    // and changes after the restore are queued again
    await target.transaction((tx) => recordAudit(tx, systemActor('t'), { action: 'test.queued', entityType: 'test', entityId: 'q-2', facts: {} }));
    expect(await count(target, 'webhook_deliveries')).toBe(2);
  });

  it('refuses a damaged backup as a whole: nothing in the target changes', async () => {
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    // a user_roles row pointing at a user that does not exist: the foreign key refuses it
    const i = lines.findIndex((l) => l === '{"table":"user_roles"}');
    lines.splice(i + 1, 0, JSON.stringify({ user_id: 99999, role_id: 1 }));
    const damaged = path.join(tmp, 'damaged.gz');
    fs.writeFileSync(damaged, zlib.gzipSync(lines.join('\n')));
    await target.transaction((tx) => createItem(tx, systemActor('t'), { kind: 'activity_type', code: 'yoga', labelZh: '瑜伽', labelEn: 'Yoga' }));
    const before = await tableFingerprints(target.db);
    await expect(restoreFrom(target, damaged, pii)).rejects.toThrow();
    expect(await tableFingerprints(target.db)).toEqual(before);
  });

  it('refuses a file that is not a backup, and one from another schema version, with a clear message', async () => {
    const notBackup = path.join(tmp, 'not-a-backup.gz');
    fs.writeFileSync(notBackup, zlib.gzipSync('{"hello":"world"}\n'));
    await expect(restoreFrom(target, notBackup, pii)).rejects.toThrow(/is not a ClubCRM backup/);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    lines[0] = JSON.stringify({ ...JSON.parse(lines[0]), migration: 'an-older-schema' });
    const older = path.join(tmp, 'older.gz');
    fs.writeFileSync(older, zlib.gzipSync(lines.join('\n')));
    await expect(restoreFrom(target, older, pii)).rejects.toThrow(/another schema version/);
    await expect(restoreFrom(target, path.join(tmp, 'missing.gz'), pii)).rejects.toThrow(/missing\.gz/);
  });

  it('fails clearly when the backup cannot be written, and leaves no partial file behind', async () => {
    const bad = path.join(tmp, 'no-such-folder', 'x.gz');
    await expect(backupTo(source, bad)).rejects.toThrow(`cannot write the backup to ${bad}`);
    expect(fs.existsSync(path.dirname(bad))).toBe(false);
    // written completely, then the final rename fails (a folder of that name is in the way)
    const blocked = path.join(tmp, 'blocked');
    fs.mkdirSync(path.join(blocked, 'inside'), { recursive: true });
    await expect(backupTo(source, blocked)).rejects.toThrow();
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(fs.readdirSync(blocked)).toEqual(['inside']);
  });
});

// Two databases under two keys, shared by the tests below (opening one takes a while on a busy machine).
describe('backup, restore and the secret key', { timeout: 300_000 }, () => {
  let source: TestDb; // under testSecret
  let target: TestDb; // under otherSecret
  beforeAll(async () => {
    source = await openTestDb();
    target = await openTestDb({ secretKey: otherSecret });
  }, 300_000);
  afterAll(async () => { await source?.destroy(); await target?.destroy(); });
  const withIdNumber = (db: Db, key = pii) =>
    db.transaction((tx) => createCustomer(tx, systemActor('t'), key, { name: '张三', idType: 'resident_id', idNumber: residentId() }));

  it('restores a backup without encrypted values under another key and binds the data to that key', async () => {
    const file = path.join(tmp, 'plain.clubcrm.gz');
    await backupTo(source, file);
    await restoreFrom(target, file, makeCrypto(otherSecret));
    // the restored data now belongs to the other key: an ID number stored under it reads back
    const c = await withIdNumber(target, makeCrypto(otherSecret));
    expect(c.id).toBeGreaterThan(0);
    const again = path.join(tmp, 'plain-again.clubcrm.gz');
    await backupTo(target, again);
    const before = await tableFingerprints(source.db);
    const refused = await restoreFrom(source, again, pii).then(() => null, (e) => e as { code?: string });
    expect(refused).toMatchObject({ code: 'SECRET_KEY_MISMATCH' });
    expect(await tableFingerprints(source.db)).toEqual(before);
  });

  it('refuses to restore data encrypted under another key, changing nothing; under the right key it restores', async () => {
    await withIdNumber(source);
    const file = path.join(tmp, 'encrypted.clubcrm.gz');
    await backupTo(source, file);
    await target.transaction((tx) => createItem(tx, systemActor('t'), { kind: 'activity_type', code: 'chess', labelZh: '象棋', labelEn: 'Chess' }));
    const before = await tableFingerprints(target.db);
    const refused = await restoreFrom(target, file, makeCrypto(otherSecret)).then(() => null, (e) => e as { code?: string; key?: string });
    expect(refused).toMatchObject({ code: 'SECRET_KEY_MISMATCH', key: 'restore.keyMismatch' });
    expect(await tableFingerprints(target.db)).toEqual(before);
    // under the key that wrote the data, the same file restores and the ID number reads back
    await restoreFrom(target, file, pii);
    const [c] = await rows<{ enc: string }>(target.db, sql`SELECT id_number_enc AS enc FROM customers`);
    expect(pii.decrypt(c.enc)).toBe(residentId());
  });
});

// Moving between engines needs PostgreSQL, so this exists only in the `pg` run.
if (engine === 'postgres') {
  describe('backup and restore across engines', { timeout: 300_000 }, () => {
    it('moves a PGlite database to PostgreSQL and back with identical contents', async () => {
      const lite = await openPglite();
      const pgDb = await openTestDb();
      const back = await openPglite();
      try {
        await prepareDatabase(lite, testConfig());
        await fill(lite);
        const toPg = path.join(tmp, 'pglite-to-pg.gz');
        await backupTo(lite, toPg);
        await restoreFrom(pgDb, toPg, pii);
        const expected = await tableFingerprints(lite.db);
        expect(await tableFingerprints(pgDb.db)).toEqual(expected);

        await prepareDatabase(back, testConfig());
        const toLite = path.join(tmp, 'pg-to-pglite.gz');
        await backupTo(pgDb, toLite);
        await restoreFrom(back, toLite, pii);
        expect(await tableFingerprints(back.db)).toEqual(expected);
      } finally {
        await lite.close();
        await back.close();
        await pgDb.destroy();
      }
    });
  });
}

// child processes on a busy machine can take a while: generous time limits, no timing asserted
describe('clubcrm backup and restore (the CLI)', { timeout: 300_000 }, () => {
  // PGlite in a data folder, or a fresh PostgreSQL database, as the engine under test says.
  // Every place has its own data folder: on PostgreSQL it receives the automatic backups of restore.
  async function place(name: string): Promise<{ env: Record<string, string>; dataDir: string; open: () => Promise<Db>; drop: () => Promise<void> }> {
    const dataDir = path.join(tmp, name);
    if (engine === 'postgres') {
      const { url, drop } = await createPgDatabase();
      return { env: { DATABASE_URL: url, CLUBCRM_SECRET_KEY: testSecret, CLUBCRM_DATA_DIR: dataDir }, dataDir, open: () => openPostgres(url, 2), drop };
    }
    return { env: { CLUBCRM_DATA_DIR: dataDir, CLUBCRM_SECRET_KEY: testSecret }, dataDir, open: () => openPglite({ dataDir: path.join(dataDir, 'pglite') }), drop: async () => {} };
  }
  const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as { code: number; stdout: string; stderr: string });
  /** A database with data of its own (prepared, filled), closed again. */
  async function filled(name: string) {
    const p = await place(name);
    const db = await p.open();
    try {
      await prepareDatabase(db, testConfig());
      await fill(db);
    } finally {
      await db.close();
    }
    return p;
  }
  async function fingerprintsOf(p: { open: () => Promise<Db> }) {
    const db = await p.open();
    try {
      return await tableFingerprints(db.db);
    } finally {
      await db.close();
    }
  }

  it('backs up one database and restores it into an empty one with identical contents', async () => {
    const from = await place('cli-source');
    const to = await place('cli-target');
    try {
      const db = await from.open();
      try {
        await prepareDatabase(db, testConfig());
        await fill(db);
      } finally {
        await db.close();
      }
      const file = path.join(tmp, 'cli.clubcrm.gz');
      const b = await cli(from.env, 'backup', file);
      expect(b.stdout).toMatch(/^backup written to .*cli\.clubcrm\.gz: \d+ tables, \d+ rows$/m);
      const r = await cli(to.env, 'restore', file, '--yes');
      expect(r.stdout).toMatch(/^restored \d+ rows into \d+ tables$/m);

      const a = await from.open();
      const c = await to.open();
      try {
        expect(await tableFingerprints(c.db)).toEqual(await tableFingerprints(a.db));
        const [u] = await rows<{ name: string; department: string }>(c.db, sql`SELECT name, department FROM users WHERE login = 'tricky'`);
        expect(u).toEqual({ name: tricky, department: '滨江案场' });
      } finally {
        await a.close();
        await c.close();
      }
    } finally {
      await from.drop();
      await to.drop();
    }
  });

  it('without --yes says what the restore would replace, exits 1 and changes nothing', async () => {
    const from = await filled('confirm-source');
    const to = await filled('confirm-target');
    try {
      const file = path.join(tmp, 'confirm.clubcrm.gz');
      await cli(from.env, 'backup', file);
      const before = await fingerprintsOf(to);
      const err = await failure(cli({ ...to.env, CLUBCRM_LANGUAGE: 'en' }, 'restore', file));
      expect(err?.code).toBe(1);
      expect(err?.stderr).toContain(`would replace every record`);
      expect(err?.stderr).toMatch(/users: 4\b/); // admin + the three of fill()
      expect(err?.stderr).toContain('--yes');
      expect(err?.stderr).toContain(path.join(to.dataDir, 'backups'));
      const zh = await failure(cli(to.env, 'restore', file));
      expect(zh?.code).toBe(1);
      expect(zh?.stderr).toContain('恢复将用备份');
      expect(await fingerprintsOf(to)).toEqual(before);
      expect(fs.existsSync(path.join(to.dataDir, 'backups'))).toBe(false);
    } finally {
      await from.drop();
      await to.drop();
    }
  });

  it('with --yes first writes an automatic backup (mode 0600) of what it replaces, and ends every session', async () => {
    const from = await filled('auto-source');
    const to = await filled('auto-target');
    try {
      const file = path.join(tmp, 'auto.clubcrm.gz');
      await cli(from.env, 'backup', file);
      expect(mode(file)).toBe(0o600);
      // what only the target holds: a user, and a session of theirs
      const db = await to.open();
      try {
        await db.transaction((tx) => createUser(tx, systemActor('t'), { login: 'onlyhere', name: '只在这里', password: 'Only-here-1' }));
        await db.transaction((tx) => signIn(tx, { login: 'onlyhere', password: 'Only-here-1' }, { attempts: 5, minutes: 15, sessionHours: 12 }));
      } finally {
        await db.close();
      }
      const before = await fingerprintsOf(to);
      const r = await cli({ ...to.env, CLUBCRM_LANGUAGE: 'en' }, 'restore', file, '--yes');
      const auto = /backed up to (\S+\.gz)/.exec(r.stdout)?.[1];
      expect(auto, r.stdout).toBeDefined();
      expect(path.dirname(auto!)).toBe(path.join(to.dataDir, 'backups'));
      expect(mode(auto!)).toBe(0o600);
      expect(mode(path.dirname(auto!))).toBe(0o700);

      const after = await to.open();
      try {
        expect(await rows(after.db, sql`SELECT id FROM users WHERE login = 'onlyhere'`)).toEqual([]);
        expect(await count(after, 'sessions')).toBe(0);
      } finally {
        await after.close();
      }
      // the automatic backup brings back what was replaced (less the sessions, which a backup never holds)
      await cli(to.env, 'restore', auto!, '--yes');
      expect(await fingerprintsOf(to)).toEqual(before);
      expect(fs.readdirSync(path.join(to.dataDir, 'backups')).length).toBe(2);
    } finally {
      await from.drop();
      await to.drop();
    }
  });

  it('refuses a backup of data encrypted under another key before replacing anything', async () => {
    const from = await filled('key-source');
    const to = await filled('key-target');
    try {
      const db = await from.open();
      try {
        await db.transaction((tx) => createCustomer(tx, systemActor('t'), pii, { name: '李四', idType: 'resident_id', idNumber: residentId('19880101', 7) }));
      } finally {
        await db.close();
      }
      const file = path.join(tmp, 'key.clubcrm.gz');
      await cli(from.env, 'backup', file);
      const before = await fingerprintsOf(to);
      const err = await failure(cli({ ...to.env, CLUBCRM_SECRET_KEY: otherSecret, CLUBCRM_LANGUAGE: 'en' }, 'restore', file, '--yes'));
      expect(err?.code).toBe(1);
      expect(err?.stderr).toContain('encrypted with another secret key');
      expect(await fingerprintsOf(to)).toEqual(before);
      expect(fs.existsSync(path.join(to.dataDir, 'backups'))).toBe(false);
    } finally {
      await from.drop();
      await to.drop();
    }
  });

  it('fails with a clear message and exit code 1 for a missing backup file', async () => {
    const to = await place('cli-missing');
    try {
      const err = await cli(to.env, 'restore', path.join(tmp, 'nowhere.gz'), '--yes').then(() => null, (e) => e as { code: number; stderr: string });
      expect(err?.code).toBe(1);
      expect(err?.stderr).toContain('nowhere.gz');
      expect(err?.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    } finally {
      await to.drop();
    }
  });
});

// The data folder lock concerns the embedded database only, so this exists only in the `unit` run.
if (engine === 'pglite') {
  describe('restore while a server runs on the same data folder', { timeout: 300_000 }, () => {
    it('is refused with a message naming the server process, and the server keeps its data', async () => {
      const dataDir = path.join(tmp, 'running');
      const env = { CLUBCRM_DATA_DIR: dataDir, CLUBCRM_SECRET_KEY: testSecret };
      const db = await openPglite({ dataDir: path.join(dataDir, 'pglite') });
      try {
        await prepareDatabase(db, testConfig());
        await fill(db);
      } finally {
        await db.close();
      }
      const empty = path.join(tmp, 'running-empty.clubcrm.gz');
      const blank = await openTestDb();
      try {
        await backupTo(blank, empty);
      } finally {
        await blank.destroy();
      }
      const server = await startServer('', env); // no DATABASE_URL: the embedded database in dataDir
      try {
        expect(mode(dataDir)).toBe(0o700);
        const err = await cli({ ...env, CLUBCRM_LANGUAGE: 'en' }, 'restore', empty, '--yes').then(() => null, (e) => e as { code: number; stderr: string });
        expect(err?.code).toBe(1);
        expect(err?.stderr).toContain(`in use by another ClubCRM process (pid ${server.child.pid}`);
        expect(err?.stderr).toContain('clubcrm.js serve');
        const zh = await cli(env, 'user', 'add', 'intruder', '闯入者', '-p', 'Intruder-123').then(() => null, (e) => e as { code: number; stderr: string });
        expect(zh?.code).toBe(1);
        expect(zh?.stderr).toContain(`正被另一个 ClubCRM 进程使用（进程号 ${server.child.pid}`);
        // the server goes on with its data
        const admin = await signInTo(server.url);
        const users = await admin.get(server.url, '/api/v1/users?pageSize=100');
        expect(users.status).toBe(200);
        expect(users.body.items.map((u: { login: string }) => u.login)).toEqual(expect.arrayContaining(['wangxiuying', 'ouyang', 'tricky']));
      } finally {
        await server.kill();
      }
      // stopped, the folder opens with everything in it
      const again = await openPglite({ dataDir: path.join(dataDir, 'pglite') });
      try {
        expect((await rows<{ login: string }>(again.db, sql`SELECT login FROM users ORDER BY login`)).map((u) => u.login)).toEqual(['admin', 'ouyang', 'tricky', 'wangxiuying']);
      } finally {
        await again.close();
      }
    });
  });
}

// PostgreSQL has no data folder lock: servers are known by their connections (application_name), so
// this exists only in the `pg` run.
if (engine === 'postgres') {
  describe('restore while a server is connected to the same PostgreSQL database', { timeout: 300_000 }, () => {
    it('is refused with a message naming the connections, nothing changes, and the server keeps its data', async () => {
      const { url, drop } = await createPgDatabase();
      const dataDir = path.join(tmp, 'pg-running');
      const env = { DATABASE_URL: url, CLUBCRM_SECRET_KEY: testSecret, CLUBCRM_DATA_DIR: dataDir };
      try {
        const db = await openPostgres(url, 2);
        try {
          await prepareDatabase(db, testConfig());
          await fill(db);
        } finally {
          await db.close();
        }
        const empty = path.join(tmp, 'pg-running-empty.clubcrm.gz');
        const blank = await openTestDb();
        try {
          await backupTo(blank, empty);
        } finally {
          await blank.destroy();
        }
        const server = await startServer(url, { CLUBCRM_DATA_DIR: dataDir });
        try {
          const err = await cli({ ...env, CLUBCRM_LANGUAGE: 'en' }, 'restore', empty, '--yes').then(() => null, (e) => e as { code: number; stderr: string });
          expect(err?.code).toBe(1);
          expect(err?.stderr).toMatch(/Cannot restore: ClubCRM servers are connected to this database \(\d+ connections, from [^)]+, the first since \d{4}-/);
          const zh = await cli(env, 'restore', empty, '--yes').then(() => null, (e) => e as { code: number; stderr: string });
          expect(zh?.stderr).toContain('不能恢复：有 ClubCRM 服务器正连接着这个数据库');
          expect(fs.existsSync(path.join(dataDir, 'backups')) ? fs.readdirSync(path.join(dataDir, 'backups')) : []).toEqual([]); // not even the automatic backup
          const admin = await signInTo(server.url);
          const users = await admin.get(server.url, '/api/v1/users?pageSize=100');
          expect(users.body.items.map((u: { login: string }) => u.login)).toEqual(expect.arrayContaining(['wangxiuying', 'ouyang', 'tricky']));
        } finally {
          await server.kill();
        }
        // with the server stopped (its connections gone) the restore goes ahead
        const check = await openPostgres(url, 1);
        try {
          await expect.poll(async () => (await rows<{ n: number }>(check.db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'clubcrm-server'`))[0].n).toBe(0);
        } finally {
          await check.close();
        }
        const done = await cli(env, 'restore', empty, '--yes');
        expect(done.stdout).toMatch(/restored \d+ rows/);
      } finally {
        await drop();
      }
    });
  });
}
