// Forms of the customer pages: customer, purchase, payment, voiding a payment. Field errors the
// API reports (idNumber, mobile, priceFen…) land on the fields of the same name.
import { AutoComplete, DatePicker, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { useNamedOutcome } from '../../components/useNamedOutcome';
import { customerLists, toFen, useDictionary, useFacets, yuan } from './shared';
import type { Customer, Payment, PointsReversal, Purchase } from './types';
import { useOutcomeMessage } from './RefundDialogs';
import { longTextMax } from '../../limits';
import { companyInstant, companyWallClock } from '../../components/format';

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const blank = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

interface CustomerValues {
  name: string; gender?: 'male' | 'female' | null; birthday?: Dayjs | null; idType?: string | null; idNumber?: string;
  mobile?: string; homePhone?: string; email?: string; address?: string; source?: string; tags?: string[]; department?: string; note?: string;
}

export function CustomerDialog({ open, customer, onClose, onDone }: { open: boolean; customer?: Customer; onClose: () => void; onDone?: (c: Customer) => void }) {
  const { t } = useTranslation();
  const named = useNamedOutcome();
  const idTypes = useDictionary('id_type');
  const sources = useDictionary('customer_source');
  const facets = useFacets();
  const editing = !!customer;
  const submit = ({ birthday, idNumber, ...v }: CustomerValues) => {
    const body = {
      ...v, birthday: day(birthday), mobile: blank(v.mobile), homePhone: blank(v.homePhone), email: blank(v.email), address: blank(v.address),
      department: blank(v.department), note: blank(v.note), gender: v.gender ?? null, idType: v.idType ?? null,
      // editing: the number is shown masked and only sent when retyped
      ...(idNumber?.trim() ? { idNumber: idNumber.trim() } : editing ? {} : { idNumber: null }),
    };
    return editing ? api.patch<Customer>(`/customers/${customer.id}`, body) : api.post<Customer>('/customers', body);
  };
  return (
    <FormDialog<CustomerValues, Customer>
      open={open} width={680} title={editing ? t('customers.editTitle', { name: customer.name }) : t('customers.create')}
      onClose={onClose} onSubmit={submit} onDone={onDone} successMessage={(c) => named('customer', c.name, editing)}
      invalidate={[...customerLists, ...(customer ? [`/customers/${customer.id}`] : [])]}
      initialValues={customer
        ? { ...customer, idNumber: '', birthday: customer.birthday ? dayjs(customer.birthday) : null, mobile: customer.mobile ?? undefined,
            homePhone: customer.homePhone ?? undefined, email: customer.email ?? undefined, address: customer.address ?? undefined,
            department: customer.department ?? undefined, note: customer.note ?? undefined }
        : { source: 'manual', idType: 'resident_id', tags: [] }}
    >
      <Form.Item name="name" label={t('customers.field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input maxLength={64} autoFocus />
      </Form.Item>
      <Form.Item name="idType" label={t('customers.field.idType')}><Select options={idTypes.options} allowClear /></Form.Item>
      <Form.Item name="idNumber" label={t('customers.field.idNumber')} extra={t('customers.idNumberHint')}>
        <Input maxLength={40} placeholder={customer?.idNumberMasked ?? undefined} data-testid="customer-id-number" />
      </Form.Item>
      <Form.Item name="gender" label={t('customers.field.gender')}>
        <Radio.Group options={[{ value: 'male', label: t('customers.gender.male') }, { value: 'female', label: t('customers.gender.female') }]} />
      </Form.Item>
      <Form.Item name="birthday" label={t('customers.field.birthday')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="mobile" label={t('customers.field.mobile')} extra={t('customers.mobileHint')}><Input maxLength={20} /></Form.Item>
      <Form.Item name="homePhone" label={t('customers.field.homePhone')}><Input maxLength={20} /></Form.Item>
      <Form.Item name="email" label={t('customers.field.email')}><Input maxLength={128} /></Form.Item>
      <Form.Item name="address" label={t('customers.field.address')}><Input maxLength={200} /></Form.Item>
      <Form.Item name="source" label={t('customers.field.source')}><Select options={sources.options} /></Form.Item>
      <Form.Item name="tags" label={t('customers.field.tags')} extra={t('customers.tagsHint')}>
        <Select mode="tags" options={facets.tags.map((v) => ({ value: v, label: v }))} maxTagTextLength={32} />
      </Form.Item>
      <Form.Item name="department" label={t('customers.field.department')}>
        <AutoComplete options={facets.departments.map((v) => ({ value: v }))} filterOption maxLength={64} />
      </Form.Item>
      <Form.Item name="note" label={t('customers.field.note')}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}

interface PurchaseValues { project: string; unit: string; contractNo?: string; contractDate?: Dayjs | null; priceFen: number; status?: string; note?: string }

export function PurchaseDialog({ open, customerId, purchase, onClose }: { open: boolean; customerId: number; purchase?: Purchase; onClose: () => void }) {
  const { t } = useTranslation();
  const named = useNamedOutcome();
  const facets = useFacets();
  const editing = !!purchase;
  const statuses = editing ? (['subscribed', 'contracted', 'cancelled'] as const) : (['subscribed', 'contracted'] as const);
  const submit = ({ contractDate, priceFen, ...v }: PurchaseValues) => {
    const body = { ...v, contractNo: blank(v.contractNo), note: blank(v.note), contractDate: day(contractDate), priceFen: toFen(priceFen) };
    return editing ? api.patch(`/purchases/${purchase.id}`, body) : api.post(`/customers/${customerId}/purchases`, body);
  };
  const locked = !!purchase?.fullyPaidAt || purchase?.status === 'cancelled';
  return (
    <FormDialog<PurchaseValues>
      open={open} width={600} onClose={onClose} onSubmit={submit} successMessage={(_, v) => named('purchase', `${v.project} ${v.unit}`, editing)}
      title={editing ? t('customers.purchase.editTitle', { project: purchase.project, unit: purchase.unit }) : t('customers.purchase.add')}
      invalidate={[...customerLists, `/customers/${customerId}`]}
      initialValues={purchase
        ? { ...purchase, contractNo: purchase.contractNo ?? undefined, note: purchase.note ?? undefined, contractDate: purchase.contractDate ? dayjs(purchase.contractDate) : null, priceFen: purchase.priceFen == null ? undefined : purchase.priceFen / 100 }
        : { status: 'contracted' }}
    >
      {!editing && <Typography.Paragraph type="secondary">{t('customers.purchase.autoApplication')}</Typography.Paragraph>}
      <Form.Item name="project" label={t('customers.purchase.project')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <AutoComplete options={facets.projects.map((p) => ({ value: p.project }))} filterOption maxLength={100} />
      </Form.Item>
      <Form.Item name="unit" label={t('customers.purchase.unit')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={64} /></Form.Item>
      <Form.Item name="contractNo" label={t('customers.purchase.contractNo')}><Input maxLength={64} /></Form.Item>
      <Form.Item name="contractDate" label={t('customers.purchase.contractDate')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="priceFen" label={t('customers.purchase.price')} rules={[{ required: true, message: t('validation.required') }]}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} disabled={locked} />
      </Form.Item>
      <Form.Item name="status" label={t('customers.purchase.status')}>
        <Radio.Group optionType="button" disabled={locked} options={statuses.map((s) => ({ value: s, label: t(`customers.purchase.statusValue.${s}`) }))} />
      </Form.Item>
      <Form.Item name="note" label={t('customers.purchase.note')}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}

interface PaymentValues { amountFen: number; paidAt?: Dayjs; receiptNo?: string; note?: string }

export function PaymentDialog({ open, purchase, onClose }: { open: boolean; purchase: Purchase; onClose: () => void }) {
  const { t } = useTranslation();
  const remaining = Math.max(0, (purchase.priceFen ?? 0) - purchase.receivedFen);
  const submit = ({ amountFen, paidAt, ...v }: PaymentValues) =>
    api.post(`/purchases/${purchase.id}/payments`, { ...v, receiptNo: blank(v.receiptNo), note: blank(v.note), amountFen: toFen(amountFen), paidAt: companyInstant(paidAt) });
  return (
    <FormDialog<PaymentValues>
      open={open} onClose={onClose} onSubmit={submit} successMessage={t('common.saved')}
      title={t('customers.payment.title', { project: purchase.project, unit: purchase.unit })}
      invalidate={[...customerLists, `/customers/${purchase.customerId}`]} initialValues={{ paidAt: companyWallClock() }}
    >
      <Typography.Paragraph type="secondary">{t('customers.payment.fullyPaidHint')}</Typography.Paragraph>
      <Form.Item name="amountFen" label={t('customers.payment.amount')} extra={t('customers.payment.remaining', { amount: yuan(remaining) })}
        rules={[{ required: true, message: t('validation.required') }]}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} autoFocus />
      </Form.Item>
      <Form.Item name="paidAt" label={t('customers.payment.paidAt')}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="receiptNo" label={t('customers.payment.receiptNo')}><Input maxLength={64} /></Form.Item>
      <Form.Item name="note" label={t('customers.payment.note')}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}

/** Voids a payment; on a fully paid purchase it says so first, and afterwards what happened to the purchase points. */
export function VoidPaymentDialog({ payment, customerId, paid, onClose }: { payment: Payment | null; customerId: number; paid?: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const tell = useOutcomeMessage();
  return (
    <FormDialog<{ reason: string }, { points: PointsReversal | null }>
      open={!!payment} onClose={onClose} title={t('customers.payment.voidTitle')} okText={t('customers.payment.void')}
      onSubmit={(v) => api.post<{ points: PointsReversal | null }>(`/payments/${payment!.id}/void`, v)} invalidate={[...customerLists, `/customers/${customerId}`]}
      onDone={(r) => tell(t('customers.payment.voided'), r.points)}
    >
      {paid && <Typography.Paragraph type="warning">{t('customers.payment.voidPaidHint')}</Typography.Paragraph>}
      <Form.Item name="reason" label={t('customers.payment.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={2} maxLength={longTextMax} autoFocus />
      </Form.Item>
    </FormDialog>
  );
}
