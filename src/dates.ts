// The company's calendar: the company's time zone (config.timeZone) decides what day it is.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** The company's date (YYYY-MM-DD) at `at`. */
export function companyDate(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A lower (from) or upper (to) time bound. A date (2025-03-14) is a whole day of the company's
 * time zone: from = its first instant, to = up to the next day's first instant (inclusive day).
 * A full ISO date-time is taken as it is.
 */
export function timeBound(column: AnyPgColumn | SQL, value: string | undefined, side: 'from' | 'to', timeZone: string): SQL | null {
  if (!value) return null;
  if (dateOnly.test(value)) {
    return side === 'from'
      ? sql`${column} >= ((${value}::date)::timestamp AT TIME ZONE ${timeZone})`
      : sql`${column} < (((${value}::date) + 1)::timestamp AT TIME ZONE ${timeZone})`;
  }
  const at = new Date(value);
  return side === 'from' ? sql`${column} >= ${at}` : sql`${column} <= ${at}`;
}
