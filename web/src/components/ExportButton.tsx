// 导出 on every list: CSV or Excel of the list's current filters, downloaded by the browser from
// GET <list>/export (streamed by the server, within the user's data scope, personal data masked
// without pii.export, audited). A message says what was exported.
import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { withQuery, type Query } from '../api';
import { useCan } from '../auth';
import { currentLanguage } from '../i18n';

export interface ExportButtonProps {
  /** the list's API path, e.g. '/members' or `/activities/${id}/participants` */
  path: string;
  /** the list's filters as the table sends them (page and pageSize are left out) */
  filters?: Query;
  /** what the list is, for the message: a key under export.list */
  list: string;
}

export function ExportButton({ path, filters = {}, list }: ExportButtonProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const { page: _p, pageSize: _s, ...given } = filters;
  const conditions = Object.values(given).filter((v) => v !== undefined && v !== null && v !== '').length;
  const download = (format: 'csv' | 'xlsx') => {
    // a plain link: the browser streams the file to disk and sends the session cookie
    const a = document.createElement('a');
    a.href = withQuery(`/api/v1${path}/export`, { ...given, format, lang: currentLanguage() });
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
    message.success(t('export.done', {
      what: t(`export.list.${list}`), format: format === 'csv' ? 'CSV' : 'Excel',
      scope: conditions ? t('export.filtered', { count: conditions }) : t('export.all'),
    }) + (can('pii.export') ? '' : t('export.masked')));
  };
  return (
    <Dropdown
      menu={{ items: [{ key: 'csv', label: t('export.csv') }, { key: 'xlsx', label: t('export.xlsx') }], onClick: ({ key }) => download(key as 'csv' | 'xlsx') }}
      trigger={['click']}
    >
      <Button icon={<DownloadOutlined />} data-testid="export-button">{t('export.button')} <DownOutlined /></Button>
    </Dropdown>
  );
}
