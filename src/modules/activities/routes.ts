import { z } from 'zod';
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { costColumns, participantColumns } from './export.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App, Ctx } from '../../http/context.ts';
import { longText, requiredLongText } from '../../http/schemas.ts';
import { AppError } from '../../http/errors.ts';
import { commonErrors, idParams, isoDate, pageQuery, paged, idField, idParam } from '../../http/schemas.ts';
import { t } from '../../i18n/index.ts';
import { memberFilters } from '../care/routes.ts';
import { assertMemberInScope } from '../membership/scope.ts';
import * as activities from './service.ts';
import { addCost, costsOf, removeCost } from './costs.ts';
import { activityStatuses, costBases } from './schema.ts';
import { noticesOfActivity, notifyMembers } from './notices.ts';
import { activitiesOfMember, listParticipants, maxBatchLines, recordParticipant, recordParticipantsBatch, type BatchReport } from './participants.ts';

const status = z.enum(activityStatuses);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const fen = z.number().int().min(0).max(1e13);
const activity = z.object({
  id: z.number(), name: z.string(), type: z.string(), startsOn: z.string(), endsOn: z.string(), status, pointsPerParticipant: z.number(),
  place: z.string().nullable(), expectedHeadcount: z.number().nullable(), planText: z.string().nullable(), budgetFen: z.number().nullable(),
  createdBy: z.string(), approvedBy: z.string().nullable(), approvedAt: isoDate.nullable(), rejectedBy: z.string().nullable(), rejectedAt: isoDate.nullable(),
  decisionNote: z.string().nullable(), closedAt: isoDate.nullable(), closedBy: z.string().nullable(),
  createdAt: isoDate, updatedAt: isoDate, deletedAt: isoDate.nullable(),
});
const figures = {
  participants: z.number(), perParticipantFen: z.number(), sharedFen: z.number(), totalFen: z.number(), perHeadFen: z.number().nullable(), pointsPosted: z.number(),
};
const costSummary = z.object(figures);
const cost = z.object({
  id: z.number(), activityId: z.number(), basis: z.enum(costBases), item: z.string(), costFen: z.number(), note: z.string().nullable(),
  createdBy: z.string(), createdAt: isoDate, deletedAt: isoDate.nullable(),
});
const participant = z.object({
  id: z.number(), activityId: z.number(), memberId: z.number(), memberNo: z.string(), name: z.string(), cardNo: z.string().nullable(),
  method: z.string(), attendedAt: isoDate, place: z.string().nullable(), points: z.number(), recordedBy: z.string(), createdAt: isoDate,
});
const noticeBatch = z.object({
  id: z.number(), activityId: z.number(), audience: z.string(), filters: z.record(z.string(), z.unknown()).nullable(), channels: z.array(z.string()),
  subject: z.string().nullable(), body: z.string(), members: z.number(), queued: z.number(), noRecipient: z.number(), createdBy: z.string(), createdAt: isoDate,
});
const lineReport = z.object({
  line: z.number(), value: z.string(), outcome: z.enum(['recorded', 'unknown', 'inactive', 'duplicate', 'already']),
  memberId: z.number().nullable(), memberNo: z.string().nullable(), name: z.string().nullable(), issue: z.string(),
});
const batchReply = z.object({
  activityId: z.number(), lines: z.number(), recorded: z.number(), unknown: z.number(), inactive: z.number(), duplicate: z.number(), already: z.number(),
  pointsEach: z.number(), report: z.array(lineReport),
});
const plan = {
  name: z.string().trim().min(1).max(100), type: z.string().max(32), startsOn: day, endsOn: day,
  pointsPerParticipant: z.number().int().min(0).max(1_000_000).optional(),
  place: z.string().max(200).nullish(), expectedHeadcount: z.number().int().min(0).max(1_000_000).nullish(),
  planText: longText.nullish(), budgetFen: fen.nullish(),
};
const when = { attendedAt: z.coerce.date().nullish(), place: z.string().max(200).nullish() };

export default async function routes(app: App, ctx: Ctx) {
  const tags = ['activities'];
  const tz = () => ctx.config.timeZone;

  app.get('/activities', {
    schema: {
      tags, summary: 'Activities by name, status, type and period (overlapping from…to), with participants and costs',
      querystring: pageQuery.extend({
        q: z.string().max(100).optional(), status: status.optional(), type: z.string().max(32).optional(), from: day.optional(), to: day.optional(),
      }),
      response: { 200: paged(activity.extend(figures)), ...commonErrors },
    },
  }, async (req) => activities.listActivitiesWithFigures(ctx.db.db, req.query));

  app.get('/activities/statistics', {
    config: { replica: true },
    schema: {
      tags, summary: 'Activities compared, for charts: cost by activity (pie), participants against the expected headcount (bar), totals by type',
      querystring: z.object({
        status: status.optional(), type: z.string().max(32).optional(), from: day.optional(), to: day.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(30),
      }),
      response: {
        200: z.object({
          items: z.array(z.object({
            id: z.number(), name: z.string(), type: z.string(), status, startsOn: z.string(), endsOn: z.string(),
            expectedHeadcount: z.number().nullable(), budgetFen: z.number().nullable(), ...figures,
          })),
          byType: z.array(z.object({ type: z.string(), activities: z.number(), participants: z.number(), totalFen: z.number() })),
          totals: z.object({ activities: z.number(), participants: z.number(), expected: z.number(), totalFen: z.number(), budgetFen: z.number() }),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.read(req, (db) => activities.activityStatistics(db, req.query)));

  app.get('/activities/:id', {
    schema: {
      tags, summary: 'One activity with its cost items, computed figures (total and per-head cost) and notices sent',
      params: idParams,
      response: { 200: activity.extend({ costs: z.array(cost), summary: costSummary, notices: z.array(noticeBatch) }), ...commonErrors },
    },
  }, async (req) => {
    const a = await activities.getActivity(ctx.db.db, req.params.id);
    const { items, summary } = await costsOf(ctx.db.db, a.id);
    return { ...a, costs: items, summary, notices: await noticesOfActivity(ctx.db.db, a.id) };
  });

  app.post('/activities', {
    config: { permission: 'activity.manage' },
    schema: { tags, summary: 'Plan an activity (it needs approval before anything is recorded)', body: z.object(plan).strict(), response: { 200: activity, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => activities.createActivity(tx, actor, req.body)));

  app.patch('/activities/:id', {
    config: { permission: 'activity.manage' },
    schema: {
      tags, summary: 'Edit a plan that is not closed; a rejected plan that is revised goes back to planned',
      params: idParams, body: z.object(plan).partial().strict(), response: { 200: activity, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => activities.updateActivity(tx, actor, req.params.id, req.body)));

  app.post('/activities/:id/approve', {
    config: { permission: 'activity.approve' },
    schema: {
      tags, summary: 'Approve a planned activity (审批通过), with an optional note', params: idParams,
      body: z.object({ note: longText.nullish() }).strict().optional(), response: { 200: activity, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => activities.approveActivity(tx, actor, req.params.id, req.body?.note)));

  app.post('/activities/:id/reject', {
    config: { permission: 'activity.approve' },
    schema: {
      tags, summary: 'Reject a planned activity (驳回) with the reason', params: idParams,
      body: z.object({ reason: requiredLongText }).strict(), response: { 200: activity, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => activities.rejectActivity(tx, actor, req.params.id, req.body.reason)));

  app.post('/activities/:id/close', {
    config: { permission: 'activity.manage' },
    schema: { tags, summary: 'Close an approved activity: nothing more is recorded', params: idParams, response: { 200: activity, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => activities.closeActivity(tx, actor, req.params.id)));

  // ----- participants -----
  const participantQuery = pageQuery.extend({ q: z.string().max(100).optional(), method: z.enum(['single', 'batch', 'card_reader']).optional() });
  app.get('/activities/:id/participants', {
    // members' names, numbers and cards: not for every signed-in caller (an integration token, say)
    config: { permission: 'member.read' },
    schema: {
      tags, summary: "An activity's participants within the reader's data scope (search by name, member no. or card no.)", params: idParams,
      querystring: participantQuery,
      response: { 200: paged(participant), ...commonErrors },
    },
  }, async (req) => {
    await activities.getActivity(ctx.db.db, req.params.id);
    return listParticipants(ctx.db.db, req.actor!, req.params.id, req.query);
  });

  exportRoute(app, ctx, { path: '/activities/:id/participants/export', permission: 'member.read', tags, query: participantQuery, params: idParams }, {
    list: 'activity-participants', title: ['活动参加者', 'Participants'], columns: participantColumns,
    rows: async (q, actor, { id }, db) => {
      await activities.getActivity(db, id);
      return keysetRows((before) => listParticipants(db, actor, id, { ...q, page: 1, pageSize: exportPageSize, before }));
    },
  });

  exportRoute(app, ctx, { path: '/activities/:id/costs/export', permission: 'report.read', tags, query: z.object({}), params: idParams }, {
    list: 'activity-costs', title: ['活动费用', 'Activity costs'], columns: costColumns,
    rows: async (_q, _actor, { id }, db) => (await costsOf(db, (await activities.getActivity(db, id)).id)).items,
  });

  app.post('/activities/:id/participants', {
    config: { permission: 'activity.manage' },
    schema: {
      tags, summary: 'Record one participant by card no. (typed, or swiped on a card reader: via=card_reader), member no. or member; posts the points once',
      description: 'A member already recorded for the activity → 409 PARTICIPANT_ALREADY_RECORDED (no second points). Before approval or after closing → 422.',
      params: idParams,
      body: z.object({
        cardNo: z.string().trim().max(64).nullish(), memberNo: z.string().trim().max(40).nullish(), memberId: idField.nullish(),
        via: z.enum(['single', 'card_reader']).optional(), ...when,
      }).strict(),
      response: { 200: z.object({ participant, balance: z.number().nullable() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => recordParticipant(tx, actor, req.params.id, req.body, { timeZone: tz() })));

  // card readers at the door (读卡器), as other systems: an API token with integration.cardReader
  app.post('/card-reader/activities/:id/participants', {
    config: { permission: 'integration.cardReader' },
    schema: {
      tags: ['card reader'], summary: "A swipe at an activity's door: the card holder is recorded as a participant (once) and given the activity's points",
      params: idParams,
      body: z.object({ cardNo: z.string().trim().min(1).max(64), ...when }).strict(),
      response: { 200: z.object({ participant, balance: z.number().nullable() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => recordParticipant(tx, actor, req.params.id, { ...req.body, via: 'card_reader' }, { timeZone: tz() })));

  const present = (r: BatchReport, lang: typeof ctx.config.defaultLanguage) => ({
    ...r,
    report: r.report.map(({ params, ...line }) => ({
      ...line,
      issue: t(lang, `activity.line.${line.outcome}`, { ...params, reason: typeof params.reason === 'string' ? t(lang, params.reason) : params.reason }),
    })),
  });

  app.post('/activities/:id/participants/batch', {
    config: { permission: 'activity.manage' },
    schema: {
      tags, summary: 'Record participants in batch: card or member numbers (text, one per line, or lines); a report per line',
      description: 'Valid lines are recorded; unknown, inactive (card lost/replaced/…, member left), duplicate (same member as an earlier line) and already recorded lines are reported. A replayed batch records nothing new and posts no points.',
      params: idParams,
      body: z.object({ text: z.string().max(2_000_000).optional(), lines: z.array(z.string().max(200)).max(maxBatchLines).optional(), ...when }).strict()
        .refine((b) => b.text !== undefined || b.lines !== undefined, { message: 'validation.required', path: ['text'] }),
      response: { 200: batchReply, ...commonErrors },
    },
  }, async (req) => present(await ctx.act(req, (tx, actor) => recordParticipantsBatch(tx, actor, req.params.id, { text: req.body.lines ?? req.body.text ?? '', attendedAt: req.body.attendedAt, place: req.body.place }, { timeZone: tz() })), req.lang));

  // an uploaded file (CSV or plain text) as the raw request body
  const fileTypes = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream'];
  app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    // a plugin's instance starts without the type provider: given back, so this reply is type-checked too
    scoped.withTypeProvider<ZodTypeProvider>().post('/activities/:id/participants/upload', {
      config: { permission: 'activity.manage' },
      schema: {
        tags, summary: 'Record participants from an uploaded CSV or plain-text file of card numbers (first column), sent as the request body; a report per line',
        params: idParams, querystring: z.object(when),
        response: { 200: batchReply, ...commonErrors },
      },
    }, async (req) => {
      const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!fileTypes.includes(type)) throw new AppError(400, 'VALIDATION_FAILED', 'validation.failed', {}, [{ field: 'file', key: 'activity.unsupportedType' }]);
      const text = (req.body as Buffer).toString('utf8');
      (req as { body: unknown }).body = { text }; // what Idempotency-Key compares
      return present(await ctx.act(req, (tx, actor) => recordParticipantsBatch(tx, actor, req.params.id, { text, ...req.query }, { timeZone: tz() })), req.lang);
    });
  });

  // ----- costs -----
  app.post('/activities/:id/costs', {
    config: { permission: 'activity.manage' },
    schema: {
      tags, summary: 'Add a cost item: per participant (an amount per head) or shared (one amount); fen, ≥ 0', params: idParams,
      body: z.object({ basis: z.enum(costBases), item: z.string().trim().min(1).max(100), costFen: fen, note: longText.nullish() }).strict(),
      response: { 200: cost, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => addCost(tx, actor, req.params.id, req.body)));

  app.delete('/activities/:id/costs/:costId', {
    config: { permission: 'activity.manage' },
    schema: {
      tags, summary: 'Remove a cost item entered by mistake (while the activity is open)',
      params: z.object({ id: idParam, costId: idParam }),
      response: { 200: cost, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => removeCost(tx, actor, req.params.id, req.params.costId)));

  // ----- notices -----
  app.post('/activities/:id/notices', {
    config: { permission: 'activity.manage' },
    schema: {
      tags, summary: 'Send an SMS and/or e-mail to the participants or to members chosen by filters, through the notices outbox',
      description: '{name}, {memberNo}, {activity}, {place}, {startsOn} and {endsOn} in the subject and message are filled in per member.',
      params: idParams,
      body: z.object({
        audience: z.enum(['participants', 'filtered']), filters: memberFilters.nullish(),
        channels: z.array(z.enum(['sms', 'email'])).min(1).max(2), subject: z.string().max(200).nullish(), body: z.string().trim().min(1).max(2000),
      }).strict(),
      response: { 200: noticeBatch, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => notifyMembers(tx, actor, req.params.id, req.body, tz())));

  app.get('/members/:id/activities', {
    config: { permission: 'member.read' },
    schema: {
      tags, summary: 'The activities a member took part in', params: idParams,
      response: {
        200: z.array(z.object({
          activityId: z.number(), name: z.string(), type: z.string(), status: z.string(), attendedAt: isoDate, place: z.string().nullable(), points: z.number(), method: z.string(),
        })),
        ...commonErrors,
      },
    },
  }, async (req) => {
    await assertMemberInScope(ctx.db.db, req.actor!, req.params.id);
    return activitiesOfMember(ctx.db.db, req.params.id);
  });
}
