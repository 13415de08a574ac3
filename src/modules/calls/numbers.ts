// The other party's number as people type it or the phone system reports it, made comparable:
// a mainland mobile (11 digits; +86 / 0086 / 86 and the PBX's leading 0 dropped), a landline with
// its area code (digits only, +86 21 … → 021…), or a 400/800 service number. A local number
// without its area code cannot be matched to anyone and is refused with that reason.
import { normaliseMobile, normalisePhone } from '../../normalise.ts';
import type { NumberKind } from './schema.ts';

export type ParsedNumber = { number: string; kind: NumberKind } | { issue: 'calls.numberInvalid' | 'calls.numberNeedsAreaCode' };

export function parseCallNumber(raw: string): ParsedNumber {
  const mobile = normaliseMobile(raw);
  if (mobile) return { number: mobile, kind: 'mobile' };
  const digits = normalisePhone(raw);
  // a PBX dials out with a leading 0 before a mobile (013812345678)
  if (/^01[3-9]\d{9}$/.test(digits)) return { number: digits.slice(1), kind: 'mobile' };
  if (/^[48]00\d{7}$/.test(digits)) return { number: digits, kind: 'service' };
  // area code 010, 02x (3 digits) or 0xxx (4 digits) + a local number of 7 or 8 digits
  if (/^0[1-9]\d{8,10}$/.test(digits)) return { number: digits, kind: 'landline' };
  if (/^[2-9]\d{6,7}$/.test(digits)) return { issue: 'calls.numberNeedsAreaCode' };
  return { issue: 'calls.numberInvalid' };
}

/** A number as lists show it to someone who may not see it whole: 138****5678, 0215***6666. */
export function maskNumber(n: string): string {
  return n.length <= 7 ? '*'.repeat(n.length) : n.slice(0, 3) + '*'.repeat(n.length - 7) + n.slice(-4);
}
