// Console texts of the member analysis page (会员分析), zh-CN and en, added to the locales under
// `analysis` when the menu list loads (modules.tsx imports this file).
import i18n from 'i18next';
import '../../i18n'; // initialised first: the bundles are added to it

const zh = {
  menu: { group: '统计分析', members: '会员分析' },
  filter: { period: '期间', project: '项目', department: '部门', all: '全部', apply: '查询' },
  asOf: '会员数统计于 {{at}}（每 10 分钟更新）', live: '实时统计',
  view: { chart: '图表', table: '表格' },
  none: '（无）',
  composition: { title: '会员构成', total: '会员 {{count}} 位（不含已退会）', level: '等级', channel: '入会渠道', project: '项目', department: '部门', status: '状态', key: '分类', members: '会员数', share: '占比' },
  status: { active: '正常', leaving: '退会中', archived: '已退会' },
  flows: { title: '每月入会与退会', month: '月份', joined: '入会', left: '退会', net: '净增' },
  cohorts: { title: '入会同期留存', hint: '某月入会的会员，在入会后第 3/6/12/24 个月初仍为会员的比例；尚未到达的月份显示“—”', month: '入会月份', members: '入会人数', after: '{{months}} 个月后' },
  moves: { title: '等级变动', month: '月份', upgrades: '升级', downgrades: '降级' },
  reach: { title: '通知与关怀触达', hint: '期间内收到通知（已发送或已登记联系上）/关怀的会员占会员数的比例', kind: '方式', notices: '通知', care: '关怀', reached: '触达会员', members: '会员数', rate: '触达率' },
  merchantPeriod: '按季度统计：{{from}} 至 {{to}}', merchantAsOf: '商家服务参与统计于 {{at}}（每 10 分钟更新）',
  merchants: { title: '商家服务参与（按商家与等级）', hint: '期间内会员使用商家服务的次数，按使用时的会员等级；会员数为不重复的会员', merchant: '商家', level: '会员等级', uses: '使用次数', members: '会员数', deleted: '（已删除）' },
  merchantQuarters: {
    title: '商家服务参与与褒贬度（按季度）', hint: '会员评价为会员使用后的褒贬度（−2 至 +2）的平均；商家反馈为商家季度反馈上报的褒贬度与参与人数（全会，不按部门、项目筛选）',
    quarter: '季度', uses: '使用次数', members: '会员数', rated: '会员评价数', average: '会员平均褒贬度', split: '好评 / 中评 / 差评', feedbackAverage: '商家反馈平均褒贬度', reported: '商家上报参与人数',
  },
};
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
const en: Widen<typeof zh> = {
  menu: { group: 'Analysis', members: 'Member analysis' },
  filter: { period: 'Period', project: 'Project', department: 'Department', all: 'All', apply: 'Apply' },
  asOf: 'Members counted at {{at}} (every 10 minutes)', live: 'Counted now',
  view: { chart: 'Chart', table: 'Table' },
  none: '(none)',
  composition: { title: 'Membership', total: '{{count}} members (not counting those who left)', level: 'Level', channel: 'Channel', project: 'Project', department: 'Department', status: 'Status', key: 'Group', members: 'Members', share: 'Share' },
  status: { active: 'Active', leaving: 'Leaving', archived: 'Left' },
  flows: { title: 'Joins and leaves per month', month: 'Month', joined: 'Joined', left: 'Left', net: 'Net change' },
  cohorts: { title: 'Cohort retention', hint: 'Of the members who joined in a month, the share still members when the 3rd/6th/12th/24th month after began; "—" until that month comes', month: 'Joined in', members: 'Joined', after: 'After {{months}} months' },
  moves: { title: 'Level changes', month: 'Month', upgrades: 'Upgrades', downgrades: 'Downgrades' },
  reach: { title: 'Reach of notices and care', hint: 'Share of members a notice (sent, or recorded as reached) or care reached in the period', kind: 'Means', notices: 'Notices', care: 'Care', reached: 'Members reached', members: 'Members', rate: 'Reach' },
  merchantPeriod: 'By quarter: {{from}} – {{to}}', merchantAsOf: 'Merchant participation counted at {{at}} (every 10 minutes)',
  merchants: { title: 'Merchant services used, by merchant and level', hint: "How often members used merchants' services in the period, by the member's level when they used it; members counted once", merchant: 'Merchant', level: 'Member level', uses: 'Services used', members: 'Members', deleted: ' (deleted)' },
  merchantQuarters: {
    title: 'Merchant participation and ratings by quarter', hint: "Member rating: the mean of members' ratings after use (−2 to +2); merchant feedback: the ratings and members served the merchants reported each quarter (club-wide, not filtered by department or project)",
    quarter: 'Quarter', uses: 'Services used', members: 'Members', rated: 'Member ratings', average: 'Average member rating', split: 'Positive / neutral / negative', feedbackAverage: 'Average merchant feedback', reported: 'Members served (merchant reported)',
  },
};

// the exported tables, as the export message and the audit log name them
const lists = {
  'zh-CN': {
    'analysis-composition': '会员构成', 'analysis-months': '每月入会与退会', 'analysis-cohorts': '入会同期留存', 'analysis-level-moves': '等级变动',
    'merchant-participation': '商家服务参与（按商家与等级）', 'merchant-participation-quarters': '商家服务参与（按季度）',
  },
  en: {
    'analysis-composition': 'membership', 'analysis-months': 'joins and leaves per month', 'analysis-cohorts': 'cohort retention', 'analysis-level-moves': 'level changes',
    'merchant-participation': 'merchant participation by merchant and level', 'merchant-participation-quarters': 'merchant participation by quarter',
  },
};
i18n.addResourceBundle('zh-CN', 'translation', { analysis: zh, export: { list: lists['zh-CN'] }, entityType: lists['zh-CN'] }, true, false);
i18n.addResourceBundle('en', 'translation', { analysis: en, export: { list: lists.en }, entityType: lists.en }, true, false);

export default { zh, en };
