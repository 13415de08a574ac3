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
  // The member fields a segment filters on, as of the run, so that a segment's count is one indexed
  // read of this table instead of members × customers × cards × lots × activities (seconds at 1M).
  /** the customer's department ('' none) */
  department: text('department').notNull().default(''),
  status: text('status').notNull().default('active'),
  channel: text('channel'),
  /** card type of the active main card */
  level: text('level'),
  joinedAt: timestamp('joined_at', { withTimezone: true }),
  /** projects the member's customer bought in (live purchases) */
  projects: text('projects').array().notNull().default(sql`'{}'::text[]`),
  balance: integer('balance').notNull().default(0),
  /** the first expiry of the points still open (null: none open that expire) */
  nextExpiry: timestamp('next_expiry', { withTimezone: true }),
  lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
  /** the member's customer record is deleted: never chosen by a segment */
  customerDeleted: boolean('customer_deleted').notNull().default(false),
}, (t) => [
  // the segment counts' filters (partial: a segment never chooses a member whose customer is deleted, so a
  // count is an index-only read); the trailing columns answer the commonest second filter from the index
  index('member_values_segment_idx').on(t.segment, t.department).where(sql`NOT customer_deleted`),
  index('member_values_dept_churn_idx').on(t.department, t.churn).where(sql`NOT customer_deleted`),
  index('member_values_dept_expiry_idx').on(t.department, t.nextExpiry, t.lastActivityAt).where(sql`NOT customer_deleted`),
  index('member_values_level_idx').on(t.level, t.joinedAt, t.balance).where(sql`NOT customer_deleted`),
  // the value lists' sorts
  index('member_values_churn_idx').on(t.churn, t.memberId),
  index('member_values_ltv_idx').on(t.ltvFen, t.memberId),
  index('member_values_monetary_idx').on(t.monetaryFen, t.memberId),
  index('member_values_recency_idx').on(t.lastEventAt.asc().nullsFirst(), t.memberId.desc()),
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
