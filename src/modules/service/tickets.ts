// Tickets (工单, SPEC §10): inquiries, after-sales / repairs, complaints and suggestions.
// new → in_progress → waiting_customer ⇄ in_progress → resolved → closed; a resolved or closed
// ticket reopens (with a note) to in_progress. The first reply to the customer is the first
// response; SLA due times (sla.ts) are fixed at creation. A ticket of type complaint becomes a
// complaint through the complaints module (or is linked to one); its workflow stays there.
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { beforeId, isExportPage, listOrder, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { AppError, invalid, invalidField, notFound, type FieldIssue } from '../../http/errors.ts';
import { companyDayStart } from '../../jobs/as-of.ts';
import { companyDate } from '../../dates.ts';
import { normaliseMobile } from '../../normalise.ts';
import { maskPersonal } from '../../pii.ts';
import { recordAudit } from '../audit/service.ts';
import { can, type Actor } from '../auth/actor.ts';
import { users } from '../auth/schema.ts';
import { getComplaint, receiveComplaint } from '../complaints/service.ts';
import { customerNamesById, findLiveCustomersByMobile, getCustomerInScope } from '../customers/service.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import {
  openTicketStatuses, serviceSurveys, serviceTicketEvents, serviceTickets,
  type MessageKind, type TicketEventKind, type TicketPriority, type TicketStatus,
} from './schema.ts';
import { dueTimes, getSla } from './sla.ts';
import './messages.ts';

export type TicketRow = typeof serviceTickets.$inferSelect;

registerDictionaryUsage('ticket_type', async (tx, code) => count(tx, eq(serviceTickets.type, code)));
registerDictionaryUsage('ticket_channel', async (tx, code) => count(tx, eq(serviceTickets.channel, code)));

async function count(tx: Tx, where: SQL) {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(serviceTickets).where(where);
  return n;
}

/** The ticket type that may become a complaint (dictionary ticket_type). */
export const complaintTicketType = 'complaint';

/** The tickets an actor may see: own → assigned to them; department → their department's; all → all. */
export function ticketScope(actor: Actor): SQL | undefined {
  if (actor.dataScope === 'all') return undefined;
  if (actor.dataScope === 'department') return actor.department ? sql`${serviceTickets.department} = ${actor.department}` : sql`false`;
  return actor.kind === 'user' && actor.id != null ? sql`${serviceTickets.assigneeId} = ${actor.id}` : sql`false`;
}

export const isOpen = (s: TicketStatus) => (openTicketStatuses as readonly string[]).includes(s);

/** A ticket inside the actor's data scope; outside it, it does not exist for them (404). */
export async function getTicketInScope(tx: Tx, actor: Actor, id: number, opts: { lock?: boolean } = {}): Promise<TicketRow> {
  const q = tx.select().from(serviceTickets).where(and(eq(serviceTickets.id, id), ticketScope(actor)));
  const [t] = opts.lock ? await q.for('update') : await q;
  if (!t) throw notFound('serviceTicket', id);
  return t;
}

function statusError(t: TicketRow, key: string, params: Record<string, unknown> = {}) {
  return new AppError(422, 'TICKET_STATE', key, { ticketNo: t.ticketNo, ...params }, [{ field: 'status', key: `entity.ticketStatus.${t.status}` }]);
}

async function activeStaff(tx: Tx, id: number, field: string) {
  const [u] = await tx.select({ id: users.id, name: users.name, department: users.department, active: users.active }).from(users).where(eq(users.id, id));
  if (!u || !u.active) throw invalidField(field, 'service.unknownUser', { id });
  return u;
}

function assertWithinScope(actor: Actor, assigneeId: number | null, department: string | null) {
  if (actor.dataScope === 'own' && assigneeId !== actor.id) throw invalidField('assigneeId', 'service.assigneeOutOfScope');
  if (actor.dataScope === 'department' && department !== actor.department) {
    throw invalidField('department', 'service.departmentOutOfScope', { department: actor.department ?? '' });
  }
}

const byOf = (actor: Actor) => ({ byId: actor.kind === 'user' ? actor.id : null, byName: actor.name });

async function timeline(tx: Tx, actor: Actor, ticketId: number, kind: TicketEventKind, at: Date, extra: { body?: string | null; fromStatus?: TicketStatus | null; toStatus?: TicketStatus | null } = {}) {
  const [e] = await tx.insert(serviceTicketEvents).values({
    ticketId, kind, body: extra.body ?? null, fromStatus: extra.fromStatus ?? null, toStatus: extra.toStatus ?? null, at, ...byOf(actor),
  }).returning();
  return e;
}

/** A customer's name as the actor may see it: in full inside their scope, else its first character and stars. */
const maskedName = (name: string) => `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}`;

async function customerSeenBy(tx: Tx, actor: Actor, customerId: number) {
  try {
    const c = await getCustomerInScope(tx, actor, customerId);
    return { customerId: c.id, name: c.name, inScope: true };
  } catch {
    const name = (await customerNamesById(tx, [customerId])).get(customerId);
    return { customerId: null, name: name ? maskedName(name) : '*', inScope: false };
  }
}

/**
 * The customer holding the contact mobile: linked when inside the actor's customer scope; outside
 * it only that one exists is said (name masked, no id), as the sales leads' duplicate warning.
 */
async function recogniseByMobile(tx: Tx, actor: Actor, mobile: string | null) {
  if (!mobile) return null;
  const found = await findLiveCustomersByMobile(tx, mobile);
  if (!found.length) return null;
  for (const c of found) {
    try {
      const v = await getCustomerInScope(tx, actor, c.id);
      return { customerId: v.id, name: v.name, inScope: true };
    } catch { /* outside the actor's scope */ }
  }
  return { customerId: null, name: maskedName(found[0].name), inScope: false };
}

export interface TicketInput {
  type: string; channel: string; priority?: TicketPriority; subject: string; description: string;
  customerId?: number | null; contactName?: string | null; contactMobile?: string | null;
  assigneeId?: number | null; department?: string | null;
}

export async function createTicket(tx: Tx, actor: Actor, input: TicketInput, now: Date, timeZone: string) {
  const issues: FieldIssue[] = [];
  const mobile = input.contactMobile?.trim() ? normaliseMobile(input.contactMobile) : null;
  if (input.contactMobile?.trim() && !mobile) issues.push({ field: 'contactMobile', key: 'validation.mobile' });
  if (issues.length) throw invalid(issues);
  await assertActiveValue(tx, 'ticket_type', input.type, 'type');
  await assertActiveValue(tx, 'ticket_channel', input.channel, 'channel');
  let customer: { customerId: number | null; name: string; inScope: boolean } | null = null;
  if (input.customerId != null) {
    try {
      const c = await getCustomerInScope(tx, actor, input.customerId);
      customer = { customerId: c.id, name: c.name, inScope: true };
    } catch {
      throw invalidField('customerId', 'service.notInScope', { id: input.customerId });
    }
  } else customer = await recogniseByMobile(tx, actor, mobile);
  const assigneeId = input.assigneeId ?? (actor.kind === 'user' ? actor.id : null);
  const assignee = assigneeId != null ? await activeStaff(tx, assigneeId, 'assigneeId') : null;
  const department = input.department?.trim() || assignee?.department || actor.department;
  assertWithinScope(actor, assignee?.id ?? null, department);
  const priority = input.priority ?? 'normal';
  const due = dueTimes(await getSla(tx), priority, now);
  const [row] = await tx.insert(serviceTickets).values({
    ticketNo: `pending-${crypto.randomUUID()}`, type: input.type, channel: input.channel, priority,
    subject: input.subject.trim(), description: input.description.trim(),
    customerId: customer?.inScope ? customer.customerId : null, contactName: input.contactName?.trim() || null, contactMobile: mobile,
    assigneeId: assignee?.id ?? null, department, status: 'new', ...due, createdBy: actor.name, createdAt: now, updatedAt: now,
  }).returning();
  const ticketNo = `GD${companyDate(timeZone, now).replaceAll('-', '')}-${String(row.id).padStart(6, '0')}`;
  const [t] = await tx.update(serviceTickets).set({ ticketNo }).where(eq(serviceTickets.id, row.id)).returning();
  await recordAudit(tx, actor, { action: 'serviceTicket.create', entityType: 'serviceTicket', entityId: t.id, after: t });
  return { ticket: t, customer };
}

export type TicketPatch = Partial<Pick<TicketInput, 'type' | 'channel' | 'priority' | 'subject' | 'description' | 'contactName'>>;

/** Edits an open ticket; a new priority moves the due times (from the creation, by the SLA of today). */
export async function updateTicket(tx: Tx, actor: Actor, id: number, patch: TicketPatch, now: Date) {
  const before = await getTicketInScope(tx, actor, id, { lock: true });
  if (!isOpen(before.status)) throw statusError(before, before.status === 'closed' ? 'service.ticketClosed' : 'service.ticketResolved');
  const set: Partial<TicketRow> = {};
  if (patch.type !== undefined) { await assertActiveValue(tx, 'ticket_type', patch.type, 'type'); set.type = patch.type; }
  if (patch.channel !== undefined) { await assertActiveValue(tx, 'ticket_channel', patch.channel, 'channel'); set.channel = patch.channel; }
  if (patch.subject !== undefined) set.subject = patch.subject.trim();
  if (patch.description !== undefined) set.description = patch.description.trim();
  if (patch.contactName !== undefined) set.contactName = patch.contactName?.trim() || null;
  if (patch.priority !== undefined && patch.priority !== before.priority) {
    set.priority = patch.priority;
    Object.assign(set, dueTimes(await getSla(tx), patch.priority, before.createdAt));
  }
  if (!Object.keys(set).length) throw invalidField('subject', 'service.noChange');
  const [after] = await tx.update(serviceTickets).set({ ...set, updatedAt: now }).where(eq(serviceTickets.id, id)).returning();
  await recordAudit(tx, actor, { action: 'serviceTicket.update', entityType: 'serviceTicket', entityId: id, before, after });
  return after;
}

/**
 * A reply to the customer, an internal note, or the customer's words: the first reply is the first
 * response, and moves a new ticket to in progress; the customer's words bring a ticket waiting for
 * them back to in progress. A resolved ticket takes notes only; a closed one nothing.
 */
export async function addMessage(tx: Tx, actor: Actor, id: number, input: { kind: MessageKind; body: string }, now: Date) {
  const t = await getTicketInScope(tx, actor, id, { lock: true });
  if (t.status === 'closed') throw statusError(t, 'service.ticketClosed');
  if (t.status === 'resolved' && input.kind !== 'note') throw statusError(t, 'service.ticketResolved');
  const next: TicketStatus = (input.kind === 'reply' && t.status === 'new') || (input.kind === 'customer' && t.status === 'waiting_customer') ? 'in_progress' : t.status;
  const set: Partial<TicketRow> = { updatedAt: now };
  if (next !== t.status) set.status = next;
  if (input.kind === 'reply' && !t.firstResponseAt) set.firstResponseAt = now;
  await tx.update(serviceTickets).set(set).where(eq(serviceTickets.id, id));
  const e = await timeline(tx, actor, id, input.kind, now, { body: input.body.trim(), ...(next !== t.status ? { fromStatus: t.status, toStatus: next } : {}) });
  await recordAudit(tx, actor, {
    action: input.kind === 'reply' ? 'serviceTicket.reply' : input.kind === 'note' ? 'serviceTicket.note' : 'serviceTicket.customerMessage',
    entityType: 'serviceTicket', entityId: id,
    before: { status: t.status, firstResponseAt: t.firstResponseAt }, after: { eventId: e.id, status: next, firstResponseAt: set.firstResponseAt ?? t.firstResponseAt },
  });
  return e;
}

const manualMoves: Record<TicketStatus, TicketStatus[]> = {
  new: ['in_progress', 'waiting_customer'],
  in_progress: ['waiting_customer'],
  waiting_customer: ['in_progress'],
  resolved: [],
  closed: [],
};

/** Takes a ticket up (in progress) or puts it to wait for the customer, with an optional note. */
export async function changeStatus(tx: Tx, actor: Actor, id: number, input: { status: 'in_progress' | 'waiting_customer'; note?: string | null }, now: Date) {
  const t = await getTicketInScope(tx, actor, id, { lock: true });
  if (!manualMoves[t.status].includes(input.status)) {
    throw statusError(t, 'service.badTransition', { from: `entity.ticketStatus.${t.status}`, to: `entity.ticketStatus.${input.status}` });
  }
  const [after] = await tx.update(serviceTickets).set({ status: input.status, updatedAt: now }).where(eq(serviceTickets.id, id)).returning();
  await timeline(tx, actor, id, 'status', now, { body: input.note?.trim() || null, fromStatus: t.status, toStatus: input.status });
  await recordAudit(tx, actor, { action: 'serviceTicket.status', entityType: 'serviceTicket', entityId: id, before: { status: t.status }, after: { status: input.status, note: input.note ?? null } });
  return after;
}

export interface SurveyInput { score: number; comment?: string | null }

/** 已解决: with what was done; a satisfaction survey may come with it (or later, once per resolution). */
export async function resolveTicket(tx: Tx, actor: Actor, id: number, input: { resolution: string; survey?: SurveyInput | null }, now: Date) {
  const t = await getTicketInScope(tx, actor, id, { lock: true });
  if (!isOpen(t.status)) throw statusError(t, 'service.badTransition', { from: `entity.ticketStatus.${t.status}`, to: 'entity.ticketStatus.resolved' });
  const [after] = await tx.update(serviceTickets).set({
    status: 'resolved', resolvedAt: now, resolution: input.resolution.trim(), resolveCount: t.resolveCount + 1, updatedAt: now,
  }).where(eq(serviceTickets.id, id)).returning();
  await timeline(tx, actor, id, 'status', now, { body: input.resolution.trim(), fromStatus: t.status, toStatus: 'resolved' });
  await recordAudit(tx, actor, {
    action: 'serviceTicket.resolve', entityType: 'serviceTicket', entityId: id,
    before: { status: t.status, resolvedAt: t.resolvedAt }, after: { status: 'resolved', resolvedAt: now, resolution: after.resolution },
  });
  if (input.survey) await recordSurvey(tx, actor, id, input.survey, now);
  return after;
}

/** 满意度回访 for the ticket's latest resolution: once per resolution, while resolved or closed after it. */
export async function recordSurvey(tx: Tx, actor: Actor, id: number, input: SurveyInput, now: Date) {
  const t = await getTicketInScope(tx, actor, id, { lock: true });
  if (t.resolveCount === 0 || isOpen(t.status)) throw statusError(t, 'service.notResolved');
  const [s] = await tx.insert(serviceSurveys).values({
    ticketId: id, resolution: t.resolveCount, score: input.score, comment: input.comment?.trim() || null, at: now, ...byOf(actor),
  }).onConflictDoNothing().returning();
  if (!s) throw new AppError(409, 'SURVEY_TAKEN', 'service.surveyTaken', { ticketNo: t.ticketNo }, [{ field: 'score', key: 'service.surveyTaken', params: { ticketNo: t.ticketNo } }]);
  await timeline(tx, actor, id, 'survey', now, { body: `${s.score}${s.comment ? ` · ${s.comment}` : ''}` });
  await recordAudit(tx, actor, { action: 'serviceTicket.survey', entityType: 'serviceTicket', entityId: id, after: { surveyId: s.id, resolution: s.resolution, score: s.score, comment: s.comment } });
  return s;
}

export async function closeTicket(tx: Tx, actor: Actor, id: number, input: { note?: string | null }, now: Date) {
  const t = await getTicketInScope(tx, actor, id, { lock: true });
  if (t.status !== 'resolved') throw statusError(t, 'service.badTransition', { from: `entity.ticketStatus.${t.status}`, to: 'entity.ticketStatus.closed' });
  const [after] = await tx.update(serviceTickets).set({ status: 'closed', closedAt: now, updatedAt: now }).where(eq(serviceTickets.id, id)).returning();
  await timeline(tx, actor, id, 'status', now, { body: input.note?.trim() || null, fromStatus: t.status, toStatus: 'closed' });
  await recordAudit(tx, actor, { action: 'serviceTicket.close', entityType: 'serviceTicket', entityId: id, before: { status: t.status }, after: { status: 'closed', note: input.note ?? null } });
  return after;
}

/** The customer comes back about the same matter: in progress again, with a note; the history (timeline, surveys) stays. */
export async function reopenTicket(tx: Tx, actor: Actor, id: number, input: { note: string }, now: Date) {
  const t = await getTicketInScope(tx, actor, id, { lock: true });
  if (isOpen(t.status)) throw statusError(t, 'service.notReopenable');
  const [after] = await tx.update(serviceTickets).set({ status: 'in_progress', closedAt: null, resolvedAt: null, reopenCount: t.reopenCount + 1, updatedAt: now })
    .where(eq(serviceTickets.id, id)).returning();
  await timeline(tx, actor, id, 'reopen', now, { body: input.note.trim(), fromStatus: t.status, toStatus: 'in_progress' });
  await recordAudit(tx, actor, { action: 'serviceTicket.reopen', entityType: 'serviceTicket', entityId: id, before: { status: t.status, reopenCount: t.reopenCount }, after: { status: 'in_progress', reopenCount: after.reopenCount, note: input.note } });
  return after;
}

/** Reassigns tickets that are not closed (all or nothing; each id that cannot be reassigned is named). */
export async function assignTickets(tx: Tx, actor: Actor, ids: number[], input: { assigneeId: number; department?: string | null; note?: string | null }, now: Date) {
  const assignee = await activeStaff(tx, input.assigneeId, 'assigneeId');
  const department = input.department?.trim() || assignee.department;
  if (actor.dataScope === 'department') assertWithinScope(actor, assignee.id, department);
  const found = await tx.select().from(serviceTickets).where(and(inArray(serviceTickets.id, ids), ticketScope(actor))).for('update');
  const byId = new Map(found.map((t) => [t.id, t]));
  const issues: FieldIssue[] = [];
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    const t = byId.get(id);
    if (seen.has(id)) issues.push({ field: `ids.${i}`, key: 'service.duplicateIds' });
    else if (!t) issues.push({ field: `ids.${i}`, key: 'service.notInScope', params: { id } });
    else if (t.status === 'closed') issues.push({ field: `ids.${i}`, key: 'service.ticketIsClosed' });
    seen.add(id);
  });
  if (issues.length) throw invalid(issues);
  const moved = found.filter((t) => t.assigneeId !== assignee.id || t.department !== department);
  if (moved.length) {
    await tx.update(serviceTickets).set({ assigneeId: assignee.id, department, updatedAt: now }).where(inArray(serviceTickets.id, moved.map((t) => t.id)));
    await tx.insert(serviceTicketEvents).values(moved.map((t) => ({
      ticketId: t.id, kind: 'assign' as const, body: `${assignee.name}${department ? ` · ${department}` : ''}${input.note ? ` · ${input.note}` : ''}`, at: now, ...byOf(actor),
    })));
    for (const t of moved) {
      await recordAudit(tx, actor, {
        action: 'serviceTicket.assign', entityType: 'serviceTicket', entityId: t.id,
        before: { assigneeId: t.assigneeId, department: t.department }, after: { assigneeId: assignee.id, department, ...(input.note ? { note: input.note } : {}) },
      });
    }
  }
  return { assigned: moved.length, unchanged: ids.length - moved.length, assigneeId: assignee.id, assigneeName: assignee.name, department };
}

/**
 * A complaint ticket becomes a complaint (受理 through the complaints module: its number, steps and
 * closing live there) or is linked to an existing one the actor can see. Needs complaint.manage.
 */
export async function complaintFromTicket(
  tx: Tx, actor: Actor, id: number,
  input: { complaintId?: number | null; complaintType?: string | null; complaintChannel?: string | null }, now: Date, timeZone: string,
) {
  const t = await getTicketInScope(tx, actor, id, { lock: true });
  if (!can(actor, 'complaint.manage')) throw new AppError(403, 'FORBIDDEN', 'service.complaintPermission', {});
  if (t.type !== complaintTicketType) throw invalidField('type', 'service.notComplaintType');
  if (t.complaintId) throw new AppError(409, 'COMPLAINT_LINKED', 'service.complaintLinked', { ticketNo: t.ticketNo, complaintId: t.complaintId }, [{ field: 'complaintId', key: 'service.complaintLinked', params: { ticketNo: t.ticketNo, complaintId: t.complaintId } }]);
  let complaintId: number;
  let complaintNo: string;
  let created = false;
  if (input.complaintId != null) {
    try {
      const c = await getComplaint(tx, actor, input.complaintId, now);
      complaintId = c.id; complaintNo = c.complaintNo;
    } catch {
      throw invalidField('complaintId', 'service.notInScope', { id: input.complaintId });
    }
  } else {
    if (!input.complaintType) throw invalidField('complaintType', 'validation.required');
    if (!input.complaintChannel) throw invalidField('complaintChannel', 'validation.required');
    await assertActiveValue(tx, 'complaint_type', input.complaintType, 'complaintType');
    await assertActiveValue(tx, 'complaint_channel', input.complaintChannel, 'complaintChannel');
    const customer = t.customerId ? await getCustomerInScope(tx, actor, t.customerId).catch(() => null) : null;
    const c = await receiveComplaint(tx, actor, {
      type: input.complaintType, channel: input.complaintChannel, memberId: customer?.memberId ?? null,
      complainantName: t.contactName || customer?.name || null, complainantPhone: t.contactMobile || customer?.mobile || null,
      content: `${t.subject}\n${t.description}\n(${t.ticketNo})`, receivedAt: t.createdAt, importance: t.priority,
    }, now, timeZone);
    complaintId = c.id; complaintNo = c.complaintNo; created = true;
  }
  await tx.update(serviceTickets).set({ complaintId, updatedAt: now }).where(eq(serviceTickets.id, id));
  await timeline(tx, actor, id, 'complaint', now, { body: complaintNo });
  await recordAudit(tx, actor, { action: created ? 'serviceTicket.toComplaint' : 'serviceTicket.linkComplaint', entityType: 'serviceTicket', entityId: id, before: { complaintId: null }, after: { complaintId, complaintNo } });
  return { complaintId, complaintNo, created };
}

export interface TicketQuery extends ListPage {
  status?: TicketStatus | 'open'; type?: string; channel?: string; priority?: TicketPriority; assigneeId?: number; department?: string;
  customerId?: number; q?: string; overdue?: 'first_response' | 'resolution' | 'any'; dueToday?: boolean; mine?: boolean;
}

function overdueFirstResponse(now: Date) {
  return sql`(${serviceTickets.status} IN ('new', 'in_progress', 'waiting_customer') AND ${serviceTickets.firstResponseAt} IS NULL AND ${serviceTickets.firstResponseDueAt} < ${now})`;
}
function overdueResolution(now: Date) {
  return sql`(${serviceTickets.status} IN ('new', 'in_progress', 'waiting_customer') AND ${serviceTickets.resolutionDueAt} < ${now})`;
}

export function presentTicket(t: TicketRow, names: Map<number, string>, now: Date, opts: { clearMobile?: boolean } = {}) {
  const open = isOpen(t.status);
  return {
    ...t,
    contactMobile: t.contactMobile && !opts.clearMobile ? maskPersonal('phone', t.contactMobile) : t.contactMobile,
    assigneeName: t.assigneeId != null ? names.get(t.assigneeId) ?? null : null,
    firstResponseOverdue: open && !t.firstResponseAt && t.firstResponseDueAt < now,
    resolutionOverdue: open && t.resolutionDueAt < now,
  };
}

async function staffNames(tx: Tx, ids: (number | null)[]) {
  const unique = [...new Set(ids.filter((i): i is number => i != null))];
  if (!unique.length) return new Map<number, string>();
  const list = await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(list.map((u) => [u.id, u.name]));
}

/** The ticket list within the data scope, mobiles masked (an export reads them clear and masks them itself without pii.export). */
export async function listTickets(tx: Tx, actor: Actor, q: TicketQuery, now: Date, timeZone: string, opts: { clearMobiles?: boolean } = {}) {
  const conds: (SQL | undefined)[] = [ticketScope(actor), beforeId(serviceTickets.id, q)];
  if (q.status === 'open') conds.push(inArray(serviceTickets.status, [...openTicketStatuses]));
  else if (q.status) conds.push(eq(serviceTickets.status, q.status));
  if (q.type) conds.push(eq(serviceTickets.type, q.type));
  if (q.channel) conds.push(eq(serviceTickets.channel, q.channel));
  if (q.priority) conds.push(eq(serviceTickets.priority, q.priority));
  if (q.assigneeId) conds.push(eq(serviceTickets.assigneeId, q.assigneeId));
  if (q.mine) conds.push(eq(serviceTickets.assigneeId, actor.id ?? -1));
  if (q.department) conds.push(eq(serviceTickets.department, q.department));
  if (q.customerId) conds.push(eq(serviceTickets.customerId, q.customerId));
  if (q.q?.trim()) {
    const s = q.q.trim();
    const m = normaliseMobile(s);
    const like = `%${s.replace(/[%_\\]/g, '\\$&')}%`;
    conds.push(m ? eq(serviceTickets.contactMobile, m)
      : /^\d{4,}$/.test(s) ? sql`${serviceTickets.contactMobile} LIKE ${`%${s}`}`
      : sql`(${serviceTickets.ticketNo} ILIKE ${like} OR ${serviceTickets.subject} ILIKE ${like} OR ${serviceTickets.contactName} ILIKE ${like})`);
  }
  if (q.overdue === 'first_response') conds.push(overdueFirstResponse(now));
  else if (q.overdue === 'resolution') conds.push(overdueResolution(now));
  else if (q.overdue === 'any') conds.push(sql`(${overdueFirstResponse(now)} OR ${overdueResolution(now)})`);
  if (q.dueToday) {
    const today = companyDate(timeZone, now);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    conds.push(sql`${serviceTickets.status} IN ('new', 'in_progress', 'waiting_customer') AND ${serviceTickets.resolutionDueAt} >= ${companyDayStart(today, timeZone)} AND ${serviceTickets.resolutionDueAt} < ${companyDayStart(tomorrow, timeZone)}`);
  }
  const where = and(...conds);
  const list = await tx.select().from(serviceTickets).where(where)
    .orderBy(...listOrder(serviceTickets.id, q, [desc(serviceTickets.id)]))
    .limit(q.pageSize).offset(isExportPage(q) ? 0 : (q.page - 1) * q.pageSize);
  const [{ total }] = await totalUnlessExport(q, () => tx.select({ total: sql<number>`count(*)::int` }).from(serviceTickets).where(where).then((r): [{ total: number }] => [r[0]]));
  const names = await staffNames(tx, list.map((t) => t.assigneeId));
  return { items: list.map((t) => presentTicket(t, names, now, { clearMobile: opts.clearMobiles })), total, page: q.page, pageSize: q.pageSize };
}

/** The ticket page: the record (mobile in full), its customer as the actor may see it, timeline (oldest first), surveys. */
export async function ticketDetail(tx: Tx, actor: Actor, id: number, now: Date) {
  const t = await getTicketInScope(tx, actor, id);
  const events = await tx.select().from(serviceTicketEvents).where(eq(serviceTicketEvents.ticketId, id)).orderBy(asc(serviceTicketEvents.at), asc(serviceTicketEvents.id));
  const surveys = await tx.select().from(serviceSurveys).where(eq(serviceSurveys.ticketId, id)).orderBy(asc(serviceSurveys.resolution));
  const names = await staffNames(tx, [t.assigneeId]);
  const customer = t.customerId ? await customerSeenBy(tx, actor, t.customerId) : null;
  return {
    ...presentTicket(t, names, now, { clearMobile: true }),
    customerName: customer?.name ?? null,
    customerInScope: customer?.inScope ?? false,
    events,
    surveys,
    surveyDue: t.resolveCount > 0 && !isOpen(t.status) && !surveys.some((s) => s.resolution === t.resolveCount),
  };
}

/** Active staff to assign a ticket to: a department scope sees its department's, an own scope only itself. */
export async function staffDirectory(tx: Tx, actor: Actor, q: { search?: string }) {
  const s = q.search?.trim();
  const like = s ? `%${s.replace(/[%_\\]/g, '\\$&')}%` : null;
  const scope = actor.dataScope === 'all' ? undefined
    : actor.dataScope === 'department' ? (actor.department ? eq(users.department, actor.department) : sql`false`)
    : eq(users.id, actor.id ?? -1);
  return tx.select({ id: users.id, name: users.name, login: users.login, department: users.department }).from(users)
    .where(and(eq(users.active, true), scope, like ? sql`(${users.name} ILIKE ${like} OR ${users.login} ILIKE ${like})` : undefined))
    .orderBy(users.name).limit(100);
}

/** Open tickets assigned to the actor, and those of them overdue (first response or resolution), for the home page. */
export async function countOpenTickets(tx: Tx, actor: Actor, now: Date): Promise<{ open: number; overdue: number }> {
  const [r] = await tx.select({
    open: sql<number>`count(*)::int`,
    overdue: sql<number>`(count(*) FILTER (WHERE ${overdueFirstResponse(now)} OR ${overdueResolution(now)}))::int`,
  }).from(serviceTickets).where(and(eq(serviceTickets.assigneeId, actor.id ?? -1), inArray(serviceTickets.status, [...openTicketStatuses])));
  return r;
}
