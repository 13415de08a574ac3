// What the calls API replies (src/modules/calls/routes.ts).
export type Direction = 'inbound' | 'outbound';
export type Outcome = 'resolved' | 'follow_up' | 'transferred' | 'missed';
export type NumberKind = 'mobile' | 'landline' | 'service';

export interface Call {
  id: number; direction: Direction; number: string; numberKind: NumberKind; startedAt: string; durationSeconds: number;
  handlerId: number | null; handlerName: string | null; department: string | null; category: string | null; summary: string; outcome: Outcome;
  customerId: number | null; customerName: string | null; customerInScope: boolean | null; leadId: number | null;
  followUpOn: string | null; followUpNote: string | null; source: 'console' | 'cti'; callId: string | null; createdBy: string; createdAt: string; updatedAt: string;
}
export interface CallerMatch {
  customerId: number | null; name: string; inScope: boolean; department: string | null;
  member: { memberId: number; memberNo: string; status: string; level: string | null } | null;
}
export interface CallWithMatches { call: Call; matches: CallerMatch[] }
export interface Lookup { number: string; numberKind: NumberKind; matches: CallerMatch[]; recognisedCustomerId: number | null; lastCalls: Call[] }
export interface CallStats {
  from: string; to: string; total: number; inbound: number; outbound: number; missed: number; recognised: number; recognisedRate: number; avgDuration: number;
  byDay: { day: string; count: number; inbound: number }[];
  byCategory: { category: string | null; count: number }[];
  byHandler: { handlerId: number | null; handlerName: string | null; count: number; avgDuration: number }[];
}
