import type { DataScope, Permission } from './permissions.ts';

/** Who is acting: a signed-in user, an API token, or the system (jobs, CLI). Services receive it. */
export interface Actor {
  kind: 'user' | 'token' | 'system';
  id: number | null;
  name: string;
  department: string | null;
  permissions: ReadonlySet<string>;
  dataScope: DataScope;
  requestId?: string;
  ip?: string;
}

export function systemActor(name = 'system'): Actor {
  return { kind: 'system', id: null, name, department: null, permissions: new Set(['*']), dataScope: 'all' };
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has('*') || actor.permissions.has(permission);
}
