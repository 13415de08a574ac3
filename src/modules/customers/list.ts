// The customer list (客户查询): one search box (a name fuzzy and by pinyin, a mobile or its last
// digits, an ID number through its keyed hash), filters, the actor's data scope, and the values
// the filters offer. Shared by the list and the export. Every search is answered from an index
// (benchmarked at 1.2M customers: bench/lists.ts); totals beyond a few thousand are estimates.
import { and, arrayContains, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { rows, type Tx } from '../../db/index.ts';
import { listTotal } from '../../db/total.ts';
import type { Crypto } from '../../pii.ts';
import type { Actor } from '../auth/actor.ts';
import { userNamesById } from '../auth/service.ts';
import { normaliseMobile } from './identity.ts';
import { customers, purchases } from './schema.ts';
import { simplifiedName } from './name-forms.ts';
import { customerScope, idNumberHash, namePinyin, presentCustomer, withOwnerNames } from './service.ts';

export interface CustomerQuery {
  page: number;
  pageSize: number;
  /** one box: a name (fuzzy, pinyin too), a mobile or phone (or its last digits), or an ID number (exact) */
  q?: string;
  name?: string;
  mobile?: string;
  idNumber?: string;
  tag?: string;
  ownerId?: number;
  department?: string;
  source?: string;
  project?: string;
  isBuyer?: boolean;
  isMember?: boolean;
  /** exclude (default), include, or only logically deleted records */
  deleted?: 'exclude' | 'include' | 'only';
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * Names containing `text`. Two characters or more are looked up through the pairs-of-characters
 * index (name_bigrams, migration 0017; pg_trgm needs three and most Chinese names have two or
 * three), the LIKE beside it checks their order; a single character is a plain LIKE.
 */
export function nameContains(name: SQL | AnyPgColumn, text: string): SQL {
  const like = sql`${name} ILIKE ${'%' + likeEscape(text) + '%'}`;
  return [...text].length >= 2 ? sql`(name_bigrams(${name}) @> name_bigrams(${text}) AND ${like})` : like;
}

/** The same pinyin as `py` (spaces aside): the compact-pinyin index. */
function samePinyin(namePinyin: SQL | AnyPgColumn, py: string): SQL {
  return sql`replace(${namePinyin}, ' ', '') = ${py.replace(/\s+/g, '')}`;
}

/** Pinyin typed without spaces, from the start of the name (zhangsan, ouyangn…): the compact-pinyin index. */
export function pinyinStartsWith(namePinyin: SQL | AnyPgColumn, text: string): SQL {
  return sql`replace(${namePinyin}, ' ', '') LIKE ${likeEscape(text.toLowerCase().replace(/\s+/g, '')) + '%'}`;
}

/**
 * Fuzzy name match, in simplified characters (張偉 finds 张伟 and the reverse: name_simplified):
 * the name containing the text, trigram similarity (张三 ~ 张三丰), the same pinyin (王小明 ~ 王晓明)
 * and pinyin letters from the start ("zhangsan"). Ranked by similarity, except for a single
 * character, which says nothing about closeness (newest first then).
 */
function nameMatch(q: string): { cond: SQL; rank: SQL | null } {
  const text = simplifiedName(q);
  const py = namePinyin(text);
  const single = [...text].length < 2;
  const cond = or(
    nameContains(customers.nameSimplified, text),
    // similarity needs three characters: for two, sharing one padded trigram (the surname) passes the threshold —
    // every 李 would be read and compared for 李兰 (1.9 s at 1.2M); containing them finds what is close
    [...text].length < 3 ? undefined : sql`${customers.nameSimplified} % ${text}`,
    samePinyin(customers.namePinyin, py),
    /^[a-z\s]+$/i.test(text) ? pinyinStartsWith(customers.namePinyin, text) : undefined,
  )!;
  const rank = single ? null : sql`greatest(similarity(${customers.nameSimplified}, ${text}), case when ${customers.namePinyin} = ${py} then 0.9 else 0 end)`;
  return { cond, rank };
}

/**
 * A whole mobile (any notation, +86 too) matches exactly; a few digits match the end of a mobile or
 * home phone (尾号), through indexes on the reversed numbers.
 */
function phoneMatch(raw: string): SQL {
  const full = normaliseMobile(raw);
  if (full) return or(eq(customers.mobile, full), eq(customers.homePhone, full))!;
  const tail = [...(raw.replace(/\D/g, '') || '-')].reverse().join('') + '%';
  return or(sql`reverse(${customers.mobile}) LIKE ${tail}`, sql`reverse(${customers.homePhone}) LIKE ${tail}`)!;
}

const idNumberLike = /^(\d{15}|\d{17}[\dXx])$|^[A-Za-z]{1,2}\d{6,10}$/;
/** A search text that is an ID number (resident 15/18 digits, or passport-like), looked up exactly by its hash. */
export const looksLikeIdNumber = (text: string) => idNumberLike.test(text.replace(/[\s-]/g, ''));

/**
 * The list's conditions, its rank (name searches), and whether a search narrows it to few rows
 * through an index (a name of two characters or more, a phone, an ID number): those rows are then
 * found first and sorted, rather than read newest first until the page is full.
 */
export function customerConditions(actor: Actor, pii: Crypto, q: Omit<CustomerQuery, 'page' | 'pageSize'>): { where: SQL | undefined; rank: SQL | null; narrow: boolean } {
  const conds: (SQL | undefined)[] = [customerScope(actor)];
  let rank: SQL | null = null;
  let narrow = false;
  const deleted = q.deleted ?? 'exclude';
  if (deleted === 'exclude') conds.push(isNull(customers.deletedAt));
  if (deleted === 'only') conds.push(isNotNull(customers.deletedAt));
  const box = q.q?.trim();
  if (box) {
    const compact = box.replace(/[\s-]/g, '');
    narrow = [...box].length >= 2;
    if (looksLikeIdNumber(compact)) {
      conds.push(eq(customers.idNumberHash, idNumberHash(pii, compact)));
    } else if (/^\+?\d{3,}$/.test(compact)) {
      conds.push(phoneMatch(compact));
    } else {
      const m = nameMatch(box);
      conds.push(m.cond);
      rank = m.rank;
    }
  }
  if (q.name?.trim()) {
    const m = nameMatch(q.name);
    conds.push(m.cond);
    rank ??= m.rank;
    narrow ||= [...q.name.trim()].length >= 2;
  }
  if (q.mobile?.trim()) conds.push(phoneMatch(q.mobile));
  if (q.idNumber?.trim()) conds.push(eq(customers.idNumberHash, idNumberHash(pii, q.idNumber)));
  if (q.mobile?.trim() || q.idNumber?.trim()) narrow = true;
  if (q.tag) conds.push(arrayContains(customers.tags, [q.tag]));
  if (q.ownerId) conds.push(eq(customers.ownerId, q.ownerId));
  if (q.department) conds.push(eq(customers.department, q.department));
  if (q.source) conds.push(eq(customers.source, q.source));
  if (q.isBuyer !== undefined) conds.push(eq(customers.isBuyer, q.isBuyer));
  if (q.isMember !== undefined) conds.push(q.isMember ? isNotNull(customers.memberId) : isNull(customers.memberId));
  if (q.project) {
    conds.push(sql`exists (select 1 from ${purchases} where ${purchases.customerId} = ${customers.id} and ${purchases.project} = ${q.project} and ${purchases.deletedAt} is null)`);
  }
  return { where: and(...conds.filter(Boolean)), rank, narrow };
}

export async function listCustomers(tx: Tx, actor: Actor, pii: Crypto, q: CustomerQuery) {
  const { where, rank, narrow } = customerConditions(actor, pii, q);
  const offset = (q.page - 1) * q.pageSize;
  const matching = sql`SELECT ${customers.id} AS id, ${customers.createdAt} AS created_at, ${rank ?? sql`0`} AS rank FROM ${customers} WHERE ${where ?? sql`true`}`;
  const order = sql.raw(rank ? 'rank DESC, id DESC' : 'created_at DESC, id DESC');
  // a narrow search: its matches first (an index) and counted while sorted — planned with the LIMIT, a
  // tail of a mobile (尾号 0000) was looked for by reading customers newest first (1.5 s at 1.2M)
  const page = await rows<{ id: number; total: number | null }>(tx, narrow
    ? sql`WITH found AS MATERIALIZED (${matching}) SELECT id, count(*) OVER () AS total FROM found ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${offset}`
    : sql`SELECT id, NULL::bigint AS total FROM (${matching}) AS found ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${offset}`);
  const ids = page.map((r) => Number(r.id));
  const byId = new Map((ids.length ? await tx.select().from(customers).where(inArray(customers.id, ids)) : []).map((c) => [c.id, c]));
  const list = ids.map((id) => byId.get(id)!).filter(Boolean);
  const { total, totalExact } = page[0]?.total != null
    ? { total: Number(page[0].total), totalExact: true }
    : await listTotal(tx, sql`SELECT 1 FROM ${customers} WHERE ${where ?? sql`true`}`, { offset, pageSize: q.pageSize, found: list.length });
  const items = await withOwnerNames(tx, list.map((c) => presentCustomer(c, actor, pii)));
  return { items, total, totalExact, page: q.page, pageSize: q.pageSize };
}

/** The staff who own customers the actor may see, for the owner filter. */
export async function listCustomerOwners(tx: Tx, actor: Actor) {
  const ids = await tx.selectDistinct({ id: customers.ownerId }).from(customers).where(and(customerScope(actor), isNull(customers.deletedAt), isNotNull(customers.ownerId)));
  const names = await userNamesById(tx, ids.map((r) => r.id!));
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** Tags and departments in use, for the filters. */
export async function customerFacets(tx: Tx, actor: Actor) {
  const scope = and(customerScope(actor), isNull(customers.deletedAt));
  const tags = await tx.selectDistinct({ tag: sql<string>`unnest(${customers.tags})` }).from(customers).where(scope);
  const departments = await tx.selectDistinct({ department: customers.department }).from(customers).where(and(scope, isNotNull(customers.department)));
  return {
    tags: tags.map((t) => t.tag).sort(),
    departments: departments.map((d) => d.department!).sort(),
  };
}

