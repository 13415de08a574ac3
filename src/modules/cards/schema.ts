import { sql } from 'drizzle-orm';
import { pgTable, serial, integer, text, boolean, timestamp, index, uniqueIndex, check, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { members } from '../membership/schema.ts';

/** Main (主卡, the levels) or sub (子卡); the check constraints hold the same lists. */
export const cardKinds = ['main', 'sub'] as const;
export const cardStatuses = ['active', 'replaced', 'lost', 'cancelled', 'lapsed', 'ended'] as const;
export type CardStatus = (typeof cardStatuses)[number];
export const upgradeStatuses = ['pending', 'approved', 'rejected'] as const;
export type UpgradeStatus = (typeof upgradeStatuses)[number];

/**
 * 卡类型 (card types): the configuration of a value of dictionary card_type. Main types (主卡)
 * are the levels, ordered by rank; sub types (子卡) hang under a main card and lapse by themselves.
 */
export const cardTypes = pgTable('card_types', {
  /** code of the dictionary card_type value; its labels come from the dictionary */
  code: text('code').primaryKey(),
  kind: text('kind').$type<(typeof cardKinds)[number]>().notNull(), // main / sub
  /** main types: the level order, 1 = lowest; sub types: 0 */
  rank: integer('rank').notNull().default(0),
  /** points credited when a card of this type is issued (sub cards credit the main card's account) */
  basePoints: integer('base_points').notNull().default(0),
  /** main types: a member whose points reach this is proposed an upgrade to this type */
  upgradeThreshold: integer('upgrade_threshold'),
  /** sub types: months after issue when the card lapses by itself */
  validityMonths: integer('validity_months'),
  /** sub types: the merchant of a co-branded card (联名卡) */
  coBrandMerchant: text('co_brand_merchant'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('card_types_kind_ck', sql`${t.kind} IN ('main', 'sub')`),
  check('card_types_points_ck', sql`${t.basePoints} >= 0 AND (${t.upgradeThreshold} IS NULL OR ${t.upgradeThreshold} > 0)`),
  check('card_types_validity_ck', sql`${t.validityMonths} IS NULL OR ${t.validityMonths} > 0`),
  uniqueIndex('card_types_main_rank_uq').on(t.rank).where(sql`kind = 'main'`),
]);

/**
 * 会员卡: every card ever issued. Numbers are never reused (unique over all states); a card is
 * never deleted, its end is a state. Level = type of the member's one active main card.
 */
export const cards = pgTable('cards', {
  id: serial('id').primaryKey(),
  cardNo: text('card_no').notNull().unique(),
  memberId: integer('member_id').notNull().references(() => members.id),
  typeCode: text('type_code').notNull().references(() => cardTypes.code),
  kind: text('kind').$type<(typeof cardKinds)[number]>().notNull(), // main / sub (copied from the type: a type's kind never changes)
  /** sub cards: the main card they hang under */
  mainCardId: integer('main_card_id').references((): AnyPgColumn => cards.id),
  /** active / replaced (main, 换卡) / lost (main, 挂失: number blocked) / cancelled (sub, 注销) / lapsed (sub, validity over) / ended (sub, its main card was replaced) */
  status: text('status').$type<CardStatus>().notNull().default('active'),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
  /** sub cards: lapse at this instant */
  validUntil: timestamp('valid_until', { withTimezone: true }),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  /** main cards: the card that replaced this one */
  replacedById: integer('replaced_by_id').references((): AnyPgColumn => cards.id),
  issuedBy: text('issued_by').notNull(),
  note: text('note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('cards_kind_ck', sql`${t.kind} IN ('main', 'sub')`),
  check('cards_status_ck', sql`${t.status} IN ('active', 'replaced', 'lost', 'cancelled', 'lapsed', 'ended')`),
  // one active main card per member: the level is never ambiguous
  uniqueIndex('cards_one_active_main_uq').on(t.memberId).where(sql`kind = 'main' AND status = 'active'`),
  index('cards_member_idx').on(t.memberId),
  index('cards_main_idx').on(t.mainCardId),
  index('cards_lapse_idx').on(t.validUntil).where(sql`kind = 'sub' AND status = 'active'`),
]);

/** Card history: every state change of every card (issue, replace, loss, cancel, lapse, end). */
export const cardEvents = pgTable('card_events', {
  id: serial('id').primaryKey(),
  cardId: integer('card_id').notNull().references(() => cards.id),
  memberId: integer('member_id').notNull().references(() => members.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  kind: text('kind').notNull(), // issued / replaced / lost / cancelled / lapsed / ended / upgraded
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  /** the other card of a replacement (new card on the old one's event, old card on the new one's) */
  relatedCardId: integer('related_card_id'),
  actorName: text('actor_name').notNull(),
  note: text('note'),
}, (t) => [index('card_events_card_idx').on(t.cardId, t.at), index('card_events_member_idx').on(t.memberId, t.at)]);

/**
 * 换卡申请 (card change requests): raised automatically when a member's points reach a higher main
 * type's threshold (自动换卡), or by staff replacing a main card with another main type (an
 * upgrade or a downgrade); someone holding card.approve decides, and approval issues the new main
 * card. One pending request per member; a rejected automatic proposal is not raised again for its
 * type (a rejected staff request does not stop the points rule).
 */
export const cardUpgrades = pgTable('card_upgrades', {
  id: serial('id').primaryKey(),
  memberId: integer('member_id').notNull().references(() => members.id),
  fromCardId: integer('from_card_id').notNull().references(() => cards.id),
  fromType: text('from_type').notNull(),
  toType: text('to_type').notNull().references(() => cardTypes.code),
  /** the balance that reached the threshold */
  balance: integer('balance').notNull(),
  status: text('status').$type<UpgradeStatus>().notNull().default('pending'),
  proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
  newCardId: integer('new_card_id').references(() => cards.id),
  /** staff requests: who asked (null: raised by the points rule) */
  requestedBy: text('requested_by'),
  /** staff requests: the number of the new card in hand (the approver may give another) */
  requestedCardNo: text('requested_card_no'),
  requestNote: text('request_note'),
}, (t) => [
  check('card_upgrades_status_ck', sql`${t.status} IN ('pending', 'approved', 'rejected')`),
  uniqueIndex('card_upgrades_pending_uq').on(t.memberId).where(sql`status = 'pending'`),
  index('card_upgrades_status_idx').on(t.status, t.proposedAt),
]);
