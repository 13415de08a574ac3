import { and, desc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { beforeId, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
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

const hidden = new Set(['passwordHash', 'password', 'tokenHash', 'idNumberEnc', 'idNumberHash', 'secret', 'secretEnc']);

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
  await recordAuditMany(tx, actor, [input]);
}

export interface AuditQuery extends ListPage {
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
    tx.select().from(auditLog).where(and(cond, beforeId(auditLog.id, q))).orderBy(desc(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    totalUnlessExport(q, () => tx.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(cond) as never),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** Many audit lines with one multi-row INSERT … SELECT unnest(…) per 5,000 (bulk imports): the rows recordAudit would write. */
export async function recordAuditMany(tx: Tx, actor: Actor, inputs: AuditInput[]): Promise<void> {
  for (let i = 0; i < inputs.length; i += 5000) await tx.execute(auditLinesSql(inputs.slice(i, i + 5000).map((input) => ({ actor, input }))));
}

/** The INSERT of audit lines, each with its own actor (requests written together, e.g. coalesced postings). */
export function auditLinesSql(lines: { actor: Actor; input: AuditInput }[]): SQL {
  const col = <V>(f: (x: { actor: Actor; input: AuditInput }) => V) => sql.param(lines.map(f));
  return sql`
    INSERT INTO audit_log (actor_kind, actor_id, actor_name, action, entity_type, entity_id, changes, request_id, ip)
    SELECT u.actor_kind, u.actor_id, u.actor_name, u.action, u.entity_type, u.entity_id, u.changes::jsonb, u.request_id, u.ip
    FROM unnest(${col((x) => x.actor.kind)}::text[], ${col((x) => x.actor.id)}::int[], ${col((x) => x.actor.name)}::text[],
                ${col((x) => x.input.action)}::text[], ${col((x) => x.input.entityType)}::text[],
                ${col((x) => (x.input.entityId == null ? null : String(x.input.entityId)))}::text[],
                ${col((x) => JSON.stringify(x.input.facts ?? changedFields(x.input.before, x.input.after)))}::text[],
                ${col((x) => x.actor.requestId ?? null)}::text[], ${col((x) => x.actor.ip ?? null)}::text[])
      AS u(actor_kind, actor_id, actor_name, action, entity_type, entity_id, changes, request_id, ip)`;
}

/** The history of a few records (e.g. a customer and its purchases), newest first. */
export async function auditHistoryOf(tx: Tx, refs: { entityType: string; ids: (string | number)[] }[], limit = 200) {
  const conds = refs.filter((r) => r.ids.length).map((r) => and(eq(auditLog.entityType, r.entityType), inArray(auditLog.entityId, r.ids.map(String)))!);
  if (!conds.length) return [];
  return tx.select().from(auditLog).where(or(...conds)).orderBy(desc(auditLog.id)).limit(limit);
}

/**
 * The audit lines of a few records (a member and its records), newest first, a page at a time. A ref
 * with `changed` keeps only the lines that set that field to that value (a participation audited on
 * its service: the lines of this member's participations, not the service's other members'). A ref
 * with `listing` keeps, of the lines that list whom they were about (one of those fields holds an
 * array of ids, e.g. a care action's results), only those listing that id; lines without such a
 * list (the action's creation) are kept.
 */
export async function listAuditOf(
  tx: Tx,
  refs: { entityType: string; ids: (string | number)[]; changed?: { field: string; to: string | number }; listing?: { fields: string[]; id: number } }[],
  q: { page: number; pageSize: number },
) {
  const listing = (l: { fields: string[]; id: number }) => {
    const lists = sql.join(l.fields.map((f) => sql`coalesce(jsonb_typeof(${auditLog.changes} -> ${f}), '') = 'array'`), sql` OR `);
    const holds = sql.join(l.fields.map((f) => sql`${auditLog.changes} -> ${f} @> jsonb_build_array(${l.id}::int)`), sql` OR `);
    return sql`(NOT (${lists}) OR ${holds})`;
  };
  const conds = refs.filter((r) => r.ids.length).map((r) => and(
    eq(auditLog.entityType, r.entityType), inArray(auditLog.entityId, r.ids.map(String)),
    r.changed ? sql`${auditLog.changes} -> ${r.changed.field} ->> 'after' = ${String(r.changed.to)}` : undefined,
    r.listing ? listing(r.listing) : undefined,
  )!);
  if (!conds.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const cond = or(...conds);
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(auditLog).where(cond).orderBy(desc(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(cond),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}
