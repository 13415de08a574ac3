// 参加者登记 (SPEC §5 execution): singly (member no., card no. or member), by card reader (a swipe
// arrives as a card number, the same path as a typed card no.) and in batch (pasted or uploaded
// card numbers, each line reported: recorded / unknown / inactive / duplicate / already). Each
// participation posts the activity's points per participant as a ledger entry whose event is the
// activity, keyed activity:<id>:member:<id> — once per member per activity, however often a swipe
// or a batch is replayed. Members and cards are read here in bulk (read-only, one query per list):
// a service call per line would not do for thousands of lines.
import type { Tx } from '../../db/index.ts';
import { beforeId, listOrder, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { rows, sql } from '../../db/index.ts';
import { conflict, invalidField } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { normaliseCardNo } from '../cards/service.ts';
import { customerScope } from '../customers/service.ts';
import { careOnParticipation } from '../care/automatic.ts';
import { postEarnings } from '../points/bulk.ts';
import { postEntry } from '../points/ledger.ts';
import { participationsRecorded } from './hooks.ts';
import { openActivity } from './service.ts';
import './messages.ts';

export type Method = 'single' | 'batch' | 'card_reader';

export const maxBatchLines = 20_000;

/** The points entry key of a participation: one per member per activity. */
export const participationKey = (activityId: number, memberId: number) => `activity:${activityId}:member:${memberId}`;

interface Holder {
  value: string;
  memberId: number;
  memberNo: string;
  name: string;
  memberStatus: string;
  /** the card's status when the value is a card number; null for a member number */
  cardStatus: string | null;
  cardNo: string | null;
}

/** Cards (any status) and member numbers these values name, with their member. */
async function holders(tx: Tx, values: string[]): Promise<Map<string, Holder>> {
  if (!values.length) return new Map();
  const found = await rows<Holder>(tx, sql`
    WITH v AS (SELECT DISTINCT unnest(${sql.param(values)}::text[]) AS value),
    hit AS (
      SELECT v.value, c.member_id, c.status AS card_status, c.card_no FROM v JOIN cards c ON c.card_no = v.value
      UNION ALL
      SELECT v.value, m.id, NULL, NULL FROM v JOIN members m ON m.member_no = v.value
      WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.card_no = v.value)
    )
    SELECT hit.value, m.id AS "memberId", m.member_no AS "memberNo", cu.name, m.status AS "memberStatus",
           hit.card_status AS "cardStatus", hit.card_no AS "cardNo"
    FROM hit JOIN members m ON m.id = hit.member_id
    JOIN customers cu ON cu.id = m.customer_id`);
  return new Map(found.map((h) => [h.value, h]));
}

function problemOf(h: Holder): string | null {
  if (h.memberStatus === 'archived') return 'entity.memberStatus.archived';
  if (h.cardStatus && h.cardStatus !== 'active') return `entity.cardStatus.${h.cardStatus}`;
  return null;
}

/** A moment as the company reads it: 2025-05-01 14:30:00 (Asia/Shanghai). */
export function companyTime(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(d);
}

function checkTime(attendedAt: Date | null | undefined, now: Date): Date {
  const at = attendedAt ?? now;
  if (at.getTime() > now.getTime() + 5 * 60_000) throw invalidField('attendedAt', 'activity.inFuture');
  return at;
}

export interface Participant {
  id: number;
  activityId: number;
  memberId: number;
  memberNo: string;
  name: string;
  cardNo: string | null;
  method: string;
  attendedAt: Date;
  place: string | null;
  points: number;
  recordedBy: string;
  createdAt: Date;
}

export interface SingleInput {
  memberId?: number | null;
  memberNo?: string | null;
  cardNo?: string | null;
  /** 'card_reader' when the number came from a swipe */
  via?: 'single' | 'card_reader';
  attendedAt?: Date | null;
  place?: string | null;
}

async function findOne(tx: Tx, input: SingleInput): Promise<Holder> {
  if (input.cardNo?.trim()) {
    const cardNo = normaliseCardNo(input.cardNo);
    const h = (await holders(tx, [cardNo])).get(cardNo);
    if (!h || h.cardNo === null) throw invalidField('cardNo', 'activity.unknownCard', { cardNo });
    if (h.cardStatus !== 'active') throw invalidField('cardNo', 'activity.inactiveCard', { cardNo, status: `entity.cardStatus.${h.cardStatus}` });
    if (input.memberId && input.memberId !== h.memberId) throw invalidField('cardNo', 'activity.cardNotOfMember', { cardNo, memberNo: `#${input.memberId}` });
    return h;
  }
  if (input.memberNo?.trim()) {
    const memberNo = input.memberNo.trim().toUpperCase();
    const h = (await holders(tx, [memberNo])).get(memberNo);
    if (!h || h.cardNo !== null) throw invalidField('memberNo', 'activity.unknownMemberNo', { memberNo });
    return h;
  }
  if (input.memberId) {
    const [h] = await rows<Holder>(tx, sql`
      SELECT m.member_no AS value, m.id AS "memberId", m.member_no AS "memberNo", cu.name, m.status AS "memberStatus", NULL AS "cardStatus", NULL AS "cardNo"
      FROM members m JOIN customers cu ON cu.id = m.customer_id WHERE m.id = ${input.memberId}`);
    if (!h) throw invalidField('memberId', 'activity.unknownMember', { memberId: input.memberId });
    return h;
  }
  throw invalidField('cardNo', 'activity.memberRequired');
}

const participantColumns = sql`p.id, p.activity_id AS "activityId", p.member_id AS "memberId", m.member_no AS "memberNo", cu.name,
  p.card_no AS "cardNo", p.method, p.attended_at AS "attendedAt", p.place, p.points, p.recorded_by AS "recordedBy", p.created_at AS "createdAt"`;

function toParticipant(r: Participant): Participant {
  const d = (v: Date | string) => (v instanceof Date ? v : new Date(v));
  return { ...r, attendedAt: d(r.attendedAt), createdAt: d(r.createdAt) };
}

async function participantOf(tx: Tx, activityId: number, memberId: number): Promise<Participant | null> {
  const [r] = await rows<Participant>(tx, sql`
    SELECT ${participantColumns} FROM activity_participants p JOIN members m ON m.id = p.member_id JOIN customers cu ON cu.id = m.customer_id
    WHERE p.activity_id = ${activityId} AND p.member_id = ${memberId}`);
  return r ? toParticipant(r) : null;
}

/**
 * 单个登记 / 读卡登记: one member, by card no. (typed or swiped), member no. or member. A member
 * already recorded is refused with a 409 that says when (nothing changes, no second points).
 */
export async function recordParticipant(
  tx: Tx, actor: Actor, activityId: number, input: SingleInput, opts: { timeZone: string; now?: Date },
): Promise<{ participant: Participant; balance: number | null }> {
  const now = opts.now ?? new Date();
  const activity = await openActivity(tx, activityId, 'record');
  const attendedAt = checkTime(input.attendedAt, now);
  const h = await findOne(tx, input);
  if (h.memberStatus === 'archived') throw invalidField(h.cardNo ? 'cardNo' : input.memberNo ? 'memberNo' : 'memberId', 'activity.memberArchived', { memberNo: h.memberNo });
  const method: Method = input.via === 'card_reader' && h.cardNo ? 'card_reader' : 'single';
  const place = input.place?.trim() || activity.place;
  const inserted = await rows<{ id: number }>(tx, sql`
    INSERT INTO activity_participants (activity_id, member_id, card_no, method, attended_at, place, points, recorded_by)
    VALUES (${activityId}, ${h.memberId}, ${h.cardNo}, ${method}, ${attendedAt}, ${place}, ${activity.pointsPerParticipant}, ${actor.name})
    ON CONFLICT (activity_id, member_id) DO NOTHING RETURNING id`);
  if (!inserted.length) {
    const earlier = await participantOf(tx, activityId, h.memberId);
    throw conflict('PARTICIPANT_ALREADY_RECORDED', 'activity.alreadyRecorded', {
      name: h.name, memberNo: h.memberNo, activity: activity.name, at: earlier ? companyTime(earlier.attendedAt, opts.timeZone) : '?',
    });
  }
  let balance: number | null = null;
  if (activity.pointsPerParticipant > 0) {
    const posted = await postEntry(tx, actor, {
      memberId: h.memberId, amount: activity.pointsPerParticipant, sourceType: 'activity', sourceId: activityId,
      idempotencyKey: participationKey(activityId, h.memberId), reason: activity.name, sourceChecked: true, memberChecked: true,
      at: opts.now, // history loaded after the fact (demo data) is earned on its day; the console's clock is now
    });
    balance = posted.balance;
  }
  await careOnParticipation(tx, actor, activity, [h.memberId]);
  await participationsRecorded.run(tx, { actor, activityId, activityName: activity.name, participations: [{ participationId: inserted[0].id, memberId: h.memberId }] });
  await recordAudit(tx, actor, {
    action: 'activity.participant.record', entityType: 'activity', entityId: activityId,
    facts: { memberId: h.memberId, memberNo: h.memberNo, cardNo: h.cardNo, method, attendedAt: attendedAt.toISOString(), place, points: activity.pointsPerParticipant },
  });
  return { participant: (await participantOf(tx, activityId, h.memberId))!, balance };
}

// ---------- batch ----------

export type LineOutcome = 'recorded' | 'unknown' | 'inactive' | 'duplicate' | 'already';

export interface LineReport {
  line: number;
  value: string;
  outcome: LineOutcome;
  memberId: number | null;
  memberNo: string | null;
  name: string | null;
  /** what the message needs: the reason of an inactive line, the line a duplicate repeats, when an earlier record was made */
  params: Record<string, unknown>;
}

export interface BatchReport {
  activityId: number;
  lines: number;
  recorded: number;
  unknown: number;
  inactive: number;
  duplicate: number;
  already: number;
  pointsEach: number;
  report: LineReport[];
}

/**
 * Lines of pasted text or an uploaded CSV / plain-text file: the first cell of each line (comma,
 * tab or semicolon separated). Blank lines are skipped; a first line without a digit is a header.
 * Line numbers are those of the text, so the report points at what the user sees.
 */
export function parseLines(text: string | string[]): { line: number; value: string }[] {
  const raw = Array.isArray(text) ? text : text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const out: { line: number; value: string }[] = [];
  raw.forEach((l, i) => {
    const cell = (l.replace(/^\uFEFF/, '').split(/[,\t;，；]/)[0] ?? '').trim().replace(/^"(.*)"$/, '$1').trim();
    if (!cell) return;
    if (!out.length && !/\d/.test(cell)) return; // a header such as 卡号 / cardNo
    out.push({ line: i + 1, value: cell });
  });
  return out;
}

/**
 * 批量登记: every valid line is recorded (one multi-row insert), every other line is reported;
 * points go to the newly recorded members in one bulk posting. A replayed batch records nothing
 * new and posts no points: its lines come back as "already".
 */
export async function recordParticipantsBatch(
  tx: Tx, actor: Actor, activityId: number,
  input: { text: string | string[]; attendedAt?: Date | null; place?: string | null },
  opts: { timeZone: string; now?: Date },
): Promise<BatchReport> {
  const now = opts.now ?? new Date();
  const activity = await openActivity(tx, activityId, 'record');
  const attendedAt = checkTime(input.attendedAt, now);
  const lines = parseLines(input.text);
  if (!lines.length) throw invalidField(Array.isArray(input.text) ? 'lines' : 'text', 'activity.batchEmpty');
  if (lines.length > maxBatchLines) throw invalidField(Array.isArray(input.text) ? 'lines' : 'text', 'activity.batchTooMany', { max: maxBatchLines });
  const normalised = lines.map((l) => ({ ...l, key: normaliseCardNo(l.value) }));
  const found = await holders(tx, [...new Set(normalised.map((l) => l.key))]);
  const earlier = await recordedAlready(tx, activityId, [...new Set([...found.values()].map((h) => h.memberId))]);

  const report: LineReport[] = [];
  const firstLineOf = new Map<number, number>();
  const fresh: { memberId: number; cardNo: string | null }[] = [];
  for (const l of normalised) {
    const h = found.get(l.key);
    const base = { line: l.line, value: l.value, memberId: h?.memberId ?? null, memberNo: h?.memberNo ?? null, name: h?.name ?? null };
    if (!h) { report.push({ ...base, outcome: 'unknown', params: { value: l.value } }); continue; }
    const problem = problemOf(h);
    if (problem) { report.push({ ...base, outcome: 'inactive', params: { value: l.value, reason: problem } }); continue; }
    const first = firstLineOf.get(h.memberId);
    if (first !== undefined) { report.push({ ...base, outcome: 'duplicate', params: { line: first } }); continue; }
    firstLineOf.set(h.memberId, l.line);
    const at = earlier.get(h.memberId);
    if (at) { report.push({ ...base, outcome: 'already', params: { at: companyTime(at, opts.timeZone) } }); continue; }
    report.push({ ...base, outcome: 'recorded', params: {} });
    fresh.push({ memberId: h.memberId, cardNo: h.cardNo });
  }

  const place = input.place?.trim() || activity.place;
  const inserted = fresh.length ? await rows<{ id: number; member_id: number }>(tx, sql`
    INSERT INTO activity_participants (activity_id, member_id, card_no, method, attended_at, place, points, recorded_by)
    SELECT ${activityId}, t.member_id, t.card_no, 'batch', ${attendedAt}, ${place}, ${activity.pointsPerParticipant}, ${actor.name}
    FROM unnest(${sql.param(fresh.map((f) => f.memberId))}::int[], ${sql.param(fresh.map((f) => f.cardNo))}::text[]) AS t(member_id, card_no)
    ORDER BY t.member_id
    ON CONFLICT (activity_id, member_id) DO NOTHING
    RETURNING id, member_id`) : [];
  const recorded = new Set(inserted.map((r) => r.member_id));
  // a concurrent batch recorded some of them first: those lines are "already", with no points here
  for (const r of report) if (r.outcome === 'recorded' && !recorded.has(r.memberId!)) { r.outcome = 'already'; r.params = { at: '?' }; }
  const memberIds = [...recorded];
  if (activity.pointsPerParticipant > 0 && memberIds.length) {
    await postEarnings(tx, actor, {
      sourceType: 'activity', reason: activity.name,
      earnings: memberIds.map((memberId) => ({ memberId, amount: activity.pointsPerParticipant, key: participationKey(activityId, memberId), sourceId: activityId })),
    });
  }
  await careOnParticipation(tx, actor, activity, memberIds);
  if (inserted.length) {
    await participationsRecorded.run(tx, {
      actor, activityId, activityName: activity.name, participations: inserted.map((r) => ({ participationId: r.id, memberId: r.member_id })),
    });
  }
  const count = (o: LineOutcome) => report.filter((r) => r.outcome === o).length;
  const result: BatchReport = {
    activityId, lines: lines.length, recorded: count('recorded'), unknown: count('unknown'), inactive: count('inactive'),
    duplicate: count('duplicate'), already: count('already'), pointsEach: activity.pointsPerParticipant, report,
  };
  await recordAudit(tx, actor, {
    action: 'activity.participant.batch', entityType: 'activity', entityId: activityId,
    facts: { lines: result.lines, recorded: result.recorded, unknown: result.unknown, inactive: result.inactive, duplicate: result.duplicate, already: result.already, attendedAt: attendedAt.toISOString(), place },
  });
  return result;
}

async function recordedAlready(tx: Tx, activityId: number, memberIds: number[]): Promise<Map<number, Date>> {
  if (!memberIds.length) return new Map();
  const found = await rows<{ member_id: number; attended_at: Date | string }>(tx, sql`
    SELECT member_id, attended_at FROM activity_participants WHERE activity_id = ${activityId} AND member_id = ANY(${sql.param(memberIds)}::int[])`);
  return new Map(found.map((r) => [r.member_id, r.attended_at instanceof Date ? r.attended_at : new Date(r.attended_at)]));
}

// ---------- queries ----------

/** An activity's participants within the actor's data scope (a department sees its own customers' members). */
export async function listParticipants(tx: Tx, actor: Actor, activityId: number, q: ListPage & { q?: string; method?: string }) {
  const conds = [sql`p.activity_id = ${activityId}`];
  const scope = customerScope(actor);
  if (scope) conds.push(sql`EXISTS (SELECT 1 FROM customers WHERE customers.id = m.customer_id AND ${scope})`);
  const text = q.q?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(cu.name ILIKE ${like} OR m.member_no = ${text.toUpperCase()} OR p.card_no = ${normaliseCardNo(text)})`);
  }
  if (q.method) conds.push(sql`p.method = ${q.method}`);
  const where = sql.join(conds, sql` AND `);
  const page = sql.join([where, beforeId(sql`p.id`, q) ?? sql`true`], sql` AND `);
  const from = sql`activity_participants p JOIN members m ON m.id = p.member_id JOIN customers cu ON cu.id = m.customer_id`;
  const [items, [{ total }]] = await Promise.all([
    rows<Participant>(tx, sql`SELECT ${participantColumns} FROM ${from} WHERE ${page}
      ORDER BY ${sql.join(listOrder(sql`p.id`, q, [sql`p.attended_at DESC`, sql`p.id DESC`]), sql`, `)} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`),
    totalUnlessExport(q, () => rows<{ total: number }>(tx, sql`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`) as never),
  ]);
  return { items: items.map(toParticipant), total, page: q.page, pageSize: q.pageSize };
}

/** The activities a member took part in, newest first (the member's page). */
export async function activitiesOfMember(tx: Tx, memberId: number) {
  const list = await rows<{ activityId: number; name: string; type: string; status: string; attendedAt: Date | string; place: string | null; points: number; method: string }>(tx, sql`
    SELECT a.id AS "activityId", a.name, a.type, a.status, p.attended_at AS "attendedAt", p.place, p.points, p.method
    FROM activity_participants p JOIN activities a ON a.id = p.activity_id WHERE p.member_id = ${memberId} ORDER BY p.attended_at DESC`);
  return list.map((r) => ({ ...r, attendedAt: r.attendedAt instanceof Date ? r.attendedAt : new Date(r.attendedAt) }));
}

