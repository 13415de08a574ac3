// Console texts of the segments and customer-value pages (客群, 客户价值), zh-CN and en; merged into the locales under `segments`.
const zh = {
  menu: { group: '客群与价值', list: '客群', edit: '客群详情', value: '客户价值' },
  segment: {
    new: '新建客群', name: '客群名称', description: '说明', filters: '筛选条件', createdBy: '创建人', updatedAt: '修改时间',
    save: '保存客群', created: '已创建客群“{{name}}”', saved: '已保存客群“{{name}}”', deleted: '已删除客群“{{name}}”',
    confirmDelete: '确定删除客群“{{name}}”？', count: '符合条件的会员：{{count}} 位（现在计数）', countAsOf: '符合条件的会员：{{count}} 位（按 {{at}} 计算的会员数据，每小时及导入后更新）', counting: '正在计算人数…',
    members: '客群会员', care: '向客群发起关怀', saveFirst: '保存后可查看会员、导出和发起关怀', open: '打开', noFilters: '全部会员',
  },
  filter: {
    levels: '会员等级', statuses: '会员状态', channels: '入会渠道', departments: '所属部门（案场）', projects: '购房项目', joined: '入会日期',
    points: '积分余额', pointsMin: '最少', pointsMax: '最多', expiringWithinDays: '积分将在多少天内到期', days: '天',
    lastActivityBefore: '此日期起未参加活动', valueSegments: '价值分群', rMin: 'R 评分至少', fMin: 'F 评分至少', mMin: 'M 评分至少',
    churnMin: '流失风险分至少', dormant: '沉睡会员', any: '不限', yes: '是', no: '否', typeToAdd: '输入后回车添加',
    memberGroup: '会员资料', valueGroup: '客户价值',
  },
  status: { active: '正常', leaving: '退会中' },
  valueSegment: { new: '新会员', dormant: '沉睡', high_value: '高价值', churn_risk: '流失风险', potential: '潜力', regular: '一般' },
  member: { memberNo: '会员号', name: '姓名', mobile: '手机', department: '部门', level: '等级', status: '状态', joinedAt: '入会时间', points: '积分余额', segment: '价值分群', churn: '流失风险分' },
  value: {
    asOf: '计算时间：{{at}}', notYet: '尚未计算（后台任务“member-value”每小时运行，演示数据和导入后也会运行）',
    members: '会员数', dormant: '沉睡会员', churnRisk: '流失风险会员', distribution: '价值分群分布', noMembers: '还没有已计算的会员', ltv: '生命周期价值（元）',
    tabs: { rfm: 'RFM 明细', dormant: '沉睡会员', churn: '流失风险' },
    lastEventAt: '最近一次', idleDays: '距今天数', events12m: '近 12 个月次数', recentPrior: '近 6 个月 / 前 6 个月', purchase: '近 12 个月购房（元）',
    pointsEarned: '近 12 个月获得积分', monetary: '消费价值 M（元）', openComplaints: '未结投诉',
    formulaTitle: '计算方法',
    formula: [
      '事件：购房（签约日）、房款到账、积分兑付、参加活动、关怀送达。',
      'R = 最近一次事件；F = 近 12 个月事件数；M = 近 12 个月购房金额 + 获得积分 × 每积分价值（{{pointValue}} 分）。三项各按五分位评 1–5 分（在有该项的会员中排名，数值相同得分相同；没有的得 1 分）。',
      '沉睡：{{dormantMonths}} 个月内没有任何事件（新入会不足此期限的不算）。',
      '流失风险分（0–100）= 50 × min(距最近事件天数, 365) / 365 + 30 × 活跃下降比例（近 6 个月事件数少于前 6 个月时，(前 − 近) / 前）+ 10 × 未结投诉数（最多 2 件）。',
      '生命周期价值 = 全部购房金额 + 全部获得积分 × 每积分价值。',
      '价值分群按顺序取第一个符合的：新会员（入会 {{newMemberDays}} 天内）→ 沉睡 → 高价值（R ≥ {{hr}}、F ≥ {{hf}}、M ≥ {{hm}}）→ 流失风险（风险分 ≥ {{churn}}）→ 潜力（R ≥ {{potentialR}}）→ 一般。',
    ],
    settings: '阈值设置', settingsSaved: '已保存客户价值阈值，下次计算时生效',
    dormantMonths: '沉睡：无事件月数', newMemberDays: '新会员：入会天数', highValue: '高价值：R / F / M 至少', potentialR: '潜力：R 至少',
    churnRiskScore: '流失风险：风险分至少', pointValueFen: '每积分价值（分）',
  },
  exportList: '客群会员',
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends readonly string[] ? string[] : Widen<T[K]> };

const en: Widen<typeof zh> = {
  menu: { group: 'Segments & value', list: 'Segments', edit: 'Segment', value: 'Customer value' },
  segment: {
    new: 'New segment', name: 'Segment name', description: 'Description', filters: 'Filters', createdBy: 'Created by', updatedAt: 'Changed',
    save: 'Save segment', created: 'Segment "{{name}}" created', saved: 'Segment "{{name}}" saved', deleted: 'Segment "{{name}}" deleted',
    confirmDelete: 'Delete the segment "{{name}}"?', count: 'Members matching: {{count}} (counted now)', countAsOf: 'Members matching: {{count}} (from the member data computed {{at}}, refreshed hourly and after imports)', counting: 'Counting…',
    members: 'Members of the segment', care: 'Send care to this segment', saveFirst: 'Save it to list, export and send care to its members', open: 'Open', noFilters: 'All members',
  },
  filter: {
    levels: 'Levels', statuses: 'Member status', channels: 'Joining channels', departments: 'Departments (sales offices)', projects: 'Projects bought in', joined: 'Joined',
    points: 'Points balance', pointsMin: 'at least', pointsMax: 'at most', expiringWithinDays: 'Points expiring within', days: 'days',
    lastActivityBefore: 'No activity since', valueSegments: 'Value segments', rMin: 'R score at least', fMin: 'F score at least', mMin: 'M score at least',
    churnMin: 'Churn score at least', dormant: 'Dormant', any: 'Any', yes: 'Yes', no: 'No', typeToAdd: 'type and press Enter',
    memberGroup: 'Member data', valueGroup: 'Customer value',
  },
  status: { active: 'Active', leaving: 'Leaving' },
  valueSegment: { new: 'New member', dormant: 'Dormant', high_value: 'High value', churn_risk: 'Churn risk', potential: 'Potential', regular: 'Regular' },
  member: { memberNo: 'Member no.', name: 'Name', mobile: 'Mobile', department: 'Department', level: 'Level', status: 'Status', joinedAt: 'Joined', points: 'Points', segment: 'Value segment', churn: 'Churn score' },
  value: {
    asOf: 'Computed {{at}}', notYet: 'Not computed yet (the member-value job runs hourly, and after demo data and imports)',
    members: 'Members', dormant: 'Dormant members', churnRisk: 'Members at churn risk', distribution: 'Members by value segment', noMembers: 'No members computed yet', ltv: 'Lifetime value (yuan)',
    tabs: { rfm: 'RFM table', dormant: 'Dormant members', churn: 'Churn risk' },
    lastEventAt: 'Last event', idleDays: 'Days since', events12m: 'Events in 12 months', recentPrior: 'Last 6 months / 6 before', purchase: 'Purchases in 12 months (yuan)',
    pointsEarned: 'Points earned in 12 months', monetary: 'Monetary M (yuan)', openComplaints: 'Open complaints',
    formulaTitle: 'How it is computed',
    formula: [
      'Events: purchases (contract day), payments received, redemptions, activity attendance, care reached.',
      'R = the last event; F = events in the last 12 months; M = purchases in the last 12 months + points earned × the point value ({{pointValue}} fen). Each scored 1–5 by quintile (ranked among the members who have one; equal values score alike; none scores 1).',
      'Dormant: no event within {{dormantMonths}} months (members who joined more recently are not).',
      'Churn score (0–100) = 50 × min(days since the last event, 365) / 365 + 30 × the fall in activity ((before − last) / before, when the last 6 months had fewer events than the 6 before) + 10 × open complaints (at most 2).',
      'Lifetime value = every purchase + every point earned × the point value.',
      'The value segment is the first that fits: new member (joined within {{newMemberDays}} days) → dormant → high value (R ≥ {{hr}}, F ≥ {{hf}}, M ≥ {{hm}}) → churn risk (score ≥ {{churn}}) → potential (R ≥ {{potentialR}}) → regular.',
    ],
    settings: 'Thresholds', settingsSaved: 'Customer-value thresholds saved; the next computation applies them',
    dormantMonths: 'Dormant: months without events', newMemberDays: 'New member: days since joining', highValue: 'High value: R / F / M at least', potentialR: 'Potential: R at least',
    churnRiskScore: 'Churn risk: score at least', pointValueFen: 'Value of a point (fen)',
  },
  exportList: 'segment members',
};

const auditZh = { segment: { create: '新建客群', update: '修改客群', delete: '删除客群' }, value: { settings: '修改客户价值阈值' } };
const auditEn: Widen<typeof auditZh> = { segment: { create: 'Segment created', update: 'Segment changed', delete: 'Segment deleted' }, value: { settings: 'Customer-value thresholds changed' } };
const entityZh = { segment: '客群', valueSettings: '客户价值阈值', 'segment-members': '客群会员' };
const entityEn: typeof entityZh = { segment: 'Segment', valueSettings: 'Customer-value thresholds', 'segment-members': 'Segment members' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
