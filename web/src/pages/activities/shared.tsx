// Small pieces the activity and care pages share: money, dictionaries, the status tag.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ActivityStatus } from './types';

/** Every list a change to an activity may touch. */
export const activityLists = ['/activities', '/activities/statistics'];
export const activityKey = (id: number) => `/activities/${id}`;

export { toFen, yuan } from '../../components/format';
export { useDictionary } from '../../components/dictionary';

const statusColour: Record<ActivityStatus, string> = { planned: 'gold', approved: 'processing', rejected: 'error', closed: 'default' };
export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColour[status]} data-testid="activity-status">{t(`activities.statusValue.${status}`)}</Tag>;
}
