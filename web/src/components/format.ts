// Dates, times and money as the console shows them. Dates and times follow the company's time zone
// (config.timeZone, told by /auth/me), never the browser's: a complaint received at 23:30 in
// Shanghai is on that Shanghai day for a PC set to UTC too, and "today" is the company's today.
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

let companyZone: string | undefined;

/** Set once the server has said which zone the company keeps (auth.tsx, from /auth/me). */
export function setCompanyTimeZone(zone: string | undefined): void {
  companyZone = zone || undefined;
}

/** The company's time zone; the browser's until the server has told it. */
export function companyTimeZone(): string {
  return companyZone ?? dayjs.tz.guess();
}

/** An instant (API timestamp, Date, Dayjs) in the company's clock. */
export const inCompanyZone = (at: string | Date | Dayjs) => dayjs(at).tz(companyTimeZone());

/** Date-time of an API timestamp in the company's clock, or an empty mark. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? inCompanyZone(iso).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** The company's calendar day of an API timestamp (YYYY-MM-DD), or an empty mark. */
export function formatDay(iso: string | null | undefined): string {
  return iso ? inCompanyZone(iso).format('YYYY-MM-DD') : '—';
}

/**
 * A date picker's value showing the company's wall clock at an instant (now by default). Pickers
 * work in the browser's clock, so the value is that wall clock read as local time: the calendar
 * shows the company's day, and `companyInstant` turns it back into the right instant.
 */
export function companyWallClock(at: string | Date | Dayjs = dayjs()): Dayjs {
  return dayjs(inCompanyZone(at).format('YYYY-MM-DDTHH:mm:ss'));
}

/** The company's today (midnight, as a picker value): default ranges start and end here. */
export const companyToday = () => companyWallClock().startOf('day');

/** A picked date-time (the company's wall clock) → the ISO instant the API takes. */
export function companyInstant(d: Dayjs): string;
export function companyInstant(d: Dayjs | null | undefined): string | undefined;
export function companyInstant(d: Dayjs | null | undefined): string | undefined {
  return d ? dayjs.tz(d.format('YYYY-MM-DDTHH:mm:ss'), companyTimeZone()).toISOString() : undefined;
}

/** The first and last instants of a picked calendar day in the company's clock (range filters over timestamps). */
export const companyDayStart = (d: Dayjs | null | undefined) => (d ? companyInstant(d.startOf('day')) : undefined);
export const companyDayEnd = (d: Dayjs | null | undefined) => (d ? dayjs(companyInstant(d.add(1, 'day').startOf('day'))).subtract(1, 'millisecond').toISOString() : undefined);

/** 1234567 fen → "12,345.67" */
export function yuan(fen: number | null | undefined): string {
  if (fen == null) return '—';
  return (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** yuan typed in a form → fen, without floating-point drift (12.3 → 1230) */
export const toFen = (v: number | null | undefined) => (v == null ? null : Math.round(v * 100));
