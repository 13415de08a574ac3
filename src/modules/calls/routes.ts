// Calls (通话记录 / 来电, SPEC §10) over HTTP: register, look up the caller (screen pop), list,
// statistics, export, edit, link, delete with a reason, make a lead; and the phone system's report.
// Data scope (own / department / all) is applied by the services: outside it a call is a 404.
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { commonErrors, idField, idParam, idParams, isoDate, longText, paged, requiredLongText, searchInput } from '../../http/schemas.ts';
import { staffDirectory } from '../sales/service.ts';
import { callColumns } from './export.ts';
import { callDirections, callOutcomes, callSources, numberKinds } from './schema.ts';
import * as svc from './service.ts';

const day = z.iso.date();
const direction = z.enum(callDirections);
const outcome = z.enum(callOutcomes);
const numberIn = searchInput(40).pipe(z.string().min(1)).describe('as typed: 138 1234 5678, +86 138…, 021-5555 6666, 0571 8888 6666, 400…');
const categoryIn = z.string().trim().min(1).max(32).describe('dictionary call_category');
const duration = z.number().int().min(0).max(86_400).describe('seconds');

const matchOut = z.object({
  customerId: z.number().nullable().describe('null when the customer is outside your data scope'),
  name: z.string().describe('masked (王**) outside your data scope'), inScope: z.boolean(), department: z.string().nullable(),
  member: z.object({ memberId: z.number(), memberNo: z.string(), status: z.string(), level: z.string().nullable() }).nullable(),
});
const callOut = z.object({
  id: z.number(), direction, number: z.string().describe('masked (138****5678) in lists and for customers outside your scope'),
  numberKind: z.enum(numberKinds), startedAt: isoDate, durationSeconds: z.number(), handlerId: z.number().nullable(), handlerName: z.string().nullable(),
  department: z.string().nullable(), category: z.string().nullable(), summary: z.string(), outcome,
  customerId: z.number().nullable().describe('null: unknown caller (or a customer outside your scope)'),
  customerName: z.string().nullable(), customerInScope: z.boolean().nullable(), leadId: z.number().nullable(),
  followUpOn: z.string().nullable(), followUpNote: z.string().nullable(), source: z.enum(callSources), callId: z.string().nullable(),
  createdBy: z.string(), createdAt: isoDate, updatedAt: isoDate,
});
const registerReply = z.object({ call: callOut, matches: z.array(matchOut).describe('who holds the number: several → choose one and link it') });

export default function routes(app: App, ctx: Ctx) {
  const tags = ['calls'];
  const read = 'calls.read' as const;
  const write = 'calls.write' as const;
  const tz = () => ctx.config.timeZone;
  const one = async (tx: Parameters<Parameters<Ctx['act']>[1]>[0], actor: Parameters<Parameters<Ctx['act']>[1]>[1], row: svc.CallRow, mask = false) =>
    (await svc.presentCalls(tx, actor, [row], { maskNumbers: mask }))[0];

  const listQuery = z.object({
    page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
    from: day.optional().describe('company day, inclusive'), to: day.optional().describe('company day, inclusive'),
    direction: direction.optional(), category: z.string().max(32).optional(), outcome: outcome.optional(), handlerId: idParam.optional(),
    department: z.string().max(60).optional(), customerId: idParam.optional(), number: searchInput(40).optional().describe('a whole number or its last 4+ digits'),
    source: z.enum(callSources).optional(), recognised: z.enum(['true', 'false']).optional(),
  });
  app.get('/calls', {
    config: { permission: read },
    schema: { tags, summary: 'Calls within the data scope, newest first, numbers masked; filters: company days, direction, category, outcome, handler, department, customer, number', querystring: listQuery, response: { 200: paged(callOut), ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.listCalls(tx, actor, req.query, tz())));

  exportRoute(app, ctx, { path: '/calls/export', permission: read, tags, query: listQuery }, {
    list: 'calls', title: ['通话记录', 'Calls'], columns: callColumns, dictionaries: ['call_category'],
    rows: (q, actor, _p, db) => keysetRows((before) => svc.listCalls(db, actor, { ...q, page: 1, pageSize: exportPageSize, before }, tz(), { clearNumbers: true })),
    auditFilters: (q) => ({ ...q, number: q.number ? '***' : undefined }),
  });

  app.get('/calls/lookup', {
    config: { permission: read },
    schema: {
      tags, summary: 'Screen pop (来电弹屏): who holds this number (masked outside your scope), their member number and level, and the last calls',
      querystring: z.object({ number: numberIn }),
      response: {
        200: z.object({
          number: z.string(), numberKind: z.enum(numberKinds), matches: z.array(matchOut),
          recognisedCustomerId: z.number().nullable().describe('the customer a call registered now would be linked to'),
          lastCalls: z.array(callOut),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.lookupCaller(tx, actor, req.query.number)));

  app.get('/calls/stats', {
    config: { permission: read, replica: true },
    schema: {
      tags, summary: 'Call statistics over [from, to] (company days, ≤ 366): totals, average duration, recognised rate, per day, category and handler',
      querystring: z.object({ from: day, to: day, direction: direction.optional(), department: z.string().max(60).optional() }),
      response: {
        200: z.object({
          from: z.string(), to: z.string(), total: z.number(), inbound: z.number(), outbound: z.number(), missed: z.number(), recognised: z.number(),
          recognisedRate: z.number().describe('recognised / total, 0..1'), avgDuration: z.number().describe('seconds, answered calls'),
          byDay: z.array(z.object({ day: z.string(), count: z.number(), inbound: z.number() })),
          byCategory: z.array(z.object({ category: z.string().nullable(), count: z.number() })),
          byHandler: z.array(z.object({ handlerId: z.number().nullable(), handlerName: z.string().nullable(), count: z.number(), avgDuration: z.number() })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.read(req, (db, actor) => svc.callStatistics(db, actor, req.query, tz())));

  app.get('/calls/handlers', {
    config: { permission: read },
    schema: {
      tags, summary: 'Active staff to pick a handler from (your department under a department scope, yourself under an own scope)',
      querystring: z.object({ search: z.string().max(60).optional() }),
      response: { 200: z.array(z.object({ id: z.number(), name: z.string(), login: z.string(), department: z.string().nullable() })), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => staffDirectory(tx, actor, req.query)));

  const registerBody = z.object({
    direction, number: numberIn, startedAt: z.coerce.date().nullish().describe('default: now'), durationSeconds: duration.optional(),
    handlerId: idField.nullish().describe('default: you'), department: z.string().trim().max(60).nullish(), category: categoryIn,
    summary: requiredLongText, outcome: outcome.optional(),
    customerId: idField.nullish().describe('omitted: recognised by number (linked when exactly one customer in your scope holds it); null: unknown caller'),
    followUpOn: day.nullish(), followUpNote: z.string().trim().max(500).nullish(),
  }).strict();
  app.post('/calls', {
    config: { permission: write },
    schema: { tags, summary: 'Register a call (来电登记); the caller is recognised by number', body: registerBody, response: { 200: registerReply, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const r = await svc.createCall(tx, actor, req.body, new Date());
    return { call: await one(tx, actor, r.call), matches: r.matches };
  }));

  app.get('/calls/:id', {
    config: { permission: read },
    schema: {
      tags, summary: "A call, whole number (masked for a customer outside your scope); for an unknown caller, who holds the number now", params: idParams,
      response: { 200: registerReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const c = await svc.getCallInScope(tx, actor, req.params.id);
    return { call: await one(tx, actor, c), matches: c.customerId == null ? await svc.recogniseCaller(tx, actor, c.number) : [] };
  }));

  app.patch('/calls/:id', {
    config: { permission: write },
    schema: {
      tags, summary: 'Edit a call: category, summary, outcome, follow-up, duration, direction; link the caller (customerId, in your scope) or unlink (null)', params: idParams,
      body: z.object({
        category: categoryIn.nullish(), summary: longText.optional(), outcome: outcome.optional(), direction: direction.optional(),
        durationSeconds: duration.optional(), customerId: idField.nullish(), followUpOn: day.nullish(), followUpNote: z.string().trim().max(500).nullish(),
      }).strict(),
      response: { 200: callOut, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => one(tx, actor, await svc.updateCall(tx, actor, req.params.id, req.body))));

  app.post('/calls/:id/delete', {
    config: { permission: write },
    schema: {
      tags, summary: 'Delete a call recorded by mistake (logical, with the reason; audited)', params: idParams,
      body: z.object({ reason: z.string().trim().min(1).max(500) }).strict(), response: { 200: z.object({ id: z.number(), deletedAt: isoDate, deletedReason: z.string() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const c = await svc.deleteCall(tx, actor, req.params.id, req.body.reason);
    return { id: c.id, deletedAt: c.deletedAt ?? new Date(), deletedReason: c.deletedReason ?? '' };
  }));

  app.post('/calls/:id/lead', {
    config: { permission: write },
    schema: {
      tags, summary: "Make a sales lead (线索) of an unknown caller's call, with its mobile (needs sales.write too)", params: idParams,
      body: z.object({
        name: z.string().trim().min(1).max(60), source: z.string().trim().min(1).max(32).nullish().describe('dictionary lead_source; default call (来电)'),
        intention: z.string().trim().max(500).nullish(), note: longText.nullish(), nextFollowUpOn: day.nullish(),
      }).strict(),
      response: {
        200: z.object({
          call: callOut, leadId: z.number(), leadName: z.string(),
          duplicate: z.object({ customerId: z.number().nullable(), name: z.string(), inScope: z.boolean(), isMember: z.boolean() }).nullable(),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const r = await svc.createLeadFromCall(tx, actor, req.params.id, req.body, svc.companyToday(tz()));
    return { call: await one(tx, actor, r.call), leadId: r.leadId, leadName: r.leadName, duplicate: r.duplicate };
  }));

  // ----- the phone system (CTI) -----
  app.post('/integration/calls', {
    config: { permission: 'integration.calls' },
    schema: {
      tags: ['integration'], summary: "Phone system (CTI): report a call, once per its call id (a repeat returns the first record, replayed: true); the caller is recognised by number",
      body: z.object({
        callId: z.string().trim().min(1).max(64), direction, number: numberIn, startedAt: z.iso.datetime({ offset: true }),
        durationSeconds: duration, agentLogin: z.string().trim().min(1).max(64).nullish().describe("the agent's ClubCRM login; omitted for a call nobody answered"),
        outcome: outcome.optional(), category: categoryIn.nullish(), summary: longText.nullish(),
      }).strict(),
      response: { 200: registerReply.extend({ replayed: z.boolean() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const r = await svc.recordCtiCall(tx, actor, { ...req.body, startedAt: new Date(req.body.startedAt) }, new Date());
    return { call: await one(tx, actor, r.call), matches: r.matches, replayed: r.replayed };
  }));
}
