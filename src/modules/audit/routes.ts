import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { commonErrors, isoDate, pageQuery, paged } from '../../http/schemas.ts';
import { listAudit } from './service.ts';

export const entry = z.object({
  id: z.number(), at: isoDate, actorKind: z.string(), actorId: z.number().nullable(), actorName: z.string(), action: z.string(),
  entityType: z.string(), entityId: z.string().nullable(), changes: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(), ip: z.string().nullable(),
});

export default function routes(app: App, ctx: Ctx) {
  app.get('/audit', {
    config: { permission: 'audit.read' },
    schema: {
      tags: ['audit'], summary: 'Query the audit log',
      querystring: pageQuery.extend({
        entityType: z.string().max(64).optional(), entityId: z.string().max(64).optional(), action: z.string().max(64).optional(),
        actorName: z.string().max(64).optional(), from: z.coerce.date().optional(), to: z.coerce.date().optional(),
      }),
      response: { 200: paged(entry), ...commonErrors },
    },
  }, async (req) => listAudit(ctx.db.db, req.query));
}
