// Texts of the member analysis (会员分析) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'analysis.badMonth': { 'zh-CN': '应为年月，如 2026-01', en: 'must be a month such as 2026-01' },
  'analysis.fromAfterTo': { 'zh-CN': '开始月份不能晚于结束月份', en: 'must not be after the last month' },
  'entity.job.member-analysis': { 'zh-CN': '会员分析统计', en: 'Member analysis counts' },
  'entity.job.summaries-after-import': { 'zh-CN': '导入后更新会员分析与客户价值', en: 'Member analysis and value after an import' },
  'analysis.periodTooLong': { 'zh-CN': '期间最长十年', en: 'the period may span at most ten years' },
});
