// The columns of the ticket export (src/http/export.ts), zh-CN and en.
import { columns, enumLabel } from '../../http/export.ts';
import type { listTickets } from './tickets.ts';

export const ticketStatusLabel = enumLabel({
  new: ['新建', 'new'], in_progress: ['处理中', 'in progress'], waiting_customer: ['待客户反馈', 'waiting for the customer'],
  resolved: ['已解决', 'resolved'], closed: ['已关闭', 'closed'],
});
export const priorityLabel = enumLabel({ low: ['低', 'low'], normal: ['普通', 'normal'], high: ['高', 'high'], urgent: ['紧急', 'urgent'] });

export const ticketColumns = columns<Awaited<ReturnType<typeof listTickets>>['items'][number]>([
  ['工单号', 'ticket no.', (t) => t.ticketNo],
  ['类型', 'type', (t, _l, dict) => dict('ticket_type', t.type)],
  ['渠道', 'channel', (t, _l, dict) => dict('ticket_channel', t.channel)],
  ['优先级', 'priority', (t, lang) => priorityLabel(t.priority, lang)],
  ['状态', 'status', (t, lang) => ticketStatusLabel(t.status, lang)],
  ['主题', 'subject', (t) => t.subject],
  ['联系人', 'contact', (t) => t.contactName],
  ['联系手机', 'contact mobile', (t) => t.contactMobile, 'phone'],
  ['处理人', 'assignee', (t) => t.assigneeName],
  ['部门', 'department', (t) => t.department],
  ['创建时间', 'created', (t) => t.createdAt],
  ['首次响应时限', 'first response due', (t) => t.firstResponseDueAt],
  ['首次响应时间', 'first response', (t) => t.firstResponseAt],
  ['解决时限', 'resolution due', (t) => t.resolutionDueAt],
  ['解决时间', 'resolved', (t) => t.resolvedAt],
  ['响应超时', 'first response overdue', (t, lang) => (t.firstResponseOverdue ? (lang === 'en' ? 'yes' : '是') : '')],
  ['解决超时', 'resolution overdue', (t, lang) => (t.resolutionOverdue ? (lang === 'en' ? 'yes' : '是') : '')],
]);
