// 客户价值 (SPEC §9, issue 13): the member-value job computes, for every live member as of its run,
// from the club's own events — purchases (contract day), payments received, redemptions, activity
// attendance and care responses (reached) — in one set-based statement:
//  - R: the last event; F: events in the 12 months; M: purchase value + points earned in the 12 months
//    × the point value; each scored 1–5 by quintile (ceil(5 × cume_dist) among the members who have
//    one — equal values score alike; none scores 1);
//  - dormant: no event (nor joining) within N months;
//  - churn risk 0–100 = 50 × min(days since the last event (or joining), 365) / 365
//    + 30 × the fall of activity (events in the last 6 months against the 6 before, when fewer)
//    + 10 × unresolved complaints (at most 2);
//  - lifetime value: every purchase + every point earned × the point value;
//  - the named segment, the first that fits: 新会员 (joined within D days), 沉睡 (dormant),
//    高价值 (R, F, M at least the thresholds), 流失风险 (churn ≥ threshold), 潜力 (R ≥ threshold), 一般.
// Thresholds are the administrator's (valueSettings, kept in system_settings, audited).
// Reads the owning modules' tables read-only in SQL (like care's audience): a per-member service
// call would not do at 1M members.
import { z } from 'zod';
import type { Db, Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { memberLevelsTableSql } from '../cards/levels.ts';
import type { ValueSegment } from './schema.ts';
import './messages.ts';

export const valueSettingsSchema = z.object({
  dormantMonths: z.number().int().min(1).max(60).describe('dormant: no event within this many months'),
  newMemberDays: z.number().int().min(1).max(730).describe('新会员: joined within this many days'),
  highValue: z.object({
    r: z.number().int().min(1).max(5), f: z.number().int().min(1).max(5), m: z.number().int().min(1).max(5),
  }).strict().describe('高价值: R, F and M scores at least these'),
  potentialR: z.number().int().min(1).max(5).describe('潜力: R score at least this'),
  churnRiskScore: z.number().int().min(1).max(100).describe('流失风险: churn score at least this'),
  pointValueFen: z.number().int().min(0).max(100_000).describe('what one point is worth, in fen (monetary and lifetime value)'),
}).strict();
export type ValueSettings = z.infer<typeof valueSettingsSchema>;

export const defaultValueSettings: ValueSettings = {
  dormantMonths: 6, newMemberDays: 90, highValue: { r: 4, f: 4, m: 4 }, potentialR: 4, churnRiskScore: 60, pointValueFen: 1,
};

const settingKey = 'value.settings';
const overviewKey = 'value.overview';

/** Members per department and value segment as of the job's last run (lifetime value, dormant, at risk). */
export interface OverviewCell { department: string; segment: ValueSegment; members: number; ltvFen: number; dormant: number; risk: number }

export async function overviewCells(tx: Tx): Promise<{ asOf: string; cells: OverviewCell[] } | null> {
  const raw = await getSetting(tx, overviewKey);
  return raw ? JSON.parse(raw) : null;
}

export async function getValueSettings(tx: Tx): Promise<ValueSettings> {
  const raw = await getSetting(tx, settingKey);
  if (!raw) return defaultValueSettings;
  const parsed = valueSettingsSchema.safeParse({ ...defaultValueSettings, ...JSON.parse(raw) });
  return parsed.success ? parsed.data : defaultValueSettings;
}

/** The administrator changes the thresholds (validated by the route); audited before → after. */
export async function updateValueSettings(tx: Tx, actor: Actor, next: ValueSettings): Promise<ValueSettings> {
  const before = await getValueSettings(tx);
  await putSetting(tx, settingKey, JSON.stringify(next));
  await recordAudit(tx, actor, { action: 'value.settings', entityType: 'valueSettings', entityId: '1', before, after: next });
  return next;
}

/** The member-value job: member_values written whole as of `asOf`, in one transaction. */
export async function computeMemberValues(db: Db, asOf: Date, timeZone: string): Promise<{ members: number }> {
  const out = await writeMemberValues(db, asOf, timeZone);
  // the table was rewritten: its visibility map and statistics renewed at once, so counts stay index-only reads
  await rows(db.db, sql`VACUUM (ANALYZE) member_values`);
  return out;
}

async function writeMemberValues(db: Db, asOf: Date, timeZone: string): Promise<{ members: number }> {
  return db.transaction(async (tx) => {
    const s = await getValueSettings(tx);
    const at = sql`${asOf.toISOString()}::timestamptz`;
    const y1 = sql`(${at} - interval '12 months')`;
    const m6 = sql`(${at} - interval '6 months')`;
    const pv = s.pointValueFen;
    await rows(tx, sql`DELETE FROM member_values`);
    const [{ n }] = await rows<{ n: number }>(tx, sql`
      WITH live AS (SELECT id, customer_id, joined_at, status, channel FROM members WHERE status <> 'archived' AND joined_at <= ${at}),
      ev AS (
        SELECT l.id AS member_id, coalesce((p.contract_date::timestamp AT TIME ZONE ${timeZone}), p.created_at) AS at, coalesce(p.price_fen, 0) AS fen
          FROM live l JOIN purchases p ON p.customer_id = l.customer_id
          WHERE p.deleted_at IS NULL AND p.status <> 'cancelled' AND p.origin = 'sale'
        UNION ALL SELECT l.id, pay.paid_at, 0 FROM live l JOIN purchases p ON p.customer_id = l.customer_id JOIN payments pay ON pay.purchase_id = p.id
          WHERE p.deleted_at IS NULL AND pay.voided_at IS NULL
        UNION ALL SELECT r.member_id, r.created_at, 0 FROM redemptions r WHERE r.status <> 'cancelled'
        UNION ALL SELECT ap.member_id, ap.attended_at, 0 FROM activity_participants ap
        UNION ALL SELECT cm.member_id, cm.result_at, 0 FROM care_members cm WHERE cm.status = 'reached' AND cm.result_at IS NOT NULL
      ),
      agg AS (
        SELECT member_id, max(at) AS last_at,
          count(*) FILTER (WHERE at > ${y1}) AS e12, count(*) FILTER (WHERE at > ${m6}) AS recent,
          count(*) FILTER (WHERE at > ${y1} AND at <= ${m6}) AS prior,
          coalesce(sum(fen) FILTER (WHERE at > ${y1}), 0) AS fen12, sum(fen) AS fen_all
        FROM ev WHERE at <= ${at} GROUP BY member_id
      ),
      pts AS (
        SELECT member_id, coalesce(sum(amount) FILTER (WHERE posted_at > ${y1}), 0) AS p12, sum(amount) AS p_all
        FROM points_entries WHERE state = 'posted' AND amount > 0 AND source_type NOT IN ('correction', 'redemption', 'expiry') AND posted_at <= ${at}
        GROUP BY member_id
      ),
      cmp AS (SELECT member_id, count(*) AS open FROM complaints WHERE status <> 'done' AND member_id IS NOT NULL AND received_at <= ${at} GROUP BY member_id),
      lvl AS (SELECT member_id, min(level) AS level FROM ${memberLevelsTableSql} cl GROUP BY member_id),
      prj AS (SELECT customer_id, array_agg(DISTINCT project ORDER BY project) AS projects FROM purchases WHERE deleted_at IS NULL AND project IS NOT NULL GROUP BY customer_id),
      lots AS (SELECT member_id, min(expires_at) AS next_expiry FROM points_lots WHERE remaining > 0 AND expires_at IS NOT NULL GROUP BY member_id),
      act AS (SELECT member_id, max(attended_at) AS last_at FROM activity_participants GROUP BY member_id),
      base AS (
        SELECT l.id, l.joined_at, a.last_at, coalesce(a.e12, 0)::int AS e12, coalesce(a.recent, 0)::int AS recent, coalesce(a.prior, 0)::int AS prior,
          coalesce(a.fen12, 0)::bigint AS fen12, coalesce(pt.p12, 0)::bigint AS p12,
          (coalesce(a.fen12, 0) + coalesce(pt.p12, 0) * ${pv}::bigint)::bigint AS monetary,
          (coalesce(a.fen_all, 0) + coalesce(pt.p_all, 0) * ${pv}::bigint)::bigint AS ltv,
          coalesce(c.open, 0)::int AS open,
          extract(epoch FROM (${at} - coalesce(a.last_at, l.joined_at))) / 86400.0 AS idle_days
        FROM live l LEFT JOIN agg a ON a.member_id = l.id LEFT JOIN pts pt ON pt.member_id = l.id LEFT JOIN cmp c ON c.member_id = l.id
      ),
      scored AS (
        SELECT b.*,
          CASE WHEN last_at IS NULL THEN 1 ELSE ceil(5 * cume_dist() OVER (PARTITION BY last_at IS NULL ORDER BY last_at))::int END AS r,
          CASE WHEN e12 = 0 THEN 1 ELSE ceil(5 * cume_dist() OVER (PARTITION BY e12 = 0 ORDER BY e12))::int END AS f,
          CASE WHEN monetary = 0 THEN 1 ELSE ceil(5 * cume_dist() OVER (PARTITION BY monetary = 0 ORDER BY monetary))::int END AS m,
          coalesce(last_at, joined_at) <= ${at} - make_interval(months => ${s.dormantMonths}::int) AS dormant,
          round(50 * least(idle_days, 365) / 365.0
            + CASE WHEN prior > 0 AND recent < prior THEN 30.0 * (prior - recent) / prior ELSE 0 END
            + 10 * least(open, 2))::int AS churn
        FROM base b
      )
      , ins AS (
        INSERT INTO member_values (member_id, last_event_at, events_12m, events_recent, events_prior, purchase_fen, points_earned, monetary_fen, ltv_fen,
          open_complaints, r, f, m, segment, dormant, churn, as_of,
          department, status, channel, level, joined_at, projects, balance, next_expiry, last_activity_at, customer_deleted)
        SELECT sc.id, sc.last_at, e12, recent, prior, fen12, p12, monetary, ltv, open, r, f, m,
          CASE WHEN sc.joined_at > ${at} - make_interval(days => ${s.newMemberDays}::int) THEN 'new'
            WHEN dormant THEN 'dormant'
            WHEN r >= ${s.highValue.r}::int AND f >= ${s.highValue.f}::int AND m >= ${s.highValue.m}::int THEN 'high_value'
            WHEN churn >= ${s.churnRiskScore}::int THEN 'churn_risk'
            WHEN r >= ${s.potentialR}::int THEN 'potential'
            ELSE 'regular' END,
          dormant, churn, ${at},
          coalesce(cu.department, ''), l.status, l.channel, lvl.level, l.joined_at, coalesce(prj.projects, '{}'::text[]),
          coalesce(pa.balance, 0), lots.next_expiry, act.last_at, cu.deleted_at IS NOT NULL
        FROM scored sc JOIN live l ON l.id = sc.id JOIN customers cu ON cu.id = l.customer_id
          LEFT JOIN lvl ON lvl.member_id = sc.id LEFT JOIN prj ON prj.customer_id = l.customer_id
          LEFT JOIN points_accounts pa ON pa.member_id = sc.id LEFT JOIN lots ON lots.member_id = sc.id LEFT JOIN act ON act.member_id = sc.id
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM ins`);
    // the overview's cells per department (a page view would otherwise group 1M rows: 1.3 s)
    const cells = await rows<OverviewCell>(tx, sql`
      SELECT v.department, v.segment, count(*)::int AS members, sum(v.ltv_fen)::float8 AS "ltvFen",
        count(*) FILTER (WHERE v.dormant)::int AS dormant, count(*) FILTER (WHERE v.churn >= ${s.churnRiskScore}::int)::int AS risk
      FROM member_values v GROUP BY 1, 2`);
    await putSetting(tx, overviewKey, JSON.stringify({ asOf: asOf.toISOString(), cells }));
    return { members: n };
  });
}
