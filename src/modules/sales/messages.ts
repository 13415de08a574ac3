// Texts of the sales module (线索、商机、跟进) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'entity.salesLead': { 'zh-CN': '线索', en: 'lead' },
  'entity.salesOpportunity': { 'zh-CN': '商机', en: 'opportunity' },
  'field.stage': { 'zh-CN': '阶段', en: 'stage' },
  'field.lostReason': { 'zh-CN': '输单/无效原因', en: 'reason lost' },
  'field.lostNote': { 'zh-CN': '原因说明', en: 'note on the reason' },
  'field.method': { 'zh-CN': '跟进方式', en: 'follow-up method' },
  'field.followedAt': { 'zh-CN': '跟进时间', en: 'follow-up time' },
  'field.nextFollowUpOn': { 'zh-CN': '下次跟进日期', en: 'next follow-up date' },
  'field.expectedAmountFen': { 'zh-CN': '预计金额', en: 'expected amount' },
  'field.intention': { 'zh-CN': '意向', en: 'intention' },
  'field.expectedCloseOn': { 'zh-CN': '预计成交日期', en: 'expected close date' },
  'field.ids': { 'zh-CN': '所选记录', en: 'selected records' },
  'sales.unknownUser': { 'zh-CN': '没有这个在职用户：#{id}', en: 'No active user #{id}' },
  'sales.ownerOutOfScope': {
    'zh-CN': '您只能处理本人负责的记录，归属人须为您本人', en: 'you may only handle your own records: the owner must be you',
  },
  'sales.departmentOutOfScope': {
    'zh-CN': '您只能处理本部门（{department}）的记录', en: 'you may only handle records of your own department ({department})',
  },
  'sales.notInScope': { 'zh-CN': '不存在或不在您的数据范围内：#{id}', en: 'does not exist or is outside your data scope: #{id}' },
  'sales.leadClosed': {
    'zh-CN': '线索“{name}”已{status}，不能再修改或跟进', en: 'Lead “{name}” is {status}; it can no longer be edited or followed up',
  },
  'entity.salesLeadStatus.converted': { 'zh-CN': '转化', en: 'converted' },
  'entity.salesLeadStatus.lost': { 'zh-CN': '标记无效', en: 'lost' },
  'entity.salesStage.first_visit': { 'zh-CN': '初访', en: 'first visit' },
  'entity.salesStage.revisit': { 'zh-CN': '复访', en: 'revisit' },
  'entity.salesStage.deposit': { 'zh-CN': '认筹', en: 'deposit' },
  'entity.salesStage.subscription': { 'zh-CN': '认购', en: 'subscription' },
  'entity.salesStage.won': { 'zh-CN': '签约', en: 'contract signed (won)' },
  'entity.salesStage.lost': { 'zh-CN': '输单', en: 'lost' },
  'sales.leadIsClosed': { 'zh-CN': '线索已转化或已无效', en: 'the lead is converted or lost' },
  'sales.opportunityClosed': {
    'zh-CN': '商机“{title}”已关闭（{stage}），只读；如需继续请先重新打开',
    en: 'Opportunity “{title}” is closed ({stage}) and read-only; reopen it first',
  },
  'sales.opportunityIsClosed': { 'zh-CN': '商机已关闭（签约或输单）', en: 'the opportunity is closed (won or lost)' },
  'sales.opportunityNotClosed': {
    'zh-CN': '商机“{title}”未关闭，无需重新打开', en: 'Opportunity “{title}” is not closed; there is nothing to reopen',
  },
  'sales.sameStage': { 'zh-CN': '商机已处于该阶段', en: 'the opportunity is already at this stage' },
  'sales.reopenToOpenStage': { 'zh-CN': '重新打开须选择一个进行中的阶段（初访、复访、认筹、认购）', en: 'reopen to an open stage (first visit, revisit, deposit, subscription)' },
  'sales.lostReasonRequired': { 'zh-CN': '请选择原因', en: 'choose a reason' },
  'sales.nextBeforeToday': { 'zh-CN': '不能早于今天（{today}）', en: 'cannot be before today ({today})' },
  'sales.inFuture': { 'zh-CN': '不能晚于当前时间', en: 'cannot be in the future' },
  'sales.rangeReversed': { 'zh-CN': '开始日期不能晚于结束日期', en: 'the start date cannot be after the end date' },
  'sales.noChange': { 'zh-CN': '没有要修改的内容', en: 'nothing to change' },
  'sales.sameOwner': { 'zh-CN': '已经由该用户负责', en: 'already owned by this user' },
  'sales.duplicateIds': { 'zh-CN': '重复选择', en: 'chosen twice' },
  'sales.customerOfLead': {
    'zh-CN': '请选择客户，或从线索转化', en: 'choose a customer, or convert a lead',
  },
});
