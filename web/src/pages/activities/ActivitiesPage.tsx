// 活动计划与执行: activities by name, status, type and period, with participants and costs;
// plan a new one; open one to approve, record participants, costs and notices, close it.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, DatePicker, Form, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth';
import { useServerTable } from '../../components/useServerTable';
import { PlanDialog } from './ActivityDialogs';
import { ActivityStatusTag, useDictionary, yuan } from './shared';
import type { ActivityListItem, ActivityStatus } from './types';

type Filters = { q?: string; status?: ActivityStatus; type?: string; from?: string; to?: string };
type FilterValues = Omit<Filters, 'from' | 'to'> & { period?: [Dayjs | null, Dayjs | null] | null };
const statuses: ActivityStatus[] = ['planned', 'approved', 'rejected', 'closed'];

export default function ActivitiesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const types = useDictionary('activity_type');
  const { tableProps, setFilters } = useServerTable<ActivityListItem, Filters>('/activities');
  const [form] = Form.useForm<FilterValues>();
  const [planning, setPlanning] = useState(false);
  const open = (id: number) => navigate(`/activities/${id}`);

  const columns: TableColumnsType<ActivityListItem> = [
    { title: t('activities.name'), dataIndex: 'name', render: (v: string, a) => <Typography.Link onClick={() => open(a.id)}>{v}</Typography.Link> },
    { title: t('activities.type'), dataIndex: 'type', width: 110, render: types.label },
    { title: t('activities.period'), key: 'period', width: 200, render: (_, a) => (a.startsOn === a.endsOn ? a.startsOn : `${a.startsOn} ~ ${a.endsOn}`) },
    { title: t('activities.place'), dataIndex: 'place', render: (v: string | null) => v ?? '—' },
    { title: t('activities.status'), dataIndex: 'status', width: 100, render: (v: ActivityStatus) => <ActivityStatusTag status={v} /> },
    { title: t('activities.participants'), key: 'people', width: 120, align: 'right', render: (_, a) => `${a.participants} / ${a.expectedHeadcount ?? '—'}` },
    { title: t('activities.budget'), dataIndex: 'budgetFen', width: 130, align: 'right', render: yuan },
    { title: t('activities.totalCost'), dataIndex: 'totalFen', width: 130, align: 'right', render: yuan },
    { title: t('activities.perHead'), dataIndex: 'perHeadFen', width: 130, align: 'right', render: yuan },
    { title: t('activities.pointsPerParticipant'), dataIndex: 'pointsPerParticipant', width: 100, align: 'right' },
  ];

  const search = (v: FilterValues) => setFilters({
    q: v.q?.trim() || undefined, status: v.status, type: v.type,
    from: v.period?.[0]?.format('YYYY-MM-DD'), to: v.period?.[1]?.format('YYYY-MM-DD'),
  });

  return (
    <>
      <Form<FilterValues> form={form} layout="inline" onFinish={search} style={{ marginBottom: 16, rowGap: 12 }} data-testid="activity-filters">
        <Form.Item name="q"><Input allowClear placeholder={t('activities.searchName')} style={{ width: 200 }} /></Form.Item>
        <Form.Item name="status">
          <Select aria-label={t('activities.status')} allowClear placeholder={t('activities.status')} style={{ width: 120 }} options={statuses.map((s) => ({ value: s, label: t(`activities.statusValue.${s}`) }))} />
        </Form.Item>
        <Form.Item name="type"><Select aria-label={t('activities.type')} allowClear placeholder={t('activities.type')} style={{ width: 130 }} options={types.options} /></Form.Item>
        <Form.Item name="period" label={t('activities.period')}><DatePicker.RangePicker allowEmpty={[true, true]} /></Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); setFilters({}); }}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      {can('activity.manage') && (
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlanning(true)} data-testid="plan-activity">{t('activities.plan.button')}</Button>
        </Space>
      )}
      <Table<ActivityListItem> rowKey="id" {...tableProps} columns={columns} scroll={{ x: 1200 }} data-testid="activities-table" onRow={(a) => ({ onDoubleClick: () => open(a.id) })} />
      <PlanDialog open={planning} onClose={() => setPlanning(false)} onDone={(a) => open(a.id)} />
    </>
  );
}
