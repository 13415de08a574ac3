// Console texts of the points pages (积分 / 兑付), zh-CN and en; merged into the locales under `points`.
const zh = {
  menu: {
    group: '积分与兑付', members: '会员积分', batches: '批量积分', approvals: '积分审批', plans: '兑付计划', redemptions: '兑付记录',
    statistics: '积分统计', rules: '积分规则与设置', member: '会员积分',
  },
  reader: {
    label: '刷卡或输入卡号/会员号', placeholder: '请刷卡，或输入卡号、会员号后按回车', find: '查找', hint: '读卡器刷卡即自动查找',
    blocked: '这张卡已{{status}}：积分请用会员的有效卡', notFound: '没有找到',
  },
  member: {
    title: '{{memberNo}} {{name}}', level: '等级', noLevel: '未发主卡', balance: '积分余额', earned: '累计获得', redeemed: '已兑付', expired: '已过期',
    expiring: '30 天内到期', nextExpiry: '最近到期', pending: '待审批', archived: '已退会（只读）', card: '主卡', cards: '会员卡',
  },
  tabs: { lots: '积分批次（有效期）', entries: '积分流水', redemptions: '兑付记录', cards: '会员卡' },
  lot: { earnedAt: '获得时间', amount: '获得', remaining: '剩余', expired: '已过期', expiresAt: '到期时间', never: '不过期', source: '来源' },
  entry: {
    at: '时间', amount: '积分', state: '状态', event: '业务事件', reason: '原因', actor: '操作人', correct: '冲正', corrects: '冲正 #{{id}}',
    redemptionPending: '兑换单 #{{id}} 待交付', redemptionPendingHint: '兑换单待交付时不能冲正这笔扣分：如需退回积分，请在兑付记录中取消兑换单 #{{id}}（积分退回原批次，库存恢复）；交付后可冲正。',
    decided: '{{by}} 审批', key: '幂等键',
  },
  state: { pending: '待审批', posted: '已入账', rejected: '已驳回', reversed: '已冲正' },
  source: {
    purchase: '购房', activity: '活动', care: '关怀', complaint: '投诉', redemption: '兑付', expiry: '积分过期', card: '发卡基本积分', correction: '冲正',
    adjustment: '调整',
  },
  add: {
    title: '录入积分', button: '录入积分', direction: '方向', plus: '加分', minus: '减分', points: '积分数', sourceType: '业务事件类型', event: '业务事件',
    eventPlaceholder: '搜索并选择事件', reason: '原因', submit: '提交', done: '已{{direction}} {{points}} 积分，余额 {{balance}}',
    noEvent: '没有可选的事件', mustPickMember: '请先刷卡或输入会员',
    adjustmentHint: '调整不对应具体业务事件：须写明原因，提交后进入积分审批，由有审批权限的人员通过后入账。',
    reasonRequired: '调整积分必须写明原因', queued: '{{direction}} {{points}} 积分已提交审批（流水 #{{id}}），审批通过后入账',
  },
  correct: { title: '冲正积分流水 #{{id}}', amount: '冲正积分', amountHint: '留空为全额冲正（{{amount}}）', reason: '冲正原因', done: '已冲正，余额 {{balance}}' },
  redeem: {
    button: '兑换', title: '兑换礼品', plan: '兑付计划', quantity: '数量', note: '备注', done: '兑换已登记：{{plan}} × {{quantity}}，扣 {{points}} 分，余额 {{balance}}', cost: '{{points}} 积分',
    stockLeft: '剩余 {{count}}', unlimited: '不限量',
  },
  batch: {
    title: '批量积分', lines: '卡号或会员号', linesHint: '每行一个卡号或会员号（可粘贴或导入 .txt/.csv）；同一会员只记一次。全部校验通过才会提交。',
    upload: '导入文件', amount: '每人积分', amountHint: '正数加分，负数减分', submit: '提交批次', submitted: '批次 #{{id}} 已提交，共 {{total}} 位会员',
    progress: '进度', status: '状态', total: '会员数', posted: '已入账', createdBy: '提交人', resume: '继续', revert: '撤回',
    statusValue: { queued: '排队中', running: '执行中', done: '已完成', failed: '失败', reverted: '已撤回' },
    failed: '会员 {{memberNo}} 积分不足（余额 {{balance}}，需扣 {{needed}}）', summary: '{{lines}} 行，重复 {{duplicates}}，空行 {{blank}}',
    errors: '以下行有问题，整批未提交：', line: '第 {{line}} 行', reverted: '已撤回，积分已退回原批次', resumed: '批次已继续执行',
    confirmRevert: '撤回此批次已扣减的积分？',
  },
  approvals: { approve: '通过', reject: '驳回', rejectTitle: '驳回积分 #{{id}}', note: '审批意见', approved: '已通过，余额 {{balance}}', approvedShort: '已通过并入账', rejected: '已驳回', rule: '规则' },
  plans: {
    add: '新建兑付计划', edit: '编辑兑付计划', item: '礼品/服务', description: '说明', pointsCost: '所需积分', stock: '库存', stockLeft: '剩余库存',
    stockHint: '留空为不限量', period: '兑付期', levels: '适用等级', allLevels: '全部等级', limit: '每人限兑', limitHint: '留空为不限',
    website: '外部网站可见', active: '启用', open: '当前可兑',
  },
  redemptions: {
    no: '兑付号', plan: '礼品', member: '会员', quantity: '数量', points: '积分', level: '兑换时等级', status: '状态', channel: '渠道', at: '兑换时间',
    deliver: '交付', cancel: '取消', cancelTitle: '取消兑付 #{{id}}', cancelHint: '积分将退回原来的积分批次（保持原有效期），库存恢复。', reason: '原因',
    delivered: '已标记交付', cancelled: '已取消，积分已退回', statusValue: { pending: '待交付', delivered: '已交付', cancelled: '已取消' },
    channelValue: { console: '客服中心', website: '外部网站' }, new: '兑换',
  },
  stats: {
    range: '期间', issued: '发放', redeemed: '兑付', expired: '过期', corrected: '冲正/扣减', outstanding: '未兑付积分（负债）',
    membersWithPoints: '有积分的会员', pendingEntries: '待审批流水', monthly: '按月积分变动', byPlan: '兑付（按计划）', byLevel: '兑付（按等级）',
    byMonth: '兑付（按月）', none: '所选期间没有数据', redemptions: '兑付次数', points: '积分',
    flows: '积分发放、兑付与过期', redemptionRate: '兑付率', expiryRate: '过期率 {{rate}}', expiryRateShort: '过期率', period: '期间',
    liabilityByLevel: '积分负债（按等级）', liabilityByExpiry: '积分负债（按到期月份）', breakage: '未来 12 个月预计过期积分', breakageHint: '按未用完积分批次的剩余数与到期日，本月含已到期未处理的', month: '月份', expiring: '预计过期', noLevel: '未发主卡', never: '永久有效',
    asOf: '截至 {{time}}（每 10 分钟汇总）', live: '实时', by: { month: '按月', quarter: '按季度', year: '按年' },
  },
  rules: {
    title: '触发规则', add: '新建规则', edit: '编辑规则', name: '名称', eventType: '触发事件', formula: '计算方式', fixed: '固定积分',
    perAmount: '按金额', points: '积分', perYuan: '每多少元', formulaText: { fixed: '{{points}} 分', perAmount: '每 {{yuan}} 元 {{points}} 分' },
    levels: '适用等级', autoApprove: '自动通过', needsApproval: '需审批', active: '启用',
    autoApproveHint: '关闭时，规则产生的积分进入积分审批，通过后入账',
    when: {
      purchase: '购房款全额到账时，按房款金额或固定积分给购房会员',
      activity: '登记会员参加活动时（单个、读卡器或批量），在活动本身的每人积分之外另给；每次参加一次',
      care: '关怀送达会员时（短信/邮件发送成功，或信件等登记为已送达）；每位会员每次关怀一次',
      complaint: '会员的投诉完成（结案）时；重新打开后再次完成不会重复给分',
    },
  },
  settings: {
    title: '有效期与提醒', expiryMode: '积分有效期', modeValue: { none: '永久有效', months: '获得后 N 个月', year_end: '第 N 年年底' },
    expiryMonths: '月数', expiryYears: 'N（0 为当年年底）', reminderDays: '到期前提醒天数', reminderHint: '0 为不提醒',
    reminderChannel: '提醒方式', channel: { sms: '短信', email: '电子邮件' }, balanceReminderDay: '每月余额通知日', balanceHint: '留空为不发送', save: '保存设置', note: '新设置只对之后获得的积分生效。',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const en: Widen<typeof zh> = {
  menu: {
    group: 'Points & rewards', members: 'Member points', batches: 'Batch points', approvals: 'Points approvals', plans: 'Redemption plans', redemptions: 'Redemptions',
    statistics: 'Points statistics', rules: 'Rules and settings', member: 'Member points',
  },
  reader: {
    label: 'Swipe, or type a card or member number', placeholder: 'Swipe a card, or type a card or member number and press Enter', find: 'Find', hint: 'A card-reader swipe looks the member up at once',
    blocked: 'This card is {{status}}: use the member\'s active card for points', notFound: 'Not found',
  },
  member: {
    title: '{{memberNo}} {{name}}', level: 'Level', noLevel: 'No main card', balance: 'Balance', earned: 'Earned', redeemed: 'Redeemed', expired: 'Expired',
    expiring: 'Expiring in 30 days', nextExpiry: 'Next expiry', pending: 'Pending', archived: 'Left (read-only)', card: 'Main card', cards: 'Cards',
  },
  tabs: { lots: 'Lots (expiry)', entries: 'Entries', redemptions: 'Redemptions', cards: 'Cards' },
  lot: { earnedAt: 'Earned', amount: 'Amount', remaining: 'Remaining', expired: 'Expired', expiresAt: 'Expires', never: 'Never', source: 'From' },
  entry: {
    at: 'Time', amount: 'Points', state: 'State', event: 'Business event', reason: 'Reason', actor: 'By', correct: 'Correct', corrects: 'corrects #{{id}}',
    redemptionPending: 'Redemption #{{id}} pending', redemptionPendingHint: 'While its redemption is pending this deduction cannot be corrected: to give the points back, cancel redemption #{{id}} on the redemptions page (the points return to their lots and the stock is restored); once delivered it can be corrected.',
    decided: 'approved by {{by}}', key: 'Idempotency key',
  },
  state: { pending: 'Pending', posted: 'Posted', rejected: 'Rejected', reversed: 'Reversed' },
  source: {
    purchase: 'Purchase', activity: 'Activity', care: 'Care', complaint: 'Complaint', redemption: 'Redemption', expiry: 'Expiry', card: 'Card base points', correction: 'Correction',
    adjustment: 'Adjustment',
  },
  add: {
    title: 'Book points', button: 'Book points', direction: 'Direction', plus: 'Add', minus: 'Deduct', points: 'Points', sourceType: 'Event type', event: 'Business event',
    eventPlaceholder: 'Search and pick the event', reason: 'Reason', submit: 'Submit', done: '{{direction}} {{points}} points; balance {{balance}}',
    noEvent: 'No event to pick', mustPickMember: 'Swipe a card or find a member first',
    adjustmentHint: 'An adjustment names no business event: give a reason; it goes to the points approvals and posts once someone who may approve points approves it.',
    reasonRequired: 'An adjustment needs a reason', queued: '{{direction}} {{points}} points submitted for approval (entry #{{id}}); they post once approved',
  },
  correct: { title: 'Correct entry #{{id}}', amount: 'Points', amountHint: 'Empty: the whole entry ({{amount}})', reason: 'Reason', done: 'Corrected; balance {{balance}}' },
  redeem: {
    button: 'Redeem', title: 'Redeem a reward', plan: 'Plan', quantity: 'Quantity', note: 'Note', done: 'Redemption recorded: {{plan}} × {{quantity}}, {{points}} points taken; balance {{balance}}', cost: '{{points}} points',
    stockLeft: '{{count}} left', unlimited: 'unlimited',
  },
  batch: {
    title: 'Batch points', lines: 'Card or member numbers', linesHint: 'One card or member number per line (paste, or import a .txt/.csv); a member named twice is booked once. Submitted only if every line is valid.',
    upload: 'Import file', amount: 'Points per member', amountHint: 'Positive adds, negative deducts', submit: 'Submit batch', submitted: 'Batch #{{id}} submitted: {{total}} members',
    progress: 'Progress', status: 'Status', total: 'Members', posted: 'Posted', createdBy: 'By', resume: 'Resume', revert: 'Revert',
    statusValue: { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed', reverted: 'Reverted' },
    failed: 'Member {{memberNo}} has too few points (balance {{balance}}, {{needed}} to deduct)', summary: '{{lines}} lines, {{duplicates}} repeated, {{blank}} blank',
    errors: 'These lines have problems; nothing was submitted:', line: 'Line {{line}}', reverted: 'Reverted; the points went back to their lots', resumed: 'The batch goes on',
    confirmRevert: 'Give back the points this batch deducted?',
  },
  approvals: { approve: 'Approve', reject: 'Reject', rejectTitle: 'Reject entry #{{id}}', note: 'Note', approved: 'Approved; balance {{balance}}', approvedShort: 'Approved and posted', rejected: 'Rejected', rule: 'Rule' },
  plans: {
    add: 'New plan', edit: 'Edit plan', item: 'Reward', description: 'Description', pointsCost: 'Points', stock: 'Stock', stockLeft: 'Left',
    stockHint: 'Empty: unlimited', period: 'Period', levels: 'Levels', allLevels: 'All levels', limit: 'Limit per member', limitHint: 'Empty: no limit',
    website: 'On the website', active: 'Active', open: 'Open now',
  },
  redemptions: {
    no: 'No.', plan: 'Reward', member: 'Member', quantity: 'Qty', points: 'Points', level: 'Level then', status: 'Status', channel: 'Channel', at: 'Redeemed',
    deliver: 'Deliver', cancel: 'Cancel', cancelTitle: 'Cancel redemption #{{id}}', cancelHint: 'The points return to the lots they came from (with their expiry); the stock is restored.', reason: 'Reason',
    delivered: 'Marked delivered', cancelled: 'Cancelled; points returned', statusValue: { pending: 'Pending', delivered: 'Delivered', cancelled: 'Cancelled' },
    channelValue: { console: 'Service centre', website: 'Website' }, new: 'Redeem',
  },
  stats: {
    range: 'Period', issued: 'Issued', redeemed: 'Redeemed', expired: 'Expired', corrected: 'Corrections/deductions', outstanding: 'Outstanding points (liability)',
    membersWithPoints: 'Members with points', pendingEntries: 'Pending entries', monthly: 'Points per month', byPlan: 'Redemptions by plan', byLevel: 'Redemptions by level',
    byMonth: 'Redemptions by month', none: 'No data in this period', redemptions: 'Redemptions', points: 'Points',
    flows: 'Points issued, redeemed and expired', redemptionRate: 'Redemption rate', expiryRate: 'expiry rate {{rate}}', expiryRateShort: 'Expiry rate', period: 'Period',
    liabilityByLevel: 'Liability by level', liabilityByExpiry: 'Liability by expiry month', breakage: 'Points expected to expire in the next 12 months', breakageHint: 'From the remaining points of open lots and their expiry dates; this month includes lots past their date not yet expired', month: 'Month', expiring: 'Expected to expire', noLevel: 'No main card', never: 'Never expires',
    asOf: 'as of {{time}} (summarised every 10 minutes)', live: 'live', by: { month: 'Monthly', quarter: 'Quarterly', year: 'Yearly' },
  },
  rules: {
    title: 'Trigger rules', add: 'New rule', edit: 'Edit rule', name: 'Name', eventType: 'Event', formula: 'Formula', fixed: 'Fixed points',
    perAmount: 'Per amount', points: 'Points', perYuan: 'Per yuan', formulaText: { fixed: '{{points}} points', perAmount: '{{points}} per {{yuan}} yuan' },
    levels: 'Levels', autoApprove: 'Auto-approve', needsApproval: 'Needs approval', active: 'Active',
    autoApproveHint: 'Off: the rule\'s points go to the points approvals and post once approved',
    when: {
      purchase: 'When a purchase is paid in full: points per amount of the price, or fixed, to the buying member',
      activity: 'When a member is recorded at an activity (single, card reader or batch), on top of the activity\'s own points; once per participation',
      care: 'When a care reaches the member (SMS / e-mail sent, or a letter … recorded as reached); once per member per care',
      complaint: 'When a member\'s complaint is closed (done); closing it again after a reopen gives nothing more',
    },
  },
  settings: {
    title: 'Expiry and reminders', expiryMode: 'Points expire', modeValue: { none: 'Never', months: 'N months after earning', year_end: 'End of the Nth year' },
    expiryMonths: 'Months', expiryYears: 'N (0: end of this year)', reminderDays: 'Remind days before expiry', reminderHint: '0: no reminders',
    reminderChannel: 'Reminder channel', channel: { sms: 'SMS', email: 'E-mail' }, balanceReminderDay: 'Monthly balance notice on day', balanceHint: 'Empty: none', save: 'Save settings', note: 'New settings apply to points earned from now on.',
  },
};

const auditZh = {
  points: {
    add: '加积分', deduct: '减积分', adjustment: '积分调整（待审批）', approve: '审批通过积分', reject: '驳回积分', correct: '冲正积分', purchase: '购房积分', purchaseDue: '购房积分待入会后入账', purchaseDueCancelled: '不再补记购房积分', reversalQueued: '无法冲回的积分转入审批', expire: '积分到期',
    batch: { create: '提交批量积分', done: '批量积分完成', failed: '批量积分失败', resume: '继续批量积分', revert: '撤回批量积分' },
    rule: { create: '新建积分规则', update: '修改积分规则', fire: '积分规则触发' },
    settings: { update: '修改积分设置' },
  },
  redemption: { redeem: '兑换', cancel: '取消兑付', deliver: '兑付交付', plan: { create: '新建兑付计划', update: '修改兑付计划' } },
};
const auditEn: Widen<typeof auditZh> = {
  points: {
    add: 'Points added', deduct: 'Points deducted', adjustment: 'Points adjustment (for approval)', approve: 'Points approved', reject: 'Points rejected', correct: 'Points corrected', purchase: 'Purchase points', purchaseDue: 'Purchase points owed until joining', purchaseDueCancelled: 'Owed purchase points cancelled', reversalQueued: 'Reversal queued for approval', expire: 'Points expired',
    batch: { create: 'Points batch submitted', done: 'Points batch done', failed: 'Points batch failed', resume: 'Points batch resumed', revert: 'Points batch reverted' },
    rule: { create: 'Points rule added', update: 'Points rule edited', fire: 'Points rule fired' },
    settings: { update: 'Points settings edited' },
  },
  redemption: { redeem: 'Redeemed', cancel: 'Redemption cancelled', deliver: 'Redemption delivered', plan: { create: 'Plan added', update: 'Plan edited' } },
};
const entityZh = { pointsEntry: '积分流水', pointsBatch: '积分批次', pointsRule: '积分规则', pointsSettings: '积分设置', redemption: '兑付', redemptionPlan: '兑付计划' };
const entityEn: typeof entityZh = { pointsEntry: 'Points entry', pointsBatch: 'Points batch', pointsRule: 'Points rule', pointsSettings: 'Points settings', redemption: 'Redemption', redemptionPlan: 'Redemption plan' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
