import { pgTable, bigserial, integer, text, timestamp, jsonb, index } from 'drizzle-orm/pg-core';

/**
 * Notices to members: a transactional outbox. SMS and e-mail rows are queued in the same
 * transaction as the business change and sent by the outbox worker; letter, phone and other
 * channels are recorded by staff with their result.
 */
export const notices = pgTable('notices', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  memberId: integer('member_id'),
  customerId: integer('customer_id'),
  channel: text('channel').notNull(), // dictionary notify_channel: sms / email / letter / phone / other
  purpose: text('purpose').notNull(), // welcome / leave / points_reminder / care / activity / complaint …
  recipient: text('recipient'), // mobile or e-mail address
  subject: text('subject'),
  body: text('body').notNull(),
  /** queued / sending / sent / failed (SMS, e-mail); recorded channels: reached / unreached */
  status: text('status').notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  providerId: text('provider_id'),
  refType: text('ref_type'),
  refId: integer('ref_id'),
  meta: jsonb('meta').$type<Record<string, unknown>>(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [
  index('notices_queue_idx').on(t.status, t.nextAttemptAt),
  index('notices_member_idx').on(t.memberId),
  index('notices_ref_idx').on(t.refType, t.refId),
]);
