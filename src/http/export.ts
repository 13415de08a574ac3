// Export of a list (导出) as CSV or XLSX: one helper for every list. A module gives its columns
// (headers in zh-CN and en, how to show a value, which hold personal data) and its list query read
// page by page (src/db/keyset.ts); this file streams the file to the caller — CSV through a
// streaming formatter, XLSX through exceljs's streaming WorkbookWriter, never the whole file in
// memory — masks personal data unless the caller holds pii.export, and writes one audit line per
// export (who, which list, the filters, how many rows, the format).
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../modules/auth/actor.ts';
import { can } from '../modules/auth/actor.ts';
import type { Permission } from '../modules/auth/permissions.ts';
import { recordAudit } from '../modules/audit/service.ts';
import { listItems } from '../modules/dictionaries/service.ts';
import type { Lang } from '../i18n/index.ts';
import { maskPersonal, type PersonalField } from '../pii.ts';
import type { Tx } from '../db/index.ts';
import type { App, Ctx } from './context.ts';
import { commonErrors, fileReply } from './schemas.ts';

export type Cell = string | number | boolean | Date | null | undefined;
export type Labels = readonly [zh: string, en: string];

/** A dictionary value (channel, card type, source…) in the reader's language: dict('card_type', code). */
export type Dict = (kind: string, code: string | null | undefined) => string;

export interface ExportColumn<R> {
  header: Labels;
  value: (row: R, lang: Lang, dict: Dict) => Cell;
  /** personal data: masked unless the caller holds pii.export */
  personal?: PersonalField;
}

/** Columns: [zh-CN header, en header, value, personal?]. */
export function columns<R>(list: [zh: string, en: string, value: (row: R, lang: Lang, dict: Dict) => Cell, personal?: PersonalField][]): ExportColumn<R>[] {
  return list.map(([zh, en, value, personal]) => ({ header: [zh, en], value, personal }));
}

/** An enum's value in the reader's language (the raw code when unknown). */
export function enumLabel(labels: Record<string, Labels>) {
  return (v: string | null | undefined, lang: Lang): string => (v == null ? '' : (labels[v]?.[lang === 'en' ? 1 : 0] ?? v));
}

export const yesNo = enumLabel({ true: ['是', 'yes'], false: ['否', 'no'] });

/** The query of an export: the list's own filters, the format, and the language of the file (else Accept-Language). */
export const exportOptions = {
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['zh-CN', 'en']).optional().describe('language of headers and values (else Accept-Language)'),
};

export interface ExportDef<Q, P, R> {
  /** the list, as the audit log and the file name name it: 'members', 'complaints'… */
  list: string;
  title: Labels;
  columns: ExportColumn<R>[];
  /** the dictionaries whose labels the columns show (dict) */
  dictionaries?: string[];
  /**
   * the list's rows for the filters, within the caller's data scope, in pages (keysetRows), read
   * through `db`: the read replica when it may serve this request (ctx.reader), else the primary
   */
  rows: (q: Q, actor: Actor, params: P, db: Tx) => AsyncIterable<R> | Iterable<R> | Promise<AsyncIterable<R> | Iterable<R>>;
  /** the filters as the audit log keeps them (e.g. an ID number searched for, masked) */
  auditFilters?: (q: Q) => Record<string, unknown>;
  /** more facts for the audit line */
  auditFacts?: (q: Q, actor: Actor) => Record<string, unknown>;
}

/**
 * GET `path` (the list's path + '/export'): the list's filters (`query`, usually the list's own
 * querystring schema) plus format and lang; the list's permission.
 */
export function exportRoute<QS extends z.ZodObject, PS extends z.ZodObject | undefined, R>(
  app: App, ctx: Ctx,
  route: { path: string; permission: Permission; tags: string[]; query: QS; params?: PS },
  def: ExportDef<Omit<z.infer<QS>, 'format' | 'lang'>, PS extends z.ZodObject ? z.infer<PS> : undefined, R>,
) {
  app.get(route.path, {
    config: { permission: route.permission, replica: true }, // a heavy read: the replica may serve it
    schema: {
      tags: route.tags,
      summary: `Export the ${def.list} list as CSV or XLSX: the list's filters, its data scope; personal data masked without pii.export; audited`,
      querystring: route.query.extend(exportOptions),
      ...(route.params ? { params: route.params } : {}),
      response: { 200: fileReply('the file (text/csv or XLSX), streamed'), ...commonErrors },
    },
  }, async (req, reply) => {
    const { format, lang, page: _p, pageSize: _s, ...filters } = req.query as Record<string, unknown>;
    return sendExport(ctx, req, reply, def as never, filters, req.params as never, { format: format as 'csv' | 'xlsx', lang: (lang as Lang | undefined) ?? req.lang });
  });
}

const contentTypes = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/** A spreadsheet must not run what a name says: text that looks like a formula gets a leading quote. */
const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** Waits until the stream takes more, or is gone (the caller went away). */
async function drained(s: Writable) {
  if (s.writableNeedDrain && !s.destroyed) await Promise.race([once(s, 'drain'), once(s, 'close')]).catch(() => {});
}

export async function sendExport<Q extends Record<string, unknown>, P, R>(
  ctx: Ctx, req: FastifyRequest, reply: FastifyReply, def: ExportDef<Q, P, R>, q: Q, params: P, opts: { format: 'csv' | 'xlsx'; lang: Lang },
) {
  const actor = req.actor!;
  const { lang, format } = opts;
  const clear = can(actor, 'pii.export');
  const at = lang === 'en' ? 1 : 0;
  const header = def.columns.map((c) => c.header[at]);
  const stamp = new Intl.DateTimeFormat('sv-SE', { timeZone: ctx.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const labels = new Map<string, string>();
  for (const kind of def.dictionaries ?? []) {
    for (const it of await listItems(ctx.db.db, { kind })) labels.set(`${kind}:${it.code}`, lang === 'en' ? it.labelEn : it.labelZh);
  }
  const dict: Dict = (kind, code) => (code ? (labels.get(`${kind}:${code}`) ?? code) : '');
  const cell = (c: ExportColumn<R>, row: R): string | number => {
    const v = c.value(row, lang, dict);
    if (v == null) return '';
    if (v instanceof Date) return stamp.format(v);
    if (typeof v === 'number') return v;
    const s = String(v);
    return safe(c.personal && !clear ? maskPersonal(c.personal, s) : s);
  };
  // the first page is read before anything is sent: a refused or bad filter is still a normal error reply
  // (and a replica that fails here is left for the primary; the later pages come from where the first did)
  const first = await ctx.read(req, async (db) => {
    const source = await def.rows(q, actor, params, db);
    const it = (Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<R>)[Symbol.iterator]()) as AsyncIterator<R> | Iterator<R>;
    return { it, next: await it.next() };
  });
  const it = first.it;
  let next = first.next;

  let count = 0;
  const audit = (complete: boolean) => ctx.act(req, (tx, a) => recordAudit(tx, a, {
    action: 'export', entityType: def.list, entityId: null,
    facts: {
      list: def.list, format, count, complete, personalData: clear ? 'clear' : 'masked',
      filters: def.auditFilters ? def.auditFilters(q) : q, ...(params && Object.keys(params).length ? { of: params } : {}), ...def.auditFacts?.(q, actor),
    },
  }));
  // a file broken off by an error (the database went away) is audited too, as incomplete, then the reply is cut
  const failed = (out: Writable, e: unknown) => {
    void audit(false).catch(() => {}).finally(() => out.destroy(e as Error));
  };
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: ctx.config.timeZone }).format(new Date());
  reply.header('content-type', contentTypes[format])
    .header('content-disposition', `attachment; filename="${def.list}-${day}.${format}"`)
    .header('cache-control', 'no-store');

  if (format === 'csv') {
    const { format: csvFormat } = await import('@fast-csv/format');
    const out = csvFormat<(string | number)[], (string | number)[]>({ writeBOM: true, rowDelimiter: '\r\n', includeEndRowDelimiter: true });
    const pump = async () => {
      out.write(header);
      for (; !next.done; next = await it.next()) {
        if (out.destroyed) break;
        if (!out.write(def.columns.map((c) => cell(c, next.value as R)))) await drained(out);
        count++;
      }
      await audit(!out.destroyed);
      out.end();
    };
    pump().catch((e) => failed(out, e));
    return reply.send(out);
  }

  const { default: ExcelJS } = await import('exceljs');
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet(def.title[at]);
  const pump = async () => {
    ws.addRow(header).commit();
    for (; !next.done; next = await it.next()) {
      if (out.destroyed) break;
      ws.addRow(def.columns.map((c) => cell(c, next.value as R))).commit();
      count++;
      if (count % 500 === 0) await drained(out);
    }
    await audit(!out.destroyed);
    ws.commit();
    await wb.commit();
  };
  pump().catch((e) => failed(out, e));
  return reply.send(out);
}
