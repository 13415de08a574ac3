import type { FastifyRequest } from 'fastify';
import { idempotencyKeyOf } from '../../http/idempotency.ts';

/** The entry's idempotency key from the request's Idempotency-Key header, scoped to the caller. */
export function entryKey(req: FastifyRequest): string | null {
  const k = idempotencyKeyOf(req);
  return k ? `req:${req.actor!.kind}:${req.actor!.id ?? req.actor!.name}:${k}` : null;
}
