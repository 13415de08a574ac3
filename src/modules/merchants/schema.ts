import { sql } from 'drizzle-orm';
import { members } from '../membership/schema.ts';
import { pgTable, serial, integer, smallint, numeric, text, boolean, date, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

/** 商家: a partner merchant whose services club members may use. Deleted logically, restorable. */
export const merchants = pgTable('merchants', {
  id: serial('id').primaryKey(),
  /** 商家编码, unique for ever (a deleted merchant keeps its code, so it can be restored) */
  code: text('code').notNull(),
  name: text('name').notNull(),
  contact: text('contact'),
  address: text('address'),
  phone1: text('phone1'),
  phone2: text('phone2'),
  /** 所属公司 */
  parentCompany: text('parent_company'),
  /** 商家类型 (餐饮, 健身, 教育 …) as the club names them */
  type: text('type'),
  importance: text('importance').notNull().default('normal'), // high / normal / low
  /** 合同到期日 */
  contractEndsOn: date('contract_ends_on'),
  note: text('note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('merchants_code_uq').on(t.code),
  index('merchants_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  check('merchants_importance_ck', sql`${t.importance} IN ('high', 'normal', 'low')`),
]);

/** A service a merchant offers to members of some levels (card types of main cards), for a period. */
export const merchantServices = pgTable('merchant_services', {
  id: serial('id').primaryKey(),
  merchantId: integer('merchant_id').notNull().references(() => merchants.id),
  name: text('name').notNull(),
  startsOn: date('starts_on').notNull(),
  /** last day of the service (inclusive); null = open-ended */
  endsOn: date('ends_on'),
  content: text('content'),
  /** card type codes (dictionary card_type, main-card types) whose holders may use it */
  eligibleLevels: text('eligible_levels').array().notNull(),
  /** percent off the normal price (15 = 8.5折); null when the service is not a discount */
  discountPercent: numeric('discount_percent', { precision: 5, scale: 2, mode: 'number' }),
  /** how the discount or benefit reads to members, e.g. "免费停车 2 小时" */
  discountNote: text('discount_note'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('merchant_services_merchant_idx').on(t.merchantId),
  index('merchant_services_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  index('merchant_services_levels_idx').using('gin', t.eligibleLevels),
  check('merchant_services_discount_ck', sql`${t.discountPercent} IS NULL OR (${t.discountPercent} >= 0 AND ${t.discountPercent} <= 100)`),
  check('merchant_services_period_ck', sql`${t.endsOn} IS NULL OR ${t.endsOn} >= ${t.startsOn}`),
]);

/** 季度反馈: what the merchant (or the club's contact person) reported for a quarter. */
export const merchantServiceFeedback = pgTable('merchant_service_feedback', {
  id: serial('id').primaryKey(),
  serviceId: integer('service_id').notNull().references(() => merchantServices.id),
  /** e.g. 2025-Q1 */
  quarter: text('quarter').notNull(),
  feedback: text('feedback').notNull(),
  /** members served in the quarter, as reported */
  participationCount: integer('participation_count').notNull().default(0),
  /** 褒贬度 -2 (strongly negative) … +2 (strongly positive) */
  rating: smallint('rating'),
  recordedBy: text('recorded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('merchant_service_feedback_quarter_uq').on(t.serviceId, t.quarter),
  check('merchant_service_feedback_rating_ck', sql`${t.rating} IS NULL OR ${t.rating} BETWEEN -2 AND 2`),
  check('merchant_service_feedback_count_ck', sql`${t.participationCount} >= 0`),
]);

/** 会员参与: a member used a service (time, note) and, optionally, how they rated it. */
export const merchantServiceParticipations = pgTable('merchant_service_participations', {
  id: serial('id').primaryKey(),
  serviceId: integer('service_id').notNull().references(() => merchantServices.id),
  memberId: integer('member_id').notNull().references(() => members.id),
  /** the member's level (card type) when they used the service */
  level: text('level'),
  participatedAt: timestamp('participated_at', { withTimezone: true }).notNull(),
  note: text('note'),
  /** 褒贬度 -2 … +2 */
  rating: smallint('rating'),
  recordedBy: text('recorded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** a participation recorded by mistake is removed logically */
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('merchant_participations_service_idx').on(t.serviceId, t.participatedAt),
  index('merchant_participations_member_idx').on(t.memberId),
  check('merchant_participations_rating_ck', sql`${t.rating} IS NULL OR ${t.rating} BETWEEN -2 AND 2`),
]);

/**
 * Merchant participation counted by the member-analysis job (participation-cells.ts `countMerchantParticipation`), written
 * whole each run: the uses of a company quarter (YYYY-Qn) per merchant, level used at ('' none) and the
 * member's customer's department ('' none), with their ratings. Uses and ratings add up across quarters.
 */
export const merchantUseCells = pgTable('merchant_use_cells', {
  quarter: text('quarter').notNull(),
  merchantId: integer('merchant_id').notNull(),
  level: text('level').notNull(),
  department: text('department').notNull(),
  uses: integer('uses').notNull(),
  rated: integer('rated').notNull(),
  ratingSum: integer('rating_sum').notNull(),
  positive: integer('positive').notNull(),
  neutral: integer('neutral').notNull(),
  negative: integer('negative').notNull(),
}, (t) => [index('merchant_use_cells_quarter_idx').on(t.quarter, t.department)]);

/**
 * Distinct members, kept so that any range of quarters is counted exactly: for a group (a merchant at a
 * level; a merchant, every level (level NULL); every merchant (merchant_id NULL)) and a member, each
 * quarter they used it counts one in (quarter, prev_quarter) — prev_quarter the member's previous
 * quarter with a use of the group, NULL for the first. The members of quarters F … T are the sum over
 * F ≤ quarter ≤ T with prev_quarter NULL or before F (each member once, at their first quarter inside).
 */
export const merchantMemberCells = pgTable('merchant_member_cells', {
  merchantId: integer('merchant_id'),
  level: text('level'),
  department: text('department').notNull(),
  quarter: text('quarter').notNull(),
  prevQuarter: text('prev_quarter'),
  members: integer('members').notNull(),
}, (t) => [index('merchant_member_cells_quarter_idx').on(t.quarter, t.department)]);
