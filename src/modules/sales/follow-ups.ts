// Follow-up records (跟进记录) on leads and opportunities, and the reminders worklist: open leads
// and opportunities whose next follow-up day (company time zone) is today or past.
import { and, desc, eq, sql } from 'drizzle-orm';
import { rows, type Tx } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import { assertLeadOpen, getLeadInScope } from './leads.ts';
import { assertOpportunityOpen, getOpportunityInScope } from './opportunities.ts';
import { salesFollowUps, salesLeads, salesOpportunities, type FollowUpSubject } from './schema.ts';
import { notBeforeToday, salesScope, staffNames } from './scope.ts';

registerDictionaryUsage('follow_up_method', async (tx, code) => {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(salesFollowUps).where(eq(salesFollowUps.method, code));
  return n;
});

/** A minute of slack for clocks that differ a little. */
const clockSlackMs = 60_000;

export interface FollowUpInput { followedAt?: Date | null; method: string; content: string; nextFollowUpOn?: string | null }

/**
 * Records a follow-up on an open lead or opportunity in the actor's scope; the subject's next
 * follow-up day becomes the one given (none: no reminder). A new lead becomes "following".
 */
export async function addFollowUp(tx: Tx, actor: Actor, subjectType: FollowUpSubject, id: number, input: FollowUpInput, now: Date, today: string) {
  if (subjectType === 'lead') assertLeadOpen(await getLeadInScope(tx, actor, id, { lock: true }));
  else assertOpportunityOpen(await getOpportunityInScope(tx, actor, id, { lock: true }));
  const at = input.followedAt ?? now;
  if (at.getTime() > now.getTime() + clockSlackMs) throw invalidField('followedAt', 'sales.inFuture');
  await assertActiveValue(tx, 'follow_up_method', input.method, 'method');
  notBeforeToday(input.nextFollowUpOn, today, 'nextFollowUpOn');
  const [f] = await tx.insert(salesFollowUps).values({
    subjectType, subjectId: id, at, method: input.method, content: input.content.trim(), nextFollowUpOn: input.nextFollowUpOn ?? null,
    byId: actor.kind === 'user' ? actor.id : null, byName: actor.name,
  }).returning();
  const next = input.nextFollowUpOn ?? null;
  if (subjectType === 'lead') {
    await tx.update(salesLeads).set({ nextFollowUpOn: next, status: sql`CASE WHEN ${salesLeads.status} = 'new' THEN 'following' ELSE ${salesLeads.status} END`, updatedAt: now }).where(eq(salesLeads.id, id));
  } else {
    await tx.update(salesOpportunities).set({ nextFollowUpOn: next, updatedAt: now }).where(eq(salesOpportunities.id, id));
  }
  await recordAudit(tx, actor, {
    action: 'salesFollowUp.create', entityType: subjectType === 'lead' ? 'salesLead' : 'salesOpportunity', entityId: id,
    after: { followUpId: f.id, method: f.method, at: f.at, nextFollowUpOn: next },
  });
  return f;
}

export async function followUpsOf(tx: Tx, subjectType: FollowUpSubject, id: number) {
  return tx.select().from(salesFollowUps).where(and(eq(salesFollowUps.subjectType, subjectType), eq(salesFollowUps.subjectId, id)))
    .orderBy(desc(salesFollowUps.at), desc(salesFollowUps.id));
}

export interface DueQuery { page: number; pageSize: number; mine: boolean; kind?: FollowUpSubject }

function dueWhere(actor: Actor, q: { mine: boolean }, today: string, kind: FollowUpSubject) {
  const t = kind === 'lead' ? salesLeads : salesOpportunities;
  const open = kind === 'lead' ? sql`${salesLeads.status} IN ('new', 'following') AND ${salesLeads.deletedAt} IS NULL` : sql`${salesOpportunities.stage} NOT IN ('won', 'lost')`;
  const scope = salesScope(actor, t.ownerId, t.department);
  return sql`${open} AND ${t.nextFollowUpOn} <= ${today}::date${scope ? sql` AND ${scope}` : sql``}${q.mine ? sql` AND ${t.ownerId} = ${actor.id ?? -1}` : sql``}`;
}

/** Leads and opportunities due for follow-up today or overdue, the oldest due first. */
export async function dueFollowUps(tx: Tx, actor: Actor, q: DueQuery, today: string) {
  const parts = (['lead', 'opportunity'] as const).filter((k) => !q.kind || q.kind === k).map((k) => k === 'lead'
    ? sql`SELECT 'lead' AS kind, id, name AS title, status AS state, next_follow_up_on::text AS "dueOn", owner_id AS "ownerId", department FROM sales_leads WHERE ${dueWhere(actor, q, today, 'lead')}`
    : sql`SELECT 'opportunity' AS kind, id, title, stage AS state, next_follow_up_on::text AS "dueOn", owner_id AS "ownerId", department FROM sales_opportunities WHERE ${dueWhere(actor, q, today, 'opportunity')}`);
  const union = sql.join(parts, sql` UNION ALL `);
  const list = await rows<{ kind: FollowUpSubject; id: number; title: string; state: string; dueOn: string; ownerId: number | null; department: string | null }>(tx,
    sql`SELECT * FROM (${union}) d ORDER BY "dueOn", kind, id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  const [{ total }] = await rows<{ total: number }>(tx, sql`SELECT count(*)::int AS total FROM (${union}) d`);
  const names = await staffNames(tx, list.map((r) => r.ownerId));
  const day = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
  return {
    items: list.map((r) => ({
      ...r, ownerName: r.ownerId != null ? names.get(r.ownerId) ?? null : null,
      overdueDays: Math.round((day(today) - day(r.dueOn)) / 86_400_000),
    })),
    total, page: q.page, pageSize: q.pageSize, today,
  };
}

/** How many follow-ups are due today or overdue for the actor (their own), for the home page. */
export async function countDueFollowUps(tx: Tx, actor: Actor, today: string): Promise<number> {
  const r = await dueFollowUps(tx, actor, { page: 1, pageSize: 1, mine: true }, today);
  return r.total;
}


