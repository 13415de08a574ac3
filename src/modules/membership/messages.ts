// Texts of the membership module (入会申请 / 审核 / 数据关联 / 会员 / 退会) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  // screening and applications
  'member.alreadyExists': {
    'zh-CN': '此证件号码已是会员（会员号 {memberNo}），不能重复入会',
    en: 'This ID number already belongs to a member (member no. {memberNo}); a person joins only once',
  },
  'member.alreadyExistsAtReview': {
    'zh-CN': '证件号码与会员 {memberNo} 相同：请在相似会员中勾选该会员，而不是新建会员',
    en: 'The ID number is the same as member {memberNo}: pick that member among the similar members instead of creating a new one',
  },
  'application.channelNotTopLevel': { 'zh-CN': '应为一级申请途径（案场、客服中心），细分途径请填在 subChannel', en: 'must be a top-level channel (sales office, service centre); sub-channels go in subChannel' },
  'application.websiteViaApi': { 'zh-CN': '外部网站的申请由网站接口提交', en: 'website applications arrive through the website API' },
  'application.subChannelRequired': { 'zh-CN': '客服中心的申请须选择细分途径（会刊、活动、展会等）', en: 'a service-centre application needs its sub-channel (magazine, event, exhibition…)' },
  'application.subChannelNotAllowed': { 'zh-CN': '只有客服中心的申请有细分途径', en: 'only service-centre applications have a sub-channel' },
  'application.alreadyPending': {
    'zh-CN': '{name} 已有待审核的入会申请 {applicationNo}，请勿重复申请：请等待审核结果，或在该申请上补充信息',
    en: '{name} already has a membership application waiting for review ({applicationNo}); do not apply again: wait for the review, or add to that application',
  },
  'application.idNumberDiffers': { 'zh-CN': '与所选客户登记的证件号码不一致', en: "differs from the chosen customer's ID number" },
  'application.notPending': { 'zh-CN': '申请 {applicationNo} 已处理（{status}），不能再审核', en: 'Application {applicationNo} was already decided ({status}) and cannot be reviewed again' },
  'application.projectNeedsCustomer': {
    'zh-CN': '老项目业主须是已登记的客户（物业导入）：请选择客户，或填写与导入数据一致的证件号码',
    en: 'An old-project owner must be a registered customer (from the property import): choose the customer or give the ID number on file',
  },
  'linking.noPurchaseForProject': {
    'zh-CN': '客户在项目“{project}”下没有购房记录；请先导入该项目的物业数据，或核对所选项目',
    en: 'The customer has no purchase in project "{project}"; import that project\'s property data first, or check the project chosen',
  },
  // review
  'review.oneMember': { 'zh-CN': '相似会员最多只能勾选一位', en: 'pick at most one similar member' },
  'review.pickedSelf': { 'zh-CN': '不能勾选正在审核的申请本身', en: 'cannot include the application under review' },
  'review.pendingGone': { 'zh-CN': '申请 {applicationNo} 已不在待审核队列中（{status}）', en: 'application {applicationNo} is no longer pending ({status})' },
  'review.memberNotFound': { 'zh-CN': '没有这位会员：#{id}', en: 'no such member: #{id}' },
  'review.finalRequired': {
    'zh-CN': '只勾选相似待审申请时，须填写最终的手机号、家庭电话和地址（至少一个联系电话）',
    en: 'when only similar pending applications are picked, give the final mobile, home phone and address (at least one phone)',
  },
  'review.finalNotAllowed': { 'zh-CN': '只在仅勾选相似待审申请时填写', en: 'is only given when only similar pending applications are picked' },
  'review.idNumberDiffers': {
    'zh-CN': '申请的证件号码（{applicationIdNumber}）与会员 {memberNo} 的证件号码（{memberIdNumber}）不同：确认是同一人后再并入',
    en: 'The application\'s ID number ({applicationIdNumber}) differs from that of member {memberNo} ({memberIdNumber}): confirm they are the same person to merge',
  },
  'review.confirmDifferentId': { 'zh-CN': '证件号码不同，须确认是同一人', en: 'the ID numbers differ: confirm they are the same person' },
  'member.archived': { 'zh-CN': '会员 {memberNo} 已退会归档，资料只读', en: 'Member {memberNo} has left and is archived; the record is read-only' },
  'member.customerIsMember': { 'zh-CN': '客户 #{customerId} 已是会员 {memberNo}', en: 'Customer #{customerId} is already member {memberNo}' },
  // cards given at approval
  'card.numberFormat': { 'zh-CN': '卡号应为 6–20 位数字或大写字母', en: 'a card number has 6 to 20 digits or capital letters' },
  // leaving
  'leave.openRequestExists': { 'zh-CN': '会员 {memberNo} 已有待审批的退会申请', en: 'Member {memberNo} already has a pending leave request' },
  'leave.notPending': { 'zh-CN': '退会申请 #{id} 已处理（{status}）', en: 'Leave request #{id} was already decided ({status})' },
  'leave.memberNotActive': { 'zh-CN': '会员 {memberNo} 当前状态为“{status}”，不能发起退会', en: 'Member {memberNo} is "{status}" and cannot be asked to leave' },
  // notices
  'notice.recordChannel': { 'zh-CN': '短信和电子邮件由系统发送；这里登记信函、电话等方式的结果', en: 'SMS and e-mail are sent by the system; record letters, calls and other channels here' },
  'notice.noRecipient': { 'zh-CN': '会员没有可用的{channel}', en: 'the member has no {channel} on file' },
  'notice.welcome.subject': { 'zh-CN': '欢迎加入客户会', en: 'Welcome to the club' },
  'notice.welcome.body': {
    'zh-CN': '{name}您好：欢迎加入客户会！您的会员号为 {memberNo}，会员权益与活动请留意后续通知。',
    en: 'Dear {name}, welcome to the club! Your member number is {memberNo}; news of benefits and events will follow.',
  },
  'notice.leave.subject': { 'zh-CN': '退会通知', en: 'Your club membership has ended' },
  'notice.leave.body': {
    'zh-CN': '{name}您好：您的会员资格（会员号 {memberNo}）已于 {date} 终止。感谢您对客户会的支持。',
    en: 'Dear {name}, your club membership (member no. {memberNo}) ended on {date}. Thank you for being with us.',
  },
  // entities and fields
  'entity.application': { 'zh-CN': '入会申请', en: 'application' },
  'entity.noticeChannel.sms': { 'zh-CN': '手机号', en: 'mobile' },
  'entity.noticeChannel.email': { 'zh-CN': '电子邮箱', en: 'e-mail address' },
  'entity.membership.memberStatus.active': { 'zh-CN': '正常', en: 'active' },
  'entity.membership.memberStatus.leaving': { 'zh-CN': '退会中', en: 'leaving' },
  'entity.membership.memberStatus.archived': { 'zh-CN': '已退会', en: 'left (archived)' },
  'entity.applicationStatus.pending': { 'zh-CN': '待审核', en: 'pending' },
  'entity.applicationStatus.approved': { 'zh-CN': '已通过', en: 'approved' },
  'entity.applicationStatus.merged': { 'zh-CN': '已归并', en: 'merged' },
  'entity.applicationStatus.linked': { 'zh-CN': '已关联会员', en: 'linked to a member' },
  'entity.applicationStatus.rejected': { 'zh-CN': '已驳回', en: 'rejected' },
  'entity.leaveStatus.approved': { 'zh-CN': '已批准', en: 'approved' },
  'entity.leaveStatus.rejected': { 'zh-CN': '已驳回', en: 'rejected' },
  'entity.member': { 'zh-CN': '会员', en: 'member' },
  'entity.leaveRequest': { 'zh-CN': '退会申请', en: 'leave request' },
  'entity.purchase': { 'zh-CN': '购房记录', en: 'purchase' },
  'field.subChannel': { 'zh-CN': '细分途径', en: 'sub-channel' },
  'field.customerId': { 'zh-CN': '客户', en: 'customer' },
  'field.project': { 'zh-CN': '项目', en: 'project' },
  'field.memberIds': { 'zh-CN': '相似会员', en: 'similar members' },
  'field.pendingIds': { 'zh-CN': '相似待审申请', en: 'similar pending applications' },
  'field.final': { 'zh-CN': '最终联系方式', en: 'final contact details' },
  'field.cardNo': { 'zh-CN': '卡号', en: 'card number' },
  'field.reason': { 'zh-CN': '原因', en: 'reason' },
  'field.externalId': { 'zh-CN': '外部编号', en: 'external id' },
  'field.homePhone': { 'zh-CN': '家庭电话', en: 'home phone' },
  'field.address': { 'zh-CN': '地址', en: 'address' },
  'field.idType': { 'zh-CN': '证件类型', en: 'ID type' },
  'field.birthday': { 'zh-CN': '生日', en: 'birthday' },
  'field.gender': { 'zh-CN': '性别', en: 'gender' },
  'field.result': { 'zh-CN': '结果', en: 'result' },
  'field.flag': { 'zh-CN': '数据错误说明', en: 'data error note' },
});
