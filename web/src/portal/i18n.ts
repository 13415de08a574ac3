// Adds the portal's texts (locales.ts) to the console's i18next under 'portal.*', both languages.
import i18n from '../i18n';
import { en, zhCN } from './locales';

i18n.addResourceBundle('zh-CN', 'translation', { portal: zhCN }, true, false);
i18n.addResourceBundle('en', 'translation', { portal: en }, true, false);
