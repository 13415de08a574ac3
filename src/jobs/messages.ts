// Texts of the background jobs (后台任务) in zh-CN and en: errors of running one by hand, and each job's name.
import { registerMessages } from '../i18n/index.ts';

registerMessages({
  'validation.asOf': {
    'zh-CN': '应为日期（如 2027-02-28，即公司时区的这一天）或 ISO 时间（如 2027-03-15T16:30:00Z）',
    en: 'must be a date (e.g. 2027-02-28, that day in the company time zone) or an ISO date-time (e.g. 2027-03-15T16:30:00Z)',
  },
  'field.asOf': { 'zh-CN': '基准日期', en: 'as-of date' },
  'entity.job': { 'zh-CN': '后台任务', en: 'background job' },
  'job.running': {
    'zh-CN': '后台任务“{label}”正在运行（本进程或其他进程），请稍后再试',
    en: 'The background job "{label}" is running (in this or another process); try again shortly',
  },
  'job.undated': {
    'zh-CN': '后台任务“{label}”与日期无关，不接受基准日期',
    en: 'is not taken by the background job "{label}": its rules do not depend on the day',
  },
  'entity.job.care.triggers': { 'zh-CN': '生日关怀', en: 'Birthday care' },
  'entity.job.points-expiry': { 'zh-CN': '积分到期与提醒', en: 'Points expiry and reminders' },
  'entity.job.card-lapse': { 'zh-CN': '副卡到期失效', en: 'Sub-card lapse' },
  'entity.job.membership.leave-rules': { 'zh-CN': '自动退会规则', en: 'Automatic leave rules' },
  'entity.job.complaints.remindOverdueSteps': { 'zh-CN': '投诉超期提醒', en: 'Overdue complaint reminders' },
  'entity.job.points-batches': { 'zh-CN': '批量积分处理', en: 'Points batches' },
  'entity.job.purchase-points-due': { 'zh-CN': '入会后补发购房积分', en: 'Purchase points owed to new members' },
  'entity.job.points-summary': { 'zh-CN': '积分统计汇总', en: 'Points statistics summary' },
  'entity.job.notify.deliver': { 'zh-CN': '通知发送', en: 'Notice delivery' },
  'entity.job.backup.daily': { 'zh-CN': '每日备份（内置数据库）', en: 'Daily backup (embedded database)' },
  'entity.job.customer-imports': { 'zh-CN': '客户导入', en: 'Customer imports' },
  'entity.job.home-figures': { 'zh-CN': '首页会员等级统计', en: 'Home page: members by level' },
});
