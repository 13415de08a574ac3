// What the sales API replies (src/modules/sales/routes.ts).
export type LeadStatus = 'new' | 'following' | 'converted' | 'lost';
export type Stage = 'first_visit' | 'revisit' | 'deposit' | 'subscription' | 'won' | 'lost';

export interface Lead {
  id: number; name: string; mobile: string | null; source: string; intention: string | null; note: string | null;
  ownerId: number | null; ownerName: string | null; department: string | null; status: LeadStatus; nextFollowUpOn: string | null;
  lostReason: string | null; lostNote: string | null; customerId: number | null; convertedAt: string | null; createdBy: string; createdAt: string; updatedAt: string;
}
export interface Duplicate { customerId: number | null; name: string; inScope: boolean; isMember: boolean }
export interface FollowUp {
  id: number; subjectType: 'lead' | 'opportunity'; subjectId: number; at: string; method: string; content: string;
  nextFollowUpOn: string | null; byId: number | null; byName: string; createdAt: string;
}
export interface LeadDetail extends Lead {
  customerName: string | null; followUps: FollowUp[]; duplicate: Duplicate | null; opportunities: { id: number; title: string; stage: Stage }[];
}
export interface Opportunity {
  id: number; title: string; customerId: number; customerName: string; leadId: number | null; intention: string | null; expectedAmountFen: number;
  stage: Stage; maxStageRank: number; lostReason: string | null; lostNote: string | null; ownerId: number | null; ownerName: string | null;
  department: string | null; expectedCloseOn: string | null; nextFollowUpOn: string | null; closedAt: string | null; reopenCount: number;
  createdBy: string; createdAt: string; updatedAt: string;
}
export interface StageChange { id: number; fromStage: Stage | null; toStage: Stage; backwards: boolean; note: string | null; byName: string; at: string }
export interface OpportunityDetail extends Opportunity { history: StageChange[]; followUps: FollowUp[] }
export interface DueItem {
  kind: 'lead' | 'opportunity'; id: number; title: string; state: string; dueOn: string; overdueDays: number;
  ownerId: number | null; ownerName: string | null; department: string | null;
}
export interface AssignResult { assigned: number; unchanged: number; ownerId: number; ownerName: string; department: string | null }
export interface Funnel {
  entered: number;
  stages: { stage: Stage; count: number; amountFen: number; reached: number; conversion: number }[];
  won: { count: number; amountFen: number };
  lost: { count: number; amountFen: number; byReason: { reason: string; count: number; amountFen: number }[] };
}
