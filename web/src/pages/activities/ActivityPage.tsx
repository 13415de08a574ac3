// 活动详情: the plan and its decision, what may be done now (approve / reject, record, close),
// and the participants, costs and notices of the activity.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Modal, Result, Space, Spin, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { DecisionDialog, PlanDialog } from './ActivityDialogs';
import { CostSummary, CostsPanel } from './CostsPanel';
import { NoticesPanel } from './NoticesPanel';
import { ParticipantsPanel } from './ParticipantsPanel';
import { ActivityStatusTag, activityKey, activityLists, useDictionary, yuan } from './shared';
import type { ActivityDetail } from './types';

export default function ActivityPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const can = useCan();
  const act = useAction();
  const types = useDictionary('activity_type');
  const [editing, setEditing] = useState(false);
  const [decision, setDecision] = useState<'approve' | 'reject' | null>(null);
  const query = useQuery({ queryKey: [activityKey(id)], queryFn: () => api.get<ActivityDetail>(`/activities/${id}`) });
  const a = query.data;
  if (query.isLoading) return <Spin />;
  if (!a) return <Result status="warning" title={errorMessage(query.error)} extra={<Button onClick={() => navigate('/activities')}>{t('activities.menu.list')}</Button>} />;

  const manage = can('activity.manage');
  const open = a.status === 'approved';
  const closeActivity = () => Modal.confirm({
    title: t('activities.close.button'), content: t('activities.close.confirm', { name: a.name }), okText: t('activities.close.button'), cancelText: t('common.cancel'),
    onOk: () => act(() => api.post(`/activities/${a.id}/close`), { invalidate: [...activityLists, activityKey(a.id)], success: t('activities.close.done') }),
  });

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/activities')}>{t('activities.menu.list')}</Button>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }} data-testid="activity-name">{a.name}</Typography.Title>
        <ActivityStatusTag status={a.status} />
      </Space>
      <Space style={{ float: 'right' }} wrap>
        {manage && a.status !== 'closed' && <Button onClick={() => setEditing(true)} data-testid="edit-activity">{t('common.edit')}</Button>}
        {can('activity.approve') && a.status === 'planned' && (
          <>
            <Button type="primary" onClick={() => setDecision('approve')} data-testid="approve-activity">{t('activities.approve.button')}</Button>
            <Button danger onClick={() => setDecision('reject')} data-testid="reject-activity">{t('activities.reject.button')}</Button>
          </>
        )}
        {manage && open && <Button danger onClick={closeActivity} data-testid="close-activity">{t('activities.close.button')}</Button>}
      </Space>
      {a.status === 'planned' && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('activities.hint.planned')} />}
      {a.status === 'rejected' && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('activities.hint.rejected', { reason: a.decisionNote ?? '' })} />}
      {a.status === 'closed' && <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('activities.hint.closed')} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('activities.type')}>{types.label(a.type)}</Descriptions.Item>
          <Descriptions.Item label={t('activities.period')}>{a.startsOn === a.endsOn ? a.startsOn : `${a.startsOn} ~ ${a.endsOn}`}</Descriptions.Item>
          <Descriptions.Item label={t('activities.place')}>{a.place ?? t('activities.noPlace')}</Descriptions.Item>
          <Descriptions.Item label={t('activities.expectedHeadcount')}>{a.expectedHeadcount ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('activities.budget')}>{yuan(a.budgetFen)}</Descriptions.Item>
          <Descriptions.Item label={t('activities.pointsPerParticipant')}>{a.pointsPerParticipant}</Descriptions.Item>
          <Descriptions.Item label={t('activities.createdBy')}>{`${a.createdBy} · ${formatTime(a.createdAt)}`}</Descriptions.Item>
          {a.approvedBy && <Descriptions.Item label={t('activities.approvedBy')}>{`${a.approvedBy} · ${formatTime(a.approvedAt)}`}</Descriptions.Item>}
          {a.decisionNote && <Descriptions.Item label={t('activities.decisionNote')}>{a.decisionNote}</Descriptions.Item>}
          {a.closedAt && <Descriptions.Item label={t('activities.closedAt')}>{`${a.closedBy ?? ''} · ${formatTime(a.closedAt)}`}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <div style={{ marginBottom: 16 }}><CostSummary activity={a} /></div>
      <Tabs
        defaultActiveKey="participants"
        items={[
          { key: 'participants', label: t('activities.tabs.participants'), children: <ParticipantsPanel activity={a} canRecord={manage && open} /> },
          { key: 'costs', label: t('activities.tabs.costs'), children: <CostsPanel activity={a} canRecord={manage && open} /> },
          { key: 'notices', label: t('activities.tabs.notices'), children: <NoticesPanel activity={a} canSend={manage && open} /> },
          { key: 'plan', label: t('activities.tabs.plan'), children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.planText ?? '—'}</Typography.Paragraph> },
        ]}
      />
      <PlanDialog open={editing} activity={a} onClose={() => setEditing(false)} />
      <DecisionDialog activity={a} decision={decision} onClose={() => setDecision(null)} />
    </>
  );
}
