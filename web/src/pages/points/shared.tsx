// What the points pages share: the card-reader field, a member's summary, the business-event
// picker, the forms that book points and redeem a plan.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Statistic, Tag, Typography, type InputRef } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Paged } from '../../api';
import { applyFieldErrors, errorMessage } from '../../components/apiErrors';
import { FormDialog } from '../../components/FormDialog';
import { MemberPicker } from '../../components/MemberPicker';
import { formatTime } from '../../components/format';
import { useCardTypes } from '../cards/shared';
import type { MemberPoints, Plan, PointsEvent, Posted } from './types';
import { longTextMax } from '../../limits';
import { primary } from '../../theme';

/** Lists a booking changes: refreshed after each one. */
export const pointsLists = ['/points/entries', '/points/members/find', '/members', '/redemptions', '/redemption-plans', '/points/batches', '/points/stats', '/cards', '/card-upgrades'];

/** A fresh Idempotency-Key for one submission: a double click or a retry books once. */
export function newKey(): string {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function SourceText({ type, id }: { type: string; id: number }) {
  const { t } = useTranslation();
  return <span>{t(`points.source.${type}`, { defaultValue: type })} #{id}</span>;
}

/**
 * 读卡器: a reader types the card number like a keyboard and ends with Enter. The field keeps the
 * focus so the next swipe goes straight in; a found member is handed to `onMember`.
 */
export function CardReaderField({ onMember, autoFocus = true }: { onMember: (m: MemberPoints) => void; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<InputRef>(null);
  useEffect(() => { if (autoFocus) ref.current?.focus(); }, [autoFocus]);
  const find = async (text = value) => {
    const q = text.trim();
    if (!q) return;
    setBusy(true);
    setError(null);
    try {
      const m = await api.get<MemberPoints>('/points/members/find', { q });
      onMember(m);
      setValue('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      ref.current?.focus();
    }
  };
  return (
    <div>
      <Typography.Text strong>{t('points.reader.label')}</Typography.Text>
      <Space.Compact style={{ width: '100%', maxWidth: 520, display: 'flex', marginTop: 4 }}>
        <Input
          ref={ref} value={value} onChange={(e) => setValue(e.target.value)} onPressEnter={() => void find()} placeholder={t('points.reader.placeholder')}
          allowClear size="large" autoComplete="off" data-testid="card-reader" status={error ? 'error' : undefined}
        />
        <Button size="large" type="primary" loading={busy} onClick={() => void find()}>{t('points.reader.find')}</Button>
      </Space.Compact>
      <div><Typography.Text type={error ? 'danger' : 'secondary'}>{error ?? t('points.reader.hint')}</Typography.Text></div>
      {/* no card at hand: find the member by name, mobile digits or member no. */}
      <div style={{ marginTop: 8, maxWidth: 520 }}>
        <MemberPicker value={null} onPick={(m) => { if (m) void find(m.memberNo); }} style={{ width: '100%' }} data-testid="points-member-picker" />
      </div>
    </div>
  );
}

export function MemberSummary({ m }: { m: MemberPoints }) {
  const { t } = useTranslation();
  const { label } = useCardTypes();
  return (
    <Card size="small" data-testid="member-summary">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>{t('points.member.title', { memberNo: m.memberNo, name: m.memberName ?? '' })}</Typography.Title>
        {m.level ? <Tag color="gold">{label(m.level)}</Tag> : <Tag>{t('points.member.noLevel')}</Tag>}
        {m.cardNo && <Typography.Text type="secondary">{t('points.member.card')}: {m.cardNo}</Typography.Text>}
        {m.memberStatus === 'archived' && <Tag color="red">{t('points.member.archived')}</Tag>}
        {m.swipedCardStatus && m.swipedCardStatus !== 'active' && (
          <Tag color="red">{t('points.reader.blocked', { status: t(`cards.statusValue.${m.swipedCardStatus}`) })}</Tag>
        )}
      </Space>
      <Row gutter={16}>
        <Col xs={12} md={4}><Statistic title={t('points.member.balance')} value={m.balance} valueStyle={{ color: primary }} /></Col>
        <Col xs={12} md={4}><Statistic title={t('points.member.earned')} value={m.earned} /></Col>
        <Col xs={12} md={4}><Statistic title={t('points.member.redeemed')} value={m.redeemed} /></Col>
        <Col xs={12} md={4}><Statistic title={t('points.member.expired')} value={m.expired} /></Col>
        <Col xs={12} md={4}><Statistic title={t('points.member.expiring')} value={m.expiringIn30Days} /></Col>
        <Col xs={12} md={4}><Statistic title={t('points.member.pending')} value={m.pendingEntries} /></Col>
      </Row>
      {m.nextExpiry && <Typography.Text type="secondary">{t('points.member.nextExpiry')}: {formatTime(m.nextExpiry)}</Typography.Text>}
    </Card>
  );
}

/** Event types staff may book manually for one member, and for a batch. */
export const manualTypes = ['activity', 'purchase', 'care', 'complaint', 'adjustment'] as const;
export const batchTypes = ['activity', 'care', 'complaint'] as const;

/**
 * The business-event picker. For a member: the activities they took part in (open, or closed within
 * 90 days), their fully paid purchases, care records and complaints; for a batch: open activities
 * and recent care actions.
 */
export function EventSelect({ sourceType, memberId, value, onChange }: { sourceType?: string; memberId?: number; value?: number; onChange?: (v: number) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const events = useQuery({
    queryKey: ['/points/events', sourceType, memberId, q],
    queryFn: () => api.get<PointsEvent[]>('/points/events', { sourceType, memberId, q: q || undefined }),
    enabled: !!sourceType,
  });
  return (
    <Select aria-label={t('points.add.eventPlaceholder')}
      showSearch value={value} onChange={onChange} filterOption={false} onSearch={setQ} placeholder={t('points.add.eventPlaceholder')}
      notFoundContent={t('points.add.noEvent')} loading={events.isFetching} data-testid="event-picker"
      options={(events.data ?? []).map((e) => ({ value: e.id, label: `${e.label}${e.hint ? ` · ${e.hint}` : ''}` }))}
    />
  );
}

interface BookValues { direction: 'plus' | 'minus'; points: number; sourceType: string; sourceId: number; reason?: string }

/** 录入积分 for one member: a direction, points, the business event (with its picker) and a reason. */
export function BookPointsForm({ member, onBooked }: { member: MemberPoints; onBooked: (p: Posted) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<BookValues>();
  const sourceType = Form.useWatch('sourceType', form);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  const submit = async (v: BookValues) => {
    setBusy(true);
    try {
      const amount = v.direction === 'minus' ? -v.points : v.points;
      const adjustment = v.sourceType === 'adjustment';
      const r = await api.postOnce<Posted>('/points/entries', {
        memberId: member.memberId, amount, sourceType: v.sourceType, sourceId: adjustment ? null : v.sourceId, reason: v.reason || null,
      }, key.current);
      key.current = newKey();
      message.success(r.entry.state === 'pending'
        ? t('points.add.queued', { direction: t(`points.add.${v.direction}`), points: v.points, id: r.entry.id })
        : t('points.add.done', { direction: t(`points.add.${v.direction}`), points: v.points, balance: r.balance }));
      form.resetFields(['points', 'reason']);
      await Promise.all(pointsLists.map((p) => qc.invalidateQueries({ queryKey: [p] })));
      onBooked(r);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) key.current = newKey();
      applyFieldErrors(form, err);
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ direction: 'plus', sourceType: 'activity' }} disabled={member.memberStatus === 'archived'} data-testid="book-points">
      <Row gutter={12}>
        <Col xs={24} md={5}>
          <Form.Item name="direction" label={t('points.add.direction')}>
            <Radio.Group optionType="button" options={[{ value: 'plus', label: t('points.add.plus') }, { value: 'minus', label: t('points.add.minus') }]} />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="points" label={t('points.add.points')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={1} max={100_000_000} precision={0} style={{ width: '100%' }} data-testid="points-amount" />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item name="sourceType" label={t('points.add.sourceType')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={manualTypes.map((s) => ({ value: s, label: t(`points.source.${s}`) }))} onChange={() => form.setFieldValue('sourceId', undefined)} data-testid="source-type" />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          {sourceType === 'adjustment' ? (
            <Alert type="info" showIcon style={{ marginTop: 30 }} message={t('points.add.adjustmentHint')} data-testid="adjustment-hint" />
          ) : (
            <Form.Item name="sourceId" label={t('points.add.event')} rules={[{ required: true, message: t('validation.required') }]}>
              <EventSelect sourceType={sourceType} memberId={member.memberId} />
            </Form.Item>
          )}
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={18}>
          <Form.Item name="reason" label={t('points.add.reason')}
            rules={sourceType === 'adjustment' ? [{ required: true, whitespace: true, message: t('points.add.reasonRequired') }] : []}>
            <Input maxLength={longTextMax} data-testid="points-reason" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label=" "><Button type="primary" htmlType="submit" loading={busy} block data-testid="book-submit">{t('points.add.submit')}</Button></Form.Item>
        </Col>
      </Row>
    </Form>
  );
}

interface Redeemed { redemption: { planId: number; quantity: number; points: number }; balance: number }

/** 兑换: a plan open today for one member; level, period, stock and balance are checked by the server. */
export function RedeemDialog({ member, open, onClose, onDone }: { member: MemberPoints | null; open: boolean; onClose: () => void; onDone?: (balance: number) => void }) {
  const { t } = useTranslation();
  const plans = useQuery({ queryKey: ['/redemption-plans', 'open'], queryFn: () => api.get<Paged<Plan>>('/redemption-plans', { open: 'true', pageSize: 500 }), enabled: open });
  const key = useRef(newKey());
  if (!member) return null;
  return (
    <FormDialog<{ planId: number; quantity: number; note?: string }, Redeemed>
      open={open} title={t('points.redeem.title')} onClose={onClose} invalidate={pointsLists} initialValues={{ quantity: 1 }}
      successMessage={(r) => t('points.redeem.done', {
        plan: (plans.data?.items ?? []).find((p) => p.id === r.redemption.planId)?.item ?? `#${r.redemption.planId}`,
        quantity: r.redemption.quantity, points: r.redemption.points, balance: r.balance,
      })}
      onSubmit={async (v) => {
        try {
          const r = await api.postOnce<Redeemed>('/redemptions', { planId: v.planId, memberId: member.memberId, quantity: v.quantity, note: v.note || null }, key.current);
          key.current = newKey();
          return r;
        } catch (err) {
          if (err instanceof ApiError && err.status < 500) key.current = newKey();
          throw err;
        }
      }}
      onDone={(r) => onDone?.(r.balance)}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={`${t('points.member.title', { memberNo: member.memberNo, name: member.memberName ?? '' })} · ${t('points.member.balance')} ${member.balance}`} />
      <Form.Item name="planId" label={t('points.redeem.plan')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select data-testid="redeem-plan" loading={plans.isLoading} options={(plans.data?.items ?? []).map((p) => ({
          value: p.id,
          label: `${p.item} · ${t('points.redeem.cost', { points: p.pointsCost })} · ${p.stockLeft == null ? t('points.redeem.unlimited') : t('points.redeem.stockLeft', { count: p.stockLeft })}`,
        }))} />
      </Form.Item>
      <Form.Item name="quantity" label={t('points.redeem.quantity')}><InputNumber min={1} max={1000} precision={0} /></Form.Item>
      <Form.Item name="note" label={t('points.redeem.note')}><Input maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}
