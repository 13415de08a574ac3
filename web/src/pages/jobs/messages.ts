// Console texts of the background jobs page (后台任务), zh-CN and en; merged into the locales under `jobs`.
const zh = {
  hint: '系统按计划自动运行以下任务，每次运行都有记录。与日期有关的任务（生日关怀、积分到期、副卡失效、退会规则、投诉超期提醒）可以指定基准日期运行，用于核对某一天（公司时区）规则的结果；运行的结果是真实的（关怀会发送、积分会到期），请谨慎选择日期。',
  job: '任务', every: '运行周期', everyUnit: { s: '每 {{n}} 秒', min: '每 {{n}} 分钟', h: '每 {{n}} 小时', d: '每 {{n}} 天' }, dated: '与日期有关', lastRun: '最近一次运行', never: '尚未运行',
  trigger: { schedule: '计划', api: '手动', cli: '命令行' },
  running: '运行中', failed: '失败', asOfDay: '基准日 {{day}}', by: '由 {{by}}',
  startedAt: '开始时间', finishedAt: '结束时间', result: '结果', error: '错误', runs: '最近的运行',
  run: '立即运行', runTitle: '运行：{{label}}', asOf: '基准日期', asOfHint: '留空则以当前时间运行；所选日期为公司时区（{{tz}}）的当天零点起',
  undatedHint: '此任务与日期无关，按当前时间运行。', ran: '“{{label}}”已运行（基准日 {{day}}）：{{result}}',
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
const en: Widen<typeof zh> = {
  hint: 'These jobs run by themselves on a schedule, and every run is recorded. Jobs whose rules depend on the day (birthday care, points expiry, sub-card lapse, leave rules, overdue complaint reminders) can be run as of a chosen day (company time zone) to check what the rules do on it; the results are real (care is sent, points expire), so choose the day with care.',
  job: 'Job', every: 'Runs', everyUnit: { s: 'every {{n}} s', min: 'every {{n}} min', h: 'every {{n}} h', d: 'every {{n}} days' }, dated: 'depends on the day', lastRun: 'Last run', never: 'never ran',
  trigger: { schedule: 'scheduled', api: 'by hand', cli: 'command line' },
  running: 'running', failed: 'failed', asOfDay: 'as of {{day}}', by: 'by {{by}}',
  startedAt: 'Started', finishedAt: 'Finished', result: 'Result', error: 'Error', runs: 'Recent runs',
  run: 'Run now', runTitle: 'Run: {{label}}', asOf: 'As of', asOfHint: 'Empty: run as of now; a day means that day in the company time zone ({{tz}}) from 00:00',
  undatedHint: 'This job does not depend on the day; it runs as of now.', ran: '"{{label}}" ran (as of {{day}}): {{result}}',
};

const auditZh = { job: { run: '运行后台任务' } };
const auditEn: Widen<typeof auditZh> = { job: { run: 'Background job run' } };
const entityZh = { job: '后台任务' };
const entityEn: typeof entityZh = { job: 'Background job' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
