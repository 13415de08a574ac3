import type { FastifyRequest } from 'fastify';
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { entryColumns } from './export.ts';
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { loggableError } from '../../http/errors.ts';
import { longText, requiredLongText } from '../../http/schemas.ts';
import { entryKey } from './request.ts';
import { earningsWriter, isCoalescable } from './earnings.ts';
import { pointsEarnings } from '../../metrics.ts';
import { commonErrors, idParams, isoDate, pageQuery, paged, idField, idParam, bigIdParam, bigIdParams } from '../../http/schemas.ts';
import { createBatch, getBatch, listBatches, maxBatchMembers, resumeBatch, revertBatch, runBatch } from './batches.ts';
import { getMemberFacts } from './members.ts';
import { pickableEvents } from './events.ts';
import { assertMemberInScope } from './scope.ts';
import { createRule, getSettings, listRules, updateRule, updateSettings, ruleEventTypes } from './rules.ts';
import * as points from './service.ts';
import { pointsStats } from './stats.ts';
import { pointsDashboard } from './dashboard.ts';
import { sourceTypes } from './ledger.ts';
import redemptionRoutes from './redemption-routes.ts';
import './jobs.ts';
import { batchStatuses, entryStates, expiryModes, ruleFormulas } from './schema.ts';

const state = z.enum(entryStates);
export const entryReply = z.object({
  id: z.number(), memberId: z.number(), amount: z.number(), state, sourceType: z.string(), sourceId: z.number(),
  idempotencyKey: z.string(), correctsEntryId: z.number().nullable(), ruleId: z.number().nullable(), batchId: z.number().nullable(),
  reason: z.string().nullable(), actorKind: z.string(), actorId: z.number().nullable(), actorName: z.string(), createdAt: isoDate,
  postedAt: isoDate.nullable(), decidedBy: z.string().nullable(), decidedAt: isoDate.nullable(), decisionNote: z.string().nullable(),
});
const listedEntry = entryReply.extend({ memberNo: z.string().nullable(), memberName: z.string().nullable() });
export const postedReply = z.object({ entry: entryReply, replayed: z.boolean(), balance: z.number() });
const lot = z.object({
  id: z.number(), memberId: z.number(), entryId: z.number(), amount: z.number(), remaining: z.number(), expired: z.number(),
  earnedAt: isoDate, expiresAt: isoDate.nullable(), sourceType: z.string(), sourceId: z.number(), reason: z.string().nullable(),
});
const rule = z.object({
  id: z.number(), name: z.string(), eventType: z.string(), formula: z.enum(ruleFormulas), points: z.number(), perFen: z.number().nullable(),
  eligibleLevels: z.array(z.string()), autoApprove: z.boolean(), active: z.boolean(), createdAt: isoDate, updatedAt: isoDate,
});
const settings = z.object({
  expiryMode: z.enum(expiryModes), expiryMonths: z.number(), expiryYears: z.number(), reminderDays: z.number(),
  reminderChannel: z.string(), balanceReminderDay: z.number().nullable(), timeZone: z.string(), updatedAt: isoDate, updatedBy: z.string().nullable(),
});
const batch = z.object({
  id: z.number(), amount: z.number(), sourceType: z.string(), sourceId: z.number(), reason: z.string().nullable(), total: z.number(),
  processed: z.number(), posted: z.number(), percent: z.number(), status: z.enum(batchStatuses),
  error: z.record(z.string(), z.unknown()).nullable(), inputSummary: z.record(z.string(), z.unknown()).nullable(), actorName: z.string(),
  createdAt: isoDate, startedAt: isoDate.nullable(), finishedAt: isoDate.nullable(),
});
const amount = z.number().int().refine((v) => v !== 0 && Math.abs(v) <= 100_000_000, 'points.amountInvalid').describe('signed points: + add, − deduct');
const sourceType = z.enum(sourceTypes);
const reason = longText.nullish();

export default async function routes(app: App, ctx: Ctx) {
  const postEarning = earningsWriter(ctx.db);
  /** One posting of a request: earnings for activities go together with others arriving at the same time (earnings.ts), the rest one at a time. */
  const postFromRequest = async (req: FastifyRequest, body: Omit<points.ManualInput, 'idempotencyKey'>) => {
    const input = { ...body, idempotencyKey: entryKey(req) };
    const coalescable = isCoalescable(req.actor!, input);
    const together = coalescable ? await postEarning(req, input, input.idempotencyKey) : null;
    if (coalescable) pointsEarnings.inc({ path: together ? 'together' : 'alone' });
    if (together) return together;
    await ctx.reauthenticate(req);
    return ctx.act(req, (tx, actor) => points.postManual(tx, actor, input));
  };
  const tags = ['points'];

  app.get('/members/:id/points', {
    config: { permission: 'points.read' },
    schema: {
      tags, summary: "A member's points: balance, level, totals, what expires within 30 days", params: idParams,
      response: {
        200: z.object({
          memberId: z.number(), memberNo: z.string(), memberName: z.string().nullable(), memberStatus: z.string(), balance: z.number(), level: z.string().nullable(), cardNo: z.string().nullable(),
          earned: z.number(), redeemed: z.number(), expired: z.number(), pendingEntries: z.number(), expiringIn30Days: z.number(), nextExpiry: isoDate.nullable(),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => {
    await assertMemberInScope(ctx.db.db, req.actor!, req.params.id);
    return points.accountSummary(ctx.db.db, req.params.id);
  });

  app.get('/points/members/find', {
    config: { permission: 'points.read' },
    schema: {
      tags, summary: 'Find a member by a swiped card number or a member number: balance, level, totals',
      querystring: z.object({ q: z.string().trim().min(1).max(64) }),
      response: {
        200: z.object({
          memberId: z.number(), memberNo: z.string(), memberName: z.string().nullable(), memberStatus: z.string(), balance: z.number(),
          level: z.string().nullable(), cardNo: z.string().nullable(), swipedCardNo: z.string().nullable(), swipedCardStatus: z.string().nullable(),
          earned: z.number(), redeemed: z.number(), expired: z.number(), pendingEntries: z.number(), expiringIn30Days: z.number(), nextExpiry: isoDate.nullable(),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => {
    const found = await points.findMemberForPoints(ctx.db.db, req.query.q);
    await assertMemberInScope(ctx.db.db, req.actor!, found.memberId);
    return found;
  });

  app.get('/members/:id/points/lots', {
    config: { permission: 'points.read' },
    schema: {
      tags, summary: "A member's lots with their expiry (open ones first, soonest expiry first)", params: idParams,
      querystring: z.object({ open: z.enum(['true', 'false']).optional() }), response: { 200: z.array(lot), ...commonErrors },
    },
  }, async (req) => {
    await assertMemberInScope(ctx.db.db, req.actor!, req.params.id);
    await getMemberFacts(ctx.db.db, req.params.id);
    return points.listLots(ctx.db.db, req.params.id, { open: req.query.open === 'true' });
  });

  const entryQuery = pageQuery.extend({
    memberId: idParam.optional(), state: state.optional(), sourceType: sourceType.optional(),
    sourceId: bigIdParam.optional(), batchId: idParam.optional(),
  });
  app.get('/points/entries', {
    config: { permission: 'points.read' },
    schema: {
      tags, summary: 'Ledger entries (the approval queue is state=pending)',
      querystring: entryQuery,
      response: { 200: paged(listedEntry), ...commonErrors },
    },
  }, async (req) => points.listEntries(ctx.db.db, req.query, req.actor!));

  exportRoute(app, ctx, { path: '/points/entries/export', permission: 'points.read', tags, query: entryQuery }, {
    list: 'points-entries', title: ['积分流水', 'Points entries'], columns: entryColumns,
    rows: (q, actor, _params, db) => keysetRows((before) => points.listEntries(db, { ...q, page: 1, pageSize: exportPageSize, before }, actor)),
  });

  app.get('/points/entries/:id', {
    config: { permission: 'points.read' },
    schema: {
      tags, summary: 'One entry with the lot it opened, the lots it took from or gave back to, and its corrections', params: bigIdParams,
      response: {
        200: entryReply.extend({
          lot: lot.omit({ sourceType: true, sourceId: true, reason: true }).nullable(),
          moves: z.array(z.object({ lotId: z.number(), amount: z.number(), expiresAt: isoDate.nullable() })),
          corrections: z.array(entryReply),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => {
    const detail = await points.entryDetail(ctx.db.db, req.params.id);
    await assertMemberInScope(ctx.db.db, req.actor!, detail.memberId);
    return detail;
  });

  app.post('/points/entries', {
    config: { permission: 'points.adjust', rememberActor: true },
    schema: {
      tags, summary: 'Add or deduct points for one member (or one swiped card) and one business event; Idempotency-Key becomes the entry key',
      description: 'sourceType adjustment (调整): no event (sourceId is left out), a reason is required, and the entry always waits as pending for someone holding points.approve.',
      body: z.object({
        memberId: idField.nullish(), cardNo: z.string().trim().min(1).max(64).nullish(),
        amount, sourceType: z.enum(points.manualSourceTypes), sourceId: idField.nullish().describe('the business event; required except for an adjustment'), reason,
      }),
      response: { 200: postedReply, ...commonErrors },
    },
  }, async (req) => postFromRequest(req, req.body));

  app.post('/points/entries/:id/approve', {
    config: { permission: 'points.approve' },
    schema: { tags, summary: 'Approve a pending entry (it posts)', params: bigIdParams, body: z.object({ note: reason }), response: { 200: postedReply, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => points.approveEntry(tx, actor, req.params.id, req.body.note)));

  app.post('/points/entries/:id/reject', {
    config: { permission: 'points.approve' },
    schema: { tags, summary: 'Reject a pending entry', params: bigIdParams, body: z.object({ note: requiredLongText }), response: { 200: entryReply, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => points.rejectEntry(tx, actor, req.params.id, req.body.note)));

  app.post('/points/entries/:id/correct', {
    config: { permission: 'points.approve' },
    schema: {
      tags, summary: 'Correct a posted entry (冲正): a new entry naming it; by default it undoes it whole',
      description: 'The deduction of a redemption still pending (待交付) is refused (422 REDEMPTION_PENDING): cancel the redemption instead, '
        + 'which gives the points back and restores the stock. Once delivered, its deduction may be corrected.',
      params: bigIdParams, body: z.object({ amount: amount.nullish(), reason: requiredLongText }),
      response: { 200: postedReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => points.correctEntry(tx, actor, { entryId: req.params.id, ...req.body, idempotencyKey: entryKey(req) })));

  app.get('/points/events', {
    config: { permission: 'points.read' },
    schema: {
      tags, summary: 'Business events points may be booked for (the event picker), within the data scope',
      description: 'With memberId: the member\'s fully paid purchases, the activities they took part in (open, or closed within 90 days), their care records, their complaints (those the caller may see). Without: open activities and recent care actions (batch points). A member outside the data scope → 404.',
      querystring: z.object({ sourceType: z.enum(points.manualSourceTypes), memberId: idParam.optional(), q: z.string().max(100).optional() }),
      response: { 200: z.array(z.object({ id: z.number(), label: z.string(), hint: z.string().nullable() })), ...commonErrors },
    },
  }, async (req) => pickableEvents(ctx.db.db, req.actor!, req.lang, ctx.config.timeZone, req.query));

  app.post('/points/batches', {
    config: { permission: 'points.adjust' },
    schema: {
      tags, summary: 'Batch points: one event, many members (card or member numbers, one per line); checked whole, then run as a job',
      body: z.object({
        lines: z.array(z.string().max(64)).min(1).max(maxBatchMembers * 2), amount,
        sourceType: z.enum(['activity', 'care', 'complaint']), sourceId: idField, reason,
      }),
      response: { 200: batch, ...commonErrors },
    },
  }, async (req) => {
    const created = await ctx.act(req, async (tx, actor) => {
      const b = await createBatch(tx, actor, { ...req.body, idempotencyKey: entryKey(req) });
      return getBatch(tx, b.id);
    });
    // start at once in this process; the job picks it up after a crash or in another process
    setImmediate(() => {
      runBatch(ctx.db, created.id, { chunkSize: ctx.config.pointsBatchChunk }).catch((err) => req.log.error({ err: loggableError(err), batch: created.id }, 'points batch failed to run'));
    });
    return created;
  });

  app.get('/points/batches', {
    config: { permission: 'points.read' },
    schema: { tags, summary: 'Points batches with their progress', querystring: pageQuery, response: { 200: paged(batch), ...commonErrors } },
  }, async (req) => listBatches(ctx.db.db, req.query));

  app.get('/points/batches/:id', {
    config: { permission: 'points.read' },
    schema: { tags, summary: "A batch's progress", params: idParams, response: { 200: batch, ...commonErrors } },
  }, async (req) => getBatch(ctx.db.db, req.params.id));

  app.post('/points/batches/:id/resume', {
    config: { permission: 'points.approve' },
    schema: { tags, summary: 'Resume a failed batch from where it stopped', params: idParams, response: { 200: batch, ...commonErrors } },
  }, async (req) => {
    const b = await ctx.act(req, (tx, actor) => resumeBatch(tx, actor, req.params.id));
    setImmediate(() => { runBatch(ctx.db, b.id, { chunkSize: ctx.config.pointsBatchChunk }).catch((err) => req.log.error({ err: loggableError(err) }, 'points batch failed to run')); });
    return b;
  });

  app.post('/points/batches/:id/revert', {
    config: { permission: 'points.approve' },
    schema: { tags, summary: 'Revert a failed deduction batch: every point it took goes back to its lots', params: idParams, response: { 200: batch, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => revertBatch(tx, actor, req.params.id)));

  app.get('/points/rules', {
    config: { permission: 'points.read' },
    schema: { tags, summary: 'Trigger rules (event type → points, levels, auto-approve)', response: { 200: z.array(rule), ...commonErrors } },
  }, async () => listRules(ctx.db.db));

  const ruleBody = z.object({
    name: z.string().trim().min(1).max(100), eventType: z.enum(ruleEventTypes), formula: z.enum(ruleFormulas), points: amount,
    perFen: z.number().int().positive().max(1_000_000_000_00).nullish(), eligibleLevels: z.array(z.string().max(32)).max(20).optional(),
    autoApprove: z.boolean().optional(), active: z.boolean().optional(),
  });
  app.post('/points/rules', {
    config: { permission: 'points.rules' },
    schema: { tags, summary: 'Add a trigger rule', body: ruleBody, response: { 200: rule, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => createRule(tx, actor, req.body)));

  app.patch('/points/rules/:id', {
    config: { permission: 'points.rules' },
    schema: { tags, summary: 'Edit a trigger rule', params: idParams, body: ruleBody.partial().strict(), response: { 200: rule, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => updateRule(tx, actor, req.params.id, req.body)));

  app.get('/points/settings', {
    config: { permission: 'points.read' },
    schema: { tags, summary: 'Expiry and reminder settings', response: { 200: settings, ...commonErrors } },
  }, async () => getSettings(ctx.db.db));

  app.patch('/points/settings', {
    config: { permission: 'points.rules' },
    schema: {
      tags, summary: 'Edit expiry and reminder settings (new lots take the new expiry)',
      body: z.object({
        expiryMode: z.enum(expiryModes).optional(), expiryMonths: z.number().int().min(1).max(600).optional(),
        expiryYears: z.number().int().min(0).max(50).optional(), reminderDays: z.number().int().min(0).max(365).optional(),
        reminderChannel: z.enum(['sms', 'email']).optional(), balanceReminderDay: z.number().int().min(1).max(28).nullish(),
      }).strict(),
      response: { 200: settings, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => updateSettings(tx, actor, req.body)));

  app.get('/points/stats', {
    config: { permission: 'report.read', replica: true },
    schema: {
      tags, summary: 'Points issued, redeemed, expired per month; by event type; outstanding',
      querystring: z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() }),
      response: {
        200: z.object({
          months: z.array(z.object({ month: z.string(), issued: z.number(), redeemed: z.number(), expired: z.number(), corrected: z.number(), net: z.number() })),
          bySource: z.array(z.object({ sourceType: z.string(), points: z.number(), entries: z.number() })),
          outstanding: z.number(), membersWithPoints: z.number(), pendingEntries: z.number(),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.read(req, (db) => pointsStats(db, req.query)));

  const flows = { issued: z.number(), redeemed: z.number(), expired: z.number(), corrected: z.number(), net: z.number(),
    redemptionRate: z.number().nullable().describe('redeemed ÷ issued'), expiryRate: z.number().nullable().describe('expired ÷ issued') };
  app.get('/points/dashboard', {
    config: { permission: 'points.read', replica: true },
    schema: {
      tags, summary: 'Points liability (by level, by expiry month) and redemption rate per month, quarter or year, within the data scope; from the summaries the points-summary job keeps',
      querystring: z.object({
        from: z.iso.date().optional().describe('company date, included; default: first day of the month eleven months ago'),
        to: z.iso.date().optional().describe('company date, included; default: today'),
        period: z.enum(['month', 'quarter', 'year']).default('month'),
      }),
      response: {
        200: z.object({
          from: z.string(), to: z.string(), period: z.string(),
          periods: z.array(z.object({ period: z.string(), ...flows })),
          totals: z.object(flows),
          liability: z.object({
            asOf: isoDate.nullable().describe('when the liability was summarised; null: computed now'),
            points: z.number(), members: z.number(),
            byLevel: z.array(z.object({ level: z.string().nullable(), points: z.number(), members: z.number() })),
            byExpiryMonth: z.array(z.object({ month: z.string().nullable().describe('YYYY-MM; null: never expires'), points: z.number() })),
            expiringNext12Months: z.array(z.object({ month: z.string().describe('YYYY-MM'), points: z.number() }))
              .describe('breakage forecast: points of open lots due to expire in each of the next twelve company months, this one first (overdue lots count in it)'),
          }),
          summarisedUntil: z.string().nullable().describe('days before this one are read from the daily summary, later ones from the ledger'),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.read(req, (db, actor) => pointsDashboard(db, actor, req.query)));

  app.get('/points/verify', {
    config: { permission: 'points.rules' },
    schema: {
      tags, summary: 'Check the ledger invariant for every account (balance = posted entries = open lots, nothing negative)',
      response: {
        200: z.object({
          ok: z.boolean(), accounts: z.number(), entries: z.number(), lots: z.number(), outstanding: z.number(),
          problems: z.array(z.object({ kind: z.string(), memberId: z.number().nullable(), id: z.number().nullable(), expected: z.number().nullable(), actual: z.number().nullable() })),
        }),
        ...commonErrors,
      },
    },
  }, async () => points.verifyLedger(ctx.db.db));

  // card readers (读卡器) post a swipe with the event, as other systems do
  app.post('/card-reader/points', {
    config: { permission: 'integration.cardReader' },
    schema: {
      tags: ['card reader'], summary: 'Add or deduct points by card number (a swipe); Idempotency-Key becomes the entry key',
      body: z.object({ cardNo: z.string().trim().min(1).max(64), amount, sourceType: z.enum(points.readerSourceTypes), sourceId: idField, reason }),
      response: { 200: postedReply, ...commonErrors },
    },
  }, async (req) => postFromRequest(req, req.body));

  await redemptionRoutes(app, ctx);
}
