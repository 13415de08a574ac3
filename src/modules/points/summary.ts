// 积分统计汇总: what the statistics and the liability dashboard read instead of the whole ledger.
// At 10M entries an aggregate over points_entries took seconds (and the liability by level or by
// expiry month over 2.2M open lots 1–1.6 s each), so the points-summary job keeps:
//  - points_daily: booked points per company day, department, event type and sign, for the days
//    before points_summary.summarised_until; later days are read from the ledger itself through its
//    block-range index on posted_at (entries are appended in posting order: today's are the last);
//  - the liability (open lots by department, level and expiry month; members holding points) as of
//    the job's last run.
// Each run summarises again the last two days it had summarised, so an entry whose transaction
// committed after its day was summarised is counted within minutes. Nothing here writes the ledger.
import type { SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { memberLevelsTableSql } from '../cards/levels.ts';
import type { Actor } from '../auth/actor.ts';
import type { HolderCell, LiabilityCell } from './schema.ts';
import { memberDepartmentsSql, memberScopeSql } from './scope.ts';

const booked = sql`e.state IN ('posted', 'reversed')`;

async function pause(db: Db) {
  if (db.engine === 'pglite') await new Promise((r) => setImmediate(r));
}

/**
 * The points-summary job: days up to yesterday (company calendar) into points_daily, in steps of
 * at most a year per transaction (the first run over a long history), then the liability snapshot.
 */
export async function summarisePoints(db: Db, now = new Date(), opts: { daysPerStep?: number } = {}): Promise<{ days: number; until: string | null }> {
  // a year per transaction: the first run over a long history reads the ledger a few times, not once a month
  // (71 monthly steps took 71 s at 10M entries, each joining every member's department again)
  const step = opts.daysPerStep ?? 366;
  await rows(db.db, sql`INSERT INTO points_summary (id) VALUES (1) ON CONFLICT (id) DO NOTHING`);
  let days = 0;
  let until: string | null = null;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const [s] = await rows<{ until: string | null; today: string; tz: string }>(tx, sql`
        SELECT s.summarised_until::text AS until, (${now}::timestamptz AT TIME ZONE ps.time_zone)::date::text AS today, ps.time_zone AS tz
        FROM points_summary s, points_settings ps WHERE s.id = 1 AND ps.id = 1 FOR UPDATE OF s`);
      let start = s.until;
      if (start === null) {
        // first run: from the first posted day (one read of the ledger, once)
        const [f] = await rows<{ first: string | null }>(tx, sql`
          SELECT (min(e.posted_at) AT TIME ZONE ${s.tz})::date::text AS first FROM points_entries e WHERE ${booked}`);
        start = f.first ?? s.today;
      } else if (days === 0) {
        start = (await rows<{ d: string }>(tx, sql`SELECT (${start}::date - 2)::text AS d`))[0].d;
      }
      if (start >= s.today) {
        until = s.until;
        return true;
      }
      const [{ end }] = await rows<{ end: string }>(tx, sql`SELECT least(${start}::date + ${step}::int, ${s.today}::date)::text AS end`);
      const dayStart = (d: string) => sql`(${d}::date::timestamp AT TIME ZONE ${s.tz})`;
      await rows(tx, sql`DELETE FROM points_daily WHERE day >= ${start}::date AND day < ${end}::date`);
      await rows(tx, sql`
        INSERT INTO points_daily (day, department, source_type, positive, points, entries)
        SELECT (e.posted_at AT TIME ZONE ${s.tz})::date, coalesce(d.department, ''), e.source_type, e.amount > 0, sum(e.amount), count(*)
        FROM points_entries e LEFT JOIN ${memberDepartmentsSql} d ON d.member_id = e.member_id
        WHERE ${booked} AND e.posted_at >= ${dayStart(start)} AND e.posted_at < ${dayStart(end)}
        GROUP BY 1, 2, 3, 4`);
      await rows(tx, sql`UPDATE points_summary SET summarised_until = greatest(coalesce(summarised_until, ${end}::date), ${end}::date), updated_at = now() WHERE id = 1`);
      days += 1;
      return false;
    });
    if (done) break;
    await pause(db);
  }
  await db.transaction(async (tx) => {
    const liability = await liabilityCells(tx, null);
    const holders = await holderCells(tx, null);
    await rows(tx, sql`
      UPDATE points_summary SET liability = ${JSON.stringify(liability)}::jsonb, holders = ${JSON.stringify(holders)}::jsonb, liability_at = ${now}::timestamptz, updated_at = now()
      WHERE id = 1`);
  });
  const [s] = await rows<{ until: string | null }>(db.db, sql`SELECT summarised_until::text AS until FROM points_summary WHERE id = 1`);
  return { days, until: s?.until ?? until };
}

/** A condition on a member id column (a data scope), or null for every member. */
export type MemberFilter = ((memberId: SQL) => SQL | undefined) | null;

/** Open lots by department, level and expiry month (company calendar), optionally of the members a condition keeps. */
export async function liabilityCells(tx: Tx, members: MemberFilter): Promise<LiabilityCell[]> {
  const keep = members?.(sql`l.member_id`);
  const list = await rows<LiabilityCell>(tx, sql`
    SELECT coalesce(d.department, '') AS department, coalesce(lv.level, '') AS level,
           coalesce(to_char(l.expires_at AT TIME ZONE s.time_zone, 'YYYY-MM'), '') AS month, sum(l.remaining) AS points
    FROM points_lots l LEFT JOIN ${memberDepartmentsSql} d ON d.member_id = l.member_id
      LEFT JOIN ${memberLevelsTableSql} lv ON lv.member_id = l.member_id, points_settings s
    WHERE s.id = 1 AND l.remaining > 0 ${keep ? sql`AND ${keep}` : sql``}
    GROUP BY 1, 2, 3`);
  return list.map((c) => ({ ...c, points: Number(c.points) }));
}

/** Accounts holding points by department and level. */
export async function holderCells(tx: Tx, members: MemberFilter): Promise<HolderCell[]> {
  const keep = members?.(sql`a.member_id`);
  const list = await rows<HolderCell>(tx, sql`
    SELECT coalesce(d.department, '') AS department, coalesce(lv.level, '') AS level, count(*) AS members, sum(a.balance) AS points
    FROM points_accounts a LEFT JOIN ${memberDepartmentsSql} d ON d.member_id = a.member_id
      LEFT JOIN ${memberLevelsTableSql} lv ON lv.member_id = a.member_id
    WHERE a.balance > 0 ${keep ? sql`AND ${keep}` : sql``}
    GROUP BY 1, 2`);
  return list.map((c) => ({ ...c, members: Number(c.members), points: Number(c.points) }));
}

export type Period = 'day' | 'month' | 'quarter' | 'year';
const periodOf: Record<Period, string> = { day: 'YYYY-MM-DD', month: 'YYYY-MM', quarter: 'YYYY-"Q"Q', year: 'YYYY' };

export interface BookedRow { period: string; sourceType: string; positive: boolean; points: number; entries: number }

/**
 * Booked points in [from, to) (instants, or company days with `to` included) grouped by period,
 * event type and sign, within the actor's data scope: whole days before summarised_until from
 * points_daily (filtered by department for a department scope), the rest from the ledger. A role
 * that sees only its own customers reads the ledger of those members (few) and nothing summarised.
 */
export async function bookedByPeriod(
  tx: Tx, actor: Actor | null,
  q: { from?: Date | null; to?: Date | null; fromDay?: string | null; toDay?: string | null; period: Period },
): Promise<BookedRow[]> {
  const [b] = await rows<{ tz: string; from: string | null; to: string | null; lo: string | null; hi: string | null; head: boolean }>(tx, sql`
    WITH r AS (
      SELECT ps.time_zone AS tz, s.summarised_until AS until,
        coalesce(${q.from ?? null}::timestamptz, (${q.fromDay ?? null}::date::timestamp AT TIME ZONE ps.time_zone)) AS f,
        coalesce(${q.to ?? null}::timestamptz, ((${q.toDay ?? null}::date + 1)::timestamp AT TIME ZONE ps.time_zone)) AS t
      FROM points_settings ps LEFT JOIN points_summary s ON s.id = 1 WHERE ps.id = 1
    )
    SELECT tz, f::text AS from, t::text AS to,
      -- summarised days lie wholly in [f, t): from the first day starting at or after f, to the day t falls in (excluded)
      ((f AT TIME ZONE tz) + interval '1 day' - interval '1 microsecond')::date::text AS lo,
      CASE WHEN until IS NULL THEN NULL ELSE least(coalesce((t AT TIME ZONE tz)::date, until), until)::text END AS hi,
      -- whether [f, t) begins inside a day (then that day's part is read from the ledger)
      f IS NOT NULL AND (f AT TIME ZONE tz)::time <> '00:00' AS head
    FROM r`);
  const scope = !actor || actor.dataScope === 'all' ? null : actor.dataScope;
  const useSummary = b.hi !== null && scope !== 'own' && (b.lo === null || b.lo < b.hi);
  const dayStart = (d: string) => sql`(${d}::date::timestamp AT TIME ZONE ${b.tz})`;
  const fmt = periodOf[q.period];
  const summarised = useSummary ? sql`
    SELECT to_char(day, ${fmt}) AS period, source_type, positive, sum(points) AS points, sum(entries) AS entries FROM points_daily
    WHERE day < ${b.hi}::date ${b.lo ? sql`AND day >= ${b.lo}::date` : sql``} ${scope === 'department' ? sql`AND department = ${actor?.department ?? ''}` : sql``}
    GROUP BY 1, 2, 3` : null;
  // what the summary does not hold, as ranges of posted_at the block-range index can find: the part
  // of a day the range begins inside, and everything from the first day not summarised
  const within = (lo: SQL | null, hi: SQL | null) => sql`${lo ? sql`e.posted_at >= ${lo}` : sql`true`} AND ${hi ? sql`e.posted_at < ${hi}` : sql`true`}`;
  const from = b.from ? sql`${b.from}::timestamptz` : null;
  const to = b.to ? sql`${b.to}::timestamptz` : null;
  const live: SQL[] = [booked];
  if (!useSummary) live.push(within(from, to));
  else if (b.head && b.lo) live.push(sql`((${within(from, dayStart(b.lo))}) OR (${within(dayStart(b.hi!), to)}))`);
  else live.push(within(dayStart(b.hi!), to));
  const inScope = actor ? memberScopeSql(actor, sql`e.member_id`) : undefined;
  if (inScope) live.push(inScope);
  const ledger = sql`
    SELECT to_char(e.posted_at AT TIME ZONE ${b.tz}, ${fmt}) AS period, e.source_type, e.amount > 0 AS positive, sum(e.amount) AS points, count(*) AS entries
    FROM points_entries e WHERE ${sql.join(live, sql` AND `)} GROUP BY 1, 2, 3`;
  const list = await rows<{ period: string; source_type: string; positive: boolean; points: number; entries: number }>(tx, sql`
    SELECT period, source_type, positive, sum(points) AS points, sum(entries) AS entries
    FROM (${summarised ? sql`${summarised} UNION ALL ` : sql``}${ledger}) x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  return list.map((r) => ({ period: r.period, sourceType: r.source_type, positive: r.positive, points: Number(r.points), entries: Number(r.entries) }));
}

export interface Flows { issued: number; redeemed: number; expired: number; corrected: number; net: number }

/**
 * The four flows of a set of booked rows: issued (points earned), redeemed (net of cancelled
 * redemptions' refunds), expired, corrected (corrections and other deductions); issued − redeemed −
 * expired + corrected = net.
 */
export function flowsOf(list: BookedRow[]): Flows {
  const f: Flows = { issued: 0, redeemed: 0, expired: 0, corrected: 0, net: 0 };
  for (const r of list) {
    f.net += r.points;
    if (r.sourceType === 'redemption') f.redeemed -= r.points;
    else if (r.sourceType === 'expiry') f.expired -= r.points;
    else if (r.sourceType === 'correction' || !r.positive) f.corrected += r.points;
    else f.issued += r.points;
  }
  return f;
}
