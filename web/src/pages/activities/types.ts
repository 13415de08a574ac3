// Shapes of the activities API (src/modules/activities/routes.ts).
export type ActivityStatus = 'planned' | 'approved' | 'rejected' | 'closed';

export interface Figures {
  participants: number; perParticipantFen: number; sharedFen: number; totalFen: number; perHeadFen: number | null; pointsPosted: number;
}

export interface Activity {
  id: number; name: string; type: string; startsOn: string; endsOn: string; status: ActivityStatus; pointsPerParticipant: number;
  place: string | null; expectedHeadcount: number | null; planText: string | null; budgetFen: number | null;
  createdBy: string; approvedBy: string | null; approvedAt: string | null; rejectedBy: string | null; rejectedAt: string | null;
  decisionNote: string | null; closedAt: string | null; closedBy: string | null; createdAt: string; updatedAt: string;
}

export type ActivityListItem = Activity & Figures;

export interface Cost {
  id: number; activityId: number; basis: 'per_participant' | 'shared'; item: string; costFen: number; note: string | null; createdBy: string; createdAt: string;
}

export interface NoticeBatch {
  id: number; audience: 'participants' | 'filtered'; channels: string[]; subject: string | null; body: string; members: number; queued: number;
  noRecipient: number; createdBy: string; createdAt: string;
}

export interface ActivityDetail extends Activity { costs: Cost[]; summary: Figures; notices: NoticeBatch[] }

export interface Participant {
  id: number; memberId: number; memberNo: string; name: string; cardNo: string | null; method: 'single' | 'batch' | 'card_reader';
  attendedAt: string; place: string | null; points: number; recordedBy: string;
}

export type LineOutcome = 'recorded' | 'unknown' | 'inactive' | 'duplicate' | 'already';
export interface BatchReport {
  lines: number; recorded: number; unknown: number; inactive: number; duplicate: number; already: number; pointsEach: number;
  report: { line: number; value: string; outcome: LineOutcome; memberNo: string | null; name: string | null; issue: string }[];
}

export interface ActivityStatistics {
  items: (Pick<Activity, 'id' | 'name' | 'type' | 'status' | 'startsOn' | 'endsOn' | 'expectedHeadcount' | 'budgetFen'> & Figures)[];
  byType: { type: string; activities: number; participants: number; totalFen: number }[];
  totals: { activities: number; participants: number; expected: number; totalFen: number; budgetFen: number };
}
