// 购房记录: every purchase the user may see (their customers' data scope), by project, status,
// origin and payment progress; each row opens its customer. Refund (退款) and cancel (退房) from the row.
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { CancelPurchaseDialog, RefundDialog } from './RefundDialogs';
import { PaidProgress, PurchaseStatusTag, useFacets, yuan } from './shared';
import type { Purchase } from './types';

interface Filters { [k: string]: string | undefined; q?: string; project?: string; status?: string; origin?: string; fullyPaid?: string; deleted?: string }

export default function PurchasesPage() {
  const { t } = useTranslation();
  const facets = useFacets();
  const { tableProps, setFilters } = useServerTable<Purchase, Filters>('/purchases');
  const [form] = Form.useForm<Filters>();
  const can = useCan();
  const [refunding, setRefunding] = useState<Purchase | null>(null);
  const [cancelling, setCancelling] = useState<Purchase | null>(null);
  const columns: TableColumnsType<Purchase> = [
    { title: t('customers.purchase.customer'), dataIndex: 'customerName', render: (v: string, p) => <Link to={`/customers/${p.customerId}`}>{v}</Link> },
    { title: t('customers.purchase.project'), dataIndex: 'project' },
    { title: t('customers.purchase.unit'), dataIndex: 'unit' },
    { title: t('customers.purchase.contractNo'), dataIndex: 'contractNo', render: (v: string | null) => v ?? '—' },
    { title: t('customers.purchase.price'), dataIndex: 'priceFen', align: 'right', render: (v: number | null) => (v == null ? t('customers.purchase.priceUnknown') : yuan(v)) },
    { title: t('customers.purchase.received'), dataIndex: 'receivedFen', align: 'right', render: yuan },
    { title: t('customers.purchase.progress'), key: 'progress', width: 140, render: (_, p) => <PaidProgress p={p} /> },
    {
      title: t('customers.purchase.status'), key: 'status', render: (_, p) => (
        <Space size={[0, 4]} wrap>
          <PurchaseStatusTag status={p.status} />
          {p.origin === 'property_import' && <Tag>{t('customers.purchase.originValue.property_import')}</Tag>}
          {p.deletedAt && <Tag color="red">{t('customers.purchase.deleted')}</Tag>}
        </Space>
      ),
    },
    { title: t('customers.purchase.fullyPaidAt'), dataIndex: 'fullyPaidAt', render: formatTime, className: 'nowrap' },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, p) => (can('purchase.write') && p.origin === 'sale' && !p.deletedAt ? (
        <Space size={0}>
          {p.receivedFen > 0 && <Button type="link" size="small" onClick={() => setRefunding(p)}>{t('customers.refund.add')}</Button>}
          {p.status !== 'cancelled' && <Button type="link" size="small" danger onClick={() => setCancelling(p)}>{t('customers.cancel.action')}</Button>}
        </Space>
      ) : null),
    },
  ];
  return (
    <>
      <Form form={form} layout="inline" style={{ marginBottom: 16, rowGap: 12 }} onFinish={(v) => setFilters({ ...v, q: v.q?.trim() || undefined })}>
        <Form.Item name="q"><Input allowClear placeholder={t('customers.purchase.search')} style={{ width: 220 }} /></Form.Item>
        <Form.Item name="project"><Select aria-label={t('customers.purchase.project')} allowClear showSearch placeholder={t('customers.purchase.project')} style={{ width: 150 }} options={facets.projects.map((p) => ({ value: p.project, label: `${p.project} (${p.count})` }))} /></Form.Item>
        <Form.Item name="status">
          <Select aria-label={t('customers.purchase.status')} allowClear placeholder={t('customers.purchase.status')} style={{ width: 110 }}
            options={(['subscribed', 'contracted', 'paid_off', 'cancelled'] as const).map((s) => ({ value: s, label: t(`customers.purchase.statusValue.${s}`) }))} />
        </Form.Item>
        <Form.Item name="origin">
          <Select aria-label={t('customers.purchase.origin')} allowClear placeholder={t('customers.purchase.origin')} style={{ width: 180 }} options={(['sale', 'property_import'] as const).map((s) => ({ value: s, label: t(`customers.purchase.originValue.${s}`) }))} />
        </Form.Item>
        <Form.Item name="fullyPaid">
          <Select aria-label={t('customers.purchase.progress')} allowClear placeholder={t('customers.purchase.progress')} style={{ width: 130 }}
            options={[{ value: 'true', label: t('customers.purchase.fullyPaid') }, { value: 'false', label: t('customers.purchase.notFullyPaid') }]} />
        </Form.Item>
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
      <Table<Purchase> {...tableProps} columns={columns} scroll={{ x: 1100 }} data-testid="purchases-list" />
      <RefundDialog purchase={refunding} onClose={() => setRefunding(null)} />
      <CancelPurchaseDialog purchase={cancelling} onClose={() => setCancelling(null)} />
    </>
  );
}
