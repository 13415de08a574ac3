// Business events of the customers module that other modules listen to (src/hooks.ts).
import { createHook } from '../../hooks.ts';
import type { Actor } from '../auth/actor.ts';
import type { purchases } from './schema.ts';

type PurchaseRow = typeof purchases.$inferSelect;

export interface PurchaseRecordedEvent {
  actor: Actor;
  /** the sale just recorded (not cancelled; imported old-project units are not sales and fire nothing) */
  purchase: PurchaseRow;
}

/**
 * A sale was recorded: the customer became a buyer. Runs in the transaction that records it; a
 * listener's failure rolls the sale back. Listener: membership (the automatic application, SPEC
 * §2.1 — once per purchase).
 */
export const purchaseRecorded = createHook<PurchaseRecordedEvent>('customers.purchaseRecorded');

export interface PurchaseFullyPaidEvent {
  actor: Actor;
  /** the purchase as the guarded UPDATE left it: fully_paid_at just set (status is set to paid_off before listeners run) */
  purchase: PurchaseRow;
}

/**
 * 房款到账率 100%: a sale reached 100% received. Runs once per time it gets there (the guarded
 * UPDATE that sets fully_paid_at; again after a drop below 100% and a new 100%), in the
 * transaction of the payment or price change that completed it, after the purchase is marked
 * paid_off and audited; a listener's failure rolls the payment back. Listeners, in this order:
 * points (order 10: purchase points, once per purchase — owed until the buyer is a member), then
 * care (order 20: 购房关怀 when that trigger is on, once per purchase and member).
 */
export const purchaseFullyPaid = createHook<PurchaseFullyPaidEvent>('customers.purchaseFullyPaid');

/** What the customer page shows of the member a person is. */
export interface MemberSummary {
  id: number;
  memberNo: string;
  status: string;
  joinedAt: Date;
}

/**
 * A question rather than an event: the customer page asks who the member behind a customer record
 * (customers.member_id) is. The membership module owns members and answers (one listener:
 * membership); customers never imports it. No answer → the page shows no member.
 */
export const memberSummaryOf = createHook<{ memberId: number }, MemberSummary | null>('customers.memberSummaryOf');

/** What the customer page shows of a membership application still waiting for review (待审核). */
export interface PendingApplicationSummary {
  id: number;
  applicationNo: string;
  createdAt: Date;
}

/**
 * A question: the customer page of someone who is not a member asks whether an application of
 * theirs waits for review, to show it instead of offering 申请入会 again. The membership module
 * owns applications and answers (one listener: membership); no answer → none pending.
 */
export const pendingApplicationOf = createHook<{ customerId: number }, PendingApplicationSummary | null>('customers.pendingApplicationOf');

export type PurchaseRefundCause = 'refund' | 'void' | 'cancel';

export interface PurchaseRefundedEvent {
  actor: Actor;
  /** the purchase as it is now: no longer fully paid (fully_paid_at cleared), or cancelled */
  purchase: PurchaseRow;
  /** what took it below 100%: a refund, a voided payment, or the cancellation (退房) */
  cause: PurchaseRefundCause;
  /** the refund, payment or purchase id that did it, for the entries' reasons */
  causeId: number;
  /** the reason a person or the sales system gave */
  reason: string;
}

/** What the points module did about it, reported back to whoever refunded or cancelled. */
export interface PurchasePointsReversal {
  /** the member who held the purchase points (null: the buyer was not a member) */
  memberId: number | null;
  /** points taken back now by corrections of the purchase points */
  reversed: number;
  /** points that could not be taken back (the member had spent them): queued for a decision */
  notReversed: number;
  /** the pending corrections in the points approval queue holding what was not reversed */
  pendingEntryIds: number[];
  /** pending purchase points (waiting for approval) withdrawn: never posted */
  withdrawn: number;
  /** points owed to a buyer who had not joined yet, no longer owed */
  dueCancelled: boolean;
}

export interface PurchaseRefundedReply {
  points?: PurchasePointsReversal;
}

/**
 * A fully paid purchase dropped below 100% paid — a refund, a voided payment or a cancellation.
 * Runs once per drop (the guarded UPDATE that clears fully_paid_at), in the transaction of the
 * refund; a listener's failure rolls the refund back. Listener: points (reverses purchase points).
 */
export const purchaseRefunded = createHook<PurchaseRefundedEvent, PurchaseRefundedReply>('customers.purchaseRefunded');
