import { pgTable, bigint, integer, text, timestamp, index } from 'drizzle-orm/pg-core';

/**
 * One-time sign-in codes of the members' portal (会员自助). A row is written for every accepted
 * request, whether the mobile belongs to a member or not (member_id null: a code nobody receives),
 * so the reply and the rate limits never tell which mobiles are members'. Only hashes are kept:
 * the mobile's keyed HMAC (pii lookupHash) and the code's HMAC (keyed with the same secret, salted
 * with the row's mobile hash), never the code or the mobile.
 */
export const portalCodes = pgTable('portal_codes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  mobileHash: text('mobile_hash').notNull(),
  memberId: integer('member_id'),
  codeHash: text('code_hash').notNull(),
  address: text('address').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  /** wrong codes typed against this one; at the limit it is dead */
  attempts: integer('attempts').notNull().default(0),
  usedAt: timestamp('used_at', { withTimezone: true }),
}, (t) => [
  index('portal_codes_mobile_idx').on(t.mobileHash, t.createdAt),
  index('portal_codes_address_idx').on(t.address, t.createdAt),
]);

/** Wrong codes typed, by address: an address with too many in the window must wait (429). */
export const portalSignInFailures = pgTable('portal_sign_in_failures', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  address: text('address').notNull(),
  failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('portal_sign_in_failures_address_idx').on(t.address, t.failedAt)]);

/** Members' sessions: the id is the SHA-256 of the cookie's token; idle and absolute ends. */
export const portalSessions = pgTable('portal_sessions', {
  id: text('id').primaryKey(),
  memberId: integer('member_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('portal_sessions_member_idx').on(t.memberId)]);
