// Request and reply shapes shared by every module's routes.
import { z } from 'zod';

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

/** A record id in the path: decimal digits only (Number() would also take 0x10, 1e3 or ' 7'). */
export const idParams = z.object({
  id: z.preprocess((v) => (typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
});

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

/** Standard replies every authenticated route may give, for the OpenAPI document. */
export const commonErrors = { 400: errorReply, 401: errorReply, 403: errorReply, 404: errorReply, 409: errorReply, 422: errorReply };
