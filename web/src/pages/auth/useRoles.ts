import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import type { Role } from './types';

/** Roles as select options, labelled in the reader's language. */
export function useRoleOptions() {
  const pick = useBilingual();
  const roles = useList<Role>('/roles');
  return { ...roles, options: (roles.data ?? []).map((r) => ({ value: r.id, label: pick(r.nameZh, r.nameEn) })) };
}
