// The `clubcrm` command run as a user runs it: a child process on a temporary data folder
// (PGlite) or, in the `pg` run, on a fresh PostgreSQL database.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, rows, sql, type Db } from '../src/db/index.ts';
import { signIn } from '../src/modules/auth/service.ts';
import { createPgDatabase, engine, testSecret } from './helpers/db.ts';
import { startServer } from './helpers/server.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-cli-'));

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

interface Outcome { code: number; stdout: string; stderr: string }
async function clubcrm(...args: string[]): Promise<Outcome> {
  return clubcrmWith({}, ...args);
}
/** The command with more environment; `serve` still running after 4 minutes is ended (a server that should have refused to start). */
async function clubcrmWith(extra: Record<string, string>, ...args: string[]): Promise<Outcome> {
  try {
    const r = await run(process.execPath, [path.join(root, 'bin/clubcrm.js'), ...args], {
      cwd: tmp,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CLUBCRM_ADMIN_PASSWORD: 'Admin-pass-123', LOG_LEVEL: 'silent', CLUBCRM_JOBS: 'off', ...env, ...extra },
      timeout: args[0] === 'serve' ? 240_000 : 0,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Opens the database between CLI runs (PGlite allows one process at a time) and closes it again. */
async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const policy = { attempts: 5, minutes: 15, sessionHours: 12 };
const canSignIn = async (db: Db, login: string, password: string) => (await db.transaction((tx) => signIn(tx, { login, password }, policy))).ok;
const userCount = async (db: Db) => (await rows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM users`))[0].n;

// child processes on a busy machine can take a while: generous time limits, no timing asserted
describe('clubcrm user add', { timeout: 300_000 }, () => {
  it('creates a user with roles and department who can then sign in', async () => {
    const r = await clubcrm('user', 'add', 'liuyang', '刘洋', '--password', 'Liu-yang-01', '--role', 'sales,manager', '--department', '西溪案场');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^created user liuyang \(#\d+\) with roles (sales, manager|manager, sales)$/m);
    await withDb(async (db) => {
      const [u] = await rows<{ name: string; department: string; roles: string[] }>(db.db, sql`
        SELECT u.name, u.department, array_agg(r.code ORDER BY r.code) AS roles
        FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE u.login = 'liuyang' GROUP BY u.id`);
      expect(u).toEqual({ name: '刘洋', department: '西溪案场', roles: ['manager', 'sales'] });
      expect(await canSignIn(db, 'liuyang', 'Liu-yang-01')).toBe(true);
    });
  });

  it('refuses a weak password, a login in use and an unknown role with a clear message and exit code 1, creating nobody', async () => {
    const before = await withDb(userCount);
    const weak = await clubcrm('user', 'add', 'weakling', '弱密码', '-p', 'short');
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim()).toBe('请求有误：密码（password）：至少需要 10 个字符');
    const common = await clubcrm('user', 'add', 'commoner', '常见密码', '-p', 'Qwerty12345');
    expect(common.code).toBe(1);
    expect(common.stderr.trim()).toMatch(/^请求有误：密码（password）：是常见密码或太容易被猜到/);
    const taken = await clubcrm('user', 'add', 'LiuYang', '另一个刘洋', '-p', 'Other-pass-2');
    expect(taken.code).toBe(1);
    expect(taken.stderr.trim()).toBe('登录名已被使用：liuyang');
    const role = await clubcrm('user', 'add', 'norole', '无角色', '-p', 'No-role-333', '-r', 'superuser');
    expect(role.code).toBe(1);
    expect(role.stderr.trim()).toBe('unknown role superuser; roles are: admin, service, sales, manager, integration');
    expect(await withDb(userCount)).toBe(before);
  });
});

describe('clubcrm user reset-password', { timeout: 300_000 }, () => {
  it('sets a new password and unlocks the account; the old password stops working', async () => {
    await withDb((db) => db.db.execute(sql`UPDATE users SET failed_attempts = 5, locked_until = now() + interval '15 minutes' WHERE login = 'liuyang'`));
    const r = await clubcrm('user', 'reset-password', 'LIUYANG', '-p', 'Fresh-pass-42');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('password of LIUYANG reset; the account is unlocked');
    await withDb(async (db) => {
      const [u] = await rows<{ failed_attempts: number; locked_until: Date | null }>(db.db, sql`SELECT failed_attempts, locked_until FROM users WHERE login = 'liuyang'`);
      expect(u).toEqual({ failed_attempts: 0, locked_until: null });
      const audit = await rows<{ actor_name: string }>(db.db, sql`SELECT actor_name FROM audit_log WHERE action = 'user.resetPassword'`);
      expect(audit).toEqual([{ actor_name: 'cli' }]);
      expect(await canSignIn(db, 'liuyang', 'Liu-yang-01')).toBe(false);
      expect(await canSignIn(db, 'liuyang', 'Fresh-pass-42')).toBe(true);
    });
  });

  it('refuses an unknown login and a weak password with exit code 1', async () => {
    const unknown = await clubcrm('user', 'reset-password', 'nobody', '-p', 'Fresh-pass-42');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('no user with login nobody');
    const weak = await clubcrm('user', 'reset-password', 'liuyang', '-p', '12345678');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('至少需要 10 个字符');
    const common = await clubcrm('user', 'reset-password', 'liuyang', '-p', 'liuyang2024');
    expect(common.code).toBe(1);
    expect(common.stderr).toContain('是常见密码或太容易被猜到');
    expect(await withDb((db) => canSignIn(db, 'liuyang', 'Fresh-pass-42'))).toBe(true);
  });
});

describe('clubcrm demo-data', { timeout: 300_000 }, () => {
  it('creates the demo staff of 客服中心, 滨江案场 and 西溪案场, who can sign in with the printed password', async () => {
    const r = await clubcrm('demo-data', '--customers', '25');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Demo staff');
    expect(r.stdout).toMatch(/wangli\s+王丽 {2}客服中心 {2}service/);
    expect(r.stdout).toContain('Demo customers: 25 generated');
    const password = /Password of the new demo staff: (\S+)/.exec(r.stdout)?.[1];
    expect(password).toBeDefined();
    await withDb(async (db) => {
      const departments = await rows<{ department: string; n: number }>(db.db, sql`
        SELECT department, count(*)::int AS n FROM users WHERE department IN ('客服中心', '滨江案场', '西溪案场') AND login <> 'liuyang' GROUP BY department ORDER BY department`);
      expect(departments).toEqual([{ department: '客服中心', n: 4 }, { department: '滨江案场', n: 3 }, { department: '西溪案场', n: 3 }]);
      expect(await canSignIn(db, 'huanglei', password!)).toBe(true);
    });
  });

  it('refuses a bad customer count', async () => {
    const r = await clubcrm('demo-data', '--customers', 'many');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('--customers must be a whole number from 0 to 1000000, not many');
  });
});

describe('the secret key', { timeout: 300_000 }, () => {
  // the demo customers above hold ID numbers, encrypted under the key of `env` (on PGlite the one generated into the data folder)
  const wrongKey = { CLUBCRM_SECRET_KEY: 'b'.repeat(64), PORT: '0', HOST: '127.0.0.1' };

  it('the server refuses to start under another key, saying why; nothing is served', async () => {
    const r = await clubcrmWith({ ...wrongKey, CLUBCRM_LANGUAGE: 'en' }, 'serve', '--no-build');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Wrong secret key: this database was set up with another key');
    expect(r.stderr).toMatch(/\d+ values encrypted under it/);
    expect(r.stdout).not.toContain('ready');
    const zh = await clubcrmWith(wrongKey, 'serve', '--no-build');
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('密钥不符');
  });

  it('so do the commands that use the key; the right key still works', async () => {
    const demo = await clubcrmWith({ ...wrongKey, CLUBCRM_LANGUAGE: 'en' }, 'demo-data', '--customers', '3');
    expect(demo.code).toBe(1);
    expect(demo.stderr).toContain('Wrong secret key');
    const migrate = await clubcrmWith({ ...wrongKey, CLUBCRM_LANGUAGE: 'en' }, 'migrate');
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain('Wrong secret key');
    const right = await clubcrm('migrate');
    expect(right.stderr).toBe('');
    expect(right.code).toBe(0);
  });
});

// The data folder lock concerns the embedded database only, so this exists only in the `unit` run.
if (engine === 'pglite') {
  describe('the data folder is held by one process at a time', { timeout: 300_000 }, () => {
    const dataDir = path.join(tmp, 'held');
    const heldEnv = { CLUBCRM_DATA_DIR: dataDir, CLUBCRM_SECRET_KEY: testSecret };

    it('a command run while the server holds the folder is refused, naming the server; the server goes on', async () => {
      const server = await startServer('', heldEnv); // no DATABASE_URL: the embedded database in dataDir
      try {
        expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
        const r = await clubcrmWith({ ...heldEnv, CLUBCRM_LANGUAGE: 'en' }, 'user', 'add', 'intruder', '闯入者', '-p', 'Intruder-1234');
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`in use by another ClubCRM process (pid ${server.child.pid}, command: `);
        expect(r.stderr).toContain('clubcrm.js serve');
        const second = await clubcrmWith({ ...heldEnv, PORT: '0', HOST: '127.0.0.1' }, 'serve', '--no-build');
        expect(second.code).toBe(1);
        expect(second.stderr).toContain(`正被另一个 ClubCRM 进程使用（进程号 ${server.child.pid}`);
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      } finally {
        await server.kill();
      }
      const opened = await openPglite({ dataDir: path.join(dataDir, 'pglite') });
      try {
        expect(await rows(opened.db, sql`SELECT id FROM users WHERE login = 'intruder'`)).toEqual([]);
      } finally {
        await opened.close();
      }
    });

    it('a lock left by a killed server does not block the next command', async () => {
      const server = await startServer('', heldEnv);
      await server.kill('SIGKILL');
      const r = await clubcrmWith(heldEnv, 'user', 'add', 'afterkill', '重启后', '-p', 'After-kill-123');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(fs.readdirSync(dataDir)).not.toContain('clubcrm.lock'); // released when the command ended
    });
  });
}
