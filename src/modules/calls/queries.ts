// The call list (filters in the company's days), a customer's calls, and the statistics: calls
// per day, category and handler, average duration and the share of recognised callers.
import { and, desc, eq, isNull, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { timeBound } from '../../dates.ts';
import { beforeId, isExportPage, listOrder, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { invalidField } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { userNamesById } from '../auth/service.ts';
import { getCustomerInScope } from '../customers/service.ts';
import { normaliseSearch } from '../../normalise.ts';
import { parseCallNumber } from './numbers.ts';
import { callScope, presentCalls } from './records.ts';
import { calls, type CallDirection, type CallOutcome, type CallSource } from './schema.ts';

export interface CallQuery extends ListPage {
  from?: string; to?: string; direction?: CallDirection; category?: string; outcome?: CallOutcome; handlerId?: number;
  department?: string; customerId?: number; number?: string; source?: CallSource; recognised?: 'true' | 'false';
}

/** [from, to] company days as a condition on the start time (to inclusive). */
function dayRange(tz: string, from?: string, to?: string): SQL[] {
  if (from && to && from > to) throw invalidField('from', 'calls.rangeReversed');
  return [timeBound(calls.startedAt, from, 'from', tz), timeBound(calls.startedAt, to, 'to', tz)].filter((b): b is SQL => b !== null);
}

export async function listCalls(tx: Tx, actor: Actor, q: CallQuery, tz: string, opts: { clearNumbers?: boolean } = {}) {
  const conds: (SQL | undefined)[] = [isNull(calls.deletedAt), callScope(actor), beforeId(calls.id, q), ...dayRange(tz, q.from, q.to)];
  if (q.direction) conds.push(eq(calls.direction, q.direction));
  if (q.category) conds.push(eq(calls.category, q.category));
  if (q.outcome) conds.push(eq(calls.outcome, q.outcome));
  if (q.handlerId) conds.push(eq(calls.handlerId, q.handlerId));
  if (q.department) conds.push(eq(calls.department, q.department));
  if (q.source) conds.push(eq(calls.source, q.source));
  if (q.recognised) conds.push(q.recognised === 'true' ? isNotNull(calls.customerId) : isNull(calls.customerId));
  if (q.customerId) {
    await getCustomerInScope(tx, actor, q.customerId, { includeDeleted: true }); // a customer outside the scope: 404
    conds.push(eq(calls.customerId, q.customerId));
  }
  const n = q.number ? normaliseSearch(q.number) : '';
  if (n) {
    const parsed = parseCallNumber(n);
    const digits = n.replace(/\D/g, '');
    if (!('issue' in parsed)) conds.push(eq(calls.number, parsed.number));
    else if (digits.length >= 4) conds.push(sql`reverse(${calls.number}) LIKE ${`${[...digits].reverse().join('')}%`}`);
    else throw invalidField('number', 'calls.numberInvalid');
  }
  const where = and(...conds);
  const list = await tx.select().from(calls).where(where)
    .orderBy(...listOrder(calls.id, q, [desc(calls.startedAt), desc(calls.id)]))
    .limit(q.pageSize).offset(isExportPage(q) ? 0 : (q.page - 1) * q.pageSize);
  const [{ total }] = await totalUnlessExport(q, () => tx.select({ total: sql<number>`count(*)::int` }).from(calls).where(where).then((r): [{ total: number }] => [r[0]]));
  return { items: await presentCalls(tx, actor, list, { maskNumbers: !opts.clearNumbers }), total, page: q.page, pageSize: q.pageSize };
}

/** Number of live calls of a customer within the actor's call scope (the member page's tab). */
export async function countCallsOfCustomer(tx: Tx, actor: Actor, customerId: number): Promise<number> {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(calls)
    .where(and(eq(calls.customerId, customerId), isNull(calls.deletedAt), callScope(actor)));
  return n;
}

/**
 * 通话统计 over [from, to] (company days, at most 366), within the data scope: totals, average
 * duration of answered calls, the recognised share, and per day, category and handler.
 */
export async function callStatistics(tx: Tx, actor: Actor, q: { from: string; to: string; direction?: CallDirection; department?: string }, tz: string) {
  if (q.from > q.to) throw invalidField('from', 'calls.rangeReversed');
  if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > 366) throw invalidField('to', 'calls.rangeTooLong');
  const where = and(isNull(calls.deletedAt), callScope(actor), ...dayRange(tz, q.from, q.to),
    q.direction ? eq(calls.direction, q.direction) : undefined, q.department ? eq(calls.department, q.department) : undefined);
  const answered = sql`${calls.outcome} <> 'missed'`;
  const [totals] = await tx.select({
    total: sql<number>`count(*)::int`,
    inbound: sql<number>`count(*) FILTER (WHERE ${calls.direction} = 'inbound')::int`,
    outbound: sql<number>`count(*) FILTER (WHERE ${calls.direction} = 'outbound')::int`,
    missed: sql<number>`count(*) FILTER (WHERE ${calls.outcome} = 'missed')::int`,
    recognised: sql<number>`count(${calls.customerId})::int`,
    avgDuration: sql<number>`coalesce(round(avg(${calls.durationSeconds}) FILTER (WHERE ${answered})), 0)::int`,
  }).from(calls).where(where);
  const day = sql<string>`to_char(${calls.startedAt} AT TIME ZONE ${tz}, 'YYYY-MM-DD')`;
  const byDay = await tx.select({
    day, count: sql<number>`count(*)::int`, inbound: sql<number>`count(*) FILTER (WHERE ${calls.direction} = 'inbound')::int`,
  }).from(calls).where(where).groupBy(sql`1`).orderBy(sql`1`);
  const byCategory = await tx.select({ category: calls.category, count: sql<number>`count(*)::int` })
    .from(calls).where(where).groupBy(calls.category).orderBy(sql`count(*) DESC`, calls.category);
  const byHandler = await tx.select({
    handlerId: calls.handlerId, count: sql<number>`count(*)::int`,
    avgDuration: sql<number>`coalesce(round(avg(${calls.durationSeconds}) FILTER (WHERE ${answered})), 0)::int`,
  }).from(calls).where(where).groupBy(calls.handlerId).orderBy(sql`count(*) DESC`, calls.handlerId);
  const names = await userNamesById(tx, byHandler.map((h) => h.handlerId).filter((x): x is number => x != null));
  // every day of the range, calls or not, so the chart's axis is the calendar
  const counted = new Map(byDay.map((d) => [d.day, d]));
  const days: { day: string; count: number; inbound: number }[] = [];
  for (let t = Date.parse(`${q.from}T00:00:00Z`); t <= Date.parse(`${q.to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    days.push(counted.get(d) ?? { day: d, count: 0, inbound: 0 });
  }
  return {
    from: q.from, to: q.to, ...totals,
    recognisedRate: totals.total ? totals.recognised / totals.total : 0,
    byDay: days,
    byCategory: byCategory.map((c) => ({ category: c.category, count: c.count })),
    byHandler: byHandler.map((h) => ({ handlerId: h.handlerId, handlerName: h.handlerId != null ? names.get(h.handlerId) ?? null : null, count: h.count, avgDuration: h.avgDuration })),
  };
}
