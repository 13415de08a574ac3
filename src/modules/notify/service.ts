// Notices to members (通知): a transactional outbox. SMS and e-mail are queued in the business
// transaction and sent afterwards by the worker (deliverDueNotices), with retries and backoff;
// letters, calls and other channels are recorded by staff with their result.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import pino from 'pino';
import type { Config } from '../../config.ts';
import type { Db, Tx } from '../../db/index.ts';
import { rows } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';
import { registerJob } from '../../jobs/scheduler.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import { DeliveryError, providersFor, type NoticeLog, type Provider } from './providers.ts';
import { notices } from './schema.ts';
import './messages.ts';

export type NoticeRow = typeof notices.$inferSelect;
export type NoticeOutcome = 'sent' | 'failed' | 'reached' | 'unreached';

// a notice channel in use can only be deactivated, not deleted
registerDictionaryUsage('notify_channel', async (tx, code) => {
  const [{ n }] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM notices WHERE channel = ${code}`);
  return n;
});

/** Channels the system sends itself; the others are recorded by staff. */
export const sentChannels = ['sms', 'email'] as const;
const isSentChannel = (c: string) => (sentChannels as readonly string[]).includes(c);

/**
 * What a module does when one of its notices reaches a final outcome (e.g. membership marks the
 * member notified / not reached). Called inside the transaction that records the outcome.
 * Registered explicitly at import, like dictionary usage counters.
 */
type OutcomeHandler = (tx: Tx, notice: NoticeRow, outcome: NoticeOutcome) => Promise<void>;
const outcomeHandlers = new Map<string, OutcomeHandler>();
export function onNoticeOutcome(purpose: string, handler: OutcomeHandler): void {
  outcomeHandlers.set(purpose, handler);
}
async function reportOutcome(tx: Tx, notice: NoticeRow, outcome: NoticeOutcome) {
  await outcomeHandlers.get(notice.purpose)?.(tx, notice, outcome);
}

export interface QueueInput {
  memberId?: number | null;
  customerId?: number | null;
  channel: 'sms' | 'email';
  purpose: string;
  recipient: string;
  subject?: string | null;
  body: string;
  refType?: string | null;
  refId?: number | null;
  meta?: Record<string, unknown> | null;
}

/** Queues an SMS or e-mail in the caller's transaction; the worker sends it once that commits. */
export async function queueNotice(tx: Tx, actor: Actor, input: QueueInput): Promise<NoticeRow> {
  if (!isSentChannel(input.channel)) throw invalidField('channel', 'notice.sendChannelOnly');
  if (!input.recipient) throw invalidField('recipient', 'notice.recipientRequired');
  const [n] = await tx.insert(notices).values({
    memberId: input.memberId ?? null, customerId: input.customerId ?? null, channel: input.channel, purpose: input.purpose,
    recipient: input.recipient, subject: input.subject ?? null, body: input.body, status: 'queued',
    refType: input.refType ?? null, refId: input.refId ?? null, meta: input.meta ?? null, createdBy: actor.name,
  }).returning();
  return n;
}

/**
 * Queues many SMS / e-mails in one statement (care actions, activity notices to thousands of
 * members). Returns the notices in the order given.
 */
export async function queueNotices(tx: Tx, actor: Actor, inputs: QueueInput[]): Promise<{ id: number; memberId: number | null; refId: number | null }[]> {
  if (!inputs.length) return [];
  inputs.forEach((input, i) => {
    if (!isSentChannel(input.channel)) throw invalidField(`${i}.channel`, 'notice.sendChannelOnly');
    if (!input.recipient) throw invalidField(`${i}.recipient`, 'notice.recipientRequired');
  });
  const col = <T>(f: (i: QueueInput) => T) => sql.param(inputs.map(f));
  const created = await rows<{ id: number; memberId: number | null; refId: number | null }>(tx, sql`
    INSERT INTO notices (member_id, customer_id, channel, purpose, recipient, subject, body, status, ref_type, ref_id, meta, created_by)
    SELECT member_id, customer_id, channel, purpose, recipient, subject, body, 'queued', ref_type, ref_id, meta::jsonb, ${actor.name}
    FROM unnest(${col((i) => i.memberId ?? null)}::int[], ${col((i) => i.customerId ?? null)}::int[], ${col((i) => i.channel)}::text[],
                ${col((i) => i.purpose)}::text[], ${col((i) => i.recipient)}::text[], ${col((i) => i.subject ?? null)}::text[],
                ${col((i) => i.body)}::text[], ${col((i) => i.refType ?? null)}::text[], ${col((i) => i.refId ?? null)}::int[],
                ${col((i) => (i.meta ? JSON.stringify(i.meta) : null))}::text[])
      WITH ORDINALITY AS t(member_id, customer_id, channel, purpose, recipient, subject, body, ref_type, ref_id, meta, ord)
    ORDER BY ord
    RETURNING id, member_id AS "memberId", ref_id AS "refId"`);
  return created.map((c) => ({ id: Number(c.id), memberId: c.memberId, refId: c.refId }));
}

export interface RecordInput {
  memberId?: number | null;
  customerId?: number | null;
  channel: string;
  purpose: string;
  result: 'reached' | 'unreached';
  recipient?: string | null;
  note: string;
  refType?: string | null;
  refId?: number | null;
}

/** Staff record a letter, a call or another channel with its result (reached / not reached). */
export async function recordNotice(tx: Tx, actor: Actor, input: RecordInput): Promise<NoticeRow> {
  if (isSentChannel(input.channel)) throw invalidField('channel', 'notice.recordChannelOnly');
  await assertActiveValue(tx, 'notify_channel', input.channel, 'channel');
  const now = new Date();
  const [n] = await tx.insert(notices).values({
    memberId: input.memberId ?? null, customerId: input.customerId ?? null, channel: input.channel, purpose: input.purpose,
    recipient: input.recipient ?? null, body: input.note, status: input.result, attempts: 1, sentAt: now,
    refType: input.refType ?? null, refId: input.refId ?? null, createdBy: actor.name,
  }).returning();
  await recordAudit(tx, actor, { action: 'notice.record', entityType: 'notice', entityId: n.id, after: n });
  await reportOutcome(tx, n, input.result);
  return n;
}

export interface NoticeQuery { page: number; pageSize: number; memberId?: number; status?: string; channel?: string; purpose?: string }

/** A condition on a member id column keeping the members of the actor's data scope (none for scope all). */
export type MemberScope = (actor: Actor, memberId: SQL) => SQL | undefined;
// the membership module, which owns members and their data scope (and builds on notify), registers
// its rule; until it has, a scoped reader sees nothing
let memberScope: MemberScope = (actor) => (actor.dataScope === 'all' ? undefined : sql`false`);
export function registerNoticeMemberScope(rule: MemberScope): void {
  memberScope = rule;
}

/**
 * 通知记录: the notices of the members `actor` may see (a notice to no member, such as a reminder
 * to staff, only with scope all), newest first.
 */
export async function listNotices(tx: Tx, actor: Actor, q: NoticeQuery) {
  const where: SQL[] = [];
  if (actor.dataScope !== 'all') where.push(memberScope(actor, sql`${notices.memberId}`) ?? sql`false`);
  if (q.memberId) where.push(eq(notices.memberId, q.memberId));
  if (q.status) where.push(eq(notices.status, q.status));
  if (q.channel) where.push(eq(notices.channel, q.channel));
  if (q.purpose) where.push(eq(notices.purpose, q.purpose));
  const cond = where.length ? and(...where) : undefined;
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(notices).where(cond).orderBy(desc(notices.createdAt), desc(notices.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: sql<number>`count(*)::int` }).from(notices).where(cond),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/**
 * 发送失败的通知 on the home page: SMS and e-mails that failed for good. `members` keeps the notices
 * of the members a data scope allows (a notice to no member, such as a reminder to staff, then
 * drops out); null counts every one.
 */
export async function countFailedNotices(tx: Tx, members: ((memberId: SQL) => SQL | undefined) | null): Promise<number> {
  const keep = members?.(sql`${notices.memberId}`);
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(notices)
    .where(and(eq(notices.status, 'failed'), members ? (keep ?? sql`true`) : undefined));
  return n;
}

export async function noticesOfMember(tx: Tx, memberId: number): Promise<NoticeRow[]> {
  return tx.select().from(notices).where(eq(notices.memberId, memberId)).orderBy(desc(notices.createdAt), desc(notices.id));
}

/** Whether a notice of this purpose is still on its way to the member (queued or being sent). */
export async function noticeInFlight(tx: Tx, memberId: number, purpose: string): Promise<boolean> {
  const r = await rows(tx, sql`SELECT 1 FROM notices WHERE member_id = ${memberId} AND purpose = ${purpose} AND status IN ('queued', 'sending') LIMIT 1`);
  return r.length > 0;
}

/**
 * Members whose recent notices all failed: the failures (failed sends, unreached calls and
 * letters) since their last notice that got through, at least `minFailures` of them.
 */
export async function failureStreaks(tx: Tx, minFailures: number): Promise<{ memberId: number; failedAt: Date[] }[]> {
  const r = await rows<{ member_id: number; failed_at: (string | Date)[] }>(tx, sql`
    SELECT n.member_id, array_agg(n.created_at ORDER BY n.created_at) AS failed_at
    FROM notices n
    WHERE n.member_id IS NOT NULL AND n.status IN ('failed', 'unreached')
      AND n.created_at > coalesce((SELECT max(s.created_at) FROM notices s WHERE s.member_id = n.member_id AND s.status IN ('sent', 'reached')), '-infinity'::timestamptz)
    GROUP BY n.member_id
    HAVING count(*) >= ${minFailures}`);
  return r.map((x) => ({ memberId: x.member_id, failedAt: parseTimes(x.failed_at) }));
}

/** node-postgres returns timestamptz[] as strings, PGlite as Dates. */
function parseTimes(v: (string | Date)[] | string): Date[] {
  const list = typeof v === 'string' ? v.replace(/^\{|\}$/g, '').split(',').map((s) => s.replace(/^"|"$/g, '')) : v;
  return list.map((x) => (x instanceof Date ? x : new Date(x)));
}

// ---------- the worker ----------

/** Minutes to wait after the 1st, 2nd, 3rd… failed attempt. */
export const retryDelaysMinutes = [1, 5, 30, 120, 720];
export const maxAttempts = 5;
/** a claimed notice not finished within this time (the process died) is claimed again */
const leaseMinutes = 5;

export interface DeliveryReport { sent: number; retried: number; failed: number }

/**
 * Sends the SMS and e-mail notices that are due at `now`. Notices are claimed in short
 * transactions with FOR UPDATE SKIP LOCKED (so several processes never send one notice twice)
 * and sent outside any transaction; each result is then recorded: sent, queued again after a
 * backoff, or failed for good (permanent refusal or attempts used up).
 */
export async function deliverDueNotices(
  db: Db, config: Config, now: Date = new Date(),
  opts: { log?: NoticeLog; batchSize?: number; limit?: number } = {},
): Promise<DeliveryReport> {
  const log = opts.log ?? pino({ level: config.logLevel });
  const providers = providersFor(config, log);
  const batchSize = opts.batchSize ?? 20;
  const limit = opts.limit ?? 1000;
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  try {
    let done = 0;
    while (done < limit) {
      const claimed = await db.transaction((tx) => rows<NoticeRow>(tx, sql`
        WITH due AS (
          SELECT id FROM notices
          WHERE status IN ('queued', 'sending') AND channel IN ('sms', 'email') AND next_attempt_at <= ${now}
          ORDER BY next_attempt_at, id
          LIMIT ${Math.min(batchSize, limit - done)}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE notices n SET status = 'sending', attempts = n.attempts + 1,
          next_attempt_at = ${now}::timestamptz + make_interval(mins => ${leaseMinutes})
        FROM due WHERE n.id = due.id
        RETURNING n.id, n.channel, n.recipient, n.subject, n.body, n.attempts`));
      if (!claimed.length) break;
      done += claimed.length;
      for (const n of claimed) {
        const provider: Provider = providers[n.channel as 'sms' | 'email'];
        try {
          const providerId = await provider.send({ id: n.id, channel: n.channel, recipient: n.recipient ?? '', subject: n.subject, body: n.body });
          await finish(db, n.id, { ok: true, providerId: providerId ? `${provider.name}:${providerId}` : provider.name, now });
          report.sent++;
        } catch (e) {
          const err = e instanceof DeliveryError ? e : new DeliveryError((e as Error).message, false);
          const final = err.permanent || n.attempts >= maxAttempts;
          await finish(db, n.id, { ok: false, error: err.message, final, attempts: n.attempts, now });
          if (final) report.failed++;
          else report.retried++;
          log.warn({ notice: n.id, channel: n.channel, attempts: n.attempts, final, error: err.message }, 'notice delivery failed');
        }
      }
    }
  } finally {
    providers.sms.close();
    providers.email.close();
  }
  return report;
}

type Result = { ok: true; providerId: string; now: Date } | { ok: false; error: string; final: boolean; attempts: number; now: Date };

async function finish(db: Db, id: number, r: Result) {
  await db.transaction(async (tx) => {
    let updated: NoticeRow[];
    if (r.ok) {
      updated = await tx.update(notices).set({ status: 'sent', sentAt: r.now, providerId: r.providerId, lastError: null })
        .where(and(eq(notices.id, id), eq(notices.status, 'sending'))).returning();
    } else if (r.final) {
      updated = await tx.update(notices).set({ status: 'failed', lastError: r.error.slice(0, 1000) })
        .where(and(eq(notices.id, id), eq(notices.status, 'sending'))).returning();
    } else {
      const delay = retryDelaysMinutes[Math.min(r.attempts, retryDelaysMinutes.length) - 1];
      updated = await tx.update(notices).set({ status: 'queued', lastError: r.error.slice(0, 1000), nextAttemptAt: new Date(r.now.getTime() + delay * 60_000) })
        .where(and(eq(notices.id, id), eq(notices.status, 'sending'))).returning();
    }
    const [n] = updated;
    if (n && (n.status === 'sent' || n.status === 'failed')) await reportOutcome(tx, n, n.status);
  });
}

registerJob({
  name: 'notify.deliver',
  everyMs: 15_000,
  run: async ({ db, config, log }) => {
    const r = await deliverDueNotices(db, config, new Date(), { log });
    if (r.sent || r.failed || r.retried) log.info(r, 'notices delivered');
    return { ...r };
  },
});

/** The outbox's backlog for monitoring (GET /metrics): notices waiting to be sent (queued, of them due now) or being sent. */
export async function outboxBacklog(tx: Tx, now = new Date()): Promise<{ queued: number; due: number; sending: number }> {
  const [r] = await rows<{ queued: number; due: number; sending: number }>(tx, sql`
    SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
           count(*) FILTER (WHERE status = 'queued' AND next_attempt_at <= ${now.toISOString()}::timestamptz)::int AS due,
           count(*) FILTER (WHERE status = 'sending')::int AS sending
    FROM notices WHERE status IN ('queued', 'sending')`);
  return r;
}

/** The latest notice of each member (for worklists). */
export async function latestNotices(tx: Tx, memberIds: number[]): Promise<Map<number, NoticeRow>> {
  if (!memberIds.length) return new Map();
  const list = await tx.selectDistinctOn([notices.memberId]).from(notices)
    .where(sql`${notices.memberId} = ANY(${sql.param(memberIds)}::int[])`)
    .orderBy(notices.memberId, desc(notices.createdAt), desc(notices.id));
  return new Map(list.map((n) => [n.memberId!, n]));
}
