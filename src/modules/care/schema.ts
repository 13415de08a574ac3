import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, bigint, text, boolean, timestamp, jsonb, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { members } from '../membership/schema.ts';

/** A care action is manual or automatic (care_actions_ck). */
export const careKinds = ['manual', 'automatic'] as const;
export type CareKind = (typeof careKinds)[number];
/** A care member's result (care_members_status_ck): sent channels queued → sent / failed / no_recipient, recorded ones pending → reached / unreached. */
export const careMemberStatuses = ['queued', 'sent', 'failed', 'no_recipient', 'pending', 'reached', 'unreached'] as const;
export type CareMemberStatus = (typeof careMemberStatuses)[number];

/**
 * 关怀 (SPEC §6): one care action — a manual one (members chosen by filters) or the automatic one
 * of a trigger for a day or an activity — and its members. SMS and e-mail are sent through the
 * notices outbox (progress and result per member); letter, magazine, website and user-defined
 * channels record the result staff report.
 */
export const careActions = pgTable('care_actions', {
  id: serial('id').primaryKey(),
  /** manual / automatic */
  kind: text('kind').$type<CareKind>().notNull(),
  /** automatic care: birthday / purchase / activity */
  trigger: text('trigger'),
  /** automatic care: the action members of a trigger are gathered in (birthday:2025-03-14, purchase:2025-03-14, activity:42) */
  groupKey: text('group_key'),
  title: text('title').notNull(),
  channel: text('channel').notNull(), // dictionary care_channel
  subject: text('subject'),
  body: text('body').notNull(),
  /** points each member receives with this care (a ledger entry whose event is this care action) */
  points: integer('points').notNull().default(0),
  /** manual care: the filters the members were chosen by */
  filters: jsonb('filters').$type<Record<string, unknown>>(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('care_actions_group_uq').on(t.groupKey),
  index('care_actions_created_idx').on(t.createdAt),
  check('care_actions_ck', sql`${t.kind} IN ('manual', 'automatic') AND ${t.points} >= 0`),
]);

/**
 * A member of a care action and the care's result for them.
 * Sent channels: queued → sent / failed (from the outbox), or no_recipient (no mobile / address).
 * Recorded channels: pending → reached / unreached (staff).
 */
export const careMembers = pgTable('care_members', {
  id: serial('id').primaryKey(),
  careId: integer('care_id').notNull().references(() => careActions.id),
  memberId: integer('member_id').notNull().references(() => members.id),
  channel: text('channel').notNull(),
  status: text('status').$type<CareMemberStatus>().notNull(),
  recipient: text('recipient'),
  noticeId: bigint('notice_id', { mode: 'number' }),
  points: integer('points').notNull().default(0),
  /** automatic care: once per member per trigger per day / event (birthday:<member>:<day>, purchase:<purchase>:<member>, activity:<activity>:<member>) */
  triggerKey: text('trigger_key'),
  /** the event that raised an automatic care: purchase or activity, and its id */
  refType: text('ref_type'),
  refId: integer('ref_id'),
  resultNote: text('result_note'),
  resultBy: text('result_by'),
  resultAt: timestamp('result_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('care_members_uq').on(t.careId, t.memberId),
  uniqueIndex('care_members_trigger_uq').on(t.triggerKey),
  index('care_members_member_idx').on(t.memberId, t.createdAt),
  index('care_members_notice_idx').on(t.noticeId),
  check('care_members_status_ck', sql`${t.status} IN ('queued', 'sent', 'failed', 'no_recipient', 'pending', 'reached', 'unreached')`),
]);

/** 自动关怀 settings: one row per trigger (absent = off, with the default template). */
export const careTriggers = pgTable('care_triggers', {
  trigger: text('trigger').primaryKey(), // birthday / purchase / activity
  enabled: boolean('enabled').notNull().default(false),
  channel: text('channel').notNull(),
  subject: text('subject'),
  body: text('body').notNull(),
  points: integer('points').notNull().default(0),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('care_triggers_ck', sql`${t.trigger} IN ('birthday', 'purchase', 'activity') AND ${t.points} >= 0`)]);

