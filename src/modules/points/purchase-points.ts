// 购房积分 (SPEC §4: "purchase points only at 100% payment received; once per purchase, never
// twice"). Granted on "purchase fully paid" (the customers module's purchaseFullyPaid hook), owed to a buyer who
// is not a member yet until membership links them (the memberLinked hook; the job
// purchase-points-due is the safety net), and reversed when the purchase drops below 100% paid —
// a refund, a voided payment, a cancellation (the customers module's purchaseRefunded hook).
//
// What a purchase counts for is read from the ledger: its rule entries (keys purchase:<id>, then
// purchase:<id>:<n> for each later 100%) and their booked corrections. A grant books only what is
// missing from the rule's points, so pay → refund → pay again → refund → pay leaves exactly one
// purchase's worth. A reversal takes back what the member still holds (corrections of those
// entries, from their own lots first, never below a zero balance); what the member had spent
// waits in the approval queue as a pending correction, for a person to decide (approve it once
// the member has the points again, or reject it to write it off). Paid in full again, the queued
// corrections are withdrawn: the points are owed again.
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { memberLevel } from '../cards/levels.ts';
import { purchaseFullyPaid, purchaseRefunded, type PurchasePointsReversal, type PurchaseRefundedEvent } from '../customers/hooks.ts';
import { purchasesOfCustomer } from '../customers/purchases.ts';
import { getCustomer, type PurchaseRow } from '../customers/service.ts';
import { memberLinked } from '../membership/hooks.ts';
import { postEntry, rejectEntry } from './ledger.ts';
import { getMemberFacts, liveMemberOfCustomer } from './members.ts';
import { purchasePointsDue, ruleFor } from './rules.ts';
import { purchasePointsDue as dueTable } from './schema.ts';

export type PurchasePointsResult =
  | { state: 'posted' | 'pending' | 'replayed'; entryId: number; points: number }
  | { state: 'waiting' | 'no_rule' | 'zero' };

interface RuleEntry {
  id: number;
  memberId: number;
  amount: number;
  state: string;
  /** what the entry still counts for: its amount and its booked corrections */
  open: number;
}

/** The purchase's rule entries (not manual points that name the purchase), oldest first. */
async function ruleEntries(tx: Tx, purchaseId: number): Promise<RuleEntry[]> {
  const list = await rows<RuleEntry>(tx, sql`
    SELECT e.id, e.member_id AS "memberId", e.amount, e.state,
      e.amount + coalesce((SELECT sum(c.amount) FROM points_entries c WHERE c.corrects_entry_id = e.id AND c.state IN ('posted', 'reversed')), 0) AS open
    FROM points_entries e
    WHERE e.source_type = 'purchase' AND e.source_id = ${purchaseId}
      AND (e.idempotency_key = ${`purchase:${purchaseId}`} OR e.idempotency_key LIKE ${`purchase:${purchaseId}:%`})
    ORDER BY e.id`);
  return list.map((e) => ({ ...e, id: Number(e.id), open: Number(e.open) }));
}

/** Points the purchase counts for: booked entries less their corrections, and grants still pending. */
const heldBy = (entries: RuleEntry[]) =>
  entries.reduce((n, e) => n + (e.state === 'posted' || e.state === 'reversed' ? e.open : e.state === 'pending' ? e.amount : 0), 0);

const reversalKey = (purchaseId: number) => `purchase-reversal:${purchaseId}:`;

/**
 * 购房积分, called by the customers module on "purchase fully paid" (onPurchaseFullyPaid) in the
 * same transaction. A buyer who is not a member yet keeps the points as due (purchase_points_due);
 * they post when the customer becomes a member (claimPurchasePoints) — nothing is lost.
 */
export async function grantPurchasePoints(tx: Tx, actor: Actor, purchase: Pick<PurchaseRow, 'id' | 'customerId' | 'priceFen'>): Promise<PurchasePointsResult> {
  const priceFen = purchase.priceFen ?? 0;
  if (priceFen <= 0) return { state: 'zero' }; // "fully paid" needs a price; an unpriced record earns nothing
  const member = await liveMemberOfCustomer(tx, purchase.customerId);
  if (!member) {
    // owed (again, after a cancelled debt of an earlier 100%) until the buyer joins
    const owed = await tx.insert(dueTable).values({ purchaseId: purchase.id, customerId: purchase.customerId, priceFen })
      .onConflictDoUpdate({
        target: dueTable.purchaseId,
        set: { status: 'waiting', customerId: purchase.customerId, priceFen, paidAt: new Date() },
        setWhere: sql`${dueTable.status} = 'cancelled'`,
      }).returning();
    if (owed.length) {
      await recordAudit(tx, actor, { action: 'points.purchaseDue', entityType: 'purchase', entityId: purchase.id, facts: { customerId: purchase.customerId, priceFen } });
    }
    return { state: 'waiting' };
  }
  return bookPurchasePoints(tx, actor, purchase.id, priceFen, member.id);
}

async function bookPurchasePoints(tx: Tx, actor: Actor, purchaseId: number, priceFen: number, memberId: number, at?: Date | null): Promise<PurchasePointsResult> {
  const level = await memberLevel(tx, memberId);
  const rule = await ruleFor(tx, 'purchase', level?.code ?? null);
  if (!rule) return { state: 'no_rule' };
  const points = purchasePointsDue(priceFen, rule);
  if (points <= 0) return { state: 'zero' };
  await withdrawQueuedReversals(tx, actor, purchaseId);
  const entries = await ruleEntries(tx, purchaseId);
  const missing = points - heldBy(entries);
  const markPosted = (entryId: number) => tx.update(dueTable).set({ status: 'posted', memberId, entryId, postedAt: new Date() })
    .where(and(eq(dueTable.purchaseId, purchaseId), eq(dueTable.status, 'waiting')));
  if (missing <= 0) {
    // the purchase already counts for its points: a replayed event books nothing
    const last = entries.filter((e) => e.state !== 'rejected').at(-1) ?? entries.at(-1)!;
    await markPosted(last.id);
    return { state: 'replayed', entryId: last.id, points };
  }
  const posted = await postEntry(tx, actor, {
    memberId, amount: missing, sourceType: 'purchase', sourceId: purchaseId,
    // once per 100%: a concurrent twin of this grant meets the same key
    idempotencyKey: entries.length ? `purchase:${purchaseId}:${entries.length + 1}` : `purchase:${purchaseId}`,
    ruleId: rule.id, pending: !rule.autoApprove, reason: rule.name, sourceChecked: true, at,
  });
  await markPosted(posted.entry.id);
  if (!posted.replayed) {
    await recordAudit(tx, actor, { action: 'points.purchase', entityType: 'pointsEntry', entityId: posted.entry.id, facts: { purchaseId, priceFen, points: missing, ruleId: rule.id } });
  }
  return { state: posted.replayed ? 'replayed' : posted.entry.state === 'pending' ? 'pending' : 'posted', entryId: posted.entry.id, points: missing };
}

/** Paid in full again: the corrections queued at an earlier drop are no longer owed. */
async function withdrawQueuedReversals(tx: Tx, actor: Actor, purchaseId: number): Promise<void> {
  const queued = await rows<{ id: number }>(tx, sql`
    SELECT id FROM points_entries WHERE state = 'pending' AND idempotency_key LIKE ${`${reversalKey(purchaseId)}%`} ORDER BY id`);
  for (const q of queued) await rejectEntry(tx, actor, Number(q.id), `购房记录 #${purchaseId} 已再次全额到账，不再冲回 / purchase #${purchaseId} is fully paid again: nothing to take back`);
}

/**
 * Posts the purchase points a new member was owed from before they joined. Membership's
 * memberLinked hook calls this when it links the member; the job `purchase-points-due` catches
 * any member it was not called for.
 */
export async function claimPurchasePoints(tx: Tx, actor: Actor, input: { memberId: number; at?: Date | null }): Promise<PurchasePointsResult[]> {
  const member = await getMemberFacts(tx, input.memberId);
  if (member.status === 'archived') return [];
  const purchaseIds = (await purchasesOfCustomer(tx, member.customerId)).map((p) => p.id);
  if (!purchaseIds.length) return [];
  const due = await tx.select().from(dueTable).where(and(inArray(dueTable.purchaseId, purchaseIds), eq(dueTable.status, 'waiting')));
  const out: PurchasePointsResult[] = [];
  for (const d of due) out.push(await bookPurchasePoints(tx, actor, d.purchaseId, d.priceFen, member.id, input.at));
  return out;
}

/** Waiting purchase points whose customer (or the customer it was merged into) has become a member. */
export async function claimWaitingPurchasePoints(tx: Tx, actor: Actor, limit = 500): Promise<number> {
  const waiting = await tx.select().from(dueTable).where(eq(dueTable.status, 'waiting')).orderBy(dueTable.purchaseId).limit(limit);
  let posted = 0;
  const seen = new Set<number>();
  for (const d of waiting) {
    let customer = await getCustomer(tx, d.customerId, { includeDeleted: true });
    for (let hops = 0; customer.mergedIntoId && hops < 10; hops++) customer = await getCustomer(tx, customer.mergedIntoId, { includeDeleted: true });
    const member = await liveMemberOfCustomer(tx, customer.id);
    if (!member || seen.has(member.id)) continue;
    seen.add(member.id);
    posted += (await claimPurchasePoints(tx, actor, { memberId: member.id })).filter((r) => r.state === 'posted' || r.state === 'pending').length;
  }
  return posted;
}

const causeText: Record<PurchaseRefundedEvent['cause'], string> = { refund: '退款', void: '收款作废', cancel: '退房' };

/**
 * The purchase dropped below 100% paid: its purchase points are reversed. Owed points are owed no
 * more, pending grants are rejected, and each booked grant is corrected by what the member's
 * balance still covers (from the grant's own lot first); the rest is queued as a pending
 * correction of that grant. Reports what it did.
 */
export async function reversePurchasePoints(tx: Tx, e: PurchaseRefundedEvent): Promise<PurchasePointsReversal> {
  const { actor, purchase } = e;
  const why = `购房记录 #${purchase.id} ${causeText[e.cause]}${e.reason ? `：${e.reason}` : ''}`;
  const report: PurchasePointsReversal = { memberId: null, reversed: 0, notReversed: 0, pendingEntryIds: [], withdrawn: 0, dueCancelled: false };

  const cancelled = await tx.update(dueTable).set({ status: 'cancelled' })
    .where(and(eq(dueTable.purchaseId, purchase.id), eq(dueTable.status, 'waiting'))).returning();
  if (cancelled.length) {
    report.dueCancelled = true;
    await recordAudit(tx, actor, { action: 'points.purchaseDueCancelled', entityType: 'purchase', entityId: purchase.id, facts: { customerId: purchase.customerId, cause: e.cause, causeId: e.causeId } });
  }

  const entries = await ruleEntries(tx, purchase.id);
  for (const entry of entries.filter((x) => x.state === 'pending')) {
    await rejectEntry(tx, actor, entry.id, why);
    report.memberId = entry.memberId;
    report.withdrawn += entry.amount;
  }
  for (const entry of entries.filter((x) => (x.state === 'posted' || x.state === 'reversed') && x.open > 0).reverse()) {
    report.memberId = entry.memberId;
    // the account row is locked until the end of the transaction: what it covers now is what the correction may take
    const [account] = await rows<{ balance: number }>(tx, sql`SELECT balance FROM points_accounts WHERE member_id = ${entry.memberId} FOR UPDATE`);
    const take = Math.min(entry.open, Number(account?.balance ?? 0));
    const [{ n }] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM points_entries WHERE corrects_entry_id = ${entry.id}`);
    const key = `${reversalKey(purchase.id)}${entry.id}:${Number(n) + 1}`;
    const base = { memberId: entry.memberId, sourceType: 'correction' as const, sourceId: entry.id, correctsEntryId: entry.id, reason: why, sourceChecked: true, memberChecked: true };
    if (take > 0) {
      const posted = await postEntry(tx, actor, { ...base, amount: -take, idempotencyKey: key });
      if (take === entry.open) await rows(tx, sql`UPDATE points_entries SET state = 'reversed' WHERE id = ${entry.id}`);
      await recordAudit(tx, actor, {
        action: 'points.correct', entityType: 'pointsEntry', entityId: entry.id,
        facts: { correction: posted.entry.id, amount: -take, reason: why, purchaseId: purchase.id, cause: e.cause, causeId: e.causeId },
      });
      report.reversed += take;
    }
    const rest = entry.open - take;
    if (rest > 0) {
      const queued = await postEntry(tx, actor, { ...base, amount: -rest, pending: true, idempotencyKey: `${key}:queued` });
      await recordAudit(tx, actor, {
        action: 'points.reversalQueued', entityType: 'pointsEntry', entityId: entry.id,
        facts: { pending: queued.entry.id, amount: -rest, balance: Number(account?.balance ?? 0), reason: why, purchaseId: purchase.id, cause: e.cause, causeId: e.causeId },
      });
      report.notReversed += rest;
      report.pendingEntryIds.push(queued.entry.id);
    }
  }
  return report;
}

// a purchase paid in full: its purchase points (owed until the buyer is a member) — first (order 10), before care
purchaseFullyPaid.on(async (tx, e) => { await grantPurchasePoints(tx, e.actor, e.purchase); }, { order: 10 });
purchaseRefunded.on(async (tx, e) => ({ points: await reversePurchasePoints(tx, e) }));
memberLinked.on(async (tx, e) => { await claimPurchasePoints(tx, e.actor, { memberId: e.memberId, at: e.at }); });
