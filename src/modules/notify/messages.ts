// Texts of the notify module (通知) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'notice.sendChannelOnly': { 'zh-CN': '系统只发送短信和电子邮件', en: 'the system sends SMS and e-mail only' },
  'notice.recordChannelOnly': { 'zh-CN': '短信和电子邮件由系统发送，不能手工登记结果', en: 'SMS and e-mail are sent by the system; their result is not recorded by hand' },
  'notice.recipientRequired': { 'zh-CN': '缺少收件人（手机号或邮箱）', en: 'a recipient (mobile or e-mail) is needed' },
  'entity.notice': { 'zh-CN': '通知', en: 'notice' },
});
