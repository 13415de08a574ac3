// 活动 (SPEC §5), first version: plan an activity, approve it, close it — enough for the points
// ledger to name an approved activity as the business event of an entry. Participants, costs,
// notices and charts come with the activities issue.
import { and, asc, desc, eq, ilike, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { invalidField, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import { activities } from './schema.ts';
import './messages.ts';

export type Activity = typeof activities.$inferSelect;

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
}

export async function getActivity(tx: Tx, id: number): Promise<Activity> {
  const [a] = await tx.select().from(activities).where(and(eq(activities.id, id), isNull(activities.deletedAt)));
  if (!a) throw notFound('activity', id);
  return a;
}

export async function createActivity(tx: Tx, actor: Actor, input: ActivityInput): Promise<Activity> {
  await assertActiveValue(tx, 'activity_type', input.type, 'type');
  if (input.endsOn < input.startsOn) throw invalidField('endsOn', 'activity.period');
  const [a] = await tx.insert(activities).values({ ...input, name: input.name.trim(), pointsPerParticipant: input.pointsPerParticipant ?? 0, createdBy: actor.name }).returning();
  await recordAudit(tx, actor, { action: 'activity.create', entityType: 'activity', entityId: a.id, after: a });
  return a;
}

export async function updateActivity(tx: Tx, actor: Actor, id: number, patch: Partial<ActivityInput>): Promise<Activity> {
  const before = await getActivity(tx, id);
  if (before.status === 'closed') throw refused('ACTIVITY_CLOSED', 'activity.closed', { name: before.name });
  if (patch.type) await assertActiveValue(tx, 'activity_type', patch.type, 'type');
  const startsOn = patch.startsOn ?? before.startsOn;
  const endsOn = patch.endsOn ?? before.endsOn;
  if (endsOn < startsOn) throw invalidField('endsOn', 'activity.period');
  const [after] = await tx.update(activities).set({ ...patch, updatedAt: new Date() }).where(eq(activities.id, id)).returning();
  await recordAudit(tx, actor, { action: 'activity.update', entityType: 'activity', entityId: id, before, after });
  return after;
}

/** 审核: an approved activity may record participants and points. */
export async function approveActivity(tx: Tx, actor: Actor, id: number): Promise<Activity> {
  const before = await getActivity(tx, id);
  if (before.status !== 'planned') throw refused('ACTIVITY_BAD_STATUS', 'activity.badStatus', { name: before.name, status: `entity.activityStatus.${before.status}` });
  const [after] = await tx.update(activities).set({ status: 'approved', approvedBy: actor.name, approvedAt: new Date(), updatedAt: new Date() }).where(eq(activities.id, id)).returning();
  await recordAudit(tx, actor, { action: 'activity.approve', entityType: 'activity', entityId: id, before: { status: before.status }, after: { status: after.status } });
  return after;
}

/** 结束: nothing more is recorded for a closed activity. */
export async function closeActivity(tx: Tx, actor: Actor, id: number): Promise<Activity> {
  const before = await getActivity(tx, id);
  if (before.status !== 'approved') throw refused('ACTIVITY_BAD_STATUS', 'activity.badStatus', { name: before.name, status: `entity.activityStatus.${before.status}` });
  const [after] = await tx.update(activities).set({ status: 'closed', closedAt: new Date(), updatedAt: new Date() }).where(eq(activities.id, id)).returning();
  await recordAudit(tx, actor, { action: 'activity.close', entityType: 'activity', entityId: id, before: { status: before.status }, after: { status: after.status } });
  return after;
}

export interface ActivityQuery { page: number; pageSize: number; q?: string; status?: string; type?: string }

export async function listActivities(tx: Tx, q: ActivityQuery) {
  const conds: SQL[] = [isNull(activities.deletedAt)];
  if (q.status) conds.push(eq(activities.status, q.status));
  if (q.type) conds.push(eq(activities.type, q.type));
  if (q.q?.trim()) conds.push(ilike(activities.name, `%${q.q.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`));
  const where = and(...conds);
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(activities).where(where).orderBy(desc(activities.startsOn), asc(activities.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: sql<number>`count(*)::int` }).from(activities).where(where),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}
