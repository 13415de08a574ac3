// Complaints (投诉, SPEC §7): receipt, processing steps with deadlines, close and reopen,
// goodwill points. Search, overdue list, statistics and reminders live in queries.ts.
//
// States: pending (received) → processing (a step was added) → done (closed).
// - Steps are added only while not done; the first step moves pending → processing.
// - Closing needs at least one step and every step finished: "done" is a statement about the
//   record (nobody has anything left to do), not about the member being satisfied.
// - A done complaint can be reopened with a reason (the member comes back about the same
//   matter): it returns to processing, keeps its history and counts the reopen; statistics
//   use the latest close.
import crypto from 'node:crypto';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { AppError, invalidField, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { users } from '../auth/schema.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import { cardNoForSearch, findComplainingMember, memberLabels, postGoodwillPoints } from './links.ts';
import { registerPointsSource } from '../points/service.ts';
import { complaintClosed } from './hooks.ts';
import { complaintEvents, complaintGoodwill, complaints, complaintSteps } from './schema.ts';
import { localDate, localDateTime } from './search.ts';
import './messages.ts';

export const importances = ['low', 'normal', 'high', 'urgent'] as const;
export type Importance = (typeof importances)[number];
export type ComplaintRow = typeof complaints.$inferSelect;
export type StepRow = typeof complaintSteps.$inferSelect;

registerDictionaryUsage('complaint_channel', async (tx, code) => countWhere(tx, eq(complaints.channel, code)));
registerDictionaryUsage('complaint_type', async (tx, code) => countWhere(tx, eq(complaints.type, code)));

// Points whose business event is a complaint (goodwill, or manual points naming it) need the
// complaint to exist and be about that member.
registerPointsSource('complaint', async (tx, id, memberId) => {
  const [c] = await tx.select({ memberId: complaints.memberId }).from(complaints).where(eq(complaints.id, id));
  if (!c) throw invalidField('sourceId', 'points.sourceNotFound', { type: 'entity.pointsSource.complaint', id });
  if (c.memberId !== memberId) throw invalidField('sourceId', 'points.sourceOtherMember', { type: 'entity.pointsSource.complaint', id });
});

async function countWhere(tx: Tx, where: ReturnType<typeof eq>) {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(complaints).where(where);
  return n;
}

/** A minute of slack for clocks of browsers and servers that differ a little. */
const clockSlackMs = 60_000;

async function activeUser(tx: Tx, id: number, field: string) {
  const [u] = await tx.select({ id: users.id, name: users.name, department: users.department, active: users.active }).from(users).where(eq(users.id, id));
  if (!u || !u.active) throw invalidField(field, 'complaint.unknownUser', { id });
  return u;
}

function notInFuture(at: Date, now: Date, field: string) {
  if (at.getTime() > now.getTime() + clockSlackMs) throw invalidField(field, 'complaint.inFuture');
}

async function event(tx: Tx, actor: Actor, complaintId: number, at: Date, kind: string, extra: { stepId?: number; note?: string | null } = {}) {
  await tx.insert(complaintEvents).values({ complaintId, at, actorName: actor.name, kind, stepId: extra.stepId ?? null, note: extra.note ?? null });
}

/** Which complaints an actor sees: all; their department's (received or handled there); their own. */
export function scopeOf(actor: Actor): SQL | undefined {
  if (actor.dataScope === 'all' || actor.permissions.has('*')) return undefined;
  if (actor.dataScope === 'department' && actor.department) {
    return sql`(EXISTS (SELECT 1 FROM users u WHERE u.id = ${complaints.receiverId} AND u.department = ${actor.department})
      OR EXISTS (SELECT 1 FROM complaint_steps s WHERE s.complaint_id = ${complaints.id} AND s.department = ${actor.department}))`;
  }
  return sql`(${complaints.receiverId} = ${actor.id ?? -1}
    OR EXISTS (SELECT 1 FROM complaint_steps s WHERE s.complaint_id = ${complaints.id} AND s.handler_id = ${actor.id ?? -1}))`;
}

/** The complaint, locked for the rest of the transaction (steps are numbered under this lock); 404 outside the actor's data scope. */
async function lockComplaint(tx: Tx, actor: Actor, id: number): Promise<ComplaintRow> {
  const [c] = await tx.select().from(complaints).where(eq(complaints.id, id)).for('update');
  if (!c) throw notFound('complaint', id);
  await assertVisible(tx, actor, id);
  return c;
}

async function assertVisible(tx: Tx, actor: Actor, id: number) {
  const scope = scopeOf(actor);
  if (!scope) return;
  const [seen] = await tx.select({ id: complaints.id }).from(complaints).where(and(eq(complaints.id, id), scope));
  if (!seen) throw notFound('complaint', id);
}

function refuseIfDone(c: ComplaintRow, action: 'addStep' | 'finishStep' | 'edit' | 'close') {
  if (c.status === 'done') {
    const params = { complaintNo: c.complaintNo, action: `entity.complaintAction.${action}` };
    throw new AppError(422, 'COMPLAINT_CLOSED', 'complaint.closed', params, [{ field: 'status', key: 'complaint.statusDone' }]);
  }
}

export interface ReceiptInput {
  channel: string;
  type: string;
  memberId?: number | null;
  memberNo?: string | null;
  cardNo?: string | null;
  complainantName?: string | null;
  complainantPhone?: string | null;
  content: string;
  receiverId?: number | null;
  receivedAt?: Date | null;
  importance?: Importance;
}

/** 受理: records a complaint as received (pending). */
export async function receiveComplaint(tx: Tx, actor: Actor, input: ReceiptInput, now: Date, timeZone: string) {
  await assertActiveValue(tx, 'complaint_channel', input.channel, 'channel');
  await assertActiveValue(tx, 'complaint_type', input.type, 'type');
  const member = await findComplainingMember(tx, { memberId: input.memberId, memberNo: input.memberNo, cardNo: input.cardNo });
  const complainantName = input.complainantName?.trim() || member?.name;
  if (!complainantName) throw invalidField('complainantName', 'complaint.complainantRequired');
  const receiverId = input.receiverId ?? (actor.kind === 'user' ? actor.id : null);
  if (!receiverId) throw invalidField('receiverId', 'complaint.receiverRequired');
  await activeUser(tx, receiverId, 'receiverId');
  const receivedAt = input.receivedAt ?? now;
  notInFuture(receivedAt, now, 'receivedAt');

  const [row] = await tx.insert(complaints).values({
    complaintNo: `pending-${crypto.randomUUID()}`,
    channel: input.channel,
    type: input.type,
    memberId: member?.memberId ?? null,
    cardNo: input.cardNo ? cardNoForSearch(input.cardNo) : (member?.cardNo ?? null),
    complainantName,
    complainantPhone: input.complainantPhone?.trim() || member?.mobile || null,
    content: input.content.trim(),
    receiverId,
    receivedAt,
    importance: input.importance ?? 'normal',
    status: 'pending',
    createdBy: actor.name,
  }).returning();
  const complaintNo = `TS${localDate(receivedAt, timeZone).replaceAll('-', '')}-${String(row.id).padStart(6, '0')}`;
  const [c] = await tx.update(complaints).set({ complaintNo }).where(eq(complaints.id, row.id)).returning();
  await event(tx, actor, c.id, receivedAt, 'received');
  await recordAudit(tx, actor, { action: 'complaint.receive', entityType: 'complaint', entityId: c.id, after: c });
  return c;
}

export type ComplaintPatch = Partial<Pick<ReceiptInput, 'channel' | 'type' | 'content' | 'importance' | 'complainantName' | 'complainantPhone'>>;

/** Corrects the receipt while the complaint is open (the member and receipt time stay as recorded). */
export async function updateComplaint(tx: Tx, actor: Actor, id: number, patch: ComplaintPatch, now: Date) {
  const before = await lockComplaint(tx, actor, id);
  refuseIfDone(before, 'edit');
  if (patch.channel !== undefined) await assertActiveValue(tx, 'complaint_channel', patch.channel, 'channel');
  if (patch.type !== undefined) await assertActiveValue(tx, 'complaint_type', patch.type, 'type');
  const set: Partial<ComplaintRow> = { updatedAt: now };
  if (patch.channel !== undefined) set.channel = patch.channel;
  if (patch.type !== undefined) set.type = patch.type;
  if (patch.content !== undefined) set.content = patch.content.trim();
  if (patch.importance !== undefined) set.importance = patch.importance;
  if (patch.complainantName !== undefined) {
    if (!patch.complainantName?.trim()) throw invalidField('complainantName', 'validation.required');
    set.complainantName = patch.complainantName.trim();
  }
  if (patch.complainantPhone !== undefined) set.complainantPhone = patch.complainantPhone?.trim() || null;
  const [after] = await tx.update(complaints).set(set).where(eq(complaints.id, id)).returning();
  await event(tx, actor, id, now, 'edited', { note: Object.keys(patch).join(', ') });
  await recordAudit(tx, actor, { action: 'complaint.update', entityType: 'complaint', entityId: id, before, after });
  return after;
}

export interface StepInput {
  stepAt?: Date | null;
  handlerId: number;
  department?: string | null;
  opinion: string;
  expectedFinishAt?: Date | null;
}

/** 处理: adds a processing step; the first one moves the complaint to processing. */
export async function addStep(tx: Tx, actor: Actor, complaintId: number, input: StepInput, now: Date, timeZone: string) {
  const c = await lockComplaint(tx, actor, complaintId);
  refuseIfDone(c, 'addStep');
  const handler = await activeUser(tx, input.handlerId, 'handlerId');
  const stepAt = input.stepAt ?? now;
  notInFuture(stepAt, now, 'stepAt');
  if (stepAt < c.receivedAt) throw invalidField('stepAt', 'complaint.stepBeforeReceipt', { receivedAt: localDateTime(c.receivedAt, timeZone) });
  if (input.expectedFinishAt && input.expectedFinishAt <= stepAt) {
    throw invalidField('expectedFinishAt', 'complaint.dueBeforeStep', { stepAt: localDateTime(stepAt, timeZone) });
  }
  const [{ next }] = await tx.select({ next: sql<number>`coalesce(max(${complaintSteps.seq}), 0)::int + 1` }).from(complaintSteps).where(eq(complaintSteps.complaintId, complaintId));
  const [step] = await tx.insert(complaintSteps).values({
    complaintId,
    seq: next,
    stepAt,
    handlerId: handler.id,
    department: input.department?.trim() || handler.department || null,
    opinion: input.opinion.trim(),
    expectedFinishAt: input.expectedFinishAt ?? null,
    createdBy: actor.name,
  }).returning();
  if (c.status === 'pending') {
    await tx.update(complaints).set({ status: 'processing', updatedAt: now }).where(eq(complaints.id, complaintId));
  } else {
    await tx.update(complaints).set({ updatedAt: now }).where(eq(complaints.id, complaintId));
  }
  await event(tx, actor, complaintId, stepAt, 'step_added', { stepId: step.id });
  await recordAudit(tx, actor, {
    action: 'complaint.step.add', entityType: 'complaint', entityId: complaintId,
    facts: { step: step.seq, stepId: step.id, handlerId: step.handlerId, department: step.department, expectedFinishAt: step.expectedFinishAt, statusBefore: c.status },
  });
  return step;
}

/** Marks a step finished (at a given time, by default now). */
export async function finishStep(tx: Tx, actor: Actor, complaintId: number, stepId: number, input: { finishedAt?: Date | null; note?: string | null }, now: Date, timeZone: string) {
  const c = await lockComplaint(tx, actor, complaintId);
  refuseIfDone(c, 'finishStep');
  const [step] = await tx.select().from(complaintSteps).where(and(eq(complaintSteps.id, stepId), eq(complaintSteps.complaintId, complaintId)));
  if (!step) throw notFound('complaintStep', stepId);
  if (step.finishedAt) {
    throw refused('COMPLAINT_STEP_FINISHED', 'complaint.stepFinished', { seq: step.seq, finishedAt: localDateTime(step.finishedAt, timeZone) });
  }
  const finishedAt = input.finishedAt ?? now;
  notInFuture(finishedAt, now, 'finishedAt');
  if (finishedAt < step.stepAt) throw invalidField('finishedAt', 'complaint.finishBeforeStep', { stepAt: localDateTime(step.stepAt, timeZone) });
  const [after] = await tx.update(complaintSteps)
    .set({ finishedAt, finishedBy: actor.kind === 'user' ? actor.id : null, finishNote: input.note?.trim() || null })
    .where(eq(complaintSteps.id, stepId)).returning();
  await tx.update(complaints).set({ updatedAt: now }).where(eq(complaints.id, complaintId));
  await event(tx, actor, complaintId, finishedAt, 'step_finished', { stepId, note: after.finishNote });
  await recordAudit(tx, actor, { action: 'complaint.step.finish', entityType: 'complaint_step', entityId: stepId, before: step, after });
  return after;
}

/** 完成: closes the record. Needs a step, and every step finished. */
export async function closeComplaint(tx: Tx, actor: Actor, complaintId: number, input: { note?: string | null }, now: Date) {
  const c = await lockComplaint(tx, actor, complaintId);
  refuseIfDone(c, 'close');
  const steps = await tx.select({ seq: complaintSteps.seq, finishedAt: complaintSteps.finishedAt }).from(complaintSteps)
    .where(eq(complaintSteps.complaintId, complaintId)).orderBy(asc(complaintSteps.seq));
  if (!steps.length) throw refused('COMPLAINT_NO_STEPS', 'complaint.noSteps', { complaintNo: c.complaintNo });
  const open = steps.filter((s) => !s.finishedAt);
  if (open.length) {
    throw refused('COMPLAINT_OPEN_STEPS', 'complaint.openSteps', { complaintNo: c.complaintNo, count: open.length, seqs: open.map((s) => s.seq).join(', ') });
  }
  const [after] = await tx.update(complaints)
    .set({ status: 'done', closedAt: now, closedBy: actor.kind === 'user' ? actor.id : null, closeNote: input.note?.trim() || null, updatedAt: now })
    .where(eq(complaints.id, complaintId)).returning();
  await event(tx, actor, complaintId, now, 'closed', { note: after.closeNote });
  await complaintClosed.run(tx, { actor, complaintId, complaintNo: after.complaintNo, memberId: after.memberId });
  await recordAudit(tx, actor, { action: 'complaint.close', entityType: 'complaint', entityId: complaintId, before: c, after });
  return after;
}

/** Reopens a done complaint (back to processing) with the reason the matter came back. */
export async function reopenComplaint(tx: Tx, actor: Actor, complaintId: number, input: { reason: string }, now: Date) {
  const c = await lockComplaint(tx, actor, complaintId);
  if (c.status !== 'done') throw refused('COMPLAINT_NOT_CLOSED', 'complaint.notClosed', { complaintNo: c.complaintNo });
  const [after] = await tx.update(complaints)
    .set({ status: 'processing', closedAt: null, closedBy: null, reopenCount: c.reopenCount + 1, updatedAt: now })
    .where(eq(complaints.id, complaintId)).returning();
  await event(tx, actor, complaintId, now, 'reopened', { note: input.reason.trim() });
  await recordAudit(tx, actor, { action: 'complaint.reopen', entityType: 'complaint', entityId: complaintId, before: c, after: { ...after, reason: input.reason.trim() } });
  return after;
}

/** 补偿积分: goodwill points to the complaining member, booked in the ledger with the complaint as their event. */
export async function grantGoodwill(tx: Tx, actor: Actor, complaintId: number, input: { points: number; reason: string }, now: Date) {
  const c = await lockComplaint(tx, actor, complaintId);
  if (!c.memberId) throw refused('COMPLAINT_NO_MEMBER', 'complaint.noMember', { complaintNo: c.complaintNo });
  const [g] = await tx.insert(complaintGoodwill).values({
    complaintId, memberId: c.memberId, points: input.points, reason: input.reason.trim(), grantedBy: actor.name, grantedAt: now,
  }).returning();
  const entry = await postGoodwillPoints(tx, actor, { memberId: c.memberId, points: input.points, complaintId, goodwillId: g.id, reason: input.reason.trim() });
  const [after] = await tx.update(complaintGoodwill).set({ entryId: entry.entryId }).where(eq(complaintGoodwill.id, g.id)).returning();
  await event(tx, actor, complaintId, now, 'goodwill', { note: `${input.points} · ${after.reason}` });
  await recordAudit(tx, actor, { action: 'complaint.goodwill', entityType: 'complaint', entityId: complaintId, facts: { goodwillId: g.id, memberId: c.memberId, points: input.points, reason: after.reason, entryId: entry.entryId, entryState: entry.state } });
  return { ...after, entryState: entry.state };
}

/** Whether a step is overdue at `now`: not finished and past its expected finish. */
export function isOverdue(step: Pick<StepRow, 'finishedAt' | 'expectedFinishAt'>, now: Date): boolean {
  return !step.finishedAt && !!step.expectedFinishAt && step.expectedFinishAt < now;
}

/** The complaint page: the record, its steps (overdue marked), its history and goodwill. */
export async function getComplaint(tx: Tx, actor: Actor, id: number, now: Date) {
  const [c] = await tx.select().from(complaints).where(eq(complaints.id, id));
  if (!c) throw notFound('complaint', id);
  await assertVisible(tx, actor, id);
  const steps = await tx.select().from(complaintSteps).where(eq(complaintSteps.complaintId, id)).orderBy(asc(complaintSteps.seq));
  const events = await tx.select().from(complaintEvents).where(eq(complaintEvents.complaintId, id)).orderBy(asc(complaintEvents.at), asc(complaintEvents.id));
  const goodwill = await tx.select().from(complaintGoodwill).where(eq(complaintGoodwill.complaintId, id)).orderBy(asc(complaintGoodwill.id));
  const names = await userNames(tx, [c.receiverId, c.closedBy, ...steps.flatMap((s) => [s.handlerId, s.finishedBy])]);
  const member = c.memberId ? (await memberLabels(tx, [c.memberId])).get(c.memberId) ?? null : null;
  return {
    ...c,
    memberNo: member?.memberNo ?? null,
    receiverName: names.get(c.receiverId) ?? null,
    closedByName: c.closedBy ? names.get(c.closedBy) ?? null : null,
    steps: steps.map((s) => ({
      ...s,
      handlerName: names.get(s.handlerId) ?? null,
      finishedByName: s.finishedBy ? names.get(s.finishedBy) ?? null : null,
      overdue: isOverdue(s, now),
    })),
    events,
    goodwill,
  };
}

/** Active staff to pick a receiver or handler from (name, department), optionally searched. */
export async function staffDirectory(tx: Tx, q: { search?: string; limit?: number }) {
  const like = q.search ? `%${q.search.trim().replace(/[\\%_]/g, '\\$&')}%` : null;
  return tx.select({ id: users.id, name: users.name, login: users.login, department: users.department }).from(users)
    .where(and(eq(users.active, true), like ? sql`(${users.name} ILIKE ${like} OR ${users.login} ILIKE ${like} OR ${users.department} ILIKE ${like})` : undefined))
    .orderBy(asc(users.department), asc(users.name)).limit(q.limit ?? 200);
}

export async function userNames(tx: Tx, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((i): i is number => i != null))];
  if (!wanted.length) return new Map();
  const list = await tx.select({ id: users.id, name: users.name }).from(users).where(sql`${users.id} IN (${sql.join(wanted.map((i) => sql`${i}`), sql`, `)})`);
  return new Map(list.map((u) => [u.id, u.name]));
}

