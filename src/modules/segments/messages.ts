// Texts of the segments and customer-value module (客群, 客户价值) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'segments.nameTaken': { 'zh-CN': '已有同名客群：{name}', en: 'a segment with this name exists: {name}' },
  'segments.levelUnknown': { 'zh-CN': '不是会员等级（主卡类型）：{code}', en: 'is not a member level (main card type): {code}' },
  'segments.rangeBackwards': { 'zh-CN': '结束值不能小于开始值', en: 'the end cannot be before the start' },
  'entity.segment': { 'zh-CN': '客群', en: 'segment' },
});
