// 关怀记录: every care action — manual and automatic — with its channel and progress.
import { useNavigate } from 'react-router';
import { Button, DatePicker, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { useDictionary } from '../activities/shared';
import { CareProgress } from './shared';
import type { CareAction, Trigger } from './types';

type Filters = { q?: string; kind?: string; trigger?: string; channel?: string; from?: string; to?: string };
type Values = Omit<Filters, 'from' | 'to'> & { period?: [Dayjs | null, Dayjs | null] | null };
export const triggers: Trigger[] = ['birthday', 'purchase', 'activity'];

export default function CareActionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const channels = useDictionary('care_channel');
  const { tableProps, setFilters } = useServerTable<CareAction, Filters>('/care/actions');
  const [form] = Form.useForm<Values>();
  const open = (id: number) => navigate(`/care/actions/${id}`);

  const columns: TableColumnsType<CareAction> = [
    { title: t('care.createdAt'), dataIndex: 'createdAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('care.title'), dataIndex: 'title', render: (v: string, c) => <Typography.Link onClick={() => open(c.id)}>{v}</Typography.Link> },
    {
      title: t('care.kind'), key: 'kind', width: 150,
      render: (_, c) => (c.kind === 'manual' ? <Tag>{t('care.kindValue.manual')}</Tag> : <Tag color="cyan">{t(`care.triggerValue.${c.trigger}`)}</Tag>),
    },
    { title: t('care.channel'), dataIndex: 'channel', width: 110, render: channels.label },
    { title: t('care.members'), key: 'members', width: 90, align: 'right', render: (_, c) => c.progress.total },
    { title: t('care.points'), dataIndex: 'points', width: 90, align: 'right' },
    { title: t('care.progress'), key: 'progress', width: 220, render: (_, c) => <CareProgress p={c.progress} /> },
    { title: t('care.createdBy'), dataIndex: 'createdBy', width: 110 },
  ];

  return (
    <>
      <Form<Values> form={form} layout="inline" style={{ marginBottom: 16, rowGap: 12 }}
        onFinish={(v) => setFilters({ q: v.q?.trim() || undefined, kind: v.kind, trigger: v.trigger, channel: v.channel, from: v.period?.[0]?.format('YYYY-MM-DD'), to: v.period?.[1]?.format('YYYY-MM-DD') })}>
        <Form.Item name="q"><Input allowClear placeholder={t('care.title')} style={{ width: 180 }} /></Form.Item>
        <Form.Item name="kind"><Select aria-label={t('care.kind')} allowClear placeholder={t('care.kind')} style={{ width: 120 }} options={(['manual', 'automatic'] as const).map((k) => ({ value: k, label: t(`care.kindValue.${k}`) }))} /></Form.Item>
        <Form.Item name="trigger"><Select aria-label={t('care.trigger')} allowClear placeholder={t('care.trigger')} style={{ width: 130 }} options={triggers.map((k) => ({ value: k, label: t(`care.triggerValue.${k}`) }))} /></Form.Item>
        <Form.Item name="channel"><Select aria-label={t('care.channel')} allowClear placeholder={t('care.channel')} style={{ width: 120 }} options={channels.options} /></Form.Item>
        <Form.Item name="period"><DatePicker.RangePicker allowEmpty={[true, true]} /></Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); setFilters({}); }}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/care/new')} data-testid="new-care">{t('care.menu.new')}</Button>
      </Space>
      <Table<CareAction> {...tableProps} columns={columns} data-testid="care-actions-table" onRow={(c) => ({ onDoubleClick: () => open(c.id) })} />
    </>
  );
}
