// Console texts of the customer pages (客户 / 购房记录 / 收款 / 客户与老业主导入), zh-CN and en; merged into
// the locales under `customers`, plus their audit actions and entity types.
const zh = {
  menu: { group: '客户', list: '客户列表', purchases: '购房记录', import: '客户导入', detail: '客户详情' },
  field: {
    name: '姓名', gender: '性别', birthday: '生日', idType: '证件类型', idNumber: '证件号码', mobile: '手机', homePhone: '家庭电话',
    email: '电子邮箱', address: '地址', source: '来源', tags: '标签', owner: '归属人', department: '所属部门', note: '备注',
    isBuyer: '购房客户', member: '会员', createdAt: '登记时间', externalId: '外部编号',
  },
  gender: { male: '男', female: '女' },
  yes: '是', no: '否',
  filters: {
    q: '姓名、拼音、手机（或尾号）、证件号码', tag: '标签', owner: '归属人', source: '来源', department: '部门', project: '项目',
    isBuyer: '购房', isMember: '会员', deleted: '删除状态', buyer: { true: '购房客户', false: '未购房' }, memberState: { true: '已入会', false: '未入会' },
    showDeleted: { exclude: '未删除', only: '已删除', include: '全部' },
  },
  create: '新增客户', editTitle: '编辑客户：{{name}}', edit: '编辑资料', deleted: '已删除', merged: '已合并到客户 #{{id}}',
  confirmDelete: '删除客户“{{name}}”？删除后可在“已删除”中恢复。', restore: '恢复', restored: '已恢复',
  idNumberHint: '居民身份证会校验校验位和出生日期；末位 x 自动转为大写',
  mobileHint: '11 位手机号，可带 +86', tagsHint: '输入后回车，可添加多个',
  reveal: '显示完整证件号码', revealConfirm: '查看完整证件号码会记入审计日志（谁、何时、哪位客户）。确定查看？', hide: '隐藏',
  revealed: '已显示完整号码（已记录审计）',
  exportFull: '导出含完整证件号码',
  detail: {
    profile: '基本资料', purchases: '购房记录', history: '变更历史', membership: '会籍',
    notMember: '尚未入会', memberLink: '会员 #{{id}}', memberPage: '会员 {{memberNo}}',
    applicationPending: '入会申请审核中', applicationLink: '申请 {{applicationNo}}', applicationSince: '{{date}} 提交', buyerYes: '购房客户', buyerNo: '未购房', back: '返回客户列表',
    historyEmpty: '暂无记录', by: '操作人', noPurchases: '暂无购房记录',
    memberStatus: { active: '有效', leaving: '退会中', archived: '已退会归档' }, joinedAt: '{{date}} 入会',
  },
  purchase: {
    add: '新增购房记录', editTitle: '编辑购房记录：{{project}} {{unit}}', project: '项目', unit: '房号', contractNo: '合同号', contractDate: '签约日期',
    price: '房款（元）', received: '已收（元）', progress: '到账率', status: '状态', origin: '来源', note: '备注', customer: '客户',
    fullyPaidAt: '全额到账时间', statusValue: { subscribed: '认购', contracted: '签约', paid_off: '已付清', cancelled: '已退房' },
    originValue: { sale: '销售', property_import: '物业导入（老项目）' },
    confirmDelete: '删除购房记录“{{project}} {{unit}}”？可以恢复。', restore: '恢复', deleted: '已删除',
    autoApplication: '保存后客户成为购房客户，系统会自动发起入会申请。', search: '客户姓名、房号、合同号',
    fullyPaid: '全额到账', notFullyPaid: '未全额到账', priceUnknown: '未知',
  },
  payment: {
    add: '登记收款', title: '登记收款：{{project}} {{unit}}', amount: '金额（元）', paidAt: '到账时间', receiptNo: '收据号', note: '备注',
    remaining: '最多还可收 {{amount}} 元', list: '收款明细', void: '作废', voidTitle: '作废收款', reason: '作废原因', voided: '已作废',
    fullyPaidHint: '收满房款时系统自动标记“已付清”并触发购房积分。', none: '暂无收款',
    voidPaidHint: '此购房记录已全额到账：作废后不再全额到账，其购房积分将被冲回。',
  },
  refund: {
    add: '退款', title: '退款：{{project}} {{unit}}', amount: '退款金额（元）', refundedAt: '退款时间', reason: '退款原因', receiptNo: '退款单号',
    max: '最多可退 {{amount}} 元（已收金额）', paidHint: '此购房记录已全额到账：退款后不再全额到账，其购房积分将被冲回；再次收满时重新记入一次。',
    list: '退款明细', done: '已退款 {{amount}} 元',
  },
  cancel: {
    action: '退房', title: '退房：{{project}} {{unit}}', reason: '退房原因', confirm: '确认退房',
    hint: '退房后房号可再次出售；已收房款请另用“退款”退还。', paidHint: '此购房记录已全额到账：退房将冲回其购房积分。', done: '已退房',
  },
  pointsOutcome: {
    reversed: '已冲回购房积分 {{points}} 分', notReversed: '{{points}} 分已被会员使用、无法冲回，已转入积分审批队列待处理（流水 #{{ids}}）',
    withdrawn: '已撤回待审批的购房积分 {{points}} 分', dueCancelled: '客户入会后不再补记此购房积分', nothing: '没有需要冲回的购房积分',
    sentence: '{{done}}。{{outcome}}', separator: '；',
  },
  import: {
    newImport: '新导入', kind: '导入内容', kindValue: { customers: '客户', owners: '老项目业主（物业名单）' },
    introCustomers: '上传客户名单（CSV 或 Excel），第一行为列名。必需列：姓名；可选：性别、生日、证件类型、证件号码、手机、家庭电话、邮箱、地址、来源、标签（多个用、或 ; 分隔）、归属人（登录名）、部门、备注。与已有客户或文件中前面的行证件号码相同、或手机号相同（且证件号码不矛盾）的行视为重复，不导入。CSV 可为 UTF-8 或 GBK 编码，可达百万行。',
    introOwners: '上传物业提供的老项目业主名单（CSV 或 Excel），第一行为列名。必需列：姓名、证件号码、项目、房号；可选：证件类型、手机、家庭电话、地址、合同号、签约日期、房款（元）、性别、生日、邮箱、备注。已登记的客户只补充新的房号。CSV 可为 UTF-8 或 GBK 编码。',
    source: '未写来源的行记为', drop: '点击或拖拽文件到此处上传', uploading: '正在上传…', result: '导入', totalRows: '数据行', rowsDone: '已处理',
    importedRows: '已导入行', customersCreated: '新建客户', purchasesCreated: '新建购房记录', errorRows: '出错行', duplicateRows: '重复行', issues: '逐行问题',
    row: '行号', field: '字段', level: '类型', issue: '问题', levelValue: { error: '错误', duplicate: '重复' }, downloadReport: '下载问题报告（CSV）',
    history: '导入记录', file: '文件', by: '导入人', at: '时间', allGood: '全部数据行均已导入，没有问题。', show: '查看', progress: '进度',
    status: '状态', statusValue: { uploading: '上传中', queued: '排队中', running: '导入中', done: '已完成', failed: '失败', cancelled: '已取消' },
    cancel: '停止导入', cancelConfirm: '停止后不再写入后面的行；已写入的行保留。确定停止？', cancelled: '导入已停止',
    started: '文件已保存，导入 #{{id}} 开始', progressText: '{{done}} / {{total}} 行', failedBecause: '导入失败：{{reason}}',
    running: '正在后台导入，可以离开本页；进度每秒刷新。',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const en: Widen<typeof zh> = {
  menu: { group: 'Customers', list: 'Customers', purchases: 'Purchases', import: 'Import', detail: 'Customer' },
  field: {
    name: 'Name', gender: 'Gender', birthday: 'Birthday', idType: 'ID type', idNumber: 'ID number', mobile: 'Mobile', homePhone: 'Home phone',
    email: 'E-mail', address: 'Address', source: 'Source', tags: 'Tags', owner: 'Owner', department: 'Department', note: 'Note',
    isBuyer: 'Buyer', member: 'Member', createdAt: 'Registered', externalId: 'External id',
  },
  gender: { male: 'Male', female: 'Female' },
  yes: 'Yes', no: 'No',
  filters: {
    q: 'Name, pinyin, mobile (or its last digits), ID number', tag: 'Tag', owner: 'Owner', source: 'Source', department: 'Department', project: 'Project',
    isBuyer: 'Buyer', isMember: 'Member', deleted: 'Deleted', buyer: { true: 'Buyers', false: 'Non-buyers' }, memberState: { true: 'Members', false: 'Not members' },
    showDeleted: { exclude: 'Live', only: 'Deleted', include: 'All' },
  },
  create: 'Add a customer', editTitle: 'Edit customer: {{name}}', edit: 'Edit', deleted: 'Deleted', merged: 'Merged into customer #{{id}}',
  confirmDelete: 'Delete customer "{{name}}"? It can be restored from "Deleted".', restore: 'Restore', restored: 'Restored',
  idNumberHint: 'Resident ID numbers are checked (check digit, birth date); a final x becomes X',
  mobileHint: '11-digit mobile, +86 allowed', tagsHint: 'Type and press Enter; several allowed',
  reveal: 'Show the full ID number', revealConfirm: 'Seeing the full ID number is written to the audit log (who, when, which customer). Show it?', hide: 'Hide',
  revealed: 'Full number shown (audited)',
  exportFull: 'Export with full ID numbers',
  detail: {
    profile: 'Profile', purchases: 'Purchases', history: 'History', membership: 'Membership',
    notMember: 'Not a member', memberLink: 'Member #{{id}}', memberPage: 'Member {{memberNo}}',
    applicationPending: 'Membership application under review', applicationLink: 'Application {{applicationNo}}', applicationSince: 'submitted {{date}}', buyerYes: 'Buyer', buyerNo: 'Not a buyer', back: 'Back to customers',
    historyEmpty: 'Nothing recorded', by: 'By', noPurchases: 'No purchases',
    memberStatus: { active: 'active', leaving: 'leaving', archived: 'left (archived)' }, joinedAt: 'joined {{date}}',
  },
  purchase: {
    add: 'Add a purchase', editTitle: 'Edit purchase: {{project}} {{unit}}', project: 'Project', unit: 'Unit', contractNo: 'Contract no.', contractDate: 'Contract date',
    price: 'Price (yuan)', received: 'Received (yuan)', progress: 'Paid', status: 'Status', origin: 'Origin', note: 'Note', customer: 'Customer',
    fullyPaidAt: 'Fully paid at', statusValue: { subscribed: 'Subscribed', contracted: 'Contracted', paid_off: 'Paid off', cancelled: 'Cancelled' },
    originValue: { sale: 'Sale', property_import: 'Property import (old project)' },
    confirmDelete: 'Delete purchase "{{project}} {{unit}}"? It can be restored.', restore: 'Restore', deleted: 'Deleted',
    autoApplication: 'Once saved, the customer is a buyer and a membership application is raised automatically.', search: 'Customer name, unit, contract no.',
    fullyPaid: 'Fully paid', notFullyPaid: 'Not fully paid', priceUnknown: 'unknown',
  },
  payment: {
    add: 'Record a payment', title: 'Payment: {{project}} {{unit}}', amount: 'Amount (yuan)', paidAt: 'Received at', receiptNo: 'Receipt no.', note: 'Note',
    remaining: 'At most {{amount}} can still be received', list: 'Payments', void: 'Void', voidTitle: 'Void payment', reason: 'Reason', voided: 'Voided',
    fullyPaidHint: 'When the price is fully received the purchase is marked paid off and purchase points follow.', none: 'No payments',
    voidPaidHint: 'This purchase is fully paid: after the void it no longer is, and its purchase points are reversed.',
  },
  refund: {
    add: 'Refund', title: 'Refund: {{project}} {{unit}}', amount: 'Amount (yuan)', refundedAt: 'Refunded at', reason: 'Reason', receiptNo: 'Refund no.',
    max: 'At most {{amount}} (what was received)', paidHint: 'This purchase is fully paid: after the refund it no longer is, and its purchase points are reversed; paid in full again, they are booked once more.',
    list: 'Refunds', done: 'Refunded {{amount}}',
  },
  cancel: {
    action: 'Cancel purchase', title: 'Cancel purchase: {{project}} {{unit}}', reason: 'Reason', confirm: 'Cancel the purchase',
    hint: 'The unit may then be sold again; give the money back with "Refund".', paidHint: 'This purchase is fully paid: cancelling it reverses its purchase points.', done: 'Purchase cancelled',
  },
  pointsOutcome: {
    reversed: '{{points}} purchase points reversed', notReversed: '{{points}} points were already spent by the member and could not be taken back; queued in the points approvals (entry #{{ids}})',
    withdrawn: '{{points}} pending purchase points withdrawn', dueCancelled: 'the points owed until the buyer joins are owed no more', nothing: 'no purchase points to reverse',
    sentence: '{{done}}. {{outcome}}', separator: '; ',
  },
  import: {
    newImport: 'New import', kind: 'Import', kindValue: { customers: 'Customers', owners: 'Old-project owners (property list)' },
    introCustomers: 'Upload a list of customers (CSV or Excel), column names in the first row. Required: name; optional: gender, birthday, ID type, ID number, mobile, home phone, e-mail, address, source, tags (separated by 、 or ;), owner (login), department, note. A row whose ID number, or whose mobile (without a contradicting ID number), an existing customer or an earlier row already has is a duplicate and is not imported. CSV in UTF-8 or GBK, up to millions of rows.',
    introOwners: 'Upload the list of old-project owners from property management (CSV or Excel), column names in the first row. Required: name, ID number, project, unit; optional: ID type, mobile, home phone, address, contract no., contract date, price (yuan), gender, birthday, e-mail, note. A customer already on file only gets the units new to them. CSV in UTF-8 or GBK.',
    source: 'Rows naming no source count as', drop: 'Click or drop a file here', uploading: 'Uploading…', result: 'Import', totalRows: 'Data rows', rowsDone: 'Processed',
    importedRows: 'Rows imported', customersCreated: 'Customers created', purchasesCreated: 'Purchases created', errorRows: 'Rows with errors', duplicateRows: 'Duplicate rows', issues: 'Issues by row',
    row: 'Row', field: 'Field', level: 'Kind', issue: 'Issue', levelValue: { error: 'error', duplicate: 'duplicate' }, downloadReport: 'Download the report (CSV)',
    history: 'Past imports', file: 'File', by: 'By', at: 'At', allGood: 'Every data row was imported; no issues.', show: 'Show', progress: 'Progress',
    status: 'Status', statusValue: { uploading: 'uploading', queued: 'queued', running: 'running', done: 'done', failed: 'failed', cancelled: 'cancelled' },
    cancel: 'Stop the import', cancelConfirm: 'Rows after this point will not be written; rows already written stay. Stop?', cancelled: 'Import stopped',
    started: 'File saved; import #{{id}} started', progressText: '{{done}} / {{total}} rows', failedBecause: 'Import failed: {{reason}}',
    running: 'Importing in the background; you may leave this page. Progress refreshes every second.',
  },
};

/** Audit actions and entity types of the customers module, for the audit log and the customer history. */
const auditZh = {
  customer: { create: '新建客户', update: '修改客户', delete: '删除客户', restore: '恢复客户', merge: '合并客户', linkMember: '关联会员', import: '导入客户', importFile: '导入文件', importChunk: '写入一批导入行', importDone: '导入完成', importFailed: '导入失败', importCancel: '停止导入' },
  purchase: { create: '新增购房记录', update: '修改购房记录', delete: '删除购房记录', restore: '恢复购房记录', fullyPaid: '房款全额到账', import: '导入购房记录', move: '购房记录转移', refund: '退款', cancel: '退房', unpaid: '不再全额到账' },
  payment: { add: '登记收款', void: '作废收款' },
  pii: { view: '查看完整证件号码', export: '导出个人信息' },
};
const auditEn: Widen<typeof auditZh> = {
  customer: { create: 'Customer created', update: 'Customer edited', delete: 'Customer deleted', restore: 'Customer restored', merge: 'Customer merged', linkMember: 'Linked to member', import: 'Customer imported', importFile: 'File imported', importChunk: 'Import rows written', importDone: 'Import done', importFailed: 'Import failed', importCancel: 'Import stopped' },
  purchase: { create: 'Purchase added', update: 'Purchase edited', delete: 'Purchase deleted', restore: 'Purchase restored', fullyPaid: 'Fully paid', import: 'Purchase imported', move: 'Purchase moved', refund: 'Refund', cancel: 'Purchase cancelled', unpaid: 'No longer fully paid' },
  payment: { add: 'Payment recorded', void: 'Payment voided' },
  pii: { view: 'Full ID number seen', export: 'Personal data exported' },
};
const entityZh = { customer: '客户', purchase: '购房记录', customerImport: '导入' };
const entityEn: typeof entityZh = { customer: 'Customer', purchase: 'Purchase', customerImport: 'Import' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
