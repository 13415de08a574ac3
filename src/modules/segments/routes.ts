// 客群 (segments) and 客户价值 (customer value): HTTP.
import { z } from 'zod';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import type { App, Ctx } from '../../http/context.ts';
import { exportRoute } from '../../http/export.ts';
import { commonErrors, idParams, isoDate, okReply, pageQuery, paged, totalExactField } from '../../http/schemas.ts';
import { segmentMemberColumns } from './export.ts';
import { segmentFiltersSchema } from './filters.ts';
import './jobs.ts';
import { valueSegmentCodes } from './schema.ts';
import * as svc from './service.ts';
import { getValueSettings, updateValueSettings, valueSettingsSchema } from './value.ts';

const segmentReply = z.object({
  id: z.number(), name: z.string(), description: z.string().nullable(), filters: segmentFiltersSchema,
  createdBy: z.string(), createdAt: isoDate, updatedAt: isoDate,
});
const segmentBody = z.object({
  name: z.string().trim().min(1).max(60), description: z.string().trim().max(500).nullable().optional(), filters: segmentFiltersSchema,
}).strict();
const valueSegment = z.enum(valueSegmentCodes);
const segmentMember = z.object({
  id: z.number(), memberNo: z.string(), name: z.string(), mobile: z.string().nullable(), department: z.string().nullable(), status: z.string(),
  joinedAt: isoDate, level: z.string().nullable(), points: z.number(), segment: valueSegment.nullable(),
  r: z.number().nullable(), f: z.number().nullable(), m: z.number().nullable(), churn: z.number().nullable(),
});
const valueRow = z.object({
  memberId: z.number(), memberNo: z.string(), name: z.string(), department: z.string().nullable(), lastEventAt: isoDate.nullable(), idleDays: z.number(),
  events12m: z.number(), eventsRecent: z.number(), eventsPrior: z.number(), purchaseFen: z.number(), pointsEarned: z.number(),
  monetaryFen: z.number(), ltvFen: z.number(), openComplaints: z.number(), r: z.number(), f: z.number(), m: z.number(),
  segment: valueSegment, dormant: z.boolean(), churn: z.number(),
});
const valueQuery = pageQuery.extend({
  segment: valueSegment.optional(),
  dormant: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  churnMin: z.coerce.number().int().min(0).max(100).optional(),
  sort: z.enum(svc.valueSorts).default('churn'),
});

export default async function routes(app: App, ctx: Ctx) {
  const tags = ['segments'];
  const read = 'segment.read' as const;
  const manage = 'segment.manage' as const;
  const tz = () => ctx.config.timeZone;

  app.get('/value/overview', {
    config: { permission: read, replica: true },
    schema: {
      tags, summary: 'Customer value: members per named segment with their lifetime value, dormant and churn-risk counts, the thresholds — as of the member-value job, within the data scope',
      response: {
        200: z.object({
          asOf: isoDate.nullable(), settings: valueSettingsSchema, members: z.number(), dormant: z.number(), churnRisk: z.number(),
          segments: z.array(z.object({ segment: valueSegment, members: z.number(), ltvFen: z.number() })),
        }), ...commonErrors,
      },
    },
  }, async (req) => ctx.read(req, (db, actor) => svc.valueOverview(db, actor)));

  app.get('/value/members', {
    config: { permission: read },
    schema: {
      tags, summary: 'The RFM table: each member\'s recency, frequency, monetary value and scores, segment, dormancy, churn score and lifetime value (filter by segment, dormant, churn score)',
      querystring: valueQuery, response: { 200: paged(valueRow).extend({ totalExact: totalExactField }), ...commonErrors },
    },
  }, async (req) => svc.listMemberValues(ctx.db.db, req.actor!, req.query));

  app.get('/value/settings', {
    config: { permission: read },
    schema: { tags, summary: 'The value thresholds (dormancy, new members, 高价值, 潜力, 流失风险, point value)', response: { 200: valueSettingsSchema, ...commonErrors } },
  }, async () => getValueSettings(ctx.db.db));

  app.patch('/value/settings', {
    config: { permission: 'value.settings' },
    schema: {
      tags, summary: 'Change the value thresholds (audited); the next member-value run applies them',
      body: valueSettingsSchema, response: { 200: valueSettingsSchema, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => updateValueSettings(tx, actor, req.body)));

  app.post('/segments/count', {
    config: { permission: read },
    schema: {
      tags, summary: 'How many members these filters choose, within the data scope (the filter builder\'s count): as of the member-value job\'s last run, counted now before its first',
      body: z.object({ filters: segmentFiltersSchema }).strict(),
      response: { 200: z.object({ count: z.number(), asOf: isoDate.nullable().describe('the member-value run the count reads; null: counted now') }), ...commonErrors },
    },
  }, async (req) => svc.countSegment(ctx.db.db, req.actor!, req.body.filters, tz()));

  app.get('/segments', {
    config: { permission: read },
    schema: { tags, summary: 'Saved segments (客群)', querystring: pageQuery, response: { 200: paged(segmentReply), ...commonErrors } },
  }, async (req) => svc.listSegments(ctx.db.db, req.query));

  app.post('/segments', {
    config: { permission: manage },
    schema: { tags, summary: 'Save a segment (a named filter)', body: segmentBody, response: { 200: segmentReply, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.createSegment(tx, actor, req.body)));

  app.get('/segments/:id', {
    config: { permission: read },
    schema: { tags, summary: 'A segment', params: idParams, response: { 200: segmentReply, ...commonErrors } },
  }, async (req) => svc.getSegment(ctx.db.db, req.params.id));

  app.patch('/segments/:id', {
    config: { permission: manage },
    schema: { tags, summary: 'Change a segment\'s name or filters', params: idParams, body: segmentBody, response: { 200: segmentReply, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.updateSegment(tx, actor, req.params.id, req.body)));

  app.delete('/segments/:id', {
    config: { permission: manage },
    schema: { tags, summary: 'Delete a segment (logical)', params: idParams, response: { 200: okReply, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => { await svc.deleteSegment(tx, actor, req.params.id); return { ok: true as const }; }));

  app.get('/segments/:id/members', {
    config: { permission: read },
    schema: {
      tags, summary: 'A segment\'s members now (newest first), within the data scope', params: idParams, querystring: pageQuery,
      response: { 200: paged(segmentMember).extend({ totalExact: totalExactField.optional() }), ...commonErrors },
    },
  }, async (req) => {
    const s = await svc.getSegment(ctx.db.db, req.params.id);
    return svc.listSegmentMembers(ctx.db.db, req.actor!, s.filters, tz(), req.query);
  });

  exportRoute(app, ctx, { path: '/segments/:id/members/export', permission: read, tags, query: z.object({}), params: idParams }, {
    list: 'segment-members', title: ['客群会员', 'Segment members'], columns: segmentMemberColumns,
    rows: async (_q, actor, { id }, db) => {
      const s = await svc.getSegment(db, id);
      return keysetRows((before) => svc.listSegmentMembers(db, actor, s.filters, tz(), { page: 1, pageSize: exportPageSize, before }));
    },
    auditFacts: () => ({}),
  });
}
