// The import job: reads the stored file of a queued or interrupted import and writes it in
// chunks, each chunk one transaction that also moves the import's cursor (records read) and
// counters. A process killed at any moment leaves the last committed chunk as the truth: the
// resumed run (this process or another) skips the records before the cursor and goes on, so no
// row is written twice or half. While one chunk is written, the next is already read and checked
// (the checks and the encryption of ID numbers are CPU work in this process; the writes are the
// database's), and on PostgreSQL only one runner works on an import (advisory lock).
import type pg from 'pg';
import { registerJob } from '../../jobs/scheduler.ts';
import type { Db, Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { loadOrCreateSecret, makeCrypto, type Crypto } from '../../pii.ts';
import type { Config } from '../../config.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { activeUserIdByLogin } from '../auth/service.ts';
import { listItems } from '../dictionaries/service.ts';
import { fileRecords, mapHeader, recordFields, type FileRecord, type ImportKind, type RecordReader } from './import-file.ts';
import { checkRow, codeLookup, type CheckedCustomer, type CheckedOwner, type CheckedRow, type RowContext } from './import-rows.ts';
import { countRows, insertIssues, writeCustomerChunk, writeOwnerChunk, type ChunkOutcome } from './import-write.ts';
import type { ImportIssue } from './schema.ts';

export interface ImportRunOptions {
  /** data rows per transaction (default 10 000 on PostgreSQL, 2 000 on PGlite) */
  chunkSize?: number;
  maxRows?: number;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** tests: stop (as a crash would) after writing this many chunks */
  stopAfterChunks?: number;
}

interface ImportState {
  id: number;
  kind: ImportKind;
  format: 'csv' | 'xlsx';
  fileName: string;
  status: string;
  cursor: number;
  rowsDone: number;
  options: { source?: string };
  actorKind: Actor['kind'];
  actorId: number | null;
  actorName: string;
  actorDepartment: string | null;
}

/** The database failed while the stored file was read: not the file's fault, the run is retried later. */
export class StoreReadError extends Error {
  constructor(readonly cause: unknown) {
    super('reading the stored file failed');
  }
}

/** The stored file, chunk after chunk (decrypted), the next one fetched while this one is read. */
export async function* storedFile(db: Db, pii: Crypto, importId: number, counter?: { bytes: number }): AsyncGenerator<Buffer> {
  // PGlite hands bytea over as hex decoded in JavaScript (100 ms per MB); base64 encoded by the database is 8× faster
  const column = db.engine === 'pglite' ? sql`encode(data, 'base64') AS data` : sql`data`;
  const fetch = (seq: number): Promise<Buffer | null> => rows<{ data: Buffer | string }>(db.db, sql`SELECT ${column} FROM customer_import_chunks WHERE import_id = ${importId} AND seq = ${seq}`)
    .then((r) => {
      const d = r[0]?.data;
      return d == null ? null : typeof d === 'string' ? Buffer.from(d, 'base64') : d;
    }, (e) => { throw new StoreReadError(e); });
  let next = fetch(0);
  for (let seq = 0; ; seq++) {
    const data = await next;
    if (!data) return;
    next = fetch(seq + 1);
    next.catch(() => {}); // awaited on the next turn; a reader that stops early must not leave it unhandled
    const plain = pii.openBytes(data);
    if (counter) counter.bytes += plain.length;
    yield plain;
  }
}

/** Why an import stops for good: a message of the catalogue (the file, not the machine, is at fault). */
export class ImportStop extends Error {
  constructor(readonly key: string, readonly params: Record<string, unknown> = {}) {
    super(key);
  }
}

const runningHere = new Set<number>();
const lockName = (id: number) => `customer-import:${id}`;

/**
 * Runs a queued or interrupted import to its end. Returns its status afterwards, or 'busy' when
 * another runner holds it. Database trouble (a lost connection) is thrown and left for the next
 * run; a file that turns out unreadable fails the import with the reason.
 */
export async function runImport(db: Db, pii: Crypto, id: number, opts: ImportRunOptions = {}): Promise<string> {
  let client: pg.PoolClient | null = null;
  if (db.engine === 'postgres') {
    client = await db.pool!.connect();
    const [{ locked }] = (await client.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [lockName(id)])).rows;
    if (!locked) { client.release(); return 'busy'; }
  } else {
    if (runningHere.has(id)) return 'busy';
    runningHere.add(id);
  }
  try {
    return await runLocked(db, pii, id, opts);
  } finally {
    if (client) {
      await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockName(id)]).catch(() => {});
      client.release();
    } else runningHere.delete(id);
  }
}

async function loadState(tx: Tx, id: number): Promise<ImportState | undefined> {
  const [s] = await rows<ImportState>(tx, sql`
    SELECT id, kind, format, file_name AS "fileName", status, cursor, rows_done AS "rowsDone", options, actor_kind AS "actorKind",
           actor_id AS "actorId", actor_name AS "actorName", actor_department AS "actorDepartment"
    FROM customer_imports WHERE id = ${id}`);
  return s;
}

/** The dictionaries a row is checked against, read once per run. */
async function rowContext(tx: Tx, pii: Crypto, s: ImportState): Promise<RowContext & { owners: Map<string, number | null> }> {
  const idTypes = await listItems(tx, { kind: 'id_type', activeOnly: true });
  const sources = await listItems(tx, { kind: 'customer_source', activeOnly: true });
  return {
    kind: s.kind, pii, idTypes: codeLookup(idTypes), idTypeCodes: new Set(idTypes.map((i) => i.code)), sources: codeLookup(sources),
    defaultSource: s.options.source ?? 'file_import', owners: new Map(),
  };
}

interface Prepared {
  /** records read from the file, blank ones included: what the cursor moves by */
  records: number;
  dataRows: number;
  firstRow: number | null;
  lastRow: number | null;
  rows: CheckedRow[];
  issues: ImportIssue[];
  end: boolean;
  bytes: number;
}

const yieldToOthers = () => new Promise<void>((r) => setImmediate(r));

/**
 * The next record of the file. What goes wrong here is the file's fault (bad CSV quoting, a broken
 * XLSX, a key that cannot open it) and ends the import — unless the database failed to hand over
 * the stored bytes, which is retried.
 */
async function nextRecord(reader: RecordReader): Promise<FileRecord | null> {
  const ready = reader.ready();
  if (ready) return ready;
  try {
    return await reader.next();
  } catch (e) {
    if (e instanceof StoreReadError) throw e.cause;
    throw new ImportStop('import.unreadable', { reason: (e instanceof Error ? e.message : String(e)).slice(0, 300) });
  }
}

/**
 * Reads the next `size` data rows and checks them (no transaction, nothing written). Each record
 * is checked as it is read, so the parsed cells die young (cheap to collect) instead of waiting
 * for the whole chunk.
 */
async function prepareChunk(reader: RecordReader, columns: (string | null)[], ctx: RowContext & { owners: Map<string, number | null> },
  tx: Tx, size: number, counter: { bytes: number }): Promise<Prepared> {
  const checked: CheckedRow[] = [];
  const issues: ImportIssue[] = [];
  let records = 0;
  let dataRows = 0;
  let firstRow: number | null = null;
  let lastRow: number | null = null;
  let end = false;
  while (dataRows < size) {
    const n = reader.ready() ?? await nextRecord(reader);
    if (!n) { end = true; break; }
    records++;
    // short slices: the chunk being written meanwhile waits for a turn of the event loop at each round trip
    if (records % 100 === 0) await yieldToOthers();
    const fields = recordFields(columns, n.cells);
    if (!fields) continue;
    dataRows++;
    firstRow ??= n.row;
    lastRow = n.row;
    const login = fields.ownerLogin;
    if (login && !ctx.owners.has(login)) ctx.owners.set(login, await activeUserIdByLogin(tx, login));
    const r = checkRow(ctx, n.row, fields);
    if ('ok' in r) checked.push(r.ok);
    else for (const x of r.issues) issues.push({ row: n.row, field: x.field, key: x.key, params: x.params, level: 'error' });
  }
  return { records, dataRows, firstRow, lastRow, rows: checked, issues, end, bytes: counter.bytes };
}

async function runLocked(db: Db, pii: Crypto, id: number, opts: ImportRunOptions): Promise<string> {
  let s = await loadState(db.db, id);
  if (!s || (s.status !== 'queued' && s.status !== 'running')) return s?.status ?? 'missing';
  if (s.status === 'queued') {
    await rows(db.db, sql`UPDATE customer_imports SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now() WHERE id = ${id} AND status = 'queued'`);
    s = { ...s, status: 'running' };
  }
  const size = opts.chunkSize ?? (db.engine === 'postgres' ? 10_000 : 2_000);
  const maxRows = opts.maxRows ?? Number.MAX_SAFE_INTEGER;
  const counter = { bytes: 0 };
  const reader = fileRecords(storedFile(db, pii, id, counter), s.format);
  let pending: Promise<Prepared> | null = null;
  try {
    const ctx = await rowContext(db.db, pii, s);
    const header = await nextRecord(reader);
    if (!header) throw new ImportStop('import.empty');
    const { columns, missing } = mapHeader(s.kind, header.cells);
    if (missing.length) throw new ImportStop('import.missingColumns', { columns: missing.join(', ') });
    for (let skipped = 0; skipped < s.cursor; skipped++) {
      if (!(await nextRecord(reader))) throw new ImportStop('import.fileChanged');
      if (skipped % 2000 === 1999) await yieldToOthers();
    }
    let cursor = s.cursor;
    let rowsDone = s.rowsDone;
    let written = 0;
    const prepare = () => {
      const p = prepareChunk(reader, columns, ctx, db.db, size, counter);
      p.catch(() => {}); // awaited below; never left unhandled when the write before it fails
      return p;
    };
    pending = prepare();
    for (;;) {
      const chunk: Prepared = await pending!;
      pending = null;
      rowsDone += chunk.dataRows;
      if (rowsDone > maxRows) throw new ImportStop('import.tooManyRows', { max: maxRows });
      // read and check the next chunk while this one is written
      if (!chunk.end) pending = prepare();
      const step = await db.transaction((tx) => writeChunk(tx, s!, cursor, chunk));
      if (step !== 'more') return step;
      cursor += chunk.records;
      if (opts.stopAfterChunks && ++written >= opts.stopAfterChunks) return 'stopped';
      if (db.engine === 'pglite') await yieldToOthers(); // let requests in between chunks
    }
  } catch (e) {
    // the file's fault ends the import; the database's (a lost connection, a crash) is retried by the next run
    if (!(e instanceof ImportStop)) throw e;
    await db.transaction((tx) => failImport(tx, id, { key: e.key, params: e.params }));
    opts.log?.info({ import: id, reason: e.key }, 'customer import failed');
    return 'failed';
  } finally {
    await pending?.catch(() => {});
    await reader.close().catch(() => {});
  }
}

/** One chunk in one transaction: the guard (status and cursor), the rows, the report, the progress. */
async function writeChunk(tx: Tx, s: ImportState, cursor: number, chunk: Prepared): Promise<string> {
  // one round trip (a chunk pays for each, and the next chunk is being checked meanwhile):
  // - the import's row locked: the guard against a second runner and against cancelling mid-chunk;
  // - imports serialised, chunk by chunk: each screens duplicates against the others' committed rows;
  // - duplicate screening made to probe the indexes once per value: with thousands of values and a
  //   large table the planner would otherwise scan the whole table (in parallel) once per chunk,
  //   quadratic over an import; this transaction reads nothing else
  const [cur] = await rows<{ status: string; cursor: number }>(tx, sql`
    SELECT status, cursor, pg_advisory_xact_lock(hashtext('customer-import-writes'))::text AS serialised,
           set_config('enable_seqscan', 'off', true) AS probes, set_config('max_parallel_workers_per_gather', '0', true) AS serial
    FROM customer_imports WHERE id = ${s.id} FOR UPDATE`);
  if (!cur || cur.status !== 'running') return cur?.status ?? 'missing';
  if (cur.cursor !== cursor) return 'busy'; // another runner moved it meanwhile: this one stops, writing nothing
  const actor: Actor = { kind: s.actorKind, id: s.actorId, name: s.actorName, department: s.actorDepartment, permissions: new Set(), dataScope: 'all' };
  const ref = { id: s.id, fileName: s.fileName };
  const out: ChunkOutcome = s.kind === 'owners'
    ? await writeOwnerChunk(tx, actor, ref, chunk.rows as CheckedOwner[])
    : await writeCustomerChunk(tx, actor, ref, chunk.rows as CheckedCustomer[]);
  const issues = [...chunk.issues, ...out.issues].sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
  const errorRows = countRows(issues, 'error');
  const duplicateRows = countRows(issues, 'duplicate');
  // the report lines and the progress, in one statement
  const [after] = await rows<{ rows_done: number; customers_created: number; purchases_created: number; error_rows: number; duplicate_rows: number }>(tx, sql`
    WITH report AS (${insertIssues(s.id, issues)})
    UPDATE customer_imports SET
      cursor = ${cursor + chunk.records}, rows_done = rows_done + ${chunk.dataRows}, bytes_done = ${chunk.bytes},
      imported_rows = imported_rows + ${out.importedRows}, customers_created = customers_created + ${out.customersCreated},
      purchases_created = purchases_created + ${out.purchasesCreated}, error_rows = error_rows + ${errorRows},
      duplicate_rows = duplicate_rows + ${duplicateRows}, issue_count = issue_count + ${issues.length},
      total_rows = CASE WHEN ${chunk.end} THEN rows_done + ${chunk.dataRows} ELSE greatest(total_rows, rows_done + ${chunk.dataRows}) END,
      status = CASE WHEN ${chunk.end} THEN 'done' ELSE status END, finished_at = CASE WHEN ${chunk.end} THEN now() END, updated_at = now()
    WHERE id = ${s.id}
    RETURNING rows_done, customers_created, purchases_created, error_rows, duplicate_rows`);
  if (chunk.dataRows) {
    await recordAudit(tx, actor, {
      action: 'customer.importChunk', entityType: 'customerImport', entityId: s.id,
      facts: {
        firstRow: chunk.firstRow, lastRow: chunk.lastRow, rows: chunk.dataRows, customersCreated: out.customersCreated, purchasesCreated: out.purchasesCreated,
        errorRows, duplicateRows,
      },
    });
  }
  if (!chunk.end) return 'more';
  await rows(tx, sql`DELETE FROM customer_import_chunks WHERE import_id = ${s.id}`);
  await recordAudit(tx, actor, {
    action: 'customer.importDone', entityType: 'customerImport', entityId: s.id,
    facts: { fileName: s.fileName, kind: s.kind, totalRows: after.rows_done, customersCreated: after.customers_created, purchasesCreated: after.purchases_created, errorRows: after.error_rows, duplicateRows: after.duplicate_rows },
  });
  return 'done';
}

/** Ends an import that cannot go on; what it wrote so far stays, the stored file goes. */
export async function failImport(tx: Tx, id: number, error: { key: string; params?: Record<string, unknown> }): Promise<void> {
  const [s] = await rows<{ file_name: string; status: string }>(tx, sql`SELECT file_name, status FROM customer_imports WHERE id = ${id} FOR UPDATE`);
  if (!s || !['uploading', 'queued', 'running'].includes(s.status)) return;
  await rows(tx, sql`UPDATE customer_imports SET status = 'failed', error = ${JSON.stringify(error)}::jsonb, finished_at = now(), updated_at = now() WHERE id = ${id}`);
  await rows(tx, sql`DELETE FROM customer_import_chunks WHERE import_id = ${id}`);
  await recordAudit(tx, { kind: 'system', id: null, name: 'customer import job', department: null, permissions: new Set(), dataScope: 'all' }, {
    action: 'customer.importFailed', entityType: 'customerImport', entityId: id, facts: { fileName: s.file_name, ...error },
  });
}

/** Uploads whose process died before the file was complete: failed after this long without a new piece. */
export const staleUploadMinutes = 10;

/** The job: every import left queued or interrupted (a crash, a restart) runs to its end; dead uploads are closed. */
export async function runOpenImports(db: Db, pii: Crypto, opts: ImportRunOptions = {}): Promise<number> {
  const stale = await rows<{ id: number }>(db.db, sql`
    SELECT id FROM customer_imports WHERE status = 'uploading' AND updated_at < now() - make_interval(mins => ${staleUploadMinutes})`);
  for (const u of stale) await db.transaction((tx) => failImport(tx, u.id, { key: 'import.uploadInterrupted' }));
  const open = await rows<{ id: number }>(db.db, sql`SELECT id FROM customer_imports WHERE status IN ('queued', 'running') ORDER BY id`);
  for (const o of open) {
    try {
      await runImport(db, pii, o.id, opts);
    } catch (err) {
      opts.log?.error({ err, import: o.id }, 'customer import interrupted; it resumes on the next run');
    }
  }
  return open.length;
}

const cryptoBySecret = new Map<string, Crypto>();
/** The PII keys of this installation (the same the HTTP server uses). */
export function importCrypto(config: Config): Crypto {
  const secret = config.secretKey ?? loadOrCreateSecret(config.dataDir);
  let c = cryptoBySecret.get(secret);
  if (!c) cryptoBySecret.set(secret, (c = makeCrypto(secret)));
  return c;
}

export function runOptions(config: Config, log?: ImportRunOptions['log']): ImportRunOptions {
  return { chunkSize: config.importChunk, maxRows: config.importMaxRows, log };
}

registerJob({
  name: 'customer-imports',
  everyMs: 3000,
  run: async ({ db, config, log }) => ({ imports: await runOpenImports(db, importCrypto(config), runOptions(config, log)) }),
});
