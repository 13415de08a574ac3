// The activity forms: plan (new or edit), approve / reject with the approver's words, add a cost.
// The API's field reports (type, endsOn, budgetFen, costFen…) land on the fields of the same name.
import { Alert, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { activityKey, activityLists, toFen, useDictionary } from './shared';
import type { Activity, Cost } from './types';
import { longTextMax } from '../../limits';

interface PlanValues {
  name: string; type: string; period: [Dayjs, Dayjs]; place?: string; expectedHeadcount?: number | null; planText?: string;
  budgetFen?: number | null; pointsPerParticipant?: number | null;
}

export function PlanDialog({ open, activity, onClose, onDone }: { open: boolean; activity?: Activity; onClose: () => void; onDone?: (a: Activity) => void }) {
  const { t } = useTranslation();
  const types = useDictionary('activity_type');
  const locked = activity?.status === 'approved';
  const submit = ({ period, budgetFen, ...v }: PlanValues) => {
    const body = {
      ...v, startsOn: period[0].format('YYYY-MM-DD'), endsOn: period[1].format('YYYY-MM-DD'), place: v.place?.trim() || null,
      planText: v.planText?.trim() || null, expectedHeadcount: v.expectedHeadcount ?? null, pointsPerParticipant: v.pointsPerParticipant ?? 0,
      budgetFen: toFen(budgetFen),
    };
    if (locked) {
      delete (body as Partial<typeof body>).pointsPerParticipant;
      delete (body as Partial<typeof body>).budgetFen;
    }
    return activity ? api.patch<Activity>(`/activities/${activity.id}`, body) : api.post<Activity>('/activities', body);
  };
  const initial: Partial<PlanValues> = activity
    ? {
      name: activity.name, type: activity.type, period: [dayjs(activity.startsOn), dayjs(activity.endsOn)], place: activity.place ?? undefined,
      expectedHeadcount: activity.expectedHeadcount, planText: activity.planText ?? undefined, pointsPerParticipant: activity.pointsPerParticipant,
      budgetFen: activity.budgetFen == null ? null : activity.budgetFen / 100,
    }
    : { type: 'salon', pointsPerParticipant: 0 };
  const required = [{ required: true, message: t('validation.required') }];
  return (
    <FormDialog<PlanValues, Activity>
      open={open} width={640} title={activity ? t('activities.plan.editTitle') : t('activities.plan.title')} initialValues={initial}
      invalidate={[...activityLists, ...(activity ? [activityKey(activity.id)] : [])]}
      successMessage={(a) => (activity ? t('activities.plan.saved') : t('activities.plan.created', { name: a.name }))}
      onSubmit={submit} onDone={onDone} onClose={onClose}
    >
      {locked && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('activities.plan.lockedHint')} />}
      {activity?.status === 'rejected' && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('activities.plan.revisedHint')} />}
      <Form.Item name="name" label={t('activities.name')} rules={required}><Input maxLength={100} /></Form.Item>
      <Form.Item name="type" label={t('activities.type')} rules={required}><Select options={types.options} /></Form.Item>
      <Form.Item name="period" label={t('activities.period')} rules={required}><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="place" label={t('activities.place')}><Input maxLength={200} /></Form.Item>
      <Form.Item name="expectedHeadcount" label={t('activities.expectedHeadcount')}><InputNumber min={0} precision={0} style={{ width: 200 }} /></Form.Item>
      <Form.Item name="budgetFen" label={t('activities.budget')}><InputNumber min={0} precision={2} disabled={locked} style={{ width: 200 }} /></Form.Item>
      <Form.Item name="pointsPerParticipant" label={t('activities.pointsPerParticipant')}><InputNumber min={0} precision={0} disabled={locked} style={{ width: 200 }} /></Form.Item>
      <Form.Item name="planText" label={t('activities.planText')}><Input.TextArea rows={4} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}

export function DecisionDialog({ activity, decision, onClose }: { activity: Activity; decision: 'approve' | 'reject' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const approve = decision === 'approve';
  return (
    <FormDialog<{ note?: string; reason?: string }, Activity>
      open={decision !== null} title={t(`activities.${decision ?? 'approve'}.title`, { name: activity.name })}
      okText={approve ? t('activities.approve.button') : t('activities.reject.button')}
      invalidate={[...activityLists, activityKey(activity.id)]} successMessage={approve ? t('activities.approve.done') : t('activities.reject.done')}
      onSubmit={(v) => (approve
        ? api.post<Activity>(`/activities/${activity.id}/approve`, { note: v.note?.trim() || null })
        : api.post<Activity>(`/activities/${activity.id}/reject`, { reason: v.reason ?? '' }))}
      onClose={onClose}
    >
      {approve
        ? <Form.Item name="note" label={t('activities.approve.note')}><Input.TextArea rows={3} maxLength={longTextMax} /></Form.Item>
        : <Form.Item name="reason" label={t('activities.reject.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input.TextArea rows={3} maxLength={longTextMax} /></Form.Item>}
    </FormDialog>
  );
}

interface CostValues { basis: Cost['basis']; item: string; costFen: number; note?: string }

export function CostDialog({ activityId, open, onClose }: { activityId: number; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<CostValues, Cost>
      open={open} title={t('activities.cost.title')} initialValues={{ basis: 'shared' }}
      invalidate={[...activityLists, activityKey(activityId)]} successMessage={t('activities.cost.added')}
      onSubmit={({ costFen, ...v }) => api.post<Cost>(`/activities/${activityId}/costs`, { ...v, note: v.note?.trim() || null, costFen: toFen(costFen) })}
      onClose={onClose}
    >
      <Form.Item name="basis" label={t('activities.cost.basis')} rules={[{ required: true, message: t('validation.required') }]}>
        <Radio.Group>
          {(['shared', 'per_participant'] as const).map((b) => (
            <Radio key={b} value={b} title={t(`activities.cost.basisHint.${b}`)}>{t(`activities.cost.basisValue.${b}`)}</Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="item" label={t('activities.cost.item')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={100} /></Form.Item>
      <Form.Item name="costFen" label={t('activities.cost.amount')} rules={[{ required: true, message: t('validation.required') }]}>
        <InputNumber min={0} precision={2} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="note" label={t('activities.cost.note')}><Input maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}
