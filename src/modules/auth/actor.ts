import type { DataScope, Permission } from './permissions.ts';

/** The console's session cookie. */
export const SESSION_COOKIE = 'clubcrm_session';

/**
 * Who is acting: a signed-in user, an API token, the system (jobs, CLI), or a club member in the
 * members' portal (src/modules/portal: no permissions, only their own records). Services receive it.
 */
export interface Actor {
  kind: 'user' | 'token' | 'system' | 'member';
  id: number | null;
  name: string;
  department: string | null;
  permissions: ReadonlySet<string>;
  dataScope: DataScope;
  requestId?: string;
  ip?: string;
  /** the version of everyone's credentials (auth_epoch) when this actor was looked up */
  authEpoch?: number;
  /** when the credential ends by itself (a session's expiry) */
  credentialExpiresAt?: Date | null;
  /** looked up earlier and remembered: a write that trusts it must check authEpoch has not moved */
  remembered?: boolean;
}

export function systemActor(name = 'system'): Actor {
  return { kind: 'system', id: null, name, department: null, permissions: new Set(['*']), dataScope: 'all' };
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has('*') || actor.permissions.has(permission);
}
