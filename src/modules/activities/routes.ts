import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { commonErrors, idParams, isoDate, pageQuery, paged } from '../../http/schemas.ts';
import * as activities from './service.ts';

const status = z.enum(['planned', 'approved', 'closed']);
const activity = z.object({
  id: z.number(), name: z.string(), type: z.string(), startsOn: z.string(), endsOn: z.string(), status, pointsPerParticipant: z.number(),
  createdBy: z.string(), approvedBy: z.string().nullable(), approvedAt: isoDate.nullable(), closedAt: isoDate.nullable(),
  createdAt: isoDate, updatedAt: isoDate, deletedAt: isoDate.nullable(),
});
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const fields = {
  name: z.string().trim().min(1).max(100), type: z.string().max(32), startsOn: date, endsOn: date,
  pointsPerParticipant: z.number().int().min(0).max(1_000_000).optional(),
};

export default function routes(app: App, ctx: Ctx) {
  const tags = ['activities'];
  app.get('/activities', {
    schema: {
      tags, summary: 'Activities (search by name, status, type)',
      querystring: pageQuery.extend({ q: z.string().max(100).optional(), status: status.optional(), type: z.string().max(32).optional() }),
      response: { 200: paged(activity), ...commonErrors },
    },
  }, async (req) => activities.listActivities(ctx.db.db, req.query) as never);

  app.get('/activities/:id', {
    schema: { tags, summary: 'One activity', params: idParams, response: { 200: activity, ...commonErrors } },
  }, async (req) => activities.getActivity(ctx.db.db, req.params.id) as never);

  app.post('/activities', {
    config: { permission: 'activity.manage' },
    schema: { tags, summary: 'Plan an activity (it needs approval before anything is recorded)', body: z.object(fields), response: { 200: activity, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => activities.createActivity(tx, actor, req.body)) as never);

  app.patch('/activities/:id', {
    config: { permission: 'activity.manage' },
    schema: { tags, summary: 'Edit an activity that is not closed', params: idParams, body: z.object(fields).partial().strict(), response: { 200: activity, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => activities.updateActivity(tx, actor, req.params.id, req.body)) as never);

  app.post('/activities/:id/approve', {
    config: { permission: 'activity.approve' },
    schema: { tags, summary: 'Approve a planned activity', params: idParams, response: { 200: activity, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => activities.approveActivity(tx, actor, req.params.id)) as never);

  app.post('/activities/:id/close', {
    config: { permission: 'activity.manage' },
    schema: { tags, summary: 'Close an approved activity', params: idParams, response: { 200: activity, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => activities.closeActivity(tx, actor, req.params.id)) as never);
}
