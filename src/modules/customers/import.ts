// Import of customers, or of old-project owners (老项目业主) from a property-management file, as a
// job (SPEC §11 "import from CSV/XLSX with a per-row error report"). The upload streams into the
// database in sealed pieces (any process can resume the job; nothing is held in memory), its
// header is checked, then the import is queued and import-job.ts writes it chunk by chunk. The
// per-row report (row, field, issue) is kept in customer_import_issues and served as a page or a
// CSV in the reader's language.
import crypto from 'node:crypto';
import { and, desc, eq, sql as dsql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { AppError, localParams, notFound, refused } from '../../http/errors.ts';
import { fieldLabel, t, type Lang } from '../../i18n/index.ts';
import type { Crypto } from '../../pii.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { assertActiveValue } from '../dictionaries/service.ts';
import { csvLineCounter, fileRecords, mapHeader, recordFields, type ImportKind } from './import-file.ts';
import { StoreReadError, storedFile } from './import-job.ts';
import { customerImportIssues, customerImports, type ImportIssue, type ImportStatus } from './schema.ts';
import './messages.ts';

export type ImportRow = typeof customerImports.$inferSelect;
export const importStatuses = ['uploading', 'queued', 'running', 'done', 'failed', 'cancelled'] as const satisfies readonly ImportStatus[];
const openStatuses = ['uploading', 'queued', 'running'];

export interface UploadMeta {
  kind: ImportKind;
  fileName: string;
  format: 'csv' | 'xlsx';
  /** customer_source of rows that name none (customers) */
  source?: string;
}

const fileIssue = (key: string, params: Record<string, unknown> = {}) =>
  new AppError(400, 'VALIDATION_FAILED', 'validation.failed', {}, [{ field: 'file', key, params }]);

/** The import record an upload streams into (status uploading: no job touches it yet). */
export async function beginUpload(tx: Tx, actor: Actor, meta: UploadMeta): Promise<number> {
  if (meta.source !== undefined) await assertActiveValue(tx, 'customer_source', meta.source, 'source');
  const [imp] = await tx.insert(customerImports).values({
    kind: meta.kind, fileName: meta.fileName, format: meta.format, status: 'uploading', options: meta.source ? { source: meta.source } : {},
    actorKind: actor.kind, actorId: actor.id, actorName: actor.name, actorDepartment: actor.department,
  }).returning({ id: customerImports.id });
  return imp.id;
}

export interface StoredUpload { size: number; sha256: string; estimatedRows: number | null }

const pieceBytes = 1024 * 1024;

/**
 * Bytes as a query parameter: node-postgres sends a Buffer as binary; PGlite's bytea parameters go
 * through hex text in JavaScript (280 ms per MB measured), base64 decoded by the database is 3× faster.
 */
const bytesParam = (db: Db, b: Buffer) => (db.engine === 'pglite' ? sql`decode(${b.toString('base64')}, 'base64')` : sql`${b}`);

/**
 * Streams the request body into customer_import_chunks, 1 MB per row, each piece sealed with the
 * PII key (the file holds ID numbers in clear). Backpressure: the next bytes are read only once the
 * piece before is stored. Refuses, as soon as it shows, a file over the size or (CSV) row limit.
 */
export async function storeUpload(db: Db, pii: Crypto, id: number, body: AsyncIterable<Buffer>, limits: { maxBytes: number; maxRows: number; csv: boolean }): Promise<StoredUpload> {
  const digest = crypto.createHash('sha256');
  const lines = limits.csv ? csvLineCounter() : null;
  let size = 0;
  let seq = 0;
  let parts: Buffer[] = [];
  let partBytes = 0;
  const flush = async () => {
    if (!partBytes) return;
    const piece = pii.sealBytes(parts.length === 1 ? parts[0] : Buffer.concat(parts));
    parts = [];
    partBytes = 0;
    await db.db.execute(sql`
      WITH p AS (INSERT INTO customer_import_chunks (import_id, seq, data) VALUES (${id}, ${seq++}, ${bytesParam(db, piece)}) RETURNING seq)
      UPDATE customer_imports SET file_size = ${size}, updated_at = now() WHERE id = ${id} AND EXISTS (SELECT 1 FROM p)`);
  };
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limits.maxBytes) throw fileIssue('import.tooLarge', { mb: Math.floor(limits.maxBytes / 1024 / 1024) });
    digest.update(chunk);
    if (lines) {
      lines.feed(chunk);
      if (lines.lines - 1 > limits.maxRows) throw fileIssue('import.tooManyRows', { max: limits.maxRows });
    }
    parts.push(chunk);
    partBytes += chunk.length;
    if (partBytes >= pieceBytes) await flush();
  }
  await flush();
  if (!size) throw fileIssue('import.empty');
  return { size, sha256: digest.digest('hex'), estimatedRows: lines ? Math.max(0, lines.lines - 1) : null };
}

/**
 * Reads the stored file up to its first data row: an unreadable file, missing columns or no data
 * rows are refused now (400, naming the file), before anything is queued.
 */
export async function checkStoredFile(db: Db, pii: Crypto, id: number, meta: UploadMeta): Promise<void> {
  const reader = fileRecords(storedFile(db, pii, id), meta.format);
  try {
    const header = await reader.next();
    if (!header) throw fileIssue('import.empty');
    const { columns, missing } = mapHeader(meta.kind, header.cells);
    if (missing.length) throw fileIssue('import.missingColumns', { columns: missing.join(', ') });
    for (;;) {
      const r = await reader.next();
      if (!r) throw fileIssue('import.empty');
      if (recordFields(columns, r.cells)) return;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof StoreReadError) throw e.cause;
    throw fileIssue('import.unreadable', { reason: e instanceof Error ? e.message.slice(0, 300) : String(e) });
  } finally {
    await reader.close().catch(() => {});
  }
}

/** The upload is complete and checked: the import is queued for the job, and audited. */
export async function queueImport(tx: Tx, actor: Actor, id: number, file: StoredUpload): Promise<ImportRow> {
  const [imp] = await tx.update(customerImports)
    .set({ status: 'queued', fileSize: file.size, sha256: file.sha256, totalRows: file.estimatedRows ?? 0, updatedAt: new Date() })
    .where(and(eq(customerImports.id, id), eq(customerImports.status, 'uploading'))).returning();
  if (!imp) throw notFound('customerImport', id);
  await recordAudit(tx, actor, {
    action: 'customer.importFile', entityType: 'customerImport', entityId: id,
    facts: { kind: imp.kind, fileName: imp.fileName, format: imp.format, size: file.size, sha256: file.sha256, estimatedRows: file.estimatedRows },
  });
  return imp;
}

/** An upload refused or replaced by a replay: its record and stored pieces go. */
export async function discardUpload(db: Db, id: number): Promise<void> {
  await rows(db.db, sql`DELETE FROM customer_imports WHERE id = ${id} AND status = 'uploading'`);
}

export async function getImport(tx: Tx, id: number): Promise<ImportRow> {
  const [imp] = await tx.select().from(customerImports).where(eq(customerImports.id, id));
  if (!imp) throw notFound('customerImport', id);
  return imp;
}

/** Stops an import: rows already written stay (each chunk is whole); the stored file goes. */
export async function cancelImport(tx: Tx, actor: Actor, id: number): Promise<ImportRow> {
  const [imp] = await tx.select().from(customerImports).where(eq(customerImports.id, id)).for('update');
  if (!imp) throw notFound('customerImport', id);
  if (!openStatuses.includes(imp.status)) throw refused('IMPORT_NOT_CANCELLABLE', 'import.notCancellable', { status: `entity.importStatus.${imp.status}` });
  const [after] = await tx.update(customerImports).set({ status: 'cancelled', finishedAt: new Date(), updatedAt: new Date() }).where(eq(customerImports.id, id)).returning();
  await rows(tx, sql`DELETE FROM customer_import_chunks WHERE import_id = ${id}`);
  await recordAudit(tx, actor, {
    action: 'customer.importCancel', entityType: 'customerImport', entityId: id,
    before: { status: imp.status }, after: { status: 'cancelled' },
  });
  return after;
}

/** An import as the API shows it: progress, counts, and why it failed in the reader's language. */
export function presentImport(imp: ImportRow, lang: Lang) {
  const { cursor: _c, options, actorDepartment: _d, error, ...rest } = imp;
  const finished = imp.status === 'done';
  const percent = finished ? 100
    : imp.totalRows > 0 ? Math.min(99, Math.floor((imp.rowsDone * 100) / imp.totalRows))
    : imp.fileSize > 0 ? Math.min(99, Math.floor((imp.bytesDone * 100) / imp.fileSize)) : 0;
  return {
    ...rest,
    source: options.source ?? null,
    percent,
    error: error ? t(lang, error.key, localParams(lang, error.params ?? {})) : null,
  };
}

/** 导入任务 on the home page: imports waiting or running, and imports that failed (the import page's lists by status). */
export async function countImportJobs(tx: Tx): Promise<{ running: number; failed: number }> {
  const [r] = await rows<{ running: number; failed: number }>(tx, sql`
    SELECT count(*) FILTER (WHERE status IN ('uploading', 'queued', 'running'))::int AS running, count(*) FILTER (WHERE status = 'failed')::int AS failed
    FROM customer_imports WHERE status IN ('uploading', 'queued', 'running', 'failed')`);
  return r;
}

/** When the latest import finished (done), or null: the analysis summaries are refreshed after one. */
export async function lastImportFinishedAt(tx: Tx): Promise<Date | null> {
  const [r] = await rows<{ at: Date | string | null }>(tx, sql`SELECT max(finished_at) AS at FROM customer_imports WHERE status = 'done'`);
  return r?.at ? new Date(r.at) : null;
}

export async function listImports(tx: Tx, q: { page: number; pageSize: number; kind?: ImportKind; status?: ImportStatus }) {
  const where: SQL[] = [];
  if (q.kind) where.push(eq(customerImports.kind, q.kind));
  if (q.status) where.push(eq(customerImports.status, q.status));
  const cond = where.length ? and(...where) : undefined;
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(customerImports).where(cond).orderBy(desc(customerImports.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: dsql<number>`count(*)::int` }).from(customerImports).where(cond),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

const presentIssue = (lang: Lang) => (i: ImportIssue) => ({
  row: i.row, field: i.field, fieldLabel: fieldLabel(lang, i.field), key: i.key, level: i.level, ...(i.params ? { params: i.params } : {}),
  issue: t(lang, i.key, localParams(lang, i.params ?? {})),
});

/** A page of an import's report, in row order, in the reader's language. */
export async function listIssues(tx: Tx, id: number, q: { page: number; pageSize: number; level?: 'error' | 'duplicate' }, lang: Lang) {
  await getImport(tx, id);
  const cond = and(eq(customerImportIssues.importId, id), q.level ? eq(customerImportIssues.level, q.level) : undefined);
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(customerImportIssues).where(cond).orderBy(customerImportIssues.row, customerImportIssues.field)
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: dsql<number>`count(*)::int` }).from(customerImportIssues).where(cond),
  ]);
  return { items: items.map((i) => presentIssue(lang)({ ...i, params: i.params ?? undefined, level: i.level as ImportIssue['level'] })), total, page: q.page, pageSize: q.pageSize };
}

const csvCell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * The per-row report as CSV text (UTF-8 with BOM, so Excel shows Chinese), in the reader's
 * language, produced page by page (keyset on row, field) so a report of any size streams.
 */
export async function* importReportCsv(db: Tx, id: number, lang: Lang): AsyncGenerator<string> {
  const head = ['import.report.row', 'import.report.field', 'import.report.level', 'import.report.issue'].map((k) => t(lang, k));
  yield '\uFEFF' + head.map(csvCell).join(',') + '\r\n';
  let after: { row: number; field: string } | null = null;
  for (;;) {
    const page: ImportIssue[] = await rows<ImportIssue>(db, sql`
      SELECT row, field, key, params, level FROM customer_import_issues
      WHERE import_id = ${id} ${after ? sql`AND (row, field) > (${after.row}::int, ${after.field}::text)` : sql``}
      ORDER BY row, field LIMIT 5000`);
    if (!page.length) return;
    yield page.map((i) => [i.row, `${fieldLabel(lang, i.field)} (${i.field})`, t(lang, `import.level.${i.level}`), t(lang, i.key, localParams(lang, i.params ?? {}))]
      .map(csvCell).join(',')).join('\r\n') + '\r\n';
    const last = page[page.length - 1];
    after = { row: last.row, field: last.field };
  }
}
