// Console language: zh-CN by default, en on request. The choice is kept in localStorage and
// moves i18next, dayjs and (through App) Ant Design's locale together.
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import zhCN from './locales/zh-CN';
import en from './locales/en';

export type Language = 'zh-CN' | 'en';
export const languages: { value: Language; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

const storageKey = 'clubcrm.language';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applySideEffects(lang: Language) {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = lang;
}

const initial = storedLanguage();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
applySideEffects(initial);

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function setLanguage(lang: Language): Promise<void> {
  try { localStorage.setItem(storageKey, lang); } catch { /* private mode: the choice lasts this visit */ }
  applySideEffects(lang);
  await i18n.changeLanguage(lang);
}

/** Picks the label in the reader's language from an API record's zh/en pair. */
export function useBilingual() {
  const { i18n: inst } = useTranslation();
  const en = inst.language === 'en';
  return (zh: string, english: string) => (en ? english : zh);
}

export default i18n;
