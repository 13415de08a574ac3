// What happens around a merchant's services: quarterly feedback (季度反馈), member participation
// (会员参与) with eligibility by level and period, ratings (褒贬度, −2 … +2) and their aggregate,
// the merchant and service pages, and the services open to a member (the website).
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { invalidField, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { timeBound } from '../../dates.ts';
import { localDate } from '../complaints/search.ts';
import { findServedMember, levelOfMember, memberByNo, memberLabels } from './links.ts';
import { memberScopeSql } from '../membership/scope.ts';
import { merchants, merchantServiceFeedback, merchantServiceParticipations, merchantServices } from './schema.ts';
import { currentServiceCondition, getMerchant, getServiceRow, offeredOn, participationCounts, servicesOfMerchant } from './service.ts';

// ---------- quarters ----------

const quarterPattern = /^(\d{4})-Q([1-4])$/;

/** First and last day of a quarter: 2025-Q2 → 2025-04-01 … 2025-06-30. */
export function quarterDays(quarter: string): { first: string; last: string } {
  const m = quarterPattern.exec(quarter);
  if (!m) throw invalidField('quarter', 'merchant.badQuarter');
  const y = Number(m[1]);
  const q = Number(m[2]);
  const first = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const lastDay = new Date(Date.UTC(y, q * 3, 0)).getUTCDate();
  return { first, last: `${y}-${String(q * 3).padStart(2, '0')}-${lastDay}` };
}

/** The quarter of a day: 2025-05-20 → 2025-Q2. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

function checkRating(r: number | null | undefined) {
  if (r == null) return;
  if (!Number.isInteger(r) || r < -2 || r > 2) throw invalidField('rating', 'merchant.rating');
}

// ---------- quarterly feedback ----------

export interface FeedbackInput { quarter: string; feedback: string; participationCount: number; rating?: number | null }

/** Records (or corrects) a service's feedback for a quarter inside its period: one per quarter. */
export async function recordFeedback(tx: Tx, actor: Actor, serviceId: number, input: FeedbackInput, now: Date) {
  const s = await getServiceRow(tx, serviceId);
  if (s.deletedAt) throw refused('MERCHANT_SERVICE_DELETED', 'merchant.serviceDeleted', { name: s.name });
  const { first, last } = quarterDays(input.quarter);
  if (last < s.startsOn || (s.endsOn && first > s.endsOn)) {
    throw invalidField('quarter', 'merchant.quarterOutsidePeriod', { quarter: input.quarter, startsOn: s.startsOn, endsOn: s.endsOn ?? 'entity.merchantOpenEnded' });
  }
  if (!Number.isInteger(input.participationCount) || input.participationCount < 0) throw invalidField('participationCount', 'merchant.countNonNegative');
  checkRating(input.rating);
  const [before] = await tx.select().from(merchantServiceFeedback)
    .where(and(eq(merchantServiceFeedback.serviceId, serviceId), eq(merchantServiceFeedback.quarter, input.quarter))).for('update');
  const values = { feedback: input.feedback.trim(), participationCount: input.participationCount, rating: input.rating ?? null, recordedBy: actor.name, updatedAt: now };
  const [after] = before
    ? await tx.update(merchantServiceFeedback).set(values).where(eq(merchantServiceFeedback.id, before.id)).returning()
    : await tx.insert(merchantServiceFeedback).values({ ...values, serviceId, quarter: input.quarter, createdAt: now })
      .onConflictDoUpdate({ target: [merchantServiceFeedback.serviceId, merchantServiceFeedback.quarter], set: values }).returning();
  await recordAudit(tx, actor, {
    action: before ? 'merchant.feedback.update' : 'merchant.feedback.create', entityType: 'merchant_service', entityId: serviceId,
    before: before ?? null, after,
  });
  return after;
}

export async function feedbackOf(tx: Tx, serviceId: number) {
  return tx.select().from(merchantServiceFeedback).where(eq(merchantServiceFeedback.serviceId, serviceId)).orderBy(desc(merchantServiceFeedback.quarter));
}

// ---------- member participation ----------

export interface ParticipationInput {
  memberId?: number | null;
  memberNo?: string | null;
  cardNo?: string | null;
  participatedAt?: Date | null;
  note?: string | null;
  rating?: number | null;
}

/**
 * Records that a member used a service. Refused (422, nothing written) unless the service is
 * offered on that day (active, merchant live, within the period, company time zone) and the
 * member's level at that moment is one the service is open to.
 */
export async function recordParticipation(tx: Tx, actor: Actor, serviceId: number, input: ParticipationInput, now: Date, timeZone: string) {
  const s = await getServiceRow(tx, serviceId);
  const merchant = await getMerchant(tx, s.merchantId);
  const member = await findServedMember(tx, input);
  const at = input.participatedAt ?? now;
  if (at.getTime() > now.getTime() + 60_000) throw invalidField('participatedAt', 'complaint.inFuture');
  checkRating(input.rating);
  if (!s.active || s.deletedAt || merchant.deletedAt) throw refused('MERCHANT_SERVICE_INACTIVE', 'merchant.serviceInactive', { name: s.name });
  const day = localDate(at, timeZone);
  if (!offeredOn(s, day)) {
    throw refused('MERCHANT_SERVICE_OUT_OF_PERIOD', 'merchant.outOfPeriod', { date: day, name: s.name, startsOn: s.startsOn, endsOn: s.endsOn ?? 'entity.merchantOpenEnded' });
  }
  if (member.status === 'archived') throw refused('MEMBER_ARCHIVED', 'merchant.memberArchived', { memberNo: member.memberNo });
  const level = await levelOfMember(tx, member.id);
  if (!level || !s.eligibleLevels.includes(level)) {
    throw refused('MERCHANT_LEVEL_NOT_ELIGIBLE', 'merchant.levelNotEligible', {
      memberNo: member.memberNo, level: level ?? 'entity.merchantNoLevel', name: s.name, levels: s.eligibleLevels.join(', '),
    });
  }
  const [p] = await tx.insert(merchantServiceParticipations).values({
    serviceId, memberId: member.id, level, participatedAt: at, note: input.note?.trim() || null, rating: input.rating ?? null, recordedBy: actor.name, createdAt: now,
  }).returning();
  await recordAudit(tx, actor, { action: 'merchant.participation.create', entityType: 'merchant_service', entityId: serviceId, after: p });
  return { ...p, memberNo: member.memberNo, memberName: member.name };
}

async function liveParticipation(tx: Tx, id: number) {
  const [p] = await tx.select().from(merchantServiceParticipations).where(eq(merchantServiceParticipations.id, id));
  if (!p || p.deletedAt) throw notFound('merchantParticipation', id);
  return p;
}

/** Rates a participation afterwards (or corrects its note). */
export async function updateParticipation(tx: Tx, actor: Actor, id: number, patch: { rating?: number | null; note?: string | null }) {
  const before = await liveParticipation(tx, id);
  checkRating(patch.rating);
  const set: Partial<typeof before> = {};
  if (patch.rating !== undefined) set.rating = patch.rating;
  if (patch.note !== undefined) set.note = patch.note?.trim() || null;
  const [after] = await tx.update(merchantServiceParticipations).set(set).where(eq(merchantServiceParticipations.id, id)).returning();
  await recordAudit(tx, actor, { action: 'merchant.participation.update', entityType: 'merchant_participation', entityId: id, before, after });
  return after;
}

/** Removes a participation recorded by mistake (logically). */
export async function removeParticipation(tx: Tx, actor: Actor, id: number, now: Date) {
  const before = await liveParticipation(tx, id);
  const [after] = await tx.update(merchantServiceParticipations).set({ deletedAt: now }).where(eq(merchantServiceParticipations.id, id)).returning();
  await recordAudit(tx, actor, { action: 'merchant.participation.delete', entityType: 'merchant_participation', entityId: id, before, after });
}

export interface ParticipationQuery { page: number; pageSize: number; serviceId?: number; merchantId?: number; memberId?: number; from?: string; to?: string }

/** Participations, of the members within the actor's data scope (a member outside it shows none). */
export async function listParticipations(tx: Tx, q: ParticipationQuery, timeZone: string, actor?: Actor) {
  const p = merchantServiceParticipations;
  const where: SQL[] = [isNull(p.deletedAt)];
  const scope = actor && memberScopeSql(actor, sql`${p.memberId}`);
  if (scope) where.push(scope);
  if (q.serviceId) where.push(eq(p.serviceId, q.serviceId));
  if (q.merchantId) where.push(eq(merchantServices.merchantId, q.merchantId));
  if (q.memberId) where.push(eq(p.memberId, q.memberId));
  for (const b of [timeBound(p.participatedAt, q.from, 'from', timeZone), timeBound(p.participatedAt, q.to, 'to', timeZone)]) if (b) where.push(b);
  const cond = and(...where);
  const list = await tx.select({ p, serviceName: merchantServices.name, merchantId: merchantServices.merchantId })
    .from(p).innerJoin(merchantServices, eq(merchantServices.id, p.serviceId)).where(cond)
    .orderBy(desc(p.participatedAt), desc(p.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await tx.select({ total: sql<number>`count(*)::int` }).from(p).innerJoin(merchantServices, eq(merchantServices.id, p.serviceId)).where(cond);
  const names = await memberLabels(tx, list.map((r) => r.p.memberId));
  return {
    items: list.map((r) => ({
      ...r.p, serviceName: r.serviceName, merchantId: r.merchantId,
      memberNo: names.get(r.p.memberId)?.memberNo ?? null, memberName: names.get(r.p.memberId)?.name ?? null,
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

// ---------- ratings (褒贬度) ----------

export interface RatingSummary {
  count: number;
  /** mean of the ratings, −2 … +2, one decimal; null without ratings */
  average: number | null;
  positive: number;
  neutral: number;
  negative: number;
  /** how many ratings of each value, from −2 to +2 */
  distribution: Record<'-2' | '-1' | '0' | '1' | '2', number>;
}

/** Ratings of participations and of quarterly feedback together, per service. */
export async function ratingSummaries(tx: Tx, serviceIds: number[]): Promise<Map<number, RatingSummary>> {
  const out = new Map<number, RatingSummary>();
  if (!serviceIds.length) return out;
  const ids = sql.join(serviceIds.map((i) => sql`${i}`), sql`, `);
  const list = await tx.execute(sql`
    SELECT service_id, rating, count(*)::int AS n FROM (
      SELECT service_id, rating FROM merchant_service_participations WHERE deleted_at IS NULL AND rating IS NOT NULL AND service_id IN (${ids})
      UNION ALL
      SELECT service_id, rating FROM merchant_service_feedback WHERE rating IS NOT NULL AND service_id IN (${ids})
    ) r GROUP BY service_id, rating`) as unknown as { rows: { service_id: number; rating: number; n: number }[] };
  for (const id of serviceIds) out.set(id, summarise([]));
  const by = new Map<number, { rating: number; n: number }[]>();
  for (const r of list.rows) by.set(r.service_id, [...(by.get(r.service_id) ?? []), { rating: Number(r.rating), n: Number(r.n) }]);
  for (const [id, rs] of by) out.set(id, summarise(rs));
  return out;
}

/** Rating counts → summary; also used to roll services up to their merchant. */
export function summarise(counts: { rating: number; n: number }[]): RatingSummary {
  const distribution = { '-2': 0, '-1': 0, '0': 0, '1': 0, '2': 0 } as RatingSummary['distribution'];
  let count = 0, sum = 0;
  for (const { rating, n } of counts) {
    distribution[String(rating) as keyof typeof distribution] += n;
    count += n;
    sum += rating * n;
  }
  return {
    count,
    average: count ? Math.round((sum / count) * 10) / 10 : null,
    positive: distribution['1'] + distribution['2'],
    neutral: distribution['0'],
    negative: distribution['-1'] + distribution['-2'],
    distribution,
  };
}

function rollUp(summaries: RatingSummary[]): RatingSummary {
  return summarise(summaries.flatMap((s) => Object.entries(s.distribution).map(([rating, n]) => ({ rating: Number(rating), n }))));
}

// ---------- pages ----------

/** The merchant page: the merchant, its services with participation and ratings, and the merchant's overall rating. */
export async function merchantPage(tx: Tx, id: number, today: string) {
  const m = await getMerchant(tx, id);
  const services = await servicesOfMerchant(tx, id);
  const ids = services.map((s) => s.id);
  const [ratings, counts] = await Promise.all([ratingSummaries(tx, ids), participationCounts(tx, ids)]);
  const withFacts = services.map((s) => ({ ...s, current: offeredOn(s, today) && !m.deletedAt, participationCount: counts.get(s.id) ?? 0, rating: ratings.get(s.id)! }));
  return {
    ...m,
    services: withFacts,
    participationCount: withFacts.reduce((n, s) => n + s.participationCount, 0),
    rating: rollUp(withFacts.map((s) => s.rating)),
  };
}

/** The service page: the service, its merchant, quarterly feedback (with recorded participations per quarter) and rating. */
export async function servicePage(tx: Tx, id: number, today: string, timeZone: string) {
  const s = await getServiceRow(tx, id);
  const m = await getMerchant(tx, s.merchantId);
  const [feedback, ratings, counts] = await Promise.all([feedbackOf(tx, id), ratingSummaries(tx, [id]), participationCounts(tx, [id])]);
  const perQuarter = await tx.execute(sql`
    SELECT to_char(participated_at AT TIME ZONE ${timeZone}, 'YYYY') || '-Q' || to_char(participated_at AT TIME ZONE ${timeZone}, 'Q') AS quarter, count(*)::int AS n
    FROM merchant_service_participations WHERE service_id = ${id} AND deleted_at IS NULL GROUP BY 1`) as unknown as { rows: { quarter: string; n: number }[] };
  const recorded = new Map(perQuarter.rows.map((r) => [r.quarter, Number(r.n)]));
  const quarters = [...new Set([...feedback.map((f) => f.quarter), ...recorded.keys()])].sort().reverse();
  return {
    ...s,
    merchantCode: m.code,
    merchantName: m.name,
    merchantDeleted: !!m.deletedAt,
    current: offeredOn(s, today) && !m.deletedAt,
    participationCount: counts.get(id) ?? 0,
    rating: ratings.get(id)!,
    quarters: quarters.map((quarter) => {
      const f = feedback.find((x) => x.quarter === quarter) ?? null;
      return { quarter, feedback: f, recordedParticipations: recorded.get(quarter) ?? 0 };
    }),
  };
}

// ---------- the website ----------

/**
 * What a member may use today: live services of live merchants, in period (company time zone),
 * whose eligible levels include the member's level. Unknown or archived member → 404.
 */
export async function servicesOpenToMember(tx: Tx, memberNo: string, today: string) {
  const member = await memberByNo(tx, memberNo);
  if (!member || member.status === 'archived') throw notFound('member', memberNo);
  const level = await levelOfMember(tx, member.id);
  if (!level) return { memberNo, level: null, items: [] };
  const list = await tx.select({ s: merchantServices, m: merchants }).from(merchantServices)
    .innerJoin(merchants, eq(merchants.id, merchantServices.merchantId))
    .where(and(currentServiceCondition(today), sql`${level} = ANY(${merchantServices.eligibleLevels})`))
    .orderBy(asc(merchants.name), asc(merchantServices.name), asc(merchantServices.id));
  return {
    memberNo,
    level,
    items: list.map(({ s, m }) => ({
      serviceId: s.id, name: s.name, content: s.content, startsOn: s.startsOn, endsOn: s.endsOn,
      discountPercent: s.discountPercent, discountNote: s.discountNote,
      merchant: { code: m.code, name: m.name, type: m.type, address: m.address, phone1: m.phone1, phone2: m.phone2 },
    })),
  };
}

