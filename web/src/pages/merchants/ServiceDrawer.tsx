// A service's page: period, levels, discount, rating; quarterly feedback beside the
// participations recorded in each quarter; members who used it, with their ratings.
import { useState } from 'react';
import { Button, Descriptions, Drawer, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { useServerTable } from '../../components/useServerTable';
import { FeedbackDialog, ParticipationDialog, useRatingOptions } from './MerchantDialogs';
import { LevelTags, RatingSummaryView, RatingValue, discountText, merchantLists, periodText, useLevels } from './shared';
import type { Participation, ServicePage } from './types';
import { Confirm } from '../../components/Confirm';

type Quarter = ServicePage['quarters'][number];

export function ServiceDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const act = useAction();
  const levels = useLevels();
  const ratingOptions = useRatingOptions();
  const [feedbackFor, setFeedbackFor] = useState<Quarter | 'new' | null>(null);
  const [recording, setRecording] = useState(false);
  const page = useQuery({ queryKey: ['/merchant-services', 'detail', id], queryFn: () => api.get<ServicePage>(`/merchant-services/${id}`), enabled: id != null });
  const s = page.data;
  const rate = (p: Participation, rating: number | null) =>
    act(() => api.patch(`/merchant-participations/${p.id}`, { rating }), { invalidate: merchantLists });
  const remove = (p: Participation) => act(() => api.delete(`/merchant-participations/${p.id}`), { invalidate: merchantLists, success: t('common.deleted') });

  const quarterColumns: TableColumnsType<Quarter> = [
    { title: t('merchants.feedback.quarter'), dataIndex: 'quarter', width: 100 },
    { title: t('merchants.feedback.text'), key: 'text', render: (_, q) => q.feedback?.feedback ?? <Typography.Text type="secondary">{t('merchants.feedback.none')}</Typography.Text> },
    { title: t('merchants.feedback.count'), key: 'count', width: 150, render: (_, q) => q.feedback?.participationCount ?? '—' },
    { title: t('merchants.feedback.recorded'), dataIndex: 'recordedParticipations', width: 150 },
    { title: t('merchants.feedback.rating'), key: 'rating', render: (_, q) => <RatingValue value={q.feedback?.rating ?? null} /> },
    { title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', width: 80, render: (_, q) => <Button type="link" size="small" onClick={() => setFeedbackFor(q)}>{t('common.edit')}</Button> },
  ];
  const participationColumns: TableColumnsType<Participation> = [
    { title: t('merchants.participation.at'), dataIndex: 'participatedAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('merchants.participation.member'), key: 'm', render: (_, p) => `${p.memberName ?? ''}（${p.memberNo ?? p.memberId}）` },
    { title: t('merchants.participation.level'), dataIndex: 'level', render: (v: string | null) => (v ? levels.label(v) : '—') },
    { title: t('merchants.participation.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
    {
      title: t('merchants.participation.rating'), dataIndex: 'rating', width: 170,
      render: (v: number | null, p) => <Select aria-label={t('merchants.participation.rate')} size="small" allowClear value={v ?? undefined} options={ratingOptions} style={{ width: 150 }} placeholder={t('merchants.participation.rate')} onChange={(r?: number) => void rate(p, r ?? null)} />,
    },
    {
      title: '', key: 'x', width: 70,
      render: (_, p) => (
        <Confirm title={t('merchants.participation.confirmRemove')} onConfirm={() => remove(p)} okText={t('common.delete')} cancelText={t('common.cancel')}>
          <Button type="link" size="small" danger>{t('merchants.participation.remove')}</Button>
        </Confirm>
      ),
    },
  ];

  return (
    <Drawer open={id != null} onClose={onClose} size={960} title={s ? t('merchants.service.detailTitle', { name: s.name }) : ' '} data-testid="service-drawer"
      extra={s && !s.deletedAt && (
        <Space>
          <Button onClick={() => setFeedbackFor('new')}>{t('merchants.feedback.record')}</Button>
          <Button type="primary" onClick={() => setRecording(true)} disabled={!s.current}>{t('merchants.participation.record')}</Button>
        </Space>
      )}>
      {page.isLoading && <Spin />}
      {page.error && <Typography.Text type="danger">{errorMessage(page.error)}</Typography.Text>}
      {s && (
        <>
          <Descriptions size="small" bordered column={2} items={[
            { key: 'm', label: t('merchants.service.merchant'), children: `${s.merchantName}（${s.merchantCode}）` },
            { key: 'c', label: t('common.status'), children: s.current ? <Tag color="green">{t('merchants.service.current')}</Tag> : <Tag>{t('merchants.service.notCurrent')}</Tag> },
            { key: 'p', label: t('merchants.service.period'), children: periodText(t, s) },
            { key: 'l', label: t('merchants.service.levels'), children: <LevelTags codes={s.eligibleLevels} /> },
            { key: 'd', label: t('merchants.service.discount'), children: discountText(t, s) },
            { key: 'n', label: t('merchants.service.participationCount'), children: s.participationCount },
            { key: 'r', label: t('merchants.rating.label'), span: 2, children: <RatingSummaryView rating={s.rating} /> },
            { key: 'ct', label: t('merchants.service.content'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{s.content ?? '—'}</span> },
          ]} />
          <Typography.Title level={5} style={{ marginTop: 24 }}>{t('merchants.feedback.title')}</Typography.Title>
          <Table<Quarter> scroll={{ x: 'max-content' }} rowKey="quarter" size="small" pagination={false} dataSource={s.quarters} columns={quarterColumns} data-testid="quarters-table" />
          <Typography.Title level={5} style={{ marginTop: 24 }}>{t('merchants.participation.title')}</Typography.Title>
          <ParticipationsTable key={s.id} serviceId={s.id} columns={participationColumns} />
          <FeedbackDialog serviceId={s.id} open={feedbackFor !== null} onClose={() => setFeedbackFor(null)}
            initial={feedbackFor && feedbackFor !== 'new'
              ? { quarter: feedbackFor.quarter, feedback: feedbackFor.feedback?.feedback, participationCount: feedbackFor.feedback?.participationCount ?? feedbackFor.recordedParticipations, rating: feedbackFor.feedback?.rating }
              : undefined} />
          <ParticipationDialog serviceId={s.id} open={recording} onClose={() => setRecording(false)} />
        </>
      )}
    </Drawer>
  );
}

/** Keyed by service, so its filter follows the service the drawer shows. */
function ParticipationsTable({ serviceId, columns }: { serviceId: number; columns: TableColumnsType<Participation> }) {
  const { tableProps } = useServerTable<Participation, { serviceId: number }>('/merchant-participations', { serviceId });
  return <Table<Participation> {...tableProps} size="small" columns={columns} data-testid="participations-table" />;
}
