import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, bigint, text, boolean, date, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';

/** A person (客户): typed in, reported by the sales system, or imported from property management. */
export const customers = pgTable('customers', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** pinyin without tones, for homophone matching (张珊 / 张三 → zhang shan / zhang san) */
  namePinyin: text('name_pinyin').notNull().default(''),
  gender: text('gender'), // male / female
  birthday: date('birthday'),
  idType: text('id_type'), // dictionary id_type
  /** AES-256-GCM ciphertext of the normalised ID number */
  idNumberEnc: text('id_number_enc'),
  /** HMAC of the normalised ID number: exact lookups without decrypting */
  idNumberHash: text('id_number_hash'),
  /** what screens show without pii.view, e.g. 3301**********1234 */
  idNumberMasked: text('id_number_masked'),
  mobile: text('mobile'),
  homePhone: text('home_phone'),
  email: text('email'),
  address: text('address'),
  source: text('source').notNull().default('manual'), // dictionary customer_source
  tags: text('tags').array().notNull().default([]),
  ownerId: integer('owner_id').references(() => users.id),
  /** owning department (e.g. 滨江案场): decides who sees the record under a department data scope */
  department: text('department'),
  /** true once any purchase exists (购房客户) */
  isBuyer: boolean('is_buyer').notNull().default(false),
  /** the club member this person is, once linked (数据关联) */
  memberId: integer('member_id'),
  /** when this record was found to be the same person as another and merged into it */
  mergedIntoId: integer('merged_into_id'),
  /** the sending system's id (营销系统 / 物业), for idempotent upserts */
  externalSystem: text('external_system'),
  externalId: text('external_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('customers_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  index('customers_pinyin_trgm').using('gin', sql`${t.namePinyin} gin_trgm_ops`),
  index('customers_id_hash_idx').on(t.idNumberHash),
  index('customers_mobile_idx').on(t.mobile),
  index('customers_home_phone_idx').on(t.homePhone),
  index('customers_member_idx').on(t.memberId),
  index('customers_owner_idx').on(t.ownerId),
  uniqueIndex('customers_external_uq').on(t.externalSystem, t.externalId),
]);

/** 购房记录: a unit bought in a project. Amounts in fen. */
export const purchases = pgTable('purchases', {
  id: serial('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id),
  project: text('project').notNull(),
  unit: text('unit').notNull(),
  contractNo: text('contract_no'),
  priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
  receivedFen: bigint('received_fen', { mode: 'number' }).notNull().default(0),
  status: text('status').notNull().default('contracted'), // subscribed / contracted / paid_off / cancelled
  /** set once, when 100% of the price is received: the "purchase fully paid" event fired */
  fullyPaidAt: timestamp('fully_paid_at', { withTimezone: true }),
  externalSystem: text('external_system'),
  externalId: text('external_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('purchases_customer_idx').on(t.customerId),
  index('purchases_project_idx').on(t.project),
  uniqueIndex('purchases_external_uq').on(t.externalSystem, t.externalId),
]);

/** Payments received against a purchase (房款到账). */
export const payments = pgTable('payments', {
  id: serial('id').primaryKey(),
  purchaseId: integer('purchase_id').notNull().references(() => purchases.id),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
  note: text('note'),
  externalSystem: text('external_system'),
  externalId: text('external_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('payments_purchase_idx').on(t.purchaseId),
  uniqueIndex('payments_external_uq').on(t.externalSystem, t.externalId),
]);
