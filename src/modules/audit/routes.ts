import { z } from 'zod';
import { columns, exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import type { App, Ctx } from '../../http/context.ts';
import { commonErrors, isoDate, pageQuery, paged } from '../../http/schemas.ts';
import { listAudit } from './service.ts';
import webhookRoutes from './webhook-routes.ts';

export const entry = z.object({
  id: z.number(), at: isoDate, actorKind: z.string(), actorId: z.number().nullable(), actorName: z.string(), action: z.string(),
  entityType: z.string(), entityId: z.string().nullable(), changes: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(), ip: z.string().nullable(),
});

const auditQuery = pageQuery.extend({
  entityType: z.string().max(64).optional(), entityId: z.string().max(64).optional(), action: z.string().max(64).optional(),
  actorName: z.string().max(64).optional(), from: z.coerce.date().optional(), to: z.coerce.date().optional(),
});

/** The audit export's columns; the changes as JSON, with the mobiles and e-mails in them masked without pii.export. */
const auditColumns = columns<Awaited<ReturnType<typeof listAudit>>['items'][number]>([
  ['编号', 'no.', (a) => a.id],
  ['时间', 'at', (a) => a.at],
  ['操作人', 'actor', (a) => a.actorName],
  ['操作', 'action', (a) => a.action],
  ['对象类型', 'object type', (a) => a.entityType],
  ['对象编号', 'object id', (a) => a.entityId],
  ['变更', 'changes', (a) => (a.changes ? JSON.stringify(a.changes) : ''), 'text'],
  ['请求号', 'request', (a) => a.requestId],
  ['IP', 'IP', (a) => a.ip],
]);

export default function routes(app: App, ctx: Ctx) {
  webhookRoutes(app, ctx);
  app.get('/audit', {
    config: { permission: 'audit.read' },
    schema: {
      tags: ['audit'], summary: 'Query the audit log',
      querystring: auditQuery,
      response: { 200: paged(entry), ...commonErrors },
    },
  }, async (req) => listAudit(ctx.db.db, req.query));

  exportRoute(app, ctx, { path: '/audit/export', permission: 'audit.read', tags: ['audit'], query: auditQuery }, {
    list: 'audit-log', title: ['操作日志', 'Audit log'], columns: auditColumns,
    rows: (q, _actor, _params, db) => keysetRows((before) => listAudit(db, { ...q, page: 1, pageSize: exportPageSize, before })),
  });
}
