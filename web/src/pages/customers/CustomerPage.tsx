// 客户详情: everything known about one person — profile (ID number masked; pii.view holders may
// reveal it, audited), purchases with their payments and refunds (退款, 退房 and their effect on the
// purchase points), the membership link, and the history.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { ChangesView } from '../audit/ChangesView';
import { actionLabel } from '../audit/labels';
import type { AuditEntry } from '../audit/types';
import { CustomerDialog, PaymentDialog, PurchaseDialog, VoidPaymentDialog } from './CustomerDialogs';
import { CancelPurchaseDialog, RefundDialog } from './RefundDialogs';
import { customerLists, PaidProgress, PurchaseStatusTag, useDictionary, yuan } from './shared';
import type { CustomerDetail, Payment, Purchase, Refund } from './types';
import { Confirm } from '../../components/Confirm';
import { ApplicationDialog } from '../membership/ApplicationDialog';

export default function CustomerPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const act = useAction();
  const id = Number(useParams().id);
  const path = `/customers/${id}`;
  const detail = useQuery({ queryKey: [path], queryFn: () => api.get<CustomerDetail>(path), enabled: Number.isInteger(id) && id > 0 });
  const idTypes = useDictionary('id_type');
  const sources = useDictionary('customer_source');
  const [revealed, setRevealed] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [purchaseDialog, setPurchaseDialog] = useState<Purchase | 'new' | null>(null);
  const [paying, setPaying] = useState<Purchase | null>(null);
  const [voiding, setVoiding] = useState<{ payment: Payment; purchase: Purchase } | null>(null);
  const [refunding, setRefunding] = useState<Purchase | null>(null);
  const [cancelling, setCancelling] = useState<Purchase | null>(null);
  const [applying, setApplying] = useState(false);

  if (detail.error) return <Typography.Text type="danger">{errorMessage(detail.error)}</Typography.Text>;
  if (!detail.data) return <Card loading />;
  const { customer: c, purchases, history, member, pendingApplication: waiting } = detail.data;
  // an application waiting for review: shown in the header and the profile instead of 申请入会
  const waitingApplication = waiting && (
    <>
      <Tag color="processing">{t('customers.detail.applicationPending')}</Tag>
      {can('member.read')
        ? <Link to={`/membership/applications/${waiting.id}`}>{t('customers.detail.applicationLink', { applicationNo: waiting.applicationNo })}</Link>
        : t('customers.detail.applicationLink', { applicationNo: waiting.applicationNo })}
    </>
  );
  const invalidate = [...customerLists, path];

  // one request per reveal, kept only on this screen: each one is a line in the audit log
  const reveal = async () => {
    try {
      const r = await api.get<CustomerDetail>(path, { reveal: 'idNumber' });
      setRevealed(r.customer.idNumber);
      message.success(t('customers.revealed'));
      void detail.refetch();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const purchaseColumns: TableColumnsType<Purchase> = [
    { title: t('customers.purchase.project'), dataIndex: 'project' },
    { title: t('customers.purchase.unit'), dataIndex: 'unit' },
    { title: t('customers.purchase.contractNo'), dataIndex: 'contractNo', render: (v: string | null, p) => [v, p.contractDate].filter(Boolean).join(' · ') || '—' },
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
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, p) => !can('purchase.write') || c.deletedAt ? null : p.deletedAt ? (
        <Button type="link" size="small" onClick={() => void act(() => api.post(`/purchases/${p.id}/restore`), { invalidate, success: t('customers.restored') })}>{t('customers.purchase.restore')}</Button>
      ) : (
        <Space size={0}>
          {p.origin === 'sale' && !['paid_off', 'cancelled'].includes(p.status) && <Button type="link" size="small" onClick={() => setPaying(p)}>{t('customers.payment.add')}</Button>}
          <Button type="link" size="small" onClick={() => setPurchaseDialog(p)}>{t('common.edit')}</Button>
          {p.origin === 'sale' && p.receivedFen > 0 && (
            <Button type="link" size="small" data-testid={`refund-${p.id}`} onClick={() => setRefunding(p)}>{t('customers.refund.add')}</Button>
          )}
          {p.origin === 'sale' && p.status !== 'cancelled' && (
            <Button type="link" size="small" danger data-testid={`cancel-${p.id}`} onClick={() => setCancelling(p)}>{t('customers.cancel.action')}</Button>
          )}
          {!p.fullyPaidAt && (
            <Confirm title={t('customers.purchase.confirmDelete', { project: p.project, unit: p.unit })} okText={t('common.delete')} cancelText={t('common.cancel')}
              onConfirm={() => act(() => api.delete(`/purchases/${p.id}`), { invalidate, success: t('common.deleted') })}>
              <Button type="link" size="small" danger>{t('common.delete')}</Button>
            </Confirm>
          )}
        </Space>
      ),
    },
  ];

  const paymentColumns = (p: Purchase): TableColumnsType<Payment> => [
    { title: t('customers.payment.paidAt'), dataIndex: 'paidAt', render: formatTime, className: 'nowrap' },
    { title: t('customers.payment.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number, x) => (x.voidedAt ? <Typography.Text delete>{yuan(v)}</Typography.Text> : yuan(v)) },
    { title: t('customers.payment.receiptNo'), dataIndex: 'receiptNo', render: (v: string | null) => v ?? '—' },
    { title: t('customers.payment.note'), key: 'note', render: (_, x) => (x.voidedAt ? <Tag color="red">{`${t('customers.payment.voided')}: ${x.voidReason ?? ''}`}</Tag> : x.note ?? '—') },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, x) => (can('purchase.write') && !x.voidedAt && !p.deletedAt && x.amountFen <= p.receivedFen
        ? <Button type="link" size="small" danger onClick={() => setVoiding({ payment: x, purchase: p })}>{t('customers.payment.void')}</Button> : null),
    },
  ];

  const refundColumns: TableColumnsType<Refund> = [
    { title: t('customers.refund.refundedAt'), dataIndex: 'refundedAt', render: formatTime, className: 'nowrap' },
    { title: t('customers.refund.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => `-${yuan(v)}` },
    { title: t('customers.refund.receiptNo'), dataIndex: 'receiptNo', render: (v: string | null) => v ?? '—' },
    { title: t('customers.refund.reason'), dataIndex: 'reason' },
  ];

  const historyColumns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 180, render: formatTime, className: 'nowrap' },
    { title: t('audit.actor'), dataIndex: 'actorName', width: 140 },
    { title: t('audit.action'), dataIndex: 'action', render: (v: string, e) => `${actionLabel(t, v)}${e.entityType === 'purchase' ? ` (#${e.entityId})` : ''}` },
  ];

  const idNumber = revealed ?? c.idNumber;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }} data-testid="customer-name">{c.name}</Typography.Title>
          {c.isBuyer ? <Tag color="blue">{t('customers.detail.buyerYes')}</Tag> : <Tag>{t('customers.detail.buyerNo')}</Tag>}
          {c.tags.map((x) => <Tag key={x}>{x}</Tag>)}
          {c.deletedAt && <Tag color="red">{c.mergedIntoId ? t('customers.merged', { id: c.mergedIntoId }) : t('customers.deleted')}</Tag>}
        </Space>
        <Space>
          <Link to="/customers">{t('customers.detail.back')}</Link>
          {member && can('member.read') && (
            <Link to={`/members/${member.id}`} data-testid="customer-member-link">{t('customers.detail.memberPage', { memberNo: member.memberNo })}</Link>
          )}
          {!member && waiting && <Space size={4} data-testid="customer-application-pending">{waitingApplication}</Space>}
          {can('member.apply') && !member && !waiting && !c.deletedAt && (
            <Button type="primary" onClick={() => setApplying(true)} data-testid="customer-apply">{t('membership.applications.applyFor')}</Button>
          )}
          {can('customer.write') && !c.deletedAt && <Button onClick={() => setEditing(true)}>{t('customers.edit')}</Button>}
          {can('customer.write') && c.deletedAt && !c.mergedIntoId && (
            <Button onClick={() => void act(() => api.post(`/customers/${c.id}/restore`), { invalidate, success: t('customers.restored') })}>{t('customers.restore')}</Button>
          )}
        </Space>
      </Space>

      <Card title={t('customers.detail.profile')} size="small">
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" items={[
          {
            key: 'id', label: t('customers.field.idNumber'), children: idNumber ? (
              <Space>
                <Typography.Text code data-testid="customer-id">{idNumber}</Typography.Text>
                <Typography.Text type="secondary">{idTypes.label(c.idType)}</Typography.Text>
                {can('pii.view') && (revealed ? (
                  <Button size="small" type="link" icon={<EyeInvisibleOutlined />} onClick={() => setRevealed(null)}>{t('customers.hide')}</Button>
                ) : (
                  <Confirm title={t('customers.revealConfirm')} onConfirm={reveal} okText={t('customers.reveal')} cancelText={t('common.cancel')}>
                    <Button size="small" type="link" icon={<EyeOutlined />} data-testid="reveal-id">{t('customers.reveal')}</Button>
                  </Confirm>
                ))}
              </Space>
            ) : '—',
          },
          { key: 'gender', label: t('customers.field.gender'), children: c.gender ? t(`customers.gender.${c.gender}`) : '—' },
          { key: 'birthday', label: t('customers.field.birthday'), children: c.birthday ?? '—' },
          { key: 'mobile', label: t('customers.field.mobile'), children: c.mobile ?? '—' },
          { key: 'homePhone', label: t('customers.field.homePhone'), children: c.homePhone ?? '—' },
          { key: 'email', label: t('customers.field.email'), children: c.email ?? '—' },
          { key: 'address', label: t('customers.field.address'), children: c.address ?? '—' },
          { key: 'source', label: t('customers.field.source'), children: sources.label(c.source) },
          { key: 'owner', label: t('customers.field.owner'), children: c.ownerName ?? '—' },
          { key: 'department', label: t('customers.field.department'), children: c.department ?? '—' },
          {
            key: 'member', label: t('customers.detail.membership'), children: member ? (
              <Space>
                {can('member.read') ? <Link to={`/members/${member.id}`}>{member.memberNo}</Link> : member.memberNo}
                <Tag color={member.status === 'active' ? 'green' : undefined}>{t(`customers.detail.memberStatus.${member.status}`, { defaultValue: member.status })}</Tag>
                <Typography.Text type="secondary">{t('customers.detail.joinedAt', { date: formatTime(member.joinedAt).slice(0, 10) })}</Typography.Text>
              </Space>
            ) : waiting ? (
              <Space>
                {waitingApplication}
                <Typography.Text type="secondary">{t('customers.detail.applicationSince', { date: formatTime(waiting.createdAt).slice(0, 10) })}</Typography.Text>
              </Space>
            ) : t('customers.detail.notMember'),
          },
          { key: 'external', label: t('customers.field.externalId'), children: c.externalId ? `${c.externalSystem}: ${c.externalId}` : '—' },
          { key: 'createdAt', label: t('customers.field.createdAt'), children: formatTime(c.createdAt) },
          { key: 'note', label: t('customers.field.note'), children: c.note ?? '—' },
        ]} />
      </Card>

      <Card title={t('customers.detail.purchases')} size="small"
        extra={can('purchase.write') && !c.deletedAt && <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setPurchaseDialog('new')}>{t('customers.purchase.add')}</Button>}>
        <Table<Purchase> rowKey="id" size="small" pagination={false} dataSource={purchases} columns={purchaseColumns} scroll={{ x: 900 }}
          locale={{ emptyText: t('customers.detail.noPurchases') }} data-testid="purchases-table"
          expandable={{
            rowExpandable: (p) => (p.payments?.length ?? 0) + (p.refunds?.length ?? 0) > 0,
            expandedRowRender: (p) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Table<Payment> rowKey="id" size="small" pagination={false} dataSource={p.payments} columns={paymentColumns(p)} />
                {(p.refunds?.length ?? 0) > 0 && (
                  <Table<Refund> rowKey="id" size="small" pagination={false} dataSource={p.refunds} columns={refundColumns}
                    title={() => t('customers.refund.list')} data-testid={`refunds-${p.id}`} />
                )}
              </Space>
            ),
          }} />
      </Card>

      <Card title={t('customers.detail.history')} size="small">
        <Table<AuditEntry> rowKey="id" size="small" dataSource={history} columns={historyColumns} pagination={{ pageSize: 10 }}
          locale={{ emptyText: t('customers.detail.historyEmpty') }} expandable={{ expandedRowRender: (e) => <ChangesView entry={e} /> }} />
      </Card>

      <CustomerDialog open={editing} customer={c} onClose={() => setEditing(false)} />
      {applying && (
        <ApplicationDialog open customer={{ ...c, idNumber: revealed }} onClose={() => setApplying(false)} onDone={() => void detail.refetch()} />
      )}
      <PurchaseDialog open={purchaseDialog !== null} customerId={c.id} purchase={purchaseDialog && purchaseDialog !== 'new' ? purchaseDialog : undefined} onClose={() => setPurchaseDialog(null)} />
      {paying && <PaymentDialog open purchase={paying} onClose={() => setPaying(null)} />}
      <VoidPaymentDialog payment={voiding?.payment ?? null} paid={!!voiding?.purchase.fullyPaidAt} customerId={c.id} onClose={() => setVoiding(null)} />
      <RefundDialog purchase={refunding} onClose={() => setRefunding(null)} />
      <CancelPurchaseDialog purchase={cancelling} onClose={() => setCancelling(null)} />
    </Space>
  );
}
