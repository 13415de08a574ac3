import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import type { Actor } from '../auth/actor.ts';
import { auditLog } from './schema.ts';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** facts of an event that is not a field change (sign-in failure, export, unmasked view) */
  facts?: Record<string, unknown>;
}

const hidden = new Set(['passwordHash', 'password', 'tokenHash', 'idNumberEnc', 'idNumberHash']);

/** The fields whose values differ, as { field: { before, after } }; secrets are never written. */
export function changedFields(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined) {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (k === 'updatedAt' || k === 'createdAt') continue;
    const b = before?.[k] ?? null;
    const a = after?.[k] ?? null;
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    out[k] = hidden.has(k) ? { before: b === null ? null : '***', after: a === null ? null : '***' } : { before: b, after: a };
  }
  return out;
}

export async function recordAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  const changes = input.facts ?? changedFields(input.before, input.after);
  await tx.insert(auditLog).values({
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actor.name,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId == null ? null : String(input.entityId),
    changes,
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  });
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  entityType?: string;
  entityId?: string;
  action?: string;
  actorName?: string;
  from?: Date;
  to?: Date;
}

export async function listAudit(tx: Tx, q: AuditQuery) {
  const where: SQL[] = [];
  if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.actorName) where.push(eq(auditLog.actorName, q.actorName));
  if (q.from) where.push(gte(auditLog.at, q.from));
  if (q.to) where.push(lte(auditLog.at, q.to));
  const cond = where.length ? and(...where) : undefined;
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(auditLog).where(cond).orderBy(desc(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(cond),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}
