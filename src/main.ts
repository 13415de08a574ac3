// read config → open db → migrate → seed → build app → listen
import path from 'node:path';
import type { Config } from './config.ts';
import { migrate, openPglite, openPostgres, type Db } from './db/index.ts';
import { buildApp } from './http/server.ts';
import { makeCrypto, loadOrCreateSecret, type Crypto } from './pii.ts';
import { systemActor } from './modules/auth/actor.ts';
import { ensureAdmin, ensureBuiltInRoles } from './modules/auth/service.ts';
import { seedDictionaries } from './modules/dictionaries/service.ts';
import { ensureCardTypes } from './modules/cards/types.ts';
import { ensurePointsDefaults } from './modules/points/rules.ts';
import { startJobs } from './jobs/scheduler.ts';

export async function openDatabase(config: Config): Promise<Db> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, config.dbPoolSize)
    : openPglite({ dataDir: path.join(config.dataDir, 'pglite') });
}

export function cryptoFor(config: Config): Crypto {
  return makeCrypto(config.secretKey ?? loadOrCreateSecret(config.dataDir));
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

/** Migrations and the rows every installation needs (roles, dictionaries, the first administrator). */
export async function prepareDatabase(db: Db, config: Config): Promise<{ adminPassword?: string }> {
  await migrate(db);
  return seedDatabase(db, config);
}

/** The rows every installation needs; safe to run on every start. */
async function seedDatabase(db: Db, config: Config): Promise<{ adminPassword?: string }> {
  return db.transaction(async (tx) => {
    await ensureBuiltInRoles(tx);
    await seedDictionaries(tx);
    await ensureCardTypes(tx);
    await ensurePointsDefaults(tx, config.timeZone);
    const admin = await ensureAdmin(tx, systemActor('first start'), config.adminPassword);
    return { adminPassword: admin.password };
  });
}

export async function startServer(config: Config, opts: { timings?: boolean } = {}) {
  const started = Date.now();
  // process start → here: Node itself, bin/clubcrm.js (build check) and loading the code
  const imported = performance.getEntriesByName('clubcrm:load')[0]?.startTime;
  const timings: Timings = imported === undefined
    ? { load: Math.round(performance.now()) }
    : { node: Math.round(imported), load: Math.round(performance.now() - imported) };
  const lap = phaseClock(timings);
  const db = await openDatabase(config);
  lap('openDb');
  await migrate(db);
  lap('migrate');
  const { adminPassword } = await seedDatabase(db, config);
  lap('seed');
  const app = await buildApp({ config, db, crypto: cryptoFor(config) });
  lap('buildApp');
  const jobs = config.jobs === 'on' ? await startJobs({ db, config, log: app.log }) : null;
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
    await app.close(); // stops accepting, lets requests in flight finish
    await db.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return { app, db, port };
}
