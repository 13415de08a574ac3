import { pgTable, serial, integer, text, boolean, timestamp, unique } from 'drizzle-orm/pg-core';

/** 数据字典: administrator-editable enumerations; other tables store the code. */
export const dictionaryItems = pgTable('dictionary_items', {
  id: serial('id').primaryKey(),
  kind: text('kind').notNull(),
  code: text('code').notNull(),
  /** for a sub-value (客服中心 → 会刊 …): the parent's code in the same kind */
  parentCode: text('parent_code'),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  sort: integer('sort').notNull().default(0),
  active: boolean('active').notNull().default(true),
  builtIn: boolean('built_in').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('dictionary_kind_code').on(t.kind, t.code)]);
