import { z } from 'zod';
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { complaintColumns } from './export.ts';
import type { App, Ctx } from '../../http/context.ts';
import { longText, phoneInput, requiredLongText } from '../../http/schemas.ts';
import { asOfInput, requestedAsOf } from '../../jobs/as-of.ts';
import { commonErrors, idParams, isoDate, pageQuery, paged, idParam } from '../../http/schemas.ts';
import * as svc from './service.ts';
import * as queries from './queries.ts';

/** A day of the company's time zone (2025-03-14) or an ISO date-time. */
export const dayOrInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'validation.dayOrInstant')
  .refine((s) => !Number.isNaN(new Date(s.length === 10 ? `${s}T00:00:00Z` : s).getTime()), 'validation.dayOrInstant');
const idList = idParam;
const importance = z.enum(svc.importances);
const status = z.enum(['pending', 'processing', 'done']);
const text = (max: number) => z.string().trim().min(1).max(max);

const complaintCore = {
  id: z.number(), complaintNo: z.string(), channel: z.string(), type: z.string(), memberId: z.number().nullable(), memberNo: z.string().nullable(),
  cardNo: z.string().nullable(), complainantName: z.string(), complainantPhone: z.string().nullable(), content: z.string(),
  receiverId: z.number(), receiverName: z.string().nullable(), receivedAt: isoDate, importance: z.string(), status: z.string(),
  closedAt: isoDate.nullable(), closedBy: z.number().nullable(), closeNote: z.string().nullable(), reopenCount: z.number(),
  createdBy: z.string(), createdAt: isoDate, updatedAt: isoDate,
};
const listItem = z.object({ ...complaintCore, stepCount: z.number(), openSteps: z.number(), overdueSteps: z.number() });
const step = z.object({
  id: z.number(), complaintId: z.number(), seq: z.number(), stepAt: isoDate, handlerId: z.number(), handlerName: z.string().nullable(),
  department: z.string().nullable(), opinion: z.string(), expectedFinishAt: isoDate.nullable(), finishedAt: isoDate.nullable(),
  finishedBy: z.number().nullable(), finishedByName: z.string().nullable(), finishNote: z.string().nullable(),
  remindedAt: isoDate.nullable(), reminderNoticeId: z.number().nullable(), overdue: z.boolean(), createdBy: z.string(), createdAt: isoDate,
});
const stepRow = step.omit({ handlerName: true, finishedByName: true, overdue: true });
const eventRow = z.object({ id: z.number(), complaintId: z.number(), at: isoDate, actorName: z.string(), kind: z.string(), stepId: z.number().nullable(), note: z.string().nullable() });
const goodwillRow = z.object({
  id: z.number(), complaintId: z.number(), memberId: z.number(), points: z.number(), reason: z.string(), entryId: z.number().nullable(),
  grantedBy: z.string(), grantedAt: isoDate,
});
const detail = z.object({ ...complaintCore, closedByName: z.string().nullable(), steps: z.array(step), events: z.array(eventRow), goodwill: z.array(goodwillRow) });
const record = z.object(Object.fromEntries(Object.entries(complaintCore).filter(([k]) => k !== 'memberNo' && k !== 'receiverName')) as Omit<typeof complaintCore, 'memberNo' | 'receiverName'>);
const counted = z.object({ key: z.string(), count: z.number() });
const labelled = counted.extend({ labelZh: z.string(), labelEn: z.string() });

export default function routes(app: App, ctx: Ctx) {
  const tags = ['complaints'];
  const permission = 'complaint.manage' as const;
  const tz = () => ctx.config.timeZone;

  const complaintQuery = pageQuery.extend({
    complaintNo: z.string().max(40).optional(), channel: z.string().max(32).optional(), type: z.string().max(32).optional(),
    status: status.optional(), importance: importance.optional(), memberId: idList.optional(), cardNo: z.string().max(40).optional(),
    complainant: z.string().max(60).optional(), content: z.string().max(200).optional(),
    receivedFrom: dayOrInstant.optional(), receivedTo: dayOrInstant.optional(), receiverId: idList.optional(),
    handledFrom: dayOrInstant.optional(), handledTo: dayOrInstant.optional(), department: z.string().max(60).optional(), handlerId: idList.optional(),
    overdue: z.enum(['true', 'false']).optional(),
  });
  app.get('/complaints', {
    config: { permission },
    schema: {
      tags, summary: 'Search complaints (channel, type, fuzzy content, receipt time/receiver, handling time/department/handler, overdue)',
      querystring: complaintQuery,
      response: { 200: paged(listItem), ...commonErrors },
    },
  }, async (req) => queries.listComplaints(ctx.db.db, req.actor!, { ...req.query, overdue: req.query.overdue === 'true' }, new Date(), tz()));

  exportRoute(app, ctx, { path: '/complaints/export', permission, tags, query: complaintQuery }, {
    list: 'complaints', title: ['投诉', 'Complaints'], columns: complaintColumns, dictionaries: ['complaint_channel', 'complaint_type'],
    rows: (q, actor, _params, db) => keysetRows((before) => queries.listComplaints(db, actor, { ...q, overdue: q.overdue === 'true', page: 1, pageSize: exportPageSize, before }, new Date(), tz())),
  });

  app.post('/complaints', {
    config: { permission },
    schema: {
      tags, summary: 'Receive a complaint (受理)',
      body: z.object({
        channel: z.string().max(32), type: z.string().max(32),
        memberId: idList.nullish(), memberNo: z.string().trim().max(40).nullish(), cardNo: z.string().trim().max(40).nullish(),
        complainantName: z.string().trim().max(60).nullish(), complainantPhone: phoneInput.nullish(),
        content: requiredLongText, receiverId: idList.nullish(), receivedAt: z.coerce.date().nullish(), importance: importance.optional(),
      }).strict(),
      response: { 200: record, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.receiveComplaint(tx, actor, req.body, new Date(), tz())));

  app.get('/complaints/staff', {
    config: { permission },
    schema: {
      tags, summary: 'Active staff to choose a receiver or handler from',
      querystring: z.object({ search: z.string().max(60).optional() }),
      response: { 200: z.array(z.object({ id: z.number(), name: z.string(), login: z.string(), department: z.string().nullable() })), ...commonErrors },
    },
  }, async (req) => svc.staffDirectory(ctx.db.db, req.query));

  app.get('/complaints/overdue', {
    config: { permission },
    schema: {
      tags, summary: 'Overdue steps: unfinished and past their expected finish, with the reminder sent',
      querystring: pageQuery.extend({ handlerId: idList.optional(), department: z.string().max(60).optional() }),
      response: {
        200: paged(z.object({
          stepId: z.number(), seq: z.number(), complaintId: z.number(), complaintNo: z.string(), complaintType: z.string(), complaintChannel: z.string(),
          importance: z.string(), complainantName: z.string(), content: z.string(), stepAt: isoDate, handlerId: z.number(), handlerName: z.string().nullable(),
          department: z.string().nullable(), opinion: z.string(), expectedFinishAt: isoDate, overdueHours: z.number(), remindedAt: isoDate.nullable(),
        })),
        ...commonErrors,
      },
    },
  }, async (req) => queries.listOverdueSteps(ctx.db.db, req.actor!, req.query, new Date()));

  app.post('/complaints/overdue/remind', {
    config: { permission },
    schema: {
      tags, summary: 'Send the overdue reminders now (what the job does every 10 minutes); each step is reminded once',
      description: 'asOf (administrators, job.run): the steps overdue as of another day — a date in the company time zone or an ISO date-time.',
      body: z.object({ asOf: asOfInput.optional() }).strict().optional(),
      response: { 200: z.object({ reminded: z.number(), stepIds: z.array(z.number()) }), ...commonErrors },
    },
  }, async (req) => {
    const asOf = requestedAsOf(req.actor!, req.body?.asOf, ctx.config.timeZone);
    return ctx.act(req, (tx, actor) => queries.remindOverdueStepsTx(tx, actor, ctx.config, asOf));
  });

  app.get('/complaints/statistics', {
    config: { permission, replica: true },
    schema: {
      tags, summary: 'Counts by type, channel, status and month; average time to close; overdue rate',
      querystring: z.object({ from: dayOrInstant.optional(), to: dayOrInstant.optional() }),
      response: {
        200: z.object({
          from: z.string().nullable(), to: z.string().nullable(), received: z.number(), closed: z.number(), avgHoursToClose: z.number().nullable(),
          byType: z.array(labelled), byChannel: z.array(labelled), byStatus: z.array(counted), byImportance: z.array(counted),
          monthly: z.array(z.object({ month: z.string(), received: z.number(), closed: z.number() })),
          steps: z.object({ withDue: z.number(), overdue: z.number(), openOverdue: z.number(), overdueRate: z.number() }),
          complaintsWithOverdue: z.number(), complaintOverdueRate: z.number(),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.read(req, (db, actor) => queries.complaintStatistics(db, actor, req.query, new Date(), tz())));

  app.get('/complaints/:id', {
    config: { permission },
    schema: { tags, summary: 'A complaint with its steps, history and goodwill points', params: idParams, response: { 200: detail, ...commonErrors } },
  }, async (req) => svc.getComplaint(ctx.db.db, req.actor!, req.params.id, new Date()));

  app.patch('/complaints/:id', {
    config: { permission },
    schema: {
      tags, summary: 'Correct the receipt of an open complaint', params: idParams,
      body: z.object({
        channel: z.string().max(32).optional(), type: z.string().max(32).optional(), content: requiredLongText.optional(), importance: importance.optional(),
        complainantName: z.string().trim().max(60).optional(), complainantPhone: phoneInput.nullish(),
      }).strict(),
      response: { 200: record, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.updateComplaint(tx, actor, req.params.id, req.body, new Date())));

  app.post('/complaints/:id/steps', {
    config: { permission },
    schema: {
      tags, summary: 'Add a processing step (time, handler, department, opinion, expected finish)', params: idParams,
      body: z.object({
        stepAt: z.coerce.date().nullish(), handlerId: idList, department: z.string().trim().max(60).nullish(), opinion: requiredLongText,
        expectedFinishAt: z.coerce.date().nullish(),
      }).strict(),
      response: { 200: stepRow, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.addStep(tx, actor, req.params.id, req.body, new Date(), tz())));

  app.post('/complaints/:id/steps/:stepId/finish', {
    config: { permission },
    schema: {
      tags, summary: 'Mark a step finished', params: idParams.extend({ stepId: idList }),
      body: z.object({ finishedAt: z.coerce.date().nullish(), note: longText.nullish() }).strict(),
      response: { 200: stepRow, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.finishStep(tx, actor, req.params.id, req.params.stepId, req.body, new Date(), tz())));

  app.post('/complaints/:id/close', {
    config: { permission },
    schema: {
      tags, summary: 'Close (done): every step must be finished; says nothing about satisfaction', params: idParams,
      body: z.object({ note: longText.nullish() }).strict(),
      response: { 200: record, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.closeComplaint(tx, actor, req.params.id, req.body, new Date())));

  app.post('/complaints/:id/reopen', {
    config: { permission },
    schema: {
      tags, summary: 'Reopen a done complaint (back to processing) with a reason', params: idParams,
      body: z.object({ reason: requiredLongText }).strict(),
      response: { 200: record, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.reopenComplaint(tx, actor, req.params.id, req.body, new Date())));

  app.post('/complaints/:id/goodwill', {
    config: { permission },
    schema: {
      tags, summary: 'Grant goodwill points (a ledger entry whose event is the complaint)', params: idParams,
      body: z.object({ points: z.number().int().min(1).max(100_000), reason: requiredLongText }).strict(),
      response: { 200: goodwillRow.extend({ entryState: z.string() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.grantGoodwill(tx, actor, req.params.id, req.body, new Date())));
}
