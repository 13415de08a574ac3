// Console texts of the calls pages (通话: 来电登记、通话记录、通话统计), zh-CN and en; merged into the locales under `calls`.
const zh = {
  menu: { group: '通话', register: '来电登记', list: '通话记录', stats: '通话统计' },
  number: '电话号码', direction: '方向', startedAt: '通话时间', duration: '时长', durationSeconds: '通话时长（秒）', handler: '处理人',
  department: '部门', category: '类别', summary: '通话摘要', outcome: '处理结果', customer: '客户', followUpOn: '跟进日期', followUpNote: '跟进说明',
  lead: '线索', source: '来源', none: '—', unknownCaller: '未识别来电', seconds: '{{n}} 秒', minutes: '{{m}} 分 {{s}} 秒',
  directionValue: { inbound: '呼入', outbound: '呼出' },
  outcomeValue: { resolved: '已解决', follow_up: '待跟进', transferred: '已转办', missed: '未接通' },
  sourceValue: { console: '手工登记', cti: '电话系统' },
  kindValue: { mobile: '手机', landline: '固定电话', service: '400/800' },
  lookup: {
    placeholder: '输入或粘贴来电号码，如 138 1234 5678、021-5555 6666', button: '识别来电', who: '来电客户',
    none: '没有客户使用这个号码：未识别来电，登记后可再关联客户或转为线索', several: '{{count}} 位客户使用这个号码，请选择来电的是哪一位',
    hidden: '其他部门的客户（{{name}}），您无权查看', member: '会员 {{memberNo}}', noLevel: '无等级', lastCalls: '最近通话', noCalls: '这个号码还没有通话记录',
    choose: '选择此客户', chosen: '已选择', noCustomer: '不关联客户', openCustomer: '客户资料',
  },
  register: {
    title: '登记通话', submit: '登记通话', startedAtHint: '留空为现在', summaryPlaceholder: '来电人诉求与答复要点',
    registered: '已登记通话：{{number}}，客户：{{name}}', registeredUnknown: '已登记通话：{{number}}（未识别来电）', again: '登记下一个来电',
    lookupFirst: '请先输入号码并识别来电',
  },
  toLead: {
    button: '转为线索', title: '从来电创建线索', name: '姓名', intention: '意向', note: '备注', created: '已创建线索：{{name}}（线索编号 {{id}}）',
    open: '查看线索 #{{id}}',
  },
  detail: { title: '通话：{{number}}', edit: '修改', link: '关联客户', unlink: '取消关联', linked: '已关联客户：{{name}}', unlinked: '已取消关联客户', saved: '已保存通话记录' },
  remove: { button: '删除', title: '删除误录的通话', reason: '删除原因', done: '已删除通话记录 #{{id}}' },
  filters: { range: '通话日期', number: '号码或尾号（4 位以上）', recognised: '识别', recognisedValue: { true: '已识别', false: '未识别' } },
  stats: {
    range: '统计区间', total: '通话总数', inbound: '呼入', outbound: '呼出', missed: '未接通', avgDuration: '平均时长', recognisedRate: '客户识别率',
    byDay: '每日通话', byCategory: '按类别', byHandler: '按处理人', count: '通话数', uncategorised: '未分类', none: '这段时间没有通话',
  },
};

const en: Widen<typeof zh> = {
  menu: { group: 'Calls', register: 'Incoming call', list: 'Call records', stats: 'Call statistics' },
  number: 'Phone number', direction: 'Direction', startedAt: 'Time', duration: 'Duration', durationSeconds: 'Duration (seconds)', handler: 'Handler',
  department: 'Department', category: 'Category', summary: 'Summary', outcome: 'Outcome', customer: 'Customer', followUpOn: 'Follow-up date', followUpNote: 'Follow-up note',
  lead: 'Lead', source: 'Source', none: '—', unknownCaller: 'Unknown caller', seconds: '{{n}} s', minutes: '{{m}} min {{s}} s',
  directionValue: { inbound: 'Inbound', outbound: 'Outbound' },
  outcomeValue: { resolved: 'Resolved', follow_up: 'Follow-up needed', transferred: 'Transferred', missed: 'Missed' },
  sourceValue: { console: 'Typed in', cti: 'Phone system' },
  kindValue: { mobile: 'Mobile', landline: 'Landline', service: '400/800' },
  lookup: {
    placeholder: 'Type or paste the number, e.g. 138 1234 5678, 021-5555 6666', button: 'Identify caller', who: 'Caller',
    none: 'No customer uses this number: an unknown caller. After registering you can link a customer or make a lead', several: '{{count}} customers use this number: choose who is calling',
    hidden: 'A customer of another department ({{name}}) you may not see', member: 'Member {{memberNo}}', noLevel: 'no level', lastCalls: 'Last calls', noCalls: 'No calls from this number yet',
    choose: 'Choose this customer', chosen: 'Chosen', noCustomer: 'No customer', openCustomer: 'Customer record',
  },
  register: {
    title: 'Register the call', submit: 'Register call', startedAtHint: 'Empty: now', summaryPlaceholder: "The caller's request and the answer given",
    registered: 'Call registered: {{number}}, customer: {{name}}', registeredUnknown: 'Call registered: {{number}} (unknown caller)', again: 'Next call',
    lookupFirst: 'Enter the number and identify the caller first',
  },
  toLead: {
    button: 'Make a lead', title: 'Make a lead from this call', name: 'Name', intention: 'Intention', note: 'Note', created: 'Lead created: {{name}} (lead no. {{id}})',
    open: 'Open lead #{{id}}',
  },
  detail: { title: 'Call: {{number}}', edit: 'Edit', link: 'Link customer', unlink: 'Unlink', linked: 'Customer linked: {{name}}', unlinked: 'Customer unlinked', saved: 'Call record saved' },
  remove: { button: 'Delete', title: 'Delete a call recorded by mistake', reason: 'Reason', done: 'Call record #{{id}} deleted' },
  filters: { range: 'Call date', number: 'Number or its last 4+ digits', recognised: 'Recognised', recognisedValue: { true: 'Recognised', false: 'Unknown' } },
  stats: {
    range: 'Range', total: 'Calls', inbound: 'Inbound', outbound: 'Outbound', missed: 'Missed', avgDuration: 'Average duration', recognisedRate: 'Callers recognised',
    byDay: 'Calls per day', byCategory: 'By category', byHandler: 'By handler', count: 'Calls', uncategorised: 'Uncategorised', none: 'No calls in this range',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const auditZh = { call: { create: '登记通话', update: '修改通话记录', delete: '删除通话记录', lead: '从通话创建线索' } };
const auditEn: Widen<typeof auditZh> = { call: { create: 'Call registered', update: 'Call record edited', delete: 'Call record deleted', lead: 'Lead made from a call' } };
const entityZh = { call: '通话记录', calls: '通话记录列表' };
const entityEn: typeof entityZh = { call: 'Call record', calls: 'Call records list' };
const exportZh = { calls: '通话记录' };
const exportEn: typeof exportZh = { calls: 'Call records' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn, exportZh, exportEn };
