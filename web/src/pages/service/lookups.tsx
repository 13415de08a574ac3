// What the service-desk pages share: staff to assign to, status and priority tags, the lists to refresh.
import { useEffect } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useList } from '../../components/useList';
import type { Priority, TicketStatus } from './types';

export { useDictionary } from '../complaints/lookups';

export const ticketStatuses: TicketStatus[] = ['new', 'in_progress', 'waiting_customer', 'resolved', 'closed'];
export const priorities: Priority[] = ['low', 'normal', 'high', 'urgent'];
/** every list a change to a ticket or an article may alter */
export const serviceLists = ['/service/tickets', '/service/statistics', '/service/articles'];

export function useServiceStaff() {
  const list = useList<{ id: number; name: string; login: string; department: string | null }>('/service/staff');
  return (list.data ?? []).map((u) => ({ value: u.id, label: u.department ? `${u.name}（${u.department}）` : u.name }));
}

const statusColour: Record<TicketStatus, string> = { new: 'blue', in_progress: 'processing', waiting_customer: 'gold', resolved: 'green', closed: 'default' };
const priorityColour: Record<Priority, string | undefined> = { low: undefined, normal: 'blue', high: 'orange', urgent: 'red' };

export function TicketStatusTag({ value }: { value: TicketStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColour[value]} data-testid="ticket-status">{t(`service.statusValue.${value}`)}</Tag>;
}

export function PriorityTag({ value }: { value: Priority }) {
  const { t } = useTranslation();
  return <Tag color={priorityColour[value]}>{t(`service.priorityValue.${value}`)}</Tag>;
}

export function OverdueTags({ first, resolution }: { first: boolean; resolution: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {first && <Tag color="red" data-testid="overdue-first">{t('service.overdueFirst')}</Tag>}
      {resolution && <Tag color="red" data-testid="overdue-resolution">{t('service.overdueResolution')}</Tag>}
    </>
  );
}

/**
 * Escape closes a drawer wherever the focus is, even when it has left the drawer — e.g. after an action whose button went
 * away with the state it belonged to (resolve, close), the focus falls to the page's body, where the
 * drawer's own Escape handling does not hear it. Only when no dialog of the drawer is open.
 */
export function useEscapeCloses(open: boolean, dialogOpen: boolean, onClose: () => void) {
  useEffect(() => {
    if (!open || dialogOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      const active = document.activeElement;
      // an open confirmation or drop-down takes its own Escape (the drawer's dialogs: dialogOpen); a closed dialog may keep the focus on its hidden button
      if (active && active !== document.body && (active.closest('.ant-popover:not(.ant-popover-hidden), .ant-select-dropdown, .ant-picker-dropdown') || active.getAttribute('aria-expanded') === 'true')) return;
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, dialogOpen, onClose]);
}
