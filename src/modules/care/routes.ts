import { z } from 'zod';
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { careResultColumns } from './export.ts';
import type { App, Ctx } from '../../http/context.ts';
import { longText, requiredLongText } from '../../http/schemas.ts';
import { asOfInput, requestedAsOf } from '../../jobs/as-of.ts';
import { commonErrors, idParams, isoDate, pageQuery, paged, idField } from '../../http/schemas.ts';
import { companyDate } from '../membership/env.ts';
import { listTriggerSettings, runCareTriggers, triggerCodes, updateTriggerSettings } from './automatic.ts';
import { assertMemberInScope } from '../membership/scope.ts';
import * as care from './service.ts';
import { careKinds, careMemberStatuses } from './schema.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const code = z.string().trim().min(1).max(64);

/** Member filters, shared by care actions and activity notices. */
export const memberFilters = z.object({
  levels: z.array(code).max(20).optional(),
  projects: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  tags: z.array(z.string().trim().min(1).max(32)).max(50).optional(),
  birthdayMonth: z.number().int().min(1).max(12).nullish(),
  lastActivityBefore: day.nullish(),
  joinedFrom: day.nullish(),
  joinedTo: day.nullish(),
  activityId: idField.nullish(),
  memberIds: z.array(idField).max(100_000).optional(),
  segmentId: idField.nullish().describe('the members of this saved segment (客群)'),
}).strict();

const careStatus = z.enum(careMemberStatuses);
const progress = z.object({
  total: z.number(), queued: z.number(), sent: z.number(), failed: z.number(), noRecipient: z.number(), pending: z.number(),
  reached: z.number(), unreached: z.number(), done: z.number(), points: z.number(),
});
const action = z.object({
  id: z.number(), kind: z.enum(careKinds), trigger: z.string().nullable(), groupKey: z.string().nullable(), title: z.string(),
  channel: z.string(), subject: z.string().nullable(), body: z.string(), points: z.number(), filters: z.record(z.string(), z.unknown()).nullable(),
  createdBy: z.string(), createdAt: isoDate, updatedAt: isoDate, sentBySystem: z.boolean(), progress,
});
const careMember = z.object({
  id: z.number(), careId: z.number(), title: z.string(), memberId: z.number(), memberNo: z.string(), name: z.string(), channel: z.string(), status: careStatus,
  recipient: z.string().nullable(), noticeId: z.number().nullable(), points: z.number(), refType: z.string().nullable(), refId: z.number().nullable(),
  resultNote: z.string().nullable(), resultBy: z.string().nullable(), resultAt: isoDate.nullable(), createdAt: isoDate,
});
const trigger = z.object({
  trigger: z.enum(triggerCodes), enabled: z.boolean(), channel: z.string(), subject: z.string().nullable(), body: z.string(), points: z.number(),
  updatedBy: z.string().nullable(), updatedAt: isoDate.nullable(),
});
const counts = { members: z.number(), reached: z.number(), unreached: z.number(), open: z.number(), actions: z.number() };

export default async function routes(app: App, ctx: Ctx) {
  const tags = ['care'];
  const permission = 'care.manage' as const;
  const tz = () => ctx.config.timeZone;

  app.post('/care/preview', {
    config: { permission },
    schema: {
      tags, summary: 'How many members the filters choose (with a mobile / an e-mail), and the first ten — before sending',
      body: z.object({ filters: memberFilters }).strict(),
      response: {
        200: z.object({
          count: z.number(), withMobile: z.number(), withEmail: z.number(),
          sample: z.array(z.object({
            memberId: z.number(), memberNo: z.string(), name: z.string(), mobile: z.string().nullable(), email: z.string().nullable(),
            birthday: z.string().nullable(), level: z.string().nullable(),
          })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => care.previewCare(ctx.db.db, req.body.filters, tz()));

  app.get('/care/actions', {
    config: { permission },
    schema: {
      tags, summary: 'Care actions (manual and automatic) with their progress',
      querystring: pageQuery.extend({
        kind: z.enum(careKinds).optional(), trigger: z.enum(triggerCodes).optional(), channel: code.optional(),
        q: z.string().max(100).optional(), from: day.optional(), to: day.optional(),
      }),
      response: { 200: paged(action), ...commonErrors },
    },
  }, async (req) => care.listCareActions(ctx.db.db, req.query, tz()));

  app.post('/care/actions', {
    config: { permission },
    schema: {
      tags, summary: 'Manual care: the members chosen by the filters receive it now — SMS / e-mail sent by the system, other channels queued for staff',
      description: '{name}, {memberNo}, {points} and {date} in the subject and message are filled in per member. points: given to each member as a ledger entry whose event is this care.',
      body: z.object({
        title: z.string().trim().min(1).max(100), channel: code, subject: z.string().max(200).nullish(), body: requiredLongText,
        points: z.number().int().min(0).max(1_000_000).optional(), filters: memberFilters,
      }).strict(),
      response: { 200: action, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => care.createCareAction(tx, actor, req.body, tz(), companyDate(tz()))));

  app.get('/care/actions/:id', {
    config: { permission },
    schema: { tags, summary: 'A care action with its progress (counts per result)', params: idParams, response: { 200: action, ...commonErrors } },
  }, async (req) => care.getCareAction(ctx.db.db, req.params.id));

  const careMemberQuery = pageQuery.extend({ status: careStatus.optional(), q: z.string().max(100).optional() });
  app.get('/care/actions/:id/members', {
    config: { permission },
    schema: {
      tags, summary: "A care action's members and each one's result", params: idParams,
      querystring: careMemberQuery,
      response: { 200: paged(careMember), ...commonErrors },
    },
  }, async (req) => {
    await care.getCareAction(ctx.db.db, req.params.id);
    return care.listCareMembers(ctx.db.db, { ...req.query, careId: req.params.id }, req.actor!);
  });

  exportRoute(app, ctx, { path: '/care/actions/:id/members/export', permission, tags, query: careMemberQuery, params: idParams }, {
    list: 'care-results', title: ['关怀结果', 'Care results'], columns: careResultColumns, dictionaries: ['care_channel'],
    rows: async (q, actor, { id }, db) => {
      await care.getCareAction(db, id);
      return keysetRows((before) => care.listCareMembers(db, { ...q, careId: id, page: 1, pageSize: exportPageSize, before }, actor));
    },
  });

  app.post('/care/actions/:id/results', {
    config: { permission },
    schema: {
      tags, summary: 'Record reached / unreached for members of a letter, magazine, website or user-defined care (members, or all still pending)',
      params: idParams,
      body: z.object({
        members: z.array(idField).max(100_000).optional(), allPending: z.boolean().optional(),
        result: z.enum(['reached', 'unreached']), note: longText.nullish(),
      }).strict(),
      response: { 200: z.object({ updated: z.number(), care: action }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => care.recordCareResults(tx, actor, req.params.id, req.body)));

  const careTaskQuery = pageQuery.extend({ status: careStatus.optional(), channel: code.optional(), q: z.string().max(100).optional() });
  app.get('/care/tasks', {
    config: { permission },
    schema: {
      tags, summary: 'Care tasks across actions (e.g. status=pending: letters, magazines… waiting for staff)',
      querystring: careTaskQuery,
      response: { 200: paged(careMember), ...commonErrors },
    },
  }, async (req) => care.listCareMembers(ctx.db.db, req.query, req.actor!));

  exportRoute(app, ctx, { path: '/care/tasks/export', permission, tags, query: careTaskQuery }, {
    list: 'care-results', title: ['关怀结果', 'Care results'], columns: careResultColumns, dictionaries: ['care_channel'],
    rows: (q, actor, _params, db) => keysetRows((before) => care.listCareMembers(db, { ...q, page: 1, pageSize: exportPageSize, before }, actor)),
  });

  app.get('/members/:id/care', {
    config: { permission },
    schema: {
      tags, summary: "A member's care history", params: idParams,
      response: { 200: z.array(careMember.extend({ kind: z.string(), trigger: z.string().nullable() })), ...commonErrors },
    },
  }, async (req) => {
    await assertMemberInScope(ctx.db.db, req.actor!, req.params.id);
    return care.careHistoryOfMember(ctx.db.db, req.params.id);
  });

  app.get('/care/statistics', {
    config: { permission, replica: true },
    schema: {
      tags, summary: 'Care by channel (shares), by trigger and per month (company time zone), with how many got through',
      querystring: z.object({ from: day.optional(), to: day.optional() }),
      response: {
        200: z.object({
          from: z.string().nullable(), to: z.string().nullable(),
          totals: z.object({ ...counts, distinctMembers: z.number() }),
          byChannel: z.array(z.object({ channel: z.string(), ...counts })),
          byTrigger: z.array(z.object({ trigger: z.string(), ...counts })),
          monthly: z.array(z.object({ month: z.string(), channel: z.string(), members: z.number() })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.read(req, (db) => care.careStatistics(db, req.query, tz())));

  // ----- automatic care -----
  app.get('/care/triggers', {
    config: { permission },
    schema: { tags, summary: 'Automatic care: the triggers (birthday, purchase, activity) with channel, template and points', response: { 200: z.array(trigger), ...commonErrors } },
  }, async (req) => listTriggerSettings(ctx.db.db, req.lang));

  app.patch('/care/triggers/:trigger', {
    config: { permission },
    schema: {
      tags, summary: 'Turn a trigger on or off; set its channel, template ({name}, {memberNo}, {date}, {activity}, {project}, {unit}, {points}) and points',
      params: z.object({ trigger: z.enum(triggerCodes) }),
      body: z.object({
        enabled: z.boolean().optional(), channel: code.optional(), subject: z.string().max(200).nullish(), body: longText.optional(),
        points: z.number().int().min(0).max(1_000_000).optional(),
      }).strict(),
      response: { 200: trigger, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => updateTriggerSettings(tx, actor, req.params.trigger, req.body, req.lang)));

  app.post('/care/triggers/run', {
    config: { permission },
    schema: {
      tags, summary: "Run the birthday trigger now (what the job does every 10 minutes); a member is cared for once per day",
      description: 'asOf (administrators, job.run): run it as of another day — a date in the company time zone or an ISO date-time.',
      body: z.object({ asOf: asOfInput.optional() }).strict().optional(),
      response: { 200: z.object({ birthday: z.object({ day: z.string(), added: z.number() }) }), ...commonErrors },
    },
  }, async (req) => runCareTriggers(ctx.db, ctx.config, requestedAsOf(req.actor!, req.body?.asOf, ctx.config.timeZone)));
}
