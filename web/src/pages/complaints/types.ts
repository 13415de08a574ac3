export type ComplaintStatus = 'pending' | 'processing' | 'done';
export type Importance = 'low' | 'normal' | 'high' | 'urgent';

export interface Complaint {
  id: number; complaintNo: string; channel: string; type: string; memberId: number | null; memberNo: string | null; cardNo: string | null;
  complainantName: string; complainantPhone: string | null; content: string; receiverId: number; receiverName: string | null;
  receivedAt: string; importance: Importance; status: ComplaintStatus; closedAt: string | null; closeNote: string | null; reopenCount: number;
}
export interface ComplaintListItem extends Complaint { stepCount: number; openSteps: number; overdueSteps: number }
export interface Step {
  id: number; seq: number; stepAt: string; handlerId: number; handlerName: string | null; department: string | null; opinion: string;
  expectedFinishAt: string | null; finishedAt: string | null; finishedByName: string | null; finishNote: string | null; remindedAt: string | null; overdue: boolean;
}
export interface ComplaintEvent { id: number; at: string; actorName: string; kind: string; stepId: number | null; note: string | null }
export interface Goodwill { id: number; points: number; reason: string; entryId: number | null; grantedBy: string; grantedAt: string }
export interface ComplaintDetail extends Complaint { closedByName: string | null; steps: Step[]; events: ComplaintEvent[]; goodwill: Goodwill[] }
export interface OverdueStep {
  stepId: number; seq: number; complaintId: number; complaintNo: string; complaintType: string; complaintChannel: string; importance: Importance;
  complainantName: string; content: string; stepAt: string; handlerId: number; handlerName: string | null; department: string | null; opinion: string;
  expectedFinishAt: string; overdueHours: number; remindedAt: string | null;
}
export interface Counted { key: string; count: number; labelZh?: string; labelEn?: string }
export interface ComplaintStatistics {
  received: number; closed: number; avgHoursToClose: number | null; byType: Counted[]; byChannel: Counted[]; byStatus: Counted[];
  monthly: { month: string; received: number; closed: number }[];
  steps: { withDue: number; overdue: number; openOverdue: number; overdueRate: number }; complaintsWithOverdue: number; complaintOverdueRate: number;
}
export interface StaffMember { id: number; name: string; login: string; department: string | null }
export interface ComplaintFilters {
  [key: string]: string | number | boolean | undefined;
  complaintNo?: string; channel?: string; type?: string; status?: ComplaintStatus; importance?: Importance; content?: string; complainant?: string;
  cardNo?: string; receivedFrom?: string; receivedTo?: string; receiverId?: number; handledFrom?: string; handledTo?: string;
  department?: string; handlerId?: number; overdue?: 'true';
}
