import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, bigint, smallint, text, boolean, timestamp, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';

/** The named value segments, in the order the job decides them (the first that fits). */
export const valueSegmentCodes = ['new', 'dormant', 'high_value', 'churn_risk', 'potential', 'regular'] as const;
export type ValueSegment = (typeof valueSegmentCodes)[number];

/**
 * 客户价值: one row per live member, written whole by the member-value job (set-based, as of its
 * run): recency / frequency / monetary with their quintile scores (1–5), the named segment,
 * dormancy, the churn-risk score and the lifetime value. Read by the value pages and the segments.
 */
export const memberValues = pgTable('member_values', {
  memberId: integer('member_id').primaryKey(),
  lastEventAt: timestamp('last_event_at', { withTimezone: true }),
  /** events in the 12 months before asOf */
  events12m: integer('events_12m').notNull(),
  /** events in the last 6 months / the 6 months before them (falling activity) */
  eventsRecent: integer('events_recent').notNull(),
  eventsPrior: integer('events_prior').notNull(),
  /** purchase value (fen) and points earned in the 12 months; monetary = purchase + points × point value */
  purchaseFen: bigint('purchase_fen', { mode: 'number' }).notNull(),
  pointsEarned: bigint('points_earned', { mode: 'number' }).notNull(),
  monetaryFen: bigint('monetary_fen', { mode: 'number' }).notNull(),
  /** lifetime value: every purchase + every point earned × point value (fen) */
  ltvFen: bigint('ltv_fen', { mode: 'number' }).notNull(),
  openComplaints: integer('open_complaints').notNull(),
  r: smallint('r').notNull(),
  f: smallint('f').notNull(),
  m: smallint('m').notNull(),
  segment: text('segment').$type<ValueSegment>().notNull(),
  dormant: boolean('dormant').notNull(),
  churn: smallint('churn').notNull(),
  asOf: timestamp('as_of', { withTimezone: true }).notNull(),
}, (t) => [
  index('member_values_segment_idx').on(t.segment),
  index('member_values_churn_idx').on(t.churn),
]);

/** 客群: a saved filter over member fields and value scores, counted and listed live. */
export const segments = pgTable('segments', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [uniqueIndex('segments_name_uq').on(t.name).where(sql`deleted_at IS NULL`)]);
