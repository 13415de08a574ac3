// Console texts of the membership pages (入会申请 / 审核 / 会员 / 通知 / 退会), zh-CN and en; merged
// into the locales under `membership`, plus their audit actions and entity types.
const zh = {
  menu: { group: '会员', applications: '入会申请', review: '入会审核', members: '会员列表', member: '会员详情', unreached: '待通知会员', leave: '退会申请' },
  field: {
    applicationNo: '申请编号', memberNo: '会员号', name: '姓名', gender: '性别', birthday: '生日', idType: '证件类型', idNumber: '证件号码',
    mobile: '手机', homePhone: '家庭电话', email: '电子邮箱', address: '地址', channel: '申请途径', subChannel: '细分途径', method: '申请方式',
    project: '老项目（物业登记）', cardNo: '卡号', note: '备注', status: '状态', createdAt: '申请时间', submittedBy: '提交人', joinedAt: '入会时间',
    noticeStatus: '通知情况', reviewedAt: '审核时间', rejectReason: '驳回原因', outcome: '审核结果', level: '等级', customer: '客户档案',
  },
  gender: { male: '男', female: '女' },
  method: { manual: '手工申请', automatic: '自动申请（购房）' },
  automaticChannel: '自动（购房）',
  applicationStatus: { pending: '待审核', approved: '已通过', merged: '已归并', linked: '已关联会员', rejected: '已驳回' },
  outcome: { new_member: '新会员', joined_member: '并入已有会员', merged_new_member: '归并为新会员', linked_existing: '关联已有会员' },
  memberStatus: { active: '正常', leaving: '退会中', archived: '已退会（归档）' },
  noticeStatus: { pending: '通知中', reached: '已通知', unreached: '未通知到' },
  applications: {
    create: '录入入会申请', createTitle: '录入入会申请', filtersQ: '申请编号、姓名、手机、证件号码', review: '审核', view: '查看',
    submittedPending: '申请 {{no}} 已提交，等待审核', submittedLinked: '此人已是会员 {{memberNo}}：申请已直接关联该会员（数据关联），不新建会员',
    projectHint: '物业导入的老项目业主：选择其购房的项目，审核通过后关联该项目的购房记录', cardHint: '可选：审核通过时发卡', idHint: '居民身份证会校验校验位和出生日期',
    mergedInto: '并入 {{no}}', applyFor: '申请入会',
  },
  review: {
    title: '审核入会申请 {{no}}', application: '申请资料', members: '相似会员', pending: '相似待审申请', none: '没有找到相似记录',
    score: '相似度', reasons: '匹配依据', pickOneMember: '相似会员最多只能勾选一位',
    outcome1: '结果：申请并入会员 {{memberNo}}，勾选的 {{count}} 条待审申请一并归并，全部移出待审队列，随后数据关联。',
    outcome2: '结果：申请并入会员 {{memberNo}}，移出待审队列，随后数据关联。',
    outcome3: '结果：本申请与勾选的 {{count}} 条待审申请归并为一位新会员；请填写最终的手机、家庭电话和地址。',
    outcome4: '结果：本申请成为新会员，随后数据关联。',
    final: '最终联系方式', approve: '审核通过', reject: '驳回', rejectTitle: '驳回申请', reason: '驳回原因', approved: '已审核：会员 {{memberNo}}',
    rejected: '已驳回', decided: '此申请已处理：{{status}}', back: '返回申请列表', merged: '归并到本申请的申请', linkedPurchase: '关联购房记录',
    purchases: '购房记录', noCustomer: '尚未建立客户档案（通过后自动建立）', openMember: '查看会员',
    reasonTag: {
      idNumber: '证件号码相同', mobile: '手机相同', homePhone: '家庭电话相同', name: '姓名相同', pinyin: '拼音相同',
      sound: '读音相同', birthday: '生日相同', nameLike: '姓名相似 {{score}}', pinyinLike: '拼音相近 {{score}}',
    },
    evidence: '比对资料', same: '与申请相同', at: { member: '入会', application: '申请' },
    differentIdTitle: '证件号码不同', differentIdOk: '确认是同一人，并入',
  },
  members: {
    filtersQ: '会员号、姓名、拼音、手机、电话、证件号码', joinedRange: '入会日期', open: '查看',
  },
  member: {
    back: '返回会员列表', profile: '基本资料', edit: '修改资料', editTitle: '修改会员资料：{{name}}', applications: '入会申请（含归并）',
    history: '会员履历', notices: '通知记录', leave: '退会申请', purchases: '购房记录', requestLeave: '申请退会', leaveTitle: '退会申请：{{name}}',
    reason: '退会原因', readOnly: '已退会归档：资料只读，履历保留', flagDataError: '标记数据错误', clearDataError: '清除数据错误标记',
    dataErrorTitle: '标记数据错误', dataError: '数据错误：{{flag}}', flag: '错误说明', sendSms: '重发欢迎短信', sendEmail: '重发欢迎邮件',
    record: '登记联系结果', recordTitle: '登记联系结果：{{name}}', result: '结果', resultValue: { reached: '已通知到', unreached: '未通知到' },
    queued: '已加入发送队列', recorded: '已登记', noHistory: '暂无记录', noChange: '没有修改', saved: '已保存：{{fields}}',
    card: '待发卡', cards: '会员卡', customerLink: '客户档案', points: '积分账户',
    department: '所属部门：{{department}}', issueCard: '发卡', postPoints: '记积分', postPointsTitle: '记积分：{{memberNo}} {{name}}',
    auditTrail: '操作日志（会员及其卡、申请、投诉、商家服务等）',
    tab: { cards: '会员卡', points: '积分批次', activities: '参加活动', care: '关怀', complaints: '投诉', services: '商家服务', history: '变更记录', applications: '入会申请' },
    event: {
      joined: '入会', application_merged: '申请归并', application_linked: '申请关联', customer_merged: '客户档案合并', linked: '数据关联',
      profile_changed: '资料修改', card_requested: '登记卡号', card_issued: '发卡', notice: '通知', data_error_flagged: '标记数据错误',
      data_error_cleared: '清除数据错误', leave_requested: '申请退会', leave_rejected: '退会驳回', archived: '退会归档',
    },
    linkCase: { buyer: '购房客户：保留全部购房记录', old_owner: '老项目业主：关联所选项目的购房记录', non_buyer: '未购房客户：标记为会员' },
    col: { at: '时间', actor: '操作人', kind: '事项', field: '字段', change: '修改前 → 修改后', note: '说明' },
  },
  notice: {
    channel: '方式', purpose: '用途', recipient: '收件人', status: '状态', attempts: '次数', error: '失败原因', at: '时间', content: '内容',
    purposeValue: { welcome: '入会欢迎', leave: '退会通知', other: '其他' },
    statusValue: { queued: '排队中', sending: '发送中', sent: '已发送', failed: '发送失败', reached: '已通知到', unreached: '未通知到' },
    last: '最近一次联系', never: '尚无联系', hint: '没有手机和邮箱、或短信邮件发送失败的会员在此列出；电话、信函联系后登记结果。',
  },
  leave: {
    filtersStatus: '状态', approve: '批准', reject: '驳回', approveTitle: '批准退会：{{name}}', rejectTitle: '驳回退会：{{name}}', decisionNote: '审批意见',
    runRules: '按规则生成退会申请', rulesDone: '已生成：联系无效 {{invalidContact}}，时间到期 {{termExpired}}，数据错误 {{dataError}}',
    approved: '已批准：会员已归档并通知', rejectedDone: '已驳回：会员保持正常', rule: '规则',
    ruleValue: { invalid_contact: '联系无效', term_expired: '时间到期', data_error: '数据错误' },
    status: { pending: '待审批', approved: '已批准', rejected: '已驳回' }, requestedBy: '申请人', decidedBy: '审批人',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const en: Widen<typeof zh> = {
  menu: { group: 'Members', applications: 'Applications', review: 'Review', members: 'Members', member: 'Member', unreached: 'Not yet notified', leave: 'Leave requests' },
  field: {
    applicationNo: 'Application no.', memberNo: 'Member no.', name: 'Name', gender: 'Gender', birthday: 'Birthday', idType: 'ID type', idNumber: 'ID number',
    mobile: 'Mobile', homePhone: 'Home phone', email: 'E-mail', address: 'Address', channel: 'Channel', subChannel: 'Sub-channel', method: 'Method',
    project: 'Old project (property records)', cardNo: 'Card no.', note: 'Note', status: 'Status', createdAt: 'Applied', submittedBy: 'Submitted by', joinedAt: 'Joined',
    noticeStatus: 'Notified', reviewedAt: 'Reviewed', rejectReason: 'Reason for rejection', outcome: 'Outcome', level: 'Level', customer: 'Customer record',
  },
  gender: { male: 'Male', female: 'Female' },
  method: { manual: 'Manual', automatic: 'Automatic (purchase)' },
  automaticChannel: 'Automatic (purchase)',
  applicationStatus: { pending: 'Pending review', approved: 'Approved', merged: 'Merged', linked: 'Linked to member', rejected: 'Rejected' },
  outcome: { new_member: 'New member', joined_member: 'Joined a member', merged_new_member: 'Merged into a new member', linked_existing: 'Linked to a member' },
  memberStatus: { active: 'Active', leaving: 'Leaving', archived: 'Left (archived)' },
  noticeStatus: { pending: 'Being notified', reached: 'Notified', unreached: 'Not reached' },
  applications: {
    create: 'New application', createTitle: 'Enter an application', filtersQ: 'Application no., name, mobile, ID number', review: 'Review', view: 'View',
    submittedPending: 'Application {{no}} submitted; it waits for review', submittedLinked: 'This person is already member {{memberNo}}: the application was linked to that member (data linking); no new member',
    projectHint: 'Old-project owners from the property import: choose the project they bought in; its purchase is linked on approval', cardHint: 'Optional: issue a card on approval', idHint: 'Resident ID numbers are checked (check digit, birth date)',
    mergedInto: 'merged into {{no}}', applyFor: 'Apply for membership',
  },
  review: {
    title: 'Review application {{no}}', application: 'Application', members: 'Similar members', pending: 'Similar pending applications', none: 'Nothing similar found',
    score: 'Similarity', reasons: 'Matched on', pickOneMember: 'Pick at most one similar member',
    outcome1: 'Outcome: the application joins member {{memberNo}}; the {{count}} pending applications picked are merged into it; all leave the queue; then data linking.',
    outcome2: 'Outcome: the application joins member {{memberNo}} and leaves the queue; then data linking.',
    outcome3: 'Outcome: this application and the {{count}} pending applications picked become one new member; give the final mobile, home phone and address.',
    outcome4: 'Outcome: this application becomes a new member; then data linking.',
    final: 'Final contact details', approve: 'Approve', reject: 'Reject', rejectTitle: 'Reject the application', reason: 'Reason', approved: 'Approved: member {{memberNo}}',
    rejected: 'Rejected', decided: 'This application was already decided: {{status}}', back: 'Back to applications', merged: 'Applications merged into this one', linkedPurchase: 'Linked purchase',
    purchases: 'Purchases', noCustomer: 'No customer record yet (created on approval)', openMember: 'Open member',
    reasonTag: {
      idNumber: 'Same ID number', mobile: 'Same mobile', homePhone: 'Same home phone', name: 'Same name', pinyin: 'Same pinyin',
      sound: 'Sounds the same', birthday: 'Same birthday', nameLike: 'Similar name {{score}}', pinyinLike: 'Similar pinyin {{score}}',
    },
    evidence: 'Evidence', same: 'Same as the application', at: { member: 'Joined', application: 'Applied' },
    differentIdTitle: 'The ID numbers differ', differentIdOk: 'Same person: merge',
  },
  members: {
    filtersQ: 'Member no., name, pinyin, mobile, phone, ID number', joinedRange: 'Joined', open: 'Open',
  },
  member: {
    back: 'Back to members', profile: 'Profile', edit: 'Edit profile', editTitle: 'Edit member profile: {{name}}', applications: 'Applications (incl. merged)',
    history: 'History', notices: 'Notices', leave: 'Leave requests', purchases: 'Purchases', requestLeave: 'Request leave', leaveTitle: 'Leave request: {{name}}',
    reason: 'Reason', readOnly: 'Left and archived: read-only, history kept', flagDataError: 'Flag data error', clearDataError: 'Clear data-error flag',
    dataErrorTitle: 'Flag data error', dataError: 'Data error: {{flag}}', flag: 'What is wrong', sendSms: 'Resend welcome SMS', sendEmail: 'Resend welcome e-mail',
    record: 'Record contact', recordTitle: 'Record contact: {{name}}', result: 'Result', resultValue: { reached: 'Reached', unreached: 'Not reached' },
    queued: 'Queued for sending', recorded: 'Recorded', noHistory: 'Nothing yet', noChange: 'Nothing changed', saved: 'Saved: {{fields}}',
    card: 'to be issued', cards: 'Cards', customerLink: 'Customer record', points: 'Points account',
    department: 'Department: {{department}}', issueCard: 'Issue a card', postPoints: 'Book points', postPointsTitle: 'Book points: {{memberNo}} {{name}}',
    auditTrail: 'Audit log (the member and its cards, applications, complaints, merchant services…)',
    tab: { cards: 'Cards', points: 'Points lots', activities: 'Activities', care: 'Care', complaints: 'Complaints', services: 'Merchant services', history: 'Change history', applications: 'Applications' },
    event: {
      joined: 'Joined', application_merged: 'Application merged', application_linked: 'Application linked', customer_merged: 'Customer records merged', linked: 'Data linking',
      profile_changed: 'Profile edited', card_requested: 'Card number given', card_issued: 'Card issued', notice: 'Notice', data_error_flagged: 'Data error flagged',
      data_error_cleared: 'Data error cleared', leave_requested: 'Leave requested', leave_rejected: 'Leave rejected', archived: 'Left, archived',
    },
    linkCase: { buyer: 'Buyer: keeps every purchase', old_owner: "Old-project owner: the chosen project's purchase linked", non_buyer: 'Non-buyer: marked as member' },
    col: { at: 'When', actor: 'By', kind: 'What', field: 'Field', change: 'Before → after', note: 'Note' },
  },
  notice: {
    channel: 'Channel', purpose: 'Purpose', recipient: 'Recipient', status: 'Status', attempts: 'Attempts', error: 'Failure', at: 'When', content: 'Content',
    purposeValue: { welcome: 'Welcome', leave: 'Leave notice', other: 'Other' },
    statusValue: { queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Failed', reached: 'Reached', unreached: 'Not reached' },
    last: 'Last contact', never: 'No contact yet', hint: 'Members without mobile or e-mail, or whose SMS / e-mail failed, are listed here; record the result of calls and letters.',
  },
  leave: {
    filtersStatus: 'Status', approve: 'Approve', reject: 'Reject', approveTitle: 'Approve leave: {{name}}', rejectTitle: 'Reject leave: {{name}}', decisionNote: 'Decision note',
    runRules: 'Raise requests by rule', rulesDone: 'Raised: invalid contact {{invalidContact}}, term expired {{termExpired}}, data error {{dataError}}',
    approved: 'Approved: the member is archived and notified', rejectedDone: 'Rejected: the member stays active', rule: 'Rule',
    ruleValue: { invalid_contact: 'Contact invalid', term_expired: 'Term expired', data_error: 'Data error' },
    status: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' }, requestedBy: 'Requested by', decidedBy: 'Decided by',
  },
};

const auditZh = {
  application: { submit: '提交入会申请', automatic: '自动入会申请', approve: '审核通过', reject: '驳回申请' },
  member: { create: '新建会员', profile: '修改会员资料', dataErrorFlag: '数据错误标记', resendWelcome: '重发欢迎通知' },
  leave: { request: '申请退会', approve: '批准退会', reject: '驳回退会', automatic: '按规则申请退会' },
  notice: { record: '登记联系结果' },
};
const auditEn: Widen<typeof auditZh> = {
  application: { submit: 'Application submitted', automatic: 'Automatic application', approve: 'Application approved', reject: 'Application rejected' },
  member: { create: 'Member created', profile: 'Member profile edited', dataErrorFlag: 'Data-error flag', resendWelcome: 'Welcome notice resent' },
  leave: { request: 'Leave requested', approve: 'Leave approved', reject: 'Leave rejected', automatic: 'Leave requested by rule' },
  notice: { record: 'Contact recorded' },
};
const entityZh = { application: '入会申请', member: '会员', leave_request: '退会申请', notice: '通知' };
const entityEn: typeof entityZh = { application: 'Application', member: 'Member', leave_request: 'Leave request', notice: 'Notice' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
