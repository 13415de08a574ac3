import { sql } from 'drizzle-orm';
import { pgTable, serial, bigserial, integer, bigint, text, boolean, date, timestamp, jsonb, index, uniqueIndex, check, primaryKey, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { members } from '../membership/schema.ts';

/**
 * 积分账户: one per member. The balance column is changed only in the transaction that books
 * an entry, with a guarded UPDATE (balance + amount >= 0), so it can never go negative.
 * Invariant: balance = Σ amount of booked entries (posted or reversed) = Σ remaining of lots.
 */
export const pointsAccounts = pgTable('points_accounts', {
  memberId: integer('member_id').primaryKey().references(() => members.id),
  balance: integer('balance').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('points_accounts_balance_ck', sql`${t.balance} >= 0`)]);

/** An entry's states (points_entries_state_ck). */
export const entryStates = ['pending', 'posted', 'rejected', 'reversed'] as const;
export type EntryState = (typeof entryStates)[number];
/** How a rule counts points (points_rules_formula_ck). */
export const ruleFormulas = ['fixed', 'per_amount'] as const;
/** When points expire (points_settings_ck). */
export const expiryModes = ['none', 'months', 'year_end'] as const;
/** A batch's states. */
export const batchStatuses = ['queued', 'running', 'done', 'failed', 'reverted'] as const;
/** A redemption's states (redemptions_ck). */
export const redemptionStatuses = ['pending', 'delivered', 'cancelled'] as const;
export type RedemptionStatus = (typeof redemptionStatuses)[number];

/**
 * 积分流水: the append-only ledger. Each entry belongs to a business event (source_type,
 * source_id). States: pending (waits for approval, not in the balance) → posted or rejected;
 * posted → reversed when a later correction entry (corrects_entry_id) fully compensates it.
 * Booked entries (posted and reversed) make the balance; a reversed entry and its correction
 * both stay booked and cancel out, so history is never rewritten.
 */
export const pointsEntries = pgTable('points_entries', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  memberId: integer('member_id').notNull().references(() => members.id),
  /** signed points: + earned, − spent */
  amount: integer('amount').notNull(),
  state: text('state').$type<EntryState>().notNull(),
  /** purchase / activity / care / complaint / redemption / expiry / card / correction */
  sourceType: text('source_type').notNull(),
  sourceId: bigint('source_id', { mode: 'number' }).notNull(),
  /** unique per entry: the same external event never books twice */
  idempotencyKey: text('idempotency_key').notNull(),
  /** what the request asked for; a reused key with a different request is refused */
  fingerprint: text('fingerprint').notNull(),
  correctsEntryId: bigint('corrects_entry_id', { mode: 'number' }).references((): AnyPgColumn => pointsEntries.id),
  ruleId: integer('rule_id'),
  batchId: integer('batch_id'),
  reason: text('reason'),
  actorKind: text('actor_kind').notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name').notNull(),
  requestId: text('request_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  postedAt: timestamp('posted_at', { withTimezone: true }),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
}, (t) => [
  uniqueIndex('points_entries_key_uq').on(t.idempotencyKey),
  check('points_entries_amount_ck', sql`${t.amount} <> 0`),
  check('points_entries_state_ck', sql`${t.state} IN ('pending', 'posted', 'rejected', 'reversed')`),
  index('points_entries_member_idx').on(t.memberId, t.id),
  index('points_entries_source_idx').on(t.sourceType, t.sourceId),
  index('points_entries_pending_idx').on(t.id).where(sql`state = 'pending'`),
  index('points_entries_batch_idx').on(t.batchId).where(sql`batch_id IS NOT NULL`),
  // the statistics read the days not yet summarised (points_daily) from here: entries are appended in posting
  // order, so a block-range index finds today's few among 10M at almost no cost to a posting
  index('points_entries_posted_brin').using('brin', t.postedAt),
]);

/**
 * 积分批次 (lots): what an earning entry added, with its expiry. Spending takes the lots that
 * expire first (then the oldest), and records what it took from each in points_consumptions,
 * so expiry and refunds are exact. remaining = amount − Σ consumptions of the lot.
 */
export const pointsLots = pgTable('points_lots', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** the earning entry's member (no foreign key of its own: the entry's holds, and bulk inserts skip a check per row) */
  memberId: integer('member_id').notNull(),
  entryId: bigint('entry_id', { mode: 'number' }).notNull().references(() => pointsEntries.id).unique(),
  amount: integer('amount').notNull(),
  remaining: integer('remaining').notNull(),
  /** points of this lot expired so far */
  expired: integer('expired').notNull().default(0),
  earnedAt: timestamp('earned_at', { withTimezone: true }).notNull(),
  /** null: never expires */
  expiresAt: timestamp('expires_at', { withTimezone: true }),
}, (t) => [
  check('points_lots_amount_ck', sql`${t.amount} > 0 AND ${t.remaining} >= 0 AND ${t.remaining} <= ${t.amount} AND ${t.expired} >= 0`),
  index('points_lots_open_idx').on(t.memberId, t.expiresAt, t.earnedAt, t.id).where(sql`remaining > 0`),
  index('points_lots_due_idx').on(t.expiresAt).where(sql`remaining > 0`),
]);

/** Which lots a spending entry took points from (amount > 0), or a refund gave back to (amount < 0). */
export const pointsConsumptions = pgTable('points_consumptions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  entryId: bigint('entry_id', { mode: 'number' }).notNull().references(() => pointsEntries.id),
  lotId: bigint('lot_id', { mode: 'number' }).notNull().references(() => pointsLots.id),
  amount: integer('amount').notNull(),
}, (t) => [
  check('points_consumptions_amount_ck', sql`${t.amount} <> 0`),
  index('points_consumptions_entry_idx').on(t.entryId),
  index('points_consumptions_lot_idx').on(t.lotId),
]);

/**
 * 积分触发规则: an event type (purchase, activity, care, complaint), points as a fixed number
 * or per amount (e.g. 1 point per 10 000 fen = 100 yuan), the levels it applies to (empty: all),
 * and whether its entries post at once or wait in the approval queue.
 */
export const pointsRules = pgTable('points_rules', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  eventType: text('event_type').notNull(),
  formula: text('formula').$type<(typeof ruleFormulas)[number]>().notNull(),
  points: integer('points').notNull(),
  /** per_amount: points are granted per this many fen of the event's amount */
  perFen: bigint('per_fen', { mode: 'number' }),
  eligibleLevels: text('eligible_levels').array().notNull().default([]),
  autoApprove: boolean('auto_approve').notNull().default(false),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('points_rules_formula_ck', sql`${t.formula} IN ('fixed', 'per_amount') AND (${t.formula} = 'fixed' OR ${t.perFen} > 0)`),
  check('points_rules_points_ck', sql`${t.points} <> 0`),
  index('points_rules_event_idx').on(t.eventType),
]);

/** Points settings (one row): expiry and reminders. */
export const pointsSettings = pgTable('points_settings', {
  id: integer('id').primaryKey().default(1),
  /** none / months (N months after earning) / year_end (end of the Nth calendar year after the year earned) */
  expiryMode: text('expiry_mode').$type<(typeof expiryModes)[number]>().notNull().default('months'),
  expiryMonths: integer('expiry_months').notNull().default(24),
  expiryYears: integer('expiry_years').notNull().default(1),
  /** remind members of points expiring within this many days (0: off) */
  reminderDays: integer('reminder_days').notNull().default(30),
  /** dictionary notify_channel of reminders */
  reminderChannel: text('reminder_channel').notNull().default('sms'),
  /** day of the month a balance statement goes to members with points (null: off) */
  balanceReminderDay: integer('balance_reminder_day'),
  /** the company time zone (CLUBCRM_TIME_ZONE, copied at every start): decides "end of year" for expiry in SQL */
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
}, (t) => [
  check('points_settings_one_ck', sql`${t.id} = 1`),
  check('points_settings_ck', sql`${t.expiryMode} IN ('none', 'months', 'year_end') AND ${t.expiryMonths} > 0 AND ${t.expiryYears} >= 0 AND ${t.reminderDays} >= 0`),
]);

/**
 * Purchase points owed to a customer who was not a member when the purchase was paid in full.
 * They post (key purchase:<id>) when the customer becomes a member; nothing is lost meanwhile.
 */
export const purchasePointsDue = pgTable('purchase_points_due', {
  purchaseId: integer('purchase_id').primaryKey(),
  customerId: integer('customer_id').notNull(),
  priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }).notNull().defaultNow(),
  status: text('status').notNull().default('waiting'), // waiting / posted
  memberId: integer('member_id'),
  entryId: bigint('entry_id', { mode: 'number' }),
  postedAt: timestamp('posted_at', { withTimezone: true }),
}, (t) => [index('purchase_points_due_waiting_idx').on(t.customerId).where(sql`status = 'waiting'`)]);

/**
 * 批量积分: one event, many members, run as a job in chunks. Each member's entry has the key
 * batch:<id>:<member>, so a chunk interrupted by a crash is rolled back and a resumed run can
 * never book a member twice.
 */
export const pointsBatches = pgTable('points_batches', {
  id: serial('id').primaryKey(),
  /** signed points per member */
  amount: integer('amount').notNull(),
  sourceType: text('source_type').notNull(),
  sourceId: bigint('source_id', { mode: 'number' }).notNull(),
  reason: text('reason'),
  /** the members to credit, in input order (duplicates removed) */
  memberIds: integer('member_ids').array().notNull(),
  total: integer('total').notNull(),
  /** members handled so far (a cursor into member_ids, moved in the same transaction as each chunk) */
  processed: integer('processed').notNull().default(0),
  /** queued / running / done / failed (a deduction chunk was refused) / reverted (what had posted was given back) */
  status: text('status').$type<(typeof batchStatuses)[number]>().notNull().default('queued'),
  error: jsonb('error').$type<Record<string, unknown>>(),
  idempotencyKey: text('idempotency_key').unique(),
  /** lines of the input, duplicates noted (for the batch's page) */
  inputSummary: jsonb('input_summary').$type<Record<string, unknown>>(),
  actorKind: text('actor_kind').notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  check('points_batches_ck', sql`${t.amount} <> 0 AND ${t.processed} >= 0 AND ${t.processed} <= ${t.total}`),
  index('points_batches_open_idx').on(t.id).where(sql`status IN ('queued', 'running')`),
]);

/** Reminders already queued (balance statements per month, expiry notices per lot), so none is sent twice. */
export const pointsReminders = pgTable('points_reminders', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  memberId: integer('member_id').notNull().references(() => members.id),
  kind: text('kind').notNull(), // expiry / balance
  periodKey: text('period_key').notNull(),
  points: integer('points').notNull(),
  noticeId: bigint('notice_id', { mode: 'number' }),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('points_reminders_uq').on(t.memberId, t.kind, t.periodKey)]);

/** 兑付计划: the reward catalogue. */
export const redemptionPlans = pgTable('redemption_plans', {
  id: serial('id').primaryKey(),
  item: text('item').notNull(),
  description: text('description'),
  pointsCost: integer('points_cost').notNull(),
  /** null: unlimited */
  stockTotal: integer('stock_total'),
  stockLeft: integer('stock_left'),
  /** company-calendar dates, both included; null: open-ended */
  startsOn: date('starts_on'),
  endsOn: date('ends_on'),
  /** card type codes of main cards allowed (empty: every level) */
  eligibleLevels: text('eligible_levels').array().notNull().default([]),
  /** per member, over the plan's life (null: no limit) */
  limitPerMember: integer('limit_per_member'),
  visibleOnWebsite: boolean('visible_on_website').notNull().default(true),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('redemption_plans_ck', sql`${t.pointsCost} > 0 AND (${t.stockLeft} IS NULL OR ${t.stockLeft} >= 0) AND (${t.limitPerMember} IS NULL OR ${t.limitPerMember} > 0)`),
]);

/** 兑付实施: one redemption; fulfilment pending → delivered, or cancelled (points back to their lots). */
export const redemptions = pgTable('redemptions', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull().references(() => redemptionPlans.id),
  memberId: integer('member_id').notNull().references(() => members.id),
  quantity: integer('quantity').notNull(),
  points: integer('points').notNull(),
  /** the member's level when redeeming (for statistics by level) */
  memberLevel: text('member_level'),
  status: text('status').$type<RedemptionStatus>().notNull().default('pending'), // pending / delivered / cancelled
  channel: text('channel').notNull().default('console'), // console / website
  idempotencyKey: text('idempotency_key').notNull().unique(),
  entryId: bigint('entry_id', { mode: 'number' }),
  refundEntryId: bigint('refund_entry_id', { mode: 'number' }),
  note: text('note'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  deliveredBy: text('delivered_by'),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelledBy: text('cancelled_by'),
  cancelReason: text('cancel_reason'),
}, (t) => [
  check('redemptions_ck', sql`${t.quantity} > 0 AND ${t.points} > 0 AND ${t.status} IN ('pending', 'delivered', 'cancelled')`),
  index('redemptions_member_idx').on(t.memberId, t.createdAt),
  index('redemptions_plan_idx').on(t.planId, t.status),
  index('redemptions_created_idx').on(t.createdAt),
]);

/**
 * 积分统计汇总: booked points (posted and reversed entries) per company day, department of the
 * member's customer (when summarised; '' none), event type and sign — what the statistics read
 * instead of the ledger for every day before points_summary.summarised_until. Kept by the
 * points-summary job (summary.ts).
 */
export const pointsDaily = pgTable('points_daily', {
  day: date('day').notNull(),
  department: text('department').notNull(),
  sourceType: text('source_type').notNull(),
  positive: boolean('positive').notNull(),
  points: bigint('points', { mode: 'number' }).notNull(),
  entries: integer('entries').notNull(),
}, (t) => [primaryKey({ columns: [t.day, t.department, t.sourceType, t.positive] })]);

export interface LiabilityCell { department: string; level: string; month: string; points: number }
export interface HolderCell { department: string; level: string; members: number; points: number }

/**
 * One row: how far points_daily goes, and the points members hold (the liability) by department,
 * level and expiry month as of liability_at — read whole by the dashboard, written whole by the job.
 */
export const pointsSummary = pgTable('points_summary', {
  id: integer('id').primaryKey().default(1),
  /** every company day before this one is in points_daily */
  summarisedUntil: date('summarised_until'),
  liabilityAt: timestamp('liability_at', { withTimezone: true }),
  /** open lots: Σ remaining by department, level ('' no active main card) and expiry month ('' never) */
  liability: jsonb('liability').$type<LiabilityCell[]>().notNull().default([]),
  /** accounts with points: members and Σ balance by department and level */
  holders: jsonb('holders').$type<HolderCell[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('points_summary_one_ck', sql`${t.id} = 1`)]);
