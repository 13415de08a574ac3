// Complaints (投诉): search by every field of SPEC §7, the overdue list, statistics, and the
// reminders of overdue steps (a job, and a console action that runs the same function).
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { rows, type Db, type Tx } from '../../db/index.ts';
import { beforeId, listOrder, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { t, type Lang } from '../../i18n/index.ts';
import { registerJob } from '../../jobs/scheduler.ts';
import { recordAudit } from '../audit/service.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { users } from '../auth/schema.ts';
import { listItems } from '../dictionaries/service.ts';
import { cardNoForSearch, memberLabels, queueOverdueReminder } from './links.ts';
import { complaintEvents, complaints, complaintSteps } from './schema.ts';
import { timeBound } from '../../dates.ts';
import { fuzzyText, localDateTime } from './search.ts';
import { scopeOf, userNames } from './service.ts';

export interface ComplaintQuery extends ListPage {
  complaintNo?: string;
  channel?: string;
  type?: string;
  status?: 'pending' | 'processing' | 'done';
  importance?: string;
  memberId?: number;
  cardNo?: string;
  /** name or phone of the complainant */
  complainant?: string;
  /** fuzzy words of the content */
  content?: string;
  receivedFrom?: string;
  receivedTo?: string;
  receiverId?: number;
  /** a step taken in this period / by this department / by this handler (all on the same step) */
  handledFrom?: string;
  handledTo?: string;
  department?: string;
  handlerId?: number;
  /** only complaints with an unfinished step past its expected finish */
  overdue?: boolean;
}

export function overdueStepCondition(now: Date, alias = 's'): SQL {
  return sql`${sql.raw(alias)}.finished_at IS NULL AND ${sql.raw(alias)}.expected_finish_at < ${now}`;
}

export async function listComplaints(tx: Tx, actor: Actor, q: ComplaintQuery, now: Date, timeZone: string) {
  const where: SQL[] = [];
  const scope = scopeOf(actor);
  if (scope) where.push(scope);
  if (q.complaintNo) where.push(sql`${complaints.complaintNo} ILIKE ${`%${q.complaintNo.replace(/[\\%_]/g, '\\$&')}%`}`);
  if (q.channel) where.push(eq(complaints.channel, q.channel));
  if (q.type) where.push(eq(complaints.type, q.type));
  if (q.status) where.push(eq(complaints.status, q.status));
  if (q.importance) where.push(eq(complaints.importance, q.importance));
  if (q.memberId) where.push(eq(complaints.memberId, q.memberId));
  if (q.cardNo) where.push(eq(complaints.cardNo, cardNoForSearch(q.cardNo)));
  if (q.receiverId) where.push(eq(complaints.receiverId, q.receiverId));
  if (q.complainant) {
    const like = `%${q.complainant.replace(/[\\%_]/g, '\\$&')}%`;
    where.push(sql`(${complaints.complainantName} ILIKE ${like} OR ${complaints.complainantPhone} ILIKE ${like})`);
  }
  for (const b of [timeBound(complaints.receivedAt, q.receivedFrom, 'from', timeZone), timeBound(complaints.receivedAt, q.receivedTo, 'to', timeZone)]) if (b) where.push(b);
  const stepConds: SQL[] = [];
  for (const b of [timeBound(sql`s.step_at`, q.handledFrom, 'from', timeZone), timeBound(sql`s.step_at`, q.handledTo, 'to', timeZone)]) if (b) stepConds.push(b);
  if (q.department) stepConds.push(sql`s.department = ${q.department}`);
  if (q.handlerId) stepConds.push(sql`s.handler_id = ${q.handlerId}`);
  if (stepConds.length) where.push(sql`EXISTS (SELECT 1 FROM complaint_steps s WHERE s.complaint_id = ${complaints.id} AND ${sql.join(stepConds, sql` AND `)})`);
  if (q.overdue) where.push(sql`EXISTS (SELECT 1 FROM complaint_steps s WHERE s.complaint_id = ${complaints.id} AND ${overdueStepCondition(now)})`);
  const fuzzy = q.content ? fuzzyText(complaints.content, q.content) : null;
  if (fuzzy) where.push(fuzzy.where);
  const cond = where.length ? and(...where) : undefined;

  const list = await tx.select({
    c: complaints,
    receiverName: users.name,
    steps: sql<number>`(SELECT count(*) FROM complaint_steps s WHERE s.complaint_id = ${complaints.id})::int`,
    openSteps: sql<number>`(SELECT count(*) FROM complaint_steps s WHERE s.complaint_id = ${complaints.id} AND s.finished_at IS NULL)::int`,
    overdueSteps: sql<number>`(SELECT count(*) FROM complaint_steps s WHERE s.complaint_id = ${complaints.id} AND ${overdueStepCondition(now)})::int`,
  })
    .from(complaints)
    .innerJoin(users, eq(users.id, complaints.receiverId))
    .where(and(cond, beforeId(complaints.id, q)))
    .orderBy(...listOrder(complaints.id, q, [...(fuzzy ? [desc(fuzzy.score), desc(complaints.receivedAt)] : [desc(complaints.receivedAt)]), desc(complaints.id)]))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ total }] = await totalUnlessExport(q, () => tx.select({ total: sql<number>`count(*)::int` }).from(complaints).where(cond) as never);
  const members = await memberLabels(tx, list.flatMap((r) => (r.c.memberId ? [r.c.memberId] : [])));
  return {
    items: list.map((r) => ({
      ...r.c,
      memberNo: r.c.memberId ? members.get(r.c.memberId)?.memberNo ?? null : null,
      receiverName: r.receiverName,
      stepCount: r.steps,
      openSteps: r.openSteps,
      overdueSteps: r.overdueSteps,
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

export interface OverdueQuery { page: number; pageSize: number; handlerId?: number; department?: string }

/** 超期步骤 and 未结投诉 on the home page, within the actor's data scope: the overdue list's total and complaints not closed. */
export async function countOpenComplaintWork(tx: Tx, actor: Actor, now: Date): Promise<{ overdueSteps: number; openComplaints: number }> {
  const scope = scopeOf(actor);
  const inScope = scope ? sql`AND ${scope}` : sql``;
  const [r] = await rows<{ overdueSteps: number; openComplaints: number }>(tx, sql`
    SELECT (SELECT count(*)::int FROM complaint_steps s JOIN complaints ON complaints.id = s.complaint_id
            WHERE ${overdueStepCondition(now)} AND complaints.status <> 'done' ${inScope}) AS "overdueSteps",
           (SELECT count(*)::int FROM complaints WHERE complaints.status <> 'done' ${inScope}) AS "openComplaints"`);
  return r;
}

/** 超期列表: unfinished steps past their expected finish, the most overdue first, with the reminder sent. */
export async function listOverdueSteps(tx: Tx, actor: Actor, q: OverdueQuery, now: Date) {
  const where: SQL[] = [sql`${complaintSteps.finishedAt} IS NULL`, sql`${complaintSteps.expectedFinishAt} < ${now}`, sql`${complaints.status} <> 'done'`];
  const scope = scopeOf(actor);
  if (scope) where.push(scope);
  if (q.handlerId) where.push(eq(complaintSteps.handlerId, q.handlerId));
  if (q.department) where.push(eq(complaintSteps.department, q.department));
  const cond = and(...where);
  const list = await tx.select({ s: complaintSteps, c: complaints })
    .from(complaintSteps).innerJoin(complaints, eq(complaints.id, complaintSteps.complaintId))
    .where(cond).orderBy(complaintSteps.expectedFinishAt, complaintSteps.id)
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await tx.select({ total: sql<number>`count(*)::int` })
    .from(complaintSteps).innerJoin(complaints, eq(complaints.id, complaintSteps.complaintId)).where(cond);
  const names = await userNames(tx, list.map((r) => r.s.handlerId));
  return {
    items: list.map(({ s, c }) => ({
      stepId: s.id,
      seq: s.seq,
      complaintId: c.id,
      complaintNo: c.complaintNo,
      complaintType: c.type,
      complaintChannel: c.channel,
      importance: c.importance,
      complainantName: c.complainantName,
      content: c.content,
      stepAt: s.stepAt,
      handlerId: s.handlerId,
      handlerName: names.get(s.handlerId) ?? null,
      department: s.department,
      opinion: s.opinion,
      expectedFinishAt: s.expectedFinishAt!,
      overdueHours: Math.floor((now.getTime() - s.expectedFinishAt!.getTime()) / 3_600_000),
      remindedAt: s.remindedAt,
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

export interface StatisticsQuery { from?: string; to?: string }

/**
 * Counts by type, channel, status and importance of the complaints received in the period,
 * months (company time zone) with received and closed counts, average time to close and the
 * overdue rate: steps with an expected finish that finished late or are open past it.
 */
export async function complaintStatistics(tx: Tx, actor: Actor, q: StatisticsQuery, now: Date, timeZone: string) {
  const where: SQL[] = [];
  const scope = scopeOf(actor);
  if (scope) where.push(scope);
  for (const b of [timeBound(complaints.receivedAt, q.from, 'from', timeZone), timeBound(complaints.receivedAt, q.to, 'to', timeZone)]) if (b) where.push(b);
  const cond = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const grouped = (column: SQL) => rows<{ key: string; count: number }>(tx, sql`
    SELECT ${column} AS key, count(*)::int AS count FROM complaints ${cond} GROUP BY 1 ORDER BY 2 DESC, 1`);
  const [byType, byChannel, byStatus, byImportance] = await Promise.all([
    grouped(sql`complaints.type`), grouped(sql`complaints.channel`), grouped(sql`complaints.status`), grouped(sql`complaints.importance`),
  ]);
  const [totals] = await rows<{ received: number; closed: number; avg_close_hours: number | null }>(tx, sql`
    SELECT count(*)::int AS received,
           count(*) FILTER (WHERE complaints.status = 'done')::int AS closed,
           (avg(extract(epoch FROM complaints.closed_at - complaints.received_at)) FILTER (WHERE complaints.status = 'done') / 3600)::float8 AS avg_close_hours
    FROM complaints ${cond}`);
  const [steps] = await rows<{ with_due: number; overdue: number; open_overdue: number; complaints_overdue: number }>(tx, sql`
    SELECT count(*) FILTER (WHERE s.expected_finish_at IS NOT NULL)::int AS with_due,
           count(*) FILTER (WHERE s.finished_at > s.expected_finish_at OR (${overdueStepCondition(now)}))::int AS overdue,
           count(*) FILTER (WHERE ${overdueStepCondition(now)})::int AS open_overdue,
           count(DISTINCT s.complaint_id) FILTER (WHERE s.finished_at > s.expected_finish_at OR (${overdueStepCondition(now)}))::int AS complaints_overdue
    FROM complaint_steps s JOIN complaints ON complaints.id = s.complaint_id ${cond}`);
  const received = await rows<{ month: string; count: number }>(tx, sql`
    SELECT to_char(complaints.received_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month, count(*)::int AS count
    FROM complaints ${cond} GROUP BY 1`);
  const closed = await rows<{ month: string; count: number }>(tx, sql`
    SELECT to_char(complaints.closed_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month, count(*)::int AS count
    FROM complaints ${where.length ? sql`${cond} AND` : sql`WHERE`} complaints.status = 'done' GROUP BY 1`);
  const months = monthRange([...received, ...closed].map((r) => r.month));
  const labels = await dictionaryLabels(tx, ['complaint_type', 'complaint_channel']);
  const withLabel = (kind: string) => (r: { key: string; count: number }) => ({ ...r, labelZh: labels.get(`${kind}:${r.key}`)?.zh ?? r.key, labelEn: labels.get(`${kind}:${r.key}`)?.en ?? r.key });
  return {
    from: q.from ?? null,
    to: q.to ?? null,
    received: totals.received,
    closed: totals.closed,
    avgHoursToClose: totals.avg_close_hours == null ? null : Math.round(totals.avg_close_hours * 10) / 10,
    byType: byType.map(withLabel('complaint_type')),
    byChannel: byChannel.map(withLabel('complaint_channel')),
    byStatus,
    byImportance,
    monthly: months.map((month) => ({
      month,
      received: received.find((r) => r.month === month)?.count ?? 0,
      closed: closed.find((r) => r.month === month)?.count ?? 0,
    })),
    steps: {
      withDue: steps.with_due,
      overdue: steps.overdue,
      openOverdue: steps.open_overdue,
      /** share of steps with an expected finish that went past it (finished late or still open) */
      overdueRate: steps.with_due ? Math.round((steps.overdue / steps.with_due) * 1000) / 1000 : 0,
    },
    complaintsWithOverdue: steps.complaints_overdue,
    complaintOverdueRate: totals.received ? Math.round((steps.complaints_overdue / totals.received) * 1000) / 1000 : 0,
  };
}

/** Every month from the first to the last given (YYYY-MM), so a chart shows empty months too. */
export function monthRange(months: string[]): string[] {
  const sorted = [...new Set(months)].sort();
  if (!sorted.length) return [];
  const out: string[] = [];
  let [y, m] = sorted[0].split('-').map(Number);
  const last = sorted[sorted.length - 1];
  for (let guard = 0; guard < 600; guard++) {
    const cur = `${y}-${String(m).padStart(2, '0')}`;
    out.push(cur);
    if (cur >= last) break;
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

async function dictionaryLabels(tx: Tx, kinds: string[]) {
  const map = new Map<string, { zh: string; en: string }>();
  for (const kind of kinds) for (const it of await listItems(tx, { kind })) map.set(`${kind}:${it.code}`, { zh: it.labelZh, en: it.labelEn });
  return map;
}

// ---------- reminders of overdue steps ----------

/**
 * Queues one reminder per overdue step to its handler through the notify outbox. A step is
 * claimed by setting reminded_at with a guarded UPDATE in the same transaction as the notice,
 * so no step is ever reminded twice, whichever process or console click runs this. `now` decides
 * which steps are overdue (an administrator may run this as of another day); the reminder is
 * recorded at the time it is actually sent.
 */
export async function remindOverdueStepsTx(tx: Tx, actor: Actor, config: Pick<Config, 'defaultLanguage' | 'timeZone'>, now: Date, limit = 500) {
  const due = await rows<{
    id: number; seq: number; complaint_id: number; opinion: string; expected_finish_at: Date;
    complaint_no: string; type: string; content: string;
    handler_id: number; handler_name: string; email: string | null; mobile: string | null; language: string | null;
  }>(tx, sql`
    SELECT s.id, s.seq, s.complaint_id, s.opinion, s.expected_finish_at, c.complaint_no, c.type, c.content,
           u.id AS handler_id, u.name AS handler_name, u.email, u.mobile, u.language
    FROM complaint_steps s
    JOIN complaints c ON c.id = s.complaint_id
    JOIN users u ON u.id = s.handler_id
    WHERE ${overdueStepCondition(now)} AND s.reminded_at IS NULL AND c.status <> 'done'
    ORDER BY s.expected_finish_at, s.id
    LIMIT ${limit}
    FOR UPDATE OF s SKIP LOCKED`);
  const labels = await dictionaryLabels(tx, ['complaint_type']);
  const reminded: number[] = [];
  const sentAt = new Date();
  for (const s of due) {
    const claimed = await tx.update(complaintSteps).set({ remindedAt: sentAt })
      .where(and(eq(complaintSteps.id, s.id), sql`${complaintSteps.remindedAt} IS NULL`)).returning({ id: complaintSteps.id });
    if (!claimed.length) continue;
    const lang: Lang = s.language === 'en' || s.language === 'zh-CN' ? s.language : config.defaultLanguage;
    const label = labels.get(`complaint_type:${s.type}`);
    const params = {
      handler: s.handler_name, complaintNo: s.complaint_no, seq: s.seq,
      type: label ? (lang === 'en' ? label.en : label.zh) : s.type,
      due: localDateTime(new Date(s.expected_finish_at), config.timeZone),
      opinion: s.opinion, content: s.content.length > 80 ? `${s.content.slice(0, 80)}…` : s.content,
    };
    const noticeId = await queueOverdueReminder(tx, actor, {
      handler: { id: s.handler_id, name: s.handler_name, email: s.email, mobile: s.mobile },
      stepId: s.id,
      complaintId: s.complaint_id,
      subject: t(lang, 'complaint.reminder.subject', params),
      body: t(lang, 'complaint.reminder.body', params),
    });
    if (noticeId != null) await tx.update(complaintSteps).set({ reminderNoticeId: noticeId }).where(eq(complaintSteps.id, s.id));
    await tx.insert(complaintEvents).values({ complaintId: s.complaint_id, at: sentAt, actorName: actor.name, kind: 'reminded', stepId: s.id, note: s.handler_name });
    reminded.push(s.id);
  }
  if (reminded.length) {
    await recordAudit(tx, actor, { action: 'complaint.remind', entityType: 'complaint_step', entityId: null, facts: { stepIds: reminded, count: reminded.length, at: sentAt, asOf: now } });
  }
  return { reminded: reminded.length, stepIds: reminded };
}

/** The job: reminds every overdue step not reminded yet, in one transaction, as the system. */
export async function remindOverdueSteps(db: Db, config: Pick<Config, 'defaultLanguage' | 'timeZone'>, now: Date) {
  return db.transaction((tx) => remindOverdueStepsTx(tx, systemActor('complaint reminders'), config, now));
}

registerJob({
  name: 'complaints.remindOverdueSteps',
  everyMs: 10 * 60 * 1000,
  dated: true,
  run: async ({ db, config, asOf }) => {
    const r = await remindOverdueSteps(db, config, asOf);
    return { reminded: r.reminded };
  },
});

/** A member's complaints the actor may see (their complaints data scope), newest first: the points event picker. */
export async function complaintsOfMember(tx: Tx, actor: Actor, memberId: number, q: { q?: string; limit?: number } = {}) {
  const text = q.q?.trim();
  const like = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return tx.select({ id: complaints.id, complaintNo: complaints.complaintNo, content: complaints.content, status: complaints.status, receivedAt: complaints.receivedAt })
    .from(complaints)
    .where(and(eq(complaints.memberId, memberId), scopeOf(actor), like ? sql`(${complaints.complaintNo} ILIKE ${like} OR ${complaints.content} ILIKE ${like})` : undefined))
    .orderBy(desc(complaints.receivedAt), desc(complaints.id)).limit(q.limit ?? 50);
}
