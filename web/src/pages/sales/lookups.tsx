// What the sales pages share: staff to pick an owner from, stage and status tags, the lists to refresh.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useList } from '../../components/useList';
import type { LeadStatus, Stage } from './types';

export { useDictionary } from '../complaints/lookups';

export const openStages: Stage[] = ['first_visit', 'revisit', 'deposit', 'subscription'];
export const allStages: Stage[] = [...openStages, 'won', 'lost'];
export const leadStatuses: LeadStatus[] = ['new', 'following', 'converted', 'lost'];
/** every list a change to a lead or opportunity may alter */
export const salesLists = ['/sales/leads', '/sales/opportunities', '/sales/follow-ups/due', '/sales/funnel'];

export function useSalesStaff() {
  const list = useList<{ id: number; name: string; login: string; department: string | null }>('/sales/staff');
  return (list.data ?? []).map((u) => ({ value: u.id, label: u.department ? `${u.name}（${u.department}）` : u.name }));
}

const statusColour: Record<LeadStatus, string> = { new: 'blue', following: 'processing', converted: 'success', lost: 'default' };
const stageColour: Record<Stage, string> = { first_visit: 'default', revisit: 'blue', deposit: 'cyan', subscription: 'geekblue', won: 'success', lost: 'error' };

export function LeadStatusTag({ value }: { value: LeadStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColour[value]} data-testid="lead-status">{t(`sales.statusValue.${value}`)}</Tag>;
}

export function StageTag({ value }: { value: Stage }) {
  const { t } = useTranslation();
  return <Tag color={stageColour[value]} data-testid="opportunity-stage">{t(`sales.stageValue.${value}`)}</Tag>;
}
