// The forms of sales work: a lead (new / edit), a follow-up, marking a lead lost, converting it,
// reassigning, an opportunity (new), changing its stage and reopening it. Each sends one API call;
// refusals show on the fields, success says what happened.
import { useState } from 'react';
import { Alert, Checkbox, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, type Paged } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { companyInstant, companyToday, formatDay, toFen } from '../../components/format';
import { useQuery } from '@tanstack/react-query';
import { longTextMax } from '../../limits';
import { allStages, openStages, salesLists, useDictionary, useSalesStaff } from './lookups';
import type { AssignResult, Duplicate, FollowUp, Lead, Opportunity, OpportunityDetail, Stage } from './types';

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const notPast = (d: Dayjs) => d.isBefore(companyToday(), 'day');
const required = (msg: string) => [{ required: true, whitespace: true, message: msg }];

interface LeadValues { name: string; mobile?: string; source: string; intention?: string; note?: string; ownerId?: number; department?: string; nextFollowUpOn?: Dayjs }

export function LeadDialog({ open, lead, onClose, onDone }: { open: boolean; lead?: Lead | null; onClose: () => void; onDone?: (r: { lead: Lead; duplicate: Duplicate | null }) => void }) {
  const { t } = useTranslation();
  const sources = useDictionary('lead_source');
  const staff = useSalesStaff();
  const submit = (v: LeadValues) => {
    const body = { name: v.name, mobile: v.mobile || null, source: v.source, intention: v.intention || null, note: v.note || null, nextFollowUpOn: day(v.nextFollowUpOn) };
    return lead
      ? api.patch<{ lead: Lead; duplicate: Duplicate | null }>(`/sales/leads/${lead.id}`, body)
      : api.post<{ lead: Lead; duplicate: Duplicate | null }>('/sales/leads', { ...body, ownerId: v.ownerId ?? null, department: v.department || null });
  };
  return (
    <FormDialog<LeadValues, { lead: Lead; duplicate: Duplicate | null }>
      open={open} title={t(lead ? 'sales.lead.editTitle' : 'sales.lead.createTitle')} width={560} onClose={onClose} onSubmit={submit} invalidate={salesLists}
      okText={lead ? undefined : t('common.create')}
      successMessage={(r) => t(lead ? 'sales.lead.saved' : 'sales.lead.created', { name: r.lead.name })
        + (r.duplicate ? `；${t(r.duplicate.inScope ? 'sales.lead.duplicate' : 'sales.lead.duplicateHidden', { name: r.duplicate.name })}` : '')}
      onDone={onDone}
      initialValues={lead ? { name: lead.name, mobile: lead.mobile ?? undefined, source: lead.source, intention: lead.intention ?? undefined, note: lead.note ?? undefined } : { source: 'visit' }}
    >
      <Form.Item name="name" label={t('sales.name')} rules={required(t('validation.required'))}><Input maxLength={60} data-testid="lead-name" /></Form.Item>
      <Form.Item name="mobile" label={t('sales.mobile')}><Input maxLength={20} inputMode="tel" data-testid="lead-mobile" /></Form.Item>
      <Form.Item name="source" label={t('sales.source')} rules={required(t('validation.required'))}><Select options={sources.options} data-testid="lead-source" /></Form.Item>
      <Form.Item name="intention" label={t('sales.intention')}><Input maxLength={500} /></Form.Item>
      {!lead && (
        <>
          <Form.Item name="ownerId" label={t('sales.owner')} extra={t('sales.lead.ownerHint')}><Select allowClear showSearch optionFilterProp="label" options={staff} /></Form.Item>
          <Form.Item name="department" label={t('sales.department')} extra={t('sales.lead.departmentHint')}><Input maxLength={60} /></Form.Item>
        </>
      )}
      <Form.Item name="nextFollowUpOn" label={t('sales.nextFollowUp')}><DatePicker disabledDate={notPast} style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="note" label={t('sales.note')}><Input.TextArea rows={3} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}

interface FollowUpValues { method: string; content: string; followedAt?: Dayjs; nextFollowUpOn?: Dayjs }

export function FollowUpDialog({ open, subject, onClose }: { open: boolean; subject: { kind: 'leads' | 'opportunities'; id: number }; onClose: () => void }) {
  const { t } = useTranslation();
  const methods = useDictionary('follow_up_method');
  const submit = (v: FollowUpValues) => api.post<{ followUp: FollowUp; nextFollowUpOn: string | null }>(`/sales/${subject.kind}/${subject.id}/follow-ups`, {
    method: v.method, content: v.content, followedAt: companyInstant(v.followedAt) ?? null, nextFollowUpOn: day(v.nextFollowUpOn),
  });
  return (
    <FormDialog<FollowUpValues, { nextFollowUpOn: string | null }>
      open={open} title={t('sales.followUp.title')} width={560} onClose={onClose} onSubmit={submit} invalidate={salesLists} okText={t('sales.followUp.add')}
      successMessage={(r) => (r.nextFollowUpOn ? t('sales.followUp.added', { next: formatDay(r.nextFollowUpOn) }) : t('sales.followUp.addedNoNext'))}
      initialValues={{ method: 'phone', nextFollowUpOn: companyToday().add(3, 'day') }}
    >
      <Form.Item name="method" label={t('sales.followUp.method')} rules={required(t('validation.required'))}><Select options={methods.options} data-testid="follow-up-method" /></Form.Item>
      <Form.Item name="content" label={t('sales.followUp.content')} rules={required(t('validation.required'))}>
        <Input.TextArea rows={4} maxLength={longTextMax} data-testid="follow-up-content" />
      </Form.Item>
      <Form.Item name="followedAt" label={t('sales.followUp.at')} extra={t('sales.followUp.atHint')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="nextFollowUpOn" label={t('sales.followUp.next')} extra={t('sales.followUp.nextHint')}>
        <DatePicker disabledDate={notPast} style={{ width: '100%' }} data-testid="follow-up-next" />
      </Form.Item>
    </FormDialog>
  );
}

export function LoseDialog({ open, lead, onClose }: { open: boolean; lead: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const reasons = useDictionary('sales_lost_reason');
  return (
    <FormDialog<{ lostReason: string; lostNote?: string }, Lead>
      open={open} title={t('sales.lose.title')} onClose={onClose} invalidate={salesLists} okText={t('sales.lose.button')}
      onSubmit={(v) => api.post<Lead>(`/sales/leads/${lead.id}/lose`, { lostReason: v.lostReason, lostNote: v.lostNote || null })}
      successMessage={(l) => t('sales.lose.done', { name: l.name })}
    >
      <Form.Item name="lostReason" label={t('sales.lostReason')} rules={required(t('validation.required'))}><Select options={reasons.options} /></Form.Item>
      <Form.Item name="lostNote" label={t('sales.lostNote')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
    </FormDialog>
  );
}

/** A customer picked by name or mobile from GET /customers (within the data scope). */
function CustomerSelect(props: { value?: number; onChange?: (v?: number) => void; id?: string }) {
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['/customers', { q, pageSize: 20 }],
    queryFn: () => api.get<Paged<{ id: number; name: string; mobile: string | null; department: string | null }>>('/customers', { q, pageSize: 20 }),
    enabled: q.trim().length > 0,
  });
  const options = (list.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}${c.mobile ? ` · ${c.mobile.slice(-4)}` : ''}${c.department ? ` · ${c.department}` : ''}` }));
  return <Select id={props.id} value={props.value} onChange={props.onChange} allowClear showSearch filterOption={false} onSearch={setQ} options={options} loading={list.isFetching} data-testid="customer-select" />;
}

interface ConvertValues { customerId?: number; withOpportunity: boolean; title?: string; amountYuan?: number; expectedCloseOn?: Dayjs }

export function ConvertDialog({ open, lead, onClose }: { open: boolean; lead: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const [withOpp, setWithOpp] = useState(true);
  type Reply = { customerId: number; customerCreated: boolean; opportunityId: number | null };
  return (
    <FormDialog<ConvertValues, Reply>
      open={open} title={t('sales.convert.title')} width={560} onClose={onClose} invalidate={[...salesLists, '/customers']} okText={t('sales.convert.button')}
      initialValues={{ withOpportunity: true, title: [lead.name, lead.intention].filter(Boolean).join(' ') }}
      onSubmit={(v) => api.post<Reply>(`/sales/leads/${lead.id}/convert`, {
        customerId: v.customerId ?? null,
        opportunity: v.withOpportunity ? { title: v.title, expectedAmountFen: toFen(v.amountYuan) ?? 0, expectedCloseOn: day(v.expectedCloseOn), intention: lead.intention } : null,
      })}
      successMessage={(r) => t('sales.convert.done', {
        what: (r.customerCreated ? t('sales.convert.created') : t('sales.convert.linked', { id: r.customerId })) + (r.opportunityId ? t('sales.convert.opportunity', { id: r.opportunityId }) : ''),
      })}
    >
      <Alert type="info" showIcon title={t('sales.convert.hint')} style={{ marginBottom: 16 }} />
      <Form.Item name="customerId" label={t('sales.convert.customer')} extra={t('sales.convert.customerHint')}><CustomerSelect /></Form.Item>
      <Form.Item name="withOpportunity" valuePropName="checked"><Checkbox onChange={(e) => setWithOpp(e.target.checked)}>{t('sales.convert.withOpportunity')}</Checkbox></Form.Item>
      {withOpp && (
        <>
          <Form.Item name="title" label={t('sales.title')} rules={required(t('validation.required'))}><Input maxLength={100} /></Form.Item>
          <Form.Item name="amountYuan" label={t('sales.amount')}><InputNumber min={0} precision={2} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="expectedCloseOn" label={t('sales.expectedClose')}><DatePicker style={{ width: '100%' }} /></Form.Item>
        </>
      )}
    </FormDialog>
  );
}

export function AssignDialog({ open, kind, ids, onClose, onDone }: { open: boolean; kind: 'leads' | 'opportunities'; ids: number[]; onClose: () => void; onDone?: () => void }) {
  const { t } = useTranslation();
  const staff = useSalesStaff();
  return (
    <FormDialog<{ ownerId: number; department?: string; note?: string }, AssignResult>
      open={open} title={t('sales.assign.title')} onClose={onClose} invalidate={salesLists} okText={t('sales.assign.button')} onDone={onDone}
      onSubmit={(v) => {
        const body = { ownerId: v.ownerId, department: v.department || null, note: v.note || null };
        return ids.length === 1 ? api.post<AssignResult>(`/sales/${kind}/${ids[0]}/assign`, body) : api.post<AssignResult>(`/sales/${kind}/assign`, { ...body, ids });
      }}
      successMessage={(r) => t(r.unchanged ? 'sales.assign.doneUnchanged' : 'sales.assign.done', { assigned: r.assigned, owner: r.ownerName, unchanged: r.unchanged })}
    >
      <Form.Item name="ownerId" label={t('sales.assign.owner')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select showSearch optionFilterProp="label" options={staff} data-testid="assign-owner" />
      </Form.Item>
      <Form.Item name="department" label={t('sales.assign.department')} extra={t('sales.assign.departmentHint')}><Input maxLength={60} /></Form.Item>
      <Form.Item name="note" label={t('sales.assign.note')}><Input maxLength={500} /></Form.Item>
    </FormDialog>
  );
}

interface OpportunityValues { customerId: number; title: string; intention?: string; amountYuan?: number; stage: Stage; expectedCloseOn?: Dayjs; nextFollowUpOn?: Dayjs; ownerId?: number }

export function OpportunityDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone?: (o: OpportunityDetail) => void }) {
  const { t } = useTranslation();
  const staff = useSalesStaff();
  return (
    <FormDialog<OpportunityValues, OpportunityDetail>
      open={open} title={t('sales.opportunity.createTitle')} width={560} onClose={onClose} invalidate={salesLists} okText={t('common.create')} onDone={onDone}
      initialValues={{ stage: 'first_visit' }}
      onSubmit={(v) => api.post<OpportunityDetail>('/sales/opportunities', {
        customerId: v.customerId, title: v.title, intention: v.intention || null, expectedAmountFen: toFen(v.amountYuan) ?? 0, stage: v.stage,
        expectedCloseOn: day(v.expectedCloseOn), nextFollowUpOn: day(v.nextFollowUpOn), ownerId: v.ownerId ?? null,
      })}
      successMessage={(o) => t('sales.opportunity.created', { title: o.title })}
    >
      <Form.Item name="customerId" label={t('sales.customer')} rules={[{ required: true, message: t('validation.required') }]}><CustomerSelect /></Form.Item>
      <Form.Item name="title" label={t('sales.title')} rules={required(t('validation.required'))}><Input maxLength={100} /></Form.Item>
      <Form.Item name="intention" label={t('sales.intention')}><Input maxLength={500} /></Form.Item>
      <Form.Item name="amountYuan" label={t('sales.amount')}><InputNumber min={0} precision={2} style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="stage" label={t('sales.stage')}><Select options={openStages.map((s) => ({ value: s, label: t(`sales.stageValue.${s}`) }))} /></Form.Item>
      <Form.Item name="ownerId" label={t('sales.owner')} extra={t('sales.lead.ownerHint')}><Select allowClear showSearch optionFilterProp="label" options={staff} /></Form.Item>
      <Form.Item name="expectedCloseOn" label={t('sales.expectedClose')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="nextFollowUpOn" label={t('sales.nextFollowUp')}><DatePicker disabledDate={notPast} style={{ width: '100%' }} /></Form.Item>
    </FormDialog>
  );
}

export function StageDialog({ open, opportunity, onClose }: { open: boolean; opportunity: Opportunity; onClose: () => void }) {
  const { t } = useTranslation();
  const reasons = useDictionary('sales_lost_reason');
  const [to, setTo] = useState<Stage | undefined>();
  return (
    <FormDialog<{ stage: Stage; note?: string; lostReason?: string; lostNote?: string }, OpportunityDetail>
      open={open} title={t('sales.stageChange.title')} onClose={onClose} invalidate={salesLists} okText={t('sales.stageChange.button')}
      onSubmit={(v) => api.post<OpportunityDetail>(`/sales/opportunities/${opportunity.id}/stage`, { stage: v.stage, note: v.note || null, lostReason: v.lostReason ?? null, lostNote: v.lostNote || null })}
      successMessage={(o) => t('sales.stageChange.done', { title: o.title, stage: t(`sales.stageValue.${o.stage}`) })}
    >
      <Form.Item name="stage" label={t('sales.stageChange.to')} extra={t('sales.stageChange.backwardsHint')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select onChange={setTo} data-testid="stage-to" options={allStages.filter((s) => s !== opportunity.stage).map((s) => ({ value: s, label: t(`sales.stageValue.${s}`) }))} />
      </Form.Item>
      {to === 'lost' && (
        <>
          <Form.Item name="lostReason" label={t('sales.lostReason')} rules={required(t('validation.required'))}><Select options={reasons.options} /></Form.Item>
          <Form.Item name="lostNote" label={t('sales.lostNote')}><Input maxLength={500} /></Form.Item>
        </>
      )}
      <Form.Item name="note" label={t('sales.stageChange.note')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
    </FormDialog>
  );
}

export function ReopenDialog({ open, opportunity, onClose }: { open: boolean; opportunity: Opportunity; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ stage: Stage; note: string }, OpportunityDetail>
      open={open} title={t('sales.reopen.title')} onClose={onClose} invalidate={salesLists} okText={t('sales.reopen.button')} initialValues={{ stage: 'revisit' }}
      onSubmit={(v) => api.post<OpportunityDetail>(`/sales/opportunities/${opportunity.id}/reopen`, v)}
      successMessage={(o) => t('sales.reopen.done', { title: o.title, stage: t(`sales.stageValue.${o.stage}`) })}
    >
      <Form.Item name="stage" label={t('sales.reopen.stage')}><Select options={openStages.map((s) => ({ value: s, label: t(`sales.stageValue.${s}`) }))} /></Form.Item>
      <Form.Item name="note" label={t('sales.reopen.note')} rules={required(t('validation.required'))}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
    </FormDialog>
  );
}
