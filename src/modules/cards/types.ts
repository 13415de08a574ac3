// 卡类型: main types are the levels (rank, base points, upgrade threshold); sub types hang under a
// main card (base points to the member's account, validity, co-brand merchant). The names are
// the dictionary card_type's values; this is their configuration.
import { asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { assertActiveValue, listItems, registerDictionaryUsage } from '../dictionaries/service.ts';
import { cards, cardTypes } from './schema.ts';
import './messages.ts';

export type CardType = typeof cardTypes.$inferSelect;

registerDictionaryUsage('card_type', async (tx, code) => {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(cards).where(eq(cards.typeCode, code));
  const [{ t }] = await tx.select({ t: sql<number>`count(*)::int` }).from(cardTypes).where(eq(cardTypes.code, code));
  return n + t;
});

/** The seeded configuration of the four seeded dictionary values (SPEC §3). */
const seeded: (typeof cardTypes.$inferInsert)[] = [
  { code: 'normal', kind: 'main', rank: 1, basePoints: 100, upgradeThreshold: null },
  { code: 'vip', kind: 'main', rank: 2, basePoints: 500, upgradeThreshold: 10_000 },
  { code: 'discount', kind: 'sub', rank: 0, basePoints: 0, validityMonths: 12 },
  { code: 'co_brand', kind: 'sub', rank: 0, basePoints: 200, validityMonths: 24 },
];

/** Seeds the card types once; an administrator's later edits are kept. */
export async function ensureCardTypes(tx: Tx): Promise<void> {
  await tx.insert(cardTypes).values(seeded).onConflictDoNothing();
}

export async function listCardTypes(tx: Tx) {
  const [types, labels] = await Promise.all([
    tx.select().from(cardTypes).orderBy(asc(cardTypes.kind), asc(cardTypes.rank), asc(cardTypes.code)),
    listItems(tx, { kind: 'card_type' }),
  ]);
  return types.map((t) => {
    const d = labels.find((l) => l.code === t.code);
    return { ...t, labelZh: d?.labelZh ?? t.code, labelEn: d?.labelEn ?? t.code };
  });
}

export async function findCardType(tx: Tx, code: string): Promise<CardType | null> {
  const [t] = await tx.select().from(cardTypes).where(eq(cardTypes.code, code));
  return t ?? null;
}

export async function getCardType(tx: Tx, code: string): Promise<CardType> {
  const t = await findCardType(tx, code);
  if (!t) throw notFound('cardType', code);
  return t;
}

export interface CardTypeInput {
  code: string;
  kind: 'main' | 'sub';
  rank?: number | null;
  basePoints?: number;
  upgradeThreshold?: number | null;
  validityMonths?: number | null;
  coBrandMerchant?: string | null;
  active?: boolean;
}

async function checkShape(tx: Tx, t: Required<Omit<CardTypeInput, 'active'>>, selfCode: string | null) {
  if (t.kind === 'main') {
    if (!t.rank || t.rank < 1) throw invalidField('rank', 'card.rankRequired');
    if (t.validityMonths != null) throw invalidField('validityMonths', 'card.subFieldsOnly');
    if (t.coBrandMerchant) throw invalidField('coBrandMerchant', 'card.subFieldsOnly');
    const [other] = await tx.select().from(cardTypes).where(sql`${cardTypes.kind} = 'main' AND ${cardTypes.rank} = ${t.rank}`);
    if (other && other.code !== selfCode) throw conflict('CARD_RANK_TAKEN', 'card.rankTaken', { rank: t.rank, type: other.code });
  } else if (t.upgradeThreshold != null) {
    throw invalidField('upgradeThreshold', 'card.mainFieldsOnly');
  }
}

export async function createCardType(tx: Tx, actor: Actor, input: CardTypeInput): Promise<CardType> {
  await assertActiveValue(tx, 'card_type', input.code, 'code');
  const [exists] = await tx.select({ code: cardTypes.code }).from(cardTypes).where(eq(cardTypes.code, input.code));
  if (exists) throw conflict('CARD_TYPE_EXISTS', 'card.typeExists', { type: input.code });
  const shape = {
    code: input.code, kind: input.kind, rank: input.kind === 'main' ? (input.rank ?? 0) : 0, basePoints: input.basePoints ?? 0,
    upgradeThreshold: input.upgradeThreshold ?? null, validityMonths: input.validityMonths ?? null, coBrandMerchant: input.coBrandMerchant?.trim() || null,
  };
  await checkShape(tx, shape, null);
  const [t] = await tx.insert(cardTypes).values({ ...shape, active: input.active ?? true }).returning();
  await recordAudit(tx, actor, { action: 'cardType.create', entityType: 'cardType', entityId: t.code, after: t });
  return t;
}

/** Edits a type; its kind never changes (cards of it exist as main or sub). */
export async function updateCardType(tx: Tx, actor: Actor, code: string, patch: Omit<Partial<CardTypeInput>, 'code' | 'kind'>): Promise<CardType> {
  const before = await getCardType(tx, code);
  const next = {
    code, kind: before.kind as 'main' | 'sub',
    rank: patch.rank !== undefined && before.kind === 'main' ? (patch.rank ?? 0) : before.rank,
    basePoints: patch.basePoints ?? before.basePoints,
    upgradeThreshold: patch.upgradeThreshold !== undefined ? patch.upgradeThreshold : before.upgradeThreshold,
    validityMonths: patch.validityMonths !== undefined ? patch.validityMonths : before.validityMonths,
    coBrandMerchant: patch.coBrandMerchant !== undefined ? (patch.coBrandMerchant?.trim() || null) : before.coBrandMerchant,
  };
  await checkShape(tx, next, code);
  const [after] = await tx.update(cardTypes).set({ ...next, active: patch.active ?? before.active, updatedAt: new Date() })
    .where(eq(cardTypes.code, code)).returning();
  await recordAudit(tx, actor, { action: 'cardType.update', entityType: 'cardType', entityId: code, before, after });
  return after;
}

/** The level new members start at: the lowest-rank active main type. */
export async function lowestMainType(tx: Tx): Promise<CardType> {
  const [t] = await tx.select().from(cardTypes).where(sql`${cardTypes.kind} = 'main' AND ${cardTypes.active}`).orderBy(asc(cardTypes.rank)).limit(1);
  if (!t) throw conflict('NO_MAIN_CARD_TYPE', 'card.noMainType');
  return t;
}
