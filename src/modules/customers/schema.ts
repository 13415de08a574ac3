import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, bigint, text, boolean, date, timestamp, jsonb, index, uniqueIndex, primaryKey, customType } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';

/** A person (客户): typed in, reported by the sales system, or imported from property management. */
export const customers = pgTable('customers', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** pinyin without tones, for homophone matching (张珊 / 张三 → zhang shan / zhang san) */
  namePinyin: text('name_pinyin').notNull().default(''),
  /** the name in simplified characters (張偉 → 张伟): what name search and duplicate screening compare (name-forms.ts) */
  nameSimplified: text('name_simplified'),
  /** the sound of the whole name, one key per reading ("zhang san"): two names sound alike when they share a key (name-forms.ts) */
  nameKeys: text('name_keys').array(),
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
  /** the file import (customers or old-project owners 老项目业主) that created this record, and its row in the file */
  importId: integer('import_id'),
  importRow: integer('import_row'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('customers_department_idx').on(t.department),
  index('customers_created_idx').on(t.createdAt),
  // names are searched and compared in simplified characters (name_simplified), traditional ones too
  index('customers_name_simplified_trgm').using('gin', sql`${t.nameSimplified} gin_trgm_ops`),
  // no trigram index on name_pinyin: no query asks `name_pinyin %` (pinyin is compared whole or from the start, through
  // customers_pinyin_compact_idx), and each row written paid for its ~15 trigrams (dropped in 0035, issue 14 item 5)
  // any two characters of a name (pg_trgm needs three; Chinese names have two or three): name_bigrams() is migration 0017,
  // one inlined expression since 0034 (the index and the queries evaluate it without running a query per row)
  index('customers_name_simplified_bigrams').using('gin', sql`name_bigrams(${t.nameSimplified})`),
  // homophones (张珊 ~ 张三): a shared sound key; with the birthday, the duplicate review's first probe
  index('customers_name_keys_idx').using('gin', t.nameKeys),
  index('customers_birthday_idx').on(t.birthday),
  // rows written before the name forms existed, filled at start (fillNameForms); empty otherwise
  index('customers_name_forms_missing_idx').on(t.id).where(sql`name_keys IS NULL`),
  // the same pinyin (王小明 ~ 王晓明) and pinyin typed without spaces (wangxiaoming…), from a btree, not the trigram index
  index('customers_pinyin_compact_idx').using('btree', sql`replace(${t.namePinyin}, ' ', '') text_pattern_ops`),
  index('customers_id_hash_idx').on(t.idNumberHash),
  index('customers_mobile_idx').on(t.mobile),
  index('customers_home_phone_idx').on(t.homePhone),
  // the end of a number (尾号 5678): LIKE '8765%' on the reversed number
  index('customers_mobile_tail_idx').using('btree', sql`reverse(${t.mobile}) text_pattern_ops`),
  index('customers_home_phone_tail_idx').using('btree', sql`reverse(${t.homePhone}) text_pattern_ops`),
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
  /** set when 100% of the price is received (the "purchase fully paid" event fired); cleared when a refund, a void or a cancellation takes it below */
  fullyPaidAt: timestamp('fully_paid_at', { withTimezone: true }),
  note: text('note'),
  externalSystem: text('external_system'),
  externalId: text('external_id'),
  importId: integer('import_id'),
  importRow: integer('import_row'),
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

/**
 * Money given back to the buyer (退款): lowers what was received. When it takes a fully paid
 * purchase below 100%, the purchase is no longer fully paid and its purchase points are reversed.
 */
export const refunds = pgTable('refunds', {
  id: serial('id').primaryKey(),
  purchaseId: integer('purchase_id').notNull().references(() => purchases.id),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  refundedAt: timestamp('refunded_at', { withTimezone: true }).notNull(),
  reason: text('reason').notNull(),
  receiptNo: text('receipt_no'),
  externalSystem: text('external_system'),
  externalId: text('external_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('refunds_purchase_idx').on(t.purchaseId),
  uniqueIndex('refunds_external_uq').on(t.externalSystem, t.externalId),
]);

/**
 * An import of customers, or of old-project owners (老项目业主) from a property-management file, run
 * as a job: the file is stored (encrypted) in customer_import_chunks, then read in chunks of rows,
 * each chunk written in one transaction together with the cursor, so a process killed at any
 * moment resumes from the last committed chunk.
 */
export const customerImports = pgTable('customer_imports', {
  id: serial('id').primaryKey(),
  /** customers: plain customer records; owners: old-project owners with their units */
  kind: text('kind').$type<ImportKind>().notNull().default('owners'),
  fileName: text('file_name').notNull(),
  format: text('format').$type<'csv' | 'xlsx'>().notNull(),
  /** uploading → queued → running → done / failed / cancelled */
  status: text('status').$type<ImportStatus>().notNull().default('done'),
  actorKind: text('actor_kind').notNull().default('user'),
  actorName: text('actor_name').notNull(),
  actorId: integer('actor_id'),
  actorDepartment: text('actor_department'),
  /** what the uploader chose for every row (e.g. the default customer source) */
  options: jsonb('options').$type<ImportOptions>().notNull().default({}),
  fileSize: bigint('file_size', { mode: 'number' }).notNull().default(0),
  sha256: text('sha256'),
  /** data rows: estimated from the file at upload (CSV), exact once done */
  totalRows: integer('total_rows').notNull().default(0),
  /** records read past the header: where a resumed run starts again */
  cursor: integer('cursor').notNull().default(0),
  rowsDone: integer('rows_done').notNull().default(0),
  bytesDone: bigint('bytes_done', { mode: 'number' }).notNull().default(0),
  /** rows that created a customer or a purchase */
  importedRows: integer('imported_rows').notNull().default(0),
  customersCreated: integer('customers_created').notNull().default(0),
  purchasesCreated: integer('purchases_created').notNull().default(0),
  errorRows: integer('error_rows').notNull().default(0),
  duplicateRows: integer('duplicate_rows').notNull().default(0),
  issueCount: integer('issue_count').notNull().default(0),
  /** why a failed import stopped: { key, params } of the message catalogue */
  error: jsonb('error').$type<{ key: string; params?: Record<string, unknown> } | null>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [index('customer_imports_open_idx').on(t.status)]);

export type ImportKind = 'customers' | 'owners';
export type ImportStatus = 'uploading' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ImportOptions {
  /** customer_source of rows that name none (customers kind) */
  source?: string;
}

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** The uploaded file, in order, sealed with the PII key (it holds ID numbers in clear); removed when the import ends. */
export const customerImportChunks = pgTable('customer_import_chunks', {
  importId: integer('import_id').notNull().references(() => customerImports.id, { onDelete: 'cascade' }),
  seq: integer('seq').notNull(),
  data: bytea('data').notNull(),
}, (t) => [primaryKey({ columns: [t.importId, t.seq] })]);

/** The per-row report: one line per bad field or duplicate row. Values of ID numbers never appear. */
export const customerImportIssues = pgTable('customer_import_issues', {
  importId: integer('import_id').notNull().references(() => customerImports.id, { onDelete: 'cascade' }),
  row: integer('row').notNull(),
  field: text('field').notNull(),
  key: text('key').notNull(),
  params: jsonb('params').$type<Record<string, unknown>>(),
  level: text('level').notNull(), // error / duplicate
}, (t) => [primaryKey({ columns: [t.importId, t.row, t.field] })]);

export interface ImportIssue {
  row: number;
  field: string;
  key: string;
  params?: Record<string, unknown>;
  level: 'error' | 'duplicate';
}
