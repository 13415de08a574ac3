// Business events of the care module that other modules listen to (src/hooks.ts).
import { createHook } from '../../hooks.ts';
import type { Actor } from '../auth/actor.ts';

export interface CareDeliveredEvent {
  actor: Actor;
  careId: number;
  careTitle: string;
  /** the members the care reached now: an SMS / e-mail the outbox reports sent, or a letter (…) staff record as reached */
  deliveries: { careMemberId: number; memberId: number }[];
}

/**
 * A care reached its members (关怀完成): sent by the system, or recorded as reached by staff. Runs
 * in the transaction that records it — again when a result is recorded a second time, so
 * listeners keep their own effects once per care member. Listener: points (the care trigger rules).
 */
export const careDelivered = createHook<CareDeliveredEvent>('care.careDelivered');
