// Every permission of ClubCRM, with its label, and the built-in roles (SPEC §11).
// Routes name one of these; a role holds a list of them plus a data scope.
export const permissions = {
  'user.manage': { 'zh-CN': '管理用户', en: 'Manage users' },
  'role.manage': { 'zh-CN': '管理角色与权限', en: 'Manage roles and permissions' },
  'token.manage': { 'zh-CN': '管理 API 令牌', en: 'Manage API tokens' },
  'audit.read': { 'zh-CN': '查看审计日志', en: 'Read the audit log' },
  'webhook.manage': { 'zh-CN': '管理 Webhook', en: 'Manage webhooks' },
  'dictionary.manage': { 'zh-CN': '维护数据字典', en: 'Edit dictionaries' },
  'system.backup': { 'zh-CN': '备份与恢复', en: 'Backup and restore' },
  'job.run': { 'zh-CN': '查看与运行后台任务（可指定基准日期）', en: 'See and run background jobs (as of a chosen day)' },
  'customer.read': { 'zh-CN': '查看客户', en: 'Read customers' },
  'customer.write': { 'zh-CN': '录入与修改客户', en: 'Create and edit customers' },
  'customer.import': { 'zh-CN': '导入客户', en: 'Import customers' },
  'purchase.write': { 'zh-CN': '录入购房记录与收款', en: 'Record purchases and payments' },
  'pii.view': { 'zh-CN': '查看完整证件号码', en: 'See full ID numbers' },
  'pii.export': { 'zh-CN': '导出个人信息', en: 'Export personal data' },
  'member.read': { 'zh-CN': '查看会员', en: 'Read members' },
  'member.apply': { 'zh-CN': '提交入会申请', en: 'Submit membership applications' },
  'member.approve': { 'zh-CN': '审核入会申请', en: 'Review membership applications' },
  'member.edit': { 'zh-CN': '修改会员资料（客服中心）', en: 'Edit member profiles (service centre)' },
  'member.leave': { 'zh-CN': '发起退会', en: 'Raise leave requests' },
  'member.leave.approve': { 'zh-CN': '审批退会', en: 'Approve leave requests' },
  'notify.manage': { 'zh-CN': '通知与回访', en: 'Send and record notices' },
  'card.manage': { 'zh-CN': '发卡、换卡、挂失', en: 'Issue, replace and block cards' },
  'card.approve': { 'zh-CN': '审批换卡/升级', en: 'Approve card replacements and upgrades' },
  'points.read': { 'zh-CN': '查看积分', en: 'Read points' },
  'points.adjust': { 'zh-CN': '录入积分', en: 'Post points' },
  'points.approve': { 'zh-CN': '审批积分', en: 'Approve points' },
  'points.rules': { 'zh-CN': '维护积分规则', en: 'Edit points rules' },
  'redemption.manage': { 'zh-CN': '兑付计划与执行', en: 'Redemption plans and execution' },
  'activity.manage': { 'zh-CN': '活动计划与执行', en: 'Plan and run activities' },
  'activity.approve': { 'zh-CN': '审批活动', en: 'Approve activities' },
  'care.manage': { 'zh-CN': '会员关怀', en: 'Member care' },
  'complaint.manage': { 'zh-CN': '投诉受理与处理', en: 'Receive and handle complaints' },
  'merchant.manage': { 'zh-CN': '商家与服务', en: 'Merchants and services' },
  'sales.read': { 'zh-CN': '查看线索、商机与销售漏斗', en: 'Read leads, opportunities and the sales funnel' },
  'sales.write': { 'zh-CN': '录入与跟进线索、商机', en: 'Create and follow up leads and opportunities' },
  'sales.assign': { 'zh-CN': '分配线索与商机（更换归属人）', en: 'Reassign leads and opportunities' },
  'service.read': { 'zh-CN': '查看工单、知识库与服务统计', en: 'Read tickets, the knowledge base and service statistics' },
  'service.write': { 'zh-CN': '受理与处理工单、编写知识库文章', en: 'Open and handle tickets, write knowledge-base articles' },
  'service.assign': { 'zh-CN': '分派工单（更换处理人）', en: 'Reassign tickets' },
  'service.manage': { 'zh-CN': '服务时限设置与知识库发布', en: 'Service levels and knowledge-base publishing' },
  'calls.read': { 'zh-CN': '查看通话记录与来电统计', en: 'Read call records and call statistics' },
  'calls.write': { 'zh-CN': '登记与修改通话记录', en: 'Register and edit call records' },
  'report.read': { 'zh-CN': '查看统计分析', en: 'Read reports and dashboards' },
  'segment.read': { 'zh-CN': '查看客群与客户价值', en: 'Read segments and customer value' },
  'segment.manage': { 'zh-CN': '维护客群', en: 'Create and edit segments' },
  'value.settings': { 'zh-CN': '设置客户价值阈值', en: 'Set the customer-value thresholds' },
  'integration.sales': { 'zh-CN': '营销系统接口', en: 'Sales-system integration API' },
  'integration.website': { 'zh-CN': '外部网站接口', en: 'Website integration API' },
  'integration.cardReader': { 'zh-CN': '读卡器接口', en: 'Card-reader API' },
  'integration.calls': { 'zh-CN': '电话系统（CTI）接口', en: 'Phone-system (CTI) API' },
} as const;

export type Permission = keyof typeof permissions;
export const allPermissions = Object.keys(permissions) as Permission[];
/** Which customers and members a role's users see. */
export const dataScopes = ['own', 'department', 'all'] as const;
export type DataScope = (typeof dataScopes)[number];

const readAll: Permission[] = ['customer.read', 'member.read', 'points.read', 'report.read', 'segment.read'];
const serviceCentreWork: Permission[] = [
  ...readAll, 'customer.write', 'customer.import', 'purchase.write', 'member.apply', 'member.edit',
  'member.leave', 'notify.manage', 'card.manage', 'points.adjust', 'redemption.manage',
  'activity.manage', 'care.manage', 'complaint.manage', 'merchant.manage', 'segment.manage',
  'service.read', 'service.write',
  'calls.read', 'calls.write',
];

export const builtInRoles: {
  code: string; nameZh: string; nameEn: string; dataScope: DataScope; permissions: Permission[];
}[] = [
  { code: 'admin', nameZh: '系统管理员', nameEn: 'Administrator', dataScope: 'all', permissions: allPermissions },
  { code: 'service', nameZh: '客服中心专员', nameEn: 'Customer-service staff', dataScope: 'all', permissions: serviceCentreWork },
  {
    code: 'sales', nameZh: '案场销售', nameEn: 'Sales-office staff', dataScope: 'department',
    permissions: ['customer.read', 'customer.write', 'purchase.write', 'member.read', 'member.apply', 'points.read', 'card.manage', 'segment.read', 'sales.read', 'sales.write', 'calls.read'],
  },
  {
    code: 'manager', nameZh: '经理', nameEn: 'Manager', dataScope: 'all',
    permissions: [...readAll, 'audit.read', 'member.approve', 'member.leave.approve', 'card.approve', 'points.approve', 'activity.approve', 'pii.view', 'sales.read', 'sales.assign',
      'service.read', 'service.assign', 'service.manage', 'calls.read'],
  },
  {
    code: 'integration', nameZh: '系统接口', nameEn: 'Integration', dataScope: 'all',
    permissions: ['integration.sales', 'integration.website', 'integration.cardReader', 'integration.calls'],
  },
];
