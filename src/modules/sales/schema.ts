// Sales (SPEC §10): leads (线索) with follow-up records, opportunities (商机) with stages and their
// history. Owner and department decide the data scope as they do for customers.
import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, bigint, boolean, text, date, timestamp, index, check } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { customers } from '../customers/schema.ts';

/** A lead's states: new → following (first follow-up) → converted | lost. */
export const leadStatuses = ['new', 'following', 'converted', 'lost'] as const;
export type LeadStatus = (typeof leadStatuses)[number];

/**
 * Opportunity stages, in order (typical of Chinese residential sales): 初访 first visit → 复访
 * revisit → 认筹 deposit / queue number → 认购 subscription → 签约 contract (won); 输单 lost.
 */
export const openStages = ['first_visit', 'revisit', 'deposit', 'subscription'] as const;
export const opportunityStages = [...openStages, 'won', 'lost'] as const;
export type OpportunityStage = (typeof opportunityStages)[number];
/** the ordered funnel (won last); lost is beside it */
export const funnelStages = [...openStages, 'won'] as const;

/** What a follow-up record belongs to. */
export const followUpSubjects = ['lead', 'opportunity'] as const;
export type FollowUpSubject = (typeof followUpSubjects)[number];

/** 线索: a prospect who called, visited the sales office or came from an event, the website, a referral. */
export const salesLeads = pgTable('sales_leads', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** normalised 11-digit mainland mobile */
  mobile: text('mobile'),
  source: text('source').notNull(), // dictionary lead_source
  /** project / unit intention, free text (意向楼盘、户型、面积…) */
  intention: text('intention'),
  note: text('note'),
  ownerId: integer('owner_id').references(() => users.id),
  /** the sales office (案场): decides who sees the lead under a department data scope */
  department: text('department'),
  status: text('status').$type<LeadStatus>().notNull().default('new'),
  /** the day (company time zone) of the next follow-up */
  nextFollowUpOn: date('next_follow_up_on'),
  /** dictionary sales_lost_reason, with a note */
  lostReason: text('lost_reason'),
  lostNote: text('lost_note'),
  /** the customer record the lead became (or was linked to) on conversion */
  customerId: integer('customer_id').references(() => customers.id),
  convertedAt: timestamp('converted_at', { withTimezone: true }),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('sales_leads_owner_idx').on(t.ownerId),
  index('sales_leads_department_idx').on(t.department),
  index('sales_leads_mobile_idx').on(t.mobile),
  index('sales_leads_due_idx').on(t.nextFollowUpOn).where(sql`status IN ('new', 'following') AND deleted_at IS NULL`),
  check('sales_leads_status_ck', sql`${t.status} IN ('new', 'following', 'converted', 'lost')`),
]);

/** 商机: a chance to sell a unit to a customer, moving through the stages. Amounts in fen. */
export const salesOpportunities = pgTable('sales_opportunities', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  customerId: integer('customer_id').notNull().references(() => customers.id),
  /** the lead it came from, if any */
  leadId: integer('lead_id').references(() => salesLeads.id),
  /** project / unit intention */
  intention: text('intention'),
  expectedAmountFen: bigint('expected_amount_fen', { mode: 'number' }).notNull().default(0),
  stage: text('stage').$type<OpportunityStage>().notNull().default('first_visit'),
  /** the furthest open stage reached (index in funnelStages): the funnel's "reached this stage or beyond" */
  maxStageRank: integer('max_stage_rank').notNull().default(0),
  /** dictionary sales_lost_reason, with a note */
  lostReason: text('lost_reason'),
  lostNote: text('lost_note'),
  ownerId: integer('owner_id').references(() => users.id),
  department: text('department'),
  expectedCloseOn: date('expected_close_on'),
  nextFollowUpOn: date('next_follow_up_on'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  reopenCount: integer('reopen_count').notNull().default(0),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('sales_opps_owner_idx').on(t.ownerId),
  index('sales_opps_department_idx').on(t.department),
  index('sales_opps_customer_idx').on(t.customerId),
  index('sales_opps_created_idx').on(t.createdAt),
  index('sales_opps_due_idx').on(t.nextFollowUpOn).where(sql`stage NOT IN ('won', 'lost')`),
  check('sales_opps_stage_ck', sql`${t.stage} IN ('first_visit', 'revisit', 'deposit', 'subscription', 'won', 'lost')`),
  check('sales_opps_amount_ck', sql`${t.expectedAmountFen} >= 0`),
]);

/** 跟进记录 on a lead or an opportunity. */
export const salesFollowUps = pgTable('sales_follow_ups', {
  id: serial('id').primaryKey(),
  subjectType: text('subject_type').$type<FollowUpSubject>().notNull(),
  subjectId: integer('subject_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  method: text('method').notNull(), // dictionary follow_up_method
  content: text('content').notNull(),
  nextFollowUpOn: date('next_follow_up_on'),
  byId: integer('by_id').references(() => users.id),
  byName: text('by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('sales_follow_ups_subject_idx').on(t.subjectType, t.subjectId, t.at),
  check('sales_follow_ups_subject_ck', sql`${t.subjectType} IN ('lead', 'opportunity')`),
]);

/** Every stage change of an opportunity (forwards, backwards, close, reopen). */
export const salesStageChanges = pgTable('sales_stage_changes', {
  id: serial('id').primaryKey(),
  opportunityId: integer('opportunity_id').notNull().references(() => salesOpportunities.id),
  fromStage: text('from_stage').$type<OpportunityStage>(),
  toStage: text('to_stage').$type<OpportunityStage>().notNull(),
  /** true when it moved to an earlier stage (or reopened) */
  backwards: boolean('backwards').notNull().default(false),
  note: text('note'),
  byId: integer('by_id').references(() => users.id),
  byName: text('by_name').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sales_stage_changes_opp_idx').on(t.opportunityId, t.at)]);
