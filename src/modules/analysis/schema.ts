import { date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 会员分析: what the member-analysis job keeps (every ten minutes, written whole), so the analysis
 * page reads thousands of counted cells instead of a million members. Department and project are
 * kept on every cell: the page filters by them and a department scope reads its own department.
 * '' stands for none (no department, no project, no channel, no active main card).
 */
export const analysisMemberCells = pgTable('analysis_member_cells', {
  department: text('department').notNull(),
  project: text('project').notNull(),
  channel: text('channel').notNull(),
  subChannel: text('sub_channel').notNull(),
  level: text('level').notNull(),
  status: text('status').notNull(),
  members: integer('members').notNull(),
  countedAt: timestamp('counted_at', { withTimezone: true }).notNull(),
}, (t) => [index('analysis_member_cells_dept_idx').on(t.department)]);

/** Members by the company month they joined and the month they left (null: still a member). */
export const analysisMemberFlows = pgTable('analysis_member_flows', {
  department: text('department').notNull(),
  project: text('project').notNull(),
  joinMonth: date('join_month').notNull(),
  leaveMonth: date('leave_month'),
  members: integer('members').notNull(),
  countedAt: timestamp('counted_at', { withTimezone: true }).notNull(),
}, (t) => [index('analysis_member_flows_dept_idx').on(t.department)]);

/** Main cards replaced by one of another rank (升级 / 降级), by the company month of the new card. */
export const analysisLevelMoves = pgTable('analysis_level_moves', {
  department: text('department').notNull(),
  project: text('project').notNull(),
  month: date('month').notNull(),
  fromLevel: text('from_level').notNull(),
  toLevel: text('to_level').notNull(),
  up: integer('up').notNull(),
  members: integer('members').notNull(),
  countedAt: timestamp('counted_at', { withTimezone: true }).notNull(),
}, (t) => [index('analysis_level_moves_dept_idx').on(t.department)]);
