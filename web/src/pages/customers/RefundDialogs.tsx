// Money back and 退房: a refund of a purchase, its cancellation, and the message that says what
// happened to the purchase points (reversed, already spent and queued for a decision, withdrawn).
import { useMemo } from 'react';
import { App, DatePicker, Form, Input, InputNumber, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { customerLists, toFen, yuan } from './shared';
import type { PointsReversal, Purchase, Refund } from './types';
import { companyInstant, companyWallClock } from '../../components/format';

/** "已冲回购房积分 1 000 分；…" — what a refund, a void or a cancellation did to the purchase points. */
export function pointsOutcome(t: TFunction, points: PointsReversal | null | undefined): string | null {
  if (!points) return null;
  const parts: string[] = [];
  if (points.reversed) parts.push(t('customers.pointsOutcome.reversed', { points: points.reversed.toLocaleString() }));
  if (points.notReversed) parts.push(t('customers.pointsOutcome.notReversed', { points: points.notReversed.toLocaleString(), ids: points.pendingEntryIds.join(', #') }));
  if (points.withdrawn) parts.push(t('customers.pointsOutcome.withdrawn', { points: points.withdrawn.toLocaleString() }));
  if (points.dueCancelled) parts.push(t('customers.pointsOutcome.dueCancelled'));
  return parts.length ? parts.join(t('customers.pointsOutcome.separator')) : t('customers.pointsOutcome.nothing');
}

/** Shows the success message, longer and as a warning when points could not be taken back. */
export function useOutcomeMessage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (done: string, points: PointsReversal | null | undefined) => {
    const outcome = pointsOutcome(t, points);
    const text = outcome ? t('customers.pointsOutcome.sentence', { done, outcome }) : done;
    if (points?.notReversed) message.warning(text, 10);
    else message.success(text, outcome ? 6 : 3);
  };
}

interface RefundValues { amountFen: number; refundedAt?: Dayjs; reason: string; receiptNo?: string }
interface RefundReply { refund: Refund; purchase: Purchase; points: PointsReversal | null }

export function RefundDialog({ purchase, onClose }: { purchase: Purchase | null; onClose: () => void }) {
  const { t } = useTranslation();
  const tell = useOutcomeMessage();
  const p = purchase;
  // one key per opening of the dialog: a retry (a double click, a lost reply) refunds once
  const key = useMemo(() => (p ? `refund-${p.id}-${crypto.randomUUID()}` : ''), [p]);
  const submit = ({ amountFen, refundedAt, receiptNo, reason }: RefundValues) => api.postOnce<RefundReply>(`/purchases/${p!.id}/refunds`, {
    amountFen: toFen(amountFen), refundedAt: companyInstant(refundedAt), reason: reason.trim(), receiptNo: receiptNo?.trim() || null,
  }, key);
  return (
    <FormDialog<RefundValues, RefundReply>
      open={!!p} onClose={onClose} onSubmit={submit} okText={t('customers.refund.add')}
      title={p ? t('customers.refund.title', { project: p.project, unit: p.unit }) : ''}
      invalidate={p ? [...customerLists, `/customers/${p.customerId}`] : []} initialValues={{ refundedAt: companyWallClock() }}
      onDone={(r) => tell(t('customers.refund.done', { amount: yuan(r.refund.amountFen) }), r.points)}
    >
      {p?.fullyPaidAt && <Typography.Paragraph type="warning" data-testid="refund-paid-hint">{t('customers.refund.paidHint')}</Typography.Paragraph>}
      <Form.Item name="amountFen" label={t('customers.refund.amount')} extra={p ? t('customers.refund.max', { amount: yuan(p.receivedFen) }) : null}
        rules={[{ required: true, message: t('validation.required') }]}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} autoFocus />
      </Form.Item>
      <Form.Item name="reason" label={t('customers.refund.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="refundedAt" label={t('customers.refund.refundedAt')}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="receiptNo" label={t('customers.refund.receiptNo')}><Input maxLength={64} /></Form.Item>
    </FormDialog>
  );
}

interface CancelReply { purchase: Purchase; points: PointsReversal | null }

export function CancelPurchaseDialog({ purchase, onClose }: { purchase: Purchase | null; onClose: () => void }) {
  const { t } = useTranslation();
  const tell = useOutcomeMessage();
  const p = purchase;
  const key = useMemo(() => (p ? `cancel-${p.id}-${crypto.randomUUID()}` : ''), [p]);
  return (
    <FormDialog<{ reason: string }, CancelReply>
      open={!!p} onClose={onClose} okText={t('customers.cancel.confirm')}
      title={p ? t('customers.cancel.title', { project: p.project, unit: p.unit }) : ''}
      onSubmit={(v) => api.postOnce<CancelReply>(`/purchases/${p!.id}/cancel`, { reason: v.reason.trim() }, key)}
      invalidate={p ? [...customerLists, `/customers/${p.customerId}`] : []}
      onDone={(r) => tell(t('customers.cancel.done'), r.points)}
    >
      <Typography.Paragraph type="secondary">{t('customers.cancel.hint')}</Typography.Paragraph>
      {p?.fullyPaidAt && <Typography.Paragraph type="warning">{t('customers.cancel.paidHint')}</Typography.Paragraph>}
      <Form.Item name="reason" label={t('customers.cancel.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={2} maxLength={2000} autoFocus />
      </Form.Item>
    </FormDialog>
  );
}
