// 数据字典: enumerations administrators edit. Other modules validate their codes here
// and register how to count a value's uses, so a used value can only be deactivated.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { conflict, invalidField, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { dictionaryItems } from './schema.ts';
import { dictionaryKinds } from './seed.ts';
import { registerMessages } from '../../i18n/index.ts';

// Kind names as message params ("字典“活动类型”…" / 'Dictionary "Activity types"…'): errorBody localises entity.* params.
registerMessages(Object.fromEntries(Object.entries(dictionaryKinds).map(([kind, d]) => [`entity.dictionaryKind.${kind}`, { 'zh-CN': d.zh, en: d.en }])));
const kindParam = (kind: string) => (kind in dictionaryKinds ? `entity.dictionaryKind.${kind}` : kind);

type UsageCounter = (tx: Tx, code: string) => Promise<number>;
const usageCounters = new Map<string, UsageCounter[]>();

/** A module that stores codes of a dictionary kind says here how to count their uses. */
export function registerDictionaryUsage(kind: string, count: UsageCounter): void {
  usageCounters.set(kind, [...(usageCounters.get(kind) ?? []), count]);
}

export async function countUses(tx: Tx, kind: string, code: string): Promise<number> {
  let n = 0;
  for (const count of usageCounters.get(kind) ?? []) n += await count(tx, code);
  return n;
}

export async function seedDictionaries(tx: Tx): Promise<void> {
  // one multi-row statement for every kind: this runs on every start
  const values = Object.entries(dictionaryKinds).flatMap(([kind, def]) => def.items.map((it, i) => ({
    kind, code: it.code, parentCode: it.parent ?? null, labelZh: it.zh, labelEn: it.en, sort: (i + 1) * 10, builtIn: true,
  })));
  await tx.insert(dictionaryItems).values(values).onConflictDoNothing();
}

export function listKinds() {
  return Object.entries(dictionaryKinds).map(([kind, d]) => ({ kind, labelZh: d.zh, labelEn: d.en }));
}

function checkKind(kind: string) {
  if (!(kind in dictionaryKinds)) throw invalidField('kind', 'dictionary.unknownKind', { kind });
}

export async function listItems(tx: Tx, q: { kind?: string; activeOnly?: boolean }) {
  const where = [];
  if (q.kind) where.push(eq(dictionaryItems.kind, q.kind));
  if (q.activeOnly) where.push(eq(dictionaryItems.active, true));
  return tx.select().from(dictionaryItems).where(where.length ? and(...where) : undefined)
    .orderBy(asc(dictionaryItems.kind), asc(dictionaryItems.sort), asc(dictionaryItems.id));
}

/** Throws a 400 naming the field unless code is an active value of kind. */
export async function assertActiveValue(tx: Tx, kind: string, code: string, field: string, parent?: string): Promise<void> {
  const [it] = await tx.select().from(dictionaryItems).where(and(eq(dictionaryItems.kind, kind), eq(dictionaryItems.code, code), eq(dictionaryItems.active, true)));
  if (!it || (parent !== undefined && it.parentCode !== parent)) {
    throw invalidField(field, 'validation.dictionaryValue', { kind: kindParam(kind), value: code });
  }
}

export interface ItemInput { kind: string; code: string; parentCode?: string | null; labelZh: string; labelEn: string; sort?: number; active?: boolean }

export async function createItem(tx: Tx, actor: Actor, input: ItemInput) {
  checkKind(input.kind);
  const [exists] = await tx.select({ id: dictionaryItems.id }).from(dictionaryItems)
    .where(and(eq(dictionaryItems.kind, input.kind), eq(dictionaryItems.code, input.code)));
  if (exists) throw conflict('DICTIONARY_CODE_TAKEN', 'dictionary.codeTaken', { kind: kindParam(input.kind), code: input.code });
  if (input.parentCode) await assertActiveValue(tx, input.kind, input.parentCode, 'parentCode');
  const sort = input.sort ?? (await nextSort(tx, input.kind));
  const [it] = await tx.insert(dictionaryItems).values({ ...input, parentCode: input.parentCode ?? null, sort, builtIn: false }).returning();
  await recordAudit(tx, actor, { action: 'dictionary.create', entityType: 'dictionary', entityId: it.id, after: it });
  return it;
}

async function nextSort(tx: Tx, kind: string) {
  const [{ max }] = await tx.select({ max: sql<number>`coalesce(max(${dictionaryItems.sort}), 0)::int` }).from(dictionaryItems).where(eq(dictionaryItems.kind, kind));
  return max + 10;
}

export async function updateItem(tx: Tx, actor: Actor, id: number, input: { labelZh?: string; labelEn?: string; sort?: number; active?: boolean }) {
  const [before] = await tx.select().from(dictionaryItems).where(eq(dictionaryItems.id, id));
  if (!before) throw notFound('dictionary', id);
  const [after] = await tx.update(dictionaryItems).set({ ...input, updatedAt: new Date() }).where(eq(dictionaryItems.id, id)).returning();
  await recordAudit(tx, actor, { action: 'dictionary.update', entityType: 'dictionary', entityId: id, before, after });
  return after;
}

/** Deletes an unused value. Values in use — and built-in ones the system's rules name — can only be deactivated. */
export async function deleteItem(tx: Tx, actor: Actor, id: number) {
  const [it] = await tx.select().from(dictionaryItems).where(eq(dictionaryItems.id, id));
  if (!it) throw notFound('dictionary', id);
  const uses = await countUses(tx, it.kind, it.code);
  const children = await tx.select({ id: dictionaryItems.id }).from(dictionaryItems).where(and(eq(dictionaryItems.kind, it.kind), eq(dictionaryItems.parentCode, it.code)));
  if (uses > 0 || children.length > 0) throw refused('DICTIONARY_VALUE_IN_USE', 'dictionary.inUse', { count: uses + children.length });
  if (it.builtIn) throw refused('DICTIONARY_VALUE_BUILT_IN', 'dictionary.builtIn');
  await tx.delete(dictionaryItems).where(eq(dictionaryItems.id, id));
  await recordAudit(tx, actor, { action: 'dictionary.delete', entityType: 'dictionary', entityId: id, before: it });
}
