// Small pieces the customer pages share: money, dictionaries, statuses, the lists to refresh.
import { Progress, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { useTranslation } from 'react-i18next';
import type { Facets, Purchase, PurchaseStatus } from './types';

/** Every list a change to customers or purchases may touch. */
export const customerLists = ['/customers', '/purchases', '/customers/facets'];

export { toFen, yuan } from '../../components/format';
export { useDictionary } from '../../components/dictionary';

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
  const { t } = useTranslation();
  if (!p.priceFen) return <>—</>;
  const percent = Math.floor((p.receivedFen / p.priceFen) * 1000) / 10;
  return <Progress aria-label={t('customers.purchase.progress')} percent={percent} size="small" status={p.fullyPaidAt ? 'success' : 'normal'} style={{ minWidth: 100 }} />;
}
