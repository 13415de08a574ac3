// 审计日志: who did what, when — filtered by action, entity type, actor and date range,
// each row expanding to the fields it changed (before → after).
import { Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { AuditFilterBar } from './AuditFilterBar';
import { ChangesView } from './ChangesView';
import { actionLabel, actorLabel, entityTypeLabel } from './labels';
import type { AuditEntry, AuditFilters } from './types';
import { ExportButton } from '../../components/ExportButton';

export default function AuditLogPage() {
  const { t } = useTranslation();
  const { tableProps, filters, setFilters } = useServerTable<AuditEntry, AuditFilters>('/audit');

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 180, render: formatTime, className: 'nowrap' },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_, e) => (
        <>
          {actorLabel(t, e.actorKind, e.actorName)}
          {e.actorKind !== 'user' && <Tag style={{ marginInlineStart: 8 }}>{t(`audit.actorKind.${e.actorKind}`, { defaultValue: e.actorKind })}</Tag>}
        </>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (a: string) => (
        <>
          {actionLabel(t, a)} <Typography.Text type="secondary" code>{a}</Typography.Text>
        </>
      ),
    },
    { title: t('audit.entity'), key: 'entity', render: (_, e) => `${entityTypeLabel(t, e.entityType)}${e.entityId ? ` #${e.entityId}` : ''}` },
    { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
  ];

  return (
    <>
      <AuditFilterBar onSearch={setFilters} />
      <Space style={{ marginBottom: 16 }}>
        <ExportButton path="/audit" filters={filters} list="audit" />
      </Space>
      <Table<AuditEntry>
        {...tableProps}
        data-testid="audit-table"
        columns={columns}
        expandable={{ expandedRowRender: (e) => <ChangesView entry={e} /> }}
      />
    </>
  );
}
