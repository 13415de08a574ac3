// The columns of the complaint export (src/http/export.ts), zh-CN and en.
import { columns, enumLabel } from '../../http/export.ts';
import type { listComplaints } from './queries.ts';

const status = enumLabel({ pending: ['待处理', 'pending'], processing: ['处理中', 'processing'], done: ['已完成', 'done'] });
const importance = enumLabel({ low: ['低', 'low'], normal: ['一般', 'normal'], high: ['高', 'high'], urgent: ['紧急', 'urgent'] });

export const complaintColumns = columns<Awaited<ReturnType<typeof listComplaints>>['items'][number]>([
  ['投诉编号', 'complaint no.', (c) => c.complaintNo],
  ['受理时间', 'received', (c) => c.receivedAt],
  ['投诉渠道', 'channel', (c, _l, dict) => dict('complaint_channel', c.channel)],
  ['投诉类型', 'type', (c, _l, dict) => dict('complaint_type', c.type)],
  ['重要程度', 'importance', (c, l) => importance(c.importance, l)],
  ['状态', 'status', (c, l) => status(c.status, l)],
  ['投诉人', 'complainant', (c) => c.complainantName],
  ['联系电话', 'phone', (c) => c.complainantPhone, 'phone'],
  ['会员号', 'member no.', (c) => c.memberNo],
  ['卡号', 'card no.', (c) => c.cardNo],
  ['投诉内容', 'content', (c) => c.content],
  ['受理人', 'received by', (c) => c.receiverName],
  ['处理步骤', 'steps', (c) => c.stepCount],
  ['超时步骤', 'overdue steps', (c) => c.overdueSteps],
  ['结案时间', 'closed', (c) => c.closedAt],
]);
