// The `clubcrm` command: the same code as the server, driven from a terminal.
import cluster from 'node:cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { cryptoFor, keySourceOf, openDatabase, prepareDatabase, startServer } from '../main.ts';
import { systemActor } from '../modules/auth/actor.ts';
import { createUser, resetPassword } from '../modules/auth/service.ts';
import { openPostgres, rows, sql } from '../db/index.ts';
import { assertNoServerConnected, backupTo, checkRestorable, readBackupHeader, restoreFrom, type BackupHeader } from '../db/backup.ts';
import { ensureDataDir } from '../db/lock.ts';
import { t } from '../i18n/index.ts';
import { webDist } from '../http/server.ts';
import { AppError, errorBody } from '../http/errors.ts';
import { registerJobCommands } from './jobs.ts';
import { serveCluster } from './cluster.ts';
import '../modules/listeners.ts'; // hook handlers, before any command runs a business action (demo-data's sales)

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const program = new Command('clubcrm').description('ClubCRM — customer club CRM');

/** Builds the console when web/dist is missing or older than its sources. */
function ensureConsoleBuilt() {
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
  const src = path.join(root, 'web');
  const built = path.join(webDist, 'index.html');
  const stale = !fs.existsSync(built) ||
    Math.max(newest(path.join(src, 'src')), fs.statSync(path.join(src, 'index.html')).mtimeMs) > fs.statSync(built).mtimeMs;
  if (!stale) return;
  console.log('Building the console (web/dist)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', 'web', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('The console build failed (npm run build shows why)');
}

/**
 * Opens the database (on PGlite holding the data folder: refused while another process holds it),
 * migrates and seeds it, and runs fn. Commands that read or write encrypted values say needsKey:
 * they stop when the secret key is not the data's.
 */
async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>, config: ReturnType<typeof loadConfig>) => Promise<T>, opts: { announceAdmin?: boolean; needsKey?: boolean } = {}) {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const { adminPassword } = await prepareDatabase(db, config, { checkKey: !!opts.needsKey });
    if (adminPassword && opts.announceAdmin !== false) console.log(`ClubCRM administrator created — login: admin   password: ${adminPassword} (shown only this once)`);
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

program.command('serve').description('start the server (API, console, jobs)')
  .option('--no-build', 'do not build the console when it is missing or stale')
  .option('--timings', 'print how long each start-up phase took')
  .option('-w, --workers <n>', 'server processes sharing the port (default CLUBCRM_WORKERS, else one per CPU core on PostgreSQL, 1 on the embedded database)')
  .action(async (opts) => {
    const config = loadConfig();
    if (cluster.isWorker) {
      await startServer(config, { timings: opts.timings, worker: true });
      return;
    }
    const workers = opts.workers === undefined
      ? config.workers ?? (config.databaseUrl ? os.availableParallelism() : 1)
      : Number(opts.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new AppError(400, 'BAD_WORKERS', 'serve.badWorkers', { value: String(opts.workers) });
    if (workers > 1 && !config.databaseUrl) throw new AppError(400, 'WORKERS_NEED_POSTGRES', 'serve.workersNeedPostgres', { workers });
    if (opts.build) ensureConsoleBuilt();
    if (workers === 1) await startServer(config, { timings: opts.timings });
    else await serveCluster({ ...config, workers }, workers, ['serve', '--no-build', ...(opts.timings ? ['--timings'] : [])]);
  });

program.command('migrate').description('apply database migrations and seed roles and dictionaries').action(async () => {
  await withDb(async (db) => console.log(`migrated (${db.engine})`), { needsKey: true });
});

const user = program.command('user').description('manage user accounts');
user.command('add <login> <name>').description('create a user')
  .requiredOption('-p, --password <password>', 'initial password')
  .option('-r, --role <codes>', 'comma-separated role codes (admin, service, sales, manager, integration)', 'service')
  .option('-d, --department <department>', 'department')
  .action(async (login: string, name: string, opts) => {
    const roleCodes = String(opts.role).split(',').map((c) => c.trim()).filter(Boolean);
    await withDb(async (db) => {
      const known = (await rows<{ code: string }>(db.db, sql`SELECT code FROM roles ORDER BY id`)).map((r) => r.code);
      const unknown = roleCodes.filter((c) => !known.includes(c));
      if (unknown.length) throw new Error(`unknown role ${unknown.join(', ')}; roles are: ${known.join(', ')}`);
      const u = await db.transaction((tx) => createUser(tx, systemActor('cli'), {
        login, name, password: opts.password, department: opts.department ?? null, roleCodes,
      }));
      console.log(`created user ${u.login} (#${u.id}) with roles ${u.roles.map((r) => r.code).join(', ')}`);
    });
  });
user.command('reset-password <login>').description("set a user's password and unlock the account")
  .requiredOption('-p, --password <password>', 'new password')
  .action(async (login: string, opts) => {
    await withDb(async (db) => {
      const [u] = await rows<{ id: number }>(db.db, sql`SELECT id FROM users WHERE login = ${login.toLowerCase()}`);
      if (!u) throw new Error(`no user with login ${login}`);
      await db.transaction((tx) => resetPassword(tx, systemActor('cli'), u.id, opts.password));
      console.log(`password of ${login} reset; the account is unlocked`);
    });
  });

program.command('demo-data').description('fill a fresh database with a demo club: staff, customers and two years of members, cards, points, activities, care, complaints and merchants')
  .option('-n, --customers <n>', 'number of customers', '200')
  .option('--seed <n>', 'random seed: the same seed gives the same people', '20240601')
  .option('-p, --password <password>', 'password of the demo staff (generated when omitted)')
  .action(async (opts) => {
    const customers = Number(opts.customers);
    const seed = Number(opts.seed);
    if (!Number.isInteger(customers) || customers < 0 || customers > 1_000_000) throw new Error(`--customers must be a whole number from 0 to 1000000, not ${opts.customers}`);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, not ${opts.seed}`);
    const { loadDemoData, describeDemoData } = await import('./demo-data.ts');
    await withDb(async (db, config) => {
      const result = await loadDemoData(db, config, { customers, seed, staffPassword: opts.password });
      console.log(describeDemoData(result));
    }, { needsKey: true });
  });

program.command('verify-ledger').description('check the points ledger: for every account, balance = posted entries = open lots, nothing negative')
  .option('--json', 'print the report as JSON')
  .action(async (opts) => {
    const { verifyLedger } = await import('../modules/points/verify.ts');
    await withDb(async (db) => {
      const r = await verifyLedger(db.db);
      if (opts.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(`${r.ok ? 'ledger OK' : 'LEDGER INCONSISTENT'}: ${r.accounts} accounts, ${r.entries} entries, ${r.lots} lots, ${r.outstanding} points outstanding`);
        for (const p of r.problems) console.log(`  ${p.kind}: member ${p.memberId ?? '-'} ${p.id ? `#${p.id} ` : ''}expected ${p.expected}, found ${p.actual}`);
      }
      if (!r.ok) process.exitCode = 1;
    });
  });

program.command('backup <file>').description('write a consistent dump of every table (gzip JSON lines)').action(async (file: string) => {
  await withDb(async (db) => {
    const s = await backupTo(db, file);
    console.log(`backup written to ${file}: ${s.tables} tables, ${s.rows} rows`);
  });
});
program.command('restore <file>')
  .description("replace the database's contents with a backup's (accounts and passwords included; every session ends); the data it replaces is backed up first into <data folder>/backups")
  .option('-y, --yes', 'go ahead; without it the command only says what it would replace and changes nothing')
  .action(async (file: string, opts: { yes?: boolean }) => {
    const header = await readBackupHeader(file);
    const config = loadConfig();
    if (!opts.yes) throw await restoreConfirmation(config, file, header);
    // the restore replaces the accounts too, so a freshly generated admin password would mean nothing;
    // the key is checked against the backup's data, not against the data it replaces
    await withDb(async (db) => {
      await assertNoServerConnected(db);
      const pii = cryptoFor(config);
      const keySource = keySourceOf(config);
      await checkRestorable(db.db, file, header, pii, { keySource }); // before anything is written
      const saved = automaticBackupFile(config);
      await backupTo(db, saved);
      console.log(t(config.defaultLanguage, 'restore.autoBackup', { file: saved }));
      const s = await restoreFrom(db, file, pii, { keySource });
      console.log(`restored ${s.rows} rows into ${s.tables} tables`);
    }, { announceAdmin: false });
  });

/** <data folder>/backups/before-restore-<time>.clubcrm.gz; the folder is made 0700. */
function automaticBackupFile(config: Config): string {
  const dir = path.join(config.dataDir, 'backups');
  ensureDataDir(dir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(dir, `before-restore-${stamp}.clubcrm.gz`);
}

/**
 * What a restore would replace, as the error a restore without --yes ends with. Reads only: the
 * database is neither migrated nor seeded, and an embedded database not created yet is not created.
 */
async function restoreConfirmation(config: Config, file: string, header: BackupHeader): Promise<AppError> {
  const lang = config.defaultLanguage;
  const pgliteDir = path.join(config.dataDir, 'pglite');
  const target = config.databaseUrl
    ? t(lang, 'restore.target.postgres', { name: describePostgres(config.databaseUrl) })
    : t(lang, 'restore.target.pglite', { dir: pgliteDir });
  const counts: string[] = [];
  if (config.databaseUrl || fs.existsSync(pgliteDir)) {
    const db = config.databaseUrl ? await openPostgres(config.databaseUrl, 1) : await openDatabase(config);
    try {
      const [m] = await rows<{ migrated: boolean }>(db.db, sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS migrated`);
      if (m.migrated) await checkRestorable(db.db, file, header, cryptoFor(config), { keySource: keySourceOf(config) });
      for (const table of ['users', 'customers', 'members', 'points_entries', 'audit_log']) {
        const [exists] = await rows<{ ok: boolean }>(db.db, sql`SELECT to_regclass(${`public.${table}`}) IS NOT NULL AS ok`);
        if (!exists.ok) continue;
        const [c] = await rows<{ n: number }>(db.db, sql.raw(`SELECT count(*)::int AS n FROM "${table}"`));
        counts.push(t(lang, `restore.count.${table}`, { n: c.n }));
      }
    } finally {
      await db.close();
    }
  }
  return new AppError(409, 'RESTORE_NOT_CONFIRMED', 'restore.confirm', {
    file, createdAt: header.createdAt ?? '?', target,
    counts: counts.length ? counts.join(lang === 'en' ? ', ' : '、') : t(lang, 'restore.empty'),
    backups: path.join(config.dataDir, 'backups'),
  });
}

/** host:port/database of a PostgreSQL URL, without user or password. */
function describePostgres(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}


registerJobCommands(program, withDb);

program.parseAsync(process.argv).catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else if (err instanceof AppError) console.error(errorBody(process.env.CLUBCRM_LANGUAGE === 'en' ? 'en' : 'zh-CN', err).error.message);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
