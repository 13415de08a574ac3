// Console texts of the activity pages (活动), zh-CN and en; merged into the locales under `activities`.
const zh = {
  menu: { group: '活动管理', list: '活动计划与执行', statistics: '活动对比', detail: '活动详情' },
  name: '活动名称', type: '活动类型', period: '活动日期', startsOn: '开始日期', endsOn: '结束日期', place: '地点',
  expectedHeadcount: '预计人数', planText: '活动方案', budget: '预算（元）', pointsPerParticipant: '每人积分', status: '状态',
  participants: '参加人数', totalCost: '总费用（元）', perHead: '人均费用（元）', createdBy: '立项人', approvedBy: '审批人',
  decisionNote: '审批意见', closedAt: '结束时间', searchName: '活动名称关键词', noPlace: '未定',
  statusValue: { planned: '待审批', approved: '已审批', rejected: '已驳回', closed: '已结束' },
  plan: {
    button: '新建活动计划', title: '新建活动计划', editTitle: '修改活动计划', created: '已创建活动计划“{{name}}”，请提交审批',
    saved: '已保存', lockedHint: '审批通过后，每人积分和预算不能再修改', revisedHint: '修改被驳回的计划后，计划回到“待审批”',
  },
  approve: { button: '审批通过', title: '审批通过活动“{{name}}”', note: '审批意见（可选）', done: '已审批通过' },
  reject: { button: '驳回', title: '驳回活动“{{name}}”', reason: '驳回原因', done: '已驳回' },
  close: { button: '结束活动', confirm: '结束后不能再登记参加者、费用和通知。确定结束“{{name}}”吗？', done: '活动已结束' },
  hint: {
    planned: '活动计划待审批。审批通过前不能登记参加者、费用和通知。', rejected: '活动计划被驳回：{{reason}}。修改计划后可重新提交审批。',
    closed: '活动已结束，所有记录只读。',
  },
  tabs: { participants: '参加者', costs: '费用', notices: '通知', plan: '活动方案' },
  reader: {
    label: '读卡登记', placeholder: '请刷卡，或输入卡号后按回车', hint: '读卡器刷卡即登记，每人只登记一次并自动积分',
    recorded: '已登记：{{name}}（{{memberNo}}）{{points}}', pointsGiven: '，积分 +{{points}}',
  },
  single: { label: '查找会员登记（姓名、手机尾号、会员号）', button: '登记', at: '参加时间', place: '参加地点', nowHint: '留空为现在', placeHint: '留空为活动地点' },
  batch: {
    button: '批量登记', title: '批量登记参加者', text: '卡号列表', textHint: '每行一个卡号或会员号；可粘贴 Excel 的一列，第一行为表头时自动跳过',
    upload: '上传 CSV / 文本文件', submit: '登记', report: '逐行结果', summary: '共 {{lines}} 行：登记 {{recorded}}，未知 {{unknown}}，不可用 {{inactive}}，重复 {{duplicate}}，已登记过 {{already}}',
    line: '行号', value: '内容', outcome: '结果', member: '会员',
    outcomeValue: { recorded: '已登记', unknown: '未知卡号', inactive: '不可用', duplicate: '重复', already: '已登记过' },
  },
  participant: { member: '会员', memberNo: '会员号', cardNo: '卡号', attendedAt: '参加时间', place: '参加地点', method: '登记方式', points: '积分', recordedBy: '登记人', search: '姓名、会员号或卡号' },
  method: { single: '单个登记', batch: '批量登记', card_reader: '读卡器' },
  cost: {
    add: '登记费用', title: '登记费用', basis: '费用类型', item: '费用项目', amount: '金额（元）', note: '备注', remove: '删除',
    removeConfirm: '删除费用项“{{item}}”？', added: '已登记费用', removed: '已删除', perUnit: '（每人）',
    basisValue: { per_participant: '人均费用', shared: '公共费用' },
    basisHint: { per_participant: '每位参加者的费用，按参加人数计入', shared: '整场活动的费用，如场地、布置' },
    summary: { participants: '参加人数', perParticipant: '人均费用合计', shared: '公共费用合计', total: '总费用', perHead: '人均成本', budget: '预算', points: '已发积分' },
    none: '尚未登记费用',
  },
  notice: {
    title: '发送通知', audience: '通知对象', participants: '全部参加者', filtered: '按条件筛选会员', channels: '通知方式', sms: '短信', email: '电子邮件',
    subject: '邮件主题', body: '通知内容', bodyHint: '可用 {name} 姓名、{memberNo} 会员号、{activity} 活动名称、{place} 地点、{startsOn} 开始日期',
    send: '发送', sent: '已排队发送 {{queued}} 条通知（{{members}} 位会员，{{noRecipient}} 位无联系方式）', history: '已发送的通知',
    members: '会员数', queued: '已排队', noRecipient: '无联系方式', at: '时间', by: '发送人',
  },
  stats: {
    range: '活动日期', type: '活动类型', costPie: '各活动费用占比', headcountBar: '参加人数与预计人数', expected: '预计人数', actual: '参加人数',
    activities: '活动数', participants: '参加人次', totalCost: '总费用（元）', budget: '预算合计（元）', none: '所选期间没有活动', table: '活动明细',
    byType: '按活动类型',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const en: Widen<typeof zh> = {
  menu: { group: 'Activities', list: 'Plan and run', statistics: 'Compare activities', detail: 'Activity' },
  name: 'Name', type: 'Type', period: 'Dates', startsOn: 'Starts', endsOn: 'Ends', place: 'Place',
  expectedHeadcount: 'Expected headcount', planText: 'Plan', budget: 'Budget (yuan)', pointsPerParticipant: 'Points per participant', status: 'Status',
  participants: 'Participants', totalCost: 'Total cost (yuan)', perHead: 'Cost per head (yuan)', createdBy: 'Planned by', approvedBy: 'Approved by',
  decisionNote: 'Approver\'s note', closedAt: 'Closed at', searchName: 'Words of the name', noPlace: 'to be decided',
  statusValue: { planned: 'Planned', approved: 'Approved', rejected: 'Rejected', closed: 'Closed' },
  plan: {
    button: 'Plan an activity', title: 'Plan an activity', editTitle: 'Edit the plan', created: 'Activity “{{name}}” planned; it now needs approval',
    saved: 'Saved', lockedHint: 'Once approved, points per participant and the budget cannot change', revisedHint: 'A rejected plan that is revised goes back to planned',
  },
  approve: { button: 'Approve', title: 'Approve "{{name}}"', note: 'Note (optional)', done: 'Approved' },
  reject: { button: 'Reject', title: 'Reject "{{name}}"', reason: 'Reason', done: 'Rejected' },
  close: { button: 'Close activity', confirm: 'Once closed, no participants, costs or notices can be recorded. Close "{{name}}"?', done: 'Activity closed' },
  hint: {
    planned: 'This plan waits for approval. Participants, costs and notices can be recorded once it is approved.',
    rejected: 'The plan was rejected: {{reason}}. Revise it to submit it again.', closed: 'The activity is closed; everything is read-only.',
  },
  tabs: { participants: 'Participants', costs: 'Costs', notices: 'Notices', plan: 'Plan' },
  reader: {
    label: 'Card reader', placeholder: 'Swipe a card, or type a card number and press Enter', hint: 'A swipe records the member once and posts the points',
    recorded: 'Recorded: {{name}} ({{memberNo}}){{points}}', pointsGiven: ', +{{points}} points',
  },
  single: { label: 'Find a member (name, mobile digits, member no.)', button: 'Record', at: 'Time of participation', place: 'Place', nowHint: 'Empty: now', placeHint: 'Empty: the activity\'s place' },
  batch: {
    button: 'Record in batch', title: 'Record participants in batch', text: 'Card numbers', textHint: 'One card or member number per line; paste a column from Excel — a header line is skipped',
    upload: 'Upload a CSV / text file', submit: 'Record', report: 'Line by line', summary: '{{lines}} lines: {{recorded}} recorded, {{unknown}} unknown, {{inactive}} inactive, {{duplicate}} duplicate, {{already}} already recorded',
    line: 'Line', value: 'Content', outcome: 'Result', member: 'Member',
    outcomeValue: { recorded: 'Recorded', unknown: 'Unknown', inactive: 'Inactive', duplicate: 'Duplicate', already: 'Already recorded' },
  },
  participant: { member: 'Member', memberNo: 'Member no.', cardNo: 'Card no.', attendedAt: 'Time', place: 'Place', method: 'Recorded by', points: 'Points', recordedBy: 'Staff', search: 'Name, member no. or card no.' },
  method: { single: 'Single', batch: 'Batch', card_reader: 'Card reader' },
  cost: {
    add: 'Add a cost', title: 'Add a cost', basis: 'Kind', item: 'Item', amount: 'Amount (yuan)', note: 'Note', remove: 'Remove',
    removeConfirm: 'Remove cost item "{{item}}"?', added: 'Cost added', removed: 'Removed', perUnit: ' (per head)',
    basisValue: { per_participant: 'Per participant', shared: 'Shared' },
    basisHint: { per_participant: 'A cost for each participant, counted by the number of participants', shared: 'A cost of the whole activity, e.g. venue, decoration' },
    summary: { participants: 'Participants', perParticipant: 'Per-participant costs', shared: 'Shared costs', total: 'Total cost', perHead: 'Cost per head', budget: 'Budget', points: 'Points given' },
    none: 'No costs recorded yet',
  },
  notice: {
    title: 'Send a notice', audience: 'To', participants: 'All participants', filtered: 'Members chosen by filters', channels: 'Channels', sms: 'SMS', email: 'E-mail',
    subject: 'E-mail subject', body: 'Message', bodyHint: 'Use {name}, {memberNo}, {activity}, {place}, {startsOn}',
    send: 'Send', sent: '{{queued}} notices queued ({{members}} members, {{noRecipient}} without contact details)', history: 'Notices sent',
    members: 'Members', queued: 'Queued', noRecipient: 'No contact', at: 'At', by: 'By',
  },
  stats: {
    range: 'Activity dates', type: 'Type', costPie: 'Cost by activity', headcountBar: 'Participants against the expected headcount', expected: 'Expected', actual: 'Participants',
    activities: 'Activities', participants: 'Participations', totalCost: 'Total cost (yuan)', budget: 'Total budget (yuan)', none: 'No activities in this period', table: 'Activities',
    byType: 'By type',
  },
};

const auditZh = {
  activity: {
    create: '新建活动计划', update: '修改活动计划', approve: '审批通过活动', reject: '驳回活动', close: '结束活动', notify: '发送活动通知',
    participant: { record: '登记参加者', batch: '批量登记参加者' }, cost: { add: '登记活动费用', remove: '删除活动费用' },
  },
};
const auditEn: Widen<typeof auditZh> = {
  activity: {
    create: 'Activity planned', update: 'Activity plan edited', approve: 'Activity approved', reject: 'Activity rejected', close: 'Activity closed', notify: 'Activity notice sent',
    participant: { record: 'Participant recorded', batch: 'Participants recorded in batch' }, cost: { add: 'Activity cost added', remove: 'Activity cost removed' },
  },
};
const entityZh = { activity: '活动', activityCost: '活动费用' };
const entityEn: typeof entityZh = { activity: 'Activity', activityCost: 'Activity cost' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
