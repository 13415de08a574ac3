// 发卡与卡片: search cards, issue one or a batch, replace a main card, report a card lost, and
// read a card's whole history.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { useServerTable } from '../../components/useServerTable';
import { BatchIssueDialog, IssueCardDialog, ReplaceCardDialog } from './CardDialogs';
import { CardHistoryDrawer } from './CardHistory';
import { CardStatusTag, cardLists, useCardTypes } from './shared';
import type { Card, CardStatus } from './types';
import { Confirm } from '../../components/Confirm';
import { ExportButton } from '../../components/ExportButton';

interface Filters { [k: string]: string | undefined; cardNo?: string; status?: string; typeCode?: string; kind?: string }

export default function CardsPage() {
  const { t } = useTranslation();
  const act = useAction();
  const { types, label } = useCardTypes();
  const [params, setParams] = useSearchParams();
  const historyId = Number(params.get('card')) || null;
  const { tableProps, filters, setFilters } = useServerTable<Card, Filters>('/cards');
  const [form] = Form.useForm<Filters>();
  const [issue, setIssue] = useState(false);
  const [batch, setBatch] = useState(false);
  const [replace, setReplace] = useState<{ card: Card; loss: boolean } | null>(null);

  const cancelSub = (c: Card) => act(() => api.post(`/cards/${c.id}/loss`, {}), { invalidate: cardLists, success: t('cards.loss.done') });

  const columns: TableColumnsType<Card> = [
    { title: t('cards.cardNo'), dataIndex: 'cardNo', render: (v: string, c) => <Typography.Link onClick={() => setParams({ card: String(c.id) })}>{v}</Typography.Link> },
    { title: t('cards.member'), key: 'member', render: (_, c) => <Link to={`/points/members/${c.memberId}`}>{c.memberNo} {c.memberName}</Link> },
    { title: t('cards.type'), dataIndex: 'typeCode', render: (v: string) => label(v) },
    { title: t('cards.kind'), dataIndex: 'kind', render: (v: Card['kind']) => <Tag>{t(`cards.kindValue.${v}`)}</Tag> },
    { title: t('cards.status'), dataIndex: 'status', render: (v: CardStatus) => <CardStatusTag status={v} /> },
    { title: t('cards.issuedAt'), dataIndex: 'issuedAt', render: formatTime, className: 'nowrap' },
    { title: t('cards.validUntil'), dataIndex: 'validUntil', render: (v: string | null) => (v ? formatTime(v) : '—') },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a',
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setParams({ card: String(c.id) })}>{t('cards.history.button')}</Button>
          {c.status === 'active' && c.kind === 'main' && (
            <>
              <Button type="link" size="small" onClick={() => setReplace({ card: c, loss: false })}>{t('cards.replace.button')}</Button>
              <Button type="link" size="small" danger onClick={() => setReplace({ card: c, loss: true })}>{t('cards.loss.button')}</Button>
            </>
          )}
          {c.status === 'active' && c.kind === 'sub' && (
            <Confirm title={t('cards.loss.confirmSub', { cardNo: c.cardNo })} description={t('cards.loss.subHint')} onConfirm={() => cancelSub(c)} okText={t('cards.loss.button')} cancelText={t('common.cancel')}>
              <Button type="link" size="small" danger>{t('cards.loss.button')}</Button>
            </Confirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Form form={form} layout="inline" style={{ marginBottom: 16, rowGap: 12 }} onFinish={(v) => setFilters({ ...v, cardNo: v.cardNo?.trim() || undefined })}>
        <Form.Item name="cardNo"><Input allowClear placeholder={t('cards.filters.cardNo')} style={{ width: 200 }} /></Form.Item>
        <Form.Item name="typeCode"><Select aria-label={t('cards.type')} allowClear placeholder={t('cards.type')} style={{ width: 140 }} options={types.map((x) => ({ value: x.code, label: label(x.code) }))} /></Form.Item>
        <Form.Item name="kind"><Select aria-label={t('cards.kind')} allowClear placeholder={t('cards.kind')} style={{ width: 110 }} options={(['main', 'sub'] as const).map((k) => ({ value: k, label: t(`cards.kindValue.${k}`) }))} /></Form.Item>
        <Form.Item name="status">
          <Select aria-label={t('cards.status')} allowClear placeholder={t('cards.status')} style={{ width: 120 }} options={(['active', 'replaced', 'lost', 'cancelled', 'lapsed', 'ended'] as const).map((s) => ({ value: s, label: t(`cards.statusValue.${s}`) }))} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); setFilters({}); }}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssue(true)} data-testid="issue-card">{t('cards.issue.button')}</Button>
        <Button onClick={() => setBatch(true)}>{t('cards.batch.button')}</Button>
        <ExportButton path="/cards" filters={filters} list="cards" />
      </Space>
      <Table<Card> {...tableProps} columns={columns} data-testid="cards-table" />
      <IssueCardDialog open={issue} onClose={() => setIssue(false)} />
      <BatchIssueDialog open={batch} onClose={() => setBatch(false)} />
      <ReplaceCardDialog card={replace?.card ?? null} loss={replace?.loss ?? false} onClose={() => setReplace(null)} />
      <CardHistoryDrawer id={historyId} onClose={() => setParams({})} />
    </>
  );
}
