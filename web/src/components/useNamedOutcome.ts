// The success message of a create or edit that names what it made: "角色已创建：客服主管" /
// "Role created: Supervisor" — the record's kind from the audit log's object types.
import { useTranslation } from 'react-i18next';

export function useNamedOutcome() {
  const { t } = useTranslation();
  return (entityType: string, name: string | number | null | undefined, edited = false) =>
    t(edited ? 'common.savedNamed' : 'common.createdNamed', { what: t(`entityType.${entityType}`), name: name ?? '' });
}
