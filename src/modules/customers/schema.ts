import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, bigint, text, boolean, date, timestamp, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
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
  /** 备注 */
  note: text('note'),
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
  /** the property-management import (老项目业主) that created this record */
  importId: integer('import_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('customers_department_idx').on(t.department),
  index('customers_created_idx').on(t.createdAt),
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
  /** 签约日期 */
  contractDate: date('contract_date'),
  /** the price in fen; null only for imported old-project purchases whose price property management does not know */
  priceFen: bigint('price_fen', { mode: 'number' }),
  receivedFen: bigint('received_fen', { mode: 'number' }).notNull().default(0),
  status: text('status').notNull().default('contracted'), // subscribed / contracted / paid_off / cancelled
  /**
   * sale: sold through the sales office / sales system (raises the automatic application, earns
   * purchase points when fully paid); property_import: an old project's unit imported from
   * property management (老项目业主) — paid off long ago, never a new sale, never purchase points.
   */
  origin: text('origin').notNull().default('sale'),
  /** set once, when 100% of the price is received: the "purchase fully paid" event fired */
  fullyPaidAt: timestamp('fully_paid_at', { withTimezone: true }),
  note: text('note'),
  externalSystem: text('external_system'),
  externalId: text('external_id'),
  importId: integer('import_id'),
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
  /** 收据号 */
  receiptNo: text('receipt_no'),
  note: text('note'),
  externalSystem: text('external_system'),
  externalId: text('external_id'),
  /** a payment entered by mistake is voided (kept, no longer counted) — only before the purchase is fully paid */
  voidedAt: timestamp('voided_at', { withTimezone: true }),
  voidReason: text('void_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('payments_purchase_idx').on(t.purchaseId),
  uniqueIndex('payments_external_uq').on(t.externalSystem, t.externalId),
]);

/** An import of old-project owners (老项目业主) from a property-management file, with its per-row report. */
export const customerImports = pgTable('customer_imports', {
  id: serial('id').primaryKey(),
  fileName: text('file_name').notNull(),
  format: text('format').notNull(), // csv / xlsx
  actorName: text('actor_name').notNull(),
  actorId: integer('actor_id'),
  totalRows: integer('total_rows').notNull().default(0),
  customersCreated: integer('customers_created').notNull().default(0),
  purchasesCreated: integer('purchases_created').notNull().default(0),
  errorRows: integer('error_rows').notNull().default(0),
  duplicateRows: integer('duplicate_rows').notNull().default(0),
  /** [{ row, field, key, params, level: error | duplicate }]; values of ID numbers only masked */
  issues: jsonb('issues').$type<ImportIssue[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export interface ImportIssue {
  row: number;
  field: string;
  key: string;
  params?: Record<string, unknown>;
  level: 'error' | 'duplicate';
}
