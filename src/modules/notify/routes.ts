// HTTP API of notices: the log of every notice (queued, sent, failed, recorded by staff).
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { commonErrors, isoDate, pageQuery, paged, idParam } from '../../http/schemas.ts';
import { listNotices } from './service.ts';

const nullableText = z.string().nullable();
export const notice = z.object({
  id: z.number(), memberId: z.number().nullable(), customerId: z.number().nullable(), channel: z.string(), purpose: z.string(),
  recipient: nullableText, subject: nullableText, body: z.string(), status: z.string(), attempts: z.number(), nextAttemptAt: isoDate,
  lastError: nullableText, providerId: nullableText, refType: nullableText, refId: z.number().nullable(),
  meta: z.record(z.string(), z.unknown()).nullable(), createdBy: z.string(), createdAt: isoDate, sentAt: isoDate.nullable(),
});


export default function routes(app: App, ctx: Ctx) {
  app.get('/notices', {
    config: { permission: 'notify.manage' },
    schema: {
      tags: ['notices'], summary: 'Notices: SMS and e-mail sent by the system, letters and calls recorded by staff',
      querystring: pageQuery.extend({
        memberId: idParam.optional(),
        status: z.enum(['queued', 'sending', 'sent', 'failed', 'reached', 'unreached']).optional(),
        channel: z.string().max(32).optional(), purpose: z.string().max(32).optional(),
      }),
      response: { 200: paged(notice), ...commonErrors },
    },
  }, async (req) => listNotices(ctx.db.db, req.actor!, req.query));

  app.get('/notices/delivery', {
    schema: {
      tags: ['notices'], summary: 'How SMS and e-mail leave the system: log means recorded in the server log, not sent (the console says so when it reports a notice sent)',
      response: { 200: z.object({ sms: z.enum(['log', 'http']), email: z.enum(['log', 'smtp']) }), ...commonErrors },
    },
  }, async () => ({ sms: ctx.config.notifySms, email: ctx.config.notifyEmail }));
}
