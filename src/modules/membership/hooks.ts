// Business events of the membership module that other modules listen to (src/hooks.ts).
import { createHook } from '../../hooks.ts';
import type { Actor } from '../auth/actor.ts';

export interface MemberLinkedEvent {
  actor: Actor;
  memberId: number;
  /** the member's customer record, holding every purchase of the person after linking */
  customerId: number;
  /** the application whose data was linked */
  applicationId: number;
}

/**
 * A customer's data was linked to a member (数据关联): at approval once the card is issued, or
 * when an application turns out to be an existing member's. Runs in that transaction; a
 * listener's failure rolls it back. Listener: points (purchase points owed from before joining).
 */
export const memberLinked = createHook<MemberLinkedEvent>('membership.memberLinked');
