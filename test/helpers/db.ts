// A fresh database per test file: PGlite by default, PostgreSQL when TEST_ENGINE=postgres
// (a new UTF-8 database under TEST_DATABASE_URL, dropped afterwards).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, it } from 'vitest';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { openPglite, openPostgres, type Db } from '../../src/db/index.ts';
import { prepareDatabase } from '../../src/main.ts';

export const engine = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
export const testSecret = 'a'.repeat(64);
export const adminPassword = 'Admin-pass-123';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({}, { adminPassword, secretKey: testSecret, logLevel: 'silent', jobs: 'off', ...overrides });
}

function adminUrl() {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** Creates an empty UTF-8 PostgreSQL database and returns its URL and a dropper. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `clubcrm_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestDb extends Db {
  config: Config;
  /** closes and, on PostgreSQL, drops the database */
  destroy(): Promise<void>;
}

/** An empty, migrated and seeded database (roles, dictionaries, admin). */
export async function openTestDb(overrides: Partial<Config> = {}): Promise<TestDb> {
  const config = testConfig(overrides);
  if (engine === 'postgres') {
    const { url, drop } = await createPgDatabase();
    const db = await openPostgres(url, config.dbPoolSize); // the default pool, as users run it
    await prepareDatabase(db, config);
    return { ...db, config: { ...config, databaseUrl: url }, destroy: async () => { await db.close(); await drop(); } };
  }
  const template = process.env.PGLITE_TEMPLATE && !Object.keys(overrides).length ? process.env.PGLITE_TEMPLATE : null;
  const db = await openPglite(template && fs.existsSync(template) ? { loadDataDir: new Blob([fs.readFileSync(template)]) } : {});
  await prepareDatabase(db, config);
  if (template && !fs.existsSync(template)) await keepTemplate(db, template);
  return { ...db, config, destroy: () => db.close() };
}

/**
 * PGLITE_TEMPLATE (a file, set by vitest.stryker.config.ts for mutation testing, which runs the same
 * test files hundreds of times): the migrated and seeded database is kept there once and loaded
 * from it afterwards, which skips PGlite's initdb and the migrations.
 */
async function keepTemplate(db: Db, file: string) {
  const dump = await db.pglite!.dumpDataDir('gzip');
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
}

/** Opens an empty (migrated, not seeded) database of the same engine, e.g. to restore into. */
export async function openEmptyDb(): Promise<TestDb> {
  return openTestDb();
}

/**
 * Race tests need real concurrency, which PGlite (one query at a time) cannot show: they are
 * registered only in the PostgreSQL run, so the PGlite run neither runs nor lists them as skipped.
 */
export const describeOnPostgres = ((...args: Parameters<typeof describe>) => {
  if (engine === 'postgres') describe(...args);
}) as typeof describe;
export const itOnPostgres = ((...args: Parameters<typeof it>) => {
  if (engine === 'postgres') it(...args);
}) as typeof it;
