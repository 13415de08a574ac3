// 活动费用: per-participant items (an amount per head) and shared (public) items (one amount),
// recorded while the activity is approved and open. Total and per-head cost are computed from
// them and the participants (service.ts costOf), never stored, so they cannot drift.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { activityCosts, type costBases } from './schema.ts';
import { costSummaries, openActivity } from './service.ts';

export type Cost = typeof activityCosts.$inferSelect;

export interface CostInput {
  basis: (typeof costBases)[number];
  item: string;
  costFen: number;
  note?: string | null;
}

export async function addCost(tx: Tx, actor: Actor, activityId: number, input: CostInput): Promise<Cost> {
  await openActivity(tx, activityId, 'cost');
  const [c] = await tx.insert(activityCosts).values({
    activityId, basis: input.basis, item: input.item.trim(), costFen: input.costFen, note: input.note?.trim() || null, createdBy: actor.name,
  }).returning();
  await recordAudit(tx, actor, { action: 'activity.cost.add', entityType: 'activityCost', entityId: c.id, after: c });
  return c;
}

/** Removes an item entered by mistake (kept, marked deleted) while the activity is open. */
export async function removeCost(tx: Tx, actor: Actor, activityId: number, costId: number): Promise<Cost> {
  await openActivity(tx, activityId, 'cost');
  const [before] = await tx.select().from(activityCosts)
    .where(and(eq(activityCosts.id, costId), eq(activityCosts.activityId, activityId), isNull(activityCosts.deletedAt)));
  if (!before) throw notFound('activityCost', costId);
  const [after] = await tx.update(activityCosts).set({ deletedAt: new Date() }).where(eq(activityCosts.id, costId)).returning();
  await recordAudit(tx, actor, { action: 'activity.cost.remove', entityType: 'activityCost', entityId: costId, before, after: { deletedAt: after.deletedAt } });
  return after;
}

/** The cost items and the computed figures of one activity. */
export async function costsOf(tx: Tx, activityId: number) {
  const items = await tx.select().from(activityCosts)
    .where(and(eq(activityCosts.activityId, activityId), isNull(activityCosts.deletedAt))).orderBy(asc(activityCosts.id));
  const summary = (await costSummaries(tx, [activityId])).get(activityId)!;
  return { items, summary };
}
