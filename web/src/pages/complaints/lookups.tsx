// What the complaint pages pick from: dictionary values (channels, types), staff, and the
// colour and label of a status or importance.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import type { ComplaintStatus, Importance, StaffMember } from './types';

interface DictionaryValue { code: string; labelZh: string; labelEn: string; active: boolean }

/** Options and a code → label function for a dictionary kind; inactive values only label old records. */
export function useDictionary(kind: string) {
  const pick = useBilingual();
  const list = useList<DictionaryValue>('/dictionaries', { kind });
  const values = list.data ?? [];
  return {
    options: values.filter((v) => v.active).map((v) => ({ value: v.code, label: pick(v.labelZh, v.labelEn) })),
    allOptions: values.map((v) => ({ value: v.code, label: pick(v.labelZh, v.labelEn) })),
    label: (code: string | null | undefined) => {
      const v = values.find((x) => x.code === code);
      return v ? pick(v.labelZh, v.labelEn) : (code ?? '—');
    },
  };
}

export function useStaff() {
  const list = useList<StaffMember>('/complaints/staff');
  const staff = list.data ?? [];
  return {
    staff,
    options: staff.map((u) => ({ value: u.id, label: u.department ? `${u.name}（${u.department}）` : u.name })),
  };
}

export const importances: Importance[] = ['low', 'normal', 'high', 'urgent'];
export const statuses: ComplaintStatus[] = ['pending', 'processing', 'done'];
const importanceColour: Record<Importance, string | undefined> = { low: undefined, normal: 'blue', high: 'orange', urgent: 'red' };
const statusColour: Record<ComplaintStatus, string> = { pending: 'gold', processing: 'processing', done: 'success' };

export function ImportanceTag({ value }: { value: Importance }) {
  const { t } = useTranslation();
  return <Tag color={importanceColour[value]}>{t(`complaints.importanceValue.${value}`)}</Tag>;
}

export function StatusTag({ value }: { value: ComplaintStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColour[value]} data-testid="complaint-status">{t(`complaints.statusValue.${value}`)}</Tag>;
}

/** Every list a change to a complaint may alter, for refreshing after it. */
export const complaintLists = ['/complaints', '/complaints/overdue', '/complaints/statistics'];
