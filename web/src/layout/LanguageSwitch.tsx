import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { languages, setLanguage, type Language } from '../i18n';

/** 中文 / English; the choice is remembered and sent to the API with every request. */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('header.language')}
      data-testid="language-switch"
      options={languages}
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      onChange={(lang) => void setLanguage(lang)}
    />
  );
}
