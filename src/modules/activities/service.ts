// 活动 (SPEC §5): plan (name, period, place, expected headcount, plan text, budget, points per
// participant) → approve or reject (a rejected plan is revised back to planned) → record
// participants (participants.ts), costs (costs.ts) and notices (notices.ts) → close.
// Nothing is recorded before approval or after closing. The points ledger names an approved
// activity as the business event of its entries (points/service.ts registers the check).
import { and, asc, desc, eq, gte, ilike, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { invalidField, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import { activities, activityCosts, activityParticipants, type ActivityStatus } from './schema.ts';
import './messages.ts';

export type Activity = typeof activities.$inferSelect;
export type ActivityAction = 'record' | 'cost' | 'notify' | 'edit';

registerDictionaryUsage('activity_type', async (tx, code) => {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(activities).where(eq(activities.type, code));
  return n;
});

export interface ActivityInput {
  name: string;
  type: string;
  startsOn: string;
  endsOn: string;
  pointsPerParticipant?: number;
  place?: string | null;
  expectedHeadcount?: number | null;
  planText?: string | null;
  budgetFen?: number | null;
}

export async function getActivity(tx: Tx, id: number): Promise<Activity> {
  const [a] = await tx.select().from(activities).where(and(eq(activities.id, id), isNull(activities.deletedAt)));
  if (!a) throw notFound('activity', id);
  return a;
}

/**
 * Participation (参加) as the points ledger asks about it. An activity records one state of
 * participation: a row in activity_participants, made when the member signed in or was recorded
 * as present (single, batch or card reader; participants.ts) — there is no registration ahead of
 * the day. Only that counts: points added for an activity belong to those who took part.
 */
export async function participatedMembers(tx: Tx, activityId: number, memberIds: number[]): Promise<Set<number>> {
  if (!memberIds.length) return new Set();
  const found = await tx.select({ memberId: activityParticipants.memberId }).from(activityParticipants)
    // one array parameter: a batch of 100 000 members as 100 000 parameters is beyond PostgreSQL's 65 535 (a 500)
    .where(and(eq(activityParticipants.activityId, activityId), sql`${activityParticipants.memberId} = ANY(${sql.param([...new Set(memberIds)])}::int[])`));
  return new Set(found.map((r) => r.memberId));
}

export async function hasParticipated(tx: Tx, activityId: number, memberId: number): Promise<boolean> {
  return (await participatedMembers(tx, activityId, [memberId])).has(memberId);
}

/** The same rules as SQL conditions, for a caller deciding many postings in one statement (points' earnings fast path). */
export const activityOpenSql = (activityId: SQL): SQL =>
  sql`EXISTS (SELECT 1 FROM activities a WHERE a.id = ${activityId} AND a.status = 'approved' AND a.deleted_at IS NULL)`;
export const participatedSql = (activityId: SQL, memberId: SQL): SQL =>
  sql`EXISTS (SELECT 1 FROM activity_participants ap WHERE ap.activity_id = ${activityId} AND ap.member_id = ${memberId})`;

async function lockActivity(tx: Tx, id: number): Promise<Activity> {
  const [a] = await tx.select().from(activities).where(and(eq(activities.id, id), isNull(activities.deletedAt))).for('update');
  if (!a) throw notFound('activity', id);
  return a;
}

/**
 * The activity, locked, if it may record now: approved and not closed. Before approval or after
 * closing the reply is a 422 that says which and why.
 */
export async function openActivity(tx: Tx, id: number, action: Exclude<ActivityAction, 'edit'>): Promise<Activity> {
  const a = await lockActivity(tx, id);
  assertOpen(a, action);
  return a;
}

export function assertOpen(a: Activity, action: ActivityAction): void {
  const params = { name: a.name, status: `entity.activityStatus.${a.status}`, action: `entity.activityAction.${action}` };
  if (a.status === 'closed') throw refused('ACTIVITY_CLOSED', 'activity.closed', params);
  if (a.status !== 'approved') throw refused('ACTIVITY_NOT_APPROVED', 'activity.notApproved', params);
}

function clean(input: Partial<ActivityInput>) {
  const out: Partial<ActivityInput> = { ...input };
  if (input.name !== undefined) out.name = input.name.trim();
  for (const k of ['place', 'planText'] as const) {
    if (input[k] !== undefined) out[k] = input[k]?.trim() || null;
  }
  return out;
}

export async function createActivity(tx: Tx, actor: Actor, input: ActivityInput): Promise<Activity> {
  await assertActiveValue(tx, 'activity_type', input.type, 'type');
  if (input.endsOn < input.startsOn) throw invalidField('endsOn', 'activity.period');
  const values = clean(input) as ActivityInput;
  const [a] = await tx.insert(activities).values({ ...values, pointsPerParticipant: input.pointsPerParticipant ?? 0, createdBy: actor.name }).returning();
  await recordAudit(tx, actor, { action: 'activity.create', entityType: 'activity', entityId: a.id, after: a });
  return a;
}

/**
 * Edits a plan. A rejected plan that is revised goes back to planned (it needs approval again);
 * once approved, points per participant and the budget are what was approved and stay.
 */
export async function updateActivity(tx: Tx, actor: Actor, id: number, patch: Partial<ActivityInput>): Promise<Activity> {
  const before = await lockActivity(tx, id);
  if (before.status === 'closed') {
    throw refused('ACTIVITY_CLOSED', 'activity.closed', { name: before.name, action: 'entity.activityAction.edit' });
  }
  if (before.status === 'approved') {
    for (const k of ['pointsPerParticipant', 'budgetFen'] as const) {
      if (patch[k] !== undefined && patch[k] !== before[k]) throw invalidField(k, 'activity.lockedAfterApproval');
    }
  }
  if (patch.type) await assertActiveValue(tx, 'activity_type', patch.type, 'type');
  const startsOn = patch.startsOn ?? before.startsOn;
  const endsOn = patch.endsOn ?? before.endsOn;
  if (endsOn < startsOn) throw invalidField('endsOn', 'activity.period');
  const revised = before.status === 'rejected' ? { status: 'planned' as const, rejectedBy: null, rejectedAt: null, decisionNote: null } : {};
  const [after] = await tx.update(activities).set({ ...clean(patch), ...revised, updatedAt: new Date() }).where(eq(activities.id, id)).returning();
  await recordAudit(tx, actor, { action: 'activity.update', entityType: 'activity', entityId: id, before, after });
  return after;
}

function assertPlanned(a: Activity) {
  if (a.status !== 'planned') throw refused('ACTIVITY_BAD_STATUS', 'activity.badStatus', { name: a.name, status: `entity.activityStatus.${a.status}` });
}

/** 审批通过: participants, points, costs and notices may be recorded from now on. */
export async function approveActivity(tx: Tx, actor: Actor, id: number, note?: string | null): Promise<Activity> {
  const before = await lockActivity(tx, id);
  assertPlanned(before);
  const [after] = await tx.update(activities)
    .set({ status: 'approved', approvedBy: actor.name, approvedAt: new Date(), decisionNote: note?.trim() || null, updatedAt: new Date() })
    .where(eq(activities.id, id)).returning();
  await recordAudit(tx, actor, { action: 'activity.approve', entityType: 'activity', entityId: id, before: { status: before.status }, after: { status: after.status, note: after.decisionNote } });
  return after;
}

/** 驳回, with the reason; the planner may revise the plan, which puts it back to planned. */
export async function rejectActivity(tx: Tx, actor: Actor, id: number, reason: string): Promise<Activity> {
  const before = await lockActivity(tx, id);
  assertPlanned(before);
  const [after] = await tx.update(activities)
    .set({ status: 'rejected', rejectedBy: actor.name, rejectedAt: new Date(), decisionNote: reason.trim(), updatedAt: new Date() })
    .where(eq(activities.id, id)).returning();
  await recordAudit(tx, actor, { action: 'activity.reject', entityType: 'activity', entityId: id, before: { status: before.status }, after: { status: after.status, reason: after.decisionNote } });
  return after;
}

/** 结束: nothing more is recorded for a closed activity. */
export async function closeActivity(tx: Tx, actor: Actor, id: number): Promise<Activity> {
  const before = await lockActivity(tx, id);
  if (before.status !== 'approved') throw refused('ACTIVITY_BAD_STATUS', 'activity.badStatus', { name: before.name, status: `entity.activityStatus.${before.status}` });
  const [after] = await tx.update(activities).set({ status: 'closed', closedAt: new Date(), closedBy: actor.name, updatedAt: new Date() }).where(eq(activities.id, id)).returning();
  const summary = await costSummaries(tx, [id]);
  await recordAudit(tx, actor, {
    action: 'activity.close', entityType: 'activity', entityId: id,
    before: { status: before.status }, after: { status: after.status, ...summary.get(id) },
  });
  return after;
}

// ---------- figures: participants and costs ----------

export interface CostSummary {
  participants: number;
  /** Σ of per-participant items: the cost of one participant */
  perParticipantFen: number;
  sharedFen: number;
  totalFen: number;
  /** total / participants, rounded to the fen; null without participants */
  perHeadFen: number | null;
  pointsPosted: number;
}

export function costOf(participants: number, perParticipantFen: number, sharedFen: number, pointsPosted = 0): CostSummary {
  const totalFen = sharedFen + perParticipantFen * participants;
  return { participants, perParticipantFen, sharedFen, totalFen, perHeadFen: participants ? Math.round(totalFen / participants) : null, pointsPosted };
}

/** Participants and costs of these activities, in two grouped queries. */
export async function costSummaries(tx: Tx, ids: number[]): Promise<Map<number, CostSummary>> {
  const out = new Map<number, CostSummary>();
  if (!ids.length) return out;
  const list = sql`ANY(${sql.param(ids)}::int[])`;
  const [people, costs] = await Promise.all([
    tx.select({ id: activityParticipants.activityId, n: sql<number>`count(*)::int`, points: sql<number>`coalesce(sum(${activityParticipants.points}), 0)::int` })
      .from(activityParticipants).where(sql`${activityParticipants.activityId} = ${list}`).groupBy(activityParticipants.activityId),
    tx.select({
      id: activityCosts.activityId,
      per: sql<number>`coalesce(sum(${activityCosts.costFen}) FILTER (WHERE ${activityCosts.basis} = 'per_participant'), 0)::bigint`,
      shared: sql<number>`coalesce(sum(${activityCosts.costFen}) FILTER (WHERE ${activityCosts.basis} = 'shared'), 0)::bigint`,
    }).from(activityCosts).where(and(sql`${activityCosts.activityId} = ${list}`, isNull(activityCosts.deletedAt))).groupBy(activityCosts.activityId),
  ]);
  const p = new Map(people.map((r) => [r.id, r]));
  const c = new Map(costs.map((r) => [r.id, r]));
  for (const id of ids) {
    out.set(id, costOf(p.get(id)?.n ?? 0, Number(c.get(id)?.per ?? 0), Number(c.get(id)?.shared ?? 0), p.get(id)?.points ?? 0));
  }
  return out;
}

// ---------- queries ----------

export interface ActivityQuery {
  page: number;
  pageSize: number;
  q?: string;
  status?: ActivityStatus;
  type?: string;
  /** activities whose period overlaps from…to (company dates, inclusive) */
  from?: string;
  to?: string;
}

function conditions(q: Omit<ActivityQuery, 'page' | 'pageSize'>): SQL | undefined {
  const conds: SQL[] = [isNull(activities.deletedAt)];
  if (q.status) conds.push(eq(activities.status, q.status));
  if (q.type) conds.push(eq(activities.type, q.type));
  if (q.from) conds.push(gte(activities.endsOn, q.from));
  if (q.to) conds.push(lte(activities.startsOn, q.to));
  if (q.q?.trim()) conds.push(ilike(activities.name, `%${q.q.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`));
  return and(...conds);
}

/** 本月活动 on the home page: activities (not rejected, not deleted) that take place in the company month [from, to] (dates). */
export async function countActivitiesInMonth(tx: Tx, range: { fromDay: string; toDay: string }): Promise<number> {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(activities).where(and(
    isNull(activities.deletedAt), sql`${activities.status} <> 'rejected'`,
    lte(activities.startsOn, range.toDay), gte(activities.endsOn, range.fromDay)));
  return n;
}

export async function listActivities(tx: Tx, q: ActivityQuery) {
  const where = conditions(q);
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(activities).where(where).orderBy(desc(activities.startsOn), asc(activities.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: sql<number>`count(*)::int` }).from(activities).where(where),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** The list with each activity's participants and costs (the console's table). */
export async function listActivitiesWithFigures(tx: Tx, q: ActivityQuery) {
  const list = await listActivities(tx, q);
  const figures = await costSummaries(tx, list.items.map((a) => a.id));
  return { ...list, items: list.items.map((a) => ({ ...a, ...figures.get(a.id)! })) };
}

/**
 * 活动对比: for the charts — cost by activity (pie), participants against the expected headcount
 * (bar) — the activities matching the filters, most recent first (at most `limit`), and totals by type.
 */
export async function activityStatistics(tx: Tx, q: Omit<ActivityQuery, 'page' | 'pageSize'> & { limit?: number }) {
  const limit = q.limit ?? 30;
  const where = conditions({ ...q, status: q.status });
  const chosen = await tx.select().from(activities).where(and(where, sql`${activities.status} <> 'rejected'`))
    .orderBy(desc(activities.startsOn), desc(activities.id)).limit(limit);
  const figures = await costSummaries(tx, chosen.map((a) => a.id));
  const items = chosen.map((a) => {
    const f = figures.get(a.id)!;
    return {
      id: a.id, name: a.name, type: a.type, status: a.status, startsOn: a.startsOn, endsOn: a.endsOn,
      expectedHeadcount: a.expectedHeadcount, budgetFen: a.budgetFen, ...f,
    };
  });
  const byType = new Map<string, { type: string; activities: number; participants: number; totalFen: number }>();
  for (const i of items) {
    const t = byType.get(i.type) ?? { type: i.type, activities: 0, participants: 0, totalFen: 0 };
    t.activities++;
    t.participants += i.participants;
    t.totalFen += i.totalFen;
    byType.set(i.type, t);
  }
  return {
    items,
    byType: [...byType.values()],
    totals: {
      activities: items.length,
      participants: items.reduce((s, i) => s + i.participants, 0),
      expected: items.reduce((s, i) => s + (i.expectedHeadcount ?? 0), 0),
      totalFen: items.reduce((s, i) => s + i.totalFen, 0),
      budgetFen: items.reduce((s, i) => s + (i.budgetFen ?? 0), 0),
    },
  };
}

/** How long after closing an activity points may still be booked for it (a late goodwill, a forgotten line). */
export const activityPointsGraceDays = 90;

/**
 * The activities a member took part in that points may still name: open ones (approved) and
 * those closed within the last `activityPointsGraceDays` days, newest first (the points event picker).
 */
export async function recentActivitiesOfMember(tx: Tx, memberId: number, q: { q?: string; limit?: number } = {}) {
  const text = q.q?.trim();
  return tx.select({ id: activities.id, name: activities.name, status: activities.status, startsOn: activities.startsOn, endsOn: activities.endsOn, closedAt: activities.closedAt, attendedAt: activityParticipants.attendedAt })
    .from(activityParticipants).innerJoin(activities, eq(activities.id, activityParticipants.activityId))
    .where(and(
      eq(activityParticipants.memberId, memberId), isNull(activities.deletedAt),
      sql`(${activities.status} = 'approved' OR (${activities.status} = 'closed' AND ${activities.closedAt} >= now() - make_interval(days => ${activityPointsGraceDays})))`,
      text ? ilike(activities.name, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    ))
    .orderBy(desc(activityParticipants.attendedAt), desc(activities.id)).limit(q.limit ?? 50);
}

/** Whether points may still name this activity: approved, or closed within the grace period. */
export function activityTakesPoints(a: Pick<Activity, 'status' | 'closedAt'>, now = new Date()): 'open' | 'ended' | 'not_approved' {
  if (a.status === 'approved') return 'open';
  if (a.status === 'closed' && a.closedAt && now.getTime() - a.closedAt.getTime() <= activityPointsGraceDays * 86_400_000) return 'open';
  return a.status === 'closed' ? 'ended' : 'not_approved';
}
