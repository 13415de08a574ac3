// Dialogs of the member page: profile edit (客服中心), leave request, data-error flag, contact record.
import { Form, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { useDictionary } from '../customers/shared';
import { membershipLists } from './shared';
import type { MemberPageData } from './types';
import { longTextMax } from '../../limits';

const blank = (v?: string) => (v?.trim() ? v.trim() : null);

interface ProfileValues { name: string; idType?: string; idNumber?: string; gender?: 'male' | 'female'; mobile?: string; homePhone?: string; email?: string; address?: string }

export function ProfileDialog({ open, data, onClose }: { open: boolean; data: MemberPageData; onClose: () => void }) {
  const { t } = useTranslation();
  const idTypes = useDictionary('id_type');
  const c = data.customer;
  return (
    <FormDialog<ProfileValues, { changed: string[] }>
      open={open} width={640} title={t('membership.member.editTitle', { name: c.name })} onClose={onClose}
      invalidate={[...membershipLists, `/members/${data.member.id}`]}
      initialValues={{ name: c.name, idType: c.idType ?? undefined, gender: c.gender ?? undefined, mobile: c.mobile ?? undefined, homePhone: c.homePhone ?? undefined, email: c.email ?? undefined, address: c.address ?? undefined }}
      onSubmit={(v) => api.patch(`/members/${data.member.id}`, {
        name: v.name.trim(), idType: v.idType ?? null, gender: v.gender ?? null, mobile: blank(v.mobile), homePhone: blank(v.homePhone), email: blank(v.email), address: blank(v.address),
        ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : {}),
      })}
    >
      <Form.Item name="name" label={t('membership.field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={64} /></Form.Item>
      <Form.Item name="idType" label={t('membership.field.idType')}><Select options={idTypes.options} allowClear /></Form.Item>
      <Form.Item name="idNumber" label={t('membership.field.idNumber')} extra={t('membership.applications.idHint')}><Input maxLength={32} placeholder={c.idNumber ?? undefined} /></Form.Item>
      <Form.Item name="gender" label={t('membership.field.gender')}>
        <Radio.Group options={[{ value: 'male', label: t('membership.gender.male') }, { value: 'female', label: t('membership.gender.female') }]} />
      </Form.Item>
      <Form.Item name="mobile" label={t('membership.field.mobile')}><Input maxLength={20} data-testid="profile-mobile" /></Form.Item>
      <Form.Item name="homePhone" label={t('membership.field.homePhone')}><Input maxLength={20} /></Form.Item>
      <Form.Item name="email" label={t('membership.field.email')}><Input maxLength={128} /></Form.Item>
      <Form.Item name="address" label={t('membership.field.address')}><Input maxLength={200} data-testid="profile-address" /></Form.Item>
    </FormDialog>
  );
}

export function LeaveDialog({ open, memberId, name, onClose }: { open: boolean; memberId: number; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const reasons = useDictionary('leave_reason');
  return (
    <FormDialog<{ reason: string; note?: string }> open={open} title={t('membership.member.leaveTitle', { name })} onClose={onClose}
      invalidate={[...membershipLists, `/members/${memberId}`]} successMessage={t('common.saved')}
      onSubmit={(v) => api.post(`/members/${memberId}/leave-requests`, { reason: v.reason, note: blank(v.note) })}>
      <Form.Item name="reason" label={t('membership.member.reason')} rules={[{ required: true, message: t('validation.required') }]}><Select options={reasons.options} /></Form.Item>
      <Form.Item name="note" label={t('membership.field.note')}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}

export function DataErrorDialog({ open, memberId, onClose }: { open: boolean; memberId: number; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ flag: string }> open={open} title={t('membership.member.dataErrorTitle')} onClose={onClose}
      invalidate={[...membershipLists, `/members/${memberId}`]} successMessage={t('common.saved')}
      onSubmit={(v) => api.post(`/members/${memberId}/data-error`, { flag: v.flag.trim() })}>
      <Form.Item name="flag" label={t('membership.member.flag')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input.TextArea rows={2} maxLength={200} /></Form.Item>
    </FormDialog>
  );
}

export function RecordContactDialog({ open, memberId, name, onClose }: { open: boolean; memberId: number; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const channels = useDictionary('notify_channel');
  return (
    <FormDialog<{ channel: string; result: 'reached' | 'unreached'; note: string }> open={open} title={t('membership.member.recordTitle', { name })} onClose={onClose}
      invalidate={[...membershipLists, `/members/${memberId}`]} successMessage={t('membership.member.recorded')} initialValues={{ channel: 'phone', result: 'reached' }}
      onSubmit={(v) => api.post(`/members/${memberId}/notices/record`, { channel: v.channel, result: v.result, note: v.note.trim() })}>
      <Form.Item name="channel" label={t('membership.notice.channel')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={channels.options.filter((o) => o.value !== 'sms' && o.value !== 'email')} />
      </Form.Item>
      <Form.Item name="result" label={t('membership.member.result')}>
        <Radio.Group options={(['reached', 'unreached'] as const).map((r) => ({ value: r, label: t(`membership.member.resultValue.${r}`) }))} />
      </Form.Item>
      <Form.Item name="note" label={t('membership.field.note')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}
