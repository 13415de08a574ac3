// Texts of the accounts module (sign-in throttling, password policy) in zh-CN and en; the older
// sign-in texts (auth.badCredentials, auth.locked, …) live in src/i18n/common.ts.
import { registerMessages } from '../../i18n/index.ts';

registerMessages({
  'auth.passwordTooShort': { 'zh-CN': '至少需要 {min} 个字符', en: 'needs at least {min} characters' },
  'auth.passwordTooCommon': {
    'zh-CN': '是常见密码或太容易被猜到（如常用词、键盘序列、年份、登录名或姓名），请换一个更长、更独特的密码，例如几个不相关的词组合',
    en: 'is a common password or too easy to guess (common words, keyboard runs, years, the login or name); choose a longer, less predictable one, e.g. a few unrelated words',
  },
  'auth.sessionRequired': {
    'zh-CN': '只有登录控制台的用户本人才能修改自己的密码（API 令牌不能修改密码）',
    en: 'Only a user signed in to the console can change their own password (an API token cannot)',
  },
  'auth.rateLimited': {
    'zh-CN': '登录失败次数过多，请 {minutes} 分钟后再试',
    en: 'Too many failed sign-ins; try again in {minutes} minutes',
  },
});
