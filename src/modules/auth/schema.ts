import type { DataScope } from './permissions.ts';
import { pgTable, serial, integer, bigint, text, boolean, timestamp, primaryKey, index } from 'drizzle-orm/pg-core';

export const roles = pgTable('roles', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  permissions: text('permissions').array().notNull().default([]),
  /** own / department / all: which customers and members the role's users see */
  dataScope: text('data_scope').$type<DataScope>().notNull().default('own'),
  builtIn: boolean('built_in').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  login: text('login').notNull().unique(),
  name: text('name').notNull(),
  department: text('department'),
  email: text('email'),
  mobile: text('mobile'),
  passwordHash: text('password_hash').notNull(),
  active: boolean('active').notNull().default(true),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  language: text('language'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const userRoles = pgTable('user_roles', {
  userId: integer('user_id').notNull().references(() => users.id),
  roleId: integer('role_id').notNull().references(() => roles.id),
}, (t) => [primaryKey({ columns: [t.userId, t.roleId] })]);

/** Console sessions; the id is the SHA-256 of the cookie's token, so a leaked table opens nothing. */
export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/** Bearer tokens for other systems (sales system, website, card readers), each with one role. */
export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  roleId: integer('role_id').notNull().references(() => roles.id),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});

/**
 * The version of everyone's credentials: any change that can end or narrow a session or token
 * (sign-out, user disabled or renamed, roles changed, token revoked) adds one, by triggers
 * (migration 0016). A write that trusted a remembered actor checks it has not moved.
 */
export const authEpoch = pgTable('auth_epoch', {
  id: integer('id').primaryKey().default(1),
  n: bigint('n', { mode: 'number' }).notNull().default(0),
});

/**
 * Failed sign-ins (and wrong current passwords) of the last lockout window, by the login typed
 * (known or not, so the throttle tells nothing about which accounts exist) and the client's
 * address. Kept in the database so every process on it counts the same failures.
 */
export const signInFailures = pgTable('sign_in_failures', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  login: text('login').notNull(),
  address: text('address').notNull(),
  failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('sign_in_failures_login_idx').on(t.login, t.failedAt),
  index('sign_in_failures_address_idx').on(t.address, t.failedAt),
  index('sign_in_failures_failed_at_idx').on(t.failedAt),
]);
