// Request and reply shapes shared by every module's routes.
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { cleanMobile, normaliseIdNumber, normaliseSearch } from '../normalise.ts';

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

/** The largest id of a serial (int4) column; a bigger one would reach PostgreSQL and fail there (22003). */
export const maxId = 2_147_483_647;

/** A record id in a body: a whole number from 1 to 2147483647 (every serial table). */
export const idField = z.number().int('validation.idRange').min(1, 'validation.idRange').max(maxId, 'validation.idRange');
/** An id of a bigserial table (points entries, notices, audit lines): 1 to 2^53 − 1. */
export const bigIdField = z.number().int('validation.bigIdRange').min(1, 'validation.bigIdRange').max(Number.MAX_SAFE_INTEGER, 'validation.bigIdRange');

/** Decimal digits only (Number() would also take 0x10, 1e3 or ' 7'); anything else is left for the type check. */
const digits = (v: unknown) => (typeof v === 'string' && /^\d{1,30}$/.test(v) ? Number(v) : v);
/** An id in a path or a query string. */
export const idParam = z.preprocess(digits, idField);
export const bigIdParam = z.preprocess(digits, bigIdField);

/** A record id in the path. */
export const idParams = z.object({ id: idParam });
/** A bigserial record id in the path (points entries). */
export const bigIdParams = z.object({ id: bigIdParam });

export const errorReply = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), issue: z.string() })),
  }),
  requestId: z.string().optional(),
});

export function paged<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/** Lists over big tables (members, customers): false when `total` is the planner's estimate, see src/db/total.ts. */
export const totalExactField = z.boolean().describe('false: total is an estimate (more than 2 000 matches are not counted one by one)');

/** Dates travel as ISO-8601 strings. */
export const isoDate = z.date().describe('ISO-8601 date-time');

export const okReply = z.object({ ok: z.literal(true) });

/** A file as the reply's body — text, bytes or a stream of them (sent as is, not as JSON); OpenAPI: a binary string. */
export const fileReply = (description: string) =>
  z.custom<string | Buffer | Readable>((v) => typeof v === 'string' || Buffer.isBuffer(v) || typeof (v as Readable)?.pipe === 'function')
    .meta({ type: 'string', format: 'binary', description });

/** Standard replies every authenticated route may give, for the OpenAPI document. */
export const commonErrors = { 400: errorReply, 401: errorReply, 403: errorReply, 404: errorReply, 409: errorReply, 422: errorReply };

// ---------- text limits, in one place (the console's inputs use web/src/limits.ts, the same numbers) ----------

/**
 * Free prose — a complaint, a many-page written complaint or legal letter, a step's opinion, notes,
 * remarks, reasons, descriptions, plan texts — up to this many characters. Names and codes keep
 * their own short limits. Stored in text columns; searched through pg_trgm GIN indexes (no btree
 * index may cover such a column: a btree entry fails beyond ~2.7 kB).
 */
export const longTextMax = 100_000;
/** Free prose, trimmed, up to longTextMax characters (an empty text is allowed: `.min(1)` where one is required). */
export const longText = z.string().trim().max(longTextMax);
/** Free prose that must be given. */
export const requiredLongText = longText.min(1);

// ---------- identifiers as people type them (src/normalise.ts: one function per kind) ----------

const typed = (f: (s: string) => string) => (v: unknown) => (typeof v === 'string' ? f(v) : v);
/** A mobile as typed: full-width folded, spaces, dashes and +86 dropped; checked by the service (400 validation.mobile). */
export const mobileInput = z.preprocess(typed(cleanMobile), z.string().max(20));
/** A phone as typed: full-width folded and trimmed; the service keeps its digits. */
export const phoneInput = z.preprocess(typed(normaliseSearch), z.string().max(30));
/** An ID number as typed: full-width folded, spaces and dashes dropped, upper case. */
export const idNumberInput = z.preprocess(typed(normaliseIdNumber), z.string().max(40));
/** A search box (q): full-width digits and letters folded, trimmed. */
export const searchInput = (max: number) => z.preprocess(typed(normaliseSearch), z.string().max(max));
