// 录入入会申请: channel and (for 客服中心) its sub-channel from the dictionary, the applicant, an
// optional old project (老项目业主) and card number. The API screens it by ID number at once.
import { App, AutoComplete, Form, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import { useDictionary, useFacets } from '../customers/shared';
import type { DictionaryItem } from '../dictionaries/types';
import { membershipLists } from './shared';
import type { SubmitResult } from './types';
import { longTextMax } from '../../limits';

interface Values {
  channel: string; subChannel?: string; name: string; idType?: string; idNumber: string; gender?: 'male' | 'female';
  mobile?: string; homePhone?: string; email?: string; address?: string; project?: string; cardNo?: string; note?: string;
}

const blank = (v?: string) => (v?.trim() ? v.trim() : null);

/** The customer an application is entered for (申请入会 on the customer page): the form starts from their record. */
export interface ApplicantCustomer {
  id: number; name: string; gender: 'male' | 'female' | null; idType: string | null;
  /** only when shown unmasked (revealed by a pii.view holder); a masked number is typed again and checked against the record */
  idNumber: string | null;
  mobile: string | null; homePhone: string | null; email: string | null; address: string | null;
}

const fromCustomer = (c: ApplicantCustomer): Partial<Values> => ({
  name: c.name, gender: c.gender ?? undefined, idType: c.idType ?? undefined, idNumber: c.idNumber ?? undefined,
  mobile: c.mobile ?? undefined, homePhone: c.homePhone ?? undefined, email: c.email ?? undefined, address: c.address ?? undefined,
});

export function ApplicationDialog({ open, onClose, onDone, customer }: {
  open: boolean; onClose: () => void; onDone?: (r: SubmitResult) => void; customer?: ApplicantCustomer;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const idTypes = useDictionary('id_type');
  const facets = useFacets();

  const submit = (v: Values) => api.post<SubmitResult>('/applications', {
    channel: v.channel, subChannel: v.subChannel ?? null, name: v.name.trim(), idType: v.idType ?? null, idNumber: v.idNumber.trim(),
    gender: v.gender ?? null, mobile: blank(v.mobile), homePhone: blank(v.homePhone), email: blank(v.email), address: blank(v.address),
    project: blank(v.project), cardNo: blank(v.cardNo), note: blank(v.note), customerId: customer?.id ?? null,
  });
  return (
    <FormDialog<Values, SubmitResult>
      open={open} width={680} title={t('membership.applications.createTitle')} onClose={onClose} invalidate={membershipLists}
      initialValues={{ channel: 'service_center', idType: 'resident_id', ...(customer ? fromCustomer(customer) : {}) }}
      onSubmit={submit}
      onDone={(r) => {
        if (r.screening === 'linked') message.info(t('membership.applications.submittedLinked', { memberNo: r.member?.memberNo ?? '' }), 6);
        else message.success(t('membership.applications.submittedPending', { no: r.application.applicationNo }));
        onDone?.(r);
      }}
    >
      <ChannelFields />
      <Form.Item name="name" label={t('membership.field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input maxLength={64} autoFocus data-testid="application-name" />
      </Form.Item>
      <Form.Item name="idType" label={t('membership.field.idType')}><Select options={idTypes.options} /></Form.Item>
      <Form.Item name="idNumber" label={t('membership.field.idNumber')} extra={t('membership.applications.idHint')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input maxLength={32} data-testid="application-id-number" />
      </Form.Item>
      <Form.Item name="gender" label={t('membership.field.gender')}>
        <Radio.Group options={[{ value: 'male', label: t('membership.gender.male') }, { value: 'female', label: t('membership.gender.female') }]} />
      </Form.Item>
      <Form.Item name="mobile" label={t('membership.field.mobile')}><Input maxLength={20} data-testid="application-mobile" /></Form.Item>
      <Form.Item name="homePhone" label={t('membership.field.homePhone')}><Input maxLength={20} /></Form.Item>
      <Form.Item name="email" label={t('membership.field.email')}><Input maxLength={128} /></Form.Item>
      <Form.Item name="address" label={t('membership.field.address')}><Input maxLength={200} /></Form.Item>
      <Form.Item name="project" label={t('membership.field.project')} extra={t('membership.applications.projectHint')}>
        <AutoComplete options={facets.projects.map((p) => ({ value: p.project }))} filterOption maxLength={64} />
      </Form.Item>
      <Form.Item name="cardNo" label={t('membership.field.cardNo')} extra={t('membership.applications.cardHint')}><Input maxLength={32} /></Form.Item>
      <Form.Item name="note" label={t('membership.field.note')}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}

/** 申请途径 and, when the channel has them (客服中心), its sub-channels; the website has its own API. */
function ChannelFields() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const form = Form.useFormInstance<Values>();
  const channel = Form.useWatch('channel', form);
  const channels = useList<DictionaryItem>('/dictionaries', { kind: 'application_channel', activeOnly: 'true' }).data ?? [];
  const topLevel = channels.filter((c) => !c.parentCode && c.code !== 'website');
  const subChannels = channels.filter((c) => c.parentCode && c.parentCode === channel);
  return (
    <>
      <Form.Item name="channel" label={t('membership.field.channel')} rules={[{ required: true, message: t('validation.required') }]}>
        <Radio.Group optionType="button" options={topLevel.map((c) => ({ value: c.code, label: pick(c.labelZh, c.labelEn) }))}
          onChange={() => form.setFieldsValue({ subChannel: undefined })} data-testid="application-channel" />
      </Form.Item>
      {subChannels.length > 0 && (
        <Form.Item name="subChannel" label={t('membership.field.subChannel')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={subChannels.map((c) => ({ value: c.code, label: pick(c.labelZh, c.labelEn) }))} data-testid="application-sub-channel" />
        </Form.Item>
      )}
    </>
  );
}
