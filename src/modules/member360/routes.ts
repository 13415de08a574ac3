// HTTP API of the member 360° page: the tabs' counts in one request, and the change history.
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { commonErrors, idParams, pageQuery, paged } from '../../http/schemas.ts';
import { entry as auditEntry } from '../audit/routes.ts';
import { membershipEnv } from '../membership/env.ts';
import { changeHistory, memberTabCounts } from './service.ts';

const count = z.number().int().nullable().describe('null: the caller may not open this tab');

export default function routes(app: App, ctx: Ctx) {
  const env = membershipEnv(ctx.config, ctx.crypto);
  const tags = ['membership'];

  app.get('/members/:id/summary', {
    config: { permission: 'member.read' },
    schema: {
      tags, summary: "The member page's tab counts: cards, points (balance, lots), activities, care, complaints, merchant services, notices, calls, change history",
      description: 'Each count within the caller\'s data scope; a tab whose list the caller may not read is null. A member outside the scope: 404.',
      params: idParams,
      response: {
        200: z.object({
          memberId: z.number(), cards: z.number(), points: z.object({ balance: z.number(), lots: z.number() }).nullable(),
          activities: z.number(), care: count, complaints: count, services: count, notices: z.number(), calls: count, history: count,
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.db.transaction((tx) => memberTabCounts(tx, req.actor!, env, req.params.id)));

  app.get('/members/:id/history', {
    config: { permission: 'audit.read' },
    schema: {
      tags, summary: 'Change history: the audit lines of the member, its customer record, applications, cards, leave requests, purchases, points entries, redemptions, care received, complaints and merchant services, newest first',
      description: 'Each kind within the caller\'s permissions (points entries and redemptions: points.read; care: care.manage; complaints: complaint.manage; merchant services: merchant.manage) and data scope. A member outside the scope: 404.',
      params: idParams, querystring: pageQuery, response: { 200: paged(auditEntry), ...commonErrors },
    },
  }, async (req) => ctx.db.transaction((tx) => changeHistory(tx, req.actor!, env, req.params.id, req.query)));
}
