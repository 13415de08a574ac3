// Business events of the customers module that other modules listen to (src/hooks.ts).
import { createHook } from '../../hooks.ts';
import type { Actor } from '../auth/actor.ts';
import type { purchases } from './schema.ts';

type PurchaseRow = typeof purchases.$inferSelect;

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
