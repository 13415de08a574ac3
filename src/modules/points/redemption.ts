// 兑付 (SPEC §4): plans (the reward catalogue), execution (redeem, deliver, cancel), queries and
// statistics. Redeeming checks level, period, stock and balance in one transaction; the points
// come out of the lots that expire first; a cancellation gives them back to the same lots.
import { and, asc, desc, eq, gte, lte, sql as dsql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { beforeId, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { rows, sql } from '../../db/index.ts';
import { AppError, conflict, invalidField, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { memberLevel } from '../cards/levels.ts';
import { newKey, postEntry, refundEntry } from './ledger.ts';
import { getLiveMember, memberLabels } from './members.ts';
import { memberScopeSql } from './scope.ts';
import { redemptionPlans, redemptions, type RedemptionStatus } from './schema.ts';
import './messages.ts';

export type Plan = typeof redemptionPlans.$inferSelect;
export type Redemption = typeof redemptions.$inferSelect;

export interface PlanInput {
  item: string;
  description?: string | null;
  pointsCost: number;
  /** null: unlimited */
  stockTotal?: number | null;
  startsOn?: string | null;
  endsOn?: string | null;
  eligibleLevels?: string[];
  limitPerMember?: number | null;
  visibleOnWebsite?: boolean;
  active?: boolean;
}

/** The company's today (YYYY-MM-DD), from the time zone in the points settings. */
export async function companyToday(tx: Tx): Promise<string> {
  const [r] = await rows<{ today: string }>(tx, sql`SELECT to_char(now() AT TIME ZONE time_zone, 'YYYY-MM-DD') AS today FROM points_settings WHERE id = 1`);
  return r.today;
}

async function checkPlan(tx: Tx, p: Pick<PlanInput, 'startsOn' | 'endsOn' | 'eligibleLevels'>) {
  if (p.startsOn && p.endsOn && p.endsOn < p.startsOn) throw invalidField('endsOn', 'redemption.period');
  const levels = p.eligibleLevels ?? [];
  if (levels.length) {
    const known = await rows<{ code: string }>(tx, sql`SELECT code FROM card_types WHERE kind = 'main' AND code = ANY(${sql.param(levels)}::text[])`);
    const bad = levels.findIndex((l) => !known.some((k) => k.code === l));
    if (bad >= 0) throw invalidField(`eligibleLevels.${bad}`, 'rule.levelUnknown', { code: levels[bad] });
  }
}

export async function getPlan(tx: Tx, id: number): Promise<Plan> {
  const [p] = await tx.select().from(redemptionPlans).where(eq(redemptionPlans.id, id));
  if (!p) throw notFound('redemptionPlan', id);
  return p;
}

export async function createPlan(tx: Tx, actor: Actor, input: PlanInput): Promise<Plan> {
  await checkPlan(tx, input);
  const [p] = await tx.insert(redemptionPlans).values({
    ...input, eligibleLevels: [...new Set(input.eligibleLevels ?? [])],
    stockTotal: input.stockTotal ?? null, stockLeft: input.stockTotal ?? null,
  }).returning();
  await recordAudit(tx, actor, { action: 'redemption.plan.create', entityType: 'redemptionPlan', entityId: p.id, after: p });
  return p;
}

/** Edits a plan. A new stock total keeps what was already redeemed: left = total − redeemed (never below 0). */
export async function updatePlan(tx: Tx, actor: Actor, id: number, patch: Partial<PlanInput>): Promise<Plan> {
  const [before] = await tx.select().from(redemptionPlans).where(eq(redemptionPlans.id, id)).for('update');
  if (!before) throw notFound('redemptionPlan', id);
  await checkPlan(tx, {
    startsOn: patch.startsOn !== undefined ? patch.startsOn : before.startsOn,
    endsOn: patch.endsOn !== undefined ? patch.endsOn : before.endsOn,
    eligibleLevels: patch.eligibleLevels ?? before.eligibleLevels,
  });
  let stock: { stockTotal: number | null; stockLeft: number | null } | object = {};
  if (patch.stockTotal !== undefined) {
    const [{ redeemed }] = await rows<{ redeemed: number }>(tx, sql`
      SELECT coalesce(sum(quantity), 0) AS redeemed FROM redemptions WHERE plan_id = ${id} AND status <> 'cancelled'`);
    if (patch.stockTotal !== null && patch.stockTotal < Number(redeemed)) throw invalidField('stockTotal', 'redemption.stockBelowRedeemed', { redeemed });
    stock = { stockTotal: patch.stockTotal, stockLeft: patch.stockTotal === null ? null : patch.stockTotal - Number(redeemed) };
  }
  const { stockTotal: _t, ...rest } = patch;
  const [after] = await tx.update(redemptionPlans).set({
    ...rest, ...stock, ...(patch.eligibleLevels ? { eligibleLevels: [...new Set(patch.eligibleLevels)] } : {}), updatedAt: new Date(),
  }).where(eq(redemptionPlans.id, id)).returning();
  await recordAudit(tx, actor, { action: 'redemption.plan.update', entityType: 'redemptionPlan', entityId: id, before, after });
  return after;
}

export interface PlanQuery {
  page: number;
  pageSize: number;
  active?: boolean;
  /** only plans open today (active, in period, in stock) */
  open?: boolean;
  visibleOnWebsite?: boolean;
  q?: string;
}

export async function listPlans(tx: Tx, q: PlanQuery) {
  const conds: SQL[] = [];
  if (q.active !== undefined) conds.push(eq(redemptionPlans.active, q.active));
  if (q.visibleOnWebsite !== undefined) conds.push(eq(redemptionPlans.visibleOnWebsite, q.visibleOnWebsite));
  if (q.q?.trim()) conds.push(dsql`${redemptionPlans.item} ILIKE ${'%' + q.q.trim().replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
  if (q.open) {
    const today = await companyToday(tx);
    conds.push(eq(redemptionPlans.active, true));
    conds.push(dsql`(${redemptionPlans.startsOn} IS NULL OR ${redemptionPlans.startsOn} <= ${today}::date)`);
    conds.push(dsql`(${redemptionPlans.endsOn} IS NULL OR ${redemptionPlans.endsOn} >= ${today}::date)`);
    conds.push(dsql`(${redemptionPlans.stockLeft} IS NULL OR ${redemptionPlans.stockLeft} > 0)`);
  }
  const where = conds.length ? and(...conds) : undefined;
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(redemptionPlans).where(where).orderBy(desc(redemptionPlans.active), asc(redemptionPlans.pointsCost), asc(redemptionPlans.id))
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: dsql<number>`count(*)::int` }).from(redemptionPlans).where(where),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export interface RedeemInput {
  planId: number;
  memberId: number;
  quantity?: number;
  idempotencyKey?: string | null;
  channel?: 'console' | 'website';
  note?: string | null;
}

/**
 * 兑换: level, period, stock and balance checked in one transaction. The member's account row is
 * locked first (then the plan's stock), so concurrent redemptions of one balance queue up and
 * exactly the affordable ones succeed; the rest get 422 and change nothing.
 */
export async function redeemPlan(tx: Tx, actor: Actor, input: RedeemInput): Promise<{ redemption: Redemption; replayed: boolean; balance: number }> {
  const quantity = input.quantity ?? 1;
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > 1000) throw invalidField('quantity', 'redemption.quantity');
  if (input.idempotencyKey) {
    const [done] = await tx.select().from(redemptions).where(eq(redemptions.idempotencyKey, input.idempotencyKey));
    if (done) {
      if (done.planId !== input.planId || done.memberId !== input.memberId || done.quantity !== quantity) throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'error.idempotencyMismatch');
      // a redemption took points, so its member has an account
      const [a] = await rows<{ balance: number }>(tx, sql`SELECT balance FROM points_accounts WHERE member_id = ${done.memberId}`);
      return { redemption: done, replayed: true, balance: a.balance };
    }
  }
  const member = await getLiveMember(tx, input.memberId);
  const plan = await getPlan(tx, input.planId);
  const total = plan.pointsCost * quantity;
  if (!plan.active || (input.channel === 'website' && !plan.visibleOnWebsite)) throw refused('PLAN_INACTIVE', 'redemption.planInactive', { item: plan.item });
  const today = await companyToday(tx);
  if ((plan.startsOn && today < plan.startsOn) || (plan.endsOn && today > plan.endsOn)) {
    throw refused('PLAN_OUT_OF_PERIOD', 'redemption.outOfPeriod', { item: plan.item, from: plan.startsOn ?? '…', to: plan.endsOn ?? '…' });
  }
  const level = await memberLevel(tx, member.id);
  if (plan.eligibleLevels.length && (!level || !plan.eligibleLevels.includes(level.code))) {
    throw refused('LEVEL_NOT_ELIGIBLE', 'redemption.levelNotEligible', { level: level?.code ?? '—', item: plan.item });
  }
  // the account first: one member's redemptions are serialised here
  const [acc] = await rows<{ balance: number }>(tx, sql`SELECT balance FROM points_accounts WHERE member_id = ${member.id} FOR UPDATE`);
  if ((acc?.balance ?? 0) < total) throw refused('INSUFFICIENT_POINTS', 'points.insufficient', { balance: acc?.balance ?? 0, needed: total });
  if (plan.limitPerMember) {
    const [{ done }] = await rows<{ done: number }>(tx, sql`
      SELECT coalesce(sum(quantity), 0) AS done FROM redemptions WHERE plan_id = ${plan.id} AND member_id = ${member.id} AND status <> 'cancelled'`);
    if (Number(done) + quantity > plan.limitPerMember) throw refused('PLAN_LIMIT_REACHED', 'redemption.limitReached', { item: plan.item, limit: plan.limitPerMember, done });
  }
  if (plan.stockLeft !== null) {
    const [left] = await rows(tx, sql`UPDATE redemption_plans SET stock_left = stock_left - ${quantity}, updated_at = now() WHERE id = ${plan.id} AND stock_left >= ${quantity} RETURNING stock_left`);
    if (!left) {
      const [now] = await rows<{ stock_left: number }>(tx, sql`SELECT stock_left FROM redemption_plans WHERE id = ${plan.id}`);
      throw refused('OUT_OF_STOCK', 'redemption.outOfStock', { item: plan.item, left: now.stock_left });
    }
  }
  const key = input.idempotencyKey ?? newKey('redeem');
  const [r] = await tx.insert(redemptions).values({
    planId: plan.id, memberId: member.id, quantity, points: total, memberLevel: level?.code ?? null, channel: input.channel ?? 'console',
    idempotencyKey: key, note: input.note ?? null, createdBy: actor.name,
  }).onConflictDoNothing().returning();
  if (!r) throw conflict('IDEMPOTENCY_IN_PROGRESS', 'error.idempotencyInProgress');
  const posted = await postEntry(tx, actor, {
    memberId: member.id, amount: -total, sourceType: 'redemption', sourceId: r.id, idempotencyKey: key,
    reason: `${plan.item} × ${quantity}`, sourceChecked: true, memberChecked: true,
  });
  const [withEntry] = await tx.update(redemptions).set({ entryId: posted.entry.id }).where(eq(redemptions.id, r.id)).returning();
  await recordAudit(tx, actor, { action: 'redemption.redeem', entityType: 'redemption', entityId: r.id, after: withEntry });
  return { redemption: withEntry, replayed: false, balance: posted.balance };
}

async function lockRedemption(tx: Tx, id: number): Promise<Redemption> {
  const [r] = await tx.select().from(redemptions).where(eq(redemptions.id, id)).for('update');
  if (!r) throw notFound('redemption', id);
  return r;
}

/** 取消: points return to the lots they came from (with their original expiry); the stock is restored. */
export async function cancelRedemption(tx: Tx, actor: Actor, id: number, input: { reason: string }) {
  const r = await lockRedemption(tx, id);
  if (r.status !== 'pending') throw refused('REDEMPTION_BAD_STATUS', 'redemption.badStatus', { id, status: `entity.redemptionStatus.${r.status}`, action: 'entity.action.cancel' });
  const refund = await refundEntry(tx, actor, r.entryId!, { reason: input.reason, idempotencyKey: `redemption:${r.id}:cancel` });
  await rows(tx, sql`UPDATE redemption_plans SET stock_left = stock_left + ${r.quantity}, updated_at = now() WHERE id = ${r.planId} AND stock_left IS NOT NULL`);
  const [after] = await tx.update(redemptions).set({ status: 'cancelled', cancelledAt: new Date(), cancelledBy: actor.name, cancelReason: input.reason, refundEntryId: refund.entry.id })
    .where(eq(redemptions.id, id)).returning();
  await recordAudit(tx, actor, { action: 'redemption.cancel', entityType: 'redemption', entityId: id, before: { status: r.status }, after: { status: 'cancelled', reason: input.reason, refundEntryId: refund.entry.id } });
  return { redemption: after, balance: refund.balance };
}

/** 交付: fulfilment pending → delivered. */
export async function deliverRedemption(tx: Tx, actor: Actor, id: number, input: { note?: string | null }) {
  const r = await lockRedemption(tx, id);
  if (r.status !== 'pending') throw refused('REDEMPTION_BAD_STATUS', 'redemption.badStatus', { id, status: `entity.redemptionStatus.${r.status}`, action: 'entity.action.deliver' });
  const [after] = await tx.update(redemptions).set({ status: 'delivered', deliveredAt: new Date(), deliveredBy: actor.name, note: input.note ?? r.note })
    .where(eq(redemptions.id, id)).returning();
  await recordAudit(tx, actor, { action: 'redemption.deliver', entityType: 'redemption', entityId: id, before: { status: r.status }, after: { status: 'delivered' } });
  return after;
}

export interface RedemptionQuery extends ListPage {
  memberId?: number;
  planId?: number;
  status?: RedemptionStatus;
  from?: Date;
  to?: Date;
}

export async function listRedemptions(tx: Tx, q: RedemptionQuery, actor?: Actor) {
  const conds: SQL[] = [];
  const scope = actor && memberScopeSql(actor, dsql`${redemptions.memberId}`);
  if (scope) conds.push(scope);
  if (q.memberId) conds.push(eq(redemptions.memberId, q.memberId));
  if (q.planId) conds.push(eq(redemptions.planId, q.planId));
  if (q.status) conds.push(eq(redemptions.status, q.status));
  if (q.from) conds.push(gte(redemptions.createdAt, q.from));
  if (q.to) conds.push(lte(redemptions.createdAt, q.to));
  const where = conds.length ? and(...conds) : undefined;
  const [items, [{ total }]] = await Promise.all([
    tx.select({ r: redemptions, item: redemptionPlans.item }).from(redemptions).innerJoin(redemptionPlans, eq(redemptionPlans.id, redemptions.planId))
      .where(and(where, beforeId(redemptions.id, q))).orderBy(desc(redemptions.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    totalUnlessExport(q, () => tx.select({ total: dsql<number>`count(*)::int` }).from(redemptions).where(where) as never),
  ]);
  const labels = await memberLabels(tx, [...new Set(items.map((i) => i.r.memberId))]);
  return {
    items: items.map(({ r, item }) => ({ ...r, item, memberNo: labels.get(r.memberId)?.memberNo ?? null, memberName: labels.get(r.memberId)?.name ?? null })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

export interface StatsQuery {
  groupBy: 'plan' | 'month' | 'level';
  from?: Date;
  to?: Date;
  planId?: number;
}

/** 兑付统计: redemptions (not cancelled) by plan, by month (company calendar) or by the member's level when redeeming. */
export async function redemptionStats(tx: Tx, q: StatsQuery) {
  const key = q.groupBy === 'plan' ? sql`r.plan_id::text` : q.groupBy === 'level' ? sql`coalesce(r.member_level, '')` : sql`to_char(r.created_at AT TIME ZONE s.time_zone, 'YYYY-MM')`;
  const rowsOut = await rows<{ key: string; label: string | null; redemptions: number; quantity: number; points: number; members: number }>(tx, sql`
    SELECT ${key} AS key, ${q.groupBy === 'plan' ? sql`min(p.item)` : sql`NULL`} AS label,
           count(*) AS redemptions, sum(r.quantity) AS quantity, sum(r.points) AS points, count(DISTINCT r.member_id) AS members
    FROM redemptions r JOIN redemption_plans p ON p.id = r.plan_id, points_settings s
    WHERE s.id = 1 AND r.status <> 'cancelled'
      ${q.from ? sql`AND r.created_at >= ${q.from}::timestamptz` : sql``}
      ${q.to ? sql`AND r.created_at < ${q.to}::timestamptz` : sql``}
      ${q.planId ? sql`AND r.plan_id = ${q.planId}` : sql``}
    GROUP BY 1 ORDER BY 1`);
  const [cancelled] = await rows<{ n: number }>(tx, sql`
    SELECT count(*) AS n FROM redemptions r WHERE r.status = 'cancelled'
      ${q.from ? sql`AND r.created_at >= ${q.from}::timestamptz` : sql``} ${q.to ? sql`AND r.created_at < ${q.to}::timestamptz` : sql``}`);
  return {
    groupBy: q.groupBy,
    rows: rowsOut.map((r) => ({ key: r.key, label: r.label ?? r.key, redemptions: Number(r.redemptions), quantity: Number(r.quantity), points: Number(r.points), members: Number(r.members) })),
    cancelled: Number(cancelled.n),
  };
}

