import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, bigint, text, timestamp, index, check } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { members } from '../membership/schema.ts';

/**
 * 投诉: a complaint received from a member (or a person who is not one yet).
 * pending (received) → processing (first step added) → done (closed in the system; says nothing
 * about whether the member is satisfied). A done complaint may be reopened with a reason.
 */
export const complaints = pgTable('complaints', {
  id: serial('id').primaryKey(),
  /** TS + receipt date (company time zone) + id, e.g. TS20250314-000042 */
  complaintNo: text('complaint_no').notNull().unique(),
  channel: text('channel').notNull(), // dictionary complaint_channel
  type: text('type').notNull(), // dictionary complaint_type
  memberId: integer('member_id').references(() => members.id),
  /** card number given at receipt (the card the member showed or quoted) */
  cardNo: text('card_no'),
  /** who complained, as recorded at receipt (the member's name, or a non-member's) */
  complainantName: text('complainant_name').notNull(),
  complainantPhone: text('complainant_phone'),
  content: text('content').notNull(),
  receiverId: integer('receiver_id').notNull().references(() => users.id),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  importance: text('importance').notNull().default('normal'), // low / normal / high / urgent
  status: text('status').notNull().default('pending'), // pending / processing / done
  closedAt: timestamp('closed_at', { withTimezone: true }),
  closedBy: integer('closed_by').references(() => users.id),
  /** what was done / told to the member when closing */
  closeNote: text('close_note'),
  reopenCount: integer('reopen_count').notNull().default(0),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('complaints_received_idx').on(t.receivedAt),
  index('complaints_status_idx').on(t.status),
  index('complaints_member_idx').on(t.memberId),
  index('complaints_receiver_idx').on(t.receiverId),
  index('complaints_content_trgm').using('gin', sql`${t.content} gin_trgm_ops`),
  check('complaints_status_ck', sql`${t.status} IN ('pending', 'processing', 'done')`),
  check('complaints_importance_ck', sql`${t.importance} IN ('low', 'normal', 'high', 'urgent')`),
]);

/** A processing step (处理步骤): who handles what by when. Steps are a log: finished, never edited away. */
export const complaintSteps = pgTable('complaint_steps', {
  id: serial('id').primaryKey(),
  complaintId: integer('complaint_id').notNull().references(() => complaints.id),
  /** 1, 2, … within the complaint */
  seq: integer('seq').notNull(),
  /** when the step was taken up (处理时间) */
  stepAt: timestamp('step_at', { withTimezone: true }).notNull(),
  handlerId: integer('handler_id').notNull().references(() => users.id),
  department: text('department'),
  opinion: text('opinion').notNull(),
  /** 预计完成时间; a step past it and not finished is overdue */
  expectedFinishAt: timestamp('expected_finish_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  finishedBy: integer('finished_by').references(() => users.id),
  finishNote: text('finish_note'),
  /** the overdue reminder sent to the handler (at most one per step) */
  remindedAt: timestamp('reminded_at', { withTimezone: true }),
  reminderNoticeId: bigint('reminder_notice_id', { mode: 'number' }),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('complaint_steps_complaint_idx').on(t.complaintId, t.seq),
  index('complaint_steps_handler_idx').on(t.handlerId),
  index('complaint_steps_step_at_idx').on(t.stepAt),
  index('complaint_steps_open_due_idx').on(t.expectedFinishAt).where(sql`finished_at IS NULL`),
  check('complaint_steps_due_ck', sql`${t.expectedFinishAt} IS NULL OR ${t.expectedFinishAt} > ${t.stepAt}`),
]);

/** 补偿积分: goodwill points granted for a complaint; the ledger entry is the truth, this row says why. */
export const complaintGoodwill = pgTable('complaint_goodwill', {
  id: serial('id').primaryKey(),
  complaintId: integer('complaint_id').notNull().references(() => complaints.id),
  memberId: integer('member_id').notNull().references(() => members.id),
  points: integer('points').notNull(),
  reason: text('reason').notNull(),
  /** the points ledger entry (points module) */
  entryId: bigint('entry_id', { mode: 'number' }),
  grantedBy: text('granted_by').notNull(),
  grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('complaint_goodwill_complaint_idx').on(t.complaintId)]);

/** The complaint's own history for its page: received, steps, reminders, close, reopen, goodwill. */
export const complaintEvents = pgTable('complaint_events', {
  id: serial('id').primaryKey(),
  complaintId: integer('complaint_id').notNull().references(() => complaints.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorName: text('actor_name').notNull(),
  /** received / step_added / step_finished / reminded / closed / reopened / goodwill / edited */
  kind: text('kind').notNull(),
  stepId: integer('step_id'),
  note: text('note'),
}, (t) => [index('complaint_events_complaint_idx').on(t.complaintId, t.at)]);
