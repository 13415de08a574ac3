// Shared by the segments pages: the value-segment codes, the filter builder's fields and its conversion to the API's filters.
import { DatePicker, Form, InputNumber, Select, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { useDictionary } from '../../components/dictionary';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';

export const valueSegments = ['new', 'dormant', 'high_value', 'churn_risk', 'potential', 'regular'] as const;
export type ValueSegment = (typeof valueSegments)[number];
export const segmentColour: Record<ValueSegment, string> = { new: 'blue', dormant: 'default', high_value: 'gold', churn_risk: 'red', potential: 'green', regular: 'geekblue' };

export interface SegmentFilters {
  levels?: string[]; statuses?: ('active' | 'leaving')[]; channels?: string[]; departments?: string[]; projects?: string[];
  joinedFrom?: string; joinedTo?: string; pointsMin?: number; pointsMax?: number; expiringWithinDays?: number; lastActivityBefore?: string;
  valueSegments?: ValueSegment[]; rMin?: number; fMin?: number; mMin?: number; churnMin?: number; dormant?: boolean;
}
export interface Segment { id: number; name: string; description: string | null; filters: SegmentFilters; createdBy: string; createdAt: string; updatedAt: string }

export type FilterValues = Omit<SegmentFilters, 'joinedFrom' | 'joinedTo' | 'lastActivityBefore' | 'dormant'> & {
  joined?: [Dayjs | null, Dayjs | null] | null; lastActivityBefore?: Dayjs | null; dormant?: 'yes' | 'no' | null;
};

const dayOf = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

export function toFilters(v: FilterValues): SegmentFilters {
  const out: Record<string, unknown> = {};
  const { joined, lastActivityBefore, dormant, ...rest } = v;
  for (const [k, x] of Object.entries(rest)) if (x !== undefined && x !== null && !(Array.isArray(x) && !x.length)) out[k] = x;
  if (joined?.[0]) out.joinedFrom = dayOf(joined[0]);
  if (joined?.[1]) out.joinedTo = dayOf(joined[1]);
  if (lastActivityBefore) out.lastActivityBefore = dayOf(lastActivityBefore);
  if (dormant) out.dormant = dormant === 'yes';
  return out as SegmentFilters;
}

export function toValues(f: SegmentFilters): FilterValues {
  const { joinedFrom, joinedTo, lastActivityBefore, dormant, ...rest } = f;
  return {
    ...rest,
    joined: joinedFrom || joinedTo ? [joinedFrom ? dayjs(joinedFrom) : null, joinedTo ? dayjs(joinedTo) : null] : null,
    lastActivityBefore: lastActivityBefore ? dayjs(lastActivityBefore) : null,
    dormant: dormant == null ? null : dormant ? 'yes' : 'no',
  };
}

interface CardType { code: string; kind: 'main' | 'sub'; rank: number; labelZh: string; labelEn: string }

/** The filter builder: member data and customer value, for a Form whose values are FilterValues. */
export function SegmentFilterFields() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const can = useCan();
  const types = useList<CardType>('/card-types');
  const channels = useDictionary('application_channel');
  const facets = useQuery({
    queryKey: ['/customers/facets'],
    queryFn: () => api.get<{ projects: { project: string }[] }>('/customers/facets'),
    enabled: can('customer.read'),
  });
  const levels = (types.data ?? []).filter((c) => c.kind === 'main').sort((a, b) => a.rank - b.rank).map((c) => ({ value: c.code, label: pick(c.labelZh, c.labelEn) }));
  const score = <InputNumber min={1} max={5} style={{ width: 90 }} />;
  return (
    <>
      <Form.Item name="valueSegments" label={t('segments.filter.valueSegments')}>
        <Select mode="multiple" allowClear data-testid="filter-value-segments" options={valueSegments.map((s) => ({ value: s, label: t(`segments.valueSegment.${s}`) }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="rMin" label={t('segments.filter.rMin')}>{score}</Form.Item>
        <Form.Item name="fMin" label={t('segments.filter.fMin')}>{score}</Form.Item>
        <Form.Item name="mMin" label={t('segments.filter.mMin')}>{score}</Form.Item>
        <Form.Item name="churnMin" label={t('segments.filter.churnMin')}><InputNumber min={0} max={100} style={{ width: 110 }} /></Form.Item>
        <Form.Item name="dormant" label={t('segments.filter.dormant')}>
          <Select allowClear style={{ width: 110 }} placeholder={t('segments.filter.any')} options={[{ value: 'yes', label: t('segments.filter.yes') }, { value: 'no', label: t('segments.filter.no') }]} />
        </Form.Item>
      </Space>
      <Form.Item name="levels" label={t('segments.filter.levels')}><Select mode="multiple" allowClear options={levels} data-testid="filter-levels" /></Form.Item>
      <Space wrap>
        <Form.Item name="statuses" label={t('segments.filter.statuses')}>
          <Select mode="multiple" allowClear style={{ minWidth: 160 }} options={(['active', 'leaving'] as const).map((s) => ({ value: s, label: t(`segments.status.${s}`) }))} />
        </Form.Item>
        <Form.Item name="channels" label={t('segments.filter.channels')}><Select mode="multiple" allowClear style={{ minWidth: 200 }} options={channels.options} /></Form.Item>
      </Space>
      <Form.Item name="departments" label={t('segments.filter.departments')}>
        <Select mode="tags" allowClear placeholder={t('segments.filter.typeToAdd')} data-testid="filter-departments" />
      </Form.Item>
      <Form.Item name="projects" label={t('segments.filter.projects')}>
        <Select mode="tags" allowClear options={(facets.data?.projects ?? []).map((p) => ({ value: p.project, label: p.project }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="joined" label={t('segments.filter.joined')}><DatePicker.RangePicker allowEmpty={[true, true]} /></Form.Item>
        <Form.Item name="lastActivityBefore" label={t('segments.filter.lastActivityBefore')}><DatePicker /></Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="pointsMin" label={`${t('segments.filter.points')} ${t('segments.filter.pointsMin')}`}><InputNumber min={0} style={{ width: 130 }} /></Form.Item>
        <Form.Item name="pointsMax" label={`${t('segments.filter.points')} ${t('segments.filter.pointsMax')}`}><InputNumber min={0} style={{ width: 130 }} /></Form.Item>
        <Form.Item name="expiringWithinDays" label={t('segments.filter.expiringWithinDays')}>
          <InputNumber min={1} max={3660} addonAfter={t('segments.filter.days')} style={{ width: 160 }} />
        </Form.Item>
      </Space>
    </>
  );
}

/** A segment's filters as tags, as staff read them. */
export function SegmentFiltersView({ filters }: { filters: SegmentFilters }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (filters.valueSegments?.length) parts.push(`${t('segments.filter.valueSegments')}：${filters.valueSegments.map((s) => t(`segments.valueSegment.${s}`)).join('、')}`);
  for (const k of ['rMin', 'fMin', 'mMin', 'churnMin', 'expiringWithinDays', 'pointsMin', 'pointsMax'] as const) {
    if (filters[k] != null) parts.push(`${t(`segments.filter.${k}`)} ${filters[k]}`);
  }
  if (filters.dormant != null) parts.push(`${t('segments.filter.dormant')}：${t(filters.dormant ? 'segments.filter.yes' : 'segments.filter.no')}`);
  for (const k of ['levels', 'statuses', 'channels', 'departments', 'projects'] as const) {
    if (filters[k]?.length) parts.push(`${t(`segments.filter.${k}`)}：${filters[k]!.join('、')}`);
  }
  if (filters.joinedFrom || filters.joinedTo) parts.push(`${t('segments.filter.joined')}：${filters.joinedFrom ?? '…'} ~ ${filters.joinedTo ?? '…'}`);
  if (filters.lastActivityBefore) parts.push(`${t('segments.filter.lastActivityBefore')} ${filters.lastActivityBefore}`);
  if (!parts.length) return <>{t('segments.segment.noFilters')}</>;
  return <Space size={[4, 4]} wrap>{parts.map((p) => <Tag key={p}>{p}</Tag>)}</Space>;
}
