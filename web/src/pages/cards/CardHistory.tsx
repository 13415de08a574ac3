// A card's whole history (a drawer: every status change, who, when) and a member's cards with
// theirs — shared by the card list, the member's points page and the member page.
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Drawer, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatTime } from '../../components/format';
import { CardStatusTag, useCardTypes } from './shared';
import type { Card, CardEvent } from './types';

export function CardHistoryDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { label } = useCardTypes();
  const card = useQuery({ queryKey: ['/cards', id], queryFn: () => api.get<Card & { history: CardEvent[] }>(`/cards/${id}`), enabled: !!id });
  const c = card.data;
  const columns: TableColumnsType<CardEvent> = [
    { title: t('cards.history.at'), dataIndex: 'at', render: formatTime, className: 'nowrap' },
    { title: t('cards.history.event'), dataIndex: 'kind', render: (v: string) => t(`cards.event.${v}`, { defaultValue: v }) },
    { title: t('cards.history.change'), key: 'change', render: (_, e) => `${e.fromStatus ? t(`cards.statusValue.${e.fromStatus}`) : '—'} → ${t(`cards.statusValue.${e.toStatus}`)}` },
    { title: t('cards.history.actor'), dataIndex: 'actorName' },
    { title: t('cards.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
  ];
  return (
    <Drawer open={!!id} onClose={onClose} width={760} title={c ? t('cards.history.title', { cardNo: c.cardNo }) : ''} destroyOnHidden>
      {c && (
        <>
          <Space wrap style={{ marginBottom: 16 }}>
            <CardStatusTag status={c.status} />
            <Tag>{label(c.typeCode)} · {t(`cards.kindValue.${c.kind}`)}</Tag>
            <Link to={`/points/members/${c.memberId}`}>{c.memberNo} {c.memberName}</Link>
            <Typography.Text type="secondary">{t('cards.issuedBy')}: {c.issuedBy}</Typography.Text>
          </Space>
          <Table<CardEvent> rowKey="id" size="small" pagination={false} dataSource={c.history} columns={columns} data-testid="card-history" />
        </>
      )}
    </Drawer>
  );
}

/** A member's cards, ended ones too (the level's history), each with its history a click away. */
export function MemberCardsTable({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const { label } = useCardTypes();
  const [historyId, setHistoryId] = useState<number | null>(null);
  const list = useQuery({ queryKey: ['/cards', 'member', memberId], queryFn: () => api.get<{ cards: Card[] }>(`/members/${memberId}/cards`) });
  const columns: TableColumnsType<Card> = [
    { title: t('cards.cardNo'), dataIndex: 'cardNo' },
    { title: t('cards.type'), dataIndex: 'typeCode', render: (v: string) => label(v) },
    { title: t('cards.kind'), dataIndex: 'kind', render: (v: Card['kind']) => t(`cards.kindValue.${v}`) },
    { title: t('cards.status'), dataIndex: 'status', render: (v: Card['status']) => <CardStatusTag status={v} /> },
    { title: t('cards.issuedAt'), dataIndex: 'issuedAt', render: formatTime, className: 'nowrap' },
    { title: t('cards.validUntil'), dataIndex: 'validUntil', render: (v: string | null) => (v ? formatTime(v) : '—') },
    {
      title: t('common.actions'), key: 'x', className: 'nowrap',
      render: (_, c) => <Button type="link" size="small" onClick={() => setHistoryId(c.id)}>{t('cards.history.button')}</Button>,
    },
  ];
  return (
    <>
      <Table<Card> rowKey="id" size="small" loading={list.isFetching} dataSource={list.data?.cards ?? []} columns={columns} pagination={false} data-testid="member-cards" />
      <CardHistoryDrawer id={historyId} onClose={() => setHistoryId(null)} />
    </>
  );
}
