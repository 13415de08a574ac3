// The member page's history (会员履历): joins, merged applications, data linking, profile edits
// (field old → new), notices, leave. Written in the same transaction as the change it records.
import { asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import type { Actor } from '../auth/actor.ts';
import { memberEvents } from './schema.ts';

export type MemberEventKind =
  | 'joined' | 'application_merged' | 'application_linked' | 'customer_merged' | 'linked' | 'profile_changed'
  | 'card_requested' | 'card_issued' | 'notice' | 'data_error_flagged' | 'data_error_cleared'
  | 'leave_requested' | 'leave_rejected' | 'archived';

export interface MemberEventInput {
  memberId: number;
  kind: MemberEventKind;
  field?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  refType?: string | null;
  refId?: number | null;
  note?: string | null;
}

export async function addMemberEvents(tx: Tx, actor: Actor, events: MemberEventInput[]): Promise<void> {
  if (!events.length) return;
  await tx.insert(memberEvents).values(events.map((e) => ({
    memberId: e.memberId, actorName: actor.name, kind: e.kind, field: e.field ?? null, oldValue: e.oldValue ?? null,
    newValue: e.newValue ?? null, refType: e.refType ?? null, refId: e.refId ?? null, note: e.note ?? null,
  })));
}

export async function memberHistory(tx: Tx, memberId: number) {
  return tx.select().from(memberEvents).where(eq(memberEvents.memberId, memberId)).orderBy(asc(memberEvents.at), asc(memberEvents.id));
}

/** A field value as the history shows it: arrays joined, empty as null. */
export function historyValue(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (Array.isArray(v)) return v.join(', ') || null;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** Bulk form for rule-driven changes (many members, one statement). */
export async function addMemberEventsBulk(tx: Tx, actor: Actor, memberIds: number[], kind: MemberEventKind, refType: string, refIds: number[], note: string | null) {
  if (!memberIds.length) return;
  await tx.execute(sql`
    INSERT INTO member_events (member_id, actor_name, kind, ref_type, ref_id, note)
    SELECT m, ${actor.name}, ${kind}, ${refType}, r, ${note}
    FROM unnest(${sql.param(memberIds)}::int[], ${sql.param(refIds)}::int[]) AS t(m, r)`);
}
