// 商家服务参与 kept as cells (issue 13: every analysis request within 300 ms at 1M members — counting the
// raw uses took 2.8 s with 0.58M of them). The member-analysis job (analysis/service.ts) calls
// `countMerchantParticipation` after its own counting, so the cells are renewed wherever the member
// analysis is (every 10 minutes, after an import, at the end of demo-data); stats.ts reads them.
//
// Uses and ratings add up across cells (merchant_use_cells, per quarter × merchant × level × department).
// Distinct members do not: a member who used a merchant in two quarters is one member of the two. So
// merchant_member_cells keeps, per group and department, for each quarter a member used the group, one
// count under the member's previous quarter with a use of that group (NULL for the first):
//   distinct members of quarters F … T = Σ members of cells with F ≤ quarter ≤ T and (prev NULL or prev < F)
// (each member is counted once, at their first quarter inside the window). The groups: a merchant at a
// level, a merchant at every level (level NULL), every merchant (merchant_id NULL, level NULL).
import type { Db, Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { getSetting, putSetting } from '../../db/settings.ts';

/** system_settings key: the as-of time of the last count (ISO); absent before the first run. */
export const participationAsOfKey = 'merchants.participationAsOf';

/** 'YYYY-Qn' of a timestamptz column in the company's time zone. */
export const quarterSql = (col: ReturnType<typeof sql>, timeZone: string) =>
  sql`to_char(${col} AT TIME ZONE ${timeZone}, 'YYYY') || '-Q' || to_char(${col} AT TIME ZONE ${timeZone}, 'Q')`;

/** Rewrites both cell tables from the uses not removed, in one transaction, and records `now` as their as-of time. */
export async function countMerchantParticipation(db: Db, timeZone: string, now = new Date()): Promise<{ useCells: number; memberCells: number }> {
  return db.transaction(async (tx: Tx) => {
    await tx.execute(sql`DELETE FROM merchant_use_cells`);
    await tx.execute(sql`DELETE FROM merchant_member_cells`);
    const quarter = quarterSql(sql`p.participated_at`, timeZone);
    const [uses] = await rows<{ n: number }>(tx, sql`
      WITH ins AS (
        INSERT INTO merchant_use_cells (quarter, merchant_id, level, department, uses, rated, rating_sum, positive, neutral, negative)
        SELECT ${quarter}, s.merchant_id, coalesce(p.level, ''), coalesce(m.department, ''),
          count(*)::int, count(p.rating)::int, coalesce(sum(p.rating), 0)::int,
          count(*) FILTER (WHERE p.rating > 0)::int, count(*) FILTER (WHERE p.rating = 0)::int, count(*) FILTER (WHERE p.rating < 0)::int
        FROM merchant_service_participations p JOIN merchant_services s ON s.id = p.service_id JOIN members m ON m.id = p.member_id
        WHERE p.deleted_at IS NULL
        GROUP BY 1, 2, 3, 4
        RETURNING 1)
      SELECT count(*)::int AS n FROM ins`);
    const [members] = await rows<{ n: number }>(tx, sql`
      WITH u AS MATERIALIZED (
        SELECT DISTINCT s.merchant_id, coalesce(p.level, '') AS level, p.member_id, coalesce(m.department, '') AS department, ${quarter} AS quarter
        FROM merchant_service_participations p JOIN merchant_services s ON s.id = p.service_id JOIN members m ON m.id = p.member_id
        WHERE p.deleted_at IS NULL),
      g AS (
        SELECT merchant_id, level, member_id, department, quarter FROM u
        UNION ALL SELECT DISTINCT merchant_id, NULL::text, member_id, department, quarter FROM u
        UNION ALL SELECT DISTINCT NULL::int, NULL::text, member_id, department, quarter FROM u),
      w AS (SELECT g.*, lag(quarter) OVER (PARTITION BY merchant_id, level, member_id ORDER BY quarter) AS prev FROM g),
      ins AS (
        INSERT INTO merchant_member_cells (merchant_id, level, department, quarter, prev_quarter, members)
        SELECT merchant_id, level, department, quarter, prev, count(*)::int FROM w GROUP BY 1, 2, 3, 4, 5
        RETURNING 1)
      SELECT count(*)::int AS n FROM ins`);
    await putSetting(tx, participationAsOfKey, now.toISOString());
    return { useCells: uses.n, memberCells: members.n };
  });
}

/** When the cells were counted (null before the first run). */
export async function participationAsOf(tx: Tx): Promise<Date | null> {
  const v = await getSetting(tx, participationAsOfKey);
  return v ? new Date(v) : null;
}
