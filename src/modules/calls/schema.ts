// Calls (通话记录 / 来电, SPEC §10): one row per phone call the service centre or a sales office
// handled — typed in by the agent (来电登记) or reported by the phone system (CTI). The caller is
// recognised by number through the customers service; handler and department decide the data scope.
import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, text, date, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { customers } from '../customers/schema.ts';
import { salesLeads } from '../sales/schema.ts';

/** 呼入 inbound / 呼出 outbound. */
export const callDirections = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof callDirections)[number];

/** 已解决 resolved, 待跟进 follow-up needed, 已转办 transferred, 未接通 missed / no answer. */
export const callOutcomes = ['resolved', 'follow_up', 'transferred', 'missed'] as const;
export type CallOutcome = (typeof callOutcomes)[number];

/** What kind of number the other party used: a mainland mobile, a landline with area code, a 400/800 service number. */
export const numberKinds = ['mobile', 'landline', 'service'] as const;
export type NumberKind = (typeof numberKinds)[number];

/** Where the record came from: typed in the console, or reported by the phone system. */
export const callSources = ['console', 'cti'] as const;
export type CallSource = (typeof callSources)[number];

export const calls = pgTable('calls', {
  id: serial('id').primaryKey(),
  direction: text('direction').$type<CallDirection>().notNull(),
  /** normalised: 11-digit mobile, or digits with the area code (02155556666), or 400/800 number */
  number: text('number').notNull(),
  numberKind: text('number_kind').$type<NumberKind>().notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  durationSeconds: integer('duration_seconds').notNull().default(0),
  /** the agent who took or made the call */
  handlerId: integer('handler_id').references(() => users.id),
  /** decides who sees the call under a department data scope (the handler's by default) */
  department: text('department'),
  /** dictionary call_category; null until the agent classifies a call the phone system reported */
  category: text('category'),
  summary: text('summary').notNull().default(''),
  outcome: text('outcome').$type<CallOutcome>().notNull().default('resolved'),
  /** the caller, recognised by number or linked later; null: unknown caller */
  customerId: integer('customer_id').references(() => customers.id),
  /** the sales lead made from (or linked to) this call */
  leadId: integer('lead_id').references(() => salesLeads.id),
  followUpOn: date('follow_up_on'),
  followUpNote: text('follow_up_note'),
  source: text('source').$type<CallSource>().notNull().default('console'),
  /** the phone system's own id of the call: a repeat report returns the first record */
  externalCallId: text('external_call_id'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** logical delete of a record made by mistake, with the reason */
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  deletedReason: text('deleted_reason'),
}, (t) => [
  index('calls_started_idx').on(t.startedAt),
  index('calls_number_idx').on(t.number),
  index('calls_number_tail_idx').using('btree', sql`reverse(${t.number}) text_pattern_ops`),
  index('calls_customer_idx').on(t.customerId),
  index('calls_handler_idx').on(t.handlerId, t.startedAt),
  index('calls_department_idx').on(t.department, t.startedAt),
  uniqueIndex('calls_external_call_id_uq').on(t.externalCallId),
  check('calls_direction_ck', sql`${t.direction} IN ('inbound', 'outbound')`),
  check('calls_outcome_ck', sql`${t.outcome} IN ('resolved', 'follow_up', 'transferred', 'missed')`),
  check('calls_number_kind_ck', sql`${t.numberKind} IN ('mobile', 'landline', 'service')`),
  check('calls_source_ck', sql`${t.source} IN ('console', 'cti')`),
  check('calls_duration_ck', sql`${t.durationSeconds} >= 0`),
]);
