// 客户列表: search (name fuzzy and pinyin, mobile or its tail, ID number), filters, server
// pagination, ID numbers masked; add, edit, delete/restore; export with pii.export (audited).
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Checkbox, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { useServerTable } from '../../components/useServerTable';
import { CustomerDialog } from './CustomerDialogs';
import { customerLists, useDictionary, useFacets } from './shared';
import type { Customer } from './types';
import { Confirm } from '../../components/Confirm';
import { ExportButton } from '../../components/ExportButton';

interface Filters {
  [k: string]: string | undefined;
  q?: string; tag?: string; ownerId?: string; source?: string; department?: string; project?: string; isBuyer?: string; isMember?: string; deleted?: string;
}

export default function CustomersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const act = useAction();
  const navigate = useNavigate();
  const sources = useDictionary('customer_source');
  const facets = useFacets();
  const { tableProps, filters, setFilters } = useServerTable<Customer, Filters>('/customers');
  const [form] = Form.useForm<Filters>();
  const [dialog, setDialog] = useState<Customer | 'new' | null>(null);
  const [fullIds, setFullIds] = useState(false);

  const remove = (c: Customer) => act(() => api.delete(`/customers/${c.id}`), { invalidate: customerLists, success: t('common.deleted') });
  const restore = (c: Customer) => act(() => api.post(`/customers/${c.id}/restore`), { invalidate: customerLists, success: t('customers.restored') });

  const yesNo = (v: 'true' | 'false', kind: 'buyer' | 'memberState') => t(`customers.filters.${kind}.${v}`);
  const columns: TableColumnsType<Customer> = [
    { title: t('customers.field.name'), dataIndex: 'name', render: (v: string, c) => <Link to={`/customers/${c.id}`}>{v}</Link> },
    { title: t('customers.field.gender'), dataIndex: 'gender', width: 64, render: (v: Customer['gender']) => (v ? t(`customers.gender.${v}`) : '—') },
    { title: t('customers.field.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
    { title: t('customers.field.mobile'), dataIndex: 'mobile', render: (v: string | null) => v ?? '—' },
    { title: t('customers.field.source'), dataIndex: 'source', render: (v: string) => sources.label(v) },
    { title: t('customers.field.tags'), dataIndex: 'tags', render: (v: string[]) => <Space size={[0, 4]} wrap>{v.map((x) => <Tag key={x}>{x}</Tag>)}</Space> },
    { title: t('customers.field.owner'), key: 'owner', render: (_, c) => [c.ownerName, c.department].filter(Boolean).join(' · ') || '—' },
    {
      title: t('customers.field.isBuyer'), key: 'state', render: (_, c) => (
        <Space size={[0, 4]} wrap>
          {c.isBuyer && <Tag color="blue">{t('customers.detail.buyerYes')}</Tag>}
          {c.memberId && <Tag color="green">{t('customers.detail.memberLink', { id: c.memberId })}</Tag>}
        </Space>
      ),
    },
    { title: t('customers.field.createdAt'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, c) => !can('customer.write') ? null : c.deletedAt ? (
        <Space>
          <Tag color="red">{c.mergedIntoId ? t('customers.merged', { id: c.mergedIntoId }) : t('customers.deleted')}</Tag>
          {!c.mergedIntoId && <Button type="link" size="small" onClick={() => void restore(c)}>{t('customers.restore')}</Button>}
        </Space>
      ) : (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDialog(c)}>{t('common.edit')}</Button>
          <Confirm title={t('customers.confirmDelete', { name: c.name })} onConfirm={() => remove(c)} okText={t('common.delete')} cancelText={t('common.cancel')}>
            <Button type="link" size="small" danger>{t('common.delete')}</Button>
          </Confirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Form form={form} layout="inline" style={{ marginBottom: 16, rowGap: 12 }} onFinish={(v) => setFilters({ ...v, q: v.q?.trim() || undefined })}>
        <Form.Item name="q"><Input allowClear placeholder={t('customers.filters.q')} style={{ width: 280 }} data-testid="customer-search" /></Form.Item>
        <Form.Item name="tag"><Select aria-label={t('customers.filters.tag')} allowClear showSearch placeholder={t('customers.filters.tag')} style={{ width: 120 }} options={facets.tags.map((v) => ({ value: v, label: v }))} /></Form.Item>
        <Form.Item name="ownerId"><Select aria-label={t('customers.filters.owner')} allowClear showSearch optionFilterProp="label" placeholder={t('customers.filters.owner')} style={{ width: 130 }} options={facets.owners.map((o) => ({ value: String(o.id), label: o.name }))} /></Form.Item>
        <Form.Item name="source"><Select aria-label={t('customers.filters.source')} allowClear placeholder={t('customers.filters.source')} style={{ width: 150 }} options={sources.options} /></Form.Item>
        <Form.Item name="department"><Select aria-label={t('customers.filters.department')} allowClear placeholder={t('customers.filters.department')} style={{ width: 130 }} options={facets.departments.map((v) => ({ value: v, label: v }))} /></Form.Item>
        <Form.Item name="project"><Select aria-label={t('customers.filters.project')} allowClear showSearch placeholder={t('customers.filters.project')} style={{ width: 140 }} options={facets.projects.map((p) => ({ value: p.project, label: p.project }))} /></Form.Item>
        <Form.Item name="isBuyer"><Select aria-label={t('customers.filters.isBuyer')} allowClear placeholder={t('customers.filters.isBuyer')} style={{ width: 120 }} options={(['true', 'false'] as const).map((v) => ({ value: v, label: yesNo(v, 'buyer') }))} /></Form.Item>
        <Form.Item name="isMember"><Select aria-label={t('customers.filters.isMember')} allowClear placeholder={t('customers.filters.isMember')} style={{ width: 120 }} options={(['true', 'false'] as const).map((v) => ({ value: v, label: yesNo(v, 'memberState') }))} /></Form.Item>
        <Form.Item name="deleted">
          <Select aria-label={t('customers.filters.deleted')} allowClear placeholder={t('customers.filters.deleted')} style={{ width: 110 }} options={(['exclude', 'only', 'include'] as const).map((v) => ({ value: v, label: t(`customers.filters.showDeleted.${v}`) }))} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); setFilters({}); }}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 16 }} wrap>
        {can('customer.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')}>{t('customers.create')}</Button>}
        <ExportButton path="/customers" filters={{ ...filters, reveal: fullIds ? 'idNumber' : undefined }} list="customers" />
        {can('pii.view') && can('pii.export') && <Checkbox checked={fullIds} onChange={(e) => setFullIds(e.target.checked)}>{t('customers.exportFull')}</Checkbox>}
      </Space>
      <Table<Customer> {...tableProps} columns={columns} scroll={{ x: 'max-content' }} data-testid="customers-table" />
      <CustomerDialog open={dialog !== null} customer={dialog && dialog !== 'new' ? dialog : undefined} onClose={() => setDialog(null)}
        onDone={(c) => { if (dialog === 'new') void navigate(`/customers/${c.id}`); }} />
    </>
  );
}
