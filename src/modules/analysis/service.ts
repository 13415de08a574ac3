// 会员分析 (issue 13 item 1): the membership's composition (level, channel with 客服中心's
// sub-channels, project, department, status), joins and leaves per company month with the net
// change, cohort retention, level movements and the share of members reached by notices and care.
// Filters: a period of company months, a project (of the member's latest purchase), a department
// (of the member's customer record); the reader's data scope applies.
//
// At 1M members every count over members × customers × purchases × cards took seconds, so the
// member-analysis job keeps them as counted cells (analysis_* tables, written whole every ten
// minutes and at the end of `clubcrm demo-data`); the page reads those — by department for a
// department scope. A role that sees only its own customers (few members), or a club before the
// job's first run, is counted now from the same statements. Builds on membership, customers,
// cards, notify and care; nothing imports it.
import type { SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { companyDayStart } from '../../jobs/as-of.ts';
import { registerJob } from '../../jobs/scheduler.ts';
import { invalidField } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { memberLevelsTableSql } from '../cards/levels.ts';
import { customerScope } from '../customers/service.ts';
import { companyDate } from '../membership/env.ts';
import { countMerchantParticipation } from '../merchants/participation-cells.ts';
import { analysisLevelMoves, analysisMemberCells, analysisMemberFlows } from './schema.ts';
import './messages.ts';

/** After how many months a cohort's retention is shown. */
export const retentionSteps = [3, 6, 12, 24] as const;

export interface AnalysisFilters {
  /** first and last company month (YYYY-MM); default the last twelve months up to this one */
  from?: string;
  to?: string;
  project?: string;
  department?: string;
}

const monthStart = (col: SQL, tz: string) => sql`date_trunc('month', ${col} AT TIME ZONE ${tz})::date`;

/** The members with their customer record (as `customers`, for the scope) and project (latest purchase), plus `more` joins, within `where`. */
function membersSql(where: SQL | undefined, more: SQL = sql``) {
  return sql`
    FROM members m JOIN customers ON customers.id = m.customer_id
    LEFT JOIN LATERAL (SELECT p.project FROM purchases p WHERE p.customer_id = customers.id AND p.deleted_at IS NULL ORDER BY p.id DESC LIMIT 1) pj ON true
    ${more}
    ${where ? sql`WHERE ${where}` : sql``}`;
}

const place = sql`coalesce(customers.department, '') AS department, coalesce(pj.project, '') AS project`;

/** Members by department, project, channel, sub-channel, level and status (analysis_member_cells). */
function cellsSql(where: SQL | undefined): SQL {
  return sql`
    SELECT ${place}, coalesce(m.channel, '') AS channel, coalesce(m.sub_channel, '') AS sub_channel,
      coalesce(l.level, '') AS level, m.status, count(*)::int AS members
    ${membersSql(where, sql`LEFT JOIN ${memberLevelsTableSql} l ON l.member_id = m.id`)}
    GROUP BY 1, 2, 3, 4, 5, 6`;
}

/** Members by department, project, company month joined and month left (analysis_member_flows). */
function flowsSql(where: SQL | undefined, tz: string): SQL {
  return sql`
    SELECT ${place}, ${monthStart(sql`m.joined_at`, tz)} AS join_month,
      CASE WHEN m.status = 'archived' THEN ${monthStart(sql`coalesce(m.archived_at, m.updated_at)`, tz)} END AS leave_month,
      count(*)::int AS members
    ${membersSql(where)}
    GROUP BY 1, 2, 3, 4`;
}

/** Main cards replaced by a main card of another rank, by the new card's company month (analysis_level_moves). */
function movesSql(where: SQL | undefined, tz: string): SQL {
  return sql`
    SELECT ${place}, ${monthStart(sql`n.issued_at`, tz)} AS month, o.type_code AS from_level, n.type_code AS to_level,
      (nt.rank > ot.rank)::int AS up, count(*)::int AS members
    ${membersSql(where, sql`
      JOIN cards o ON o.member_id = m.id AND o.kind = 'main' AND o.replaced_by_id IS NOT NULL
      JOIN cards n ON n.id = o.replaced_by_id AND n.kind = 'main'
      JOIN card_types ot ON ot.code = o.type_code JOIN card_types nt ON nt.code = n.type_code AND nt.rank <> ot.rank`)}
    GROUP BY 1, 2, 3, 4, 5, 6`;
}

/** The member-analysis job: every count the page reads, written whole in one transaction. */
export async function countMemberAnalysis(db: Db, timeZone: string, now = new Date()): Promise<{ cells: number; flows: number; moves: number }> {
  return db.transaction(async (tx: Tx) => {
    const out = { cells: 0, flows: 0, moves: 0 };
    for (const [table, name, select, cols] of [
      [analysisMemberCells, 'cells', cellsSql(undefined), sql`department, project, channel, sub_channel, level, status, members`],
      [analysisMemberFlows, 'flows', flowsSql(undefined, timeZone), sql`department, project, join_month, leave_month, members`],
      [analysisLevelMoves, 'moves', movesSql(undefined, timeZone), sql`department, project, month, from_level, to_level, up, members`],
    ] as const) {
      await tx.delete(table);
      const r = await rows<{ n: number }>(tx, sql`
        WITH ins AS (INSERT INTO ${table} (${cols}, counted_at) SELECT s.*, ${now}::timestamptz FROM (${select}) s RETURNING 1)
        SELECT count(*)::int AS n FROM ins`);
      out[name] = r[0].n;
    }
    return out;
  });
}

// the merchant participation on the same page is counted right after (its own transaction): its cells
// are renewed wherever the member analysis is (schedule, after an import, demo-data)
registerJob({
  name: 'member-analysis', everyMs: 10 * 60 * 1000,
  run: async ({ db, config, asOf }) => ({ ...await countMemberAnalysis(db, config.timeZone, asOf), ...await countMerchantParticipation(db, config.timeZone, asOf) }),
});

const monthRe = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The period asked (company months), checked: from ≤ to, at most ten years. */
export function analysisPeriod(f: AnalysisFilters, timeZone: string, now = new Date()): { from: string; to: string } {
  const current = companyDate(timeZone, now).slice(0, 7);
  const to = f.to ?? current;
  if (!monthRe.test(to)) throw invalidField('to', 'analysis.badMonth');
  const [y, m] = to.split('-').map(Number);
  const back = new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 7);
  const from = f.from ?? back;
  if (!monthRe.test(from)) throw invalidField('from', 'analysis.badMonth');
  if (from > to) throw invalidField('from', 'analysis.fromAfterTo');
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 10) throw invalidField('from', 'analysis.periodTooLong');
  return { from, to };
}

interface Sources { cells: SQL; flows: SQL; moves: SQL; asOf: Date | null; memberIds: SQL }

/**
 * Where the counts come from for this reader and these filters: the job's cells (by department for
 * a department scope) when it has run and the reader does not see only their own customers, else
 * counted now within the scope. Each source is filtered by the department and project asked.
 */
async function sources(tx: Tx, actor: Actor, f: AnalysisFilters, timeZone: string): Promise<Sources> {
  const scope = customerScope(actor);
  const place = (d: SQL, p: SQL) => sql`true
    ${f.department != null ? sql`AND ${d} = ${f.department}` : sql``}
    ${f.project != null ? sql`AND ${p} = ${f.project}` : sql``}`;
  // the members reached are counted now: the ids of the members (not archived) within the scope and the filters
  const memberIds = sql`
    SELECT m.id FROM members m JOIN customers ON customers.id = m.customer_id
    WHERE m.status <> 'archived' AND ${scope ?? sql`true`} ${f.department != null ? sql`AND coalesce(customers.department, '') = ${f.department}` : sql``}
    ${f.project != null ? sql`AND coalesce((SELECT p.project FROM purchases p WHERE p.customer_id = customers.id AND p.deleted_at IS NULL ORDER BY p.id DESC LIMIT 1), '') = ${f.project}` : sql``}`;
  if (actor.dataScope !== 'own') {
    const [kept] = await rows<{ asOf: Date | string }>(tx, sql`SELECT counted_at AS "asOf" FROM analysis_member_cells LIMIT 1`);
    if (kept) {
      const dept = actor.dataScope !== 'department' ? sql`` : actor.department ? sql`AND department = ${actor.department}` : sql`AND false`;
      const from = (table: string) => sql`(SELECT * FROM ${sql.identifier(table)} WHERE ${place(sql`department`, sql`project`)} ${dept})`;
      return { cells: from('analysis_member_cells'), flows: from('analysis_member_flows'), moves: from('analysis_level_moves'), asOf: new Date(kept.asOf), memberIds };
    }
  }
  const live = (q: SQL) => sql`(SELECT * FROM (${q}) q WHERE ${place(sql`department`, sql`project`)})`;
  return { cells: live(cellsSql(scope)), flows: live(flowsSql(scope, timeZone)), moves: live(movesSql(scope, timeZone)), asOf: null, memberIds };
}

/** The company month `k` months after `month` (YYYY-MM). */
function monthsAfter(month: string, k: number): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + k, 1)).toISOString().slice(0, 7);
}

export interface Count { key: string; members: number }

/** The analysis page: every chart's figures for the reader's scope and the filters. */
export async function memberAnalysis(db: Tx, actor: Actor, f: AnalysisFilters, timeZone: string, now = new Date()) {
  const { from, to } = analysisPeriod(f, timeZone, now);
  const current = companyDate(timeZone, now).slice(0, 7);
  const s = await sources(db, actor, f, timeZone);
  const by = (col: string, where = sql`status <> 'archived'`) => rows<Count>(db, sql`
    SELECT ${sql.identifier(col)} AS key, sum(members)::int AS members FROM ${s.cells} c WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`);
  const start = companyDayStart(`${from}-01`, timeZone);
  const [ty, tm] = to.split('-').map(Number);
  const end = companyDayStart(new Date(Date.UTC(ty, tm, 1)).toISOString().slice(0, 10), timeZone);
  const first = sql`${`${from}-01`}::date`;
  const last = sql`${`${to}-01`}::date`;
  const [byLevel, byChannel, byProject, byDepartment, byStatus, flows, cohorts, moves, reach] = await Promise.all([
    by('level'),
    rows<{ channel: string; subChannel: string; members: number }>(db, sql`
      SELECT channel, sub_channel AS "subChannel", sum(members)::int AS members FROM ${s.cells} c WHERE status <> 'archived'
      GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`),
    by('project'),
    by('department'),
    by('status', sql`true`),
    rows<{ month: string; joined: number; left: number }>(db, sql`
      SELECT to_char(mo, 'YYYY-MM') AS month, sum(joined)::int AS joined, sum("left")::int AS "left" FROM (
        SELECT join_month AS mo, members AS joined, 0 AS "left" FROM ${s.flows} f WHERE join_month BETWEEN ${first} AND ${last}
        UNION ALL
        SELECT leave_month, 0, members FROM ${s.flows} f WHERE leave_month BETWEEN ${first} AND ${last}) x GROUP BY mo`),
    rows<{ month: string; members: number; r3: number; r6: number; r12: number; r24: number }>(db, sql`
      SELECT to_char(f.join_month, 'YYYY-MM') AS month, sum(members)::int AS members,
        ${sql.join(retentionSteps.map((k) => sql`coalesce(sum(members) FILTER (WHERE f.leave_month IS NULL OR f.leave_month >= f.join_month + ${`${k} months`}::interval), 0)::int AS ${sql.identifier(`r${k}`)}`), sql`, `)}
      FROM ${s.flows} f WHERE f.join_month BETWEEN ${first} AND ${last} GROUP BY f.join_month ORDER BY f.join_month`),
    rows<{ month: string; upgrades: number; downgrades: number }>(db, sql`
      SELECT to_char(month, 'YYYY-MM') AS month, coalesce(sum(members) FILTER (WHERE up = 1), 0)::int AS upgrades,
        coalesce(sum(members) FILTER (WHERE up = 0), 0)::int AS downgrades
      FROM ${s.moves} v WHERE month BETWEEN ${first} AND ${last} GROUP BY month`),
    rows<{ notices: number; care: number }>(db, sql`
      SELECT (SELECT count(DISTINCT n.member_id) FROM notices n WHERE n.status IN ('sent', 'reached') AND n.sent_at >= ${start} AND n.sent_at < ${end}
                AND n.member_id IN (${s.memberIds}))::int AS notices,
             (SELECT count(DISTINCT cm.member_id) FROM care_members cm WHERE cm.status IN ('sent', 'reached') AND cm.created_at >= ${start} AND cm.created_at < ${end}
                AND cm.member_id IN (${s.memberIds}))::int AS care`),
  ]);
  const total = byStatus.filter((r) => r.key !== 'archived').reduce((a, r) => a + r.members, 0);
  const rate = (n: number, of: number) => (of ? Math.round((n / of) * 10000) / 10000 : null);
  const periodMonths: string[] = [];
  for (let m = from; m <= to; m = monthsAfter(m, 1)) periodMonths.push(m);
  const byMonth = <R extends { month: string }>(list: R[], empty: Omit<R, 'month'>) => {
    const found = new Map(list.map((r) => [r.month, r]));
    return periodMonths.map((month) => found.get(month) ?? ({ month, ...empty } as R));
  };
  return {
    from, to, asOf: s.asOf,
    composition: { total, byLevel, byChannel, byProject, byDepartment, byStatus },
    months: byMonth(flows, { joined: 0, left: 0 }).map((r) => ({ ...r, net: r.joined - r.left })),
    cohorts: cohorts.map((c) => ({
      month: c.month, members: c.members,
      // known once the month k months after joining has begun
      retention: retentionSteps.map((k) => {
        const known = monthsAfter(c.month, k) <= current;
        const retained = known ? c[`r${k}`] : null;
        return { after: k, retained, rate: retained == null ? null : rate(retained, c.members) };
      }),
    })),
    levelMoves: byMonth(moves, { upgrades: 0, downgrades: 0 }),
    reach: { members: total, notices: reach[0].notices, care: reach[0].care, noticeRate: rate(reach[0].notices, total), careRate: rate(reach[0].care, total) },
  };
}
