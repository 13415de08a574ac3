// HTTP for imports of customers and of old-project owners (老项目业主): the upload (the file is the
// raw request body, streamed into the database), progress, the list, the per-row report as pages
// or CSV, cancelling. The job starts at once in the accepting process; any process with jobs on
// resumes it after a crash.
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App, Ctx } from '../../http/context.ts';
import { AppError, loggableError } from '../../http/errors.ts';
import { commonErrors, fileReply, idParams, isoDate, pageQuery, paged } from '../../http/schemas.ts';
import { importKinds } from './import-file.ts';
import { runImport, runOptions } from './import-job.ts';
import {
  beginUpload, cancelImport, checkStoredFile, discardUpload, getImport, importReportCsv, importStatuses, listImports, listIssues, presentImport,
  queueImport, storeUpload, type UploadMeta,
} from './import.ts';
import { kindColumns } from './import-file.ts';

const importOut = z.object({
  id: z.number(), kind: z.enum(importKinds).describe('customers: plain customer records; owners: old-project owners (老项目业主) with their units'),
  fileName: z.string(), format: z.string(), status: z.enum(importStatuses), actorKind: z.string(), actorName: z.string(), actorId: z.number().nullable(),
  source: z.string().nullable().describe('customer_source of rows naming none (customers)'),
  fileSize: z.number().describe('bytes'), sha256: z.string().nullable(),
  totalRows: z.number().describe('data rows: counted at upload for CSV (an estimate), exact once done'),
  rowsDone: z.number(), bytesDone: z.number(), percent: z.number().int().min(0).max(100),
  importedRows: z.number().describe('rows that created a customer or a purchase'), customersCreated: z.number(), purchasesCreated: z.number(),
  errorRows: z.number(), duplicateRows: z.number(), issueCount: z.number(),
  error: z.string().nullable().describe('why a failed import stopped, in the reader\'s language'),
  createdAt: isoDate, updatedAt: isoDate, startedAt: isoDate.nullable(), finishedAt: isoDate.nullable(),
});
const issueOut = z.object({
  row: z.number().describe('row of the file (header = 1)'), field: z.string(), fieldLabel: z.string(), key: z.string(),
  params: z.record(z.string(), z.unknown()).optional(), level: z.enum(['error', 'duplicate']), issue: z.string().describe('localised by Accept-Language'),
});

// application/vnd.ms-excel is what Windows calls a .csv file
const importTypes = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];
const xlsxType = 'spreadsheetml';

export default function importRoutes(app: App, ctx: Ctx) {
  const tags = ['customers'];
  const pii = ctx.crypto;
  const start = (id: number, log: { error(o: object, m: string): void; info(o: object, m: string): void }) => {
    // at once in this process; the job picks it up after a crash or in another process
    setImmediate(() => {
      runImport(ctx.db, pii, id, runOptions(ctx.config, log)).catch((err) => log.error({ err: loggableError(err), import: id }, 'customer import interrupted; the job resumes it'));
    });
  };

  app.register(async (scoped) => {
    // the file is the raw request body, read as a stream (not buffered, not JSON)
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scoped.withTypeProvider<ZodTypeProvider>().post('/customers/import', {
      config: { permission: 'customer.import' },
      schema: {
        tags,
        summary: 'Import customers or old-project owners (老项目业主) from a CSV or XLSX file sent as the request body; runs as a job (the reply is the import, queued, with its progress)',
        description: `The first row names the columns (Chinese or English). kind=customers: ${kindColumns.customers.join(', ')} (name required). ` +
          `kind=owners: ${kindColumns.owners.join(', ')} (name, idNumber, project, unit required; price in yuan). CSV in UTF-8 or GB18030. ` +
          'The reply comes once the file is stored and its header checked; follow GET /customers/imports/{id}. wait=N holds the reply up to N seconds for the import to end.',
        querystring: z.object({
          kind: z.enum(importKinds).default('owners'), fileName: z.string().trim().max(200).optional(), format: z.enum(['csv', 'xlsx']).optional(),
          source: z.string().trim().min(1).max(32).optional().describe('dictionary customer_source for rows naming none (customers; default file_import)'),
          wait: z.coerce.number().int().min(0).max(300).default(0).describe('seconds to wait for the import to end before replying'),
        }),
        response: { 200: importOut, ...commonErrors },
      },
    }, async (req) => {
      const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!importTypes.includes(type)) throw new AppError(400, 'VALIDATION_FAILED', 'validation.failed', {}, [{ field: 'file', key: 'import.unsupportedType' }]);
      const fileName = req.query.fileName || 'import';
      const meta: UploadMeta = {
        kind: req.query.kind, fileName, source: req.query.source,
        format: req.query.format ?? (type.includes(xlsxType) || /\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv'),
      };
      if (meta.kind === 'owners' && meta.source) throw new AppError(400, 'VALIDATION_FAILED', 'validation.failed', {}, [{ field: 'source', key: 'import.sourceForCustomers' }]);
      const id = await ctx.db.transaction((tx) => beginUpload(tx, req.actor!, meta));
      let presented;
      try {
        const file = await storeUpload(ctx.db, pii, id, req.body as Readable, {
          maxBytes: ctx.config.importMaxMb * 1024 * 1024, maxRows: ctx.config.importMaxRows, csv: meta.format === 'csv',
        });
        await checkStoredFile(ctx.db, pii, id, meta);
        // what Idempotency-Key compares: the file's content, not the stream object
        (req as { body: unknown }).body = { ...meta, sha256: file.sha256, size: file.size };
        presented = await ctx.act(req, async (tx, actor) => presentImport(await queueImport(tx, actor, id, file), req.lang));
      } catch (e) {
        await discardUpload(ctx.db, id).catch(() => {});
        // the rest of a refused body is drained, so the client reads the reply instead of a reset
        if (req.body instanceof Readable && !req.body.readableEnded) req.body.resume();
        throw e;
      }
      if (presented.id !== id) {
        await discardUpload(ctx.db, id); // a replay of an upload already accepted: its reply, nothing new
      } else start(id, req.log);
      if (req.query.wait > 0) {
        const until = Date.now() + req.query.wait * 1000;
        for (;;) {
          const imp = await getImport(ctx.db.db, presented.id);
          presented = presentImport(imp, req.lang);
          if (!['queued', 'running'].includes(imp.status) || Date.now() >= until) break;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      return presented;
    });
  });

  app.get('/customers/imports', {
    config: { permission: 'customer.import' },
    schema: {
      tags, summary: 'Imports, newest first, with their progress and counts',
      querystring: pageQuery.extend({ kind: z.enum(importKinds).optional(), status: z.enum(importStatuses).optional() }),
      response: { 200: paged(importOut), ...commonErrors },
    },
  }, async (req) => {
    const list = await listImports(ctx.db.db, req.query);
    return { ...list, items: list.items.map((i) => presentImport(i, req.lang)) };
  });

  app.get('/customers/imports/:id', {
    config: { permission: 'customer.import' },
    schema: { tags, summary: "One import's progress (rows done / total, errors so far) and counts", params: idParams, response: { 200: importOut, ...commonErrors } },
  }, async (req) => presentImport(await getImport(ctx.db.db, req.params.id), req.lang));

  app.get('/customers/imports/:id/issues', {
    config: { permission: 'customer.import' },
    schema: {
      tags, summary: "An import's per-row report: row, field and issue, in row order, in the reader's language", params: idParams,
      querystring: pageQuery.extend({ level: z.enum(['error', 'duplicate']).optional() }), response: { 200: paged(issueOut), ...commonErrors },
    },
  }, async (req) => listIssues(ctx.db.db, req.params.id, req.query, req.lang));

  app.get('/customers/imports/:id/report', {
    config: { permission: 'customer.import' },
    schema: {
      tags, summary: "An import's per-row report as CSV (row, field, kind, issue), headers and issues in the reader's language", params: idParams,
      querystring: z.object({ lang: z.enum(['zh-CN', 'en']).optional().describe('language of the report (else Accept-Language)') }),
      response: { 200: fileReply('the report (text/csv)'), ...commonErrors },
    },
  }, async (req, reply) => {
    const imp = await getImport(ctx.db.db, req.params.id);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="import-${imp.id}-report.csv"`)
      .send(Readable.from(importReportCsv(ctx.db.db, imp.id, req.query.lang ?? req.lang)));
  });

  app.post('/customers/imports/:id/cancel', {
    config: { permission: 'customer.import' },
    schema: {
      tags, summary: 'Stop an import that has not ended: the chunks already written stay, nothing more is written', params: idParams,
      response: { 200: importOut, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => presentImport(await cancelImport(tx, actor, req.params.id), req.lang)));
}
