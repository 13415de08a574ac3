// Idempotency-Key for mutations: the key is claimed inside the business transaction, so the
// effect and the remembered reply commit together. A replay with the same key and the same
// request gets the first reply again; with a different request, a 422. A concurrent twin
// waits on the unique index until the first commits, then replays it.
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Tx } from '../db/index.ts';
import { rows, sql } from '../db/index.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { AppError } from './errors.ts';

// The keys are kept in idempotency_keys (src/db/idempotency-keys.ts), read and written here with SQL.

/** Thrown inside the transaction to roll it back and answer with the remembered reply. */
export class Replay extends Error {
  constructor(readonly reply: unknown) {
    super('idempotent replay');
  }
}

export function idempotencyKeyOf(req: FastifyRequest): string | null {
  const k = req.headers['idempotency-key'];
  if (typeof k !== 'string' || req.method === 'GET') return null;
  if (!/^[\w.:-]{1,128}$/.test(k)) {
    throw new AppError(400, 'VALIDATION_FAILED', 'validation.failed', {}, [{ field: 'Idempotency-Key', key: 'validation.idempotencyKey' }]);
  }
  return k;
}

/** Whose key it is: keys of different callers never collide. */
export const keyScope = (actor: Actor) => `${actor.kind}:${actor.id ?? actor.name}`;

/** What a replay must repeat: method, URL and body. */
export const requestHash = (req: FastifyRequest) =>
  crypto.createHash('sha256').update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`).digest('hex');

export async function claimKey(tx: Tx, actor: Actor, req: FastifyRequest, key: string): Promise<string> {
  const scope = keyScope(actor);
  const hash = requestHash(req);
  const claimed = await rows(tx, sql`INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (${scope}, ${key}, ${hash}) ON CONFLICT DO NOTHING RETURNING id`);
  if (claimed.length) return scope;
  const [prev] = await rows<{ request_hash: string; reply: unknown }>(tx, sql`SELECT request_hash, reply FROM idempotency_keys WHERE scope = ${scope} AND key = ${key}`);
  if (prev.request_hash !== hash) throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'error.idempotencyMismatch');
  throw new Replay(prev.reply);
}

export async function rememberReply(tx: Tx, scope: string, key: string, reply: unknown): Promise<void> {
  await tx.execute(sql`UPDATE idempotency_keys SET reply = ${JSON.stringify(reply ?? null)}::jsonb WHERE scope = ${scope} AND key = ${key}`);
}
