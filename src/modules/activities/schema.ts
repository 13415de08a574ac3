import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, bigint, text, date, timestamp, jsonb, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { members } from '../membership/schema.ts';

/**
 * 活动 (SPEC §5): planned → approved (or rejected, then revised back to planned) → closed.
 * Nothing is recorded (participants, points, costs, notices) before approval or after closing.
 * The points ledger names an approved activity as the business event of an entry.
 */
/** An activity's states (the check constraint activities_ck holds the same list). */
export const activityStatuses = ['planned', 'approved', 'rejected', 'closed'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];
/** How a cost item counts: per participant or shared (activity_costs_ck). */
export const costBases = ['per_participant', 'shared'] as const;

export const activities = pgTable('activities', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(), // dictionary activity_type
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
  /** planned (needs approval) / approved (participants and points may be recorded) / rejected / closed */
  status: text('status').$type<ActivityStatus>().notNull().default('planned'),
  pointsPerParticipant: integer('points_per_participant').notNull().default(0),
  place: text('place'),
  expectedHeadcount: integer('expected_headcount'),
  /** 活动方案 */
  planText: text('plan_text'),
  /** 预算, fen */
  budgetFen: bigint('budget_fen', { mode: 'number' }),
  createdBy: text('created_by').notNull(),
  approvedBy: text('approved_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  rejectedBy: text('rejected_by'),
  rejectedAt: timestamp('rejected_at', { withTimezone: true }),
  /** the approver's note (approval) or reason (rejection) */
  decisionNote: text('decision_note'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  closedBy: text('closed_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  check('activities_ck', sql`${t.endsOn} >= ${t.startsOn} AND ${t.pointsPerParticipant} >= 0 AND ${t.status} IN ('planned', 'approved', 'rejected', 'closed')`),
  check('activities_plan_ck', sql`(${t.expectedHeadcount} IS NULL OR ${t.expectedHeadcount} >= 0) AND (${t.budgetFen} IS NULL OR ${t.budgetFen} >= 0)`),
  index('activities_status_idx').on(t.status, t.startsOn),
]);

/**
 * 参加者: one row per member per activity (a second swipe or a replayed batch adds nothing).
 * The points of a participation are a ledger entry keyed activity:<id>:member:<id>.
 */
export const activityParticipants = pgTable('activity_participants', {
  id: serial('id').primaryKey(),
  activityId: integer('activity_id').notNull().references(() => activities.id),
  memberId: integer('member_id').notNull().references(() => members.id),
  /** the card shown or swiped, when recorded by card */
  cardNo: text('card_no'),
  /** single (by member or card no.) / batch (list of numbers) / card_reader (a swipe) */
  method: text('method').notNull(),
  attendedAt: timestamp('attended_at', { withTimezone: true }).notNull(),
  place: text('place'),
  /** points posted for this participation (the activity's points per participant at the time) */
  points: integer('points').notNull().default(0),
  recordedBy: text('recorded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('activity_participants_uq').on(t.activityId, t.memberId),
  index('activity_participants_member_idx').on(t.memberId, t.attendedAt),
  check('activity_participants_method_ck', sql`${t.method} IN ('single', 'batch', 'card_reader')`),
]);

/**
 * 费用: per-participant items (an amount per head, times the participants) and shared (public)
 * items (one amount). Total = Σ shared + Σ per-participant × participants; per head = total / participants.
 */
export const activityCosts = pgTable('activity_costs', {
  id: serial('id').primaryKey(),
  activityId: integer('activity_id').notNull().references(() => activities.id),
  /** per_participant / shared */
  basis: text('basis').$type<(typeof costBases)[number]>().notNull(),
  item: text('item').notNull(),
  costFen: bigint('cost_fen', { mode: 'number' }).notNull(),
  note: text('note'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('activity_costs_activity_idx').on(t.activityId),
  check('activity_costs_ck', sql`${t.costFen} >= 0 AND ${t.basis} IN ('per_participant', 'shared')`),
]);

/** Notices sent to members about an activity (invitations, reminders, thanks): who, how, how many. */
export const activityNotices = pgTable('activity_notices', {
  id: serial('id').primaryKey(),
  activityId: integer('activity_id').notNull().references(() => activities.id),
  /** participants / filtered */
  audience: text('audience').notNull(),
  filters: jsonb('filters').$type<Record<string, unknown>>(),
  channels: text('channels').array().notNull(),
  subject: text('subject'),
  body: text('body').notNull(),
  members: integer('members').notNull(),
  queued: integer('queued').notNull(),
  /** members with neither a mobile nor an e-mail address for the chosen channels */
  noRecipient: integer('no_recipient').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('activity_notices_activity_idx').on(t.activityId)]);
