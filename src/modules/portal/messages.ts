// Texts of the members' portal (会员自助) in zh-CN and en.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'field.clientKey': { 'zh-CN': '请求编号', en: 'request key' },
  'field.planId': { 'zh-CN': '兑换项目', en: 'reward' },
  'portal.mobileInvalid': { 'zh-CN': '请输入 11 位中国大陆手机号', en: 'enter an 11-digit mainland China mobile number' },
  'portal.codeFormat': { 'zh-CN': '验证码是 6 位数字', en: 'the code is 6 digits' },
  'portal.badCode': {
    'zh-CN': '验证码不正确或已失效，请重新获取', en: 'The code is wrong or no longer valid; request a new one',
  },
  'portal.codeSent': {
    'zh-CN': '如果该手机号是会员手机号，验证码已发送，{minutes} 分钟内有效',
    en: 'If this mobile belongs to a member, a code has been sent; it is valid for {minutes} minutes',
  },
  'portal.resendTooSoon': {
    'zh-CN': '验证码发送过于频繁，请 {seconds} 秒后再试', en: 'Codes are requested too often; try again in {seconds} seconds',
  },
  'portal.rateLimited': {
    'zh-CN': '尝试次数过多，请 {minutes} 分钟后再试', en: 'Too many attempts; try again in {minutes} minutes',
  },
  'portal.signInRequired': {
    'zh-CN': '请先用手机号和验证码登录会员自助', en: 'Sign in to the members’ portal with your mobile number and a code first',
  },
  'portal.memberInactive': {
    'zh-CN': '会籍已终止，不能再使用会员自助', en: 'This membership has ended; the members’ portal is no longer available',
  },
  'portal.smsText': {
    'zh-CN': '【客户会】您的会员自助登录验证码：{code}，{minutes} 分钟内有效。如非本人操作，请忽略。',
    en: '[Club] Your members’ portal sign-in code: {code}, valid for {minutes} minutes. If you did not ask for it, ignore this message.',
  },
  'portal.cancelNotAllowed': {
    'zh-CN': '这笔兑换已{status}，不能再取消', en: 'This redemption is {status}; it can no longer be cancelled',
  },
  'entity.portalSession': { 'zh-CN': '会员自助会话', en: 'member portal session' },
  'entity.portalData': { 'zh-CN': '个人数据', en: 'personal data' },
});
