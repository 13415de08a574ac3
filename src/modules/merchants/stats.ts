// 商家服务参与 (issue 13 item 5, SPEC §9 "merchant participation"): how members use the partner
// merchants' services — participations and distinct members per merchant and member level (the level
// the member had when they used the service), and per company quarter the participations with the
// members' ratings (褒贬度 −2 … +2) beside the ratings and counts the merchants reported in their
// quarterly feedback. Counted by company quarters: the months asked (from … to) are widened to whole
// quarters, and the reply says the months used. The reader's data scope applies to the members (a
// participation of a member outside it is not counted), and so do the department (the member's
// customer's) and the project (of the member's latest purchase) asked. The quarterly feedback is what a
// merchant reported for the whole service, not per member: neither scope nor those filters narrow it.
// Read from the cells the member-analysis job keeps (participation-cells.ts; `asOf` its run) for a data
// scope of all or department without a project filter; counted live over the uses otherwise (an own
// scope, a project filter, before the first run; `asOf` null).
import type { SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { companyDate } from '../membership/env.ts';
import { memberScopeSql } from '../membership/scope.ts';
import { quarterOf } from './activity.ts';
import { participationAsOf, quarterSql as quarterOfSql } from './participation-cells.ts';
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

/**
 * The period: whole company quarters, as months — the months asked widened to the first month of
 * from's quarter and the last month of to's; default the last eight quarters up to this one.
 */
export function participationPeriod(f: ParticipationFilters, timeZone: string, now = new Date()): { from: string; to: string } {
  const to = f.to ?? companyDate(timeZone, now).slice(0, 7);
  if (!monthRe.test(to)) throw invalidField('to', 'merchant.badMonth');
  const [y, m] = to.split('-').map(Number);
  const quarterStart = Math.floor((m - 1) / 3) * 3; // 0-based month of the quarter's first month
  const from = f.from ?? new Date(Date.UTC(y, quarterStart - 21, 1)).toISOString().slice(0, 7);
  if (!monthRe.test(from)) throw invalidField('from', 'merchant.badMonth');
  if (from > to) throw invalidField('from', 'merchant.fromAfterTo');
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 10) throw invalidField('from', 'merchant.periodTooLong');
  const [fy, fm] = from.split('-').map(Number);
  return {
    from: new Date(Date.UTC(fy, Math.floor((fm - 1) / 3) * 3, 1)).toISOString().slice(0, 7),
    to: new Date(Date.UTC(y, quarterStart + 2, 1)).toISOString().slice(0, 7),
  };
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

type QuarterCounts = { quarter: string; participations: number; members: number; rated: number; sum: number; positive: number; neutral: number; negative: number };

/** The participation figures for the analysis page: per merchant and level, per merchant, per quarter. */
export async function merchantParticipation(tx: Tx, actor: Actor, f: ParticipationFilters, timeZone: string, now = new Date()) {
  const { from, to } = participationPeriod(f, timeZone, now);
  const quarters = quartersOf(from, to);
  const asOf = actor.dataScope !== 'own' && f.project == null ? await participationAsOf(tx) : null;
  const [counted, feedback] = await Promise.all([
    asOf ? fromCells(tx, actor, f, quarters) : live(tx, actor, f, from, to, timeZone),
    rows<{ quarter: string; rated: number; sum: number; reported: number }>(tx, sql`
      SELECT quarter, count(rating)::int AS rated, coalesce(sum(rating), 0)::int AS sum, coalesce(sum(participation_count), 0)::int AS reported
      FROM merchant_service_feedback WHERE quarter >= ${quarters[0]} AND quarter <= ${quarters.at(-1)!} GROUP BY quarter`),
  ]);
  const { byLevel, byMerchant, perQuarter } = counted;
  byMerchant.sort((a, b) => b.participations - a.participations || a.code.localeCompare(b.code));
  const order = new Map(byMerchant.map((m, i) => [m.merchantId, i]));
  byLevel.sort((a, b) => order.get(a.merchantId)! - order.get(b.merchantId)! || b.participations - a.participations || a.level.localeCompare(b.level));
  const q = new Map(perQuarter.map((r) => [r.quarter, r]));
  const fb = new Map(feedback.map((r) => [r.quarter, r]));
  return {
    from, to, asOf,
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

/** Counted now over the uses of the months from … to (an own scope, a project filter, or before the job's first run). */
async function live(tx: Tx, actor: Actor, f: ParticipationFilters, from: string, to: string, timeZone: string) {
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
  const [byLevel, byMerchant, perQuarter] = await Promise.all([
    rows<MerchantLevelRow>(tx, sql`
      SELECT mc.id AS "merchantId", mc.code, mc.name, mc.deleted_at IS NOT NULL AS deleted, coalesce(p.level, '') AS level,
        count(*)::int AS participations, count(DISTINCT p.member_id)::int AS members
      FROM ${used} WHERE ${where} GROUP BY mc.id, mc.code, mc.name, mc.deleted_at, coalesce(p.level, '')`),
    rows<MerchantTotalRow>(tx, sql`
      SELECT mc.id AS "merchantId", mc.code, mc.name, mc.deleted_at IS NOT NULL AS deleted,
        count(*)::int AS participations, count(DISTINCT p.member_id)::int AS members
      FROM ${used} WHERE ${where} GROUP BY mc.id, mc.code, mc.name, mc.deleted_at`),
    rows<QuarterCounts>(tx, sql`
      SELECT ${quarterOfSql(sql`p.participated_at`, timeZone)} AS quarter, count(*)::int AS participations, count(DISTINCT p.member_id)::int AS members,
        count(p.rating)::int AS rated, coalesce(sum(p.rating), 0)::int AS sum,
        count(*) FILTER (WHERE p.rating > 0)::int AS positive, count(*) FILTER (WHERE p.rating = 0)::int AS neutral,
        count(*) FILTER (WHERE p.rating < 0)::int AS negative
      FROM ${used} WHERE ${where} GROUP BY 1`),
  ]);
  return { byLevel, byMerchant, perQuarter };
}

/**
 * From the job's cells (participation-cells.ts): the quarters asked, the reader's department for a
 * department scope, the department asked. Members of a range of quarters: the cells whose previous
 * quarter is before the range (or none) — each member once.
 */
async function fromCells(tx: Tx, actor: Actor, f: ParticipationFilters, quarters: string[]) {
  const first = quarters[0];
  const last = quarters.at(-1)!;
  const conds: SQL[] = [sql`quarter >= ${first}`, sql`quarter <= ${last}`];
  if (actor.dataScope === 'department') conds.push(actor.department ? sql`department = ${actor.department}` : sql`false`);
  if (f.department != null) conds.push(sql`department = ${f.department}`);
  const where = sql.join(conds, sql` AND `);
  const firstInRange = sql`(prev_quarter IS NULL OR prev_quarter < ${first})`;
  const merchant = sql`mc.id AS "merchantId", mc.code, mc.name, mc.deleted_at IS NOT NULL AS deleted`;
  const [byLevel, byMerchant, perQuarter] = await Promise.all([
    rows<MerchantLevelRow>(tx, sql`
      SELECT ${merchant}, u.level, u.participations, coalesce(n.members, 0)::int AS members
      FROM (SELECT merchant_id, level, sum(uses)::int AS participations FROM merchant_use_cells WHERE ${where} GROUP BY 1, 2) u
      JOIN merchants mc ON mc.id = u.merchant_id
      LEFT JOIN (SELECT merchant_id, level, sum(members) AS members FROM merchant_member_cells
        WHERE ${where} AND merchant_id IS NOT NULL AND level IS NOT NULL AND ${firstInRange} GROUP BY 1, 2) n
        ON n.merchant_id = u.merchant_id AND n.level = u.level`),
    rows<MerchantTotalRow>(tx, sql`
      SELECT ${merchant}, u.participations, coalesce(n.members, 0)::int AS members
      FROM (SELECT merchant_id, sum(uses)::int AS participations FROM merchant_use_cells WHERE ${where} GROUP BY 1) u
      JOIN merchants mc ON mc.id = u.merchant_id
      LEFT JOIN (SELECT merchant_id, sum(members) AS members FROM merchant_member_cells
        WHERE ${where} AND merchant_id IS NOT NULL AND level IS NULL AND ${firstInRange} GROUP BY 1) n
        ON n.merchant_id = u.merchant_id`),
    rows<QuarterCounts>(tx, sql`
      SELECT u.*, coalesce(n.members, 0)::int AS members
      FROM (SELECT quarter, sum(uses)::int AS participations, sum(rated)::int AS rated, sum(rating_sum)::int AS sum,
          sum(positive)::int AS positive, sum(neutral)::int AS neutral, sum(negative)::int AS negative
        FROM merchant_use_cells WHERE ${where} GROUP BY 1) u
      LEFT JOIN (SELECT quarter, sum(members) AS members FROM merchant_member_cells WHERE ${where} AND merchant_id IS NULL GROUP BY 1) n
        ON n.quarter = u.quarter`),
  ]);
  return { byLevel, byMerchant, perQuarter };
}
