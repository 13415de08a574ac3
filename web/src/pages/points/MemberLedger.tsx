// A member's points ledger as tables — lots with their expiry, entries with their events (corrections
// for those who may), redemptions — shared by the member's points page and the member page.
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Paged } from '../../api';
import { useCan } from '../../auth';
import { FormDialog } from '../../components/FormDialog';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { longTextMax } from '../../limits';
import { SourceText, pointsLists } from './shared';
import type { Entry, EntryState, Lot, Posted, Redemption } from './types';
import { ExportButton } from '../../components/ExportButton';

const stateColor: Record<EntryState, string> = { pending: 'orange', posted: 'green', rejected: 'default', reversed: 'purple' };

export function EntryStateTag({ state }: { state: EntryState }) {
  const { t } = useTranslation();
  return <Tag color={stateColor[state]}>{t(`points.state.${state}`)}</Tag>;
}

export function LotsTable({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const lots = useQuery({ queryKey: ['/points/entries', 'lots', memberId], queryFn: () => api.get<Lot[]>(`/members/${memberId}/points/lots`) });
  const columns: TableColumnsType<Lot> = [
    { title: t('points.lot.earnedAt'), dataIndex: 'earnedAt', render: formatTime, className: 'nowrap' },
    { title: t('points.lot.source'), key: 's', render: (_, l) => <SourceText type={l.sourceType} id={l.sourceId} /> },
    { title: t('points.lot.amount'), dataIndex: 'amount' },
    { title: t('points.lot.remaining'), dataIndex: 'remaining', render: (v: number) => <Typography.Text strong={v > 0} type={v > 0 ? undefined : 'secondary'}>{v}</Typography.Text> },
    { title: t('points.lot.expired'), dataIndex: 'expired' },
    { title: t('points.lot.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatTime(v) : t('points.lot.never')) },
  ];
  return <Table<Lot> rowKey="id" size="small" loading={lots.isFetching} dataSource={lots.data ?? []} columns={columns} pagination={{ pageSize: 20 }} data-testid="lots-table" />;
}

export function EntriesTable({ memberId, onChanged }: { memberId: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { tableProps } = useServerTable<Entry>('/points/entries', { memberId });
  const [correct, setCorrect] = useState<Entry | null>(null);
  // the deduction of a redemption still pending is not corrected (the server refuses it): its points come back by cancelling it
  const pending = useQuery({
    queryKey: ['/redemptions', memberId, 'pending'], enabled: can('points.approve'),
    queryFn: () => api.get<Paged<Redemption>>('/redemptions', { memberId, status: 'pending', pageSize: 100 }),
  });
  const pendingByEntry = new Map((pending.data?.items ?? []).map((r) => [r.entryId, r]));
  const correctAction = (e: Entry) => {
    if (e.state !== 'posted' || !can('points.approve')) return null;
    const r = pendingByEntry.get(e.id);
    if (r) {
      return (
        <Tooltip title={t('points.entry.redemptionPendingHint', { id: r.id })}>
          <Typography.Text type="secondary" data-testid="correct-blocked">{t('points.entry.redemptionPending', { id: r.id })}</Typography.Text>
        </Tooltip>
      );
    }
    return <Button type="link" size="small" onClick={() => setCorrect(e)}>{t('points.entry.correct')}</Button>;
  };
  const columns: TableColumnsType<Entry> = [
    { title: t('points.entry.at'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
    { title: t('points.entry.amount'), dataIndex: 'amount', render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : 'success'}>{v > 0 ? `+${v}` : v}</Typography.Text> },
    { title: t('points.entry.state'), dataIndex: 'state', render: (v: EntryState) => <EntryStateTag state={v} /> },
    { title: t('points.entry.event'), key: 'e', render: (_, e) => <Space size={4}><SourceText type={e.sourceType} id={e.sourceId} />{e.correctsEntryId && <Typography.Text type="secondary">{t('points.entry.corrects', { id: e.correctsEntryId })}</Typography.Text>}</Space> },
    { title: t('points.entry.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
    { title: t('points.entry.actor'), key: 'a', render: (_, e) => `${e.actorName}${e.decidedBy ? ` · ${t('points.entry.decided', { by: e.decidedBy })}` : ''}` },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'x',
      render: (_, e) => correctAction(e),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <ExportButton path="/points/entries" filters={{ memberId }} list="pointsEntries" />
      </Space>
      <Table<Entry> {...tableProps} columns={columns} data-testid="entries-table" />
      {correct && (
        <FormDialog<{ amount?: number; reason: string }, Posted>
          open title={t('points.correct.title', { id: correct.id })} onClose={() => setCorrect(null)} invalidate={pointsLists}
          onSubmit={(v) => api.post<Posted>(`/points/entries/${correct.id}/correct`, { amount: v.amount ?? null, reason: v.reason })}
          onDone={() => onChanged()}
        >
          <Form.Item name="amount" label={t('points.correct.amount')} extra={t('points.correct.amountHint', { amount: -correct.amount })}><InputNumber precision={0} style={{ width: 200 }} /></Form.Item>
          <Form.Item name="reason" label={t('points.correct.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={longTextMax} /></Form.Item>
        </FormDialog>
      )}
    </>
  );
}

export function MemberRedemptions({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['/redemptions', memberId], queryFn: () => api.get<Paged<Redemption>>('/redemptions', { memberId, pageSize: 100 }) });
  const columns: TableColumnsType<Redemption> = [
    { title: t('points.redemptions.at'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
    { title: t('points.redemptions.plan'), dataIndex: 'item' },
    { title: t('points.redemptions.quantity'), dataIndex: 'quantity' },
    { title: t('points.redemptions.points'), dataIndex: 'points' },
    { title: t('points.redemptions.status'), dataIndex: 'status', render: (v: Redemption['status']) => t(`points.redemptions.statusValue.${v}`) },
  ];
  return <Table<Redemption> rowKey="id" size="small" loading={list.isFetching} dataSource={list.data?.items ?? []} columns={columns} pagination={false} />;
}
