// 关怀详情: the care action, its progress and each member's result; for letters, the magazine,
// the website and user-defined channels, staff record reached / not reached here.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Input, Result, Select, Space, Spin, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { useDictionary } from '../activities/shared';
import { FiltersView } from './filters';
import { CareProgress, CareStatusTag, careLists } from './shared';
import type { CareAction, CareMember, CareStatus } from './types';
import { longTextMax } from '../../limits';
import { danger, success } from '../../theme';
import { ExportButton } from '../../components/ExportButton';

const statuses: CareStatus[] = ['queued', 'sent', 'failed', 'no_recipient', 'pending', 'reached', 'unreached'];

export default function CareActionPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const channels = useDictionary('care_channel');
  const key = `/care/actions/${id}`;
  const query = useQuery({ queryKey: [key], queryFn: () => api.get<CareAction>(key) });
  const membersPath = `/care/actions/${id}/members`;
  const { tableProps, setFilters, filters } = useServerTable<CareMember, { status?: CareStatus; q?: string }>(membersPath);
  const [selected, setSelected] = useState<CareMember[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const c = query.data;
  if (query.isLoading) return <Spin />;
  if (!c) return <Result status="warning" title={errorMessage(query.error)} />;

  const record = async (result: 'reached' | 'unreached', all: boolean) => {
    if (!all && !selected.length) { message.warning(t('care.detail.selectFirst')); return; }
    setBusy(true);
    try {
      const r = await api.post<{ updated: number }>(`${key}/results`, { ...(all ? { allPending: true } : { members: selected.map((m) => m.memberId) }), result, note: note.trim() || null });
      message.success(t('care.detail.recorded', { count: r.updated }));
      setSelected([]);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
      await Promise.all([key, membersPath, ...careLists].map((p) => qc.invalidateQueries({ queryKey: [p] })));
    }
  };

  const columns: TableColumnsType<CareMember> = [
    { title: t('activities.participant.memberNo'), dataIndex: 'memberNo', width: 150 },
    { title: t('activities.participant.member'), dataIndex: 'name' },
    { title: t('care.detail.recipient'), dataIndex: 'recipient', render: (v: string | null) => v ?? '—' },
    { title: t('care.progress'), dataIndex: 'status', width: 120, render: (v: CareStatus) => <CareStatusTag status={v} /> },
    { title: t('care.points'), dataIndex: 'points', width: 80, align: 'right' },
    { title: t('care.detail.resultNote'), dataIndex: 'resultNote', ellipsis: true, render: (v: string | null) => v ?? '' },
    { title: t('care.detail.resultAt'), dataIndex: 'resultAt', width: 170, render: formatTime, className: 'nowrap' },
  ];
  const p = c.progress;

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/care')}>{t('care.menu.actions')}</Button>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }} data-testid="care-title">{c.title}</Typography.Title>
      </Space>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('care.kind')}>{c.kind === 'manual' ? t('care.kindValue.manual') : `${t('care.kindValue.automatic')} · ${t(`care.triggerValue.${c.trigger}`)}`}</Descriptions.Item>
          <Descriptions.Item label={t('care.channel')}>{`${channels.label(c.channel)}（${c.sentBySystem ? t('care.sentBySystem') : t('care.recordedByStaff')}）`}</Descriptions.Item>
          <Descriptions.Item label={t('care.points')}>{c.points}</Descriptions.Item>
          <Descriptions.Item label={t('care.createdBy')}>{`${c.createdBy} · ${formatTime(c.createdAt)}`}</Descriptions.Item>
          {c.subject && <Descriptions.Item label={t('care.subject')}>{c.subject}</Descriptions.Item>}
          <Descriptions.Item label={t('care.body')} span={3}>{c.body}</Descriptions.Item>
          {c.kind === 'manual' && <Descriptions.Item label={t('care.detail.filters')} span={3}><FiltersView filters={c.filters ?? {}} /></Descriptions.Item>}
        </Descriptions>
      </Card>
      <Space size="large" wrap style={{ marginBottom: 16 }} data-testid="care-progress">
        <CareProgress p={p} />
        <Statistic title={t('care.members')} value={p.total} />
        {c.sentBySystem ? (
          <>
            <Statistic title={t('care.status.queued')} value={p.queued} />
            <Statistic title={t('care.status.sent')} value={p.sent} valueStyle={{ color: success }} />
            <Statistic title={t('care.status.failed')} value={p.failed} valueStyle={{ color: danger }} />
            <Statistic title={t('care.status.no_recipient')} value={p.noRecipient} />
          </>
        ) : (
          <>
            <Statistic title={t('care.status.pending')} value={p.pending} />
            <Statistic title={t('care.status.reached')} value={p.reached} valueStyle={{ color: success }} />
            <Statistic title={t('care.status.unreached')} value={p.unreached} valueStyle={{ color: danger }} />
          </>
        )}
      </Space>
      {!c.sentBySystem && (
        <Alert type="info" style={{ marginBottom: 12 }} message={
          <Space wrap>
            <Typography.Text strong>{t('care.detail.record')}</Typography.Text>
            <Input value={note} maxLength={longTextMax} onChange={(e) => setNote(e.target.value)} placeholder={t('care.detail.note')} style={{ width: 220 }} />
            <Button loading={busy} onClick={() => record('reached', false)} data-testid="mark-reached">{t('care.detail.reached')}</Button>
            <Button loading={busy} onClick={() => record('unreached', false)}>{t('care.detail.unreached')}</Button>
            <Button loading={busy} onClick={() => record('reached', true)}>{`${t('care.detail.allPending')} → ${t('care.status.reached')}`}</Button>
            <Button loading={busy} onClick={() => record('unreached', true)}>{`${t('care.detail.allPending')} → ${t('care.status.unreached')}`}</Button>
          </Space>
        } />
      )}
      <Space style={{ marginBottom: 12 }}>
        <Select aria-label={t('care.progress')} allowClear placeholder={t('care.progress')} style={{ width: 150 }} value={filters.status}
          options={statuses.map((s) => ({ value: s, label: t(`care.status.${s}`) }))} onChange={(status) => setFilters({ ...filters, status })} />
        <Input.Search allowClear placeholder={t('activities.participant.search')} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} style={{ width: 240 }} />
        <ExportButton path={membersPath} filters={filters} list="careResults" />
      </Space>
      <Table<CareMember> {...tableProps} columns={columns} data-testid="care-members-table"
        rowSelection={c.sentBySystem ? undefined : { selectedRowKeys: selected.map((m) => m.id), onChange: (_, rows) => setSelected(rows) }} />
    </>
  );
}
