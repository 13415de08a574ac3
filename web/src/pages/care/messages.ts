// Console texts of the care pages (关怀), zh-CN and en; merged into the locales under `care`.
const zh = {
  menu: { group: '会员关怀', actions: '关怀记录', new: '发起关怀', tasks: '关怀待办', triggers: '自动关怀设置', history: '会员关怀历史', statistics: '关怀分析', detail: '关怀详情' },
  title: '标题', channel: '关怀渠道', subject: '邮件主题', body: '关怀内容', points: '赠送积分', kind: '方式', trigger: '触发条件', createdAt: '时间', createdBy: '发起人',
  progress: '进度', members: '会员数', sentBySystem: '系统发送', recordedByStaff: '人工登记结果',
  kindValue: { manual: '手动关怀', automatic: '自动关怀' },
  triggerValue: { birthday: '生日', purchase: '购房', activity: '参加活动', manual: '手动' },
  status: {
    queued: '待发送', sent: '已发送', failed: '发送失败', no_recipient: '无联系方式', pending: '待登记', reached: '已送达', unreached: '未送达',
  },
  filters: {
    title: '选择会员', segment: '客群', segmentHint: '选择已保存的客群；可再叠加下面的条件', levels: '会员等级', projects: '购房项目', tags: '客户标签', birthdayMonth: '生日月份', month: '{{month}} 月',
    lastActivityBefore: '最近参加活动早于', lastActivityHint: '此日期起未参加过活动的会员（含从未参加者）', joined: '入会日期', memberIds: '指定会员',
    preview: '预览人数', count: '符合条件的会员：{{count}} 位（有手机 {{withMobile}}，有邮箱 {{withEmail}}）', sample: '前 {{n}} 位',
    none: '请先预览人数', all: '全部会员', changed: '条件已修改，请重新预览',
  },
  send: {
    title: '关怀内容', channelHint: '短信和电子邮件由系统发送并自动记录结果；信函、会刊、网站等渠道由工作人员登记结果',
    bodyHint: '可用 {name} 姓名、{memberNo} 会员号、{points} 积分、{date} 日期', pointsHint: '每位会员获得的积分，记入积分账户（业务事件：本次关怀）',
    submit: '发送关怀', confirm: '向 {{count}} 位会员发送关怀？', done: '已向 {{count}} 位会员发起关怀',
  },
  detail: {
    filters: '筛选条件', results: '逐人结果', record: '登记结果', reached: '标记为已送达', unreached: '标记为未送达', allPending: '全部待登记的',
    note: '说明', recorded: '已登记 {{count}} 位会员的结果', selectFirst: '请先勾选会员', recipient: '收件人', resultNote: '结果说明', resultAt: '结果时间',
    progressText: '已完成 {{done}} / {{total}}',
  },
  tasks: { hint: '自动关怀和手动关怀中待工作人员处理（信函、会刊、网站等）的会员。', care: '所属关怀' },
  triggers: {
    hint: '启用后，系统在会员生日当天（公司时区）、购房全额到账时、参加活动登记时自动关怀；短信和邮件自动发送，其他渠道进入关怀待办。每位会员每个触发条件每天（或每个事件）只关怀一次。',
    enabled: '启用', save: '保存', saved: '已保存', runNow: '立即执行生日关怀', ran: '{{day}}：新增 {{added}} 位会员的生日关怀',
    bodyHint: '可用 {name} 姓名、{memberNo} 会员号、{date} 日期、{activity} 活动名称、{project} 项目、{unit} 房号、{points} 积分',
    updated: '最后修改：{{by}} {{at}}',
  },
  history: { pick: '会员', pickHint: '输入会员号、姓名或手机号查找', none: '该会员尚无关怀记录', member: '{{memberNo}} {{name}}' },
  stats: {
    range: '日期', byChannel: '各渠道关怀人次占比', monthly: '每月关怀人次（按渠道）', byTrigger: '按触发条件', members: '关怀人次', reached: '送达',
    unreached: '未送达', open: '处理中', distinct: '覆盖会员', actions: '关怀次数', none: '所选期间没有关怀',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const en: Widen<typeof zh> = {
  menu: { group: 'Care', actions: 'Care actions', new: 'New care', tasks: 'Care tasks', triggers: 'Automatic care', history: 'Member care history', statistics: 'Care analysis', detail: 'Care action' },
  title: 'Title', channel: 'Channel', subject: 'E-mail subject', body: 'Message', points: 'Points given', kind: 'Kind', trigger: 'Trigger', createdAt: 'At', createdBy: 'By',
  progress: 'Progress', members: 'Members', sentBySystem: 'Sent by the system', recordedByStaff: 'Results recorded by staff',
  kindValue: { manual: 'Manual', automatic: 'Automatic' },
  triggerValue: { birthday: 'Birthday', purchase: 'Purchase', activity: 'Activity participation', manual: 'Manual' },
  status: {
    queued: 'Queued', sent: 'Sent', failed: 'Failed', no_recipient: 'No contact', pending: 'To record', reached: 'Reached', unreached: 'Not reached',
  },
  filters: {
    title: 'Choose members', segment: 'Segment', segmentHint: 'a saved segment; the conditions below narrow it further', levels: 'Levels', projects: 'Projects bought in', tags: 'Customer tags', birthdayMonth: 'Birthday month', month: '{{month}}',
    lastActivityBefore: 'Last activity before', lastActivityHint: 'Members with no activity since this day (including those who never came)', joined: 'Joined', memberIds: 'Chosen members',
    preview: 'Preview', count: '{{count}} members match ({{withMobile}} with a mobile, {{withEmail}} with an e-mail)', sample: 'First {{n}}',
    none: 'Preview the count first', all: 'All members', changed: 'The filters changed; preview again',
  },
  send: {
    title: 'The care', channelHint: 'SMS and e-mail are sent by the system, with their results; letters, the magazine, the website and other channels are recorded by staff',
    bodyHint: 'Use {name}, {memberNo}, {points}, {date}', pointsHint: 'Points each member receives, booked with this care as their event',
    submit: 'Send the care', confirm: 'Send this care to {{count}} members?', done: 'Care given to {{count}} members',
  },
  detail: {
    filters: 'Filters', results: 'Members and results', record: 'Record results', reached: 'Mark reached', unreached: 'Mark not reached', allPending: 'All still to record',
    note: 'Note', recorded: 'Results recorded for {{count}} members', selectFirst: 'Select members first', recipient: 'Recipient', resultNote: 'Result note', resultAt: 'Result at',
    progressText: '{{done}} of {{total}} done',
  },
  tasks: { hint: 'Members of automatic and manual care waiting for staff (letters, the magazine, the website…).', care: 'Care action' },
  triggers: {
    hint: 'When on, members are cared for on their birthday (company time zone), when a purchase is fully paid and when they are recorded at an activity; SMS and e-mail go out by themselves, other channels become care tasks. A member is cared for once per trigger per day (or event).',
    enabled: 'On', save: 'Save', saved: 'Saved', runNow: 'Run the birthday care now', ran: '{{day}}: {{added}} members given birthday care',
    bodyHint: 'Use {name}, {memberNo}, {date}, {activity}, {project}, {unit}, {points}',
    updated: 'Last changed by {{by}} at {{at}}',
  },
  history: { pick: 'Member', pickHint: 'Type a member number, name or mobile', none: 'No care for this member yet', member: '{{memberNo}} {{name}}' },
  stats: {
    range: 'Dates', byChannel: 'Share by channel', monthly: 'Members cared for per month (by channel)', byTrigger: 'By trigger', members: 'Cared for', reached: 'Reached',
    unreached: 'Not reached', open: 'In progress', distinct: 'Members covered', actions: 'Care actions', none: 'No care in this period',
  },
};

const auditZh = { care: { create: '发起关怀', result: '登记关怀结果', auto: '自动关怀', trigger: { update: '修改自动关怀设置' } } };
const auditEn: Widen<typeof auditZh> = { care: { create: 'Care sent', result: 'Care results recorded', auto: 'Automatic care', trigger: { update: 'Automatic care settings changed' } } };
const entityZh = { care: '关怀', careTrigger: '自动关怀设置' };
const entityEn: typeof entityZh = { care: 'Care action', careTrigger: 'Automatic care setting' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
