// Choosing members by filters (level, project, tag, birthday month, last activity, joining date,
// chosen members, a saved segment 客群) — the form fields and their conversion to the API's `filters`.
// Used by manual care and by activity notices.
import { DatePicker, Form, Select, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { MemberPicker } from '../../components/MemberPicker';
import { useCan } from '../../auth';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';

export interface MemberFilters {
  levels?: string[]; projects?: string[]; tags?: string[]; birthdayMonth?: number | null; lastActivityBefore?: string | null;
  joinedFrom?: string | null; joinedTo?: string | null; memberIds?: number[]; segmentId?: number | null;
}

export interface FilterValues {
  levels?: string[]; projects?: string[]; tags?: string[]; birthdayMonth?: number | null; lastActivityBefore?: Dayjs | null;
  joined?: [Dayjs | null, Dayjs | null] | null; memberIds?: number[]; segmentId?: number | null;
}

export function toFilters(v: FilterValues): MemberFilters {
  const out: MemberFilters = {};
  if (v.levels?.length) out.levels = v.levels;
  if (v.projects?.length) out.projects = v.projects;
  if (v.tags?.length) out.tags = v.tags;
  if (v.birthdayMonth) out.birthdayMonth = v.birthdayMonth;
  if (v.lastActivityBefore) out.lastActivityBefore = v.lastActivityBefore.format('YYYY-MM-DD');
  if (v.joined?.[0]) out.joinedFrom = v.joined[0].format('YYYY-MM-DD');
  if (v.joined?.[1]) out.joinedTo = v.joined[1].format('YYYY-MM-DD');
  if (v.memberIds?.length) out.memberIds = v.memberIds;
  if (v.segmentId) out.segmentId = v.segmentId;
  return out;
}

interface CardType { code: string; kind: 'main' | 'sub'; rank: number; labelZh: string; labelEn: string; active: boolean }
/** The filter fields, for a Form whose values are FilterValues. */
export function MemberFilterFields() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const can = useCan();
  const types = useList<CardType>('/card-types');
  const facets = useQuery({
    queryKey: ['/customers/facets'],
    queryFn: () => api.get<{ tags: string[]; projects: { project: string }[] }>('/customers/facets'),
    enabled: can('customer.read'),
  });
  const levels = (types.data ?? []).filter((c) => c.kind === 'main').sort((a, b) => a.rank - b.rank).map((c) => ({ value: c.code, label: pick(c.labelZh, c.labelEn) }));
  const segments = useQuery({
    queryKey: ['/segments', 'all'],
    queryFn: () => api.get<{ items: { id: number; name: string }[] }>('/segments', { pageSize: 500 }),
    enabled: can('segment.read'),
  });
  const months = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: t('care.filters.month', { month: i + 1 }) }));
  return (
    <>
      {can('segment.read') && (
        <Form.Item name="segmentId" label={t('care.filters.segment')} extra={t('care.filters.segmentHint')}>
          <Select allowClear showSearch optionFilterProp="label" options={(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} data-testid="filter-segment" />
        </Form.Item>
      )}
      <Form.Item name="levels" label={t('care.filters.levels')}><Select mode="multiple" allowClear options={levels} data-testid="filter-levels" /></Form.Item>
      <Form.Item name="projects" label={t('care.filters.projects')}>
        <Select mode="multiple" allowClear options={(facets.data?.projects ?? []).map((p) => ({ value: p.project, label: p.project }))} />
      </Form.Item>
      <Form.Item name="tags" label={t('care.filters.tags')}>
        <Select mode="tags" allowClear options={(facets.data?.tags ?? []).map((x) => ({ value: x, label: x }))} />
      </Form.Item>
      <Form.Item name="birthdayMonth" label={t('care.filters.birthdayMonth')}><Select allowClear options={months} style={{ width: 160 }} data-testid="filter-birthday-month" /></Form.Item>
      <Form.Item name="lastActivityBefore" label={t('care.filters.lastActivityBefore')} extra={t('care.filters.lastActivityHint')}><DatePicker /></Form.Item>
      <Form.Item name="joined" label={t('care.filters.joined')}><DatePicker.RangePicker allowEmpty={[true, true]} /></Form.Item>
      <Form.Item name="memberIds" label={t('care.filters.memberIds')}><MemberPicker multiple data-testid="filter-members" /></Form.Item>
    </>
  );
}

/** The filters a care was chosen by, as staff read them. */
export function FiltersView({ filters }: { filters: MemberFilters }) {
  const { t } = useTranslation();
  const pick = useBilingual();
  const types = useList<CardType>('/card-types');
  const level = (code: string) => {
    const c = (types.data ?? []).find((x) => x.code === code);
    return c ? pick(c.labelZh, c.labelEn) : code;
  };
  const parts: [string, string][] = [];
  if (filters.levels?.length) parts.push([t('care.filters.levels'), filters.levels.map(level).join('、')]);
  if (filters.projects?.length) parts.push([t('care.filters.projects'), filters.projects.join('、')]);
  if (filters.tags?.length) parts.push([t('care.filters.tags'), filters.tags.join('、')]);
  if (filters.birthdayMonth) parts.push([t('care.filters.birthdayMonth'), t('care.filters.month', { month: filters.birthdayMonth })]);
  if (filters.lastActivityBefore) parts.push([t('care.filters.lastActivityBefore'), filters.lastActivityBefore]);
  if (filters.joinedFrom || filters.joinedTo) parts.push([t('care.filters.joined'), `${filters.joinedFrom ?? '…'} ~ ${filters.joinedTo ?? '…'}`]);
  if (filters.segmentId) parts.push([t('care.filters.segment'), `#${filters.segmentId}`]);
  if (filters.memberIds?.length) parts.push([t('care.filters.memberIds'), String(filters.memberIds.length)]);
  if (!parts.length) return <>{t('care.filters.all')}</>;
  return <Space size={[4, 4]} wrap>{parts.map(([k, v]) => <Tag key={k}>{`${k}：${v}`}</Tag>)}</Space>;
}
