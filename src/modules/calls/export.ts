// The columns of the call export (src/http/export.ts), zh-CN and en. The number is personal data:
// masked in the file without pii.export.
import { columns, enumLabel } from '../../http/export.ts';
import type { listCalls } from './queries.ts';

export const directionLabel = enumLabel({ inbound: ['呼入', 'inbound'], outbound: ['呼出', 'outbound'] });
export const outcomeLabel = enumLabel({
  resolved: ['已解决', 'resolved'], follow_up: ['待跟进', 'follow-up needed'], transferred: ['已转办', 'transferred'], missed: ['未接通', 'missed'],
});
const sourceLabel = enumLabel({ console: ['手工登记', 'typed in'], cti: ['电话系统', 'phone system'] });

export const callColumns = columns<Awaited<ReturnType<typeof listCalls>>['items'][number]>([
  ['通话编号', 'call no.', (c) => c.id],
  ['通话时间', 'time', (c) => c.startedAt],
  ['方向', 'direction', (c, lang) => directionLabel(c.direction, lang)],
  ['电话号码', 'number', (c) => c.number, 'phone'],
  ['客户', 'customer', (c) => c.customerName],
  ['时长（秒）', 'duration (s)', (c) => c.durationSeconds],
  ['类别', 'category', (c, _l, dict) => (c.category ? dict('call_category', c.category) : '')],
  ['摘要', 'summary', (c) => c.summary, 'text'],
  ['处理结果', 'outcome', (c, lang) => outcomeLabel(c.outcome, lang)],
  ['处理人', 'handler', (c) => c.handlerName],
  ['部门', 'department', (c) => c.department],
  ['跟进日期', 'follow-up date', (c) => c.followUpOn],
  ['线索编号', 'lead no.', (c) => c.leadId],
  ['来源', 'source', (c, lang) => sourceLabel(c.source, lang)],
]);
