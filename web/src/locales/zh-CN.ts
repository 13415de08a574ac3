// 中文（默认）. Every string the console shows; en.ts has the same keys (checked by the compiler).
// Business terms appear here once beside their English names in en.ts.
import complaints from '../pages/complaints/messages';
import merchants from '../pages/merchants/messages';
import cards from '../pages/cards/messages';
import points from '../pages/points/messages';
import customers from '../pages/customers/messages';
import membership from '../pages/membership/messages';
import activities from '../pages/activities/messages';
import care from '../pages/care/messages';
import jobs from '../pages/jobs/messages';
import segments from '../pages/segments/messages';
import webhooks from '../pages/webhooks/messages';
import sales from '../pages/sales/messages';
import service from '../pages/service/messages';
import calls from '../pages/calls/messages';
const zhCN = {
  app: { subtitle: '客户会 CRM 与会员积分管理系统' },
  common: {
    actions: '操作', active: '启用', inactive: '停用', status: '状态', backHome: '返回首页', builtIn: '内置',
    cancel: '取消', create: '创建', createdAt: '创建时间', delete: '删除', deleted: '已删除', done: '完成', edit: '编辑',
    labelZh: '中文名称', labelEn: '英文名称', reload: '重新加载', reset: '重置', save: '保存', saved: '已保存', createdNamed: '{{what}}已创建：{{name}}', savedNamed: '{{what}}已保存：{{name}}',
    search: '查询', total: '共 {{total}} 条', totalAbout: '约 {{total}} 条',
  },
  validation: { required: '必填' },
  export: {
    button: '导出', csv: 'CSV 文件', xlsx: 'Excel 文件（XLSX）', done: '已导出{{what}}（{{format}}，{{scope}}）', all: '全部记录', filtered: '当前筛选：{{count}} 项条件',
    masked: '；手机、邮箱、地址、证件号码已脱敏（没有“导出个人信息”权限）',
    list: {
      customers: '客户列表', members: '会员列表', applications: '入会申请', cards: '会员卡', pointsEntries: '积分流水', redemptions: '兑付记录',
      participants: '活动参加者', costs: '活动费用', careResults: '关怀结果', complaints: '投诉列表', merchants: '商家列表', audit: '操作日志', segmentMembers: '客群会员', ...sales.exportZh, ...service.exportZh, ...calls.exportZh,
    },
  },
  memberPicker: {
    label: '查找会员', placeholder: '姓名、拼音、手机号或尾号、会员号、卡号', none: '没有找到会员', noLevel: '无等级', mobileTail: '手机尾号 {{tail}}',
    status: { leaving: '退会中', archived: '已退会' },
  },
  error: {
    network: '无法连接服务器，请检查网络后重试',
    http: '服务器返回错误（HTTP {{status}}）',
    unexpected: '发生了意外错误，请刷新页面后重试',
  },
  result: {
    notFoundTitle: '页面不存在', notFound: '您访问的页面不存在或已被移动。',
    forbiddenTitle: '没有权限', forbidden: '您的角色没有访问此页面的权限，如需使用请联系管理员。',
    errorTitle: '出错了',
  },
  menu: {
    home: '首页', accounts: '账号与权限', users: '用户', roles: '角色', apiTokens: 'API 令牌',
    dictionaries: '数据字典', audit: '审计日志', jobs: '后台任务',
  },
  header: { language: '语言', signOut: '退出登录', skipToContent: '跳到主要内容', mainMenu: '主菜单', collapseMenu: '收起菜单', expandMenu: '展开菜单', scrollTable: '表格（可用方向键左右滚动）' },
  signIn: { login: '登录名', password: '密码', submit: '登录' },
  password: {
    change: '修改密码', current: '当前密码', new: '新密码', confirm: '确认新密码',
    mismatch: '两次输入的新密码不一致', changed: '密码已修改', rule: '至少 10 个字符，且不能是常见或容易猜到的密码（可用几个不相关的词组合）',
  },
  home: {
    welcome: '欢迎，{{name}}', login: '登录名', department: '部门', roles: '角色',
    shortcuts: '您可以使用的功能', nothingYet: '您的角色暂未分配任何功能，请联系管理员。',
    todos: {
      title: '待办', none: '暂无待办事项',
      applications: '入会申请待审核', leaveRequests: '退会申请待审批', cardRequests: '换卡/升级待审批', pointsApprovals: '积分待审批',
      followUpsDue: '线索/商机待跟进', ticketsOverdue: '我的工单已超时', overdueSteps: '投诉步骤已超期', careToDos: '关怀待登记结果', unreachedMembers: '会员未通知到', failedNotices: '通知发送失败',
      importsRunning: '导入进行中', importsFailed: '导入失败',
    },
    figures: {
      title: '本月概况（{{month}}）', members: '会员（持有效主卡）', joined: '本月入会', left: '本月退会', liability: '积分负债（会员持有积分）',
      redemptionRate: '兑付率（{{from}} 至 {{to}}）', activities: '本月活动', openComplaints: '未结投诉', byLevel: '会员等级分布',
      pointsFlows: '每月发放与兑付积分', issued: '发放', redeemed: '兑付', asOf: '统计于 {{at}}',
    },
    delivery: {
      title: '尚未接入真实的短信/邮件服务', and: '和',
      text: '{{channels}}目前使用 log 通道：通知只记录在服务器日志中，不会真正发给会员。请设置 CLUBCRM_SMS_PROVIDER=http（及 CLUBCRM_SMS_URL）或 CLUBCRM_EMAIL_PROVIDER=smtp（及 CLUBCRM_SMTP_URL）后重启。',
      sms: '短信', email: '电子邮件',
    },
  },
  notices: {
    menu: '通知记录', at: '时间', channel: '渠道', purpose: '用途', recipient: '收件人', member: '会员', content: '内容', status: '状态',
    attempts: '尝试次数', sentAt: '发出时间',
    purposeValue: { welcome: '入会通知', leave: '退会通知', care: '会员关怀', activity: '活动通知', complaint_overdue: '投诉超期提醒', points_expiry: '积分到期提醒', points_balance: '积分余额通知' },
    recordedNotSent: '（注意：{{channels}}未接入真实服务，消息只记录在日志中，并未真正发出）',
  },
  users: {
    create: '新建用户', editTitle: '编辑用户：{{name}}', login: '登录名', name: '姓名', department: '部门',
    email: '电子邮件', mobile: '手机', roles: '角色', password: '初始密码', locked: '已锁定',
    loginRule: '2–64 位字母、数字或 . _ @ -，创建后不能修改',
    searchPlaceholder: '搜索登录名或姓名', resetPassword: '重置密码', resetPasswordTitle: '重置密码：{{name}}',
    resetPasswordHint: '设置新密码后账号将解锁，该用户已登录的会话会被结束。', passwordReset: '密码已重置',
    unlock: '解锁', unlocked: '已解锁 {{name}} 的账号',
  },
  roles: {
    create: '新建角色', editTitle: '编辑角色', name: '角色名称', code: '角色代码',
    codeRule: '小写字母开头，2–32 位小写字母、数字或下划线，创建后不能修改',
    dataScope: '数据范围', dataScopeHint: '持有该角色的用户可以看到哪些客户和会员的数据',
    permissions: '权限', permissionCount: '权限数', userCount: '用户数', confirmDelete: '确定删除角色“{{name}}”？',
  },
  dataScope: { own: '仅本人负责的', department: '本部门的', all: '全部' },
  permissionGroup: {
    user: '用户', role: '角色', token: 'API 令牌', audit: '审计', dictionary: '数据字典', system: '系统',
    customer: '客户', purchase: '购房记录', pii: '个人信息', member: '会员', notify: '通知', card: '会员卡',
    points: '积分', redemption: '积分兑付', activity: '活动', care: '关怀', complaint: '投诉', merchant: '商家',
    report: '统计分析', integration: '系统接口', job: '后台任务', segment: '客群', value: '客户价值', webhook: 'Webhook', sales: '销售', service: '服务台', calls: '通话',
  },
  tokens: {
    intro: '供营销系统、外部网站、读卡器等其他系统调用 API，请求头为 Authorization: Bearer <令牌>。',
    create: '新建令牌', name: '名称', nameHint: '写明使用它的系统，例如“营销系统”', prefix: '令牌前缀',
    role: '角色', roleHint: '令牌拥有该角色的全部权限', lastUsedAt: '最近使用', valid: '有效',
    revokedAt: '已于 {{at}} 吊销', revoke: '吊销', revoked: '令牌“{{name}}”已吊销',
    confirmRevoke: '吊销令牌“{{name}}”？使用它的系统将立即无法访问。',
    createdTitle: '令牌已创建', showOnce: '请立即复制并妥善保存：令牌只显示这一次，关闭后无法再次查看。',
  },
  dictionaries: {
    hint: '已被使用的值不能删除，只能停用；停用后不再出现在新录入的选项中。',
    add: '新增字典值', editTitle: '编辑字典值', code: '代码', codeRule: '1–32 位小写字母、数字或下划线，创建后不能修改',
    parent: '上级', sort: '排序', sortHint: '数字小的排在前面；留空则排在最后',
    activated: '已启用', deactivated: '已停用', confirmDelete: '确定删除“{{label}}”？',
  },
  audit: {
    at: '时间', actor: '操作人', action: '动作', entity: '对象', entityType: '对象类型', ip: 'IP 地址',
    dateRange: '日期', actionPlaceholder: '例如 dictionary.create', actorPlaceholder: '完整姓名',
    field: '字段', before: '修改前', after: '修改后', noDetails: '无更多内容', requestId: '请求编号',
    actorKind: { token: 'API 令牌', system: '系统', member: '会员（会员自助）' },
    // who acted when no person did (src/…: systemActor('…')); the server records these names in English
    systemActor: {
      system: '系统', 'first start': '首次启动', cli: '命令行', 'demo-data': '演示数据', care: '自动关怀', 'leave rules': '退会规则',
      'card lapse job': '副卡失效任务', 'card upgrade rule': '升级规则', 'complaint reminders': '投诉超期提醒', 'points expiry job': '积分过期任务',
      'points reminder job': '积分到期提醒任务', 'purchase points job': '购房积分任务', 'customer import job': '客户导入任务', 'points batch job': '批量积分任务',
    },
    actionSearch: '输入动作名称或代码查找',
  },
  entityType: {
    'members': '会员列表', 'applications': '入会申请列表', 'cards': '会员卡列表', 'points-entries': '积分流水', 'redemptions': '兑付记录', 'activity-participants': '活动参加者',
    'activity-costs': '活动费用', 'care-results': '关怀结果', 'complaints': '投诉列表', 'merchants': '商家列表', 'audit-log': '操作日志', 'customers': '客户列表',
    user: '用户', role: '角色', apiToken: 'API 令牌', dictionary: '字典值', ...customers.entityZh, ...membership.entityZh, ...cards.entityZh, ...points.entityZh, ...activities.entityZh, ...care.entityZh, ...jobs.entityZh, ...complaints.entityZh, ...merchants.entityZh, ...segments.entityZh, ...webhooks.entityZh, ...sales.entityZh, ...service.entityZh, ...calls.entityZh },
  auditAction: {
    export: '导出列表',
    portal: { requestCode: '会员获取登录验证码', signIn: '会员登录会员自助', signOut: '会员退出会员自助', exportData: '会员下载本人数据' },
    auth: { signIn: '登录', signOut: '退出登录', signInFailed: '登录失败', signInRefusedLocked: '锁定期间尝试登录', signInRefusedInactive: '停用账号尝试登录', wrongCurrentPassword: '当前密码输错', locked: '账号被锁定' },
    user: { create: '新建用户', update: '修改用户', resetPassword: '重置密码', unlock: '解锁账号', changePassword: '修改本人密码' },
    role: { create: '新建角色', update: '修改角色', delete: '删除角色' },
    token: { create: '新建 API 令牌', revoke: '吊销 API 令牌' },
    dictionary: { create: '新增字典值', update: '修改字典值', delete: '删除字典值' },
    ...customers.auditZh,
    ...cards.auditZh,
    ...points.auditZh,
    ...membership.auditZh,
    ...activities.auditZh,
    ...care.auditZh,
    ...jobs.auditZh,
    ...complaints.auditZh,
    ...merchants.auditZh,
    ...segments.auditZh,
    ...webhooks.auditZh,
    ...sales.auditZh,
    ...service.auditZh,
    ...calls.auditZh,
  },
  customers: customers.zh,
  membership: membership.zh,
  complaints: complaints.zh,
  merchants: merchants.zh,
  cards: cards.zh,
  points: points.zh,
  activities: activities.zh,
  care: care.zh,
  jobs: jobs.zh,
  segments: segments.zh,
  webhooks: webhooks.zh,
  sales: sales.zh,
  service: service.zh,
  calls: calls.zh,
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zhCN>;
export default zhCN as Messages;
