// Small pieces the customer pages share: money, dictionaries, statuses, the lists to refresh.
import { Progress, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { useTranslation } from 'react-i18next';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import type { DictionaryItem } from '../dictionaries/types';
import type { Facets, Purchase, PurchaseStatus } from './types';

/** Every list a change to customers or purchases may touch. */
export const customerLists = ['/customers', '/purchases', '/customers/facets'];

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

const noFacets: Facets = { tags: [], departments: [], owners: [], projects: [] };
/** Tags, departments, owners and projects in use (within the data scope), for filters and forms. */
export function useFacets(): Facets {
  const { data } = useQuery({ queryKey: ['/customers/facets'], queryFn: () => api.get<Facets>('/customers/facets') });
  return data ?? noFacets;
}

const statusColour: Record<PurchaseStatus, string | undefined> = { subscribed: 'gold', contracted: 'blue', paid_off: 'green', cancelled: undefined };
export function PurchaseStatusTag({ status }: { status: PurchaseStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColour[status]}>{t(`customers.purchase.statusValue.${status}`)}</Tag>;
}

export function PaidProgress({ p }: { p: Purchase }) {
  if (!p.priceFen) return <>—</>;
  const percent = Math.floor((p.receivedFen / p.priceFen) * 1000) / 10;
  return <Progress percent={percent} size="small" status={p.fullyPaidAt ? 'success' : 'normal'} style={{ minWidth: 100 }} />;
}
