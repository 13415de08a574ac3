// 会员积分: swipe a card (or type a card or member number) → the member's balance and totals,
// booking points for a business event, redeeming a plan, and the tabs: lots with their expiry,
// entries with their events (corrections for those who may), redemptions, cards.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Card, Empty, Form, Input, InputNumber, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { GiftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Paged } from '../../api';
import { useCan } from '../../auth';
import { FormDialog } from '../../components/FormDialog';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { CardStatusTag, useCardTypes } from '../cards/shared';
import type { Card as MemberCard } from '../cards/types';
import { BookPointsForm, CardReaderField, MemberSummary, RedeemDialog, SourceText, pointsLists } from './shared';
import type { Entry, EntryState, Lot, MemberPoints, Posted, Redemption } from './types';
import { longTextMax } from '../../limits';

const stateColor: Record<EntryState, string> = { pending: 'orange', posted: 'green', rejected: 'default', reversed: 'purple' };

export function EntryStateTag({ state }: { state: EntryState }) {
  const { t } = useTranslation();
  return <Tag color={stateColor[state]}>{t(`points.state.${state}`)}</Tag>;
}

export default function MemberPointsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  const memberId = Number(id) || null;
  const member = useQuery({
    queryKey: ['/members', memberId, 'points'],
    queryFn: () => api.get<MemberPoints>(`/members/${memberId}/points`),
    enabled: !!memberId,
  });
  const [redeem, setRedeem] = useState(false);
  const can = useCan();
  const m = member.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <CardReaderField onMember={(found) => navigate(`/points/members/${found.memberId}`)} />
      {!memberId && <Empty description={t('points.add.mustPickMember')} />}
      {m && (
        <>
          <MemberSummary m={m} />
          {can('points.adjust') && (
            <Card size="small" title={t('points.add.title')} extra={can('redemption.manage') && (
              <Button icon={<GiftOutlined />} onClick={() => setRedeem(true)} disabled={m.memberStatus === 'archived'} data-testid="redeem-button">{t('points.redeem.button')}</Button>
            )}>
              <BookPointsForm member={m} onBooked={() => void member.refetch()} />
            </Card>
          )}
          <Tabs
            items={[
              { key: 'lots', label: t('points.tabs.lots'), children: <LotsTable memberId={m.memberId} /> },
              { key: 'entries', label: t('points.tabs.entries'), children: <EntriesTable memberId={m.memberId} onChanged={() => void member.refetch()} /> },
              { key: 'redemptions', label: t('points.tabs.redemptions'), children: <MemberRedemptions memberId={m.memberId} /> },
              { key: 'cards', label: t('points.tabs.cards'), children: <MemberCards memberId={m.memberId} /> },
            ]}
          />
          <RedeemDialog member={m} open={redeem} onClose={() => setRedeem(false)} onDone={() => void member.refetch()} />
        </>
      )}
    </Space>
  );
}

function LotsTable({ memberId }: { memberId: number }) {
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

function EntriesTable({ memberId, onChanged }: { memberId: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { tableProps } = useServerTable<Entry>('/points/entries', { memberId });
  const [correct, setCorrect] = useState<Entry | null>(null);
  const columns: TableColumnsType<Entry> = [
    { title: t('points.entry.at'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
    { title: t('points.entry.amount'), dataIndex: 'amount', render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : 'success'}>{v > 0 ? `+${v}` : v}</Typography.Text> },
    { title: t('points.entry.state'), dataIndex: 'state', render: (v: EntryState) => <EntryStateTag state={v} /> },
    { title: t('points.entry.event'), key: 'e', render: (_, e) => <Space size={4}><SourceText type={e.sourceType} id={e.sourceId} />{e.correctsEntryId && <Typography.Text type="secondary">{t('points.entry.corrects', { id: e.correctsEntryId })}</Typography.Text>}</Space> },
    { title: t('points.entry.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
    { title: t('points.entry.actor'), key: 'a', render: (_, e) => `${e.actorName}${e.decidedBy ? ` · ${t('points.entry.decided', { by: e.decidedBy })}` : ''}` },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'x',
      render: (_, e) => e.state === 'posted' && can('points.approve') && <Button type="link" size="small" onClick={() => setCorrect(e)}>{t('points.entry.correct')}</Button>,
    },
  ];
  return (
    <>
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

function MemberRedemptions({ memberId }: { memberId: number }) {
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

function MemberCards({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const { label } = useCardTypes();
  const list = useQuery({ queryKey: ['/cards', 'member', memberId], queryFn: () => api.get<{ cards: MemberCard[] }>(`/members/${memberId}/cards`) });
  const columns: TableColumnsType<MemberCard> = [
    { title: t('cards.cardNo'), dataIndex: 'cardNo' },
    { title: t('cards.type'), dataIndex: 'typeCode', render: (v: string) => label(v) },
    { title: t('cards.kind'), dataIndex: 'kind', render: (v: MemberCard['kind']) => t(`cards.kindValue.${v}`) },
    { title: t('cards.status'), dataIndex: 'status', render: (v: MemberCard['status']) => <CardStatusTag status={v} /> },
    { title: t('cards.issuedAt'), dataIndex: 'issuedAt', render: formatTime, className: 'nowrap' },
    { title: t('cards.validUntil'), dataIndex: 'validUntil', render: (v: string | null) => (v ? formatTime(v) : '—') },
  ];
  return <Table<MemberCard> rowKey="id" size="small" loading={list.isFetching} dataSource={list.data?.cards ?? []} columns={columns} pagination={false} />;
}
