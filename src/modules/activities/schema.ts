import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, text, date, timestamp, index, check } from 'drizzle-orm/pg-core';

/**
 * 活动 (SPEC §5). A small first version, enough for the points ledger to name an activity as the
 * business event of an entry: name, type, period, status and points per participant. The
 * activities issue extends it (place, headcount, plan text, budget, participants, costs).
 */
export const activities = pgTable('activities', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(), // dictionary activity_type
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
  /** planned (needs approval) / approved (points may be recorded) / closed */
  status: text('status').notNull().default('planned'),
  pointsPerParticipant: integer('points_per_participant').notNull().default(0),
  createdBy: text('created_by').notNull(),
  approvedBy: text('approved_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  check('activities_ck', sql`${t.endsOn} >= ${t.startsOn} AND ${t.pointsPerParticipant} >= 0 AND ${t.status} IN ('planned', 'approved', 'closed')`),
  index('activities_status_idx').on(t.status, t.startsOn),
]);
