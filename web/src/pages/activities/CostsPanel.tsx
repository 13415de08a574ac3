// 活动费用: per-participant and shared items, and the figures computed from them — total and
// per-head cost against the budget.
import { useState } from 'react';
import { Button, Card, Col, Empty, Row, Space, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { CostDialog } from './ActivityDialogs';
import { activityKey, activityLists, yuan } from './shared';
import type { ActivityDetail, Cost } from './types';
import { Confirm } from '../../components/Confirm';
import { ExportButton } from '../../components/ExportButton';

export function CostSummary({ activity }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const s = activity.summary;
  return (
    <Row gutter={[16, 16]} data-testid="cost-summary">
      <Col xs={12} md={6}><Card size="small"><Statistic title={t('activities.cost.summary.participants')} value={s.participants} suffix={activity.expectedHeadcount != null ? `/ ${activity.expectedHeadcount}` : undefined} /></Card></Col>
      <Col xs={12} md={6}><Card size="small"><Statistic title={t('activities.cost.summary.total')} value={yuan(s.totalFen)} prefix="¥" suffix={activity.budgetFen != null ? `/ ${yuan(activity.budgetFen)}` : undefined} /></Card></Col>
      <Col xs={12} md={6}><Card size="small"><Statistic title={t('activities.cost.summary.perHead')} value={yuan(s.perHeadFen)} prefix={s.perHeadFen == null ? undefined : '¥'} /></Card></Col>
      <Col xs={12} md={6}><Card size="small"><Statistic title={t('activities.cost.summary.points')} value={s.pointsPosted} /></Card></Col>
    </Row>
  );
}

export function CostsPanel({ activity, canRecord }: { activity: ActivityDetail; canRecord: boolean }) {
  const { t } = useTranslation();
  const act = useAction();
  const [adding, setAdding] = useState(false);
  const s = activity.summary;
  const columns: TableColumnsType<Cost> = [
    { title: t('activities.cost.basis'), dataIndex: 'basis', width: 130, render: (v: Cost['basis']) => <Tag color={v === 'shared' ? 'blue' : 'purple'}>{t(`activities.cost.basisValue.${v}`)}</Tag> },
    { title: t('activities.cost.item'), dataIndex: 'item' },
    { title: t('activities.cost.amount'), dataIndex: 'costFen', align: 'right', width: 160, render: (v: number, c) => `${yuan(v)}${c.basis === 'per_participant' ? t('activities.cost.perUnit') : ''}` },
    { title: t('activities.cost.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: formatTime, className: 'nowrap' },
    ...(canRecord ? [{
      title: t('common.actions'), fixed: 'right' as const, className: 'nowrap', key: 'actions',
      render: (_: unknown, c: Cost) => (
        <Confirm title={t('activities.cost.removeConfirm', { item: c.item })}
          onConfirm={() => act(() => api.delete(`/activities/${activity.id}/costs/${c.id}`), { invalidate: [...activityLists, activityKey(activity.id)], success: t('activities.cost.removed') })}>
          <Button type="link" danger size="small">{t('activities.cost.remove')}</Button>
        </Confirm>
      ),
    }] : []),
  ];
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('activities.cost.summary.shared')} value={yuan(s.sharedFen)} prefix="¥" /></Card></Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title={t('activities.cost.summary.perParticipant')} value={yuan(s.perParticipantFen)} prefix="¥" suffix={`× ${s.participants}`} /></Card>
        </Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('activities.cost.summary.total')} value={yuan(s.totalFen)} prefix="¥" /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('activities.cost.summary.budget')} value={yuan(activity.budgetFen)} prefix={activity.budgetFen == null ? undefined : '¥'} /></Card></Col>
      </Row>
      <Space style={{ marginBottom: 12 }}>
        {canRecord && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-cost">{t('activities.cost.add')}</Button>}
        <ExportButton path={`/activities/${activity.id}/costs`} list="costs" />
      </Space>
      {activity.costs.length === 0
        ? <Empty description={t('activities.cost.none')} />
        : <Table<Cost> scroll={{ x: 'max-content' }} rowKey="id" size="middle" pagination={false} columns={columns} dataSource={activity.costs} data-testid="costs-table" />}
      <CostDialog activityId={activity.id} open={adding} onClose={() => setAdding(false)} />
    </>
  );
}
