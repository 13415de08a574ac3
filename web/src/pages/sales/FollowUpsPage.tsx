// 跟进提醒: the leads and opportunities due for a follow-up today or overdue (company day), the
// oldest first — the signed-in user's own, or everything in their data scope.
import { useNavigate } from 'react-router';
import { Alert, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import type { DueItem } from './types';

export default function FollowUpsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tableProps, filters, setFilters } = useServerTable<DueItem, { mine: 'true' | 'false' }>('/sales/follow-ups/due', { mine: 'true' });
  const open = (d: DueItem) => navigate(d.kind === 'lead' ? `/sales/leads?id=${d.id}` : `/sales/opportunities?id=${d.id}`);
  const columns: TableColumnsType<DueItem> = [
    { title: t('sales.due.kind'), dataIndex: 'kind', width: 90, render: (k: DueItem['kind']) => t(`sales.due.kindValue.${k}`) },
    { title: t('sales.name'), dataIndex: 'title', render: (v: string, d) => <Typography.Link onClick={() => open(d)}>{v}</Typography.Link> },
    {
      title: t('sales.due.state'), dataIndex: 'state', width: 110,
      render: (s: string, d) => (d.kind === 'lead' ? t(`sales.statusValue.${s}`) : t(`sales.stageValue.${s}`)),
    },
    { title: t('sales.due.dueOn'), dataIndex: 'dueOn', width: 120, render: formatDay },
    {
      title: '', dataIndex: 'overdueDays', width: 120,
      render: (n: number) => (n > 0 ? <Tag color="red">{t('sales.due.overdue', { count: n })}</Tag> : <Tag color="gold">{t('sales.due.today')}</Tag>),
    },
    { title: t('sales.owner'), dataIndex: 'ownerName', width: 160, render: (v: string | null, d) => [v, d.department].filter(Boolean).join(' · ') },
  ];
  return (
    <>
      <Alert type="info" showIcon title={t('sales.due.hint')} style={{ marginBottom: 16 }} />
      <Space style={{ marginBottom: 16 }}>
        <Switch id="due-mine" checked={filters.mine === 'true'} onChange={(v) => setFilters({ mine: v ? 'true' : 'false' })} />
        <label htmlFor="due-mine">{t('sales.due.mine')}</label>
      </Space>
      <Table<DueItem> {...tableProps} rowKey={(d) => `${d.kind}-${d.id}`} columns={columns} data-testid="due-table" />
    </>
  );
}
