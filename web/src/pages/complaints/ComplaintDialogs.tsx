// The forms of a complaint's life: receipt, a processing step, finishing a step, closing,
// reopening and goodwill points. Each sends one API call; refusals show on the fields.
import { useState } from 'react';
import { Alert, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { MemberPicker } from '../../components/MemberPicker';
import { complaintLists, importances, useDictionary, useStaff } from './lookups';
import type { Complaint, Step } from './types';
import { longTextMax } from '../../limits';
import { companyInstant } from '../../components/format';

const dateTime = { showTime: { format: 'HH:mm' }, format: 'YYYY-MM-DD HH:mm', style: { width: '100%' } } as const;

interface ReceiptValues {
  channel: string; type: string; who: 'card' | 'memberNo' | 'nonMember'; cardNo?: string; memberNo?: string;
  complainantName?: string; complainantPhone?: string; content: string; importance: string; receiverId?: number; receivedAt?: Dayjs;
}

export function ReceiptDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (c: Complaint) => void }) {
  const { t } = useTranslation();
  const channels = useDictionary('complaint_channel');
  const types = useDictionary('complaint_type');
  const { options: staff } = useStaff();
  const [who, setWho] = useState<ReceiptValues['who']>('card');
  const submit = (v: ReceiptValues) =>
    api.post<Complaint>('/complaints', {
      channel: v.channel, type: v.type, content: v.content, importance: v.importance, receiverId: v.receiverId ?? null,
      receivedAt: companyInstant(v.receivedAt) ?? null,
      cardNo: v.who === 'card' ? v.cardNo : null,
      memberNo: v.who === 'memberNo' ? v.memberNo : null,
      complainantName: v.who === 'nonMember' ? v.complainantName : null,
      complainantPhone: v.complainantPhone || null,
    });
  return (
    <FormDialog<ReceiptValues, Complaint>
      open={open} title={t('complaints.receive.title')} width={640} onClose={onClose} onSubmit={submit}
      invalidate={complaintLists} onDone={onDone} okText={t('complaints.receive.button')} successMessage={(c) => t('complaints.receive.done', { no: c.complaintNo })}
      initialValues={{ who: 'card', importance: 'normal', channel: 'phone' }}
    >
      <Form.Item name="channel" label={t('complaints.channel')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={channels.options} data-testid="receipt-channel" />
      </Form.Item>
      <Form.Item name="type" label={t('complaints.type')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={types.options} data-testid="receipt-type" />
      </Form.Item>
      <Form.Item name="who" label={t('complaints.receive.who')}>
        <Radio.Group onChange={(e) => setWho(e.target.value)} optionType="button"
          options={[{ value: 'card', label: t('complaints.receive.byCard') }, { value: 'memberNo', label: t('complaints.receive.byMemberNo') }, { value: 'nonMember', label: t('complaints.receive.nonMember') }]} />
      </Form.Item>
      {who === 'card' && (
        <Form.Item name="cardNo" label={t('complaints.cardNo')} extra={t('complaints.receive.cardHint')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
      )}
      {who === 'memberNo' && (
        <Form.Item name="memberNo" label={t('complaints.receive.member')} rules={[{ required: true, message: t('validation.required') }]}>
          <MemberPicker valueKey="memberNo" style={{ width: '100%' }} data-testid="receipt-member" />
        </Form.Item>
      )}
      {who === 'nonMember' && (
        <Form.Item name="complainantName" label={t('complaints.complainant')} extra={t('complaints.receive.complainantHint')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input maxLength={60} />
        </Form.Item>
      )}
      <Form.Item name="complainantPhone" label={t('complaints.phone')}>
        <Input maxLength={30} />
      </Form.Item>
      <Form.Item name="content" label={t('complaints.content')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={4} maxLength={longTextMax} showCount />
      </Form.Item>
      <Form.Item name="importance" label={t('complaints.importance')}>
        <Select options={importances.map((i) => ({ value: i, label: t(`complaints.importanceValue.${i}`) }))} />
      </Form.Item>
      <Form.Item name="receiverId" label={t('complaints.receiver')}>
        <Select allowClear showSearch optionFilterProp="label" options={staff} />
      </Form.Item>
      <Form.Item name="receivedAt" label={t('complaints.receivedAt')} extra={t('complaints.receive.receivedAtHint')}>
        <DatePicker {...dateTime} />
      </Form.Item>
    </FormDialog>
  );
}

interface StepValues { handlerId: number; department?: string; opinion: string; stepAt?: Dayjs; expectedFinishAt?: Dayjs }

export function StepDialog({ complaint, onClose }: { complaint?: Complaint; onClose: () => void }) {
  const { t } = useTranslation();
  const { options: staff } = useStaff();
  return (
    <FormDialog<StepValues, Step>
      open={!!complaint} title={t('complaints.step.add')} width={560} onClose={onClose} invalidate={complaintLists}
      successMessage={(step) => t('complaints.step.added', { seq: step.seq, no: complaint?.complaintNo, handler: step.handlerName ?? '' })}
      onSubmit={(v) => api.post<Step>(`/complaints/${complaint!.id}/steps`, {
        handlerId: v.handlerId, department: v.department || null, opinion: v.opinion, stepAt: companyInstant(v.stepAt) ?? null, expectedFinishAt: companyInstant(v.expectedFinishAt) ?? null,
      })}
    >
      <Form.Item name="handlerId" label={t('complaints.step.handler')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select showSearch optionFilterProp="label" options={staff} data-testid="step-handler" />
      </Form.Item>
      <Form.Item name="department" label={t('complaints.step.department')} extra={t('complaints.step.departmentHint')}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="opinion" label={t('complaints.step.opinion')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={3} maxLength={longTextMax} />
      </Form.Item>
      <Form.Item name="stepAt" label={t('complaints.step.at')} extra={t('complaints.step.nowHint')}>
        <DatePicker {...dateTime} data-testid="step-at" />
      </Form.Item>
      <Form.Item name="expectedFinishAt" label={t('complaints.step.expectedFinish')}>
        <DatePicker {...dateTime} data-testid="step-expected-finish" />
      </Form.Item>
    </FormDialog>
  );
}

export function FinishStepDialog({ complaintId, step, onClose }: { complaintId: number; step?: Step; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ finishedAt?: Dayjs; note?: string }>
      open={!!step} title={t('complaints.step.finishTitle', { seq: step?.seq })} onClose={onClose} invalidate={complaintLists}
      successMessage={t('common.saved')}
      onSubmit={(v) => api.post(`/complaints/${complaintId}/steps/${step!.id}/finish`, { finishedAt: companyInstant(v.finishedAt) ?? null, note: v.note || null })}
    >
      <Form.Item name="finishedAt" label={t('complaints.step.finishedAt')} extra={t('complaints.step.nowHint')}>
        <DatePicker {...dateTime} />
      </Form.Item>
      <Form.Item name="note" label={t('complaints.step.finishNote')}>
        <Input.TextArea rows={3} maxLength={longTextMax} />
      </Form.Item>
    </FormDialog>
  );
}

export function CloseDialog({ complaint, onClose }: { complaint?: Complaint; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ note?: string }>
      open={!!complaint} title={t('complaints.close.title')} onClose={onClose} invalidate={complaintLists} okText={t('complaints.close.button')}
      successMessage={t('complaints.close.done')}
      onSubmit={(v) => api.post(`/complaints/${complaint!.id}/close`, { note: v.note || null })}
    >
      <Alert type="info" showIcon title={t('complaints.close.hint')} style={{ marginBottom: 16 }} />
      <Form.Item name="note" label={t('complaints.closeNote')}>
        <Input.TextArea rows={3} maxLength={longTextMax} />
      </Form.Item>
    </FormDialog>
  );
}

export function ReopenDialog({ complaint, onClose }: { complaint?: Complaint; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ reason: string }>
      open={!!complaint} title={t('complaints.reopen.title')} onClose={onClose} invalidate={complaintLists} okText={t('complaints.reopen.button')}
      successMessage={t('complaints.reopen.done')}
      onSubmit={(v) => api.post(`/complaints/${complaint!.id}/reopen`, v)}
    >
      <Form.Item name="reason" label={t('complaints.reopen.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={3} maxLength={longTextMax} />
      </Form.Item>
    </FormDialog>
  );
}

export function GoodwillDialog({ complaint, onClose }: { complaint?: Complaint; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ points: number; reason: string }, { points: number }>
      open={!!complaint} title={t('complaints.goodwill.title')} onClose={onClose} invalidate={complaintLists}
      onSubmit={(v) => api.post(`/complaints/${complaint!.id}/goodwill`, v)}
      successMessage={(_, v) => t('complaints.goodwill.done', { points: v.points, no: complaint?.complaintNo })}
    >
      <Form.Item name="points" label={t('complaints.goodwill.points')} rules={[{ required: true, message: t('validation.required') }]}>
        <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="reason" label={t('complaints.goodwill.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input maxLength={longTextMax} />
      </Form.Item>
    </FormDialog>
  );
}

interface EditValues { channel: string; type: string; importance: string; complainantName: string; complainantPhone?: string; content: string }

/** Corrects the receipt of an open complaint (the member and the receipt time stay as recorded). */
export function EditReceiptDialog({ complaint, onClose }: { complaint?: Complaint; onClose: () => void }) {
  const { t } = useTranslation();
  const channels = useDictionary('complaint_channel');
  const types = useDictionary('complaint_type');
  return (
    <FormDialog<EditValues>
      open={!!complaint} title={t('complaints.edit.title')} width={600} onClose={onClose} invalidate={complaintLists} successMessage={t('common.saved')}
      initialValues={complaint ? { ...complaint, complainantPhone: complaint.complainantPhone ?? undefined } : undefined}
      onSubmit={(v) => api.patch(`/complaints/${complaint!.id}`, { ...v, complainantPhone: v.complainantPhone || null })}
    >
      <Form.Item name="channel" label={t('complaints.channel')} rules={[{ required: true, message: t('validation.required') }]}><Select options={channels.options} /></Form.Item>
      <Form.Item name="type" label={t('complaints.type')} rules={[{ required: true, message: t('validation.required') }]}><Select options={types.options} /></Form.Item>
      <Form.Item name="importance" label={t('complaints.importance')}>
        <Select options={importances.map((i) => ({ value: i, label: t(`complaints.importanceValue.${i}`) }))} />
      </Form.Item>
      <Form.Item name="complainantName" label={t('complaints.complainant')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={60} /></Form.Item>
      <Form.Item name="complainantPhone" label={t('complaints.phone')}><Input maxLength={30} /></Form.Item>
      <Form.Item name="content" label={t('complaints.content')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={4} maxLength={longTextMax} showCount />
      </Form.Item>
    </FormDialog>
  );
}
