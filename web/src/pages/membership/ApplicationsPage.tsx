// 入会申请: the review queue (pending, oldest first) and every other application; entry of new
// applications; each pending one opens the review screen.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { ApplicationDialog } from './ApplicationDialog';
import { ApplicationStatusTag, useChannelLabel } from './shared';
import type { Application } from './types';
import { ExportButton } from '../../components/ExportButton';

interface Filters { [k: string]: string | undefined; status?: string; method?: string; channel?: string; q?: string }

const statuses = ['pending', 'approved', 'merged', 'linked', 'rejected'] as const;

export default function ApplicationsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const channelLabel = useChannelLabel();
  const { tableProps, filters, setFilters } = useServerTable<Application, Filters>('/applications', { status: 'pending' });
  const [form] = Form.useForm<Filters>();
  const [entering, setEntering] = useState(false);

  const columns: TableColumnsType<Application> = [
    { title: t('membership.field.applicationNo'), dataIndex: 'applicationNo', render: (v: string, a) => <Link to={`/membership/applications/${a.id}`}>{v}</Link> },
    { title: t('membership.field.name'), dataIndex: 'name' },
    { title: t('membership.field.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => v ?? '—' },
    { title: t('membership.field.mobile'), dataIndex: 'mobile', render: (v: string | null) => v ?? '—' },
    { title: t('membership.field.channel'), key: 'channel', render: (_, a) => channelLabel(a.channel, a.subChannel, a.method) },
    { title: t('membership.field.method'), dataIndex: 'method', render: (v: string) => t(`membership.method.${v}`) },
    {
      title: t('membership.field.status'), key: 'status', render: (_, a) => (
        <Space size={[0, 4]} wrap>
          <ApplicationStatusTag status={a.status} />
          {a.outcome && a.status !== 'pending' && <Tag>{t(`membership.outcome.${a.outcome}`)}</Tag>}
        </Space>
      ),
    },
    { title: t('membership.field.createdAt'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, a) => (
        <Button type="link" size="small" onClick={() => void navigate(`/membership/applications/${a.id}`)} data-testid={`review-${a.applicationNo}`}>
          {a.status === 'pending' && can('member.approve') ? t('membership.applications.review') : t('membership.applications.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Form form={form} layout="inline" style={{ marginBottom: 16, rowGap: 12 }} initialValues={{ status: 'pending' }}
        onFinish={(v) => setFilters({ ...v, q: v.q?.trim() || undefined })}>
        <Form.Item name="q"><Input allowClear placeholder={t('membership.applications.filtersQ')} style={{ width: 260 }} /></Form.Item>
        <Form.Item name="status">
          <Select aria-label={t('membership.field.status')} allowClear placeholder={t('membership.field.status')} style={{ width: 140 }} options={statuses.map((s) => ({ value: s, label: t(`membership.applicationStatus.${s}`) }))} />
        </Form.Item>
        <Form.Item name="method">
          <Select aria-label={t('membership.field.method')} allowClear placeholder={t('membership.field.method')} style={{ width: 160 }} options={(['manual', 'automatic'] as const).map((m) => ({ value: m, label: t(`membership.method.${m}`) }))} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); setFilters({ status: 'pending' }); }}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 16 }}>
        {can('member.apply') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEntering(true)} data-testid="new-application">{t('membership.applications.create')}</Button>}
        <ExportButton path="/applications" filters={filters} list="applications" />
      </Space>
      <Table<Application> {...tableProps} columns={columns} scroll={{ x: 1000 }} data-testid="applications-table" />
      <ApplicationDialog open={entering} onClose={() => setEntering(false)} />
    </>
  );
}
