// Shapes of the points API (src/modules/points/routes.ts, redemption-routes.ts).
export type EntryState = 'pending' | 'posted' | 'rejected' | 'reversed';

export interface MemberPoints {
  memberId: number;
  memberNo: string;
  memberName?: string | null;
  memberStatus: string;
  balance: number;
  level: string | null;
  cardNo: string | null;
  swipedCardNo?: string | null;
  swipedCardStatus?: string | null;
  earned: number;
  redeemed: number;
  expired: number;
  pendingEntries: number;
  expiringIn30Days: number;
  nextExpiry: string | null;
}

export interface Lot {
  id: number;
  entryId: number;
  amount: number;
  remaining: number;
  expired: number;
  earnedAt: string;
  expiresAt: string | null;
  sourceType: string;
  sourceId: number;
  reason: string | null;
}

export interface Entry {
  id: number;
  memberId: number;
  memberNo?: string | null;
  memberName?: string | null;
  amount: number;
  state: EntryState;
  sourceType: string;
  sourceId: number;
  idempotencyKey: string;
  correctsEntryId: number | null;
  ruleId: number | null;
  batchId: number | null;
  reason: string | null;
  actorName: string;
  createdAt: string;
  postedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface Posted { entry: Entry; replayed: boolean; balance: number }

export interface PointsEvent { id: number; label: string; hint: string | null }

export interface Batch {
  id: number;
  amount: number;
  sourceType: string;
  sourceId: number;
  reason: string | null;
  total: number;
  processed: number;
  posted: number;
  percent: number;
  status: 'queued' | 'running' | 'done' | 'failed' | 'reverted';
  error: { memberNo?: string; balance?: number; needed?: number } | null;
  inputSummary: { lines?: number; duplicates?: number; blank?: number } | null;
  actorName: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface Plan {
  id: number;
  item: string;
  description: string | null;
  pointsCost: number;
  stockTotal: number | null;
  stockLeft: number | null;
  startsOn: string | null;
  endsOn: string | null;
  eligibleLevels: string[];
  limitPerMember: number | null;
  visibleOnWebsite: boolean;
  active: boolean;
}

export interface Redemption {
  id: number;
  planId: number;
  item: string;
  memberId: number;
  memberNo: string | null;
  memberName: string | null;
  quantity: number;
  points: number;
  memberLevel: string | null;
  status: 'pending' | 'delivered' | 'cancelled';
  channel: 'console' | 'website';
  /** the deduction entry that paid for it */
  entryId: number | null;
  createdAt: string;
  deliveredAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  note: string | null;
}

export interface Rule {
  id: number;
  name: string;
  eventType: string;
  formula: 'fixed' | 'per_amount';
  points: number;
  perFen: number | null;
  eligibleLevels: string[];
  autoApprove: boolean;
  active: boolean;
}

export interface Settings {
  expiryMode: 'none' | 'months' | 'year_end';
  expiryMonths: number;
  expiryYears: number;
  reminderDays: number;
  reminderChannel: 'sms' | 'email';
  balanceReminderDay: number | null;
}
