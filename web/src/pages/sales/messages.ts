// Console texts of the sales pages (销售: 线索、商机、跟进提醒、销售漏斗), zh-CN and en; merged into the locales under `sales`.
const zh = {
  menu: { group: '销售', leads: '线索', opportunities: '商机', followUps: '跟进提醒', funnel: '销售漏斗' },
  name: '姓名', mobile: '手机号', source: '来源', intention: '意向', note: '备注', owner: '归属人', department: '部门', status: '状态',
  nextFollowUp: '下次跟进', createdAt: '创建时间', lostReason: '原因', lostNote: '原因说明', customer: '客户', title: '商机名称',
  stage: '阶段', amount: '预计金额（元）', expectedClose: '预计成交日期', none: '—',
  statusValue: { new: '新线索', following: '跟进中', converted: '已转化', lost: '无效' },
  stageValue: { first_visit: '初访', revisit: '复访', deposit: '认筹', subscription: '认购', won: '签约', lost: '输单' },
  filters: { search: '姓名或手机号（尾号）', status: '状态', source: '来源', owner: '归属人', due: '跟进', stage: '阶段', title: '商机名称', openOnly: '只看进行中' },
  dueValue: { due: '今天及逾期', today: '今天到期', overdue: '已逾期' },
  lead: {
    create: '新建线索', createTitle: '新建线索', created: '已创建线索：{{name}}', editTitle: '修改线索', saved: '已保存线索：{{name}}',
    duplicate: '手机号与已有客户“{{name}}”相同，请勿重复建档；转化时将关联该客户', duplicateHidden: '手机号与其他部门的已有客户（{{name}}）相同，请与该部门确认',
    detail: '线索：{{name}}', ownerHint: '留空为本人', departmentHint: '留空取归属人所在部门',
  },
  followUp: {
    add: '添加跟进', title: '添加跟进记录', method: '跟进方式', content: '跟进内容', at: '跟进时间', atHint: '留空为现在', next: '下次跟进日期',
    nextHint: '留空则不再提醒', added: '已添加跟进记录；下次跟进：{{next}}', addedNoNext: '已添加跟进记录；不再提醒', timeline: '跟进记录', empty: '还没有跟进记录',
  },
  lose: { button: '标记无效', title: '标记线索无效', done: '线索“{{name}}”已标记为无效' },
  convert: {
    button: '转化为客户', title: '线索转化', hint: '未选择客户时：有相同手机号的客户则关联该客户，否则新建客户（归属人与部门同线索）。',
    customer: '关联客户（可选）', customerHint: '按姓名或手机号查找', withOpportunity: '同时创建商机', done: '线索已转化：{{what}}', created: '已新建客户', linked: '已关联客户 #{{id}}', opportunity: '，并创建商机 #{{id}}',
  },
  assign: {
    button: '分配', batch: '批量分配（{{count}}）', title: '分配给', owner: '新归属人', department: '新部门', departmentHint: '留空取新归属人所在部门',
    note: '说明', done: '已分配 {{assigned}} 条给 {{owner}}', doneUnchanged: '已分配 {{assigned}} 条给 {{owner}}（{{unchanged}} 条原本就归其负责）',
  },
  opportunity: {
    create: '新建商机', createTitle: '新建商机', created: '已创建商机：{{title}}', editTitle: '修改商机', saved: '已保存商机：{{title}}', detail: '商机：{{title}}',
    history: '阶段变更记录', backwards: '回退', reopened: '重新打开 {{count}} 次', closed: '已关闭（只读）', board: '按阶段', list: '列表',
  },
  stageChange: { button: '变更阶段', title: '变更阶段', to: '新阶段', note: '说明', done: '商机“{{title}}”已变更为：{{stage}}', backwardsHint: '回退到更早的阶段会被记录' },
  reopen: { button: '重新打开', title: '重新打开商机', stage: '重新打开到', note: '原因', done: '商机“{{title}}”已重新打开，当前阶段：{{stage}}' },
  due: {
    hint: '今天到期和已逾期的跟进（按公司时区的日期），最早到期的在前。', mine: '只看我的', kind: '类型', kindValue: { lead: '线索', opportunity: '商机' },
    dueOn: '应跟进日期', overdue: '逾期 {{count}} 天', today: '今天', state: '状态', open: '打开',
  },
  funnel: {
    range: '商机创建日期', entered: '商机总数', won: '签约', wonAmount: '签约金额（元）', lost: '输单', current: '当前处于该阶段', reached: '到达该阶段及以后',
    conversion: '转化率', amount: '预计金额（元）', byReason: '输单原因', none: '所选范围内没有商机', count: '数量',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const en: Widen<typeof zh> = {
  menu: { group: 'Sales', leads: 'Leads', opportunities: 'Opportunities', followUps: 'My follow-ups', funnel: 'Sales funnel' },
  name: 'Name', mobile: 'Mobile', source: 'Source', intention: 'Intention', note: 'Note', owner: 'Owner', department: 'Department', status: 'Status',
  nextFollowUp: 'Next follow-up', createdAt: 'Created', lostReason: 'Reason', lostNote: 'Note on the reason', customer: 'Customer', title: 'Title',
  stage: 'Stage', amount: 'Expected amount (CNY)', expectedClose: 'Expected close', none: '—',
  statusValue: { new: 'New', following: 'Following up', converted: 'Converted', lost: 'Lost' },
  stageValue: { first_visit: 'First visit', revisit: 'Revisit', deposit: 'Deposit', subscription: 'Subscription', won: 'Contract (won)', lost: 'Lost' },
  filters: { search: 'Name or mobile (last digits)', status: 'Status', source: 'Source', owner: 'Owner', due: 'Follow-up', stage: 'Stage', title: 'Title', openOnly: 'Open only' },
  dueValue: { due: 'Due or overdue', today: 'Due today', overdue: 'Overdue' },
  lead: {
    create: 'New lead', createTitle: 'New lead', created: 'Lead created: {{name}}', editTitle: 'Edit lead', saved: 'Lead saved: {{name}}',
    duplicate: 'The mobile belongs to the existing customer “{{name}}”: do not record them twice; converting links that customer',
    duplicateHidden: 'The mobile belongs to an existing customer of another department ({{name}}); check with that department',
    detail: 'Lead: {{name}}', ownerHint: 'Empty: yourself', departmentHint: "Empty: the owner's department",
  },
  followUp: {
    add: 'Add follow-up', title: 'Add a follow-up record', method: 'Method', content: 'What was said or done', at: 'When', atHint: 'Empty: now', next: 'Next follow-up',
    nextHint: 'Empty: no reminder', added: 'Follow-up recorded; next follow-up: {{next}}', addedNoNext: 'Follow-up recorded; no further reminder', timeline: 'Follow-ups', empty: 'No follow-ups yet',
  },
  lose: { button: 'Mark lost', title: 'Mark the lead lost', done: 'Lead “{{name}}” marked lost' },
  convert: {
    button: 'Convert to customer', title: 'Convert the lead', hint: 'Without a chosen customer: the customer with the same mobile is linked, or a new one is created (same owner and department as the lead).',
    customer: 'Link to customer (optional)', customerHint: 'Search by name or mobile', withOpportunity: 'Also open an opportunity', done: 'Lead converted: {{what}}', created: 'new customer created', linked: 'customer #{{id}} linked', opportunity: ', opportunity #{{id}} opened',
  },
  assign: {
    button: 'Reassign', batch: 'Reassign selected ({{count}})', title: 'Reassign to', owner: 'New owner', department: 'New department', departmentHint: "Empty: the new owner's department",
    note: 'Note', done: '{{assigned}} reassigned to {{owner}}', doneUnchanged: '{{assigned}} reassigned to {{owner}} ({{unchanged}} were theirs already)',
  },
  opportunity: {
    create: 'New opportunity', createTitle: 'New opportunity', created: 'Opportunity created: {{title}}', editTitle: 'Edit opportunity', saved: 'Opportunity saved: {{title}}', detail: 'Opportunity: {{title}}',
    history: 'Stage history', backwards: 'back', reopened: 'reopened {{count}}×', closed: 'Closed (read-only)', board: 'By stage', list: 'List',
  },
  stageChange: { button: 'Change stage', title: 'Change stage', to: 'New stage', note: 'Note', done: 'Opportunity “{{title}}” moved to: {{stage}}', backwardsHint: 'Moving back to an earlier stage is recorded' },
  reopen: { button: 'Reopen', title: 'Reopen the opportunity', stage: 'Reopen at', note: 'Reason', done: 'Opportunity “{{title}}” reopened at: {{stage}}' },
  due: {
    hint: "Follow-ups due today or overdue (by the company's day), the oldest first.", mine: 'Mine only', kind: 'Type', kindValue: { lead: 'Lead', opportunity: 'Opportunity' },
    dueOn: 'Due on', overdue: '{{count}} days overdue', today: 'Today', state: 'State', open: 'Open',
  },
  funnel: {
    range: 'Opportunities created', entered: 'Opportunities', won: 'Won', wonAmount: 'Won amount (CNY)', lost: 'Lost', current: 'Now at this stage', reached: 'Reached this stage or beyond',
    conversion: 'Conversion', amount: 'Expected amount (CNY)', byReason: 'Lost by reason', none: 'No opportunities in this range', count: 'Count',
  },
};

const auditZh = {
  salesLead: { create: '新建线索', update: '修改线索', lose: '线索标记无效', convert: '线索转化', assign: '分配线索' },
  salesOpportunity: { create: '新建商机', update: '修改商机', stage: '商机阶段变更', reopen: '重新打开商机', assign: '分配商机' },
  salesFollowUp: { create: '添加跟进记录' },
};
const auditEn: Widen<typeof auditZh> = {
  salesLead: { create: 'Lead created', update: 'Lead edited', lose: 'Lead marked lost', convert: 'Lead converted', assign: 'Lead reassigned' },
  salesOpportunity: { create: 'Opportunity created', update: 'Opportunity edited', stage: 'Opportunity stage changed', reopen: 'Opportunity reopened', assign: 'Opportunity reassigned' },
  salesFollowUp: { create: 'Follow-up recorded' },
};
const entityZh = { salesLead: '线索', salesOpportunity: '商机', 'sales-leads': '线索列表', 'sales-opportunities': '商机列表' };
const entityEn: typeof entityZh = { salesLead: 'Lead', salesOpportunity: 'Opportunity', 'sales-leads': 'Leads list', 'sales-opportunities': 'Opportunities list' };
const exportZh = { salesLeads: '线索列表', salesOpportunities: '商机列表' };
const exportEn: typeof exportZh = { salesLeads: 'Leads', salesOpportunities: 'Opportunities' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn, exportZh, exportEn };
