// 商家: search merchants (fuzzy name, code, parent company, service name, type, importance,
// contracts ending), add/edit/delete/restore, and open a merchant and its services.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, DatePicker, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useAction } from '../../components/useAction';
import { useList } from '../../components/useList';
import { useServerTable } from '../../components/useServerTable';
import { MerchantDialog } from './MerchantDialogs';
import { MerchantDrawer } from './MerchantDrawer';
import { ServiceDrawer } from './ServiceDrawer';
import { MerchantImportanceTag, merchantLists } from './shared';
import type { Merchant } from './types';
import { Confirm } from '../../components/Confirm';
import { ExportButton } from '../../components/ExportButton';

interface Filters { [k: string]: string | undefined; q?: string; service?: string; type?: string; importance?: string; contractEndsBy?: string; deleted?: string }

export default function MerchantsPage() {
  const { t } = useTranslation();
  const act = useAction();
  const [params, setParams] = useSearchParams();
  const merchantId = Number(params.get('id')) || null;
  const serviceId = Number(params.get('service')) || null;
  const { tableProps, filters, setFilters } = useServerTable<Merchant, Filters>('/merchants');
  const types = useList<string>('/merchants/types');
  const [dialog, setDialog] = useState<Merchant | 'new' | null>(null);
  const [form] = Form.useForm<Omit<Filters, 'contractEndsBy'> & { contractEndsBy?: Dayjs }>();

  const remove = (m: Merchant) => act(() => api.delete(`/merchants/${m.id}`), { invalidate: merchantLists, success: t('common.deleted') });
  const restore = (m: Merchant) => act(() => api.post(`/merchants/${m.id}/restore`, {}), { invalidate: merchantLists, success: t('merchants.restored') });

  const columns: TableColumnsType<Merchant> = [
    { title: t('merchants.code'), dataIndex: 'code', width: 110 },
    { title: t('merchants.name'), dataIndex: 'name', render: (v: string, m) => <Typography.Link onClick={() => setParams({ id: String(m.id) })}>{v}</Typography.Link> },
    { title: t('merchants.type'), dataIndex: 'type', render: (v: string | null) => v ?? '—' },
    { title: t('merchants.importance'), dataIndex: 'importance', render: (v) => <MerchantImportanceTag value={v} /> },
    { title: t('merchants.contact'), key: 'contact', render: (_, m) => [m.contact, m.phone1].filter(Boolean).join(' · ') || '—' },
    { title: t('merchants.parentCompany'), dataIndex: 'parentCompany', render: (v: string | null) => v ?? '—' },
    { title: t('merchants.contractEndsOn'), dataIndex: 'contractEndsOn', render: (v: string | null) => v ?? '—' },
    { title: t('merchants.serviceCount'), dataIndex: 'serviceCount', width: 80 },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a',
      render: (_, m) => m.deletedAt ? (
        <Space><Tag color="red">{t('merchants.deleted')}</Tag><Button type="link" size="small" onClick={() => void restore(m)}>{t('merchants.restore')}</Button></Space>
      ) : (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDialog(m)}>{t('common.edit')}</Button>
          <Confirm title={t('merchants.confirmDelete', { name: m.name })} onConfirm={() => remove(m)} okText={t('common.delete')} cancelText={t('common.cancel')}>
            <Button type="link" size="small" danger>{t('common.delete')}</Button>
          </Confirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Form form={form} name="merchantFilters" layout="inline" style={{ marginBottom: 16, rowGap: 12 }}
        onFinish={(v) => setFilters({ ...v, q: v.q?.trim() || undefined, service: v.service?.trim() || undefined, contractEndsBy: v.contractEndsBy?.format('YYYY-MM-DD') })}>
        <Form.Item name="q"><Input allowClear placeholder={t('merchants.filters.q')} style={{ width: 220 }} /></Form.Item>
        <Form.Item name="service"><Input allowClear placeholder={t('merchants.filters.service')} style={{ width: 160 }} /></Form.Item>
        <Form.Item name="type"><Select aria-label={t('merchants.type')} allowClear placeholder={t('merchants.type')} style={{ width: 130 }} options={(types.data ?? []).map((v) => ({ value: v, label: v }))} /></Form.Item>
        <Form.Item name="importance">
          <Select aria-label={t('merchants.importance')} allowClear placeholder={t('merchants.importance')} style={{ width: 110 }} options={(['high', 'normal', 'low'] as const).map((v) => ({ value: v, label: t(`merchants.importanceValue.${v}`) }))} />
        </Form.Item>
        <Form.Item name="contractEndsBy"><DatePicker placeholder={t('merchants.filters.contractEndsBy')} /></Form.Item>
        <Form.Item name="deleted">
          <Select aria-label={t('merchants.filters.deleted')} allowClear placeholder={t('merchants.filters.deleted')} style={{ width: 110 }} options={(['exclude', 'only', 'include'] as const).map((v) => ({ value: v, label: t(`merchants.filters.showDeleted.${v}`) }))} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); setFilters({}); }}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')}>{t('merchants.create')}</Button>
        <ExportButton path="/merchants" filters={filters} list="merchants" />
      </Space>
      <Table<Merchant> {...tableProps} columns={columns} data-testid="merchants-table" />
      <MerchantDialog open={dialog !== null} merchant={dialog && dialog !== 'new' ? dialog : undefined} onClose={() => setDialog(null)} />
      <MerchantDrawer id={merchantId} onClose={() => setParams({})} onOpenService={(sid) => setParams({ id: String(merchantId), service: String(sid) })} />
      <ServiceDrawer id={serviceId} onClose={() => setParams(merchantId ? { id: String(merchantId) } : {})} />
    </>
  );
}
