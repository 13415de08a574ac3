// The columns of the lead and opportunity exports (src/http/export.ts), zh-CN and en.
import { columns, enumLabel } from '../../http/export.ts';
import type { listLeads } from './leads.ts';
import type { listOpportunities } from './opportunities.ts';

export const leadStatus = enumLabel({ new: ['新线索', 'new'], following: ['跟进中', 'following'], converted: ['已转化', 'converted'], lost: ['无效', 'lost'] });
export const stageLabel = enumLabel({
  first_visit: ['初访', 'first visit'], revisit: ['复访', 'revisit'], deposit: ['认筹', 'deposit'], subscription: ['认购', 'subscription'],
  won: ['签约', 'contract signed'], lost: ['输单', 'lost'],
});
const yuan = (fen: number) => (fen / 100).toFixed(2);

export const leadColumns = columns<Awaited<ReturnType<typeof listLeads>>['items'][number]>([
  ['线索编号', 'lead no.', (l) => l.id],
  ['姓名', 'name', (l) => l.name],
  ['手机号', 'mobile', (l) => l.mobile, 'phone'],
  ['来源', 'source', (l, _l, dict) => dict('lead_source', l.source)],
  ['状态', 'status', (l, lang) => leadStatus(l.status, lang)],
  ['意向', 'intention', (l) => l.intention],
  ['归属人', 'owner', (l) => l.ownerName],
  ['部门', 'department', (l) => l.department],
  ['下次跟进', 'next follow-up', (l) => l.nextFollowUpOn],
  ['无效原因', 'reason lost', (l, _l, dict) => (l.lostReason ? dict('sales_lost_reason', l.lostReason) : '')],
  ['创建时间', 'created', (l) => l.createdAt],
]);

export const opportunityColumns = columns<Awaited<ReturnType<typeof listOpportunities>>['items'][number]>([
  ['商机编号', 'opportunity no.', (o) => o.id],
  ['商机名称', 'title', (o) => o.title],
  ['客户', 'customer', (o) => o.customerName],
  ['阶段', 'stage', (o, lang) => stageLabel(o.stage, lang)],
  ['预计金额（元）', 'expected amount (CNY)', (o) => yuan(o.expectedAmountFen)],
  ['意向', 'intention', (o) => o.intention],
  ['归属人', 'owner', (o) => o.ownerName],
  ['部门', 'department', (o) => o.department],
  ['预计成交日期', 'expected close', (o) => o.expectedCloseOn],
  ['下次跟进', 'next follow-up', (o) => o.nextFollowUpOn],
  ['输单原因', 'reason lost', (o, _l, dict) => (o.lostReason ? dict('sales_lost_reason', o.lostReason) : '')],
  ['创建时间', 'created', (o) => o.createdAt],
]);
