// 会员筛选: the members a care action or an activity notice goes to, chosen by filters (level,
// project, tag, birthday month, last activity participation, joined between, participants of an
// activity, chosen members). Filters become one SQL condition over members m and customers c
// (read-only joins on membership, customers, cards and purchases: the selection must run as one
// statement over 100 000 members, not as a service call per member). Left members never match.
// A saved segment (客群, segments module) may be the audience, alone or with the other filters.
import type { SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { AppError, invalidField } from '../../http/errors.ts';
import { segmentCondition } from '../segments/service.ts';

export interface MemberFilters {
  /** main card types (levels) */
  levels?: string[];
  /** projects the member bought in (purchase records) */
  projects?: string[];
  /** customer tags: any of them */
  tags?: string[];
  /** 1–12 */
  birthdayMonth?: number | null;
  /** YYYY-MM-DD (company date): no activity participation on or after this day (never-participated members included) */
  lastActivityBefore?: string | null;
  /** YYYY-MM-DD (company dates, inclusive) */
  joinedFrom?: string | null;
  joinedTo?: string | null;
  /** the participants of this activity */
  activityId?: number | null;
  /** only these members */
  memberIds?: number[];
  /** the members of this saved segment (客群) */
  segmentId?: number | null;
}

const filterKeys: (keyof MemberFilters)[] = ['levels', 'projects', 'tags', 'birthdayMonth', 'lastActivityBefore', 'joinedFrom', 'joinedTo', 'activityId', 'memberIds', 'segmentId'];

/** The filters actually given (empty lists and blanks dropped), for storing and auditing. */
export function givenFilters(f: MemberFilters): MemberFilters {
  const out: Record<string, unknown> = {};
  for (const k of filterKeys) {
    const v = f[k];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    out[k] = Array.isArray(v) ? [...new Set(v as unknown[])] : v;
  }
  return out as MemberFilters;
}

/** Levels must be main card types; a range must not run backwards. 400 naming the filter otherwise. */
export async function checkFilters(tx: Tx, f: MemberFilters, prefix = 'filters'): Promise<void> {
  if (f.levels?.length) {
    const known = new Set((await rows<{ code: string }>(tx, sql`SELECT code FROM card_types WHERE kind = 'main'`)).map((r) => r.code));
    const bad = f.levels.findIndex((l) => !known.has(l));
    if (bad >= 0) throw invalidField(`${prefix}.levels.${bad}`, 'care.levelUnknown', { code: f.levels[bad] });
  }
  if (f.joinedFrom && f.joinedTo && f.joinedTo < f.joinedFrom) throw invalidField(`${prefix}.joinedTo`, 'care.rangeBackwards');
  if (f.segmentId) await segmentOf(tx, f.segmentId, 'UTC', `${prefix}.segmentId`);
}

/** A segment's condition; a segment that does not exist is a 400 naming the filter. */
async function segmentOf(tx: Tx, id: number, timeZone: string, field = 'filters.segmentId'): Promise<SQL> {
  try {
    return await segmentCondition(tx, id, timeZone);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw invalidField(field, 'care.segmentUnknown', { id });
    throw e;
  }
}

/** The condition for these filters, the segment's included (audienceWhere when there is none). */
export async function audienceCondition(tx: Tx, f: MemberFilters, timeZone: string): Promise<SQL> {
  return audienceWhere(f, timeZone, f.segmentId ? await segmentOf(tx, f.segmentId, timeZone) : undefined);
}

/** The condition over members m / customers c for these filters. */
export function audienceWhere(f: MemberFilters, timeZone: string, segment?: SQL): SQL {
  const conds: SQL[] = [sql`m.status <> 'archived'`, sql`c.deleted_at IS NULL`];
  if (segment) conds.push(segment);
  const dayStart = (day: string) => sql`(${day}::date::timestamp AT TIME ZONE ${timeZone})`;
  if (f.levels?.length) {
    conds.push(sql`EXISTS (SELECT 1 FROM cards k WHERE k.member_id = m.id AND k.kind = 'main' AND k.status = 'active' AND k.type_code = ANY(${sql.param(f.levels)}::text[]))`);
  }
  if (f.projects?.length) {
    conds.push(sql`EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id AND p.deleted_at IS NULL AND p.project = ANY(${sql.param(f.projects)}::text[]))`);
  }
  if (f.tags?.length) conds.push(sql`c.tags && ${sql.param(f.tags)}::text[]`);
  if (f.birthdayMonth) conds.push(sql`EXTRACT(MONTH FROM c.birthday) = ${f.birthdayMonth}`);
  if (f.lastActivityBefore) {
    conds.push(sql`NOT EXISTS (SELECT 1 FROM activity_participants ap WHERE ap.member_id = m.id AND ap.attended_at >= ${dayStart(f.lastActivityBefore)})`);
  }
  if (f.joinedFrom) conds.push(sql`m.joined_at >= ${dayStart(f.joinedFrom)}`);
  if (f.joinedTo) conds.push(sql`m.joined_at < (((${f.joinedTo}::date + 1)::timestamp) AT TIME ZONE ${timeZone})`);
  if (f.activityId) conds.push(sql`EXISTS (SELECT 1 FROM activity_participants ap WHERE ap.member_id = m.id AND ap.activity_id = ${f.activityId})`);
  if (f.memberIds?.length) conds.push(sql`m.id = ANY(${sql.param(f.memberIds)}::int[])`);
  return sql.join(conds, sql` AND `);
}

export const audienceFrom = sql`members m JOIN customers c ON c.id = m.customer_id`;

export interface AudienceMember {
  memberId: number;
  memberNo: string;
  name: string;
  mobile: string | null;
  email: string | null;
  birthday: string | null;
  level: string | null;
}

/** How many members match, and the first few of them (the preview before sending). */
export async function previewAudience(tx: Tx, f: MemberFilters, timeZone: string, sample = 10) {
  const where = await audienceCondition(tx, f, timeZone);
  const [[{ count, withMobile, withEmail }], first] = await Promise.all([
    rows<{ count: number; withMobile: number; withEmail: number }>(tx, sql`
      SELECT count(*)::int AS count, count(c.mobile)::int AS "withMobile", count(c.email)::int AS "withEmail" FROM ${audienceFrom} WHERE ${where}`),
    audienceMembers(tx, f, timeZone, sample),
  ]);
  return { count, withMobile, withEmail, sample: first };
}

export async function audienceMembers(tx: Tx, f: MemberFilters, timeZone: string, limit?: number): Promise<AudienceMember[]> {
  const list = await rows<AudienceMember & { birthday: string | Date | null }>(tx, sql`
    SELECT m.id AS "memberId", m.member_no AS "memberNo", c.name, c.mobile, c.email, c.birthday::text AS birthday,
      (SELECT k.type_code FROM cards k WHERE k.member_id = m.id AND k.kind = 'main' AND k.status = 'active') AS level
    FROM ${audienceFrom} WHERE ${await audienceCondition(tx, f, timeZone)}
    ORDER BY m.id ${limit ? sql`LIMIT ${limit}` : sql``}`);
  return list as AudienceMember[];
}
