// 积分 (SPEC §4): the ways points come in and go out — manual single, by card number, trigger
// rules with an approval queue, purchase points — and what a member's account shows. Every
// path books through postEntry (ledger.ts); batches, expiry and redemption have their own files.
import { and, desc, eq, sql as dsql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { beforeId, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { rows, sql } from '../../db/index.ts';
import { invalidField, refused } from '../../http/errors.ts';
import { normaliseCardNo } from '../../normalise.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { activityPointsGraceDays, activityTakesPoints, getActivity, hasParticipated } from '../activities/service.ts';
import { memberLevel } from '../cards/levels.ts';
import { getPurchaseInScope } from '../customers/purchases.ts';
import type { PurchaseRow } from '../customers/service.ts';
import { getEntry, postEntry, registerPointsSource, type Posted, type SourceType } from './ledger.ts';
import { findMember, getMemberFacts, liveMemberOfCustomer, memberLabels } from './members.ts';
import { assertMemberInScope, memberScopeSql } from './scope.ts';
import { pointsForRule, ruleFor, type RuleEventType } from './rules.ts';
import { pointsEntries, pointsLots, redemptions } from './schema.ts';
import './messages.ts';
import './triggers.ts';

export { postEntry, approveEntry, rejectEntry, correctEntry, refundEntry, registerPointsSource, balanceOf, getEntry } from './ledger.ts';
export type { EntryInput, Posted, SourceType, SourceCheck } from './ledger.ts';
export { verifyLedger } from './verify.ts';

// ---------- business events points may belong to ----------

async function ownedBy(tx: Tx, table: 'cards' | 'redemptions' | 'points_lots' | 'points_entries', type: string, id: number, memberId: number) {
  const [r] = await rows<{ member_id: number }>(tx, sql`SELECT member_id FROM ${sql.identifier(table)} WHERE id = ${id}`);
  if (!r) throw invalidField('sourceId', 'points.sourceNotFound', { type: `entity.pointsSource.${type}`, id });
  if (r.member_id !== memberId) throw invalidField('sourceId', 'points.sourceOtherMember', { type: `entity.pointsSource.${type}`, id });
}

registerPointsSource('card', (tx, id, memberId) => ownedBy(tx, 'cards', 'card', id, memberId));
registerPointsSource('redemption', (tx, id, memberId) => ownedBy(tx, 'redemptions', 'redemption', id, memberId));
registerPointsSource('expiry', (tx, id, memberId) => ownedBy(tx, 'points_lots', 'expiry', id, memberId));
registerPointsSource('correction', (tx, id, memberId) => ownedBy(tx, 'points_entries', 'correction', id, memberId));
registerPointsSource('purchase', async (tx, id, memberId, actor) => {
  let p: PurchaseRow;
  try {
    p = await getPurchaseInScope(tx, actor, id);
  } catch {
    throw invalidField('sourceId', 'points.sourceNotFound', { type: 'entity.pointsSource.purchase', id });
  }
  const owner = await liveMemberOfCustomer(tx, p.customerId);
  if (!owner || owner.id !== memberId) throw invalidField('sourceId', 'points.sourceOtherMember', { type: 'entity.pointsSource.purchase', id });
  if (!p.fullyPaidAt) throw refused('PURCHASE_NOT_PAID', 'points.purchaseNotPaid', { id });
});
registerPointsSource('activity', async (tx, id, memberId, _actor, amount) => {
  let a: Awaited<ReturnType<typeof getActivity>>;
  try {
    a = await getActivity(tx, id);
  } catch {
    throw invalidField('sourceId', 'points.sourceNotFound', { type: 'entity.pointsSource.activity', id });
  }
  // an activity closed within the grace period still takes points (a goodwill, a late correction) for its participants
  const open = activityTakesPoints(a);
  if (open === 'ended') throw refused('ACTIVITY_NOT_OPEN', 'points.activityEnded', { name: a.name, days: activityPointsGraceDays });
  if (open !== 'open') throw refused('ACTIVITY_NOT_OPEN', 'points.activityNotOpen', { name: a.name });
  // Points added for an activity go to those who took part (a participation recorded by the
  // activities module: signed in / attended). Anyone else is refused, not queued: the way to
  // credit a member who was there but not recorded is to record the participation, which posts the
  // activity's points. Deductions (a no-show penalty) and batch-level checks (member 0) pass; a
  // batch checks its lines itself (batches.ts). earnings.ts applies the same rule in SQL.
  if (memberId && amount !== null && amount > 0 && !(await hasParticipated(tx, id, memberId))) {
    const m = await findMember(tx, memberId);
    // an unknown or archived member: the ledger's own refusal says so
    if (m && m.status !== 'archived') throw refused('ACTIVITY_NOT_ATTENDED', 'points.activityNotAttended', { name: a.name, memberNo: m.memberNo });
  }
});

// An adjustment's event is the member's account: its source id is the member.
registerPointsSource('adjustment', async (_tx, id, memberId) => {
  if (memberId && id !== memberId) throw invalidField('sourceId', 'points.sourceOtherMember', { type: 'entity.pointsSource.adjustment', id });
});

/**
 * Event types staff may pick for manual points; card base points, redemptions and expiry are
 * booked by their own operations. An adjustment needs a reason and always waits for approval.
 */
export const manualSourceTypes = ['activity', 'purchase', 'care', 'complaint', 'adjustment'] as const;
/** What a card reader (or another system) may book: business events, never an adjustment. */
export const readerSourceTypes = ['activity', 'purchase', 'care', 'complaint'] as const;

// ---------- manual single and by card number ----------

export interface ManualInput {
  memberId?: number | null;
  /** a swipe of the card reader (any active card of the member) instead of the member */
  cardNo?: string | null;
  amount: number;
  sourceType: string;
  /** the event; none for an adjustment (its event is the member's account) */
  sourceId?: number | null;
  reason?: string | null;
  idempotencyKey?: string | null;
}

/** A card number as a reader or a person types it (full-width folded, spaces and dashes dropped, upper case). */
export { normaliseCardNo };

/** The member holding this active card (main or sub), for the card reader. */
export async function memberByCard(tx: Tx, rawCardNo: string): Promise<{ memberId: number; cardId: number; cardNo: string }> {
  const cardNo = normaliseCardNo(rawCardNo);
  const [c] = await rows<{ memberId: number; cardId: number; cardNo: string }>(tx, sql`
    SELECT member_id AS "memberId", id AS "cardId", card_no AS "cardNo" FROM cards WHERE card_no = ${cardNo} AND status = 'active'`);
  if (!c) throw invalidField('cardNo', 'points.cardUnknown', { cardNo });
  return c;
}

/**
 * 手工加/减分: one member (or one swiped card), one business event; a deduction the balance cannot
 * cover is refused. 调整 (adjustment): no other event, a reason required, always pending until a
 * points approver approves it.
 */
export async function postManual(tx: Tx, actor: Actor, input: ManualInput): Promise<Posted> {
  if (!(manualSourceTypes as readonly string[]).includes(input.sourceType)) {
    throw invalidField('sourceType', 'points.manualSourceNotAllowed', { type: `entity.pointsSource.${input.sourceType}` });
  }
  const adjustment = input.sourceType === 'adjustment';
  if (adjustment && !input.reason?.trim()) throw invalidField('reason', 'points.adjustmentReason');
  if (!adjustment && !input.sourceId) throw invalidField('sourceId', 'validation.required');
  let memberId = input.memberId ?? null;
  if (input.cardNo) {
    const byCard = await memberByCard(tx, input.cardNo);
    if (memberId && memberId !== byCard.memberId) throw invalidField('cardNo', 'points.cardUnknown', { cardNo: input.cardNo });
    memberId = byCard.memberId;
  }
  if (!memberId) throw invalidField('memberId', 'validation.required');
  await assertMemberInScope(tx, actor, memberId);
  const sourceId = adjustment ? memberId : input.sourceId!;
  const posted = await postEntry(tx, actor, {
    memberId, amount: input.amount, sourceType: input.sourceType as SourceType, sourceId,
    reason: adjustment ? input.reason!.trim() : input.reason ?? null, idempotencyKey: input.idempotencyKey, pending: adjustment,
  });
  if (!posted.replayed) {
    await recordAudit(tx, actor, {
      action: adjustment ? 'points.adjustment' : input.amount > 0 ? 'points.add' : 'points.deduct', entityType: 'pointsEntry', entityId: posted.entry.id,
      facts: { memberId, amount: input.amount, sourceType: input.sourceType, sourceId, cardNo: input.cardNo ?? null, reason: input.reason ?? null, state: posted.entry.state },
    });
  }
  return posted;
}

// ---------- trigger rules ----------

export interface TriggerEvent {
  eventType: RuleEventType;
  memberId: number;
  sourceType: SourceType;
  sourceId: number;
  /** the event's amount in fen, for per-amount rules */
  amountFen?: number;
}

/**
 * 按事件触发: the module that owns an event (activity participation, care, complaint) calls this;
 * the rule for the member's level decides the points, and the entry is posted at once or waits
 * as pending for approval, as the rule says. Replays book nothing new (one entry per rule, event, member).
 */
export async function applyTriggerRules(tx: Tx, actor: Actor, ev: TriggerEvent): Promise<Posted | null> {
  const level = await memberLevel(tx, ev.memberId);
  const rule = await ruleFor(tx, ev.eventType, level?.code ?? null);
  if (!rule) return null;
  const amount = pointsForRule(rule, ev.amountFen);
  if (amount === 0) return null;
  return postEntry(tx, actor, {
    memberId: ev.memberId, amount, sourceType: ev.sourceType, sourceId: ev.sourceId, ruleId: rule.id, pending: !rule.autoApprove,
    idempotencyKey: `rule:${ev.sourceType}:${ev.sourceId}:${ev.memberId}`, reason: rule.name,
  });
}

// ---------- purchase points (purchase-points.ts) ----------

export {
  grantPurchasePoints, claimPurchasePoints, claimWaitingPurchasePoints, reversePurchasePoints, type PurchasePointsResult,
} from './purchase-points.ts';

// ---------- reading ----------

/** 积分页: balance, level, lots (open first, soonest expiry first) and what expires soon. */
export async function accountSummary(tx: Tx, memberId: number, now = new Date()) {
  const member = await getMemberFacts(tx, memberId);
  const [acc] = await rows<{ balance: number }>(tx, sql`SELECT balance FROM points_accounts WHERE member_id = ${memberId}`);
  const [t] = await rows<{ earned: number; spent: number; expired: number; pending: number }>(tx, sql`
    SELECT coalesce(sum(amount) FILTER (WHERE amount > 0 AND state IN ('posted', 'reversed') AND corrects_entry_id IS NULL), 0) AS earned,
           coalesce(-sum(amount) FILTER (WHERE amount < 0 AND state IN ('posted', 'reversed') AND source_type = 'redemption'), 0)
             - coalesce(sum(amount) FILTER (WHERE amount > 0 AND state IN ('posted', 'reversed') AND source_type = 'redemption'), 0) AS spent,
           coalesce(-sum(amount) FILTER (WHERE state IN ('posted', 'reversed') AND source_type = 'expiry'), 0) AS expired,
           count(*) FILTER (WHERE state = 'pending') AS pending
    FROM points_entries WHERE member_id = ${memberId}`);
  const [soon] = await rows<{ points: number; first: string | null }>(tx, sql`
    SELECT coalesce(sum(remaining), 0) AS points, min(expires_at) AS first FROM points_lots
    WHERE member_id = ${memberId} AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ${now}::timestamptz + interval '30 days'`);
  const level = await memberLevel(tx, memberId);
  const labels = await memberLabels(tx, [memberId]);
  return {
    memberId, memberNo: member.memberNo, memberName: labels.get(memberId)?.name ?? null, memberStatus: member.status, balance: acc?.balance ?? 0,
    level: level?.code ?? null, cardNo: level?.cardNo ?? null,
    earned: t.earned, redeemed: t.spent, expired: t.expired, pendingEntries: t.pending,
    expiringIn30Days: soon.points, nextExpiry: soon.first ? new Date(soon.first) : null,
  };
}

export async function listLots(tx: Tx, memberId: number, q: { open?: boolean } = {}) {
  const where = q.open ? and(eq(pointsLots.memberId, memberId), dsql`${pointsLots.remaining} > 0`) : eq(pointsLots.memberId, memberId);
  const lots = await tx.select({ lot: pointsLots, sourceType: pointsEntries.sourceType, sourceId: pointsEntries.sourceId, reason: pointsEntries.reason })
    .from(pointsLots).innerJoin(pointsEntries, eq(pointsEntries.id, pointsLots.entryId)).where(where)
    .orderBy(dsql`${pointsLots.remaining} = 0`, dsql`${pointsLots.expiresAt} ASC NULLS LAST`, pointsLots.earnedAt, pointsLots.id);
  return lots.map((r) => ({ ...r.lot, sourceType: r.sourceType, sourceId: r.sourceId, reason: r.reason }));
}

export interface EntryQuery extends ListPage {
  memberId?: number;
  state?: 'pending' | 'posted' | 'rejected' | 'reversed';
  sourceType?: string;
  sourceId?: number;
  batchId?: number;
}

/** Entries with their member and what they consumed (for deductions): the member tab and the approval queue. */
/** The ids of a member's latest `limit` entries and redemptions, newest first (the member page's change history looks up their audit lines). */
export async function ledgerRecordsOfMember(tx: Tx, memberId: number, limit: number): Promise<{ entries: number[]; redemptions: number[] }> {
  const [entries, bought] = await Promise.all([
    tx.select({ id: pointsEntries.id }).from(pointsEntries).where(eq(pointsEntries.memberId, memberId)).orderBy(desc(pointsEntries.id)).limit(limit),
    tx.select({ id: redemptions.id }).from(redemptions).where(eq(redemptions.memberId, memberId)).orderBy(desc(redemptions.id)).limit(limit),
  ]);
  return { entries: entries.map((r) => r.id), redemptions: bought.map((r) => r.id) };
}

export async function listEntries(tx: Tx, q: EntryQuery, actor?: Actor) {
  const conds: SQL[] = [];
  const scope = actor && memberScopeSql(actor, dsql`${pointsEntries.memberId}`);
  if (scope) conds.push(scope);
  if (q.memberId) conds.push(eq(pointsEntries.memberId, q.memberId));
  if (q.state) conds.push(eq(pointsEntries.state, q.state));
  if (q.sourceType) conds.push(eq(pointsEntries.sourceType, q.sourceType));
  if (q.sourceId) conds.push(eq(pointsEntries.sourceId, q.sourceId));
  if (q.batchId) conds.push(eq(pointsEntries.batchId, q.batchId));
  const where = conds.length ? and(...conds) : undefined;
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(pointsEntries).where(and(where, beforeId(pointsEntries.id, q))).orderBy(desc(pointsEntries.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    totalUnlessExport(q, () => tx.select({ total: dsql<number>`count(*)::int` }).from(pointsEntries).where(where) as never),
  ]);
  const labels = await memberLabels(tx, [...new Set(items.map((e) => e.memberId))]);
  return {
    items: items.map((e) => ({ ...e, memberNo: labels.get(e.memberId)?.memberNo ?? null, memberName: labels.get(e.memberId)?.name ?? null })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

/** 积分待审批 on the home page: pending entries of members the actor may see (the approval queue's total, through its partial index). */
export async function countPendingEntries(tx: Tx, actor: Actor): Promise<number> {
  const [{ n }] = await tx.select({ n: dsql<number>`count(*)::int` }).from(pointsEntries)
    .where(and(eq(pointsEntries.state, 'pending'), memberScopeSql(actor, dsql`${pointsEntries.memberId}`)));
  return n;
}

/** One entry with the lots it opened, took from or gave back to. */
export async function entryDetail(tx: Tx, id: number) {
  const entry = await getEntry(tx, id);
  const moves = await rows<{ lotId: number; amount: number; expiresAt: string | null }>(tx, sql`
    SELECT c.lot_id AS "lotId", c.amount, l.expires_at AS "expiresAt" FROM points_consumptions c JOIN points_lots l ON l.id = c.lot_id
    WHERE c.entry_id = ${id} ORDER BY c.id`);
  const [lot] = await tx.select().from(pointsLots).where(eq(pointsLots.entryId, id));
  const corrections = await tx.select().from(pointsEntries).where(eq(pointsEntries.correctsEntryId, id)).orderBy(pointsEntries.id);
  return { ...entry, lot: lot ?? null, moves: moves.map((m) => ({ ...m, expiresAt: m.expiresAt ? new Date(m.expiresAt) : null })), corrections };
}

/**
 * 查找会员: a swiped or typed card number (any card, even an ended one, says which member it was)
 * or a member number → the member with level and balance, for the console's card-reader field.
 */
export async function findMemberForPoints(tx: Tx, raw: string) {
  const q = normaliseCardNo(raw);
  const [hit] = await rows<{ memberId: number; cardNo: string | null; cardStatus: string | null }>(tx, sql`
    SELECT member_id AS "memberId", card_no AS "cardNo", status AS "cardStatus" FROM cards WHERE card_no = ${q}
    UNION ALL
    SELECT id, NULL, NULL FROM members WHERE upper(member_no) = ${q}
    LIMIT 1`);
  if (!hit) throw invalidField('q', 'batch.lineUnknown', { value: raw.trim() });
  const summary = await accountSummary(tx, hit.memberId);
  return { ...summary, swipedCardNo: hit.cardNo, swipedCardStatus: hit.cardStatus };
}
