// Service desk (服务台, SPEC §10): tickets (工单) with their timeline, satisfaction surveys and the
// knowledge base (知识库). Assignee and department decide the data scope as owner and department
// do for customers and sales.
import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, text, timestamp, index, check, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { customers } from '../customers/schema.ts';
import { complaints } from '../complaints/schema.ts';

/** new → in_progress → waiting_customer ⇄ in_progress → resolved → closed; resolved/closed reopen to in_progress. */
export const ticketStatuses = ['new', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const openTicketStatuses = ['new', 'in_progress', 'waiting_customer'] as const;

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

/**
 * What a timeline entry is: a reply to the customer, an internal note, the customer's own words
 * recorded by staff, or a fact (status change, assignment, reopen, survey, complaint, article).
 */
export const ticketEventKinds = ['reply', 'note', 'customer', 'status', 'assign', 'reopen', 'survey', 'complaint', 'article'] as const;
export type TicketEventKind = (typeof ticketEventKinds)[number];
export const messageKinds = ['reply', 'note', 'customer'] as const;
export type MessageKind = (typeof messageKinds)[number];

export const articleStatuses = ['draft', 'published'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

/** 工单. Due times are fixed at creation from the SLA of its priority (system settings). */
export const serviceTickets = pgTable('service_tickets', {
  id: serial('id').primaryKey(),
  /** GD + creation date (company time zone) + id, e.g. GD20261207-000042 */
  ticketNo: text('ticket_no').notNull().unique(),
  type: text('type').notNull(), // dictionary ticket_type
  channel: text('channel').notNull(), // dictionary ticket_channel
  priority: text('priority').$type<TicketPriority>().notNull().default('normal'),
  subject: text('subject').notNull(),
  description: text('description').notNull(),
  customerId: integer('customer_id').references(() => customers.id),
  contactName: text('contact_name'),
  /** normalised 11-digit mainland mobile */
  contactMobile: text('contact_mobile'),
  assigneeId: integer('assignee_id').references(() => users.id),
  /** decides who sees the ticket under a department data scope */
  department: text('department'),
  status: text('status').$type<TicketStatus>().notNull().default('new'),
  firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }).notNull(),
  resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }).notNull(),
  firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  resolution: text('resolution'),
  /** how many times it was resolved: a survey belongs to one resolution */
  resolveCount: integer('resolve_count').notNull().default(0),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  reopenCount: integer('reopen_count').notNull().default(0),
  /** the complaint it became or was linked to (complaints module) */
  complaintId: integer('complaint_id').references(() => complaints.id),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('service_tickets_assignee_idx').on(t.assigneeId),
  index('service_tickets_department_idx').on(t.department),
  index('service_tickets_customer_idx').on(t.customerId),
  index('service_tickets_created_idx').on(t.createdAt),
  index('service_tickets_open_idx').on(t.resolutionDueAt).where(sql`status IN ('new', 'in_progress', 'waiting_customer')`),
  check('service_tickets_status_ck', sql`${t.status} IN ('new', 'in_progress', 'waiting_customer', 'resolved', 'closed')`),
  check('service_tickets_priority_ck', sql`${t.priority} IN ('low', 'normal', 'high', 'urgent')`),
]);

/** The ticket's timeline: replies, notes, the customer's words, and every state change. */
export const serviceTicketEvents = pgTable('service_ticket_events', {
  id: serial('id').primaryKey(),
  ticketId: integer('ticket_id').notNull().references(() => serviceTickets.id),
  kind: text('kind').$type<TicketEventKind>().notNull(),
  body: text('body'),
  fromStatus: text('from_status').$type<TicketStatus>(),
  toStatus: text('to_status').$type<TicketStatus>(),
  byId: integer('by_id').references(() => users.id),
  byName: text('by_name').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('service_ticket_events_ticket_idx').on(t.ticketId, t.at)]);

/** 满意度回访: one per resolution of a ticket, recorded by staff (score 1–5). */
export const serviceSurveys = pgTable('service_surveys', {
  id: serial('id').primaryKey(),
  ticketId: integer('ticket_id').notNull().references(() => serviceTickets.id),
  resolution: integer('resolution').notNull(),
  score: integer('score').notNull(),
  comment: text('comment'),
  byId: integer('by_id').references(() => users.id),
  byName: text('by_name').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('service_surveys_once_idx').on(t.ticketId, t.resolution),
  check('service_surveys_score_ck', sql`${t.score} BETWEEN 1 AND 5`),
]);

/** 知识库文章: plain text, shown as text (never as HTML). */
export const serviceArticles = pgTable('service_articles', {
  id: serial('id').primaryKey(),
  category: text('category').notNull(), // dictionary kb_category
  title: text('title').notNull(),
  body: text('body').notNull(),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  status: text('status').$type<ArticleStatus>().notNull().default('draft'),
  viewCount: integer('view_count').notNull().default(0),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  createdBy: text('created_by').notNull(),
  updatedBy: text('updated_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('service_articles_category_idx').on(t.category),
  check('service_articles_status_ck', sql`${t.status} IN ('draft', 'published')`),
]);

/** Articles used in a ticket's answer. */
export const serviceTicketArticles = pgTable('service_ticket_articles', {
  ticketId: integer('ticket_id').notNull().references(() => serviceTickets.id),
  articleId: integer('article_id').notNull().references(() => serviceArticles.id),
  byName: text('by_name').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.articleId] }), index('service_ticket_articles_article_idx').on(t.articleId)]);
