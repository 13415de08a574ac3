// The customer list (客户查询): one search box (a name fuzzy and by pinyin, a mobile or its last
// digits, an ID number through its keyed hash), filters, the actor's data scope, and the values
// the filters offer. Shared by the list and the export.
import { and, arrayContains, desc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import type { Crypto } from '../../pii.ts';
import type { Actor } from '../auth/actor.ts';
import { userNamesById } from '../auth/service.ts';
import { normaliseMobile } from './identity.ts';
import { customers, purchases } from './schema.ts';
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

/** Fuzzy name match: substring, trigram similarity (张三 ~ 张三丰) and pinyin (王小明 ~ 王晓明, "zhangsan"). */
function nameMatch(q: string): { cond: SQL; rank: SQL } {
  const text = q.trim();
  const py = namePinyin(text);
  const pyCompact = py.replace(/\s+/g, '');
  const cond = or(
    sql`${customers.name} ILIKE ${'%' + likeEscape(text) + '%'}`,
    sql`${customers.name} % ${text}`,
    sql`${customers.namePinyin} = ${py}`,
    /^[a-z\s]+$/i.test(text) ? sql`replace(${customers.namePinyin}, ' ', '') ILIKE ${'%' + likeEscape(pyCompact) + '%'}` : undefined,
  )!;
  const rank = sql`greatest(similarity(${customers.name}, ${text}), case when ${customers.namePinyin} = ${py} then 0.9 else 0 end)`;
  return { cond, rank };
}

/** A whole mobile (any notation, +86 too) matches exactly; a few digits match anywhere in mobile or home phone. */
function phoneMatch(raw: string): SQL {
  const full = normaliseMobile(raw);
  if (full) return or(eq(customers.mobile, full), eq(customers.homePhone, full))!;
  const digits = raw.replace(/\D/g, '') || '-';
  return or(sql`${customers.mobile} LIKE ${'%' + digits + '%'}`, sql`${customers.homePhone} LIKE ${'%' + digits + '%'}`)!;
}

const idNumberLike = /^(\d{15}|\d{17}[\dXx])$|^[A-Za-z]{1,2}\d{6,10}$/;
/** A search text that is an ID number (resident 15/18 digits, or passport-like), looked up exactly by its hash. */
export const looksLikeIdNumber = (text: string) => idNumberLike.test(text.replace(/[\s-]/g, ''));

export function customerConditions(actor: Actor, pii: Crypto, q: Omit<CustomerQuery, 'page' | 'pageSize'>): { where: SQL | undefined; rank: SQL | null } {
  const conds: (SQL | undefined)[] = [customerScope(actor)];
  let rank: SQL | null = null;
  const deleted = q.deleted ?? 'exclude';
  if (deleted === 'exclude') conds.push(isNull(customers.deletedAt));
  if (deleted === 'only') conds.push(isNotNull(customers.deletedAt));
  const box = q.q?.trim();
  if (box) {
    const compact = box.replace(/[\s-]/g, '');
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
  }
  if (q.mobile?.trim()) conds.push(phoneMatch(q.mobile));
  if (q.idNumber?.trim()) conds.push(eq(customers.idNumberHash, idNumberHash(pii, q.idNumber)));
  if (q.tag) conds.push(arrayContains(customers.tags, [q.tag]));
  if (q.ownerId) conds.push(eq(customers.ownerId, q.ownerId));
  if (q.department) conds.push(eq(customers.department, q.department));
  if (q.source) conds.push(eq(customers.source, q.source));
  if (q.isBuyer !== undefined) conds.push(eq(customers.isBuyer, q.isBuyer));
  if (q.isMember !== undefined) conds.push(q.isMember ? isNotNull(customers.memberId) : isNull(customers.memberId));
  if (q.project) {
    conds.push(sql`exists (select 1 from ${purchases} where ${purchases.customerId} = ${customers.id} and ${purchases.project} = ${q.project} and ${purchases.deletedAt} is null)`);
  }
  return { where: and(...conds.filter(Boolean)), rank };
}

export async function listCustomers(tx: Tx, actor: Actor, pii: Crypto, q: CustomerQuery) {
  const { where, rank } = customerConditions(actor, pii, q);
  const order = rank ? [desc(rank), desc(customers.id)] : [desc(customers.createdAt), desc(customers.id)];
  const [list, [{ total }]] = await Promise.all([
    tx.select().from(customers).where(where).orderBy(...order).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: sql<number>`count(*)::int` }).from(customers).where(where),
  ]);
  const items = await withOwnerNames(tx, list.map((c) => presentCustomer(c, actor, pii)));
  return { items, total, page: q.page, pageSize: q.pageSize };
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

