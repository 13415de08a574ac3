// Opportunities (商机, SPEC §10): a customer's chance to buy, moving through the ordered stages
// 初访 → 复访 → 认筹 → 认购 → 签约 (won) or 输单 (lost, with a reason). Every stage change is kept in
// sales_stage_changes (from, to, who, when, note; backwards flagged) and audited. Won and lost
// opportunities are read-only until reopened (audited, counted).
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { beforeId, isExportPage, listOrder, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { invalid, invalidField, notFound, refused, type FieldIssue } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { customerNamesById, getCustomerInScope } from '../customers/service.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import { funnelStages, openStages, salesOpportunities, salesStageChanges, type OpportunityStage } from './schema.ts';
import { activeStaff, assertWithinScope, notBeforeToday, ownerAndDepartment, salesScope, staffNames } from './scope.ts';

export type OpportunityRow = typeof salesOpportunities.$inferSelect;

registerDictionaryUsage('sales_lost_reason', async (tx, code) => {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(salesOpportunities).where(eq(salesOpportunities.lostReason, code));
  return n;
});

export const opportunityScope = (actor: Actor) => salesScope(actor, salesOpportunities.ownerId, salesOpportunities.department);
export const isClosedStage = (s: OpportunityStage) => s === 'won' || s === 'lost';
/** position in the ordered funnel (lost: -1) */
export const stageRank = (s: OpportunityStage) => (funnelStages as readonly string[]).indexOf(s);

export async function getOpportunityInScope(tx: Tx, actor: Actor, id: number, opts: { lock?: boolean } = {}): Promise<OpportunityRow> {
  const q = tx.select().from(salesOpportunities).where(and(eq(salesOpportunities.id, id), opportunityScope(actor)));
  const [o] = opts.lock ? await q.for('update') : await q;
  if (!o) throw notFound('salesOpportunity', id);
  return o;
}

export function assertOpportunityOpen(o: OpportunityRow) {
  if (isClosedStage(o.stage)) throw refused('OPPORTUNITY_CLOSED', 'sales.opportunityClosed', { title: o.title, stage: `entity.salesStage.${o.stage}` });
}

async function stageChange(tx: Tx, actor: Actor, o: { id: number }, from: OpportunityStage | null, to: OpportunityStage, note: string | null, backwards: boolean) {
  await tx.insert(salesStageChanges).values({
    opportunityId: o.id, fromStage: from, toStage: to, backwards, note, byId: actor.kind === 'user' ? actor.id : null, byName: actor.name,
  });
}

export interface OpportunityInput {
  customerId: number; title: string; intention?: string | null; expectedAmountFen?: number; stage?: (typeof openStages)[number];
  ownerId?: number | null; department?: string | null; expectedCloseOn?: string | null; nextFollowUpOn?: string | null; leadId?: number | null;
}

export async function createOpportunity(tx: Tx, actor: Actor, input: OpportunityInput, today: string, opts: { customerChecked?: boolean } = {}) {
  if (!opts.customerChecked) {
    try { await getCustomerInScope(tx, actor, input.customerId); } catch { throw invalidField('customerId', 'sales.notInScope', { id: input.customerId }); }
  }
  notBeforeToday(input.nextFollowUpOn, today, 'nextFollowUpOn');
  const { ownerId, department } = await ownerAndDepartment(tx, actor, input);
  const stage = input.stage ?? 'first_visit';
  const [o] = await tx.insert(salesOpportunities).values({
    title: input.title.trim(), customerId: input.customerId, leadId: input.leadId ?? null, intention: input.intention?.trim() || null,
    expectedAmountFen: input.expectedAmountFen ?? 0, stage, maxStageRank: stageRank(stage), ownerId, department,
    expectedCloseOn: input.expectedCloseOn ?? null, nextFollowUpOn: input.nextFollowUpOn ?? null, createdBy: actor.name,
  }).returning();
  await stageChange(tx, actor, o, null, stage, null, false);
  await recordAudit(tx, actor, { action: 'salesOpportunity.create', entityType: 'salesOpportunity', entityId: o.id, after: o });
  return o;
}

export type OpportunityPatch = Partial<Pick<OpportunityInput, 'title' | 'intention' | 'expectedAmountFen' | 'expectedCloseOn' | 'nextFollowUpOn'>>;

export async function updateOpportunity(tx: Tx, actor: Actor, id: number, patch: OpportunityPatch, today: string) {
  const before = await getOpportunityInScope(tx, actor, id, { lock: true });
  assertOpportunityOpen(before);
  const set: Partial<OpportunityRow> = {};
  if (patch.title !== undefined) set.title = patch.title.trim();
  if (patch.intention !== undefined) set.intention = patch.intention?.trim() || null;
  if (patch.expectedAmountFen !== undefined) set.expectedAmountFen = patch.expectedAmountFen;
  if (patch.expectedCloseOn !== undefined) set.expectedCloseOn = patch.expectedCloseOn;
  if (patch.nextFollowUpOn !== undefined) { notBeforeToday(patch.nextFollowUpOn, today, 'nextFollowUpOn'); set.nextFollowUpOn = patch.nextFollowUpOn; }
  if (!Object.keys(set).length) throw invalidField('title', 'sales.noChange');
  const [after] = await tx.update(salesOpportunities).set({ ...set, updatedAt: new Date() }).where(eq(salesOpportunities.id, id)).returning();
  await recordAudit(tx, actor, { action: 'salesOpportunity.update', entityType: 'salesOpportunity', entityId: id, before, after });
  return after;
}

/** Moves an open opportunity to another stage: forwards, backwards (recorded as such), won or lost (reason needed). */
export async function changeStage(tx: Tx, actor: Actor, id: number, input: { stage: OpportunityStage; note?: string | null; lostReason?: string | null; lostNote?: string | null }) {
  const before = await getOpportunityInScope(tx, actor, id, { lock: true });
  assertOpportunityOpen(before);
  if (input.stage === before.stage) throw invalidField('stage', 'sales.sameStage');
  const set: Partial<OpportunityRow> = { stage: input.stage, updatedAt: new Date() };
  if (input.stage === 'lost') {
    if (!input.lostReason) throw invalidField('lostReason', 'sales.lostReasonRequired');
    await assertActiveValue(tx, 'sales_lost_reason', input.lostReason, 'lostReason');
    Object.assign(set, { lostReason: input.lostReason, lostNote: input.lostNote?.trim() || null });
  }
  if (isClosedStage(input.stage)) Object.assign(set, { closedAt: new Date(), nextFollowUpOn: null });
  if (input.stage !== 'lost') set.maxStageRank = Math.max(before.maxStageRank, stageRank(input.stage));
  const backwards = input.stage !== 'lost' && stageRank(input.stage) < stageRank(before.stage);
  const [after] = await tx.update(salesOpportunities).set(set).where(eq(salesOpportunities.id, id)).returning();
  await stageChange(tx, actor, after, before.stage, input.stage, input.note?.trim() || null, backwards);
  await recordAudit(tx, actor, {
    action: 'salesOpportunity.stage', entityType: 'salesOpportunity', entityId: id,
    before: { stage: before.stage }, after: { stage: after.stage, backwards, ...(input.note ? { note: input.note } : {}), ...(after.lostReason !== before.lostReason ? { lostReason: after.lostReason } : {}) },
  });
  return after;
}

/** Reopens a won or lost opportunity at an open stage, with a note (recorded, audited, counted). */
export async function reopenOpportunity(tx: Tx, actor: Actor, id: number, input: { stage: (typeof openStages)[number]; note: string }) {
  const before = await getOpportunityInScope(tx, actor, id, { lock: true });
  if (!isClosedStage(before.stage)) throw refused('OPPORTUNITY_NOT_CLOSED', 'sales.opportunityNotClosed', { title: before.title });
  const [after] = await tx.update(salesOpportunities).set({
    stage: input.stage, closedAt: null, lostReason: null, lostNote: null, reopenCount: before.reopenCount + 1, updatedAt: new Date(),
    maxStageRank: Math.max(before.maxStageRank, stageRank(input.stage)),
  }).where(eq(salesOpportunities.id, id)).returning();
  await stageChange(tx, actor, after, before.stage, input.stage, input.note.trim(), true);
  await recordAudit(tx, actor, {
    action: 'salesOpportunity.reopen', entityType: 'salesOpportunity', entityId: id,
    before: { stage: before.stage, lostReason: before.lostReason }, after: { stage: after.stage, note: input.note, reopenCount: after.reopenCount },
  });
  return after;
}

export async function stageHistory(tx: Tx, id: number) {
  return tx.select().from(salesStageChanges).where(eq(salesStageChanges.opportunityId, id)).orderBy(asc(salesStageChanges.at), asc(salesStageChanges.id));
}

export interface OpportunityQuery extends ListPage {
  stage?: OpportunityStage; ownerId?: number; department?: string; customerId?: number; q?: string; open?: boolean;
  due?: 'today' | 'overdue' | 'due';
}

export async function listOpportunities(tx: Tx, actor: Actor, q: OpportunityQuery, today: string) {
  const o = salesOpportunities;
  const conds: (SQL | undefined)[] = [opportunityScope(actor), beforeId(o.id, q)];
  if (q.stage) conds.push(eq(o.stage, q.stage));
  if (q.open) conds.push(inArray(o.stage, [...openStages]));
  if (q.ownerId) conds.push(eq(o.ownerId, q.ownerId));
  if (q.department) conds.push(eq(o.department, q.department));
  if (q.customerId) conds.push(eq(o.customerId, q.customerId));
  if (q.q?.trim()) conds.push(sql`${o.title} ILIKE ${`%${q.q.trim().replace(/[%_\\]/g, '\\$&')}%`}`);
  if (q.due) {
    conds.push(inArray(o.stage, [...openStages]));
    conds.push(q.due === 'today' ? eq(o.nextFollowUpOn, today) : q.due === 'overdue' ? sql`${o.nextFollowUpOn} < ${today}` : sql`${o.nextFollowUpOn} <= ${today}`);
  }
  const where = and(...conds);
  const list = await tx.select().from(o).where(where)
    .orderBy(...listOrder(o.id, q, [desc(o.updatedAt), desc(o.id)]))
    .limit(q.pageSize).offset(isExportPage(q) ? 0 : (q.page - 1) * q.pageSize);
  const [{ total }] = await totalUnlessExport(q, () => tx.select({ total: sql<number>`count(*)::int` }).from(o).where(where).then((r): [{ total: number }] => [r[0]]));
  const names = await staffNames(tx, list.map((r) => r.ownerId));
  const customerNames = await customerNamesById(tx, list.map((r) => r.customerId));
  return { items: list.map((r) => presentOpportunity(r, customerNames.get(r.customerId) ?? '', names)), total, page: q.page, pageSize: q.pageSize };
}

export function presentOpportunity(o: OpportunityRow, customerName: string, names: Map<number, string>) {
  return { ...o, customerName, ownerName: o.ownerId != null ? names.get(o.ownerId) ?? null : null };
}

/** Reassigns opportunities (all or nothing; each id that cannot be reassigned is named). */
export async function assignOpportunities(tx: Tx, actor: Actor, ids: number[], input: { ownerId: number; department?: string | null; note?: string | null }) {
  const owner = await activeStaff(tx, input.ownerId, 'ownerId');
  const department = input.department?.trim() || owner.department;
  if (actor.dataScope === 'department') assertWithinScope(actor, owner.id, department);
  const found = await tx.select().from(salesOpportunities).where(and(inArray(salesOpportunities.id, ids), opportunityScope(actor))).for('update');
  const byId = new Map(found.map((o) => [o.id, o]));
  const issues: FieldIssue[] = [];
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    const o = byId.get(id);
    if (seen.has(id)) issues.push({ field: `ids.${i}`, key: 'sales.duplicateIds' });
    else if (!o) issues.push({ field: `ids.${i}`, key: 'sales.notInScope', params: { id } });
    else if (isClosedStage(o.stage)) issues.push({ field: `ids.${i}`, key: 'sales.opportunityIsClosed' });
    seen.add(id);
  });
  if (issues.length) throw invalid(issues);
  const moved = found.filter((o) => o.ownerId !== owner.id || o.department !== department);
  if (moved.length) {
    await tx.update(salesOpportunities).set({ ownerId: owner.id, department, updatedAt: new Date() }).where(inArray(salesOpportunities.id, moved.map((o) => o.id)));
    for (const o of moved) {
      await recordAudit(tx, actor, {
        action: 'salesOpportunity.assign', entityType: 'salesOpportunity', entityId: o.id,
        before: { ownerId: o.ownerId, department: o.department }, after: { ownerId: owner.id, department, ...(input.note ? { note: input.note } : {}) },
      });
    }
  }
  return { assigned: moved.length, unchanged: ids.length - moved.length, ownerId: owner.id, ownerName: owner.name, department };
}

/**
 * The funnel of the opportunities created in [from, to] (company days) within the actor's scope:
 * per stage, those now at it (count, expected amount) and those that reached it or went beyond
 * (conversion = reached / entered); won amount; lost by reason.
 */
export async function salesFunnel(tx: Tx, actor: Actor, q: { from?: string; to?: string; department?: string; ownerId?: number }, timeZone: string) {
  if (q.from && q.to && q.from > q.to) throw invalidField('from', 'sales.rangeReversed');
  const o = salesOpportunities;
  const local = sql`(${o.createdAt} AT TIME ZONE ${timeZone})::date`;
  const where = and(
    opportunityScope(actor),
    q.from ? sql`${local} >= ${q.from}::date` : undefined,
    q.to ? sql`${local} <= ${q.to}::date` : undefined,
    q.department ? eq(o.department, q.department) : undefined,
    q.ownerId ? eq(o.ownerId, q.ownerId) : undefined,
  );
  const byStage = await tx.select({ stage: o.stage, n: sql<number>`count(*)::int`, amount: sql<number>`coalesce(sum(${o.expectedAmountFen}), 0)::bigint` })
    .from(o).where(where).groupBy(o.stage);
  const reached = await tx.select({ rank: o.maxStageRank, n: sql<number>`count(*)::int` }).from(o).where(where).groupBy(o.maxStageRank);
  const lost = await tx.select({ reason: o.lostReason, n: sql<number>`count(*)::int`, amount: sql<number>`coalesce(sum(${o.expectedAmountFen}), 0)::bigint` })
    .from(o).where(and(where, eq(o.stage, 'lost'))).groupBy(o.lostReason).orderBy(sql`2 DESC`, asc(o.lostReason));
  const entered = byStage.reduce((s, r) => s + r.n, 0);
  const at = (s: OpportunityStage) => byStage.find((r) => r.stage === s);
  const stages = funnelStages.map((stage, i) => {
    const reachedN = reached.filter((r) => r.rank >= i).reduce((s, r) => s + r.n, 0);
    return {
      stage, count: at(stage)?.n ?? 0, amountFen: Number(at(stage)?.amount ?? 0), reached: reachedN,
      conversion: entered ? Math.round((reachedN / entered) * 10000) / 10000 : 0,
    };
  });
  return {
    entered, stages,
    won: { count: at('won')?.n ?? 0, amountFen: Number(at('won')?.amount ?? 0) },
    lost: { count: at('lost')?.n ?? 0, amountFen: Number(at('lost')?.amount ?? 0), byReason: lost.map((r) => ({ reason: r.reason ?? '', count: r.n, amountFen: Number(r.amount) })) },
  };
}
