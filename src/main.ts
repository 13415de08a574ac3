// read config → open db → migrate → seed → build app → listen
import path from 'node:path';
import type { Config } from './config.ts';
import { migrate, openPglite, openPostgres, serverApplicationName, type Db } from './db/index.ts';
import { buildApp } from './http/server.ts';
import { makeCrypto, loadOrCreateSecret, secretKeyFile, type Crypto } from './pii.ts';
import { lockDataDir } from './db/lock.ts';
import { checkSecretKey } from './db/key-check.ts';
import { systemActor } from './modules/auth/actor.ts';
import { ensureAdmin, ensureBuiltInRoles } from './modules/auth/service.ts';
import { seedDictionaries } from './modules/dictionaries/service.ts';
import { fillMissingNameForms } from './modules/customers/name-forms.ts';
import { ensureCardTypes } from './modules/cards/types.ts';
import { ensurePointsDefaults } from './modules/points/rules.ts';
import { startJobs } from './jobs/scheduler.ts';
import { drainable, followPrimary } from './http/lifecycle.ts';
import { openReplica, type Replica } from './db/replica.ts';

/**
 * PostgreSQL, or the embedded database in the data folder, which this process then holds alone
 * (clubcrm.lock, see db/lock.ts) until close(): a second process is refused with a message naming this one.
 */
export async function openDatabase(config: Config, applicationName?: string): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.dbPoolSize, applicationName);
  const lock = lockDataDir(config.dataDir);
  try {
    const db = await openPglite({ dataDir: path.join(config.dataDir, 'pglite') });
    return {
      ...db,
      close: async () => {
        try {
          await db.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** The read replica for heavy reads (DATABASE_REPLICA_URL), on PostgreSQL only: the embedded database ignores it. */
export async function openReplicaOf(config: Config, db: Db): Promise<Replica | undefined> {
  if (!config.databaseReplicaUrl || db.engine !== 'postgres' || !config.databaseUrl) return undefined;
  return openReplica(config.databaseReplicaUrl, config.databaseUrl, {
    maxLagMs: config.replicaMaxLagMs, checkMs: config.replicaCheckMs, poolSize: config.dbPoolSize,
  });
}

export function cryptoFor(config: Config): Crypto {
  return makeCrypto(config.secretKey ?? loadOrCreateSecret(config.dataDir));
}

/** Where the key in use comes from, for messages. */
export function keySourceOf(config: Config): string {
  return config.secretKey ? 'CLUBCRM_SECRET_KEY' : secretKeyFile(config.dataDir);
}

/** Refuses to go on when the key is not the one the data is encrypted with (the first start records it). */
export async function verifySecretKey(db: Db, config: Config, pii: Crypto = cryptoFor(config)): Promise<void> {
  await db.transaction((tx) => checkSecretKey(tx, pii, keySourceOf(config)));
}

/** Milliseconds of each start-up phase, in order (`clubcrm serve --timings` prints them). */
export type Timings = Record<string, number>;

/** A clock for start-up phases: `lap('x')` records the time since the previous lap under x. */
function phaseClock(timings: Timings) {
  let last = performance.now();
  return (phase: string) => {
    const now = performance.now();
    timings[phase] = Math.round(now - last);
    last = now;
  };
}

/**
 * Migrations and the rows every installation needs (roles, dictionaries, the first administrator);
 * then, unless told otherwise, the secret key is checked against the data's.
 */
export async function prepareDatabase(db: Db, config: Config, opts: { checkKey?: boolean } = {}): Promise<{ adminPassword?: string }> {
  await migrate(db);
  if (opts.checkKey !== false) await verifySecretKey(db, config);
  return seedDatabase(db, config);
}

/** The rows every installation needs; safe to run on every start. */
async function seedDatabase(db: Db, config: Config): Promise<{ adminPassword?: string }> {
  // the simplified name and sound keys of rows written before those columns existed (migration 0027)
  for (const table of ['customers', 'applications'] as const) await fillMissingNameForms(db, table);
  return db.transaction(async (tx) => {
    await ensureBuiltInRoles(tx);
    await seedDictionaries(tx);
    await ensureCardTypes(tx);
    await ensurePointsDefaults(tx, config.timeZone);
    const admin = await ensureAdmin(tx, systemActor('first start'), config.adminPassword);
    return { adminPassword: admin.password };
  });
}

/**
 * One server process. A worker of `clubcrm serve --workers N` (opts.worker) finds the migrations and
 * the seed done by the primary before it forked (after an upgrade, the first new worker of a rolling
 * restart applies new ones, under migrate's lock), and runs the jobs only when the primary says so
 * (one worker at a time: src/cli/cluster.ts).
 */
export async function startServer(config: Config, opts: { timings?: boolean; worker?: boolean } = {}) {
  const started = Date.now();
  // process start → here: Node itself, bin/clubcrm.js (build check) and loading the code
  const imported = performance.getEntriesByName('clubcrm:load')[0]?.startTime;
  const timings: Timings = imported === undefined
    ? { load: Math.round(performance.now()) }
    : { node: Math.round(imported), load: Math.round(performance.now() - imported) };
  const lap = phaseClock(timings);
  const db = await openDatabase(config, serverApplicationName);
  lap('openDb');
  await migrate(db);
  lap('migrate');
  const pii = cryptoFor(config);
  await verifySecretKey(db, config, pii);
  const { adminPassword } = await seedDatabase(db, config);
  lap('seed');
  const replica = await openReplicaOf(config, db);
  const app = await buildApp({ config, db, crypto: pii, replica });
  lap('buildApp');
  let jobs = config.jobs === 'on' && !opts.worker ? await startJobs({ db, config, log: app.log }) : null;
  const http = drainable(app.server);
  await app.listen({ port: config.port, host: config.host });
  lap('listen');
  timings.total = Math.round(performance.now());
  const cpu = process.cpuUsage();
  timings.cpu = Math.round((cpu.user + cpu.system) / 1000); // of this process, so far: steadier than wall time on a busy machine
  app.log.debug({ timings }, 'start-up phases (ms)');
  if (opts.timings) process.stderr.write(`start-up (ms): ${Object.entries(timings).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  if (adminPassword) {
    // Printed once, on the console of the first start; never logged as JSON or stored in clear.
    process.stdout.write(
      `\n  ClubCRM administrator created — login: admin   password: ${adminPassword}\n  (shown only this once; change it after signing in)\n\n`,
    );
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  app.log.info({ engine: db.engine, port, startupMs: Date.now() - started }, `ClubCRM ready on http://localhost:${port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await jobs?.stop();
    await http.drain(7000); // stops accepting, lets requests in flight finish, closes connections as they fall idle
    await app.close();
    await replica?.close();
    await db.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  followPrimary({
    startJobs: async () => {
      if (jobs || stopping) return;
      jobs = await startJobs({ db, config, log: app.log });
      app.log.info('background jobs run in this worker');
    },
    stop,
  });
  return { app, db, port };
}
