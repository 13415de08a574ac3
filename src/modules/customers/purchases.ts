// Purchases (购房记录), payments (房款到账) and refunds (退款). Amounts in fen. A sale makes its
// customer a buyer and raises an automatic membership application; the payment that brings the
// received amount to 100% of the price fires the "purchase fully paid" event once
// (settleIfFullyPaid). A refund, a voided payment or a cancellation (退房) that takes a fully
// paid purchase below 100% fires "purchase refunded" once (unsettle, the purchaseRefunded hook):
// its purchase points are reversed, and a later 100% fires "fully paid" again.
import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { AppError, invalidField, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { purchaseRecorded, purchaseRefunded, type PurchasePointsReversal, type PurchaseRefundCause } from './hooks.ts';
import './messages.ts';
import { customers, payments, purchases, refunds } from './schema.ts';
import { customerScope, getCustomerInScope, onPurchaseFullyPaid, refreshBuyerFlag, type PurchaseRow } from './service.ts';

export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
/** What a refund, a void or a cancellation did to the purchase points; null: the purchase was not fully paid, nothing to reverse. */
export type PointsReport = PurchasePointsReversal | null;
export const purchaseStatuses = ['subscribed', 'contracted', 'paid_off', 'cancelled'] as const;
export type PurchaseStatus = (typeof purchaseStatuses)[number];
/** statuses people and the sales system set; paid_off only ever comes from the fully-paid event */
export const enteredStatuses = ['subscribed', 'contracted', 'cancelled'] as const;
export type EnteredStatus = (typeof enteredStatuses)[number];

/** 1234567 fen → "12,345.67" (yuan), for messages. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

export interface PurchaseInput {
  project: string;
  unit: string;
  contractNo?: string | null;
  contractDate?: string | null;
  priceFen: number | null;
  status?: EnteredStatus;
  note?: string | null;
  externalSystem?: string | null;
  externalId?: string | null;
}

/** A purchase the actor may see (its customer is in their data scope). */
export async function getPurchaseInScope(tx: Tx, actor: Actor, id: number): Promise<PurchaseRow> {
  const [row] = await tx.select({ p: purchases }).from(purchases).innerJoin(customers, eq(customers.id, purchases.customerId))
    .where(and(eq(purchases.id, id), customerScope(actor)));
  if (!row) throw notFound('purchase', id);
  return row.p;
}

/** One live sale per unit: a unit sold again needs the earlier sale cancelled first. */
async function assertUnitFree(tx: Tx, project: string, unit: string, exceptId?: number): Promise<void> {
  const [other] = await tx.select({ id: purchases.id, customerId: purchases.customerId }).from(purchases).where(and(
    eq(purchases.project, project), eq(purchases.unit, unit), eq(purchases.origin, 'sale'), isNull(purchases.deletedAt),
    ne(purchases.status, 'cancelled'), exceptId ? ne(purchases.id, exceptId) : undefined,
  )).limit(1);
  if (other) throw new AppError(409, 'UNIT_ALREADY_SOLD', 'purchase.unitTaken', { project, unit, customerId: other.customerId }, [{ field: 'unit', key: 'purchase.unitTaken', params: { project, unit, customerId: other.customerId } }]);
}

/**
 * Records a sale (or, from the import, an old project's unit). The customer becomes a buyer; a
 * sale that is not cancelled fires purchaseRecorded (hooks.ts): membership raises the automatic
 * application (SPEC §2.1) — once per purchase, as the applications table holds at most one per purchase.
 */
export async function createPurchase(tx: Tx, actor: Actor, customerId: number, input: PurchaseInput): Promise<PurchaseRow> {
  const customer = await getCustomerInScope(tx, actor, customerId);
  const status = input.status ?? 'contracted';
  const project = input.project.trim();
  const unit = input.unit.trim();
  if (status !== 'cancelled') await assertUnitFree(tx, project, unit);
  const [p] = await tx.insert(purchases).values({
    customerId: customer.id, project, unit, contractNo: input.contractNo?.trim() || null, contractDate: input.contractDate ?? null,
    priceFen: input.priceFen, status, origin: 'sale', note: input.note?.trim() || null,
    externalSystem: input.externalSystem ?? null, externalId: input.externalId ?? null,
  }).returning();
  await recordAudit(tx, actor, { action: 'purchase.create', entityType: 'purchase', entityId: p.id, after: p });
  await refreshBuyerFlag(tx, actor, customer.id);
  if (status !== 'cancelled') await purchaseRecorded.run(tx, { actor, purchase: p });
  return p;
}

export type PurchasePatch = Partial<Omit<PurchaseInput, 'externalSystem' | 'externalId'>>;

const allowedMoves: Record<PurchaseStatus, PurchaseStatus[]> = {
  subscribed: ['contracted', 'cancelled'],
  contracted: ['subscribed', 'cancelled'],
  paid_off: ['cancelled'], // 退房: its purchase points are reversed
  cancelled: [],
};

/**
 * Edits a purchase; returns it with the names of the fields that changed. Nothing changed →
 * nothing written. Lowering the price to what was received completes the purchase.
 */
export async function updatePurchase(tx: Tx, actor: Actor, id: number, patch: PurchasePatch): Promise<{ purchase: PurchaseRow; changed: string[]; points: PointsReport }> {
  const before = await getPurchaseInScope(tx, actor, id);
  if (before.deletedAt) throw refused('PURCHASE_DELETED', 'purchase.deleted', { id });
  const next = {
    project: patch.project !== undefined ? patch.project.trim() : before.project,
    unit: patch.unit !== undefined ? patch.unit.trim() : before.unit,
    contractNo: patch.contractNo !== undefined ? patch.contractNo?.trim() || null : before.contractNo,
    contractDate: patch.contractDate !== undefined ? patch.contractDate : before.contractDate,
    priceFen: patch.priceFen !== undefined ? patch.priceFen : before.priceFen,
    status: (patch.status ?? before.status) as PurchaseStatus,
    note: patch.note !== undefined ? patch.note?.trim() || null : before.note,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== before[k]);
  if (!changed.length) return { purchase: before, changed, points: null };
  // a fully paid purchase keeps its price; its status may only become cancelled (退房: its points are reversed)
  if (before.fullyPaidAt && (changed.includes('priceFen') || (changed.includes('status') && next.status !== 'cancelled'))) {
    throw refused('PURCHASE_FULLY_PAID', 'purchase.fullyPaidLocked');
  }
  if (next.status !== before.status && !allowedMoves[before.status as PurchaseStatus].includes(next.status)) {
    throw new AppError(422, 'PURCHASE_STATUS_CHANGE', 'purchase.badStatusChange', { from: `entity.purchaseStatus.${before.status}`, to: `entity.purchaseStatus.${next.status}` });
  }
  if (next.priceFen != null && next.priceFen < before.receivedFen) {
    throw invalidField('priceFen', 'purchase.priceBelowReceived', { received: yuan(before.receivedFen) });
  }
  if (before.origin === 'sale' && next.status !== 'cancelled' && (changed.includes('project') || changed.includes('unit') || changed.includes('status'))) {
    await assertUnitFree(tx, next.project, next.unit, id);
  }
  const [after] = await tx.update(purchases).set({ ...next, updatedAt: new Date() }).where(eq(purchases.id, id)).returning();
  await recordAudit(tx, actor, { action: 'purchase.update', entityType: 'purchase', entityId: id, before, after });
  if (after.status === 'cancelled' && before.status !== 'cancelled') {
    const { purchase, points } = await unsettle(tx, actor, id, 'cancel', id, after.note ?? '');
    return { purchase, changed, points };
  }
  return { purchase: (await settleIfFullyPaid(tx, actor, id)) ?? after, changed, points: null };
}

/**
 * 退房: cancels a purchase, paid in full or not. The unit may be sold again; the money received
 * stays on record until it is refunded (refundPayment). A fully paid purchase is no longer fully
 * paid: its purchase points are reversed (purchaseRefunded).
 */
export async function cancelPurchase(tx: Tx, actor: Actor, id: number, reason: string): Promise<{ purchase: PurchaseRow; points: PointsReport }> {
  const p = await getPurchaseInScope(tx, actor, id);
  if (p.deletedAt) throw refused('PURCHASE_DELETED', 'purchase.deleted', { id });
  const [after] = await tx.update(purchases).set({ status: 'cancelled', updatedAt: new Date() })
    .where(and(eq(purchases.id, id), ne(purchases.status, 'cancelled'), isNull(purchases.deletedAt))).returning();
  if (!after) throw refused('PURCHASE_CANCELLED', 'purchase.alreadyCancelled', { id });
  await recordAudit(tx, actor, {
    action: 'purchase.cancel', entityType: 'purchase', entityId: id,
    facts: { reason: reason.trim(), status: { before: p.status, after: 'cancelled' }, receivedFen: p.receivedFen, priceFen: p.priceFen, fullyPaidAt: p.fullyPaidAt },
  });
  return unsettle(tx, actor, id, 'cancel', id, reason.trim());
}

/** Logical delete of a purchase entered by mistake. A fully paid purchase (points granted) cannot be deleted. */
export async function deletePurchase(tx: Tx, actor: Actor, id: number): Promise<PurchaseRow> {
  const p = await getPurchaseInScope(tx, actor, id);
  if (p.deletedAt) return p;
  if (p.fullyPaidAt) throw refused('PURCHASE_FULLY_PAID', 'purchase.fullyPaidNoDelete');
  const [after] = await tx.update(purchases).set({ deletedAt: new Date(), updatedAt: new Date() }).where(eq(purchases.id, id)).returning();
  await recordAudit(tx, actor, { action: 'purchase.delete', entityType: 'purchase', entityId: id, before: { deletedAt: null }, after: { deletedAt: after.deletedAt } });
  await refreshBuyerFlag(tx, actor, p.customerId);
  return after;
}

export async function restorePurchase(tx: Tx, actor: Actor, id: number): Promise<PurchaseRow> {
  const p = await getPurchaseInScope(tx, actor, id);
  if (!p.deletedAt) return p;
  await getCustomerInScope(tx, actor, p.customerId); // the customer must be live
  if (p.origin === 'sale' && p.status !== 'cancelled') await assertUnitFree(tx, p.project, p.unit, id);
  const [after] = await tx.update(purchases).set({ deletedAt: null, updatedAt: new Date() }).where(eq(purchases.id, id)).returning();
  await recordAudit(tx, actor, { action: 'purchase.restore', entityType: 'purchase', entityId: id, before: { deletedAt: p.deletedAt }, after: { deletedAt: null } });
  await refreshBuyerFlag(tx, actor, p.customerId);
  return after;
}

// ---------- payments ----------

export interface PaymentInput {
  amountFen: number;
  paidAt?: Date;
  receiptNo?: string | null;
  note?: string | null;
  externalSystem?: string | null;
  externalId?: string | null;
}

/**
 * Adds a payment received. Amount > 0; the received total may not exceed the price — an
 * overpayment is refused with 422 (PAYMENT_EXCEEDS_PRICE) saying how much can still be received,
 * because a refund or a price change must be decided by a person. The check and the addition are
 * one guarded UPDATE, so concurrent payments cannot overshoot either.
 */
export async function addPayment(tx: Tx, actor: Actor, purchaseId: number, input: PaymentInput): Promise<{ payment: PaymentRow; purchase: PurchaseRow }> {
  const p = await getPurchaseInScope(tx, actor, purchaseId);
  if (p.deletedAt) throw refused('PURCHASE_DELETED', 'purchase.deleted', { id: purchaseId });
  if (p.origin !== 'sale') throw refused('PURCHASE_NOT_PAYABLE', 'purchase.importedNoPayments');
  const paidAt = input.paidAt ?? new Date();
  if (paidAt.getTime() > Date.now() + 5 * 60_000) throw invalidField('paidAt', 'validation.future');
  const amount = input.amountFen;
  const [upd] = await tx.update(purchases)
    .set({ receivedFen: sql`${purchases.receivedFen} + ${amount}`, updatedAt: new Date() })
    .where(and(
      eq(purchases.id, purchaseId), isNull(purchases.deletedAt), notInArray(purchases.status, ['cancelled', 'paid_off']),
      sql`${purchases.priceFen} IS NOT NULL AND ${purchases.receivedFen} + ${amount} <= ${purchases.priceFen}`,
    ))
    .returning();
  if (!upd) {
    const [now] = await tx.select().from(purchases).where(eq(purchases.id, purchaseId));
    if (now.status === 'cancelled' || now.status === 'paid_off' || now.deletedAt) {
      throw refused('PURCHASE_NOT_PAYABLE', 'purchase.notPayable', { status: `entity.purchaseStatus.${now.status}` });
    }
    const remaining = Math.max(0, (now.priceFen ?? 0) - now.receivedFen);
    throw new AppError(422, 'PAYMENT_EXCEEDS_PRICE', 'purchase.overpaid',
      { received: yuan(now.receivedFen), amount: yuan(amount), price: yuan(now.priceFen ?? 0), remaining: yuan(remaining) },
      [{ field: 'amountFen', key: 'purchase.overpaid', params: { received: yuan(now.receivedFen), amount: yuan(amount), price: yuan(now.priceFen ?? 0), remaining: yuan(remaining) } }]);
  }
  const [payment] = await tx.insert(payments).values({
    purchaseId, amountFen: amount, paidAt, receiptNo: input.receiptNo?.trim() || null, note: input.note?.trim() || null,
    externalSystem: input.externalSystem ?? null, externalId: input.externalId ?? null,
  }).returning();
  await recordAudit(tx, actor, {
    action: 'payment.add', entityType: 'purchase', entityId: purchaseId,
    facts: { paymentId: payment.id, amountFen: amount, receivedFen: { before: p.receivedFen, after: upd.receivedFen }, priceFen: upd.priceFen, paidAt, receiptNo: payment.receiptNo },
  });
  const settled = await settleIfFullyPaid(tx, actor, purchaseId);
  return { payment, purchase: settled ?? upd };
}

/**
 * The one place the "purchase fully paid" event is emitted. The guarded UPDATE sets fully_paid_at
 * only while it is still NULL — a second payment, a replay or a concurrent transaction finds it set
 * (or waits on the row lock and then finds it set) and fires nothing. Imported old-project
 * purchases are never a new sale and never fire it.
 */
export async function settleIfFullyPaid(tx: Tx, actor: Actor, purchaseId: number): Promise<PurchaseRow | null> {
  const [fired] = await tx.update(purchases).set({ fullyPaidAt: sql`now()`, updatedAt: new Date() }).where(and(
    eq(purchases.id, purchaseId), isNull(purchases.fullyPaidAt), isNull(purchases.deletedAt), eq(purchases.origin, 'sale'),
    ne(purchases.status, 'cancelled'), sql`${purchases.priceFen} > 0 AND ${purchases.receivedFen} >= ${purchases.priceFen}`,
  )).returning();
  if (!fired) return null;
  await onPurchaseFullyPaid(tx, actor, fired);
  return { ...fired, status: 'paid_off' };
}

/**
 * Voids a payment entered by mistake or bounced (kept, no longer counted). A fully paid purchase
 * drops below 100%: it is no longer fully paid and its purchase points are reversed. A payment
 * refunded in part already cannot be voided for more than is still received.
 */
export async function voidPayment(tx: Tx, actor: Actor, paymentId: number, reason: string): Promise<PaymentRow & { points: PointsReport }> {
  const [pay] = await tx.select().from(payments).where(eq(payments.id, paymentId));
  if (!pay) throw notFound('payment', paymentId);
  const p = await getPurchaseInScope(tx, actor, pay.purchaseId);
  if (pay.voidedAt) throw refused('PAYMENT_VOIDED', 'payment.voided');
  const [voided] = await tx.update(payments).set({ voidedAt: new Date(), voidReason: reason.trim() })
    .where(and(eq(payments.id, paymentId), isNull(payments.voidedAt))).returning();
  if (!voided) throw refused('PAYMENT_VOIDED', 'payment.voided');
  const [upd] = await tx.update(purchases).set({ receivedFen: sql`${purchases.receivedFen} - ${pay.amountFen}`, updatedAt: new Date() })
    .where(and(eq(purchases.id, p.id), sql`${purchases.receivedFen} >= ${pay.amountFen}`)).returning();
  if (!upd) throw refused('PAYMENT_REFUNDED', 'payment.voidAfterRefund', { received: yuan(p.receivedFen), amount: yuan(pay.amountFen) });
  await recordAudit(tx, actor, {
    action: 'payment.void', entityType: 'purchase', entityId: p.id,
    facts: { paymentId, amountFen: pay.amountFen, reason: voided.voidReason, receivedFen: { before: p.receivedFen, after: upd.receivedFen } },
  });
  const { points } = await unsettle(tx, actor, p.id, 'void', paymentId, voided.voidReason ?? '');
  return { ...voided, points };
}

// ---------- refunds ----------

export interface RefundInput {
  amountFen: number;
  refundedAt?: Date;
  reason: string;
  receiptNo?: string | null;
  externalSystem?: string | null;
  externalId?: string | null;
}

/**
 * 退款: money given back to the buyer, never more than was received (422 REFUND_EXCEEDS_RECEIVED,
 * one guarded UPDATE, so concurrent refunds cannot overshoot either). A cancelled purchase can
 * still be refunded (the money of a 退房). When it takes a fully paid purchase below 100%, the
 * purchase is no longer fully paid and its purchase points are reversed (purchaseRefunded).
 */
export async function refundPayment(tx: Tx, actor: Actor, purchaseId: number, input: RefundInput): Promise<{ refund: RefundRow; purchase: PurchaseRow; points: PointsReport }> {
  const p = await getPurchaseInScope(tx, actor, purchaseId);
  if (p.deletedAt) throw refused('PURCHASE_DELETED', 'purchase.deleted', { id: purchaseId });
  if (p.origin !== 'sale') throw refused('PURCHASE_NOT_PAYABLE', 'purchase.importedNoPayments');
  const reason = input.reason.trim();
  if (!reason) throw invalidField('reason', 'validation.required');
  const refundedAt = input.refundedAt ?? new Date();
  if (refundedAt.getTime() > Date.now() + 5 * 60_000) throw invalidField('refundedAt', 'validation.future');
  const amount = input.amountFen;
  const [upd] = await tx.update(purchases)
    .set({ receivedFen: sql`${purchases.receivedFen} - ${amount}`, updatedAt: new Date() })
    .where(and(eq(purchases.id, purchaseId), isNull(purchases.deletedAt), sql`${purchases.receivedFen} >= ${amount}`))
    .returning();
  if (!upd) {
    const [now] = await tx.select().from(purchases).where(eq(purchases.id, purchaseId));
    if (now.deletedAt) throw refused('PURCHASE_DELETED', 'purchase.deleted', { id: purchaseId });
    const params = { received: yuan(now.receivedFen), amount: yuan(amount) };
    throw new AppError(422, 'REFUND_EXCEEDS_RECEIVED', 'refund.exceedsReceived', params, [{ field: 'amountFen', key: 'refund.exceedsReceived', params }]);
  }
  const [refund] = await tx.insert(refunds).values({
    purchaseId, amountFen: amount, refundedAt, reason, receiptNo: input.receiptNo?.trim() || null,
    externalSystem: input.externalSystem ?? null, externalId: input.externalId ?? null,
  }).returning();
  await recordAudit(tx, actor, {
    action: 'purchase.refund', entityType: 'purchase', entityId: purchaseId,
    facts: { refundId: refund.id, amountFen: amount, receivedFen: { before: p.receivedFen, after: upd.receivedFen }, priceFen: upd.priceFen, refundedAt, reason, receiptNo: refund.receiptNo },
  });
  const { purchase, points } = await unsettle(tx, actor, purchaseId, 'refund', refund.id, reason);
  return { refund, purchase, points };
}

/**
 * The one place the "purchase refunded" event is emitted: a fully paid purchase that is now below
 * 100% (or cancelled) is no longer fully paid. The guarded UPDATE clears fully_paid_at only while
 * it is set, so the event fires once per drop; a paid-off purchase goes back to contracted.
 */
async function unsettle(tx: Tx, actor: Actor, purchaseId: number, cause: PurchaseRefundCause, causeId: number, reason: string): Promise<{ purchase: PurchaseRow; points: PointsReport }> {
  const [before] = await tx.select().from(purchases).where(eq(purchases.id, purchaseId));
  const [after] = await tx.update(purchases)
    .set({ fullyPaidAt: null, status: sql`CASE WHEN ${purchases.status} = 'cancelled' THEN 'cancelled' ELSE 'contracted' END`, updatedAt: new Date() })
    .where(and(
      eq(purchases.id, purchaseId), isNotNull(purchases.fullyPaidAt),
      or(eq(purchases.status, 'cancelled'), sql`${purchases.receivedFen} < coalesce(${purchases.priceFen}, 0)`),
    )).returning();
  if (!after) return { purchase: before, points: null };
  await recordAudit(tx, actor, {
    action: 'purchase.unpaid', entityType: 'purchase', entityId: purchaseId,
    facts: {
      cause, causeId, reason, customerId: after.customerId, priceFen: after.priceFen, receivedFen: after.receivedFen,
      status: { before: before.status, after: after.status }, fullyPaidAt: { before: before.fullyPaidAt, after: null },
    },
  });
  const replies = await purchaseRefunded.run(tx, { actor, purchase: after, cause, causeId, reason });
  const points = replies.find((r) => r.points)?.points ?? null;
  return { purchase: after, points };
}

// ---------- reading ----------

export type PurchaseWithPayments = PurchaseRow & { payments: PaymentRow[]; refunds: RefundRow[] };

/** A customer's live purchases (with includeDeleted, the deleted ones too, flagged) and their payments, oldest first. */
export async function purchasesOfCustomer(tx: Tx, customerId: number, opts: { includeDeleted?: boolean } = {}): Promise<PurchaseWithPayments[]> {
  const list = await tx.select().from(purchases)
    .where(and(eq(purchases.customerId, customerId), opts.includeDeleted ? undefined : isNull(purchases.deletedAt)))
    .orderBy(asc(purchases.createdAt), asc(purchases.id));
  return withPayments(tx, list);
}

async function withPayments(tx: Tx, list: PurchaseRow[]): Promise<PurchaseWithPayments[]> {
  const ids = list.map((p) => p.id);
  const [pays, backs] = ids.length
    ? await Promise.all([
      tx.select().from(payments).where(inArray(payments.purchaseId, ids)).orderBy(asc(payments.paidAt), asc(payments.id)),
      tx.select().from(refunds).where(inArray(refunds.purchaseId, ids)).orderBy(asc(refunds.refundedAt), asc(refunds.id)),
    ])
    : [[], []];
  return list.map((p) => ({ ...p, payments: pays.filter((x) => x.purchaseId === p.id), refunds: backs.filter((x) => x.purchaseId === p.id) }));
}

export async function getPurchaseDetail(tx: Tx, actor: Actor, id: number): Promise<PurchaseWithPayments> {
  const [p] = await withPayments(tx, [await getPurchaseInScope(tx, actor, id)]);
  return p;
}

export interface PurchaseQuery {
  page: number;
  pageSize: number;
  /** customer name, unit or contract no. */
  q?: string;
  project?: string;
  status?: PurchaseStatus;
  origin?: 'sale' | 'property_import';
  customerId?: number;
  fullyPaid?: boolean;
  deleted?: 'exclude' | 'include' | 'only';
}

export async function listPurchases(tx: Tx, actor: Actor, q: PurchaseQuery) {
  const conds: (SQL | undefined)[] = [customerScope(actor)];
  const deleted = q.deleted ?? 'exclude';
  if (deleted === 'exclude') conds.push(isNull(purchases.deletedAt));
  if (deleted === 'only') conds.push(isNotNull(purchases.deletedAt));
  if (q.project) conds.push(eq(purchases.project, q.project));
  if (q.status) conds.push(eq(purchases.status, q.status));
  if (q.origin) conds.push(eq(purchases.origin, q.origin));
  if (q.customerId) conds.push(eq(purchases.customerId, q.customerId));
  if (q.fullyPaid !== undefined) conds.push(q.fullyPaid ? isNotNull(purchases.fullyPaidAt) : isNull(purchases.fullyPaidAt));
  if (q.q?.trim()) {
    const like = `%${q.q.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    conds.push(or(ilike(customers.name, like), ilike(purchases.unit, like), ilike(purchases.contractNo, like)));
  }
  const where = and(...conds.filter(Boolean));
  const [list, [{ total }]] = await Promise.all([
    tx.select({ p: purchases, customerName: customers.name }).from(purchases).innerJoin(customers, eq(customers.id, purchases.customerId))
      .where(where).orderBy(desc(purchases.createdAt), desc(purchases.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: sql<number>`count(*)::int` }).from(purchases).innerJoin(customers, eq(customers.id, purchases.customerId)).where(where),
  ]);
  return { items: list.map((r) => ({ ...r.p, customerName: r.customerName })), total, page: q.page, pageSize: q.pageSize };
}

/** Projects with purchases the actor may see, for the filters. */
export async function listProjects(tx: Tx, actor: Actor) {
  const list = await tx.select({ project: purchases.project, count: sql<number>`count(*)::int` }).from(purchases)
    .innerJoin(customers, eq(customers.id, purchases.customerId))
    .where(and(customerScope(actor), isNull(purchases.deletedAt))).groupBy(purchases.project).orderBy(asc(purchases.project));
  return list;
}
