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
  /** when it was linked, for history loaded after the fact (demo data: the joining day); default now */
  at?: Date | null;
}

/**
 * A customer's data was linked to a member (数据关联): at approval once the card is issued, or
 * when an application turns out to be an existing member's. Runs in that transaction; a
 * listener's failure rolls it back. Listener: points (purchase points owed from before joining).
 */
export const memberLinked = createHook<MemberLinkedEvent>('membership.memberLinked');

export interface ApplicationApprovedEvent {
  actor: Actor;
  applicationId: number;
  /** how it was approved: a new member, merged into a new member, or joined to an existing one */
  outcome: 'new_member' | 'merged_new_member' | 'joined_member';
  memberId: number;
  customerId: number;
  /** the card number the reviewer gave (or the one on the application); null: none */
  cardNo: string | null;
}

export interface ApplicationApprovedReply {
  /** a listener issued the card numbered cardNo */
  cardIssued?: boolean;
}

/**
 * An application was approved (入会审批通过): the member exists and the application's data is
 * linked. Runs in the approval's transaction, before memberLinked (so points owed from before
 * joining post at the level the new card gives); a listener's failure rolls the approval back.
 * Listener: cards (order 10: issues the card numbered cardNo and says so, or refuses the approval).
 */
export const applicationApproved = createHook<ApplicationApprovedEvent, ApplicationApprovedReply>('membership.applicationApproved');
