// "As of": the instant a job's rules take as now when an administrator runs it for another day.
// A date (2027-02-28) is that day in the company time zone, from its first moment; a date-time
// with an offset (2027-03-15T16:30:00Z) is that instant; one without is the company's wall clock.
import { z } from 'zod';
import { forbidden } from '../http/errors.ts';
import { can, type Actor } from '../modules/auth/actor.ts';
import './messages.ts';

const pattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

interface Parts { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number; offset: string | null }

function parts(text: string): Parts | null {
  const m = pattern.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const offset = m[8] ?? null;
  if (offset && offset !== 'Z') {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(-2));
    if (oh > 14 || om > 59) return null;
  }
  return { y, mo, d, h, mi, s, ms, offset };
}

function daysIn(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** True when `text` is a real calendar date (YYYY-MM-DD) or an ISO date-time. */
export function isAsOf(text: string): boolean {
  return parts(text) !== null;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `timeZone` at the instant `at` (ms), read as if it were UTC (ms). */
function wallClock(timeZone: string, at: number): number {
  const p = Object.fromEntries(format(timeZone).formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return wall + (((at % 1000) + 1000) % 1000);
}

/** The instant at which `timeZone`'s wall clock shows `wall` (a wall time read as UTC ms); in a DST gap, the moment after it. */
export function zonedInstant(timeZone: string, wall: number): Date {
  let at = wall - (wallClock(timeZone, wall) - wall);
  for (let i = 0; i < 2; i++) {
    const off = wallClock(timeZone, at) - at;
    const next = wall - off;
    if (next === at) break;
    at = next;
  }
  return new Date(at);
}

/** The first moment of `day` (YYYY-MM-DD) in `timeZone`. */
export function companyDayStart(day: string, timeZone: string): Date {
  const [y, mo, d] = day.split('-').map(Number);
  return zonedInstant(timeZone, Date.UTC(y, mo - 1, d));
}

/** The instant an asOf names (see the header); throws on text isAsOf refuses. */
export function asOfInstant(text: string, timeZone: string): Date {
  const p = parts(text.trim());
  if (!p) throw new Error(`not an as-of date: ${text}`);
  const wall = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
  if (p.offset === 'Z') return new Date(wall);
  if (p.offset) {
    const sign = p.offset.startsWith('-') ? -1 : 1;
    const minutes = Number(p.offset.slice(1, 3)) * 60 + Number(p.offset.slice(-2));
    return new Date(wall - sign * minutes * 60_000);
  }
  return zonedInstant(timeZone, wall);
}

/** The asOf field of the routes that run jobs: a date or an ISO date-time, refused with a localised 400 naming it. */
export const asOfInput = z.string().trim().max(40, 'validation.asOf').refine(isAsOf, 'validation.asOf')
  .describe("'YYYY-MM-DD' (that day in the company time zone, from 00:00) or an ISO date-time; omitted: now");

/**
 * The instant a job-running route runs as: the clock, or the asOf given — which only those who may
 * run jobs as of another day (job.run) may give (403 otherwise).
 */
export function requestedAsOf(actor: Actor, asOf: string | undefined, timeZone: string): Date {
  if (asOf === undefined) return new Date();
  if (!can(actor, 'job.run')) throw forbidden('job.run');
  return asOfInstant(asOf, timeZone);
}
