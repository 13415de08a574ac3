// HTTP of redemption (兑付): plans, redemptions, statistics, and what the member website reads.
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { redemptionColumns } from './export.ts';
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { longText, requiredLongText } from '../../http/schemas.ts';
import { invalidField } from '../../http/errors.ts';
import { commonErrors, idParams, isoDate, pageQuery, paged, idField, idParam } from '../../http/schemas.ts';
import { memberByNo } from './members.ts';
import { assertMemberInScope } from './scope.ts';
import {
  cancelRedemption, createPlan, deliverRedemption, listPlans, listRedemptions, redeemPlan, redemptionStats, updatePlan,
} from './redemption.ts';
import { entryKey } from './request.ts';
import * as points from './service.ts';
import { redemptionStatuses } from './schema.ts';

const plan = z.object({
  id: z.number(), item: z.string(), description: z.string().nullable(), pointsCost: z.number(), stockTotal: z.number().nullable(),
  stockLeft: z.number().nullable(), startsOn: z.string().nullable(), endsOn: z.string().nullable(), eligibleLevels: z.array(z.string()),
  limitPerMember: z.number().nullable(), visibleOnWebsite: z.boolean(), active: z.boolean(), createdAt: isoDate, updatedAt: isoDate,
});
const redemption = z.object({
  id: z.number(), planId: z.number(), memberId: z.number(), quantity: z.number(), points: z.number(), memberLevel: z.string().nullable(),
  status: z.enum(redemptionStatuses), channel: z.string(), idempotencyKey: z.string(), entryId: z.number().nullable(),
  refundEntryId: z.number().nullable(), note: z.string().nullable(), createdBy: z.string(), createdAt: isoDate, deliveredAt: isoDate.nullable(),
  deliveredBy: z.string().nullable(), cancelledAt: isoDate.nullable(), cancelledBy: z.string().nullable(), cancelReason: z.string().nullable(),
});
const listed = redemption.extend({ item: z.string(), memberNo: z.string().nullable(), memberName: z.string().nullable() });
const redeemReply = z.object({ redemption, replayed: z.boolean(), balance: z.number() });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const planFields = {
  item: z.string().trim().min(1).max(100), description: longText.nullish(), pointsCost: z.number().int().min(1).max(100_000_000),
  stockTotal: z.number().int().min(0).max(10_000_000).nullish(), startsOn: date.nullish(), endsOn: date.nullish(),
  eligibleLevels: z.array(z.string().max(32)).max(20).optional(), limitPerMember: z.number().int().min(1).max(10_000).nullish(),
  visibleOnWebsite: z.boolean().optional(), active: z.boolean().optional(),
};
const memberNoParams = z.object({ memberNo: z.string().trim().min(1).max(32) });

export default function redemptionRoutes(app: App, ctx: Ctx) {
  const tags = ['redemption'];

  app.get('/redemption-plans', {
    config: { permission: 'points.read' },
    schema: {
      tags, summary: 'Redemption plans (open=true: active, in period, in stock today)',
      querystring: pageQuery.extend({ active: z.enum(['true', 'false']).optional(), open: z.enum(['true', 'false']).optional(), q: z.string().max(100).optional() }),
      response: { 200: paged(plan), ...commonErrors },
    },
  }, async (req) => listPlans(ctx.db.db, { ...req.query, active: req.query.active === undefined ? undefined : req.query.active === 'true', open: req.query.open === 'true' }));

  app.post('/redemption-plans', {
    config: { permission: 'redemption.manage' },
    schema: { tags, summary: 'Add a plan (item, points cost, stock, period, eligible levels)', body: z.object(planFields), response: { 200: plan, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => createPlan(tx, actor, req.body)));

  app.patch('/redemption-plans/:id', {
    config: { permission: 'redemption.manage' },
    schema: { tags, summary: 'Edit a plan (a new stock total keeps what was redeemed)', params: idParams, body: z.object(planFields).partial().strict(), response: { 200: plan, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => updatePlan(tx, actor, req.params.id, req.body)));

  const redemptionQuery = pageQuery.extend({
    memberId: idParam.optional(), planId: idParam.optional(),
    status: z.enum(redemptionStatuses).optional(), from: z.coerce.date().optional(), to: z.coerce.date().optional(),
  });
  app.get('/redemptions', {
    config: { permission: 'points.read' },
    schema: {
      tags, summary: 'Redemptions',
      querystring: redemptionQuery,
      response: { 200: paged(listed), ...commonErrors },
    },
  }, async (req) => listRedemptions(ctx.db.db, req.query, req.actor!));

  exportRoute(app, ctx, { path: '/redemptions/export', permission: 'points.read', tags, query: redemptionQuery }, {
    list: 'redemptions', title: ['积分兑付', 'Redemptions'], columns: redemptionColumns, dictionaries: ['card_type'],
    rows: (q, actor, _params, db) => keysetRows((before) => listRedemptions(db, { ...q, page: 1, pageSize: exportPageSize, before }, actor)),
  });

  app.post('/redemptions', {
    config: { permission: 'redemption.manage' },
    schema: {
      tags, summary: 'Redeem a plan for a member (or a swiped card): level, period, stock and balance checked at once; Idempotency-Key makes a retry harmless',
      body: z.object({
        planId: idField, memberId: idField.nullish(), cardNo: z.string().trim().min(1).max(64).nullish(),
        quantity: z.number().int().min(1).max(1000).optional(), note: longText.nullish(),
      }),
      response: { 200: redeemReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    let memberId = req.body.memberId ?? null;
    if (req.body.cardNo) memberId = (await points.memberByCard(tx, req.body.cardNo)).memberId;
    if (!memberId) throw invalidField('memberId', 'validation.required');
    await assertMemberInScope(tx, actor, memberId);
    return redeemPlan(tx, actor, { ...req.body, memberId, idempotencyKey: entryKey(req), channel: 'console' });
  }));

  app.post('/redemptions/:id/deliver', {
    config: { permission: 'redemption.manage' },
    schema: { tags, summary: 'Mark a redemption delivered', params: idParams, body: z.object({ note: longText.nullish() }), response: { 200: redemption, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => deliverRedemption(tx, actor, req.params.id, req.body)));

  app.post('/redemptions/:id/cancel', {
    config: { permission: 'redemption.manage' },
    schema: {
      tags, summary: 'Cancel a pending redemption: its points return to the lots they came from (original expiry), the stock is restored',
      params: idParams, body: z.object({ reason: requiredLongText }),
      response: { 200: z.object({ redemption, balance: z.number() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => cancelRedemption(tx, actor, req.params.id, req.body)));

  app.get('/redemptions/stats', {
    config: { permission: 'report.read', replica: true },
    schema: {
      tags, summary: 'Redemption statistics by plan, month or level',
      querystring: z.object({ groupBy: z.enum(['plan', 'month', 'level']).default('plan'), from: z.coerce.date().optional(), to: z.coerce.date().optional(), planId: idParam.optional() }),
      response: {
        200: z.object({
          groupBy: z.string(), cancelled: z.number(),
          rows: z.array(z.object({ key: z.string(), label: z.string(), redemptions: z.number(), quantity: z.number(), points: z.number(), members: z.number() })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.read(req, (db) => redemptionStats(db, req.query)));

  // ---------- the member website (外部网站): open plans, a member's own points and redemptions ----------
  const web = ['website'];
  async function memberIdOf(memberNo: string) {
    const m = await memberByNo(ctx.db.db, memberNo);
    if (!m) throw invalidField('memberNo', 'points.memberNoUnknown', { memberNo });
    return m.id;
  }

  app.get('/website/redemption-plans', {
    config: { permission: 'integration.website' },
    schema: { tags: web, summary: 'Plans open today and visible on the website', querystring: pageQuery, response: { 200: paged(plan), ...commonErrors } },
  }, async (req) => listPlans(ctx.db.db, { ...req.query, open: true, visibleOnWebsite: true }));

  app.get('/website/points/:memberNo', {
    config: { permission: 'integration.website' },
    schema: {
      tags: web, summary: "A member's own points: balance, level, open lots with expiry, latest entries", params: memberNoParams,
      querystring: pageQuery,
      response: {
        200: z.object({
          memberNo: z.string(), balance: z.number(), level: z.string().nullable(), expiringIn30Days: z.number(), nextExpiry: isoDate.nullable(),
          lots: z.array(z.object({ amount: z.number(), remaining: z.number(), earnedAt: isoDate, expiresAt: isoDate.nullable() })),
          entries: paged(z.object({ id: z.number(), amount: z.number(), state: z.string(), sourceType: z.string(), reason: z.string().nullable(), createdAt: isoDate })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => {
    const memberId = await memberIdOf(req.params.memberNo);
    const s = await points.accountSummary(ctx.db.db, memberId);
    const lots = await points.listLots(ctx.db.db, memberId, { open: true });
    const entries = await points.listEntries(ctx.db.db, { ...req.query, memberId });
    return {
      memberNo: s.memberNo, balance: s.balance, level: s.level, expiringIn30Days: s.expiringIn30Days, nextExpiry: s.nextExpiry,
      lots: lots.map((l) => ({ amount: l.amount, remaining: l.remaining, earnedAt: l.earnedAt, expiresAt: l.expiresAt })),
      entries: { ...entries, items: entries.items.filter((e) => e.state !== 'rejected').map((e) => ({ id: e.id, amount: e.amount, state: e.state, sourceType: e.sourceType, reason: e.reason, createdAt: e.createdAt })) },
    };
  });

  app.get('/website/points/:memberNo/redemptions', {
    config: { permission: 'integration.website' },
    schema: { tags: web, summary: "A member's own redemptions", params: memberNoParams, querystring: pageQuery, response: { 200: paged(listed), ...commonErrors } },
  }, async (req) => listRedemptions(ctx.db.db, { ...req.query, memberId: await memberIdOf(req.params.memberNo) }));

  app.post('/website/points/:memberNo/redemptions', {
    config: { permission: 'integration.website' },
    schema: {
      tags: web, summary: 'A member redeems a plan on the website; Idempotency-Key makes a retry harmless', params: memberNoParams,
      body: z.object({ planId: idField, quantity: z.number().int().min(1).max(1000).optional() }),
      response: { 200: redeemReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const m = await memberByNo(tx, req.params.memberNo);
    if (!m) throw invalidField('memberNo', 'points.memberNoUnknown', { memberNo: req.params.memberNo });
    const r = await redeemPlan(tx, actor, { ...req.body, memberId: m.id, idempotencyKey: entryKey(req), channel: 'website' });
    return r;
  }));
}
