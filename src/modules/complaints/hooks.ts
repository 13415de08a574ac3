// Business events of the complaints module that other modules listen to (src/hooks.ts).
import { createHook } from '../../hooks.ts';
import type { Actor } from '../auth/actor.ts';

export interface ComplaintClosedEvent {
  actor: Actor;
  complaintId: number;
  complaintNo: string;
  /** the member the complaint is about (null: not a member) */
  memberId: number | null;
}

/**
 * A complaint was closed (完成). Runs in the closing transaction, again after a reopen and a new
 * close, so listeners keep their own effects once per complaint. Listener: points (the complaint
 * trigger rules).
 */
export const complaintClosed = createHook<ComplaintClosedEvent>('complaints.complaintClosed');
