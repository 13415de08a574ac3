// The table behind Idempotency-Key (src/http/idempotency.ts claims and replays keys). It lives in
// src/db so that db/schema.ts lists it without importing the HTTP layer.
import { pgTable, bigserial, text, timestamp, jsonb, uniqueIndex } from 'drizzle-orm/pg-core';

export const idempotencyKeys = pgTable('idempotency_keys', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** who used the key: user:<id> or token:<id>; keys of different callers never collide */
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  reply: jsonb('reply'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('idempotency_scope_key_uq').on(t.scope, t.key)]);
