// 换卡审批: upgrade proposals raised when a member's points reach a higher level, and staff requests
// to replace a main card by another type (upgrade or downgrade); approval issues the new main card
// (the number given, else the one the request named), rejection keeps the card as it is.
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Form, Input, Radio, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { FormDialog } from '../../components/FormDialog';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { cardLists, useCardTypes } from './shared';
import type { Upgrade } from './types';
import { longTextMax } from '../../limits';

export default function UpgradesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { label } = useCardTypes();
  const { tableProps, filters, setFilters } = useServerTable<Upgrade, { status?: string }>('/card-upgrades', { status: 'pending' });
  const [approve, setApprove] = useState<Upgrade | null>(null);
  const [reject, setReject] = useState<Upgrade | null>(null);
  const columns: TableColumnsType<Upgrade> = [
    { title: t('cards.member'), key: 'm', render: (_, u) => <Link to={`/points/members/${u.memberId}`}>{u.memberNo} {u.memberName}</Link> },
    { title: t('cards.upgrades.fromCard'), key: 'from', render: (_, u) => `${u.fromCardNo} · ${label(u.fromType)}` },
    {
      title: t('cards.upgrades.toType'), key: 'to',
      render: (_, u) => <Space size={4}><Tag color={u.direction === 'upgrade' ? 'gold' : 'blue'}>{t(`cards.upgrades.direction.${u.direction}`)}</Tag>{label(u.toType)}</Space>,
    },
    {
      title: t('cards.upgrades.origin'), key: 'origin',
      render: (_, u) => (u.requestedBy
        ? <>{t('cards.upgrades.requestedBy', { name: u.requestedBy })}{u.requestedCardNo ? ` · ${u.requestedCardNo}` : ''}{u.requestNote ? ` · ${u.requestNote}` : ''}</>
        : t('cards.upgrades.byRule')),
    },
    { title: t('cards.upgrades.balance'), dataIndex: 'balance' },
    { title: t('cards.upgrades.proposedAt'), dataIndex: 'proposedAt', render: formatTime, className: 'nowrap' },
    { title: t('common.status'), dataIndex: 'status', render: (v: Upgrade['status']) => t(`cards.upgrades.status.${v}`) },
    { title: t('cards.upgrades.decidedBy'), key: 'd', render: (_, u) => (u.decidedBy ? `${u.decidedBy} · ${formatTime(u.decidedAt)}${u.decisionNote ? ` · ${u.decisionNote}` : ''}` : '—') },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a',
      render: (_, u) => u.status === 'pending' && can('card.approve') && (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setApprove(u)}>{t('cards.upgrades.approve')}</Button>
          <Button type="link" size="small" danger onClick={() => setReject(u)}>{t('cards.upgrades.reject')}</Button>
        </Space>
      ),
    },
  ];
  return (
    <>
      <Radio.Group style={{ marginBottom: 16 }} value={filters.status ?? ''} onChange={(e) => setFilters({ status: e.target.value || undefined })}
        options={[...(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: t(`cards.upgrades.status.${s}`) })), { value: '', label: t('cards.upgrades.all') }]} optionType="button" />
      <Table<Upgrade> {...tableProps} columns={columns} data-testid="upgrades-table" />
      {approve && (
        <FormDialog<{ cardNo?: string; note?: string }>
          open title={t('cards.upgrades.approveTitle', { member: `${approve.memberNo} ${approve.memberName ?? ''}` })} onClose={() => setApprove(null)}
          invalidate={cardLists} successMessage={t('cards.upgrades.approved')}
          onSubmit={(v) => api.post(`/card-upgrades/${approve.id}/approve`, { cardNo: v.cardNo?.trim() || null, note: v.note || null })}
        >
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('cards.upgrades.approveHint')} />
          <Form.Item name="cardNo" label={t('cards.upgrades.newCardNo')}
            extra={approve.requestedCardNo ? t('cards.upgrades.newCardNoHint', { cardNo: approve.requestedCardNo }) : undefined}
            rules={approve.requestedCardNo ? [] : [{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input maxLength={64} placeholder={approve.requestedCardNo ?? undefined} />
          </Form.Item>
          <Form.Item name="note" label={t('cards.note')}><Input maxLength={longTextMax} /></Form.Item>
        </FormDialog>
      )}
      {reject && (
        <FormDialog<{ note: string }>
          open title={t('cards.upgrades.rejectTitle')} onClose={() => setReject(null)} invalidate={cardLists} successMessage={t('cards.upgrades.rejected')}
          onSubmit={(v) => api.post(`/card-upgrades/${reject.id}/reject`, v)}
        >
          <Form.Item name="note" label={t('cards.upgrades.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input.TextArea rows={3} maxLength={longTextMax} /></Form.Item>
        </FormDialog>
      )}
    </>
  );
}
