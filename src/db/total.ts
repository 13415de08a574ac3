// The `total` of a list page over a big table. Counting every match to print "共 1,000,000 条"
// read the whole members × customers join (530 ms at 1M members) for each page; a total beyond a
// few thousand rows helps nobody page through, so beyond that the planner's estimate is given and
// the reply says it is one (totalExact: false).
import type { SQL } from 'drizzle-orm';
import { rows, sql, type Tx } from './index.ts';

/** Totals up to this many rows are counted exactly. */
export const exactTotalUpTo = 2000;

/** The planner's estimate of the rows `query` returns (EXPLAIN, not run). */
export async function estimateRows(tx: Tx, query: SQL): Promise<number> {
  const [r] = await rows<Record<string, unknown>>(tx, sql`EXPLAIN (FORMAT JSON) ${query}`);
  const raw = Object.values(r)[0];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
  return Math.round(plan[0].Plan['Plan Rows']);
}

/**
 * The total of `matching` (SELECT 1 FROM … WHERE …, unordered): exact when it is at most
 * exactTotalUpTo, otherwise the estimate. The page already read settles it when it was the last
 * one (fewer rows than the page size). The estimate is asked first: when it is well beyond the cap
 * nothing is counted (counting 2 001 of a department's 7 500 members read 27 000 rows); when it is
 * near, at most cap + 1 rows are read.
 */
export async function listTotal(
  tx: Tx, matching: SQL, page: { offset: number; pageSize: number; found: number },
): Promise<{ total: number; totalExact: boolean }> {
  if (page.found > 0 && page.found < page.pageSize) return { total: page.offset + page.found, totalExact: true };
  const estimate = await estimateRows(tx, matching);
  // planner estimates of a filter are good to a factor or so: thrice the cap is surely beyond it
  if (estimate <= 3 * exactTotalUpTo) {
    const [{ n }] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM (${matching} LIMIT ${exactTotalUpTo + 1}) AS capped`);
    if (Number(n) <= exactTotalUpTo) return { total: Number(n), totalExact: true };
  }
  return { total: Math.max(estimate, exactTotalUpTo + 1, page.offset + page.found), totalExact: false };
}
