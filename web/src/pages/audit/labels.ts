// Audit actions and entity types in the reader's language. Each module adds its own to the
// `auditAction` / `entityType` sections of web/src/locales; unknown codes show as they are.
import type { TFunction } from 'i18next';
import zhCN from '../../locales/zh-CN';

function leafPaths(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leafPaths(v as object, `${prefix}${k}.`)));
}

export const knownActions = leafPaths(zhCN.auditAction);
export const knownEntityTypes = Object.keys(zhCN.entityType);

export const actionLabel = (t: TFunction, action: string) => t(`auditAction.${action}`, { defaultValue: action });
export const entityTypeLabel = (t: TFunction, type: string) => t(`entityType.${type}`, { defaultValue: type });

/**
 * Who acted, in the reader's language: a person or token by name; the system by what it was doing
 * (首次启动 / First start…), recorded by the server in English — `cli (login)` keeps the login.
 */
export function actorLabel(t: TFunction, kind: string, name: string): string {
  if (kind !== 'system') return name;
  const cli = /^cli \((.+)\)$/.exec(name);
  if (cli) return `${t('audit.systemActor.cli')} (${cli[1]})`;
  return t(`audit.systemActor.${name}`, { defaultValue: name });
}
