import { sql } from 'drizzle-orm';
import { pgTable, pgSequence, serial, integer, text, date, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { customers, purchases } from '../customers/schema.ts';

/** Readable numbers: M2026000123 (members), A2026000045 (applications); the year is the company's. */
export const memberNoSeq = pgSequence('member_no_seq', { startWith: 1 });
export const applicationNoSeq = pgSequence('application_no_seq', { startWith: 1 });

/** A club member (会员). The person is the customer record; the member holds club facts. */
export const members = pgTable('members', {
  id: serial('id').primaryKey(),
  memberNo: text('member_no').notNull().unique(),
  /** one live membership per customer; an archived (left) member keeps its row, and the person may join again */
  customerId: integer('customer_id').notNull().references(() => customers.id),
  status: text('status').notNull().default('active'), // active / leaving / archived
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  channel: text('channel'), // dictionary application_channel (top level)
  subChannel: text('sub_channel'), // 客服中心 sub-channel
  /** the application that created the member */
  applicationId: integer('application_id'),
  /** card number given at approval and not issued (before the cards module issued it at approval); no longer written, kept so no recorded number is lost */
  requestedCardNo: text('requested_card_no').unique(),
  /** welcome notice: pending / reached / unreached */
  noticeStatus: text('notice_status').notNull().default('pending'),
  /** staff flag for the "data error" leave rule: what is wrong, and since when */
  dataErrorFlag: text('data_error_flag'),
  dataErrorFlaggedAt: timestamp('data_error_flagged_at', { withTimezone: true }),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
  /**
   * The customer's department (customers.department), kept here by triggers in the same statement
   * (migration 0030): a department scope's counts of members (the home page's 未通知到, leave
   * requests) are index ranges instead of a join to every customer. Never written by the app.
   */
  department: text('department'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('members_status_idx').on(t.status),
  index('members_department_idx').on(t.department, t.id),
  index('members_department_notice_idx').on(t.department, t.noticeStatus).where(sql`status <> 'archived'`),
  // the member list's order (newest first): a page of ids is read from this index alone
  index('members_joined_idx').on(t.joinedAt, t.id),
  uniqueIndex('members_customer_live_uq').on(t.customerId).where(sql`status <> 'archived'`),
  index('members_customer_idx').on(t.customerId),
  // members who left in a period (the home page's figures of the month): a few per cent of the members
  index('members_archived_at_idx').on(t.archivedAt).where(sql`status = 'archived'`),
  index('members_notice_status_idx').on(t.noticeStatus).where(sql`status <> 'archived'`),
]);

/** 入会申请: manual (any channel) or automatic (a customer became a buyer). */
export const applications = pgTable('applications', {
  id: serial('id').primaryKey(),
  applicationNo: text('application_no').notNull().unique(),
  method: text('method').notNull(), // manual / automatic
  channel: text('channel'), // dictionary application_channel
  subChannel: text('sub_channel'),
  customerId: integer('customer_id').references(() => customers.id),
  /** the purchase that raised an automatic application */
  purchaseId: integer('purchase_id').references(() => purchases.id),
  /** old-project owner: the project chosen at application, whose purchase is linked */
  project: text('project'),
  /** data linking: the purchase linked to the member (the chosen project's, or the one that raised it) */
  linkedPurchaseId: integer('linked_purchase_id'),
  // applicant as given (a snapshot; the customer record may change later)
  name: text('name').notNull(),
  namePinyin: text('name_pinyin').notNull().default(''),
  /** simplified characters and sound keys of the name, as on customers (customers/name-forms.ts) */
  nameSimplified: text('name_simplified'),
  nameKeys: text('name_keys').array(),
  gender: text('gender'),
  birthday: date('birthday'),
  idType: text('id_type'),
  idNumberEnc: text('id_number_enc'),
  idNumberHash: text('id_number_hash'),
  idNumberMasked: text('id_number_masked'),
  mobile: text('mobile'),
  homePhone: text('home_phone'),
  email: text('email'),
  address: text('address'),
  cardNo: text('card_no'),
  note: text('note'),
  /** pending / approved / merged / linked / rejected */
  status: text('status').notNull().default('pending'),
  /** how it ended: new_member / joined_member / merged_new_member / linked_existing */
  outcome: text('outcome'),
  memberId: integer('member_id').references(() => members.id),
  /** a pending application merged into another during review */
  mergedIntoId: integer('merged_into_id'),
  reviewerId: integer('reviewer_id').references(() => users.id),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  rejectReason: text('reject_reason'),
  submittedBy: text('submitted_by'),
  /**
   * Data scope (SPEC §11), as on a customer record: the user who entered it (own scope) and their
   * department (department scope). An application with a customer record is also seen by whoever
   * sees that record; one from the website or the system has neither and is seen with scope all.
   */
  submittedById: integer('submitted_by_id').references(() => users.id),
  department: text('department'),
  externalSystem: text('external_system'),
  externalId: text('external_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('applications_status_idx').on(t.status, t.createdAt),
  index('applications_member_idx').on(t.memberId),
  index('applications_customer_idx').on(t.customerId),
  // pending applications already tied to a customer (few: most get their customer at approval), for a
  // department scope's count of the review queue without a pass over the department's customers
  // a department's review queue (its count on the home page): without it the count fetched all 20 000 pending rows
  index('applications_pending_department_idx').on(t.department).where(sql`status = 'pending'`),
  index('applications_pending_customer_idx').on(t.customerId).where(sql`status = 'pending' AND customer_id IS NOT NULL`),
  index('applications_department_idx').on(t.department),
  index('applications_submitted_by_idx').on(t.submittedById),
  index('applications_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  index('applications_id_hash_idx').on(t.idNumberHash),
  index('applications_mobile_idx').on(t.mobile),
  // the review queue's duplicate search only looks at pending applications: small partial indexes
  index('applications_pending_name_simplified_trgm').using('gin', sql`${t.nameSimplified} gin_trgm_ops`).where(sql`status = 'pending'`),
  index('applications_pending_name_keys_idx').using('gin', t.nameKeys).where(sql`status = 'pending'`),
  index('applications_name_forms_missing_idx').on(t.id).where(sql`name_keys IS NULL`),
  index('applications_pending_home_phone_idx').on(t.homePhone).where(sql`status = 'pending'`),
  uniqueIndex('applications_external_uq').on(t.externalSystem, t.externalId),
  // one automatic application per purchase, however often the event is replayed
  uniqueIndex('applications_purchase_uq').on(t.purchaseId),
]);

/** The member page's history: applications joined, merges, profile edits (field old → new), leave. */
export const memberEvents = pgTable('member_events', {
  id: serial('id').primaryKey(),
  memberId: integer('member_id').notNull().references(() => members.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorName: text('actor_name').notNull(),
  kind: text('kind').notNull(), // joined / application_merged / customer_merged / profile_changed / notice / leave_requested / archived / card_…
  field: text('field'),
  oldValue: text('old_value'),
  newValue: text('new_value'),
  refType: text('ref_type'),
  refId: integer('ref_id'),
  note: text('note'),
}, (t) => [index('member_events_member_idx').on(t.memberId, t.at)]);

/** 退会申请: raised by the service centre by hand or by a rule; approved → member archived. */
export const leaveRequests = pgTable('leave_requests', {
  id: serial('id').primaryKey(),
  memberId: integer('member_id').notNull().references(() => members.id),
  reason: text('reason').notNull(), // dictionary leave_reason
  note: text('note'),
  method: text('method').notNull(), // manual / automatic
  rule: text('rule'), // invalid_contact / term_expired / data_error
  status: text('status').notNull().default('pending'), // pending / approved / rejected
  requestedBy: text('requested_by').notNull(),
  decidedBy: integer('decided_by').references(() => users.id),
  decidedByName: text('decided_by_name'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('leave_requests_status_idx').on(t.status, t.createdAt),
  index('leave_requests_member_idx').on(t.memberId),
  // at most one open request per member
  uniqueIndex('leave_requests_open_uq').on(t.memberId).where(sql`status = 'pending'`),
]);
