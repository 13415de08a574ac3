// Texts of the care module (关怀) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'care.levelUnknown': { 'zh-CN': '不是会员等级（主卡类型）：{code}', en: 'is not a member level (main card type): {code}' },
  'care.rangeBackwards': { 'zh-CN': '结束日期不能早于开始日期', en: 'the end date cannot be before the start date' },
  'care.segmentUnknown': { 'zh-CN': '客群不存在：#{id}', en: 'no such segment: #{id}' },
  'care.nobody': { 'zh-CN': '没有符合条件的会员，未创建关怀', en: 'No member matches the filters; no care was created' },
  'care.resultsSentChannel': {
    'zh-CN': '短信和电子邮件由系统发送，结果自动记录，不能手工登记',
    en: 'SMS and e-mail are sent by the system and their results recorded automatically; they are not recorded by hand',
  },
  'care.resultsWhom': { 'zh-CN': '请选择会员，或选择“全部待登记”', en: 'choose members, or all members still pending' },
  'care.notInCare': { 'zh-CN': '会员 #{memberId} 不在这次关怀中', en: 'member #{memberId} is not in this care action' },
  'care.bodyRequired': { 'zh-CN': '启用自动关怀时需要填写内容模板', en: 'a message template is needed to turn the trigger on' },
  'entity.care': { 'zh-CN': '关怀', en: 'care action' },
  'entity.careTrigger.birthday': { 'zh-CN': '生日关怀', en: 'Birthday care' },
  'entity.careTrigger.purchase': { 'zh-CN': '购房关怀', en: 'Purchase care' },
  'entity.careTrigger.activity': { 'zh-CN': '活动关怀', en: 'Activity care' },
  'care.default.birthday.subject': { 'zh-CN': '生日快乐', en: 'Happy birthday' },
  'care.default.birthday.body': {
    'zh-CN': '尊敬的{name}会员：今天是您的生日，客户会祝您生日快乐，阖家幸福！',
    en: 'Dear {name}, happy birthday from all of us at the club!',
  },
  'care.default.purchase.subject': { 'zh-CN': '恭喜乔迁', en: 'Congratulations on your new home' },
  'care.default.purchase.body': {
    'zh-CN': '尊敬的{name}会员：恭喜您购得{project}{unit}，客户会将一如既往为您服务。',
    en: 'Dear {name}, congratulations on your new home at {project} {unit}. The club is always at your service.',
  },
  'care.default.activity.subject': { 'zh-CN': '感谢参加活动', en: 'Thank you for coming' },
  'care.default.activity.body': {
    'zh-CN': '尊敬的{name}会员：感谢您参加“{activity}”，期待下次再见！',
    en: 'Dear {name}, thank you for joining "{activity}". See you next time!',
  },
  'field.title': { 'zh-CN': '标题', en: 'title' },
  'field.levels': { 'zh-CN': '会员等级', en: 'levels' },
  'field.projects': { 'zh-CN': '项目', en: 'projects' },
  'field.birthdayMonth': { 'zh-CN': '生日月份', en: 'birthday month' },
  'field.lastActivityBefore': { 'zh-CN': '最近参加活动早于', en: 'last activity before' },
  'field.joinedFrom': { 'zh-CN': '入会日期（起）', en: 'joined from' },
  'field.joinedTo': { 'zh-CN': '入会日期（止）', en: 'joined to' },
  'field.filters': { 'zh-CN': '筛选条件', en: 'filters' },
  'field.trigger': { 'zh-CN': '触发条件', en: 'trigger' },
  'field.enabled': { 'zh-CN': '启用', en: 'enabled' },
  'field.members': { 'zh-CN': '会员', en: 'members' },
});
