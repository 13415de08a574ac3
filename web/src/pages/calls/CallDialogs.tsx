// The forms of call work: editing a call (classify, summarise, outcome, follow-up, link the caller),
// deleting one recorded by mistake with a reason, making a sales lead of an unknown caller. Each
// sends one API call; refusals show on the fields, success says what happened.
import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { longTextMax } from '../../limits';
import { callLists, outcomes, useDictionary } from './lookups';
import type { Call, Outcome } from './types';

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const required = (msg: string) => [{ required: true, whitespace: true, message: msg }];

interface EditValues { category?: string; summary: string; outcome: Outcome; durationSeconds?: number; followUpOn?: Dayjs; followUpNote?: string }

export function EditCallDialog({ open, call, onClose }: { open: boolean; call: Call; onClose: () => void }) {
  const { t } = useTranslation();
  const categories = useDictionary('call_category');
  const submit = (v: EditValues) => api.patch<Call>(`/calls/${call.id}`, {
    category: v.category ?? null, summary: v.summary ?? '', outcome: v.outcome, durationSeconds: v.durationSeconds ?? 0,
    followUpOn: day(v.followUpOn), followUpNote: v.followUpNote || null,
  });
  return (
    <FormDialog<EditValues, Call>
      open={open} title={t('calls.detail.edit')} width={560} onClose={onClose} onSubmit={submit} invalidate={callLists}
      successMessage={() => t('calls.detail.saved')}
      initialValues={{
        category: call.category ?? undefined, summary: call.summary, outcome: call.outcome, durationSeconds: call.durationSeconds,
        followUpOn: call.followUpOn ? dayjs(call.followUpOn) : undefined, followUpNote: call.followUpNote ?? undefined,
      }}
    >
      <Form.Item name="category" label={t('calls.category')} rules={[{ required: true, message: t('validation.required') }]}><Select options={categories.options} /></Form.Item>
      <Form.Item name="summary" label={t('calls.summary')} rules={required(t('validation.required'))}><Input.TextArea rows={4} maxLength={longTextMax} /></Form.Item>
      <Form.Item name="outcome" label={t('calls.outcome')}><Select options={outcomes.map((o) => ({ value: o, label: t(`calls.outcomeValue.${o}`) }))} /></Form.Item>
      <Form.Item name="durationSeconds" label={t('calls.durationSeconds')}><InputNumber min={0} max={86_400} precision={0} style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="followUpOn" label={t('calls.followUpOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="followUpNote" label={t('calls.followUpNote')}><Input maxLength={500} /></Form.Item>
    </FormDialog>
  );
}

export function DeleteCallDialog({ open, call, onClose, onDone }: { open: boolean; call: Call; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ reason: string }, { id: number }>
      open={open} title={t('calls.remove.title')} width={480} onClose={onClose} invalidate={callLists} okText={t('calls.remove.button')}
      onSubmit={(v) => api.post<{ id: number }>(`/calls/${call.id}/delete`, { reason: v.reason })}
      successMessage={(r) => t('calls.remove.done', { id: r.id })} onDone={onDone}
    >
      <Form.Item name="reason" label={t('calls.remove.reason')} rules={required(t('validation.required'))}><Input.TextArea rows={3} maxLength={500} data-testid="call-delete-reason" /></Form.Item>
    </FormDialog>
  );
}

interface LeadValues { name: string; intention?: string; note?: string }

export function LeadFromCallDialog({ open, call, onClose, onDone }: { open: boolean; call: Call; onClose: () => void; onDone?: (r: { leadId: number }) => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<LeadValues, { leadId: number; leadName: string }>
      open={open} title={t('calls.toLead.title')} width={520} onClose={onClose} invalidate={callLists} okText={t('common.create')}
      onSubmit={(v) => api.post(`/calls/${call.id}/lead`, { name: v.name, intention: v.intention || null, note: v.note || null })}
      successMessage={(r) => t('calls.toLead.created', { name: r.leadName, id: r.leadId })} onDone={onDone}
    >
      <Form.Item name="name" label={t('calls.toLead.name')} rules={required(t('validation.required'))}><Input maxLength={60} data-testid="lead-from-call-name" /></Form.Item>
      <Form.Item name="intention" label={t('calls.toLead.intention')}><Input maxLength={500} /></Form.Item>
      <Form.Item name="note" label={t('calls.toLead.note')}><Input.TextArea rows={3} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}
