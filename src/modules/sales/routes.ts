// Sales (SPEC §10) over HTTP: leads, opportunities, follow-ups, reminders, assignment, the funnel.
// Data scope (own / department / all) is applied by the services: outside it a record is a 404.
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { commonErrors, idField, idParam, idParams, isoDate, longText, mobileInput, pageQuery, paged, requiredLongText } from '../../http/schemas.ts';
import { leadColumns, opportunityColumns } from './export.ts';
import { followUpSubjects, leadStatuses, openStages, opportunityStages } from './schema.ts';
import * as svc from './service.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.iso.date();
const stage = z.enum(opportunityStages);
const openStage = z.enum(openStages);
const due = z.enum(['today', 'overdue', 'due']).describe('today: due today; overdue: due before today; due: both (company time zone)');

const leadOut = z.object({
  id: z.number(), name: z.string(), mobile: z.string().nullable().describe('masked (138****5678) in lists, in full on the lead page'),
  source: z.string(), intention: z.string().nullable(), note: z.string().nullable(), ownerId: z.number().nullable(), ownerName: z.string().nullable(),
  department: z.string().nullable(), status: z.enum(leadStatuses), nextFollowUpOn: z.string().nullable(), lostReason: z.string().nullable(),
  lostNote: z.string().nullable(), customerId: z.number().nullable(), convertedAt: isoDate.nullable(), createdBy: z.string(), createdAt: isoDate, updatedAt: isoDate,
});
const duplicate = z.object({
  customerId: z.number().nullable().describe('null when the customer is outside your data scope'), name: z.string(), inScope: z.boolean(), isMember: z.boolean(),
}).nullable().describe('a live customer holding the same mobile: the duplicate warning');
const followUpOut = z.object({
  id: z.number(), subjectType: z.enum(followUpSubjects), subjectId: z.number(), at: isoDate, method: z.string(), content: z.string(),
  nextFollowUpOn: z.string().nullable(), byId: z.number().nullable(), byName: z.string(), createdAt: isoDate,
});
const opportunityOut = z.object({
  id: z.number(), title: z.string(), customerId: z.number(), customerName: z.string(), leadId: z.number().nullable(), intention: z.string().nullable(),
  expectedAmountFen: z.number(), stage, maxStageRank: z.number(), lostReason: z.string().nullable(), lostNote: z.string().nullable(),
  ownerId: z.number().nullable(), ownerName: z.string().nullable(), department: z.string().nullable(), expectedCloseOn: z.string().nullable(),
  nextFollowUpOn: z.string().nullable(), closedAt: isoDate.nullable(), reopenCount: z.number(), createdBy: z.string(), createdAt: isoDate, updatedAt: isoDate,
});
const stageChangeOut = z.object({
  id: z.number(), opportunityId: z.number(), fromStage: stage.nullable(), toStage: stage, backwards: z.boolean(), note: z.string().nullable(),
  byId: z.number().nullable(), byName: z.string(), at: isoDate,
});
const assignBody = { ownerId: idField, department: z.string().trim().max(60).nullish(), note: z.string().trim().max(500).nullish() };
const assignReply = z.object({ assigned: z.number(), unchanged: z.number(), ownerId: z.number(), ownerName: z.string(), department: z.string().nullable() });
const followUpBody = z.object({
  followedAt: z.coerce.date().nullish(), method: z.string().trim().min(1).max(32), content: requiredLongText, nextFollowUpOn: day.nullish(),
}).strict();
const followUpReply = z.object({ followUp: followUpOut, nextFollowUpOn: z.string().nullable() });
const amountFen = z.number().int().min(0).max(1e13);

export default function routes(app: App, ctx: Ctx) {
  const tags = ['sales'];
  const read = 'sales.read' as const;
  const write = 'sales.write' as const;
  const assign = 'sales.assign' as const;
  const today = () => svc.companyDay(ctx.config.timeZone);

  // ---------- leads ----------
  const leadQuery = pageQuery.extend({
    status: z.enum(leadStatuses).optional(), ownerId: idParam.optional(), department: z.string().max(60).optional(),
    source: z.string().max(32).optional(), q: z.string().max(60).optional().describe('a name (part), a mobile, or its last digits'), due: due.optional(),
  });
  app.get('/sales/leads', {
    config: { permission: read },
    schema: { tags, summary: 'Leads (线索) within the data scope, mobiles masked; filters: status, owner, department, source, due', querystring: leadQuery, response: { 200: paged(leadOut), ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.listLeads(tx, actor, req.query, today())));

  exportRoute(app, ctx, { path: '/sales/leads/export', permission: read, tags, query: leadQuery }, {
    list: 'sales-leads', title: ['线索', 'Leads'], columns: leadColumns, dictionaries: ['lead_source', 'sales_lost_reason'],
    rows: (q, actor, _p, db) => keysetRows((before) => svc.listLeads(db, actor, { ...q, page: 1, pageSize: exportPageSize, before }, today(), { clearMobiles: true })),
  });

  app.post('/sales/leads', {
    config: { permission: write },
    schema: {
      tags, summary: 'Create a lead; warns (duplicate) when a live customer holds the same mobile',
      body: z.object({
        name: text(60), mobile: mobileInput.nullish(), source: z.string().trim().min(1).max(32), intention: z.string().trim().max(500).nullish(),
        note: longText.nullish(), ownerId: idField.nullish(), department: z.string().trim().max(60).nullish(), nextFollowUpOn: day.nullish(),
      }).strict(),
      response: { 200: z.object({ lead: leadOut, duplicate }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const r = await svc.createLead(tx, actor, req.body, today());
    return { lead: svc.presentLead(r.lead, await svcNames(tx, r.lead.ownerId)), duplicate: r.duplicate };
  }));

  app.get('/sales/leads/:id', {
    config: { permission: read },
    schema: {
      tags, summary: 'A lead: its follow-ups (newest first), opportunities and the duplicate warning', params: idParams,
      response: {
        200: leadOut.extend({
          customerName: z.string().nullable(), followUps: z.array(followUpOut), duplicate,
          opportunities: z.array(z.object({ id: z.number(), title: z.string(), stage })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.leadDetail(tx, actor, req.params.id)));

  app.patch('/sales/leads/:id', {
    config: { permission: write },
    schema: {
      tags, summary: 'Edit an open lead', params: idParams,
      body: z.object({
        name: text(60).optional(), mobile: mobileInput.nullish(), source: z.string().trim().min(1).max(32).optional(),
        intention: z.string().trim().max(500).nullish(), note: longText.nullish(), nextFollowUpOn: day.nullish(),
      }).strict(),
      response: { 200: z.object({ lead: leadOut, duplicate }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const r = await svc.updateLead(tx, actor, req.params.id, req.body, today());
    return { lead: svc.presentLead(r.lead, await svcNames(tx, r.lead.ownerId)), duplicate: r.duplicate };
  }));

  app.post('/sales/leads/:id/follow-ups', {
    config: { permission: write },
    schema: { tags, summary: "Record a follow-up on a lead; sets the lead's next follow-up day (a new lead becomes following)", params: idParams, body: followUpBody, response: { 200: followUpReply, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const f = await svc.addFollowUp(tx, actor, 'lead', req.params.id, req.body, new Date(), today());
    return { followUp: f, nextFollowUpOn: f.nextFollowUpOn };
  }));

  app.post('/sales/leads/:id/lose', {
    config: { permission: write },
    schema: {
      tags, summary: 'Mark an open lead lost, with a reason (dictionary sales_lost_reason)', params: idParams,
      body: z.object({ lostReason: z.string().trim().min(1).max(32), lostNote: z.string().trim().max(500).nullish() }).strict(),
      response: { 200: leadOut, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const l = await svc.markLeadLost(tx, actor, req.params.id, req.body);
    return svc.presentLead(l, await svcNames(tx, l.ownerId));
  }));

  app.post('/sales/leads/:id/convert', {
    config: { permission: write },
    schema: {
      tags, summary: 'Convert a lead: link the chosen customer or the one holding its mobile, or create one (same owner and department); optionally open an opportunity',
      params: idParams,
      body: z.object({
        customerId: idField.nullish(),
        opportunity: z.object({ title: text(100), intention: z.string().trim().max(500).nullish(), expectedAmountFen: amountFen.optional(), expectedCloseOn: day.nullish() }).strict().nullish(),
      }).strict(),
      response: { 200: z.object({ lead: leadOut, customerId: z.number(), customerCreated: z.boolean(), opportunityId: z.number().nullable() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const r = await svc.convertLead(tx, actor, ctx.crypto, req.params.id, req.body, today());
    return { ...r, lead: svc.presentLead(r.lead, await svcNames(tx, r.lead.ownerId)) };
  }));

  app.post('/sales/leads/:id/assign', {
    config: { permission: assign },
    schema: { tags, summary: 'Reassign an open lead to another owner (and department)', params: idParams, body: z.object(assignBody).strict(), response: { 200: assignReply, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.assignLeads(tx, actor, [req.params.id], req.body)));

  app.post('/sales/leads/assign', {
    config: { permission: assign },
    schema: {
      tags, summary: 'Reassign several open leads at once (all or nothing; each id that cannot be reassigned is named)',
      body: z.object({ ids: z.array(idField).min(1).max(500), ...assignBody }).strict(), response: { 200: assignReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.assignLeads(tx, actor, req.body.ids, req.body)));

  // ---------- opportunities ----------
  const opportunityQuery = pageQuery.extend({
    stage: stage.optional(), open: z.enum(['true', 'false']).optional(), ownerId: idParam.optional(), department: z.string().max(60).optional(),
    customerId: idParam.optional(), q: z.string().max(60).optional().describe('part of the title'), due: due.optional(),
  });
  const oppFilters = (q: z.infer<typeof opportunityQuery>) => ({ ...q, open: q.open === 'true' });
  app.get('/sales/opportunities', {
    config: { permission: read },
    schema: { tags, summary: 'Opportunities (商机) within the data scope; filters: stage, open, owner, department, customer, due', querystring: opportunityQuery, response: { 200: paged(opportunityOut), ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.listOpportunities(tx, actor, oppFilters(req.query), today())));

  exportRoute(app, ctx, { path: '/sales/opportunities/export', permission: read, tags, query: opportunityQuery }, {
    list: 'sales-opportunities', title: ['商机', 'Opportunities'], columns: opportunityColumns, dictionaries: ['sales_lost_reason'],
    rows: (q, actor, _p, db) => keysetRows((before) => svc.listOpportunities(db, actor, { ...oppFilters({ ...q, page: 1, pageSize: exportPageSize }), before }, today())),
  });

  app.post('/sales/opportunities', {
    config: { permission: write },
    schema: {
      tags, summary: 'Open an opportunity for a customer in your data scope (first stage recorded in the history)',
      body: z.object({
        customerId: idField, title: text(100), intention: z.string().trim().max(500).nullish(), expectedAmountFen: amountFen.optional(), stage: openStage.optional(),
        ownerId: idField.nullish(), department: z.string().trim().max(60).nullish(), expectedCloseOn: day.nullish(), nextFollowUpOn: day.nullish(),
      }).strict(),
      response: { 200: opportunityOut, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const o = await svc.createOpportunity(tx, actor, req.body, today());
    return svc.opportunityDetail(tx, actor, o.id);
  }));

  app.get('/sales/opportunities/:id', {
    config: { permission: read },
    schema: {
      tags, summary: 'An opportunity with its stage history (oldest first) and follow-ups (newest first)', params: idParams,
      response: { 200: opportunityOut.extend({ history: z.array(stageChangeOut), followUps: z.array(followUpOut) }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.opportunityDetail(tx, actor, req.params.id)));

  app.patch('/sales/opportunities/:id', {
    config: { permission: write },
    schema: {
      tags, summary: 'Edit an open opportunity (closed ones are read-only)', params: idParams,
      body: z.object({
        title: text(100).optional(), intention: z.string().trim().max(500).nullish(), expectedAmountFen: amountFen.optional(),
        expectedCloseOn: day.nullish(), nextFollowUpOn: day.nullish(),
      }).strict(),
      response: { 200: opportunityOut, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.updateOpportunity(tx, actor, req.params.id, req.body, today());
    return svc.opportunityDetail(tx, actor, req.params.id);
  }));

  app.post('/sales/opportunities/:id/stage', {
    config: { permission: write },
    schema: {
      tags, summary: 'Move an open opportunity to another stage (backwards allowed and recorded; won/lost close it; lost needs a reason)', params: idParams,
      body: z.object({ stage, note: z.string().trim().max(500).nullish(), lostReason: z.string().trim().min(1).max(32).nullish(), lostNote: z.string().trim().max(500).nullish() }).strict(),
      response: { 200: opportunityOut, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.changeStage(tx, actor, req.params.id, req.body);
    return svc.opportunityDetail(tx, actor, req.params.id);
  }));

  app.post('/sales/opportunities/:id/reopen', {
    config: { permission: write },
    schema: {
      tags, summary: 'Reopen a won or lost opportunity at an open stage, with a note (recorded and audited)', params: idParams,
      body: z.object({ stage: openStage, note: text(500) }).strict(), response: { 200: opportunityOut, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.reopenOpportunity(tx, actor, req.params.id, req.body);
    return svc.opportunityDetail(tx, actor, req.params.id);
  }));

  app.post('/sales/opportunities/:id/follow-ups', {
    config: { permission: write },
    schema: { tags, summary: "Record a follow-up on an open opportunity; sets its next follow-up day", params: idParams, body: followUpBody, response: { 200: followUpReply, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const f = await svc.addFollowUp(tx, actor, 'opportunity', req.params.id, req.body, new Date(), today());
    return { followUp: f, nextFollowUpOn: f.nextFollowUpOn };
  }));

  app.post('/sales/opportunities/:id/assign', {
    config: { permission: assign },
    schema: { tags, summary: 'Reassign an open opportunity to another owner (and department)', params: idParams, body: z.object(assignBody).strict(), response: { 200: assignReply, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.assignOpportunities(tx, actor, [req.params.id], req.body)));

  app.post('/sales/opportunities/assign', {
    config: { permission: assign },
    schema: {
      tags, summary: 'Reassign several open opportunities at once (all or nothing; each id that cannot be reassigned is named)',
      body: z.object({ ids: z.array(idField).min(1).max(500), ...assignBody }).strict(), response: { 200: assignReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.assignOpportunities(tx, actor, req.body.ids, req.body)));

  // ---------- reminders, funnel, staff ----------
  app.get('/sales/follow-ups/due', {
    config: { permission: read },
    schema: {
      tags, summary: 'Follow-ups due today or overdue (company time zone), oldest due first: yours (mine=true, default) or all in your data scope',
      querystring: pageQuery.extend({ mine: z.enum(['true', 'false']).default('true'), kind: z.enum(followUpSubjects).optional() }),
      response: {
        200: paged(z.object({
          kind: z.enum(followUpSubjects), id: z.number(), title: z.string(), state: z.string(), dueOn: z.string(), overdueDays: z.number(),
          ownerId: z.number().nullable(), ownerName: z.string().nullable(), department: z.string().nullable(),
        })).extend({ today: z.string() }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.dueFollowUps(tx, actor, { ...req.query, mine: req.query.mine === 'true' }, today())));

  app.get('/sales/funnel', {
    config: { permission: read },
    schema: {
      tags, summary: 'The sales funnel of opportunities created in [from, to] (company days) within the data scope: per stage now and reached, conversion, won, lost by reason',
      querystring: z.object({ from: day.optional(), to: day.optional(), department: z.string().max(60).optional(), ownerId: idParam.optional() }),
      response: {
        200: z.object({
          entered: z.number(),
          stages: z.array(z.object({ stage, count: z.number(), amountFen: z.number(), reached: z.number(), conversion: z.number().describe('reached / entered, 0..1') })),
          won: z.object({ count: z.number(), amountFen: z.number() }),
          lost: z.object({ count: z.number(), amountFen: z.number(), byReason: z.array(z.object({ reason: z.string(), count: z.number(), amountFen: z.number() })) }),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.salesFunnel(tx, actor, req.query, ctx.config.timeZone)));

  app.get('/sales/staff', {
    config: { permission: read },
    schema: {
      tags, summary: 'Active staff to pick an owner from (your department under a department scope)',
      querystring: z.object({ search: z.string().max(60).optional() }),
      response: { 200: z.array(z.object({ id: z.number(), name: z.string(), login: z.string(), department: z.string().nullable() })), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.staffDirectory(tx, actor, req.query)));

  async function svcNames(tx: Parameters<Parameters<Ctx['act']>[1]>[0], ownerId: number | null) {
    return svc.staffNamesOf(tx, [ownerId]);
  }
}
