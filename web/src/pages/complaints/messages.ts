// Console texts of the complaints pages (投诉), zh-CN and en; merged into the locales under `complaints`.
const zh = {
  menu: { group: '投诉管理', list: '投诉受理与处理', overdue: '超期提醒', statistics: '投诉统计' },
  no: '投诉编号', channel: '渠道', type: '类型', content: '投诉内容', complainant: '投诉人', phone: '电话', member: '会员',
  memberNo: '会员号', cardNo: '卡号', receiver: '受理人', receivedAt: '受理时间', importance: '重要程度', status: '状态',
  steps: '处理步骤', openSteps: '未完成 {{count}} 步', overdueSteps: '超期 {{count}} 步', closedAt: '关闭时间', closeNote: '处理结果说明',
  reopenCount: '重新打开 {{count}} 次',
  statusValue: { pending: '待处理', processing: '处理中', done: '已完成' },
  importanceValue: { low: '低', normal: '一般', high: '高', urgent: '紧急' },
  filters: {
    content: '内容关键词（模糊）', complainant: '投诉人姓名或电话', receivedRange: '受理日期', handledRange: '处理日期',
    department: '处理部门', handler: '处理人', overdueOnly: '只看超期', more: '更多条件', less: '收起', no: '投诉编号',
  },
  receive: {
    button: '受理投诉', title: '受理投诉', who: '投诉人', byCard: '卡号', byMemberNo: '查找会员', member: '会员', nonMember: '非会员',
    cardHint: '可用读卡器刷卡录入', complainantHint: '非会员请填写姓名和电话', receivedAtHint: '留空为现在', done: '已受理投诉 {{no}}',
  },
  step: {
    add: '添加处理步骤', at: '处理时间', handler: '处理人', department: '处理部门', opinion: '处理意见', expectedFinish: '预计完成',
    departmentHint: '留空取处理人所在部门', finish: '完成此步', finishTitle: '完成第 {{seq}} 步', finishedAt: '完成时间', finishNote: '完成说明',
    finished: '已于 {{at}} 完成', open: '进行中', overdue: '已超期', reminded: '已提醒 {{at}}', added: '已为投诉 {{no}} 添加第 {{seq}} 步，处理人 {{handler}}',
    stepNo: '第 {{seq}} 步', nowHint: '留空为现在', seq: '步骤', dueLine: '预计完成：{{at}}', noteLine: '完成说明：{{note}}',
  },
  close: {
    button: '关闭投诉', title: '关闭投诉（完成）', hint: '“完成”表示系统中的记录关闭，并不代表会员对处理结果满意。', done: '投诉已关闭',
  },
  edit: { button: '修改受理信息', title: '修改受理信息' },
  reopen: { button: '重新打开', title: '重新打开投诉', reason: '原因', done: '投诉已重新打开' },
  goodwill: { button: '补偿积分', title: '补偿积分', points: '积分', reason: '原因', done: '已为投诉 {{no}} 补偿 {{points}} 积分', list: '补偿积分记录' },
  detail: { title: '投诉 {{no}}', history: '处理记录', noSteps: '尚未添加处理步骤' },
  event: {
    received: '受理', step_added: '添加处理步骤', step_finished: '完成处理步骤', reminded: '发送超期提醒', closed: '关闭', reopened: '重新打开',
    goodwill: '补偿积分', edited: '修改受理信息',
  },
  overdue: {
    hint: '处理步骤超过预计完成时间且未完成即为超期；系统每 10 分钟给处理人发送一次提醒（每步只提醒一次），也可立即发送。',
    remindNow: '立即发送提醒', reminded: '已发送 {{count}} 条提醒', overdueFor: '已超期', hours: '{{count}} 小时', remindedAt: '提醒时间',
    notReminded: '未提醒', expectedFinish: '预计完成', open: '查看投诉',
  },
  stats: {
    range: '受理日期', received: '受理数', closed: '已关闭', avgClose: '平均关闭用时', hours: '{{value}} 小时',
    overdueRate: '步骤超期率', complaintOverdueRate: '有超期的投诉占比', byType: '按类型', byChannel: '按渠道', monthly: '按月受理与关闭',
    receivedSeries: '受理', closedSeries: '关闭', none: '所选期间没有投诉', overdueDetail: '{{overdue}} / {{withDue}} 个有期限的步骤',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const en: Widen<typeof zh> = {
  menu: { group: 'Complaints', list: 'Receive and handle', overdue: 'Overdue reminders', statistics: 'Complaint statistics' },
  no: 'Complaint no.', channel: 'Channel', type: 'Type', content: 'Complaint', complainant: 'Complainant', phone: 'Phone', member: 'Member',
  memberNo: 'Member no.', cardNo: 'Card no.', receiver: 'Received by', receivedAt: 'Received at', importance: 'Importance', status: 'Status',
  steps: 'Processing steps', openSteps: '{{count}} open', overdueSteps: '{{count}} overdue', closedAt: 'Closed at', closeNote: 'Closing note',
  reopenCount: 'reopened {{count}}×',
  statusValue: { pending: 'Pending', processing: 'Processing', done: 'Done' },
  importanceValue: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' },
  filters: {
    content: 'Words of the content (fuzzy)', complainant: 'Complainant name or phone', receivedRange: 'Received', handledRange: 'Handled',
    department: 'Handling department', handler: 'Handler', overdueOnly: 'Overdue only', more: 'More filters', less: 'Fewer filters', no: 'Complaint no.',
  },
  receive: {
    button: 'Receive a complaint', title: 'Receive a complaint', who: 'Complainant', byCard: 'Card no.', byMemberNo: 'Find a member', member: 'Member', nonMember: 'Non-member',
    cardHint: 'A card reader can type it', complainantHint: 'For a non-member, give name and phone', receivedAtHint: 'Empty: now', done: 'Complaint {{no}} received',
  },
  step: {
    add: 'Add a step', at: 'Step time', handler: 'Handler', department: 'Department', opinion: 'Opinion', expectedFinish: 'Expected finish',
    departmentHint: "Empty: the handler's department", finish: 'Finish', finishTitle: 'Finish step {{seq}}', finishedAt: 'Finished at', finishNote: 'Finishing note',
    finished: 'Finished {{at}}', open: 'Open', overdue: 'Overdue', reminded: 'Reminded {{at}}', added: 'Step {{seq}} added to complaint {{no}}, handled by {{handler}}',
    stepNo: 'Step {{seq}}', nowHint: 'Empty: now', seq: 'Step', dueLine: 'Expected finish: {{at}}', noteLine: 'Finishing note: {{note}}',
  },
  close: {
    button: 'Close', title: 'Close the complaint (done)', hint: '"Done" closes the record in the system; it does not claim the member is satisfied.', done: 'Complaint closed',
  },
  edit: { button: 'Correct receipt', title: 'Correct the receipt' },
  reopen: { button: 'Reopen', title: 'Reopen the complaint', reason: 'Reason', done: 'Complaint reopened' },
  goodwill: { button: 'Goodwill points', title: 'Grant goodwill points', points: 'Points', reason: 'Reason', done: '{{points}} goodwill points granted for complaint {{no}}', list: 'Goodwill points' },
  detail: { title: 'Complaint {{no}}', history: 'History', noSteps: 'No processing step yet' },
  event: {
    received: 'Received', step_added: 'Step added', step_finished: 'Step finished', reminded: 'Overdue reminder sent', closed: 'Closed', reopened: 'Reopened',
    goodwill: 'Goodwill points', edited: 'Receipt corrected',
  },
  overdue: {
    hint: 'A step is overdue when it is not finished by its expected finish. Every 10 minutes its handler is reminded (once per step); you can also send the reminders now.',
    remindNow: 'Send reminders now', reminded: '{{count}} reminder(s) sent', overdueFor: 'Overdue by', hours: '{{count}} h', remindedAt: 'Reminded',
    notReminded: 'Not yet', expectedFinish: 'Expected finish', open: 'Open complaint',
  },
  stats: {
    range: 'Received', received: 'Received', closed: 'Closed', avgClose: 'Average time to close', hours: '{{value}} h',
    overdueRate: 'Overdue rate of steps', complaintOverdueRate: 'Complaints with an overdue step', byType: 'By type', byChannel: 'By channel', monthly: 'Received and closed per month',
    receivedSeries: 'Received', closedSeries: 'Closed', none: 'No complaint in the period', overdueDetail: '{{overdue}} of {{withDue}} steps with a deadline',
  },
};

/** Audit actions and object types of the complaints module (审计日志). */
const auditZh = {
  complaint: {
    receive: '受理投诉', update: '修改投诉受理信息', close: '结案', reopen: '重新打开投诉', goodwill: '投诉补偿积分', remind: '催办超期步骤',
    step: { add: '添加处理步骤', finish: '完成处理步骤' },
  },
};
const auditEn: Widen<typeof auditZh> = {
  complaint: {
    receive: 'Complaint received', update: 'Complaint receipt corrected', close: 'Complaint closed', reopen: 'Complaint reopened', goodwill: 'Goodwill points for a complaint', remind: 'Overdue step reminded',
    step: { add: 'Processing step added', finish: 'Processing step finished' },
  },
};
const entityZh = { complaint: '投诉', complaint_step: '投诉处理步骤' };
const entityEn: typeof entityZh = { complaint: 'Complaint', complaint_step: 'Complaint step' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
