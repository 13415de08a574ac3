// Shape of the audit API (src/modules/audit/routes.ts).
export interface AuditEntry {
  id: number; at: string; actorKind: 'user' | 'token' | 'system' | string; actorId: number | null; actorName: string;
  action: string; entityType: string; entityId: string | null;
  /** { field: { before, after } } for a change, or the facts of an event (sign-in, export…) */
  changes: Record<string, unknown> | null;
  requestId: string | null; ip: string | null;
}

export interface AuditFilters {
  action?: string; entityType?: string; actorName?: string; from?: string; to?: string;
  [key: string]: string | undefined;
}
