// 关怀 (SPEC §6): a care action gives its members a care by one channel. SMS and e-mail are sent
// by the system through the notices outbox — each member's row follows its notice: queued → sent
// or failed (no_recipient when there is no mobile / address); letter, magazine, website and
// user-defined channels are given by staff, who record reached / unreached. A care may carry
// points: a ledger entry per member whose event is the care action (care:<id>:member:<id>).
// Manual care is chosen by filters (audience.ts); automatic care by triggers (automatic.ts).
import { and, eq, inArray, sql as dsql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { beforeId, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { rows, sql } from '../../db/index.ts';
import { invalidField, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import { onNoticeOutcome, queueNotices, sentChannels } from '../notify/service.ts';
import { postEarnings } from '../points/bulk.ts';
import { memberScopeSql } from '../points/scope.ts';
import { registerPointsSource } from '../points/ledger.ts';
import { careDelivered } from './hooks.ts';
import { audienceCondition, audienceFrom, checkFilters, givenFilters, previewAudience, type MemberFilters } from './audience.ts';
import { careActions, careMembers, type CareKind, type CareMemberStatus } from './schema.ts';
import './messages.ts';

export type CareAction = typeof careActions.$inferSelect;
export type CareMember = typeof careMembers.$inferSelect;

export const isSentChannel = (channel: string) => (sentChannels as readonly string[]).includes(channel);

/** The points entry key of a care: one per member per care action. */
export const careKey = (careId: number, memberId: number) => `care:${careId}:member:${memberId}`;

registerDictionaryUsage('care_channel', async (tx, code) => {
  const [{ n }] = await rows<{ n: number }>(tx, sql`
    SELECT (SELECT count(*) FROM care_actions WHERE channel = ${code}) + (SELECT count(*) FROM care_triggers WHERE channel = ${code}) AS n`);
  return Number(n);
});

// A care action is the business event of its points; a member's entry must name a care they are in.
registerPointsSource('care', async (tx, id, memberId) => {
  const [c] = await tx.select({ id: careActions.id }).from(careActions).where(eq(careActions.id, id));
  if (!c) throw invalidField('sourceId', 'points.sourceNotFound', { type: 'entity.pointsSource.care', id });
  if (!memberId) return; // a batch checks the event once, for all its members
  const [m] = await tx.select({ id: careMembers.id }).from(careMembers).where(and(eq(careMembers.careId, id), eq(careMembers.memberId, memberId)));
  if (!m) throw invalidField('sourceId', 'points.sourceOtherMember', { type: 'entity.pointsSource.care', id });
});

// The outbox tells each member's row how its SMS / e-mail ended.
onNoticeOutcome('care', async (tx, n, outcome) => {
  if (n.refType !== 'care_member' || !n.refId) return;
  const status = outcome === 'sent' || outcome === 'reached' ? 'sent' : 'failed';
  const [done] = await tx.update(careMembers).set({ status, resultAt: new Date(), resultNote: status === 'failed' ? n.lastError : null })
    .where(and(eq(careMembers.id, n.refId), eq(careMembers.status, 'queued'))).returning({ id: careMembers.id, careId: careMembers.careId, memberId: careMembers.memberId });
  if (done && status === 'sent') {
    const [care] = await tx.select({ title: careActions.title }).from(careActions).where(eq(careActions.id, done.careId));
    await careDelivered.run(tx, { actor: systemActor('care'), careId: done.careId, careTitle: care.title, deliveries: [{ careMemberId: done.id, memberId: done.memberId }] });
  }
});

export function fillTemplate(text: string, vars: Record<string, string | number | null | undefined>): string {
  return text.replace(/\{(\w+)\}/g, (whole, k) => (vars[k] === undefined || vars[k] === null ? whole : String(vars[k])));
}

export interface EnrolResult { added: number; queued: number; noRecipient: number; pending: number; memberIds: number[] }

/**
 * Adds members to a care action and gives them the care, in bulk: one INSERT … SELECT of the
 * members `source` names (a query of member_id, trigger_key, ref_type, ref_id), one multi-row
 * queue of their notices, one bulk posting of their points. Members already in the action, and
 * trigger keys already used, are skipped: a replay adds nothing.
 */
export async function enrol(tx: Tx, actor: Actor, care: CareAction, source: SQL, vars: Record<string, string | number | null> = {}): Promise<EnrolResult> {
  const sent = isSentChannel(care.channel);
  const recipient = care.channel === 'sms' ? sql`nullif(c.mobile, '')` : care.channel === 'email' ? sql`nullif(c.email, '')` : sql`NULL::text`;
  const status = sent ? sql`CASE WHEN ${recipient} IS NULL THEN 'no_recipient' ELSE 'queued' END` : sql`'pending'`;
  const added = await rows<{ id: number; memberId: number; customerId: number; status: string; recipient: string | null; memberNo: string; name: string }>(tx, sql`
    WITH src AS (${source}),
    ins AS (
      INSERT INTO care_members (care_id, member_id, channel, status, recipient, points, trigger_key, ref_type, ref_id)
      SELECT ${care.id}, m.id, ${care.channel}, ${status}, ${recipient}, ${care.points}, src.trigger_key, src.ref_type, src.ref_id
      FROM src JOIN members m ON m.id = src.member_id JOIN customers c ON c.id = m.customer_id
      WHERE m.status <> 'archived'
      ORDER BY m.id
      ON CONFLICT DO NOTHING
      RETURNING id, member_id, status, recipient
    )
    SELECT ins.id, ins.member_id AS "memberId", m.customer_id AS "customerId", ins.status, ins.recipient, m.member_no AS "memberNo", c.name
    FROM ins JOIN members m ON m.id = ins.member_id JOIN customers c ON c.id = m.customer_id
    ORDER BY ins.id`);
  const queued = added.filter((a) => a.status === 'queued');
  if (queued.length) {
    const notices = await queueNotices(tx, actor, queued.map((a) => {
      const v = { ...vars, name: a.name, memberNo: a.memberNo, points: care.points };
      return {
        memberId: a.memberId, customerId: a.customerId, channel: care.channel as 'sms' | 'email', purpose: 'care', recipient: a.recipient!,
        subject: care.channel === 'email' ? fillTemplate(care.subject || care.title, v) : null, body: fillTemplate(care.body, v),
        refType: 'care_member', refId: a.id,
      };
    }));
    await rows(tx, sql`
      UPDATE care_members cm SET notice_id = t.notice_id
      FROM unnest(${sql.param(notices.map((n) => n.refId))}::int[], ${sql.param(notices.map((n) => n.id))}::bigint[]) AS t(id, notice_id)
      WHERE cm.id = t.id`);
  }
  const memberIds = added.map((a) => a.memberId);
  if (care.points > 0 && memberIds.length) {
    await postEarnings(tx, actor, {
      sourceType: 'care', reason: care.title,
      earnings: memberIds.map((memberId) => ({ memberId, amount: care.points, key: careKey(care.id, memberId), sourceId: care.id })),
    });
  }
  return {
    added: added.length, queued: queued.length, noRecipient: added.filter((a) => a.status === 'no_recipient').length,
    pending: added.filter((a) => a.status === 'pending').length, memberIds,
  };
}

// ---------- manual care ----------

export interface CareInput {
  title: string;
  channel: string;
  subject?: string | null;
  body: string;
  points?: number;
  filters: MemberFilters;
}

/** 预览: how many members the filters choose (and how many have a mobile / an e-mail), with a sample. */
export async function previewCare(tx: Tx, filters: MemberFilters, timeZone: string) {
  const f = givenFilters(filters);
  await checkFilters(tx, f);
  return previewAudience(tx, f, timeZone);
}

/**
 * 手动关怀: the members the filters choose receive the care now (sent, or queued for staff).
 * `at`: when the care was given, for history loaded after the fact (`clubcrm demo-data`): the
 * action's and its members' time (default now). Only for a care given by staff without points —
 * the outbox and the ledger book their part now. The console and the API never pass it.
 */
export async function createCareAction(tx: Tx, actor: Actor, input: CareInput, timeZone: string, today: string, at?: Date | null) {
  if (at && ((input.points ?? 0) > 0 || isSentChannel(input.channel))) throw new Error('createCareAction: a dated care is one given by staff, without points');
  await assertActiveValue(tx, 'care_channel', input.channel, 'channel');
  const filters = givenFilters(input.filters);
  await checkFilters(tx, filters);
  const [care] = await tx.insert(careActions).values({
    kind: 'manual', title: input.title.trim(), channel: input.channel, subject: input.subject?.trim() || null, body: input.body,
    points: input.points ?? 0, filters: filters as Record<string, unknown>, createdBy: actor.name, ...(at ? { createdAt: at, updatedAt: at } : {}),
  }).returning();
  const source = sql`SELECT m.id AS member_id, NULL::text AS trigger_key, NULL::text AS ref_type, NULL::int AS ref_id
    FROM ${audienceFrom} WHERE ${await audienceCondition(tx, filters, timeZone)}`;
  const result = await enrol(tx, actor, care, source, { date: today });
  if (!result.added) throw refused('NO_MEMBERS', 'care.nobody'); // rolls the action back: nothing is created
  if (at) await tx.update(careMembers).set({ createdAt: at }).where(eq(careMembers.careId, care.id));
  await recordAudit(tx, actor, {
    action: 'care.create', entityType: 'care', entityId: care.id,
    facts: { title: care.title, channel: care.channel, points: care.points, filters, members: result.added, queued: result.queued, noRecipient: result.noRecipient, pending: result.pending },
  });
  return getCareAction(tx, care.id);
}

export interface ResultInput {
  /** member ids in the care; or allPending */
  members?: number[];
  allPending?: boolean;
  result: 'reached' | 'unreached';
  note?: string | null;
}

/** One array parameter: up to 100 000 members as separate parameters are beyond PostgreSQL's 65 535 (a 500). */
const anyMember = (ids: number[]) => sql`${careMembers.memberId} = ANY(${sql.param(ids)}::int[])`;

/**
 * Staff record how a letter, magazine, website or user-defined care ended for members of the action.
 * `at`: when, for history loaded after the fact (`clubcrm demo-data`); default now. The console and the API never pass it.
 */
export async function recordCareResults(tx: Tx, actor: Actor, careId: number, input: ResultInput, at?: Date | null) {
  const care = await getCareRow(tx, careId);
  if (isSentChannel(care.channel)) throw refused('CARE_SENT_BY_SYSTEM', 'care.resultsSentChannel');
  const members = [...new Set(input.members ?? [])];
  if (!members.length && !input.allPending) throw invalidField('members', 'care.resultsWhom');
  if (members.length) {
    const inCare = new Set((await tx.select({ memberId: careMembers.memberId }).from(careMembers)
      .where(and(eq(careMembers.careId, careId), anyMember(members)))).map((r) => r.memberId));
    const bad = members.findIndex((m) => !inCare.has(m));
    if (bad >= 0) throw invalidField(`members.${bad}`, 'care.notInCare', { memberId: members[bad] });
  }
  const whom = members.length ? anyMember(members) : eq(careMembers.status, 'pending');
  const updated = await tx.update(careMembers)
    .set({ status: input.result, resultNote: input.note?.trim() || null, resultBy: actor.name, resultAt: at ?? new Date() })
    .where(and(eq(careMembers.careId, careId), whom)).returning({ id: careMembers.id, memberId: careMembers.memberId });
  if (input.result === 'reached' && updated.length) {
    await careDelivered.run(tx, { actor, careId, careTitle: care.title, deliveries: updated.map((u) => ({ careMemberId: u.id, memberId: u.memberId })) });
  }
  await recordAudit(tx, actor, {
    action: 'care.result', entityType: 'care', entityId: careId,
    facts: { result: input.result, note: input.note ?? null, members: updated.map((u) => u.memberId).slice(0, 1000), count: updated.length },
  });
  return { updated: updated.length, care: await getCareAction(tx, careId) };
}

// ---------- reading ----------

async function getCareRow(tx: Tx, id: number): Promise<CareAction> {
  const [c] = await tx.select().from(careActions).where(eq(careActions.id, id));
  if (!c) throw notFound('care', id);
  return c;
}

export interface Progress {
  total: number; queued: number; sent: number; failed: number; noRecipient: number; pending: number; reached: number; unreached: number;
  /** members whose care has its final result */
  done: number;
  points: number;
}

const progressColumns = dsql`count(*)::int AS total,
  count(*) FILTER (WHERE status = 'queued')::int AS queued, count(*) FILTER (WHERE status = 'sent')::int AS sent,
  count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*) FILTER (WHERE status = 'no_recipient')::int AS "noRecipient",
  count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'reached')::int AS reached,
  count(*) FILTER (WHERE status = 'unreached')::int AS unreached, coalesce(sum(points), 0)::int AS points`;

const emptyProgress: Progress = { total: 0, queued: 0, sent: 0, failed: 0, noRecipient: 0, pending: 0, reached: 0, unreached: 0, done: 0, points: 0 };

export async function progressOf(tx: Tx, ids: number[]): Promise<Map<number, Progress>> {
  if (!ids.length) return new Map();
  const found = await rows<Omit<Progress, 'done'> & { careId: number }>(tx, sql`
    SELECT care_id AS "careId", ${progressColumns} FROM care_members WHERE care_id = ANY(${sql.param(ids)}::int[]) GROUP BY care_id`);
  const out = new Map<number, Progress>(ids.map((id) => [id, { ...emptyProgress }]));
  for (const p of found) {
    const { careId, ...rest } = p;
    out.set(careId, { ...rest, done: rest.sent + rest.failed + rest.noRecipient + rest.reached + rest.unreached });
  }
  return out;
}

export async function getCareAction(tx: Tx, id: number) {
  const care = await getCareRow(tx, id);
  return { ...care, sentBySystem: isSentChannel(care.channel), progress: (await progressOf(tx, [id])).get(id)! };
}

export interface CareQuery { page: number; pageSize: number; kind?: string; trigger?: string; channel?: string; q?: string; from?: string; to?: string }

export async function listCareActions(tx: Tx, q: CareQuery, timeZone: string) {
  const conds: SQL[] = [sql`true`];
  if (q.kind) conds.push(sql`kind = ${q.kind}`);
  if (q.trigger) conds.push(sql`trigger = ${q.trigger}`);
  if (q.channel) conds.push(sql`channel = ${q.channel}`);
  if (q.q?.trim()) conds.push(sql`title ILIKE ${`%${q.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.from) conds.push(sql`created_at >= (${q.from}::date::timestamp AT TIME ZONE ${timeZone})`);
  if (q.to) conds.push(sql`created_at < ((${q.to}::date + 1)::timestamp AT TIME ZONE ${timeZone})`);
  const where = sql.join(conds, sql` AND `);
  const [items, [{ total }]] = await Promise.all([
    rows<{ id: number }>(tx, sql`SELECT id FROM care_actions WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`),
    rows<{ total: number }>(tx, sql`SELECT count(*)::int AS total FROM care_actions WHERE ${where}`),
  ]);
  const ids = items.map((i) => i.id);
  const list = ids.length ? await tx.select().from(careActions).where(inArray(careActions.id, ids)) : [];
  const progress = await progressOf(tx, ids);
  const byId = new Map(list.map((c) => [c.id, c]));
  return {
    items: ids.map((id) => ({ ...byId.get(id)!, sentBySystem: isSentChannel(byId.get(id)!.channel), progress: progress.get(id)! })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

const memberColumns = sql`cm.id, cm.care_id AS "careId", cm.member_id AS "memberId", m.member_no AS "memberNo", c.name, cm.channel, cm.status,
  cm.recipient, cm.notice_id AS "noticeId", cm.points, cm.ref_type AS "refType", cm.ref_id AS "refId", cm.result_note AS "resultNote",
  cm.result_by AS "resultBy", cm.result_at AS "resultAt", cm.created_at AS "createdAt"`;

type MemberRow = {
  id: number; careId: number; memberId: number; memberNo: string; name: string; channel: string; status: CareMemberStatus; recipient: string | null;
  noticeId: number | null; points: number; refType: string | null; refId: number | null; resultNote: string | null; resultBy: string | null;
  resultAt: Date | null; createdAt: Date;
};
const asDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
const fixDates = <T extends { resultAt: Date | null; createdAt: Date }>(r: T): T => ({ ...r, resultAt: asDate(r.resultAt), createdAt: asDate(r.createdAt)! });

/** The members of a care action and each one's result (the action's page); also the staff worklist across actions. */
export async function listCareMembers(tx: Tx, q: ListPage & { careId?: number; status?: string; channel?: string; q?: string }, actor?: Actor) {
  const conds: SQL[] = [sql`true`];
  const scope = actor && memberScopeSql(actor, sql`cm.member_id`);
  if (scope) conds.push(scope);
  if (q.careId) conds.push(sql`cm.care_id = ${q.careId}`);
  if (q.status) conds.push(sql`cm.status = ${q.status}`);
  if (q.channel) conds.push(sql`cm.channel = ${q.channel}`);
  if (q.q?.trim()) conds.push(sql`(c.name ILIKE ${`%${q.q.trim().replace(/[\\%_]/g, (x) => `\\${x}`)}%`} OR m.member_no = ${q.q.trim().toUpperCase()})`);
  const where = sql.join(conds, sql` AND `);
  const from = sql`care_members cm JOIN members m ON m.id = cm.member_id JOIN customers c ON c.id = m.customer_id`;
  const [items, [{ total }]] = await Promise.all([
    rows<MemberRow & { title: string }>(tx, sql`
      SELECT ${memberColumns}, a.title FROM ${from} JOIN care_actions a ON a.id = cm.care_id WHERE ${where} AND ${beforeId(sql`cm.id`, q) ?? sql`true`}
      ORDER BY cm.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`),
    totalUnlessExport(q, () => rows<{ total: number }>(tx, sql`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`) as never),
  ]);
  return { items: items.map(fixDates), total, page: q.page, pageSize: q.pageSize };
}

/** 关怀待办 on the home page: members of care actions whose result staff must still record (letters, calls), within the actor's data scope. */
export async function countCareToDos(tx: Tx, actor: Actor): Promise<number> {
  const scope = memberScopeSql(actor, sql`cm.member_id`);
  const [{ n }] = await rows<{ n: number }>(tx, sql`
    SELECT count(*)::int AS n FROM care_members cm WHERE cm.status = 'pending' ${scope ? sql`AND ${scope}` : sql``}`);
  return n;
}

/** 会员关怀记录: every care a member received, newest first. */
export async function careHistoryOfMember(tx: Tx, memberId: number) {
  const list = await rows<MemberRow & { title: string; kind: CareKind; trigger: string | null }>(tx, sql`
    SELECT ${memberColumns}, a.title, a.kind, a.trigger
    FROM care_members cm JOIN care_actions a ON a.id = cm.care_id JOIN members m ON m.id = cm.member_id JOIN customers c ON c.id = m.customer_id
    WHERE cm.member_id = ${memberId} ORDER BY cm.created_at DESC, cm.id DESC`);
  return list.map(fixDates);
}

/**
 * 关怀分析: members cared for by channel (share), by trigger, and per month (company time zone)
 * and channel, with how many got through (sent or reached) and how many did not.
 */
export async function careStatistics(tx: Tx, q: { from?: string; to?: string }, timeZone: string) {
  const conds: SQL[] = [sql`true`];
  if (q.from) conds.push(sql`cm.created_at >= (${q.from}::date::timestamp AT TIME ZONE ${timeZone})`);
  if (q.to) conds.push(sql`cm.created_at < ((${q.to}::date + 1)::timestamp AT TIME ZONE ${timeZone})`);
  const where = sql.join(conds, sql` AND `);
  const counts = sql`count(*)::int AS members, count(*) FILTER (WHERE cm.status IN ('sent', 'reached'))::int AS reached,
    count(*) FILTER (WHERE cm.status IN ('failed', 'unreached', 'no_recipient'))::int AS unreached,
    count(*) FILTER (WHERE cm.status IN ('queued', 'pending'))::int AS open, count(DISTINCT cm.care_id)::int AS actions`;
  const [byChannel, byTrigger, monthly, [totals]] = await Promise.all([
    rows<{ channel: string; members: number; reached: number; unreached: number; open: number; actions: number }>(tx, sql`
      SELECT cm.channel, ${counts} FROM care_members cm WHERE ${where} GROUP BY cm.channel ORDER BY members DESC, cm.channel`),
    rows<{ trigger: string; members: number; reached: number; unreached: number; open: number; actions: number }>(tx, sql`
      SELECT coalesce(a.trigger, 'manual') AS trigger, ${counts} FROM care_members cm JOIN care_actions a ON a.id = cm.care_id
      WHERE ${where} GROUP BY 1 ORDER BY 1`),
    rows<{ month: string; channel: string; members: number }>(tx, sql`
      SELECT to_char(cm.created_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month, cm.channel, count(*)::int AS members
      FROM care_members cm WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`),
    rows<{ members: number; reached: number; unreached: number; open: number; actions: number; distinctMembers: number }>(tx, sql`
      SELECT ${counts}, count(DISTINCT cm.member_id)::int AS "distinctMembers" FROM care_members cm WHERE ${where}`),
  ]);
  return { from: q.from ?? null, to: q.to ?? null, totals, byChannel, byTrigger, monthly };
}


/** A member's care records, newest first, as points name them (the care action is the event): the points event picker. */
export async function careRecordsOfMember(tx: Tx, memberId: number, q: { q?: string; limit?: number } = {}) {
  const text = q.q?.trim();
  const like = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const list = await rows<{ careId: number; title: string; channel: string; status: string; createdAt: Date | string }>(tx, sql`
    SELECT a.id AS "careId", a.title, cm.channel, cm.status, cm.created_at AS "createdAt"
    FROM care_members cm JOIN care_actions a ON a.id = cm.care_id
    WHERE cm.member_id = ${memberId} ${like ? sql`AND a.title ILIKE ${like}` : sql``}
    ORDER BY cm.created_at DESC, cm.id DESC LIMIT ${q.limit ?? 50}`);
  return list.map((r) => ({ ...r, createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt) }));
}

/** Recent care actions (the event picker of batch points, which has no member). */
export async function recentCareActions(tx: Tx, q: { q?: string; limit?: number } = {}) {
  const text = q.q?.trim();
  const like = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const list = await rows<{ careId: number; title: string; channel: string; createdAt: Date | string }>(tx, sql`
    SELECT id AS "careId", title, channel, created_at AS "createdAt" FROM care_actions
    ${like ? sql`WHERE title ILIKE ${like}` : sql``} ORDER BY created_at DESC, id DESC LIMIT ${q.limit ?? 50}`);
  return list.map((r) => ({ ...r, createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt) }));
}
