// Partner merchants (商家, SPEC §8): merchants and their services, open to some member levels
// for a period. Feedback, participation and ratings live in activity.ts.
// Other modules use getMerchant / assertMerchantExists (e.g. cards: the co-brand merchant of a
// sub-card type) and servicesOpenToMember (the website).
import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { beforeId, listOrder, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { AppError, invalidField, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { registerDictionaryUsage } from '../dictionaries/service.ts';
import { fuzzyText } from '../complaints/search.ts';
import { assertLevels } from './links.ts';
import { merchants, merchantServiceParticipations, merchantServices } from './schema.ts';
import './messages.ts';

export const merchantImportances = ['high', 'normal', 'low'] as const;
export type MerchantRow = typeof merchants.$inferSelect;
export type ServiceRow = typeof merchantServices.$inferSelect;

// A level named by a live service cannot be deleted from the card_type dictionary.
registerDictionaryUsage('card_type', async (tx, code) => {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(merchantServices)
    .where(and(sql`${code} = ANY(${merchantServices.eligibleLevels})`, isNull(merchantServices.deletedAt)));
  return n;
});

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
/** Throws a 400 naming field unless s is a real calendar date (2025-02-30 is not). */
export function checkDate(s: string | null | undefined, field: string): void {
  if (s == null) return;
  const d = new Date(`${s}T00:00:00Z`);
  if (!dateOnly.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw invalidField(field, 'merchant.badDate');
}

// ---------- merchants ----------

export interface MerchantInput {
  code: string;
  name: string;
  contact?: string | null;
  address?: string | null;
  phone1?: string | null;
  phone2?: string | null;
  parentCompany?: string | null;
  type?: string | null;
  importance?: (typeof merchantImportances)[number];
  contractEndsOn?: string | null;
  note?: string | null;
}

const blank = (s: string | null | undefined) => (s == null ? null : s.trim() || null);

function merchantValues(input: Partial<MerchantInput>) {
  const out: Partial<MerchantRow> = {};
  if (input.name !== undefined) out.name = input.name.trim();
  for (const k of ['contact', 'address', 'phone1', 'phone2', 'parentCompany', 'type', 'note'] as const) {
    if (input[k] !== undefined) out[k] = blank(input[k]);
  }
  if (input.importance !== undefined) out.importance = input.importance;
  if (input.contractEndsOn !== undefined) {
    checkDate(input.contractEndsOn, 'contractEndsOn');
    out.contractEndsOn = input.contractEndsOn;
  }
  return out;
}

export async function createMerchant(tx: Tx, actor: Actor, input: MerchantInput, now: Date) {
  const code = input.code.trim();
  const [taken] = await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.code, code));
  if (taken) throw new AppError(409, 'MERCHANT_CODE_TAKEN', 'merchant.codeTaken', { code, id: taken.id }, [{ field: 'code', key: 'merchant.codeTaken', params: { code, id: taken.id } }]);
  const [m] = await tx.insert(merchants).values({ ...merchantValues(input), code, name: input.name.trim(), createdAt: now, updatedAt: now }).returning();
  await recordAudit(tx, actor, { action: 'merchant.create', entityType: 'merchant', entityId: m.id, after: m });
  return m;
}

/** The merchant by id or by code, deleted ones included; 404 when there is none. */
export async function getMerchant(tx: Tx, idOrCode: number | string): Promise<MerchantRow> {
  const [m] = await tx.select().from(merchants).where(typeof idOrCode === 'number' ? eq(merchants.id, idOrCode) : eq(merchants.code, idOrCode));
  if (!m) throw notFound('merchant', idOrCode);
  return m;
}

/** For other modules' input (e.g. a co-branded card type): a 400 naming field unless the merchant exists and is not deleted. */
export async function assertMerchantExists(tx: Tx, idOrCode: number | string, field: string): Promise<MerchantRow> {
  const [m] = await tx.select().from(merchants).where(typeof idOrCode === 'number' ? eq(merchants.id, idOrCode) : eq(merchants.code, idOrCode));
  if (!m) throw invalidField(field, 'error.notFound', { entity: 'entity.merchant', id: idOrCode });
  if (m.deletedAt) throw invalidField(field, 'merchant.deleted', { code: m.code });
  return m;
}

async function liveMerchant(tx: Tx, id: number): Promise<MerchantRow> {
  const m = await getMerchant(tx, id);
  if (m.deletedAt) throw refused('MERCHANT_DELETED', 'merchant.deleted', { code: m.code });
  return m;
}

/** Edits a merchant; the code is its identifier elsewhere (co-branded cards) and does not change. */
export async function updateMerchant(tx: Tx, actor: Actor, id: number, patch: Omit<Partial<MerchantInput>, 'code'>, now: Date) {
  const before = await liveMerchant(tx, id);
  const [after] = await tx.update(merchants).set({ ...merchantValues(patch), updatedAt: now }).where(eq(merchants.id, id)).returning();
  await recordAudit(tx, actor, { action: 'merchant.update', entityType: 'merchant', entityId: id, before, after });
  return after;
}

/** Logical delete: the merchant and its services stop being offered; history stays. */
export async function deleteMerchant(tx: Tx, actor: Actor, id: number, now: Date) {
  const before = await liveMerchant(tx, id);
  const [after] = await tx.update(merchants).set({ deletedAt: now, updatedAt: now }).where(eq(merchants.id, id)).returning();
  await recordAudit(tx, actor, { action: 'merchant.delete', entityType: 'merchant', entityId: id, before, after });
  return after;
}

export async function restoreMerchant(tx: Tx, actor: Actor, id: number, now: Date) {
  const before = await getMerchant(tx, id);
  if (!before.deletedAt) throw refused('MERCHANT_NOT_DELETED', 'merchant.notDeleted', { code: before.code });
  const [after] = await tx.update(merchants).set({ deletedAt: null, updatedAt: now }).where(eq(merchants.id, id)).returning();
  await recordAudit(tx, actor, { action: 'merchant.restore', entityType: 'merchant', entityId: id, before, after });
  return after;
}

export interface MerchantQuery extends ListPage {
  /** fuzzy on name, exact-ish on code and parent company */
  q?: string;
  /** merchants offering a service whose name matches (fuzzy) */
  service?: string;
  type?: string;
  importance?: string;
  /** contracts ending on or before this date (renewals due) */
  contractEndsBy?: string;
  deleted?: 'exclude' | 'only' | 'include';
}

export async function listMerchants(tx: Tx, q: MerchantQuery) {
  const where: SQL[] = [];
  const deleted = q.deleted ?? 'exclude';
  if (deleted === 'exclude') where.push(isNull(merchants.deletedAt));
  if (deleted === 'only') where.push(isNotNull(merchants.deletedAt));
  let score: SQL | null = null;
  if (q.q) {
    const f = fuzzyText(merchants.name, q.q);
    const like = `%${q.q.trim().replace(/[\\%_]/g, '\\$&')}%`;
    const other = sql`(${merchants.code} ILIKE ${like} OR ${merchants.parentCompany} ILIKE ${like})`;
    where.push(f ? sql`(${f.where} OR ${other})` : other);
    score = f?.score ?? null;
  }
  if (q.service) {
    const f = fuzzyText(sql`s.name`, q.service);
    if (f) where.push(sql`EXISTS (SELECT 1 FROM merchant_services s WHERE s.merchant_id = ${merchants.id} AND s.deleted_at IS NULL AND ${f.where})`);
  }
  if (q.type) where.push(eq(merchants.type, q.type));
  if (q.importance) where.push(eq(merchants.importance, q.importance));
  if (q.contractEndsBy) {
    checkDate(q.contractEndsBy, 'contractEndsBy');
    where.push(sql`${merchants.contractEndsOn} <= ${q.contractEndsBy}::date`);
  }
  const cond = where.length ? and(...where) : undefined;
  const items = await tx.select({
    m: merchants,
    serviceCount: sql<number>`(SELECT count(*) FROM merchant_services s WHERE s.merchant_id = ${merchants.id} AND s.deleted_at IS NULL)::int`,
  }).from(merchants).where(and(cond, beforeId(merchants.id, q)))
    .orderBy(...listOrder(merchants.id, q, [...(score ? [desc(score)] : []), asc(merchants.code)]))
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await totalUnlessExport(q, () => tx.select({ total: sql<number>`count(*)::int` }).from(merchants).where(cond) as never);
  return { items: items.map((r) => ({ ...r.m, serviceCount: r.serviceCount })), total, page: q.page, pageSize: q.pageSize };
}

/** Distinct merchant types in use, for the console's type picker. */
export async function merchantTypes(tx: Tx): Promise<string[]> {
  const list = await tx.selectDistinct({ type: merchants.type }).from(merchants).where(and(isNotNull(merchants.type), isNull(merchants.deletedAt))).orderBy(asc(merchants.type));
  return list.map((r) => r.type!);
}

// ---------- services ----------

export interface ServiceInput {
  name: string;
  startsOn: string;
  endsOn?: string | null;
  content?: string | null;
  eligibleLevels: string[];
  discountPercent?: number | null;
  discountNote?: string | null;
  active?: boolean;
}

function checkDiscount(d: number | null | undefined) {
  if (d == null) return;
  if (!Number.isFinite(d) || d < 0 || d > 100) throw invalidField('discountPercent', 'merchant.discountRange');
}

async function checkService(tx: Tx, s: { startsOn: string; endsOn: string | null; eligibleLevels: string[]; discountPercent: number | null }) {
  checkDate(s.startsOn, 'startsOn');
  checkDate(s.endsOn, 'endsOn');
  if (s.endsOn && s.endsOn < s.startsOn) throw invalidField('endsOn', 'merchant.endBeforeStart', { startsOn: s.startsOn });
  checkDiscount(s.discountPercent);
  if (!s.eligibleLevels.length) throw invalidField('eligibleLevels', 'merchant.levelsRequired');
  await assertLevels(tx, s.eligibleLevels, 'eligibleLevels');
}

export async function createService(tx: Tx, actor: Actor, merchantId: number, input: ServiceInput, now: Date) {
  await liveMerchant(tx, merchantId);
  const values = {
    merchantId,
    name: input.name.trim(),
    startsOn: input.startsOn,
    endsOn: input.endsOn ?? null,
    content: blank(input.content),
    eligibleLevels: [...new Set(input.eligibleLevels)],
    discountPercent: input.discountPercent ?? null,
    discountNote: blank(input.discountNote),
    active: input.active ?? true,
  };
  await checkService(tx, values);
  const [s] = await tx.insert(merchantServices).values({ ...values, createdAt: now, updatedAt: now }).returning();
  await recordAudit(tx, actor, { action: 'merchant.service.create', entityType: 'merchant_service', entityId: s.id, after: s });
  return s;
}

export async function getServiceRow(tx: Tx, id: number): Promise<ServiceRow> {
  const [s] = await tx.select().from(merchantServices).where(eq(merchantServices.id, id));
  if (!s) throw notFound('merchantService', id);
  return s;
}

async function liveService(tx: Tx, id: number): Promise<ServiceRow> {
  const s = await getServiceRow(tx, id);
  if (s.deletedAt) throw refused('MERCHANT_SERVICE_DELETED', 'merchant.serviceDeleted', { name: s.name });
  return s;
}

export async function updateService(tx: Tx, actor: Actor, id: number, patch: Partial<ServiceInput>, now: Date) {
  const before = await liveService(tx, id);
  await liveMerchant(tx, before.merchantId);
  const next = {
    name: patch.name !== undefined ? patch.name.trim() : before.name,
    startsOn: patch.startsOn ?? before.startsOn,
    endsOn: patch.endsOn !== undefined ? patch.endsOn : before.endsOn,
    content: patch.content !== undefined ? blank(patch.content) : before.content,
    eligibleLevels: patch.eligibleLevels !== undefined ? [...new Set(patch.eligibleLevels)] : before.eligibleLevels,
    discountPercent: patch.discountPercent !== undefined ? patch.discountPercent : before.discountPercent,
    discountNote: patch.discountNote !== undefined ? blank(patch.discountNote) : before.discountNote,
    active: patch.active ?? before.active,
  };
  await checkService(tx, next);
  const [after] = await tx.update(merchantServices).set({ ...next, updatedAt: now }).where(eq(merchantServices.id, id)).returning();
  await recordAudit(tx, actor, { action: 'merchant.service.update', entityType: 'merchant_service', entityId: id, before, after });
  return after;
}

/** Logical delete; its feedback and participations stay for the history and statistics. */
export async function deleteService(tx: Tx, actor: Actor, id: number, now: Date) {
  const before = await liveService(tx, id);
  const [after] = await tx.update(merchantServices).set({ deletedAt: now, updatedAt: now }).where(eq(merchantServices.id, id)).returning();
  await recordAudit(tx, actor, { action: 'merchant.service.delete', entityType: 'merchant_service', entityId: id, before, after });
  return after;
}

export interface ServiceQuery {
  page: number;
  pageSize: number;
  merchantId?: number;
  /** fuzzy on the service name */
  name?: string;
  /** fuzzy on the merchant's name or its code */
  merchant?: string;
  /** open to this level (card type code) */
  level?: string;
  /** current: active, merchant live, today within the period; all: every live service */
  status?: 'current' | 'all';
  includeDeleted?: boolean;
}

/** Whether a service is offered on a day (YYYY-MM-DD): active, not deleted, within its period. */
export function offeredOn(s: Pick<ServiceRow, 'active' | 'deletedAt' | 'startsOn' | 'endsOn'>, day: string): boolean {
  return s.active && !s.deletedAt && s.startsOn <= day && (!s.endsOn || s.endsOn >= day);
}

export function currentServiceCondition(today: string): SQL {
  return sql`${merchantServices.active} AND ${merchantServices.deletedAt} IS NULL AND ${merchants.deletedAt} IS NULL
    AND ${merchantServices.startsOn} <= ${today}::date AND (${merchantServices.endsOn} IS NULL OR ${merchantServices.endsOn} >= ${today}::date)`;
}

export async function listServices(tx: Tx, q: ServiceQuery, today: string) {
  const where: SQL[] = [];
  if (!q.includeDeleted) where.push(isNull(merchantServices.deletedAt), isNull(merchants.deletedAt));
  if (q.merchantId) where.push(eq(merchantServices.merchantId, q.merchantId));
  let score: SQL | null = null;
  if (q.name) {
    const f = fuzzyText(merchantServices.name, q.name);
    if (f) { where.push(f.where); score = f.score; }
  }
  if (q.merchant) {
    const f = fuzzyText(merchants.name, q.merchant);
    const like = `%${q.merchant.trim().replace(/[\\%_]/g, '\\$&')}%`;
    where.push(f ? sql`(${f.where} OR ${merchants.code} ILIKE ${like})` : sql`${merchants.code} ILIKE ${like}`);
  }
  if (q.level) where.push(sql`${q.level} = ANY(${merchantServices.eligibleLevels})`);
  if (q.status === 'current') where.push(currentServiceCondition(today));
  const cond = where.length ? and(...where) : undefined;
  const items = await tx.select({
    s: merchantServices,
    merchantCode: merchants.code,
    merchantName: merchants.name,
    participations: sql<number>`(SELECT count(*) FROM merchant_service_participations p WHERE p.service_id = ${merchantServices.id} AND p.deleted_at IS NULL)::int`,
  }).from(merchantServices).innerJoin(merchants, eq(merchants.id, merchantServices.merchantId)).where(cond)
    .orderBy(...(score ? [desc(score)] : []), asc(merchants.code), asc(merchantServices.startsOn), asc(merchantServices.id))
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await tx.select({ total: sql<number>`count(*)::int` })
    .from(merchantServices).innerJoin(merchants, eq(merchants.id, merchantServices.merchantId)).where(cond);
  return {
    items: items.map((r) => ({
      ...r.s, merchantCode: r.merchantCode, merchantName: r.merchantName, participationCount: r.participations, current: offeredOn(r.s, today),
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

/** Services of a merchant (live ones, newest period first), for its page. */
export async function servicesOfMerchant(tx: Tx, merchantId: number) {
  return tx.select().from(merchantServices).where(and(eq(merchantServices.merchantId, merchantId), isNull(merchantServices.deletedAt)))
    .orderBy(desc(merchantServices.startsOn), asc(merchantServices.id));
}

/** Participations of a service, counted (live ones). */
export async function participationCounts(tx: Tx, serviceIds: number[]): Promise<Map<number, number>> {
  if (!serviceIds.length) return new Map();
  const list = await tx.select({ id: merchantServiceParticipations.serviceId, n: sql<number>`count(*)::int` }).from(merchantServiceParticipations)
    .where(and(sql`${merchantServiceParticipations.serviceId} IN (${sql.join(serviceIds.map((i) => sql`${i}`), sql`, `)})`, isNull(merchantServiceParticipations.deletedAt)))
    .groupBy(merchantServiceParticipations.serviceId);
  return new Map(list.map((r) => [r.id, r.n]));
}
