// 积分负债与兑付率 (SPEC §4 statistics, §9 analytics): points issued, redeemed, expired and
// corrected per month, quarter or year with the redemption rate (redeemed ÷ issued) and the
// expiry rate, and the liability — the points members hold — by level and by expiry month. Read
// from the summaries the points-summary job keeps (summary.ts), within the reader's data scope.
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { HolderCell, LiabilityCell } from './schema.ts';
import { memberScopeSql } from './scope.ts';
import { bookedByPeriod, flowsOf, holderCells, liabilityCells, type BookedRow, type Flows } from './summary.ts';
import './messages.ts';

export interface DashboardQuery {
  /** company dates YYYY-MM-DD, both included; default: the last twelve months to today */
  from?: string;
  to?: string;
  period?: 'month' | 'quarter' | 'year';
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const withRates = (f: Flows) => ({ ...f, redemptionRate: rate(f.redeemed, f.issued), expiryRate: rate(f.expired, f.issued) });

export async function pointsDashboard(tx: Tx, actor: Actor, q: DashboardQuery) {
  const [d] = await rows<{ from: string; to: string }>(tx, sql`
    SELECT to_char(date_trunc('month', now() AT TIME ZONE time_zone) - interval '11 months', 'YYYY-MM-DD') AS from,
           to_char(now() AT TIME ZONE time_zone, 'YYYY-MM-DD') AS to
    FROM points_settings WHERE id = 1`);
  const thisMonth = d.to.slice(0, 7);
  const from = q.from ?? d.from;
  const to = q.to ?? d.to;
  if (to < from) throw invalidField('to', 'redemption.period');
  const period = q.period ?? 'month';
  const list = await bookedByPeriod(tx, actor, { fromDay: from, toDay: to, period });
  const byPeriod = new Map<string, BookedRow[]>();
  for (const r of list) byPeriod.set(r.period, [...(byPeriod.get(r.period) ?? []), r]);
  const [summary] = await rows<{ until: string | null; liabilityAt: Date | string | null; liability: LiabilityCell[]; holders: HolderCell[] }>(tx, sql`
    SELECT summarised_until::text AS until, liability_at AS "liabilityAt", liability, holders FROM points_summary WHERE id = 1`);
  return {
    from, to, period,
    periods: [...byPeriod].map(([p, rowsOf]) => ({ period: p, ...withRates(flowsOf(rowsOf)) })),
    totals: withRates(flowsOf(list)),
    liability: withBreakage(await liability(tx, actor, summary ?? null), thisMonth),
    summarisedUntil: summary?.until ?? null,
  };
}

/**
 * Breakage forecast: the points of open lots expected to expire in each of the next twelve company
 * months, this one first (lots already past their expiry date, which the expiry job has not yet
 * taken, count in this month), from the liability by expiry month.
 */
function withBreakage<L extends { byExpiryMonth: { month: string | null; points: number }[] }>(l: L, thisMonth: string) {
  const [y, m] = thisMonth.split('-').map(Number);
  const expiring = Array.from({ length: 12 }, (_, i) => ({ month: new Date(Date.UTC(y, m - 1 + i, 1)).toISOString().slice(0, 7), points: 0 }));
  for (const c of l.byExpiryMonth) {
    if (!c.month) continue;
    const slot = c.month < thisMonth ? expiring[0] : expiring.find((e) => e.month === c.month);
    if (slot) slot.points += c.points;
  }
  return { ...l, expiringNext12Months: expiring };
}

/**
 * The home page's points figures, lighter than the dashboard: the liability (total, from the job's
 * snapshot) and the points issued and redeemed in each of the last `months` company months with
 * their redemption rate.
 */
export async function pointsKeyFigures(tx: Tx, actor: Actor, months = 6) {
  const [d] = await rows<{ from: string }>(tx, sql`
    SELECT to_char(date_trunc('month', now() AT TIME ZONE time_zone) - make_interval(months => ${months - 1}), 'YYYY-MM-DD') AS from
    FROM points_settings WHERE id = 1`);
  const list = await bookedByPeriod(tx, actor, { fromDay: d.from, toDay: null, period: 'month' });
  const byPeriod = new Map<string, BookedRow[]>();
  for (const r of list) byPeriod.set(r.period, [...(byPeriod.get(r.period) ?? []), r]);
  const [summary] = await rows<{ liabilityAt: Date | string | null; liability: LiabilityCell[]; holders: HolderCell[] }>(tx, sql`
    SELECT liability_at AS "liabilityAt", '[]'::jsonb AS liability, holders FROM points_summary WHERE id = 1`);
  const owed = await liability(tx, actor, summary ?? null);
  return {
    from: d.from,
    liability: owed.points, liabilityAsOf: owed.asOf,
    redemptionRate: withRates(flowsOf(list)).redemptionRate,
    months: [...byPeriod].map(([month, r]) => { const f = flowsOf(r); return { month, issued: f.issued, redeemed: f.redeemed }; }),
  };
}

/**
 * The liability now (as of the job's last snapshot; live when there is none yet, and always live
 * for a role that sees only its own customers — few members), by level and by expiry month.
 */
async function liability(tx: Tx, actor: Actor, summary: { liabilityAt: Date | string | null; liability: LiabilityCell[]; holders: HolderCell[] } | null) {
  let cells: LiabilityCell[];
  let holders: HolderCell[];
  let asOf: Date | null = null;
  if (summary?.liabilityAt && actor.dataScope !== 'own') {
    const mine = (c: { department: string }) => actor.dataScope === 'all' || c.department === (actor.department ?? '');
    cells = summary.liability.filter(mine);
    holders = summary.holders.filter(mine);
    asOf = summary.liabilityAt instanceof Date ? summary.liabilityAt : new Date(summary.liabilityAt);
  } else {
    const keep = actor.dataScope === 'all' ? null : (col: ReturnType<typeof sql>) => memberScopeSql(actor, col);
    cells = await liabilityCells(tx, keep);
    holders = await holderCells(tx, keep);
  }
  const levels = new Map<string, { points: number; members: number }>();
  for (const h of holders) {
    const l = levels.get(h.level) ?? { points: 0, members: 0 };
    levels.set(h.level, { points: l.points + h.points, members: l.members + h.members });
  }
  const months = new Map<string, number>();
  for (const c of cells) months.set(c.month, (months.get(c.month) ?? 0) + c.points);
  const byLevel = [...levels].map(([level, v]) => ({ level: level || null, ...v })).sort((a, b) => b.points - a.points);
  return {
    asOf,
    points: byLevel.reduce((a, l) => a + l.points, 0),
    members: byLevel.reduce((a, l) => a + l.members, 0),
    byLevel,
    // by month, those that never expire last
    byExpiryMonth: [...months].sort(([a], [b]) => (a || '9999').localeCompare(b || '9999')).map(([month, points]) => ({ month: month || null, points })),
  };
}
