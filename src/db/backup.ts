// Backup and restore that work the same on PGlite and PostgreSQL: a gzip file of JSON lines,
// read inside one snapshot transaction (consistent), written back with
// json_populate_recordset in dependency order, so PostgreSQL itself converts every type.
// A backup holds records, not who is signed in: sessions, idempotency keys and sign-in failures
// stay out, so a restore ends every session and brings back none. The header carries the secret
// key's check value, so data encrypted under another key is refused before anything is replaced.
// Backup files are readable by their owner only (0600): they hold ID numbers (encrypted) and
// password hashes.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { once } from 'node:events';
import { pipeline } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Db, Tx } from './index.ts';
import { rows, serverApplicationName, sql } from './index.ts';
import { AppError } from '../errors.ts';
import type { Crypto } from '../pii.ts';
import { bindRestoredData, hasKeyBoundValues, KEY_CHECK, restoreKeyMismatch } from './key-check.ts';
import { getSetting } from './settings.ts';

const FORMAT = 'clubcrm-backup/1';
const CHUNK = 2000;

interface TableInfo { name: string; pk: string[]; columns: string[] }

/** What a backup file says about itself in its first line. */
export interface BackupHeader {
  format: string;
  migration: string | null;
  engine?: string;
  createdAt?: string;
  /** the check value of the key its data is encrypted with (system_settings) */
  keyCheck?: string | null;
  /** whether it holds values only that key reads (ID numbers, import files) */
  keyBound?: boolean;
}

/**
 * Tables of who is signed in and of requests in flight, not records: never backed up, emptied by
 * a restore. (auth_epoch is left out too, see listTables.)
 */
const VOLATILE = ['sessions', 'idempotency_keys', 'sign_in_failures', 'portal_sessions', 'portal_codes', 'portal_sign_in_failures'];
const volatileList = sql.raw(VOLATILE.map((v) => `'${v}'`).join(', '));

async function latestMigration(tx: Tx): Promise<string | null> {
  const r = await rows<{ hash: string }>(tx, sql`SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at DESC, id DESC LIMIT 1`);
  return r[0]?.hash ?? null;
}

/** Those of the volatile tables this database has. */
async function volatileTables(tx: Tx): Promise<string[]> {
  const r = await rows<{ name: string }>(tx, sql`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename IN (${volatileList}) ORDER BY tablename`);
  return r.map((t) => t.name);
}

/**
 * Application tables, parents before children (foreign keys), with primary key and writable columns.
 * Not auth_epoch: it is no record but the version of everyone's credentials, which a restore must
 * move forward (its triggers do), never back. Not the volatile tables (sessions…).
 */
export async function listTables(tx: Tx): Promise<TableInfo[]> {
  const tables = await rows<{ name: string }>(tx, sql`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'auth_epoch' AND tablename NOT IN (${volatileList})
    ORDER BY tablename`);
  const deps = await rows<{ child: string; parent: string }>(tx, sql`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`);
  const pks = await rows<{ table: string; col: string }>(tx, sql`
    SELECT i.indrelid::regclass::text AS table, a.attname AS col
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
    JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
    WHERE i.indisprimary AND n.nspname = 'public' ORDER BY array_position(i.indkey, a.attnum)`);
  const cols = await rows<{ table: string; col: string }>(tx, sql`
    SELECT table_name AS table, column_name AS col FROM information_schema.columns
    WHERE table_schema = 'public' AND is_generated = 'NEVER' ORDER BY ordinal_position`);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const d of deps.filter((d) => d.child === t)) visit(d.parent);
    ordered.push(t);
  };
  for (const t of tables) visit(t.name);
  return ordered.map((name) => ({
    name,
    pk: pks.filter((p) => p.table === name).map((p) => p.col),
    columns: cols.filter((c) => c.table === name).map((c) => c.col),
  }));
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Writes the backup to `file.partial` (mode 0600) and renames it when complete, so a failed or
 * interrupted backup never leaves a file that looks like a good one.
 */
export async function backupTo(db: Db, file: string): Promise<{ tables: number; rows: number }> {
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true }); // a left-over of a killed run would keep its own mode
  const out = fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  try {
    await once(out, 'open');
  } catch (e) {
    throw new Error(`cannot write the backup to ${file}: ${(e as Error).message}`);
  }
  const gzip = zlib.createGzip();
  gzip.pipe(out);
  const written = finished(out);
  written.catch(() => {}); // awaited below; a write error also surfaces through gzip
  out.on('error', (e) => gzip.destroy(e));
  const write = async (text: string) => {
    if (!gzip.write(text + '\n')) await once(gzip, 'drain');
  };
  let total = 0;
  let tableCount = 0;
  try {
    await db.db.transaction(async (tx) => {
      const tables = await listTables(tx);
      tableCount = tables.length;
      const header: BackupHeader = {
        format: FORMAT, migration: await latestMigration(tx), engine: db.engine, createdAt: new Date().toISOString(),
        keyCheck: await getSetting(tx, KEY_CHECK), keyBound: await hasKeyBoundValues(tx),
      };
      await write(JSON.stringify(header));
      for (const t of tables) {
        await write(JSON.stringify({ table: t.name }));
        const order = (t.pk.length ? t.pk : t.columns).map(ident).join(', ');
        const cursor = `backup_${t.name}`;
        await tx.execute(sql.raw(`DECLARE ${ident(cursor)} NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM ${ident(t.name)} x ORDER BY ${order}`));
        for (;;) {
          const batch = await rows<{ j: string }>(tx, sql.raw(`FETCH ${CHUNK} FROM ${ident(cursor)}`));
          for (const r of batch) await write(r.j);
          total += batch.length;
          if (batch.length < CHUNK) break;
        }
        await tx.execute(sql.raw(`CLOSE ${ident(cursor)}`));
      }
    }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
    gzip.end();
    await written;
    fs.renameSync(partial, file);
  } catch (e) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw e;
  }
  return { tables: tableCount, rows: total };
}

/** The non-empty lines of a backup file; a damaged file ends the loop with a clear error. */
async function* backupLines(file: string): AsyncGenerator<string> {
  // pipeline, not pipe: a read or gunzip error must end the loop, not leave it waiting
  const input = pipeline(fs.createReadStream(file), zlib.createGunzip(), () => {});
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line) yield line;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') throw new Error(`${file} is not a complete ClubCRM backup (${(e as Error).message})`);
    throw e;
  } finally {
    lines.close();
    input.destroy();
  }
}

/** The header of a backup file; a file that is none (or is missing) gives a clear error. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such backup file`);
  for await (const line of backupLines(file)) return parseHeader(file, line);
  throw new Error(`${file} is empty`);
}

function parseHeader(file: string, line: string): BackupHeader {
  let header: BackupHeader | null = null;
  try {
    header = JSON.parse(line);
  } catch { /* below */ }
  if (header?.format !== FORMAT) throw new Error(`${file} is not a ClubCRM backup`);
  return header;
}

/** Where the key in use comes from, for messages (CLUBCRM_SECRET_KEY or the generated key file). */
export interface RestoreOptions { keySource?: string }

/**
 * Whether this database can take the backup: the same schema version, and data encrypted under
 * the key in use (or holding nothing encrypted). Throws a clear error otherwise.
 */
export async function checkRestorable(tx: Tx, file: string, header: BackupHeader, pii: Crypto, opts: RestoreOptions = {}): Promise<void> {
  const mine = await latestMigration(tx);
  if (header.migration !== mine) {
    throw new Error(`${file} was written by another schema version (${header.migration}); this database is at ${mine}. Restore it with the ClubCRM version that wrote it.`);
  }
  if (header.keyBound && header.keyCheck && header.keyCheck !== pii.keyCheck) throw restoreKeyMismatch(file, opts.keySource ?? 'CLUBCRM_SECRET_KEY');
}

/**
 * Refuses a restore of a PostgreSQL database while a ClubCRM server is connected to it: the server
 * would go on with its caches, sessions and jobs over data replaced under it. Servers are known by
 * their connections' application_name (`serverApplicationName`); the embedded database has the
 * data folder lock instead.
 */
export async function assertNoServerConnected(db: Db): Promise<void> {
  if (db.engine !== 'postgres') return;
  const [r] = await rows<{ n: number; clients: string | null; since: string | null }>(db.db, sql`
    SELECT count(*)::int AS n, string_agg(DISTINCT coalesce(host(client_addr), 'local'), ', ') AS clients, to_char(min(backend_start) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' AS since
    FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = ${serverApplicationName} AND pid <> pg_backend_pid()`);
  if (r.n > 0) {
    throw new AppError(409, 'RESTORE_SERVERS_RUNNING', 'restore.serversRunning', { n: r.n, clients: r.clients ?? '?', since: r.since ?? '?' });
  }
}

/**
 * Replaces every table's contents with the backup's, in one transaction: all or nothing. Sessions,
 * idempotency keys and sign-in failures are emptied (an older backup's are skipped). Data
 * encrypted under another key than `pii`'s is refused; data with nothing encrypted is bound to it.
 */
export async function restoreFrom(db: Db, file: string, pii: Crypto, opts: RestoreOptions = {}): Promise<{ tables: number; rows: number }> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such backup file`);
  const notBackup = () => new Error(`${file} is not a ClubCRM backup`);
  let total = 0;
  let tableCount = 0;
  await db.transaction(async (tx) => {
    const tables = await listTables(tx);
    const byName = new Map(tables.map((t) => [t.name, t]));
    const volatile = await volatileTables(tx);
    await tx.execute(sql.raw(`TRUNCATE ${[...tables.map((t) => t.name), ...volatile].map(ident).join(', ')} RESTART IDENTITY CASCADE`));
    // restored audit lines are history, not changes: the webhook trigger (0038_webhooks) must not
    // queue them again for the restored endpoints (the deliveries are restored as they were)
    await tx.execute(sql.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_webhooks'));
    let header: BackupHeader | null = null;
    let current: TableInfo | null = null;
    let skipping = false;
    let pending: string[] = [];
    const flush = async () => {
      if (!current || !pending.length) return;
      const cols = current.columns.map(ident).join(', ');
      await tx.execute(sql`${sql.raw(`INSERT INTO ${ident(current.name)} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM json_populate_recordset(NULL::${ident(current.name)}, `)}${'[' + pending.join(',') + ']'}::json)`);
      total += pending.length;
      pending = [];
    };
    for await (const line of backupLines(file)) {
      if (!header) {
        header = parseHeader(file, line);
        await checkRestorable(tx, file, header, pii, opts);
        continue;
      }
      if (line.startsWith('{"table":')) {
        await flush();
        const name = JSON.parse(line).table as string;
        current = byName.get(name) ?? null;
        skipping = VOLATILE.includes(name);
        if (skipping) continue;
        if (!current) throw new Error(`the backup holds table ${name}, which this database lacks`);
        tableCount++;
        continue;
      }
      if (skipping) continue;
      if (!current) throw notBackup();
      pending.push(line);
      if (pending.length >= CHUNK) await flush();
    }
    await flush();
    if (!header) throw new Error(`${file} is empty`);
    await bindRestoredData(tx, pii, file, opts.keySource ?? 'CLUBCRM_SECRET_KEY');
    await tx.execute(sql.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_webhooks'));
    // Sequences continue after the restored ids.
    const seqs = await rows<{ table: string; col: string; seq: string }>(tx, sql`
      SELECT c.table_name AS table, c.column_name AS col, s.seq
      FROM information_schema.columns c
      -- schema-qualified: the planner may call the function on rows of other schemas (drizzle's own) before the filter
      CROSS JOIN LATERAL (SELECT pg_get_serial_sequence(quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), c.column_name) AS seq) s
      WHERE c.table_schema = 'public' AND s.seq IS NOT NULL`);
    for (const s of seqs) {
      await tx.execute(sql.raw(`SELECT setval('${s.seq.replace(/'/g, "''")}', coalesce((SELECT max(${ident(s.col)}) FROM ${ident(s.table)}), 0) + 1, false)`));
    }
  });
  return { tables: tableCount, rows: total };
}

/** A fingerprint per table (row count and md5 of its rows in key order), to prove a restore exact. */
export async function tableFingerprints(tx: Tx): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await listTables(tx)) {
    const order = (t.pk.length ? t.pk : t.columns).map(ident).join(', ');
    const [r] = await rows<{ n: number; h: string | null }>(tx, sql.raw(
      `SELECT count(*)::int AS n, md5(string_agg(row_to_json(x)::text, E'\\n' ORDER BY ${order})) AS h FROM ${ident(t.name)} x`));
    out[t.name] = `${r.n}:${r.h}`;
  }
  return out;
}
