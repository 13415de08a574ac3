// Shapes of the membership API (src/modules/membership/routes.ts).
import type { Purchase } from '../customers/types';

export interface Application {
  id: number; applicationNo: string; method: 'manual' | 'automatic'; channel: string | null; subChannel: string | null;
  customerId: number | null; purchaseId: number | null; project: string | null; linkedPurchaseId: number | null;
  name: string; namePinyin: string; gender: 'male' | 'female' | null; birthday: string | null; idType: string | null; idNumber: string | null;
  mobile: string | null; homePhone: string | null; email: string | null; address: string | null; cardNo: string | null; note: string | null;
  status: 'pending' | 'approved' | 'merged' | 'linked' | 'rejected'; outcome: string | null; memberId: number | null; mergedIntoId: number | null;
  reviewerId: number | null; reviewedAt: string | null; rejectReason: string | null; submittedBy: string | null;
  externalSystem: string | null; externalId: string | null; createdAt: string; updatedAt: string;
}

export interface SubmitResult { application: Application; screening: 'pending' | 'linked'; replayed: boolean; member: { id: number; memberNo: string } | null }

export interface Candidate {
  kind: 'member' | 'application'; id: number; number: string; name: string; gender: 'male' | 'female' | null; birthday: string | null;
  mobile: string | null; homePhone: string | null; idNumber: string | null; address: string | null;
  status: string; method: string | null; channel: string | null; subChannel: string | null; at: string; customerId: number | null; score: number; reasons: string[];
}

export interface ApplicationDetail {
  application: Application;
  customer: { id: number; name: string; isBuyer: boolean; memberId: number | null } | null;
  purchases: Purchase[];
  mergedApplications: Application[];
  member: { id: number; memberNo: string; status: string } | null;
}

export interface ApprovalResult { outcome: string; member: { id: number; memberNo: string } }

export type MemberStatus = 'active' | 'leaving' | 'archived';
export type NoticeStatus = 'pending' | 'reached' | 'unreached';

export interface MemberItem {
  id: number; memberNo: string; status: MemberStatus; joinedAt: string; channel: string | null; subChannel: string | null; noticeStatus: NoticeStatus;
  cardNo: string | null; archivedAt: string | null; dataErrorFlag: string | null; customerId: number; name: string; mobile: string | null;
  homePhone: string | null; email: string | null; idNumber: string | null; isBuyer: boolean; level: string | null;
}

export interface Member {
  id: number; memberNo: string; customerId: number; status: MemberStatus; joinedAt: string; channel: string | null; subChannel: string | null;
  applicationId: number | null; requestedCardNo: string | null; noticeStatus: NoticeStatus; dataErrorFlag: string | null;
  dataErrorFlaggedAt: string | null; archivedAt: string | null; createdAt: string; updatedAt: string;
}

export interface MemberEvent {
  id: number; memberId: number; at: string; actorName: string; kind: string; field: string | null; oldValue: string | null; newValue: string | null;
  refType: string | null; refId: number | null; note: string | null;
}

export interface Notice {
  id: number; memberId: number | null; channel: string; purpose: string; recipient: string | null; subject: string | null; body: string;
  status: string; attempts: number; nextAttemptAt: string; lastError: string | null; providerId: string | null; createdBy: string; createdAt: string; sentAt: string | null;
}

export interface LeaveRow {
  id: number; memberId: number; reason: string; note: string | null; method: string; rule: string | null; status: string;
  requestedBy: string; decidedByName: string | null; decidedAt: string | null; decisionNote: string | null; createdAt: string;
}

export interface LeaveItem extends LeaveRow { memberNo: string; memberStatus: MemberStatus; name: string }

export interface MemberCard {
  id: number; cardNo: string; typeCode: string; kind: 'main' | 'sub'; status: string; issuedAt: string; endedAt: string | null; validUntil: string | null;
}

export interface MemberPageData {
  member: Member;
  level: string | null;
  cards: MemberCard[];
  customer: {
    id: number; name: string; gender: 'male' | 'female' | null; birthday: string | null; idType: string | null; idNumber: string | null;
    mobile: string | null; homePhone: string | null; email: string | null; address: string | null; isBuyer: boolean; source: string;
    /** the department whose data scope holds the record (案场) */
    department: string | null;
  };
  applications: Application[];
  history: MemberEvent[];
  notices: Notice[];
  leaveRequests: LeaveRow[];
  purchases: Purchase[];
}

export interface UnreachedItem extends MemberItem {
  address: string | null;
  lastNotice: { id: number; channel: string; status: string; at: string; error: string | null; attempts: number } | null;
}
