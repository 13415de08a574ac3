// What the card and points pages share: card type names in the reader's language, status tags.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import type { CardStatus, CardType } from './types';

export const cardLists = ['/cards', '/card-types', '/card-upgrades', '/members', '/points/entries', '/points/members/find'];

/** Card types with a `label(code)` in the reader's language. */
export function useCardTypes() {
  const pick = useBilingual();
  const list = useList<CardType>('/card-types');
  const types = list.data ?? [];
  const label = (code: string | null | undefined) => {
    if (!code) return '—';
    const ct = types.find((x) => x.code === code);
    return ct ? pick(ct.labelZh, ct.labelEn) : code;
  };
  return { types, label, isLoading: list.isLoading };
}

const statusColor: Record<CardStatus, string> = { active: 'green', replaced: 'default', lost: 'red', cancelled: 'default', lapsed: 'orange', ended: 'default' };

export function CardStatusTag({ status }: { status: CardStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColor[status]}>{t(`cards.statusValue.${status}`)}</Tag>;
}
