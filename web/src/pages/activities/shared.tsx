// Small pieces the activity and care pages share: money, dictionaries, the status tag.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import type { DictionaryItem } from '../dictionaries/types';
import type { ActivityStatus } from './types';

/** Every list a change to an activity may touch. */
export const activityLists = ['/activities', '/activities/statistics'];
export const activityKey = (id: number) => `/activities/${id}`;

/** 1234567 fen → "12,345.67" */
export function yuan(fen: number | null | undefined): string {
  if (fen == null) return '—';
  return (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** yuan typed in a form → fen, without floating-point drift (12.3 → 1230) */
export const toFen = (v: number | null | undefined) => (v == null ? null : Math.round(v * 100));

/** A dictionary kind as select options and a code → label function, in the reader's language. */
export function useDictionary(kind: string) {
  const pick = useBilingual();
  const list = useList<DictionaryItem>('/dictionaries', { kind });
  const items = list.data ?? [];
  return {
    options: items.filter((i) => i.active).map((i) => ({ value: i.code, label: pick(i.labelZh, i.labelEn) })),
    label: (code: string | null | undefined) => {
      if (!code) return '—';
      const it = items.find((i) => i.code === code);
      return it ? pick(it.labelZh, it.labelEn) : code;
    },
  };
}

const statusColour: Record<ActivityStatus, string> = { planned: 'gold', approved: 'processing', rejected: 'error', closed: 'default' };
export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColour[status]} data-testid="activity-status">{t(`activities.statusValue.${status}`)}</Tag>;
}
