// What the service-desk API replies (src/modules/service/routes.ts).
export type TicketStatus = 'new' | 'in_progress' | 'waiting_customer' | 'resolved' | 'closed';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type EventKind = 'reply' | 'note' | 'customer' | 'status' | 'assign' | 'reopen' | 'survey' | 'complaint' | 'article';
export type ArticleStatus = 'draft' | 'published';

export interface Ticket {
  id: number; ticketNo: string; type: string; channel: string; priority: Priority; subject: string; description: string;
  customerId: number | null; contactName: string | null; contactMobile: string | null; assigneeId: number | null; assigneeName: string | null;
  department: string | null; status: TicketStatus; firstResponseDueAt: string; resolutionDueAt: string; firstResponseAt: string | null;
  resolvedAt: string | null; resolution: string | null; resolveCount: number; closedAt: string | null; reopenCount: number; complaintId: number | null;
  firstResponseOverdue: boolean; resolutionOverdue: boolean; createdBy: string; createdAt: string; updatedAt: string;
}
export interface TicketEvent { id: number; kind: EventKind; body: string | null; fromStatus: TicketStatus | null; toStatus: TicketStatus | null; byName: string; at: string }
export interface Survey { id: number; resolution: number; score: number; comment: string | null; byName: string; at: string }
export interface TicketDetail extends Ticket {
  customerName: string | null; customerInScope: boolean; events: TicketEvent[]; surveys: Survey[]; surveyDue: boolean;
  articles: { id: number; title: string; status: ArticleStatus; linkedBy: string; linkedAt: string }[];
}
export interface CustomerSeen { customerId: number | null; name: string; inScope: boolean }
export interface AssignResult { assigned: number; unchanged: number; assigneeId: number; assigneeName: string; department: string | null }
export interface ArticleListItem {
  id: number; category: string; title: string; tags: string[]; status: ArticleStatus; viewCount: number; publishedAt: string | null;
  updatedBy: string; updatedAt: string; excerpt: string;
}
export interface Article {
  id: number; category: string; title: string; body: string; tags: string[]; status: ArticleStatus; viewCount: number; publishedAt: string | null;
  createdBy: string; updatedBy: string; createdAt: string; updatedAt: string; tickets?: number;
}
export interface HoursFigures { average: number | null; median: number | null }
export interface Figures {
  tickets: number; resolved: number; resolutionRate: number | null; onTimeRate: number | null; firstResponseOnTimeRate: number | null;
  firstResponseHours: HoursFigures; resolutionHours: HoursFigures; surveys: number; satisfaction: number | null;
}
export interface Statistics extends Figures { from: string | null; to: string | null; byType: (Figures & { type: string })[]; byMonth: (Figures & { month: string })[] }
export type Sla = Record<Priority, { firstResponseHours: number; resolutionHours: number }>;
