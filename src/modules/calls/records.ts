// Call records (通话记录): registering a call (来电登记 in the console, or the phone system's
// report), recognising the caller by number through the customers service, editing, linking the
// caller later, making a sales lead from an unknown caller, and logical delete with a reason.
// Data scope as sales: own → calls one handled; department → the department's calls; all.
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { rows, type Tx } from '../../db/index.ts';
import { invalid, invalidField, notFound, refused, forbidden, type FieldIssue } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { can, type Actor } from '../auth/actor.ts';
import { activeUserIdByLogin, getUser, userNamesById } from '../auth/service.ts';
import { memberLevels } from '../cards/service.ts';
import { customerIdsInScope, customerNamesById, findLiveCustomersByPhone, getCustomerInScope } from '../customers/service.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import { liveMemberOfCustomer } from '../membership/members.ts';
import { createLead } from '../sales/service.ts';
import { maskNumber, parseCallNumber } from './numbers.ts';
import { calls, type CallDirection, type CallOutcome, type CallSource, type NumberKind } from './schema.ts';
import './messages.ts';

export type CallRow = typeof calls.$inferSelect;

registerDictionaryUsage('call_category', async (tx, code) => {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(calls).where(eq(calls.category, code));
  return n;
});

/** The calls an actor may see: own → they handled; department → their department's; all → all. */
export function callScope(actor: Actor): SQL | undefined {
  if (actor.dataScope === 'all') return undefined;
  if (actor.dataScope === 'department') return actor.department ? sql`${calls.department} = ${actor.department}` : sql`false`;
  return actor.kind === 'user' && actor.id != null ? sql`${calls.handlerId} = ${actor.id}` : sql`false`;
}

/** A live call inside the actor's data scope; outside it the call does not exist for them (404). */
export async function getCallInScope(tx: Tx, actor: Actor, id: number, opts: { lock?: boolean } = {}): Promise<CallRow> {
  const q = tx.select().from(calls).where(and(eq(calls.id, id), isNull(calls.deletedAt), callScope(actor)));
  const [c] = opts.lock ? await q.for('update') : await q;
  if (!c) throw notFound('call', id);
  return c;
}

/** The number normalised, or a 400 naming `field` with what is wrong with it. */
export function callNumber(raw: string, field = 'number'): { number: string; kind: NumberKind } {
  const p = parseCallNumber(raw);
  if ('issue' in p) throw invalidField(field, p.issue);
  return p;
}

/** Masks a name for someone outside the customer's scope: 王**. */
export const maskName = (name: string) => `${[...name][0] ?? ''}${'*'.repeat(Math.max(1, [...name].length - 1))}`;

export interface CallerMatch {
  customerId: number | null;
  name: string;
  inScope: boolean;
  department: string | null;
  member: { memberId: number; memberNo: string; status: string; level: string | null } | null;
}

/**
 * Who holds this number (mobile or home phone of a live customer). Inside the actor's customer
 * scope: who it is and, for a member, the member number, status and level; outside it only that
 * someone does (name masked, no id) — as sales' duplicate warning. In-scope matches first.
 */
export async function recogniseCaller(tx: Tx, actor: Actor, number: string): Promise<CallerMatch[]> {
  const found = await findLiveCustomersByPhone(tx, number, 10);
  const visible = await customerIdsInScope(tx, actor, found.map((c) => c.id));
  const out: CallerMatch[] = [];
  for (const c of found) {
    if (!visible.has(c.id)) { out.push({ customerId: null, name: maskName(c.name), inScope: false, department: null, member: null }); continue; }
    const m = c.memberId != null ? await liveMemberOfCustomer(tx, c.id) : null;
    const level = m ? (await memberLevels(tx, [m.id])).get(m.id) ?? null : null;
    out.push({
      customerId: c.id, name: c.name, inScope: true, department: c.department,
      member: m ? { memberId: m.id, memberNo: m.memberNo, status: m.status, level } : null,
    });
  }
  return out.sort((a, b) => Number(b.inScope) - Number(a.inScope));
}

/** The handler and department a call gets, checked against the actor's scope (as sales' owner). */
async function handlerAndDepartment(tx: Tx, actor: Actor, input: { handlerId?: number | null; department?: string | null }) {
  const handlerId = input.handlerId !== undefined ? input.handlerId : (actor.kind === 'user' ? actor.id : null);
  let handler: { id: number; department: string | null } | null = null;
  if (handlerId != null) {
    const u = await getUser(tx, handlerId).catch(() => null);
    if (!u || !u.active) throw invalidField('handlerId', 'calls.unknownUser', { user: `#${handlerId}` });
    handler = { id: u.id, department: u.department };
  }
  const department = input.department != null ? input.department.trim() || null : handler?.department ?? (actor.kind === 'user' ? actor.department : null);
  if (actor.dataScope === 'own' && handler?.id !== actor.id) throw invalidField('handlerId', 'calls.handlerOutOfScope');
  if (actor.dataScope === 'department' && department !== actor.department) {
    throw invalidField('department', 'calls.departmentOutOfScope', { department: actor.department ?? '' });
  }
  return { handlerId: handler?.id ?? null, department };
}

async function customerInScopeOrInvalid(tx: Tx, actor: Actor, id: number) {
  try {
    return await getCustomerInScope(tx, actor, id);
  } catch {
    throw invalidField('customerId', 'calls.customerNotInScope', { id });
  }
}

export interface CallInput {
  direction: CallDirection;
  number: string;
  startedAt?: Date | null;
  durationSeconds?: number;
  handlerId?: number | null;
  department?: string | null;
  category?: string | null;
  summary?: string | null;
  outcome?: CallOutcome;
  /** undefined: recognised by number (linked when exactly one customer holds it, in scope); null: unknown caller */
  customerId?: number | null;
  followUpOn?: string | null;
  followUpNote?: string | null;
}

/**
 * Registers a call. The caller is linked when the agent chose them (in scope), or — left to
 * recognition — when exactly one live customer holds the number and the actor may see them;
 * several: left for the agent to choose (the reply lists them); none: an unknown caller.
 */
export async function createCall(
  tx: Tx, actor: Actor, input: CallInput, now: Date,
  opts: { source?: CallSource; externalCallId?: string | null } = {},
) {
  const issues: FieldIssue[] = [];
  const parsed = parseCallNumber(input.number);
  if ('issue' in parsed) issues.push({ field: 'number', key: parsed.issue });
  const startedAt = input.startedAt ?? now;
  if (startedAt.getTime() > now.getTime() + 60_000) issues.push({ field: 'startedAt', key: 'calls.inFuture' });
  if (issues.length) throw invalid(issues);
  const { number, kind } = parsed as { number: string; kind: NumberKind };
  if (input.category) await assertActiveValue(tx, 'call_category', input.category, 'category');
  const { handlerId, department } = await handlerAndDepartment(tx, actor, input);
  const matches = await recogniseCaller(tx, actor, number);
  let customerId: number | null = null;
  if (input.customerId != null) customerId = (await customerInScopeOrInvalid(tx, actor, input.customerId)).id;
  else if (input.customerId === undefined && matches.length === 1 && matches[0].inScope) customerId = matches[0].customerId;
  const [call] = await tx.insert(calls).values({
    direction: input.direction, number, numberKind: kind, startedAt, durationSeconds: input.durationSeconds ?? 0,
    handlerId, department, category: input.category ?? null, summary: input.summary?.trim() ?? '', outcome: input.outcome ?? 'resolved',
    customerId, followUpOn: input.followUpOn ?? null, followUpNote: input.followUpNote?.trim() || null,
    source: opts.source ?? 'console', externalCallId: opts.externalCallId ?? null, createdBy: actor.name,
  }).returning();
  await recordAudit(tx, actor, { action: 'call.create', entityType: 'call', entityId: call.id, after: { ...call, number: maskNumber(number) } });
  return { call, matches };
}

/**
 * The phone system (CTI) reports a call, once per its own call id: a repeat returns the first
 * record (replayed) and changes nothing. The agent is named by login.
 */
export async function recordCtiCall(
  tx: Tx, actor: Actor, input: Omit<CallInput, 'handlerId' | 'customerId' | 'department'> & { callId: string; agentLogin?: string | null },
  now: Date,
) {
  // reports of one call arriving together wait for each other here; the later one then finds the first
  await rows(tx, sql`SELECT pg_advisory_xact_lock(hashtext(${`calls.cti:${input.callId}`}))`);
  const [first] = await tx.select().from(calls).where(eq(calls.externalCallId, input.callId));
  if (first) return { call: first, matches: await recogniseCaller(tx, actor, first.number), replayed: true };
  let handlerId: number | null = null;
  if (input.agentLogin) {
    handlerId = await activeUserIdByLogin(tx, input.agentLogin);
    if (handlerId == null) throw invalidField('agentLogin', 'calls.unknownUser', { user: input.agentLogin });
  }
  const created = await createCall(tx, actor, { ...input, handlerId, outcome: input.outcome ?? (input.durationSeconds === 0 ? 'missed' : 'resolved') }, now, { source: 'cti', externalCallId: input.callId });
  return { ...created, replayed: false };
}

export type CallPatch = Partial<Pick<CallInput, 'category' | 'summary' | 'outcome' | 'customerId' | 'followUpOn' | 'followUpNote' | 'durationSeconds' | 'direction'>>;

/** Edits a call: classify, summarise, record the outcome, link or unlink the caller (in scope). */
export async function updateCall(tx: Tx, actor: Actor, id: number, patch: CallPatch) {
  const before = await getCallInScope(tx, actor, id, { lock: true });
  const set: Partial<CallRow> = {};
  if (patch.category !== undefined && patch.category !== before.category) {
    if (patch.category) await assertActiveValue(tx, 'call_category', patch.category, 'category');
    set.category = patch.category || null;
  }
  if (patch.summary !== undefined && (patch.summary ?? '').trim() !== before.summary) set.summary = (patch.summary ?? '').trim();
  if (patch.outcome !== undefined && patch.outcome !== before.outcome) set.outcome = patch.outcome;
  if (patch.direction !== undefined && patch.direction !== before.direction) set.direction = patch.direction;
  if (patch.durationSeconds !== undefined && patch.durationSeconds !== before.durationSeconds) set.durationSeconds = patch.durationSeconds;
  if (patch.followUpOn !== undefined && patch.followUpOn !== before.followUpOn) set.followUpOn = patch.followUpOn;
  if (patch.followUpNote !== undefined && (patch.followUpNote?.trim() || null) !== before.followUpNote) set.followUpNote = patch.followUpNote?.trim() || null;
  if (patch.customerId !== undefined && patch.customerId !== before.customerId) {
    set.customerId = patch.customerId === null ? null : (await customerInScopeOrInvalid(tx, actor, patch.customerId)).id;
  }
  if (!Object.keys(set).length) throw invalidField(Object.keys(patch)[0] ?? 'summary', 'calls.noChange');
  const [after] = await tx.update(calls).set({ ...set, updatedAt: new Date() }).where(eq(calls.id, id)).returning();
  await recordAudit(tx, actor, { action: 'call.update', entityType: 'call', entityId: id, before: { ...before, number: maskNumber(before.number) }, after: { ...after, number: maskNumber(after.number) } });
  return after;
}

/** Logical delete of a call recorded by mistake; the reason is kept and audited. */
export async function deleteCall(tx: Tx, actor: Actor, id: number, reason: string) {
  const before = await getCallInScope(tx, actor, id, { lock: true });
  const [after] = await tx.update(calls).set({ deletedAt: new Date(), deletedReason: reason.trim(), updatedAt: new Date() }).where(eq(calls.id, id)).returning();
  await recordAudit(tx, actor, { action: 'call.delete', entityType: 'call', entityId: id, before: { deletedAt: null, deletedReason: null }, after: { deletedAt: after.deletedAt, deletedReason: after.deletedReason } });
  return after;
}

/**
 * An unknown caller becomes a sales lead (线索, source 来电 unless chosen) through the sales
 * service, with the call's mobile; the call keeps the link. Needs sales.write besides calls.write.
 */
export async function createLeadFromCall(
  tx: Tx, actor: Actor, id: number,
  input: { name: string; source?: string | null; intention?: string | null; note?: string | null; nextFollowUpOn?: string | null },
  today: string,
) {
  if (!can(actor, 'sales.write')) throw forbidden('sales.write');
  const call = await getCallInScope(tx, actor, id, { lock: true });
  if (call.leadId != null) throw refused('CALL_HAS_LEAD', 'calls.alreadyHasLead', { leadId: call.leadId });
  if (call.customerId != null) {
    const name = (await customerNamesById(tx, [call.customerId])).get(call.customerId) ?? '';
    const visible = (await customerIdsInScope(tx, actor, [call.customerId])).has(call.customerId);
    throw refused('CALLER_KNOWN', 'calls.customerKnown', { name: visible ? name : maskName(name) });
  }
  const landline = call.numberKind !== 'mobile' ? call.number : null;
  const note = [input.note?.trim(), landline ? `☎ ${landline}` : null, call.summary ? `#${call.id} ${call.summary}` : null].filter(Boolean).join('\n') || null;
  const { lead, duplicate } = await createLead(tx, actor, {
    name: input.name, mobile: call.numberKind === 'mobile' ? call.number : null, source: input.source ?? 'call',
    intention: input.intention ?? null, note, nextFollowUpOn: input.nextFollowUpOn ?? null,
  }, today);
  const [after] = await tx.update(calls).set({ leadId: lead.id, updatedAt: new Date() }).where(eq(calls.id, id)).returning();
  await recordAudit(tx, actor, { action: 'call.lead', entityType: 'call', entityId: id, before: { leadId: null }, after: { leadId: lead.id } });
  return { call: after, leadId: lead.id, leadName: lead.name, duplicate };
}

/**
 * A call as the console shows it. The number is whole on a call's own page and masked in lists
 * (as sales' mobiles), and masked everywhere when it belongs to a customer outside the reader's
 * scope; so is that customer's name.
 */
export async function presentCalls(tx: Tx, actor: Actor, list: CallRow[], opts: { maskNumbers: boolean }) {
  const customerIds = list.map((c) => c.customerId).filter((x): x is number => x != null);
  const names = await customerNamesById(tx, customerIds);
  const visible = await customerIdsInScope(tx, actor, customerIds);
  const handlers = await userNamesById(tx, list.map((c) => c.handlerId).filter((x): x is number => x != null));
  return list.map((c) => {
    const hidden = c.customerId != null && !visible.has(c.customerId);
    const name = c.customerId != null ? names.get(c.customerId) ?? null : null;
    const { deletedAt: _d, deletedReason: _r, externalCallId, ...rest } = c;
    return {
      ...rest,
      number: opts.maskNumbers || hidden ? maskNumber(c.number) : c.number,
      customerId: hidden ? null : c.customerId,
      customerName: name == null ? null : hidden ? maskName(name) : name,
      customerInScope: c.customerId == null ? null : !hidden,
      handlerName: c.handlerId != null ? handlers.get(c.handlerId) ?? null : null,
      callId: externalCallId,
    };
  });
}

/** The latest calls of a number or of these customers, within the actor's call scope (the screen pop). */
export async function latestCalls(tx: Tx, actor: Actor, number: string, customerIds: number[], limit = 5) {
  const who = customerIds.length
    ? sql`(${calls.number} = ${number} OR ${calls.customerId} IN (${sql.join(customerIds.map((i) => sql`${i}`), sql`, `)}))`
    : eq(calls.number, number);
  return tx.select().from(calls).where(and(isNull(calls.deletedAt), callScope(actor), who)).orderBy(desc(calls.startedAt), desc(calls.id)).limit(limit);
}
