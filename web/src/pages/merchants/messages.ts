// Console texts of the partner-merchant pages (商家), zh-CN and en; merged into the locales under `merchants`.
const zh = {
  menu: { group: '合作商家', list: '商家', services: '商家服务查询' },
  code: '编码', name: '名称', contact: '联系人', address: '地址', phone1: '电话 1', phone2: '电话 2', parentCompany: '所属公司',
  type: '类型', importance: '重要程度', contractEndsOn: '合同到期', note: '备注', serviceCount: '服务数', deleted: '已删除',
  importanceValue: { high: '重要', normal: '一般', low: '次要' },
  filters: { q: '名称、编码或所属公司', service: '服务名称', contractEndsBy: '合同到期不晚于', deleted: '删除状态', showDeleted: { exclude: '未删除', only: '已删除', include: '全部' } },
  create: '新增商家', editTitle: '编辑商家：{{name}}', codeRule: '1–32 位字母、数字、_ 或 -，创建后不能修改', confirmDelete: '删除商家“{{name}}”？其服务将不再提供，可以恢复。',
  restore: '恢复', restored: '已恢复', detailTitle: '商家：{{name}}', overallRating: '综合褒贬度', participations: '会员参与 {{count}} 人次',
  service: {
    add: '新增服务', editTitle: '编辑服务：{{name}}', name: '服务名称', period: '服务期', startsOn: '开始日期', endsOn: '结束日期', endsOnHint: '留空为长期', openEnded: '长期',
    content: '服务内容', levels: '适用会员等级', discount: '折扣（%）', discountHint: '优惠比例，如 15 表示八五折；不是折扣类服务可留空',
    discountNote: '优惠说明', active: '启用', current: '提供中', notCurrent: '不在服务期或已停用', confirmDelete: '删除服务“{{name}}”？其反馈和参与记录会保留。',
    merchant: '商家', participationCount: '参与人次', detailTitle: '服务：{{name}}', percentOff: '{{value}}% 折扣',
  },
  feedback: {
    title: '季度反馈', record: '录入季度反馈', quarter: '季度', text: '反馈内容', count: '参与人数（商家报告）', recorded: '系统记录的参与人次', rating: '褒贬度',
    quarterHint: '如 2025-Q1', none: '暂无反馈',
  },
  participation: {
    title: '会员参与', record: '登记会员参与', member: '会员', memberBy: '按', byCard: '卡号', byMemberNo: '会员号', at: '参与时间', note: '备注', rating: '褒贬度',
    level: '当时等级', remove: '删除', confirmRemove: '删除这条参与记录？', rate: '评价', recordedBy: '登记人',
  },
  rating: {
    label: '褒贬度', count: '{{count}} 条评价', average: '平均 {{value}}', none: '暂无评价',
    values: { '-2': '很差', '-1': '较差', '0': '一般', '1': '较好', '2': '很好' },
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const en: Widen<typeof zh> = {
  menu: { group: 'Partner merchants', list: 'Merchants', services: 'Merchant services' },
  code: 'Code', name: 'Name', contact: 'Contact', address: 'Address', phone1: 'Phone 1', phone2: 'Phone 2', parentCompany: 'Parent company',
  type: 'Type', importance: 'Importance', contractEndsOn: 'Contract ends', note: 'Note', serviceCount: 'Services', deleted: 'Deleted',
  importanceValue: { high: 'Key', normal: 'Normal', low: 'Minor' },
  filters: { q: 'Name, code or parent company', service: 'Service name', contractEndsBy: 'Contract ends by', deleted: 'Deleted', showDeleted: { exclude: 'Live', only: 'Deleted', include: 'All' } },
  create: 'Add a merchant', editTitle: 'Edit merchant: {{name}}', codeRule: '1 to 32 letters, digits, _ or -; cannot change later', confirmDelete: 'Delete merchant "{{name}}"? Its services stop being offered; it can be restored.',
  restore: 'Restore', restored: 'Restored', detailTitle: 'Merchant: {{name}}', overallRating: 'Overall rating', participations: '{{count}} member participation(s)',
  service: {
    add: 'Add a service', editTitle: 'Edit service: {{name}}', name: 'Service', period: 'Period', startsOn: 'Starts', endsOn: 'Ends', endsOnHint: 'Empty: open-ended', openEnded: 'open-ended',
    content: 'Content', levels: 'Eligible levels', discount: 'Discount (%)', discountHint: 'Percent off, e.g. 15 for 15% off; empty when it is not a discount',
    discountNote: 'Benefit', active: 'Active', current: 'Offered now', notCurrent: 'Out of period or suspended', confirmDelete: 'Delete service "{{name}}"? Its feedback and participations are kept.',
    merchant: 'Merchant', participationCount: 'Participations', detailTitle: 'Service: {{name}}', percentOff: '{{value}}% off',
  },
  feedback: {
    title: 'Quarterly feedback', record: 'Record quarterly feedback', quarter: 'Quarter', text: 'Feedback', count: 'Participants (reported)', recorded: 'Participations recorded', rating: 'Rating',
    quarterHint: 'e.g. 2025-Q1', none: 'No feedback yet',
  },
  participation: {
    title: 'Member participation', record: 'Record a participation', member: 'Member', memberBy: 'By', byCard: 'Card no.', byMemberNo: 'Member no.', at: 'Time', note: 'Note', rating: 'Rating',
    level: 'Level then', remove: 'Remove', confirmRemove: 'Remove this participation?', rate: 'Rate', recordedBy: 'Recorded by',
  },
  rating: {
    label: 'Rating', count: '{{count}} rating(s)', average: 'mean {{value}}', none: 'No rating yet',
    values: { '-2': 'Very poor', '-1': 'Poor', '0': 'Neutral', '1': 'Good', '2': 'Very good' },
  },
};

/** Audit actions and object types of the merchants module (审计日志). */
const auditZh = {
  merchant: {
    create: '新增商家', update: '修改商家', delete: '删除商家', restore: '恢复商家',
    service: { create: '新增商家服务', update: '修改商家服务', delete: '删除商家服务' },
    feedback: { create: '登记季度反馈', update: '修改季度反馈' },
    participation: { create: '登记会员参与服务', update: '修改参与记录', delete: '删除参与记录' },
  },
};
const auditEn: Widen<typeof auditZh> = {
  merchant: {
    create: 'Merchant added', update: 'Merchant edited', delete: 'Merchant deleted', restore: 'Merchant restored',
    service: { create: 'Merchant service added', update: 'Merchant service edited', delete: 'Merchant service deleted' },
    feedback: { create: 'Quarterly feedback recorded', update: 'Quarterly feedback edited' },
    participation: { create: 'Member use of a service recorded', update: 'Service use edited', delete: 'Service use deleted' },
  },
};
const entityZh = { merchant: '商家', merchant_service: '商家服务', merchant_participation: '服务参与记录' };
const entityEn: typeof entityZh = { merchant: 'Merchant', merchant_service: 'Merchant service', merchant_participation: 'Service use' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
