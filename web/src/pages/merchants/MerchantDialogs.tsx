// Forms of the merchant pages: merchant, service, quarterly feedback, member participation.
import { useState } from 'react';
import { AutoComplete, DatePicker, Form, Input, InputNumber, Radio, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { useNamedOutcome } from '../../components/useNamedOutcome';
import { useList } from '../../components/useList';
import { merchantLists, ratingValues, useLevels } from './shared';
import type { Merchant, MerchantService } from './types';
import { longTextMax } from '../../limits';
import { companyInstant, companyToday } from '../../components/format';

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const required = (t: (k: string) => string) => [{ required: true, message: t('validation.required') }];

export function useRatingOptions() {
  const { t } = useTranslation();
  return ratingValues.map((v) => ({ value: v, label: `${v > 0 ? '+' : ''}${v} ${t(`merchants.rating.values.${v}`)}` }));
}

type MerchantValues = Omit<Merchant, 'id' | 'deletedAt' | 'contractEndsOn'> & { contractEndsOn?: Dayjs | null };

export function MerchantDialog({ open, merchant, onClose }: { open: boolean; merchant?: Merchant; onClose: () => void }) {
  const { t } = useTranslation();
  const named = useNamedOutcome();
  const types = useList<string>('/merchants/types');
  const editing = !!merchant;
  const submit = ({ code, contractEndsOn, ...v }: MerchantValues) => {
    const body = { ...v, contractEndsOn: day(contractEndsOn) };
    return editing ? api.patch(`/merchants/${merchant.id}`, body) : api.post('/merchants', { code, ...body });
  };
  return (
    <FormDialog<MerchantValues>
      open={open} title={editing ? t('merchants.editTitle', { name: merchant.name }) : t('merchants.create')} width={640}
      onClose={onClose} onSubmit={submit} invalidate={merchantLists} successMessage={(_, v) => named('merchant', v.name, editing)}
      initialValues={merchant ? { ...merchant, contractEndsOn: merchant.contractEndsOn ? dayjs(merchant.contractEndsOn) : null } : { importance: 'normal' }}
    >
      <Form.Item name="code" label={t('merchants.code')} extra={editing ? undefined : t('merchants.codeRule')} rules={required(t)}>
        <Input disabled={editing} maxLength={32} />
      </Form.Item>
      <Form.Item name="name" label={t('merchants.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={100} /></Form.Item>
      <Form.Item name="type" label={t('merchants.type')}>
        <AutoComplete options={(types.data ?? []).map((v) => ({ value: v }))} filterOption />
      </Form.Item>
      <Form.Item name="importance" label={t('merchants.importance')}>
        <Radio.Group optionType="button" options={(['high', 'normal', 'low'] as const).map((v) => ({ value: v, label: t(`merchants.importanceValue.${v}`) }))} />
      </Form.Item>
      <Form.Item name="contact" label={t('merchants.contact')}><Input maxLength={60} /></Form.Item>
      <Form.Item name="phone1" label={t('merchants.phone1')}><Input maxLength={30} /></Form.Item>
      <Form.Item name="phone2" label={t('merchants.phone2')}><Input maxLength={30} /></Form.Item>
      <Form.Item name="address" label={t('merchants.address')}><Input maxLength={200} /></Form.Item>
      <Form.Item name="parentCompany" label={t('merchants.parentCompany')}><Input maxLength={100} /></Form.Item>
      <Form.Item name="contractEndsOn" label={t('merchants.contractEndsOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="note" label={t('merchants.note')}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}

interface ServiceValues {
  name: string; startsOn: Dayjs; endsOn?: Dayjs | null; content?: string; eligibleLevels: string[]; discountPercent?: number | null; discountNote?: string; active: boolean;
}

export function ServiceDialog({ merchantId, service, open, onClose }: { merchantId: number; service?: MerchantService; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const named = useNamedOutcome();
  const levels = useLevels();
  const submit = (v: ServiceValues) => {
    const body = { ...v, startsOn: day(v.startsOn), endsOn: day(v.endsOn), discountPercent: v.discountPercent ?? null, content: v.content || null, discountNote: v.discountNote || null };
    return service ? api.patch(`/merchant-services/${service.id}`, body) : api.post(`/merchants/${merchantId}/services`, body);
  };
  return (
    <FormDialog<ServiceValues>
      open={open} title={service ? t('merchants.service.editTitle', { name: service.name }) : t('merchants.service.add')} width={640}
      onClose={onClose} onSubmit={submit} invalidate={merchantLists} successMessage={(_, v) => named('merchant_service', v.name, !!service)}
      initialValues={service
        ? { ...service, content: service.content ?? undefined, discountNote: service.discountNote ?? undefined, startsOn: dayjs(service.startsOn), endsOn: service.endsOn ? dayjs(service.endsOn) : null }
        : { active: true, eligibleLevels: [] }}
    >
      <Form.Item name="name" label={t('merchants.service.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={100} /></Form.Item>
      <div style={{ display: 'flex', gap: 16 }}>
        <Form.Item name="startsOn" label={t('merchants.service.startsOn')} rules={required(t)} style={{ flex: 1 }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="endsOn" label={t('merchants.service.endsOn')} extra={t('merchants.service.endsOnHint')} style={{ flex: 1 }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item name="eligibleLevels" label={t('merchants.service.levels')} rules={required(t)}>
        <Select mode="multiple" options={levels.options} data-testid="service-levels" />
      </Form.Item>
      <Form.Item name="discountPercent" label={t('merchants.service.discount')} extra={t('merchants.service.discountHint')}>
        <InputNumber style={{ width: '100%' }} step={1} />
      </Form.Item>
      <Form.Item name="discountNote" label={t('merchants.service.discountNote')}><Input maxLength={longTextMax} /></Form.Item>
      <Form.Item name="content" label={t('merchants.service.content')}><Input.TextArea rows={3} maxLength={longTextMax} /></Form.Item>
      <Form.Item name="active" label={t('merchants.service.active')} valuePropName="checked"><Switch /></Form.Item>
    </FormDialog>
  );
}

export function FeedbackDialog({ serviceId, open, initial, onClose }: { serviceId: number; open: boolean; initial?: { quarter: string; feedback?: string; participationCount?: number; rating?: number | null }; onClose: () => void }) {
  const { t } = useTranslation();
  const ratingOptions = useRatingOptions();
  const now = companyToday();
  return (
    <FormDialog<{ quarter: string; feedback: string; participationCount: number; rating?: number | null }>
      open={open} title={t('merchants.feedback.record')} onClose={onClose} invalidate={merchantLists} successMessage={t('common.saved')}
      initialValues={initial ?? { quarter: `${now.year()}-Q${Math.floor(now.month() / 3) + 1}`, participationCount: 0 }}
      onSubmit={(v) => api.post(`/merchant-services/${serviceId}/feedback`, { ...v, rating: v.rating ?? null })}
    >
      <Form.Item name="quarter" label={t('merchants.feedback.quarter')} extra={t('merchants.feedback.quarterHint')} rules={required(t)}><Input maxLength={7} /></Form.Item>
      <Form.Item name="feedback" label={t('merchants.feedback.text')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input.TextArea rows={3} maxLength={longTextMax} /></Form.Item>
      <Form.Item name="participationCount" label={t('merchants.feedback.count')} rules={required(t)}><InputNumber precision={0} style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="rating" label={t('merchants.feedback.rating')}><Select allowClear options={ratingOptions} /></Form.Item>
    </FormDialog>
  );
}

export function ParticipationDialog({ serviceId, open, onClose }: { serviceId: number; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const ratingOptions = useRatingOptions();
  const [by, setBy] = useState<'cardNo' | 'memberNo'>('cardNo');
  return (
    <FormDialog<{ by: string; id: string; participatedAt?: Dayjs; note?: string; rating?: number | null }>
      open={open} title={t('merchants.participation.record')} onClose={onClose} invalidate={merchantLists} successMessage={t('common.saved')}
      initialValues={{ by: 'cardNo' }}
      onSubmit={(v) => api.post(`/merchant-services/${serviceId}/participations`, {
        [v.by]: v.id.trim(), participatedAt: companyInstant(v.participatedAt) ?? null, note: v.note || null, rating: v.rating ?? null,
      })}
    >
      <Form.Item name="by" label={t('merchants.participation.memberBy')}>
        <Radio.Group optionType="button" onChange={(e) => setBy(e.target.value)}
          options={[{ value: 'cardNo', label: t('merchants.participation.byCard') }, { value: 'memberNo', label: t('merchants.participation.byMemberNo') }]} />
      </Form.Item>
      <Form.Item name="id" label={by === 'cardNo' ? t('merchants.participation.byCard') : t('merchants.participation.byMemberNo')} rules={required(t)}><Input autoComplete="off" /></Form.Item>
      <Form.Item name="participatedAt" label={t('merchants.participation.at')}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="rating" label={t('merchants.participation.rating')}><Select allowClear options={ratingOptions} /></Form.Item>
      <Form.Item name="note" label={t('merchants.participation.note')}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}
