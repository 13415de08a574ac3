// 积分统计: points issued, redeemed, expired and corrected per month (company calendar), and the
// points members hold (the liability).
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';

export async function pointsStats(tx: Tx, q: { from?: Date; to?: Date }) {
  if (q.from && q.to && q.to < q.from) throw invalidField('to', 'redemption.period');
  const months = await rows<{ month: string; issued: number; redeemed: number; expired: number; corrected: number; net: number }>(tx, sql`
    SELECT to_char(e.posted_at AT TIME ZONE s.time_zone, 'YYYY-MM') AS month,
           coalesce(sum(e.amount) FILTER (WHERE e.amount > 0 AND e.source_type NOT IN ('redemption', 'correction')), 0) AS issued,
           coalesce(-sum(e.amount) FILTER (WHERE e.source_type = 'redemption'), 0) AS redeemed,
           coalesce(-sum(e.amount) FILTER (WHERE e.source_type = 'expiry'), 0) AS expired,
           coalesce(sum(e.amount) FILTER (WHERE e.source_type = 'correction' OR (e.amount < 0 AND e.source_type NOT IN ('redemption', 'expiry'))), 0) AS corrected,
           sum(e.amount) AS net
    FROM points_entries e, points_settings s
    WHERE s.id = 1 AND e.state IN ('posted', 'reversed')
      ${q.from ? sql`AND e.posted_at >= ${q.from}::timestamptz` : sql``}
      ${q.to ? sql`AND e.posted_at < ${q.to}::timestamptz` : sql``}
    GROUP BY 1 ORDER BY 1`);
  const bySource = await rows<{ sourceType: string; points: number; entries: number }>(tx, sql`
    SELECT source_type AS "sourceType", sum(amount) AS points, count(*) AS entries FROM points_entries
    WHERE state IN ('posted', 'reversed')
      ${q.from ? sql`AND posted_at >= ${q.from}::timestamptz` : sql``}
      ${q.to ? sql`AND posted_at < ${q.to}::timestamptz` : sql``}
    GROUP BY 1 ORDER BY 1`);
  const [now] = await rows<{ outstanding: number; members: number; pending: number }>(tx, sql`
    SELECT (SELECT coalesce(sum(balance), 0) FROM points_accounts) AS outstanding,
           (SELECT count(*) FROM points_accounts WHERE balance > 0) AS members,
           (SELECT count(*) FROM points_entries WHERE state = 'pending') AS pending`);
  const n = (v: unknown) => Number(v ?? 0);
  return {
    months: months.map((m) => ({ month: m.month, issued: n(m.issued), redeemed: n(m.redeemed), expired: n(m.expired), corrected: n(m.corrected), net: n(m.net) })),
    bySource: bySource.map((b) => ({ sourceType: b.sourceType, points: n(b.points), entries: n(b.entries) })),
    outstanding: n(now.outstanding), membersWithPoints: n(now.members), pendingEntries: n(now.pending),
  };
}
