// 客群筛选: a segment's saved filter over member fields and the value scores, as one SQL condition
// over members m / customers c (the same aliases as care's audience, which takes a segment as its
// audience). Read-only joins on cards, purchases, points and member_values; left members never match.
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';
import { valueSegmentCodes } from './schema.ts';
import './messages.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date');
const codes = z.array(z.string().min(1).max(100)).max(200);
const score = z.number().int().min(1).max(5);

export const segmentFiltersSchema = z.object({
  levels: codes.optional().describe('main card types (levels)'),
  statuses: z.array(z.enum(['active', 'leaving'])).max(2).optional(),
  channels: codes.optional().describe('joining channels (application_channel)'),
  departments: codes.optional().describe("the customer's department (案场)"),
  projects: codes.optional().describe('projects the member bought in'),
  joinedFrom: day.nullable().optional(), joinedTo: day.nullable().optional(),
  pointsMin: z.number().int().min(0).nullable().optional(), pointsMax: z.number().int().min(0).nullable().optional(),
  expiringWithinDays: z.number().int().min(1).max(3660).nullable().optional().describe('holds points expiring within this many days'),
  lastActivityBefore: day.nullable().optional().describe('no activity attended on or after this day'),
  valueSegments: z.array(z.enum(valueSegmentCodes)).max(10).optional(),
  rMin: score.nullable().optional(), fMin: score.nullable().optional(), mMin: score.nullable().optional(),
  churnMin: z.number().int().min(0).max(100).nullable().optional(),
  dormant: z.boolean().nullable().optional(),
}).strict();
export type SegmentFilters = z.infer<typeof segmentFiltersSchema>;

/** The filters actually given (empty lists and blanks dropped), for storing and auditing. */
export function givenSegmentFilters(f: SegmentFilters): SegmentFilters {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    out[k] = Array.isArray(v) ? [...new Set(v)] : v;
  }
  return out as SegmentFilters;
}

/** Levels must be main card types; ranges must not run backwards. 400 naming the filter otherwise. */
export async function checkSegmentFilters(tx: Tx, f: SegmentFilters, prefix = 'filters'): Promise<void> {
  if (f.levels?.length) {
    const known = new Set((await rows<{ code: string }>(tx, sql`SELECT code FROM card_types WHERE kind = 'main'`)).map((r) => r.code));
    const bad = f.levels.findIndex((l) => !known.has(l));
    if (bad >= 0) throw invalidField(`${prefix}.levels.${bad}`, 'segments.levelUnknown', { code: f.levels[bad] });
  }
  if (f.joinedFrom && f.joinedTo && f.joinedTo < f.joinedFrom) throw invalidField(`${prefix}.joinedTo`, 'segments.rangeBackwards');
  if (f.pointsMin != null && f.pointsMax != null && f.pointsMax < f.pointsMin) throw invalidField(`${prefix}.pointsMax`, 'segments.rangeBackwards');
}

/** The condition over members m / customers c for a segment's filters, as of `now`. */
export function segmentWhere(f: SegmentFilters, timeZone: string, now = new Date()): SQL {
  const conds: SQL[] = [sql`m.status <> 'archived'`, sql`c.deleted_at IS NULL`];
  const dayStart = (d: string) => sql`(${d}::date::timestamp AT TIME ZONE ${timeZone})`;
  const list = (v: string[]) => sql`${sql.param(v)}::text[]`;
  if (f.levels?.length) conds.push(sql`EXISTS (SELECT 1 FROM cards k WHERE k.member_id = m.id AND k.kind = 'main' AND k.status = 'active' AND k.type_code = ANY(${list(f.levels)}))`);
  if (f.statuses?.length) conds.push(sql`m.status = ANY(${list(f.statuses)})`);
  if (f.channels?.length) conds.push(sql`m.channel = ANY(${list(f.channels)})`);
  if (f.departments?.length) conds.push(sql`c.department = ANY(${list(f.departments)})`);
  if (f.projects?.length) conds.push(sql`EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id AND p.deleted_at IS NULL AND p.project = ANY(${list(f.projects)}))`);
  if (f.joinedFrom) conds.push(sql`m.joined_at >= ${dayStart(f.joinedFrom)}`);
  if (f.joinedTo) conds.push(sql`m.joined_at < (((${f.joinedTo}::date + 1)::timestamp) AT TIME ZONE ${timeZone})`);
  const balance = sql`coalesce((SELECT a.balance FROM points_accounts a WHERE a.member_id = m.id), 0)`;
  if (f.pointsMin != null) conds.push(sql`${balance} >= ${f.pointsMin}`);
  if (f.pointsMax != null) conds.push(sql`${balance} <= ${f.pointsMax}`);
  if (f.expiringWithinDays) {
    conds.push(sql`EXISTS (SELECT 1 FROM points_lots l WHERE l.member_id = m.id AND l.remaining > 0 AND l.expires_at IS NOT NULL
      AND l.expires_at < ${now.toISOString()}::timestamptz + make_interval(days => ${f.expiringWithinDays}::int))`);
  }
  if (f.lastActivityBefore) conds.push(sql`NOT EXISTS (SELECT 1 FROM activity_participants ap WHERE ap.member_id = m.id AND ap.attended_at >= ${dayStart(f.lastActivityBefore)})`);
  const v: SQL[] = [];
  if (f.valueSegments?.length) v.push(sql`v.segment = ANY(${list(f.valueSegments)})`);
  if (f.rMin) v.push(sql`v.r >= ${f.rMin}`);
  if (f.fMin) v.push(sql`v.f >= ${f.fMin}`);
  if (f.mMin) v.push(sql`v.m >= ${f.mMin}`);
  if (f.churnMin != null) v.push(sql`v.churn >= ${f.churnMin}`);
  if (f.dormant != null) v.push(sql`v.dormant = ${f.dormant}`);
  if (v.length) conds.push(sql`EXISTS (SELECT 1 FROM member_values v WHERE v.member_id = m.id AND ${sql.join(v, sql` AND `)})`);
  return sql.join(conds, sql` AND `);
}

/**
 * The same filters over member_values v alone — the member fields the member-value job keeps beside
 * the scores (department, status, channel, level, joined, projects, balance, first expiry of open
 * points, last activity), as of its run — so a count is one indexed read of one table. Chooses what
 * `segmentWhere` chose at the moment of the run.
 */
export function segmentValueWhere(f: SegmentFilters, timeZone: string, now = new Date()): SQL {
  const conds: SQL[] = [sql`NOT v.customer_deleted`];
  const dayStart = (d: string) => sql`(${d}::date::timestamp AT TIME ZONE ${timeZone})`;
  const list = (v: string[]) => sql`${sql.param(v)}::text[]`;
  if (f.levels?.length) conds.push(sql`v.level = ANY(${list(f.levels)})`);
  if (f.statuses?.length) conds.push(sql`v.status = ANY(${list(f.statuses)})`);
  if (f.channels?.length) conds.push(sql`v.channel = ANY(${list(f.channels)})`);
  if (f.departments?.length) conds.push(sql`v.department = ANY(${list(f.departments)})`);
  if (f.projects?.length) conds.push(sql`v.projects && ${list(f.projects)}`);
  if (f.joinedFrom) conds.push(sql`v.joined_at >= ${dayStart(f.joinedFrom)}`);
  if (f.joinedTo) conds.push(sql`v.joined_at < (((${f.joinedTo}::date + 1)::timestamp) AT TIME ZONE ${timeZone})`);
  if (f.pointsMin != null) conds.push(sql`v.balance >= ${f.pointsMin}`);
  if (f.pointsMax != null) conds.push(sql`v.balance <= ${f.pointsMax}`);
  if (f.expiringWithinDays) conds.push(sql`v.next_expiry < ${now.toISOString()}::timestamptz + make_interval(days => ${f.expiringWithinDays}::int)`);
  if (f.lastActivityBefore) conds.push(sql`(v.last_activity_at IS NULL OR v.last_activity_at < ${dayStart(f.lastActivityBefore)})`);
  if (f.valueSegments?.length) conds.push(sql`v.segment = ANY(${list(f.valueSegments)})`);
  if (f.rMin) conds.push(sql`v.r >= ${f.rMin}`);
  if (f.fMin) conds.push(sql`v.f >= ${f.fMin}`);
  if (f.mMin) conds.push(sql`v.m >= ${f.mMin}`);
  if (f.churnMin != null) conds.push(sql`v.churn >= ${f.churnMin}`);
  if (f.dormant != null) conds.push(sql`v.dormant = ${f.dormant}`);
  return sql.join(conds, sql` AND `);
}
