// One Db type over two engines: embedded PGlite (default) and PostgreSQL (DATABASE_URL).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, parse as pgliteParse, protocol as pgliteProtocol, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
// node-postgres and its drizzle driver are loaded by openPostgres: the embedded default never needs them (~70 ms of every start)
import type pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** A database handle or an open transaction: services take this and never know which engine runs. */
export type Tx = PgDatabase<PgQueryResultHKT, Schema>;

export interface Db {
  engine: 'pglite' | 'postgres';
  db: Tx;
  /** Runs fn in one transaction (one business action = one transaction). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The raw client, for backup/restore and benchmarks. */
  pglite?: PGlite;
  pool?: pg.Pool;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<Db> {
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const client = new PGlite({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    extensions: { pg_trgm },
  });
  await client.waitReady;
  await client.exec(`SET TIME ZONE 'UTC'`);
  // remember which PGlite a transaction's client belongs to, so rowsPrepared can reach the engine inside a transaction
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: (t: object) => Promise<unknown>) => transaction((t) => {
    pgliteOfTransaction.set(t, client);
    return fn(t);
  })) as typeof client.transaction;
  const db = drizzlePglite(client, { schema }) as unknown as Tx;
  return {
    engine: 'pglite',
    db,
    pglite: client,
    // A transaction starts on the next turn of the event loop: PGlite runs each statement on this
    // thread, so a transaction begun at once would run to its end before the server reads the
    // requests already waiting on its sockets; one turn later, writes coalesced behind this one
    // (src/db/coalesce.ts: credential look-ups, earnings.ts) find those requests queued and go
    // together in the next transaction instead of one transaction each.
    transaction: (fn) => new Promise<void>((resolve) => setImmediate(resolve)).then(() => db.transaction(fn)),
    close: () => client.close(),
  };
}

/**
 * The application_name of a serving process's connections (HTTP workers and their jobs): a restore
 * looks for these in pg_stat_activity and refuses while any is connected (src/db/backup.ts).
 */
export const serverApplicationName = 'clubcrm-server';

export async function openPostgres(url: string, poolSize = 10, applicationName = 'clubcrm'): Promise<Db> {
  const [{ default: pg }, { drizzle: drizzlePg }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  // node-postgres: keep timestamptz as Date, bigint (int8) as number — points and fen fit in 2^53.
  pg.types.setTypeParser(20, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c TimeZone=UTC', application_name: applicationName });
  // An idle connection the server ends (restart, failover, pg_terminate_backend) must not crash
  // the process: the pool drops it and the next query opens a new one.
  pool.on('error', (err) => console.error(`PostgreSQL connection lost (the pool will reconnect): ${err.message}`));
  // Surface a clear message for the pg_trgm pitfall: a C ctype ignores Chinese characters.
  const { rows } = await pool.query(`SELECT current_setting('lc_ctype') AS ctype, current_database() AS db`);
  const ctype: string = rows[0].ctype;
  if (!/utf-?8/i.test(ctype)) {
    await pool.end();
    throw new Error(
      `ClubCRM cannot start: database "${rows[0].db}" has LC_CTYPE=${ctype}; Chinese name matching needs a UTF-8 ctype. ` +
        `Create it with: CREATE DATABASE ${rows[0].db} TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8';`,
    );
  }
  const db = drizzlePg(pool, { schema }) as unknown as Tx;
  return {
    engine: 'postgres',
    db,
    pool,
    transaction: (fn) => db.transaction(fn),
    close: () => pool.end(),
  };
}

/** When the newest committed migration was generated: drizzle applies those newer than the database's newest. */
function newestMigration(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((e) => e.when));
}

/** Whether every committed migration is applied — one query, so a restart skips reading and hashing every migration file. */
async function migrationsApplied(d: Db): Promise<boolean> {
  try {
    const [r] = await rows<{ newest: number | string | null }>(d.db, sql`SELECT max(created_at) AS newest FROM drizzle.__drizzle_migrations`);
    return r?.newest != null && Number(r.newest) >= newestMigration();
  } catch {
    return false; // a new database: no migrations table yet
  }
}

/** Applies committed migrations. On PostgreSQL an advisory lock lets several processes start at once. */
export async function migrate(d: Db): Promise<void> {
  if (await migrationsApplied(d)) return;
  if (d.engine === 'pglite') {
    await migratePglite(d.db as never, { migrationsFolder });
    return;
  }
  const client = await d.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock(775533)');
    const { migrate: migratePg } = await import('drizzle-orm/node-postgres/migrator');
    await migratePg(d.db as never, { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock(775533)').catch(() => {});
    client.release();
  }
}

const dialect = new PgDialect();

/** PGlite behind each open transaction's client (set by openPglite): drizzle's transaction session holds only the transaction object. */
const pgliteOfTransaction = new WeakMap<object, PGlite>();
/** Statements kept prepared in each PGlite (its one session): name → text and parameter types. */
const preparedInPglite = new WeakMap<PGlite, Map<string, { text: string; paramTypes: number[] }>>();
/** The value parsers drizzle's PGlite driver uses for tx.execute (rows()): dates and intervals stay text, as rows() returns them. */
const pgliteRawParsers = {
  rowMode: 'object' as const,
  parsers: Object.fromEntries([pgliteTypes.TIMESTAMP, pgliteTypes.TIMESTAMPTZ, pgliteTypes.INTERVAL, pgliteTypes.DATE, 1231, 1115, 1185, 1187, 1182]
    .map((t) => [t, (v: string) => v])),
};

function concatMessages(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * rowsPrepared on PGlite: the statement is parsed once per PGlite under `name` (Parse + Describe),
 * then each call is one trip into the engine — Bind, Describe, Execute, Sync in one message — where
 * PGlite's query() makes six (Parse, Describe, Bind, Describe, Execute, Sync) and parses and plans
 * the text every time (most of a hot statement's cost: see bench/README.md, "PGlite postings").
 * Same parameter serializers and row parsers as rows() through drizzle, so the rows are the same.
 */
async function pgliteRowsPrepared<T>(client: PGlite, inTransaction: boolean, name: string, query: SQL): Promise<T[]> {
  const q = dialect.sqlToQuery(query);
  const { serialize } = pgliteProtocol;
  return client.runExclusive(async () => {
    let statements = preparedInPglite.get(client);
    if (!statements) preparedInPglite.set(client, (statements = new Map()));
    let st = statements.get(name);
    if (!st || st.text !== q.sql) {
      const close = st ? [serialize.close({ type: 'S', name })] : [];
      statements.delete(name);
      const { messages } = await client.execProtocol(
        concatMessages([...close, serialize.parse({ name, text: q.sql }), serialize.describe({ type: 'S', name }), serialize.sync()]), { syncToFs: false });
      st = { text: q.sql, paramTypes: pgliteParse.parseDescribeStatementResults(messages) };
      statements.set(name, st);
    }
    const paramTypes = st.paramTypes;
    const values = q.params.map((v, i) => {
      if (v == null) return null;
      const serializer = client.serializers[paramTypes[i]];
      return serializer ? serializer(v) : (v as { toString(): string }).toString();
    });
    const { messages } = await client.execProtocol(concatMessages([
      serialize.bind({ statement: name, values: values as string[] }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync(),
    ]), { syncToFs: false });
    if (!inTransaction) await client.syncToFs();
    return (pgliteParse.parseResults(messages, client.parsers, pgliteRawParsers)[0]?.rows ?? []) as T[];
  });
}

/**
 * Rows of a hand-written query of a hot path whose text never changes (values as parameters),
 * kept prepared on each PostgreSQL connection under `name`: parsed and planned once per
 * connection instead of at every call (for a large statement that is most of its cost). On PGlite
 * the same, once per PGlite (pgliteRowsPrepared); if the driver's client cannot be reached, it runs as rows() does.
 */
export async function rowsPrepared<T = Record<string, unknown>>(tx: Tx, name: string, query: SQL): Promise<T[]> {
  // drizzle's node-postgres session holds the pool, or the transaction's connection
  // (a node-postgres Client has connectionParameters, a Pool totalCount; PGlite and its transactions neither)
  const client = (tx as unknown as { session?: { client?: object } }).session?.client;
  if (client instanceof PGlite) return pgliteRowsPrepared<T>(client, false, name, query);
  const inPglite = client && pgliteOfTransaction.get(client);
  if (inPglite) return pgliteRowsPrepared<T>(inPglite, true, name, query);
  if (!client || !('connectionParameters' in client || 'totalCount' in client)) return rows<T>(tx, query);
  const q = dialect.sqlToQuery(query);
  const res = await (client as unknown as pg.ClientBase).query({ name, text: q.sql, values: q.params as unknown[] });
  return res.rows as T[];
}

/** Rows of a hand-written query, the same shape on both engines. */
export async function rows<T = Record<string, unknown>>(tx: Tx, query: SQL): Promise<T[]> {
  const res = (await tx.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export { sql };
