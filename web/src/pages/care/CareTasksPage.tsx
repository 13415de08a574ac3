// 关怀待办: members of any care action waiting for staff (letters, the magazine, the website,
// user-defined channels) — record reached / not reached straight from the list.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { useDictionary } from '../activities/shared';
import { CareStatusTag, careLists } from './shared';
import type { CareMember, CareStatus } from './types';

export default function CareTasksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const channels = useDictionary('care_channel');
  const { tableProps, setFilters, filters } = useServerTable<CareMember, { status?: CareStatus; channel?: string; q?: string }>('/care/tasks', { status: 'pending' });
  const [busy, setBusy] = useState<number | null>(null);

  const record = async (m: CareMember, result: 'reached' | 'unreached') => {
    setBusy(m.id);
    try {
      await api.post(`/care/actions/${m.careId}/results`, { members: [m.memberId], result });
      message.success(t('care.detail.recorded', { count: 1 }));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
      await Promise.all([...careLists, `/care/actions/${m.careId}`].map((p) => qc.invalidateQueries({ queryKey: [p] })));
    }
  };

  const columns: TableColumnsType<CareMember> = [
    { title: t('care.createdAt'), dataIndex: 'createdAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('care.tasks.care'), dataIndex: 'title', render: (v: string, m) => <Typography.Link onClick={() => navigate(`/care/actions/${m.careId}`)}>{v}</Typography.Link> },
    { title: t('activities.participant.member'), key: 'member', render: (_, m) => `${m.memberNo} ${m.name}` },
    { title: t('care.channel'), dataIndex: 'channel', width: 110, render: channels.label },
    { title: t('care.progress'), dataIndex: 'status', width: 120, render: (v: CareStatus) => <CareStatusTag status={v} /> },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'actions', width: 230,
      render: (_, m) => (['pending', 'reached', 'unreached'].includes(m.status) ? (
        <Space>
          <Button size="small" loading={busy === m.id} onClick={() => record(m, 'reached')}>{t('care.detail.reached')}</Button>
          <Button size="small" loading={busy === m.id} onClick={() => record(m, 'unreached')}>{t('care.detail.unreached')}</Button>
        </Space>
      ) : null),
    },
  ];

  return (
    <>
      <Alert type="info" showIcon message={t('care.tasks.hint')} style={{ marginBottom: 16 }} />
      <Space style={{ marginBottom: 12 }} wrap>
        <Select aria-label={t('care.progress')} allowClear placeholder={t('care.progress')} style={{ width: 150 }} value={filters.status}
          options={(['pending', 'reached', 'unreached', 'queued', 'sent', 'failed', 'no_recipient'] as CareStatus[]).map((s) => ({ value: s, label: t(`care.status.${s}`) }))}
          onChange={(status) => setFilters({ ...filters, status })} />
        <Select aria-label={t('care.channel')} allowClear placeholder={t('care.channel')} style={{ width: 130 }} options={channels.options} value={filters.channel} onChange={(channel) => setFilters({ ...filters, channel })} />
        <Input.Search allowClear placeholder={t('activities.participant.search')} style={{ width: 240 }} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
      </Space>
      <Table<CareMember> {...tableProps} columns={columns} data-testid="care-tasks-table" />
    </>
  );
}
