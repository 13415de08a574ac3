// 商家服务参与 (issue 13 item 5, SPEC §9 "merchant participation"): how members use the partner
// merchants' services — participations and distinct members per merchant and member level (the level
// the member had when they used the service), and per company quarter the participations with the
// members' ratings (褒贬度 −2 … +2) beside the ratings and counts the merchants reported in their
// quarterly feedback. For company months from … to; the reader's data scope applies to the members
// (a participation of a member outside it is not counted), and so do the department (the member's
// customer's) and the project (of the member's latest purchase) asked. The quarterly feedback is
// what a merchant reported for the whole service, not per member: neither scope nor those filters
// narrow it. A small table (one row per use): counted on each request.
import type { SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { companyDate } from '../membership/env.ts';
import { memberScopeSql } from '../membership/scope.ts';
import { quarterOf } from './activity.ts';
import './messages.ts';

export interface ParticipationFilters { from?: string; to?: string; department?: string; project?: string }

export interface MerchantLevelRow { merchantId: number; code: string; name: string; deleted: boolean; level: string; participations: number; members: number }
export interface MerchantTotalRow { merchantId: number; code: string; name: string; deleted: boolean; participations: number; members: number }
export interface QuarterRow {
  quarter: string; participations: number; members: number;
  /** members' ratings of their participations */
  rated: number; average: number | null; positive: number; neutral: number; negative: number;
  /** the merchants' quarterly feedback: how many reported a rating, their mean, the members served they reported */
  feedbackRated: number; feedbackAverage: number | null; reported: number;
}

const monthRe = /^\d{4}-(0[1-9]|1[0-2])$/;
const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return new Date(Date.UTC(y, mo, 1)).toISOString().slice(0, 7);
};

/** The period: company months, default the last eight quarters (from the first month of the quarter seven before this one). */
export function participationPeriod(f: ParticipationFilters, timeZone: string, now = new Date()): { from: string; to: string } {
  const to = f.to ?? companyDate(timeZone, now).slice(0, 7);
  if (!monthRe.test(to)) throw invalidField('to', 'merchant.badMonth');
  const [y, m] = to.split('-').map(Number);
  const quarterStart = Math.floor((m - 1) / 3) * 3; // 0-based month of the quarter's first month
  const from = f.from ?? new Date(Date.UTC(y, quarterStart - 21, 1)).toISOString().slice(0, 7);
  if (!monthRe.test(from)) throw invalidField('from', 'merchant.badMonth');
  if (from > to) throw invalidField('from', 'merchant.fromAfterTo');
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 10) throw invalidField('from', 'merchant.periodTooLong');
  return { from, to };
}

/** The quarters the months touch, in order: 2025-02 … 2025-07 → 2025-Q1, 2025-Q2, 2025-Q3. */
function quartersOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) {
    const q = quarterOf(`${m}-01`);
    if (out.at(-1) !== q) out.push(q);
  }
  return out;
}

const round2 = (sum: number, n: number) => (n ? Math.round((sum / n) * 100) / 100 : null);

/** The participation figures for the analysis page: per merchant and level, per merchant, per quarter. */
export async function merchantParticipation(tx: Tx, actor: Actor, f: ParticipationFilters, timeZone: string, now = new Date()) {
  const { from, to } = participationPeriod(f, timeZone, now);
  const quarters = quartersOf(from, to);
  const start = sql`(${`${from}-01`}::date::timestamp AT TIME ZONE ${timeZone})`;
  const end = sql`(${`${nextMonth(to)}-01`}::date::timestamp AT TIME ZONE ${timeZone})`;
  const conds: SQL[] = [sql`p.deleted_at IS NULL`, sql`p.participated_at >= ${start}`, sql`p.participated_at < ${end}`];
  const scope = memberScopeSql(actor, sql`p.member_id`);
  if (scope) conds.push(scope);
  if (f.department != null) conds.push(sql`p.member_id IN (SELECT m.id FROM members m JOIN customers c ON c.id = m.customer_id WHERE coalesce(c.department, '') = ${f.department})`);
  if (f.project != null) {
    conds.push(sql`p.member_id IN (SELECT m.id FROM members m WHERE coalesce((SELECT pu.project FROM purchases pu
      WHERE pu.customer_id = m.customer_id AND pu.deleted_at IS NULL ORDER BY pu.id DESC LIMIT 1), '') = ${f.project})`);
  }
  const where = sql.join(conds, sql` AND `);
  const used = sql`merchant_service_participations p JOIN merchant_services s ON s.id = p.service_id JOIN merchants mc ON mc.id = s.merchant_id`;
  const quarterSql = sql`to_char(p.participated_at AT TIME ZONE ${timeZone}, 'YYYY') || '-Q' || to_char(p.participated_at AT TIME ZONE ${timeZone}, 'Q')`;
  const [byLevel, byMerchant, perQuarter, feedback] = await Promise.all([
    rows<MerchantLevelRow>(tx, sql`
      SELECT mc.id AS "merchantId", mc.code, mc.name, mc.deleted_at IS NOT NULL AS deleted, coalesce(p.level, '') AS level,
        count(*)::int AS participations, count(DISTINCT p.member_id)::int AS members
      FROM ${used} WHERE ${where} GROUP BY mc.id, mc.code, mc.name, mc.deleted_at, coalesce(p.level, '')`),
    rows<MerchantTotalRow>(tx, sql`
      SELECT mc.id AS "merchantId", mc.code, mc.name, mc.deleted_at IS NOT NULL AS deleted,
        count(*)::int AS participations, count(DISTINCT p.member_id)::int AS members
      FROM ${used} WHERE ${where} GROUP BY mc.id, mc.code, mc.name, mc.deleted_at ORDER BY 5 DESC, mc.code`),
    rows<{ quarter: string; participations: number; members: number; rated: number; sum: number; positive: number; neutral: number; negative: number }>(tx, sql`
      SELECT ${quarterSql} AS quarter, count(*)::int AS participations, count(DISTINCT p.member_id)::int AS members,
        count(p.rating)::int AS rated, coalesce(sum(p.rating), 0)::int AS sum,
        count(*) FILTER (WHERE p.rating > 0)::int AS positive, count(*) FILTER (WHERE p.rating = 0)::int AS neutral,
        count(*) FILTER (WHERE p.rating < 0)::int AS negative
      FROM ${used} WHERE ${where} GROUP BY 1`),
    rows<{ quarter: string; rated: number; sum: number; reported: number }>(tx, sql`
      SELECT quarter, count(rating)::int AS rated, coalesce(sum(rating), 0)::int AS sum, coalesce(sum(participation_count), 0)::int AS reported
      FROM merchant_service_feedback WHERE quarter >= ${quarters[0]} AND quarter <= ${quarters.at(-1)!} GROUP BY quarter`),
  ]);
  const order = new Map(byMerchant.map((m, i) => [m.merchantId, i]));
  byLevel.sort((a, b) => order.get(a.merchantId)! - order.get(b.merchantId)! || b.participations - a.participations || a.level.localeCompare(b.level));
  const q = new Map(perQuarter.map((r) => [r.quarter, r]));
  const fb = new Map(feedback.map((r) => [r.quarter, r]));
  return {
    from, to,
    levels: [...new Set(byLevel.map((r) => r.level))].sort(),
    byMerchant: byMerchant.map((m) => ({ ...m, byLevel: byLevel.filter((r) => r.merchantId === m.merchantId).map((r) => ({ level: r.level, participations: r.participations, members: r.members })) })),
    byMerchantLevel: byLevel,
    quarters: quarters.map((quarter): QuarterRow => {
      const r = q.get(quarter);
      const b = fb.get(quarter);
      return {
        quarter, participations: r?.participations ?? 0, members: r?.members ?? 0,
        rated: r?.rated ?? 0, average: round2(r?.sum ?? 0, r?.rated ?? 0), positive: r?.positive ?? 0, neutral: r?.neutral ?? 0, negative: r?.negative ?? 0,
        feedbackRated: b?.rated ?? 0, feedbackAverage: round2(b?.sum ?? 0, b?.rated ?? 0), reported: b?.reported ?? 0,
      };
    }),
  };
}
