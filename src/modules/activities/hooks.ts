// Business events of the activities module that other modules listen to (src/hooks.ts).
import { createHook } from '../../hooks.ts';
import type { Actor } from '../auth/actor.ts';

export interface ParticipationsRecordedEvent {
  actor: Actor;
  activityId: number;
  activityName: string;
  /** the participations recorded now (single, card reader or batch); replays and members recorded before are not in it */
  participations: { participationId: number; memberId: number }[];
}

/**
 * Members were recorded as having taken part in an activity (签到 / 登记参加). Runs once per new
 * participation, in the transaction that records it; a listener's failure rolls the recording back.
 * Listener: points (the activity trigger rules).
 */
export const participationsRecorded = createHook<ParticipationsRecordedEvent>('activities.participationsRecorded');
