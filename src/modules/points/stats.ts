// 积分统计: points issued, redeemed, expired and corrected per month (company calendar), by event
// type, and the points members hold (the liability). Months and event types come from the daily
// summary plus the days not yet summarised (summary.ts): a month's figures no longer read the ledger.
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';
import { bookedByPeriod, flowsOf, type BookedRow } from './summary.ts';

export async function pointsStats(tx: Tx, q: { from?: Date; to?: Date }) {
  if (q.from && q.to && q.to < q.from) throw invalidField('to', 'redemption.period');
  const list = await bookedByPeriod(tx, null, { from: q.from ?? null, to: q.to ?? null, period: 'month' });
  const group = <K extends string>(key: (r: BookedRow) => K) => {
    const out = new Map<K, BookedRow[]>();
    for (const r of list) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
    return [...out];
  };
  const [now] = await rows<{ outstanding: number; members: number; pending: number }>(tx, sql`
    SELECT (SELECT coalesce(sum(balance), 0) FROM points_accounts) AS outstanding,
           (SELECT count(*) FROM points_accounts WHERE balance > 0) AS members,
           (SELECT count(*) FROM points_entries WHERE state = 'pending') AS pending`);
  const n = (v: unknown) => Number(v ?? 0);
  return {
    months: group((r) => r.period).map(([month, of]) => ({ month, ...flowsOf(of) })),
    bySource: group((r) => r.sourceType).sort(([a], [b]) => a.localeCompare(b))
      .map(([sourceType, of]) => ({ sourceType, points: of.reduce((a, r) => a + r.points, 0), entries: of.reduce((a, r) => a + r.entries, 0) })),
    outstanding: n(now.outstanding), membersWithPoints: n(now.members), pendingEntries: n(now.pending),
  };
}
