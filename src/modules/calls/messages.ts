// Texts of the calls module (通话记录、来电) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'entity.call': { 'zh-CN': '通话记录', en: 'call record' },
  'field.number': { 'zh-CN': '电话号码', en: 'phone number' },
  'field.direction': { 'zh-CN': '呼叫方向', en: 'direction' },
  'field.startedAt': { 'zh-CN': '通话时间', en: 'time of the call' },
  'field.durationSeconds': { 'zh-CN': '通话时长（秒）', en: 'duration (seconds)' },
  'field.handlerId': { 'zh-CN': '处理人', en: 'handler' },
  'field.category': { 'zh-CN': '分类', en: 'category' },
  'field.summary': { 'zh-CN': '通话摘要', en: 'summary' },
  'field.outcome': { 'zh-CN': '处理结果', en: 'outcome' },
  'field.followUpOn': { 'zh-CN': '跟进日期', en: 'follow-up date' },
  'field.followUpNote': { 'zh-CN': '跟进说明', en: 'follow-up note' },
  'field.callId': { 'zh-CN': '电话系统通话编号', en: "phone system's call id" },
  'field.agentLogin': { 'zh-CN': '坐席登录名', en: 'agent login' },
  'field.leadName': { 'zh-CN': '线索姓名', en: 'lead name' },
  'calls.numberInvalid': {
    'zh-CN': '请输入 11 位手机号、带区号的固定电话（如 021-5555 6666）或 400/800 号码',
    en: 'enter an 11-digit mobile, a landline with its area code (e.g. 021-5555 6666) or a 400/800 number',
  },
  'calls.numberNeedsAreaCode': {
    'zh-CN': '固定电话请加区号（如 0571-8888 6666）', en: 'add the area code to a landline (e.g. 0571-8888 6666)',
  },
  'calls.inFuture': { 'zh-CN': '不能晚于当前时间', en: 'cannot be in the future' },
  'calls.unknownUser': { 'zh-CN': '没有这个在职用户：{user}', en: 'No active user {user}' },
  'calls.handlerOutOfScope': {
    'zh-CN': '您只能登记本人处理的通话，处理人须为您本人', en: 'you may only record your own calls: the handler must be you',
  },
  'calls.departmentOutOfScope': {
    'zh-CN': '您只能登记本部门（{department}）的通话', en: 'you may only record calls of your own department ({department})',
  },
  'calls.customerNotInScope': {
    'zh-CN': '客户 #{id} 不存在或不在您的数据范围内', en: 'customer #{id} does not exist or is outside your data scope',
  },
  'calls.noChange': { 'zh-CN': '没有要修改的内容', en: 'nothing to change' },
  'calls.rangeReversed': { 'zh-CN': '开始日期不能晚于结束日期', en: 'the start date cannot be after the end date' },
  'calls.rangeTooLong': { 'zh-CN': '统计区间不能超过 366 天', en: 'the range cannot be longer than 366 days' },
  'calls.leadNeedsSales': {
    'zh-CN': '您没有“录入与跟进线索、商机”权限，不能从通话创建线索', en: 'you need the permission to create leads to make one from a call',
  },
  'calls.alreadyHasLead': {
    'zh-CN': '该通话已关联线索 #{leadId}', en: 'this call is already linked to lead #{leadId}',
  },
  'calls.customerKnown': {
    'zh-CN': '来电客户已识别（{name}），无需创建线索；请在销售模块为该客户创建商机',
    en: 'the caller is a known customer ({name}); open an opportunity for them in Sales instead of a lead',
  },
});
