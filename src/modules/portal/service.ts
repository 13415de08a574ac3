// The members' portal (会员自助): what a signed-in member sees and does, always their own — the
// member id comes from the session (actor.id), never from the URL. Built on the services of
// membership, cards, points (redemption), dictionaries; imported by no module.
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { maskPersonal } from '../../pii.ts';
import type { Actor } from '../auth/actor.ts';
import { memberCards } from '../cards/service.ts';
import { listItems } from '../dictionaries/service.ts';
import { cancelRedemption, listPlans, listRedemptions, redeemPlan } from '../points/redemption.ts';
import * as points from '../points/service.ts';
import { recordAudit } from '../audit/service.ts';
import { complaintsOfMember } from '../complaints/queries.ts';
import { servicesOpenToMember } from '../merchants/activity.ts';
import { companyDate } from '../../dates.ts';
import './messages.ts';

/** The member acting: their id, from the session only. */
export function ownId(actor: Actor): number {
  if (actor.kind !== 'member' || actor.id == null) throw new AppError(401, 'UNAUTHENTICATED', 'portal.signInRequired');
  return actor.id;
}

export interface Label { code: string; labelZh: string; labelEn: string }

async function cardTypeLabels(tx: Tx): Promise<Map<string, Label>> {
  const items = await listItems(tx, { kind: 'card_type' });
  return new Map(items.map((i) => [i.code, { code: i.code, labelZh: i.labelZh, labelEn: i.labelEn }]));
}
const labelOf = (labels: Map<string, Label>, code: string | null): Label | null =>
  code === null ? null : (labels.get(code) ?? { code, labelZh: code, labelEn: code });

/** 我的会籍: name, member no., level and card, masked mobile, balance and what expires next. */
export async function profile(tx: Tx, actor: Actor) {
  const memberId = ownId(actor);
  const [m] = await rows<{ memberNo: string; name: string; mobile: string | null; joinedAt: Date; status: string }>(tx, sql`
    SELECT m.member_no AS "memberNo", c.name, c.mobile, m.joined_at AS "joinedAt", m.status
    FROM members m JOIN customers c ON c.id = m.customer_id WHERE m.id = ${memberId}`);
  if (!m) throw notFound('member', memberId);
  const s = await points.accountSummary(tx, memberId);
  const labels = await cardTypeLabels(tx);
  return {
    memberNo: m.memberNo, name: m.name, mobileMasked: m.mobile ? maskPersonal('phone', m.mobile) : null, joinedAt: new Date(m.joinedAt),
    status: m.status, level: labelOf(labels, s.level), cardNo: s.cardNo, balance: s.balance,
    expiringIn30Days: s.expiringIn30Days, nextExpiry: s.nextExpiry,
  };
}

/** 我的卡: every card the member holds or held, with its type's name. */
export async function myCards(tx: Tx, actor: Actor) {
  const r = await memberCards(tx, ownId(actor));
  const labels = await cardTypeLabels(tx);
  return {
    level: labelOf(labels, r.level),
    cards: r.cards.map((c) => ({
      cardNo: c.cardNo, kind: c.kind, type: labelOf(labels, c.typeCode)!, status: c.status, issuedAt: c.issuedAt, validUntil: c.validUntil, endedAt: c.endedAt,
    })),
  };
}

/** 积分: balance, the open lots by expiry (what expires next), and the entries, newest first (rejected ones left out). */
export async function myPoints(tx: Tx, actor: Actor, q: { page: number; pageSize: number }) {
  const memberId = ownId(actor);
  const s = await points.accountSummary(tx, memberId);
  const lots = await points.listLots(tx, memberId, { open: true });
  const entries = await points.listEntries(tx, { ...q, memberId });
  const expiring = lots.filter((l) => l.expiresAt).sort((a, b) => a.expiresAt!.getTime() - b.expiresAt!.getTime());
  const first = expiring[0]?.expiresAt ?? null;
  return {
    balance: s.balance, earned: s.earned, redeemed: s.redeemed, expired: s.expired, expiringIn30Days: s.expiringIn30Days,
    nextExpiry: first ? { at: first, points: expiring.filter((l) => l.expiresAt!.getTime() === first.getTime()).reduce((n, l) => n + l.remaining, 0) } : null,
    entries: {
      ...entries,
      items: entries.items.filter((e) => e.state !== 'rejected').map((e) => ({ id: e.id, amount: e.amount, state: e.state, sourceType: e.sourceType, reason: e.reason, createdAt: e.createdAt })),
    },
  };
}

/**
 * 可兑换: plans open today and shown to members (the website flag), of the member's level —
 * the redemption module's own rule (eligibleLevels empty = every level) — each saying whether the
 * balance covers it. Redeeming checks it all again.
 */
export async function openPlans(tx: Tx, actor: Actor, q: { page: number; pageSize: number }) {
  const memberId = ownId(actor);
  const s = await points.accountSummary(tx, memberId);
  const all = await listPlans(tx, { page: 1, pageSize: 1000, open: true, visibleOnWebsite: true });
  const mine = all.items.filter((p) => !p.eligibleLevels.length || (s.level !== null && p.eligibleLevels.includes(s.level)));
  const from = (q.page - 1) * q.pageSize;
  return {
    items: mine.slice(from, from + q.pageSize).map((p) => ({
      id: p.id, item: p.item, description: p.description, pointsCost: p.pointsCost, stockLeft: p.stockLeft, endsOn: p.endsOn,
      limitPerMember: p.limitPerMember, affordable: s.balance >= p.pointsCost,
    })),
    total: mine.length, page: q.page, pageSize: q.pageSize, balance: s.balance,
  };
}

/** 兑换: through the redemption service, idempotent by the client's key (scoped to this member). */
export async function redeem(tx: Tx, actor: Actor, input: { planId: number; quantity?: number; clientKey: string }) {
  const memberId = ownId(actor);
  const r = await redeemPlan(tx, actor, {
    planId: input.planId, memberId, quantity: input.quantity ?? 1, idempotencyKey: `portal:${memberId}:${input.clientKey}`, channel: 'website',
  });
  const [plan] = await rows<{ item: string }>(tx, sql`SELECT item FROM redemption_plans WHERE id = ${r.redemption.planId}`);
  return { redemption: shapeRedemption({ ...r.redemption, item: plan.item }), replayed: r.replayed, balance: r.balance };
}

function shapeRedemption(r: { id: number; item: string; quantity: number; points: number; status: 'pending' | 'delivered' | 'cancelled'; createdAt: Date; deliveredAt: Date | null; cancelledAt: Date | null; cancelReason: string | null }) {
  return {
    id: r.id, item: r.item, quantity: r.quantity, points: r.points, status: r.status, createdAt: r.createdAt,
    deliveredAt: r.deliveredAt, cancelledAt: r.cancelledAt, cancelReason: r.cancelReason, cancellable: r.status === 'pending',
  };
}

/** 我的兑换, newest first. */
export async function myRedemptions(tx: Tx, actor: Actor, q: { page: number; pageSize: number }) {
  const list = await listRedemptions(tx, { ...q, memberId: ownId(actor) });
  return { ...list, items: list.items.map(shapeRedemption) };
}

/** 取消兑换: the member's own pending redemption (the redemption module refuses other states); someone else's is 404. */
export async function cancelMine(tx: Tx, actor: Actor, id: number, reason: string | undefined) {
  const memberId = ownId(actor);
  const [r] = await rows<{ memberId: number }>(tx, sql`SELECT member_id AS "memberId" FROM redemptions WHERE id = ${id}`);
  if (!r || r.memberId !== memberId) throw notFound('redemption', id);
  const done = await cancelRedemption(tx, actor, id, { reason: reason?.trim() || '会员自助取消 / cancelled by the member' });
  const [plan] = await rows<{ item: string }>(tx, sql`SELECT item FROM redemption_plans WHERE id = ${done.redemption.planId}`);
  return { redemption: shapeRedemption({ ...done.redemption, item: plan.item }), balance: done.balance };
}

/** 我的投诉: the member's own complaints and where each stands (pending / processing / done), newest first. */
export async function myComplaints(tx: Tx, actor: Actor) {
  const list = await complaintsOfMember(tx, actor, ownId(actor), { limit: 100 });
  return { items: list.map((c) => ({ complaintNo: c.complaintNo, content: c.content, status: c.status as 'pending' | 'processing' | 'done', receivedAt: c.receivedAt })) };
}

/** 商家优惠: merchant services open to the member's level today (as the website API's merchant-services). */
export async function myOffers(tx: Tx, actor: Actor, timeZone: string) {
  const [m] = await rows<{ memberNo: string }>(tx, sql`SELECT member_no AS "memberNo" FROM members WHERE id = ${ownId(actor)}`);
  const r = await servicesOpenToMember(tx, m.memberNo, companyDate(timeZone));
  return { items: r.items };
}

/** 我的数据 (PIPL): what the club holds about the member, in one document; the download is audited. */
export async function myData(tx: Tx, actor: Actor) {
  const memberId = ownId(actor);
  const [c] = await rows<Record<string, unknown>>(tx, sql`
    SELECT c.name, c.gender, c.birthday::text AS birthday, c.id_type AS "idType", c.id_number_masked AS "idNumberMasked", c.mobile,
           c.home_phone AS "homePhone", c.email, c.address, c.source, c.created_at AS "recordedAt",
           m.member_no AS "memberNo", m.status, m.joined_at AS "joinedAt", m.channel
    FROM members m JOIN customers c ON c.id = m.customer_id WHERE m.id = ${memberId}`);
  if (!c) throw notFound('member', memberId);
  const purchases = await rows<Record<string, unknown>>(tx, sql`
    SELECT p.project, p.unit, p.status, p.created_at AS "recordedAt" FROM purchases p
    JOIN members m ON m.customer_id = p.customer_id WHERE m.id = ${memberId} AND p.deleted_at IS NULL ORDER BY p.id`);
  const cardsHeld = await myCards(tx, actor);
  const pts = await myPoints(tx, actor, { page: 1, pageSize: 1000 });
  const redemptions = await myRedemptions(tx, actor, { page: 1, pageSize: 1000 });
  await recordAudit(tx, actor, { action: 'portal.exportData', entityType: 'member', entityId: memberId, facts: {} });
  return {
    generatedAt: new Date(),
    person: c, purchases, cards: cardsHeld.cards,
    points: { balance: pts.balance, entries: pts.entries.items },
    redemptions: redemptions.items,
  };
}
