// 积分到期与提醒: due lots expire as entries (one per lot, naming the lot as its event), in
// chunks; members are reminded of points about to expire and, monthly, of their balance, through
// the notification outbox. Both run as jobs; tests call them with an explicit `now`.
import type { Db, Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { t } from '../../i18n/index.ts';
import { recordAudit } from '../audit/service.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { queueNotices } from '../notify/service.ts';
import { getSettings } from './rules.ts';
import './messages.ts';

const expiryActor = systemActor('points expiry job');
const reminderActor = systemActor('points reminder job');

async function pause(db: Db) {
  if (db.engine === 'pglite') await new Promise((r) => setImmediate(r));
}

/**
 * Expires every lot whose expiry is at or before `now`: an entry of −remaining per lot (source
 * expiry, source id = the lot, key expiry:<lot>:<expired before>), the lot emptied through a lot
 * move, the balance lowered — a chunk of members per transaction, their accounts locked in order.
 * `opts.at`: when the expiry is booked (the entries' posted_at), for history loaded after the fact
 * (`clubcrm demo-data` expires each lot as of the hour it fell due); default: the database's now().
 * The job and the API never pass it.
 */
export async function expirePoints(db: Db, now: Date, opts: { chunk?: number; at?: Date | null } = {}): Promise<{ entries: number; points: number; members: number }> {
  const chunk = opts.chunk ?? (db.engine === 'postgres' ? 2000 : 500);
  const postedAt = opts.at ? sql`${opts.at.toISOString()}::timestamptz` : sql`now()`;
  const total = { entries: 0, points: 0, members: 0 };
  for (;;) {
    const step = await db.transaction(async (tx) => {
      const due = await rows<{ member_id: number }>(tx, sql`
        SELECT DISTINCT member_id FROM points_lots WHERE remaining > 0 AND expires_at <= ${now}::timestamptz ORDER BY member_id LIMIT ${chunk}`);
      if (!due.length) return null;
      const ids = due.map((d) => d.member_id);
      await rows(tx, sql`SELECT member_id FROM points_accounts WHERE member_id = ANY(${sql.param(ids)}::int[]) ORDER BY member_id FOR UPDATE`);
      const [r] = await rows<{ entries: number; points: number }>(tx, sql`
        WITH due AS (
          SELECT id, member_id, remaining, expired FROM points_lots
          WHERE member_id = ANY(${sql.param(ids)}::int[]) AND remaining > 0 AND expires_at <= ${now}::timestamptz
        ),
        e AS (
          INSERT INTO points_entries (member_id, amount, state, source_type, source_id, idempotency_key, fingerprint, reason, actor_kind, actor_id, actor_name, posted_at, created_at)
          SELECT member_id, -remaining, 'posted', 'expiry', id, 'expiry:' || id || ':' || expired,
                 member_id || '|' || (-remaining) || '|expiry|' || id || '||posted', ${'积分到期'}, 'system', NULL, ${expiryActor.name}, ${postedAt}, ${postedAt}
          FROM due
          ON CONFLICT (idempotency_key) DO NOTHING
          RETURNING id, member_id, amount, source_id
        ),
        lots AS (UPDATE points_lots l SET remaining = l.remaining + e.amount, expired = l.expired - e.amount FROM e WHERE l.id = e.source_id RETURNING l.id),
        moves AS (INSERT INTO points_consumptions (entry_id, lot_id, amount) SELECT id, source_id, -amount FROM e RETURNING amount),
        acc AS (
          UPDATE points_accounts a SET balance = a.balance + x.s, updated_at = now()
          FROM (SELECT member_id, sum(amount) AS s FROM e GROUP BY member_id) x WHERE a.member_id = x.member_id RETURNING a.member_id
        )
        SELECT (SELECT count(*) FROM e) AS entries, (SELECT coalesce(-sum(amount), 0) FROM e) AS points`);
      return { entries: Number(r.entries), points: Number(r.points), members: ids.length };
    });
    if (!step) break;
    total.entries += step.entries;
    total.points += step.points;
    total.members += step.members;
    if (step.entries === 0) break; // nothing movable left (keys already used): never loop forever
    await pause(db);
  }
  if (total.entries) {
    await db.transaction((tx) => recordAudit(tx, expiryActor, { action: 'points.expire', entityType: 'pointsEntry', entityId: null, facts: { ...total, now: now.toISOString() } }));
  }
  return total;
}

interface ReminderRow {
  reminderId: number;
  memberId: number;
  customerId: number;
  name: string;
  mobile: string | null;
  email: string | null;
  points: number;
  periodKey: string;
  balance: number;
}

/** Queues the new reminders through the notify outbox in one multi-row insert (SMS or e-mail, as the settings say). */
async function queueReminders(tx: Tx, actor: Actor, list: ReminderRow[], channel: string, kind: 'expiry' | 'balance'): Promise<{ queued: number; noContact: number }> {
  const lang = 'zh-CN';
  const reachable = list.filter((r) => (channel === 'email' ? r.email : r.mobile));
  const notices = await queueNotices(tx, actor, reachable.map((r) => ({
    memberId: r.memberId, customerId: r.customerId, channel: channel as 'sms' | 'email', purpose: kind === 'expiry' ? 'points_expiry' : 'points_balance',
    recipient: (channel === 'email' ? r.email : r.mobile)!,
    subject: t(lang, kind === 'expiry' ? 'notice.pointsExpiry.subject' : 'notice.pointsBalance.subject'),
    body: t(lang, kind === 'expiry' ? 'notice.pointsExpiry.body' : 'notice.pointsBalance.body', { name: r.name, points: r.points, date: r.periodKey, balance: r.balance }),
    refType: 'points_reminder', refId: r.reminderId, meta: { kind, periodKey: r.periodKey, points: r.points },
  })));
  if (notices.length) {
    await rows(tx, sql`
      UPDATE points_reminders r SET notice_id = n.id
      FROM unnest(${sql.param(notices.map((n) => n.id))}::bigint[], ${sql.param(notices.map((n) => n.refId))}::bigint[]) AS n(id, reminder_id)
      WHERE r.id = n.reminder_id`);
  }
  return { queued: notices.length, noContact: list.length - reachable.length };
}

/**
 * 提醒: members with points expiring within the configured days get one reminder per expiry date
 * (the soonest one in the window), and — from the configured day of each month — one balance
 * statement per month. points_reminders remembers what was sent, so a re-run sends nothing twice.
 */
export async function remindPoints(db: Db, now: Date, opts: { chunk?: number } = {}): Promise<{ expiry: number; balance: number; noContact: number }> {
  const chunk = opts.chunk ?? 500;
  const settings = await getSettings(db.db);
  const out = { expiry: 0, balance: 0, noContact: 0 };
  if (settings.reminderDays > 0) {
    for (let after = 0; ;) {
      const batch = await db.transaction(async (tx) => {
        const list = await rows<ReminderRow & { lastMember: number }>(tx, sql`
          WITH due AS (
            SELECT l.member_id, sum(l.remaining) AS points, min(l.expires_at) AS first
            FROM points_lots l JOIN members m ON m.id = l.member_id AND m.status <> 'archived'
            WHERE l.remaining > 0 AND l.expires_at > ${now}::timestamptz
              AND l.expires_at <= ${now}::timestamptz + make_interval(days => ${settings.reminderDays}) AND l.member_id > ${after}
            GROUP BY l.member_id ORDER BY l.member_id LIMIT ${chunk}
          ),
          r AS (
            INSERT INTO points_reminders (member_id, kind, period_key, points)
            SELECT d.member_id, 'expiry', to_char(d.first AT TIME ZONE s.time_zone, 'YYYY-MM-DD'), d.points FROM due d, points_settings s WHERE s.id = 1
            ON CONFLICT DO NOTHING RETURNING id, member_id, period_key, points
          )
          SELECT r.id AS "reminderId", r.member_id AS "memberId", c.id AS "customerId", c.name, c.mobile, c.email, r.points, r.period_key AS "periodKey",
                 coalesce(a.balance, 0) AS balance, (SELECT max(member_id) FROM due) AS "lastMember"
          FROM r JOIN members m ON m.id = r.member_id JOIN customers c ON c.id = m.customer_id LEFT JOIN points_accounts a ON a.member_id = r.member_id
          UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, (SELECT max(member_id) FROM due)`);
        const last = list.map((r) => r.lastMember).find((x) => x != null);
        const real = list.filter((r) => r.reminderId != null);
        const q = await queueReminders(tx, reminderActor, real, settings.reminderChannel, 'expiry');
        return { last: last == null ? null : Number(last), ...q };
      });
      out.expiry += batch.queued;
      out.noContact += batch.noContact;
      if (batch.last == null) break;
      after = batch.last;
      await pause(db);
    }
  }
  const day = settings.balanceReminderDay;
  if (day) {
    const [{ month, dom }] = await rows<{ month: string; dom: number }>(db.db, sql`
      SELECT to_char(${now}::timestamptz AT TIME ZONE time_zone, 'YYYY-MM') AS month, extract(day FROM ${now}::timestamptz AT TIME ZONE time_zone)::int AS dom
      FROM points_settings WHERE id = 1`);
    if (dom >= day) {
      for (let after = 0; ;) {
        const batch = await db.transaction(async (tx) => {
          const list = await rows<ReminderRow & { lastMember: number }>(tx, sql`
            WITH due AS (
              SELECT a.member_id, a.balance FROM points_accounts a JOIN members m ON m.id = a.member_id AND m.status <> 'archived'
              WHERE a.balance > 0 AND a.member_id > ${after} ORDER BY a.member_id LIMIT ${chunk}
            ),
            r AS (
              INSERT INTO points_reminders (member_id, kind, period_key, points)
              SELECT member_id, 'balance', ${month}, balance FROM due ON CONFLICT DO NOTHING RETURNING id, member_id, period_key, points
            )
            SELECT r.id AS "reminderId", r.member_id AS "memberId", c.id AS "customerId", c.name, c.mobile, c.email, r.points,
                   to_char(${now}::timestamptz AT TIME ZONE s.time_zone, 'YYYY-MM-DD') AS "periodKey", r.points AS balance, (SELECT max(member_id) FROM due) AS "lastMember"
            FROM r JOIN members m ON m.id = r.member_id JOIN customers c ON c.id = m.customer_id, points_settings s WHERE s.id = 1
            UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, (SELECT max(member_id) FROM due)`);
          const last = list.map((r) => r.lastMember).find((x) => x != null);
          const q = await queueReminders(tx, reminderActor, list.filter((r) => r.reminderId != null), settings.reminderChannel, 'balance');
          return { last: last == null ? null : Number(last), ...q };
        });
        out.balance += batch.queued;
        out.noContact += batch.noContact;
        if (batch.last == null) break;
        after = batch.last;
        await pause(db);
      }
    }
  }
  return out;
}
