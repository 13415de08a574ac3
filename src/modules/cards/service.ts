// 会员卡 (SPEC §3): issue (at approval, later, in batches), replace (换卡), loss (挂失), lapse of
// sub cards, upgrade approval, history. Numbers are unique forever; every state change is a
// card event; base points are credited through the points ledger.
import { and, asc, desc, eq, sql as dsql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { beforeId, totalUnlessExport, type ListPage } from '../../db/keyset.ts';
import { rows, sql } from '../../db/index.ts';
import { AppError, conflict, invalid, invalidField, notFound, refused, type FieldIssue } from '../../http/errors.ts';
import { normaliseCardNo } from '../../normalise.ts';
import { recordAudit } from '../audit/service.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { postEarnings } from '../points/bulk.ts';
import { postEntry } from '../points/ledger.ts';
import { getLiveMember, memberIdsByNo, memberLabels, type MemberFacts } from '../points/members.ts';
import { memberScopeSql } from '../points/scope.ts';
import { memberLevel } from './levels.ts';
import { cardEvents, cards, cardUpgrades, type CardStatus, type UpgradeStatus } from './schema.ts';
import { findCardType, getCardType, lowestMainType, type CardType } from './types.ts';
import './messages.ts';

export type Card = typeof cards.$inferSelect;
export { memberHasLevelSql, memberLevel, memberLevels, memberLevelSql, membersWithCardNoSql, proposeUpgrades } from './levels.ts';
export { listCardTypes, getCardType, createCardType, updateCardType, ensureCardTypes, lowestMainType } from './types.ts';

/** Card numbers as printed, typed or swiped (full-width folded, spaces and dashes dropped, upper case): src/normalise.ts. */
export { normaliseCardNo };

export function cardNoProblem(cardNo: string): string | null {
  return /^[0-9A-Z]{6,20}$/.test(cardNo) ? null : 'card.noFormat';
}

function checkCardNo(raw: string, field: string): string {
  const no = normaliseCardNo(raw);
  const problem = cardNoProblem(no);
  if (problem) throw invalidField(field, problem);
  return no;
}

async function cardNoUsed(tx: Tx, cardNo: string): Promise<boolean> {
  const [c] = await rows(tx, sql`SELECT 1 FROM cards WHERE card_no = ${cardNo}`);
  return !!c;
}

export async function getCard(tx: Tx, id: number): Promise<Card> {
  const [c] = await tx.select().from(cards).where(eq(cards.id, id));
  if (!c) throw notFound('card', id);
  return c;
}

async function lockCard(tx: Tx, id: number): Promise<Card> {
  const [c] = await tx.select().from(cards).where(eq(cards.id, id)).for('update');
  if (!c) throw notFound('card', id);
  return c;
}

async function activeMainCard(tx: Tx, memberId: number): Promise<Card | null> {
  const [c] = await tx.select().from(cards).where(and(eq(cards.memberId, memberId), eq(cards.kind, 'main'), eq(cards.status, 'active')));
  return c ?? null;
}

async function addEvent(tx: Tx, actor: Actor, e: { cardId: number; memberId: number; kind: string; fromStatus: string | null; toStatus: string; relatedCardId?: number | null; note?: string | null }) {
  await tx.insert(cardEvents).values({ ...e, relatedCardId: e.relatedCardId ?? null, note: e.note ?? null, actorName: actor.name });
}

/**
 * Credits a card type's base points to the member's account. A main type's base points come once
 * per member and type (a replacement of the same type, or a lost card, earns nothing again); a sub
 * card's with each sub card.
 */
/** The ledger key of a card's base points: once per member and main type, once per sub card. */
const basePointsKey = (card: Pick<Card, 'id' | 'memberId'>, type: CardType) =>
  (type.kind === 'main' ? `card-base:${card.memberId}:${type.code}` : `card-base:card:${card.id}`);

async function creditBasePoints(tx: Tx, actor: Actor, card: Card, type: CardType): Promise<number | null> {
  if (type.basePoints <= 0) return null;
  const key = basePointsKey(card, type);
  const [done] = await rows(tx, sql`SELECT 1 FROM points_entries WHERE idempotency_key = ${key}`);
  if (done) return null;
  const posted = await postEntry(tx, actor, {
    memberId: card.memberId, amount: type.basePoints, sourceType: 'card', sourceId: card.id, idempotencyKey: key,
    reason: `基本积分 ${type.code}`, sourceChecked: true, memberChecked: true,
  });
  return posted.entry.id;
}

export interface IssueInput {
  memberId: number;
  cardNo: string;
  /** default: the lowest-rank main type */
  typeCode?: string | null;
  note?: string | null;
}

/** 发卡: one card. A member holds one active main card; a sub card needs it. */
export async function issueCard(tx: Tx, actor: Actor, input: IssueInput): Promise<Card> {
  const member = await getLiveMember(tx, input.memberId);
  const cardNo = checkCardNo(input.cardNo, 'cardNo');
  const type = input.typeCode ? await getCardType(tx, input.typeCode) : await lowestMainType(tx);
  if (!type.active) throw refused('CARD_TYPE_INACTIVE', 'card.typeInactive', { type: type.code });
  let mainCardId: number | null = null;
  if (type.kind === 'sub') {
    const main = await activeMainCard(tx, member.id);
    if (!main) throw refused('MAIN_CARD_REQUIRED', 'card.needsMain', { memberNo: member.memberNo });
    mainCardId = main.id;
  }
  // a number used before, or a second active main card, is refused by insertCard's conflict
  const card = await insertCard(tx, actor, member, cardNo, type, mainCardId, input.note ?? null);
  await addEvent(tx, actor, { cardId: card.id, memberId: member.id, kind: 'issued', fromStatus: null, toStatus: 'active', note: input.note });
  const entryId = await creditBasePoints(tx, actor, card, type);
  await recordAudit(tx, actor, { action: 'card.issue', entityType: 'card', entityId: card.id, after: { ...card, basePointsEntryId: entryId } });
  return card;
}

/** Inserts a card; a number used before, or a second active main card (a unique index each), is a 409. */
async function insertCard(tx: Tx, actor: Actor, member: MemberFacts, cardNo: string, type: CardType, mainCardId: number | null, note: string | null): Promise<Card> {
  // only sub types have a validity (types.ts); without one the sum is NULL: no end date
  const validUntil = dsql`now() + make_interval(months => ${type.validityMonths}::int)`;
  const [card] = await tx.insert(cards).values({
    cardNo, memberId: member.id, typeCode: type.code, kind: type.kind, mainCardId, status: 'active',
    validUntil: validUntil as never, issuedBy: actor.name, note,
  }).onConflictDoNothing().returning();
  if (card) return card;
  if (await cardNoUsed(tx, cardNo)) throw conflict('CARD_NO_TAKEN', 'card.noTaken', { cardNo });
  const main = await activeMainCard(tx, member.id);
  throw conflict('MEMBER_HAS_MAIN_CARD', 'card.hasMain', { memberNo: member.memberNo, cardNo: main?.cardNo ?? '' });
}

/**
 * 审批入会时发卡: the membership reviewer gave a card number — a main card of the lowest-rank main
 * type, its base points credited through the ledger. Called by membership in the approval's transaction.
 */
export async function issueCardAtApproval(tx: Tx, actor: Actor, input: { memberId: number; cardNo: string }): Promise<Card> {
  return issueCard(tx, actor, { memberId: input.memberId, cardNo: input.cardNo, note: '入会审批发卡' });
}

export interface BatchIssueInput {
  typeCode: string;
  items: { memberNo?: string | null; memberId?: number | null; cardNo: string }[];
  note?: string | null;
}

export const maxBatchCards = 10_000;

/**
 * 批量发卡: all or nothing. Every line is checked first (number format, repeated or used numbers,
 * unknown or archived members, a main card already held, a sub card without a main card); any
 * problem → 400 naming each line, nothing issued. Cards, history and base points are bulk inserts.
 */
export async function issueCards(tx: Tx, actor: Actor, input: BatchIssueInput): Promise<{ issued: number; cards: Card[] }> {
  const type = await getCardType(tx, input.typeCode);
  if (!type.active) throw refused('CARD_TYPE_INACTIVE', 'card.typeInactive', { type: type.code });
  if (!input.items.length) throw invalidField('items', 'validation.required');
  if (input.items.length > maxBatchCards) throw invalidField('items', 'batch.tooMany', { max: maxBatchCards });
  const issues: FieldIssue[] = [];
  const nos = input.items.map((it) => normaliseCardNo(it.cardNo));
  const byNo = await memberIdsByNo(tx, input.items.flatMap((it) => (it.memberNo ? [it.memberNo] : [])));
  const ids = input.items.map((it, i) => {
    if (it.memberId) return it.memberId;
    if (!it.memberNo) {
      issues.push({ field: `items.${i}.memberNo`, key: 'validation.required' });
      return 0;
    }
    const m = byNo.get(it.memberNo);
    if (!m) issues.push({ field: `items.${i}.memberNo`, key: 'points.memberNoUnknown', params: { memberNo: it.memberNo } });
    return m?.id ?? 0;
  });
  const facts = await rows<{ id: number; memberNo: string; status: string; mainId: number | null; mainNo: string | null }>(tx, sql`
    SELECT m.id, m.member_no AS "memberNo", m.status,
      (SELECT c.id FROM cards c WHERE c.member_id = m.id AND c.kind = 'main' AND c.status = 'active') AS "mainId",
      (SELECT c.card_no FROM cards c WHERE c.member_id = m.id AND c.kind = 'main' AND c.status = 'active') AS "mainNo"
    FROM members m WHERE m.id = ANY(${sql.param(ids)}::int[])`);
  const factOf = new Map(facts.map((f) => [f.id, f]));
  const used = new Set((await rows<{ card_no: string }>(tx, sql`SELECT card_no FROM cards WHERE card_no = ANY(${sql.param(nos)}::text[])`)).map((r) => r.card_no));
  const seenNo = new Set<string>();
  /** member → the card number of their first line in this batch (a second main card names it) */
  const seenMember = new Map<number, string>();
  nos.forEach((no, i) => {
    const problem = cardNoProblem(no);
    if (problem) issues.push({ field: `items.${i}.cardNo`, key: problem });
    else if (seenNo.has(no)) issues.push({ field: `items.${i}.cardNo`, key: 'card.noRepeated', params: { cardNo: no } });
    else if (used.has(no)) issues.push({ field: `items.${i}.cardNo`, key: 'card.noTaken', params: { cardNo: no } });
    seenNo.add(no);
    if (!ids[i]) return;
    const f = factOf.get(ids[i]);
    if (!f) issues.push({ field: `items.${i}.memberId`, key: 'error.notFound', params: { entity: 'entity.member', id: ids[i] } });
    else if (f.status === 'archived') issues.push({ field: `items.${i}.memberNo`, key: 'member.archivedReadOnly', params: { memberNo: f.memberNo } });
    else if (type.kind === 'main' && (f.mainId || seenMember.has(f.id))) issues.push({ field: `items.${i}.memberNo`, key: 'card.hasMain', params: { memberNo: f.memberNo, cardNo: f.mainNo ?? seenMember.get(f.id) } });
    else if (type.kind === 'sub' && !f.mainId) issues.push({ field: `items.${i}.memberNo`, key: 'card.needsMain', params: { memberNo: f.memberNo } });
    if (!seenMember.has(ids[i])) seenMember.set(ids[i], no);
  });
  if (issues.length) {
    const line = (f: string) => Number(f.split('.')[1]);
    throw invalid(issues.sort((a, b) => line(a.field) - line(b.field) || a.field.localeCompare(b.field)).slice(0, 200));
  }
  // a sub card's main card; a main card's member holds none (checked above), so null
  const mainIds = ids.map((id) => factOf.get(id)!.mainId);
  const created = await rows<{ id: number }>(tx, sql`
    INSERT INTO cards (card_no, member_id, type_code, kind, main_card_id, status, valid_until, issued_by, note)
    SELECT no, member_id, ${type.code}, ${type.kind}, main_id, 'active',
           now() + make_interval(months => ${type.validityMonths}::int),
           ${actor.name}, ${input.note ?? null}
    FROM unnest(${sql.param(nos)}::text[], ${sql.param(ids)}::int[], ${sql.param(mainIds)}::int[]) AS t(no, member_id, main_id)
    RETURNING id`);
  const createdIds = created.map((c) => c.id);
  await rows(tx, sql`
    INSERT INTO card_events (card_id, member_id, kind, from_status, to_status, actor_name, note)
    SELECT id, member_id, 'issued', NULL, 'active', ${actor.name}, ${input.note ?? '批量发卡'} FROM cards WHERE id = ANY(${sql.param(createdIds)}::int[])`);
  const list = await tx.select().from(cards).where(dsql`${cards.id} = ANY(${dsql.param(createdIds)}::int[])`).orderBy(asc(cards.id));
  if (type.basePoints > 0) {
    await postEarnings(tx, actor, {
      sourceType: 'card', reason: `基本积分 ${type.code}`,
      earnings: list.map((c) => ({
        memberId: c.memberId, amount: type.basePoints, sourceId: c.id,
        key: basePointsKey(c, type),
      })),
    });
  }
  await recordAudit(tx, actor, { action: 'card.issueBatch', entityType: 'card', entityId: null, facts: { typeCode: type.code, count: list.length, cardIds: createdIds.slice(0, 1000) } });
  return { issued: list.length, cards: list };
}

export interface ReplaceInput {
  newCardNo: string;
  /** default: the same type */
  typeCode?: string | null;
  note?: string | null;
}

export type ReplaceReason = 'request' | 'loss' | 'upgrade' | 'downgrade';

/**
 * What a replacement of this main card needs, checked before anything is written: the card is an
 * active main card of a member who has not left, the new number is well formed and never used,
 * the type (default: the card's own) is an active main type. Locks the card.
 */
export async function checkReplacement(tx: Tx, cardId: number, input: ReplaceInput, reason: ReplaceReason) {
  const old = await lockCard(tx, cardId);
  if (old.kind !== 'main') throw refused('SUB_CARD_NOT_REPLACEABLE', 'card.subNoReplace');
  if (old.status !== 'active') {
    throw refused('CARD_NOT_ACTIVE', 'card.notActive', { cardNo: old.cardNo, status: `entity.cardStatus.${old.status}`, action: reason === 'loss' ? 'entity.action.reportLost' : 'entity.action.replace' });
  }
  const member = await getLiveMember(tx, old.memberId);
  const newNo = checkCardNo(input.newCardNo, 'newCardNo');
  const type = await findCardType(tx, input.typeCode ?? old.typeCode);
  if (!type) throw invalidField('typeCode', 'card.typeUnknown', { type: input.typeCode });
  if (type.kind !== 'main') throw invalidField('typeCode', 'card.typeKind', { type: type.code, kind: 'entity.cardKind.sub', expected: 'entity.cardKind.main' });
  if (!type.active) throw refused('CARD_TYPE_INACTIVE', 'card.typeInactive', { type: type.code });
  if (await cardNoUsed(tx, newNo)) throw conflict('CARD_NO_TAKEN', 'card.noTaken', { cardNo: newNo });
  return { old, member, newNo, type };
}

/**
 * 换卡 carried out: a main card is replaced by a new number (optionally of another main type); its
 * sub cards end at once. A loss is the same with the old number blocked (status lost). Sub cards
 * are never replaced. A type the member never held before credits its base points. A change of
 * type by staff is a request first (changes.ts); this runs at once only for the same type, a loss,
 * or an approved request.
 */
export async function replaceCard(tx: Tx, actor: Actor, cardId: number, input: ReplaceInput, reason: ReplaceReason): Promise<{ old: Card; card: Card; endedSubCards: number }> {
  const { old, member, newNo, type } = await checkReplacement(tx, cardId, input, reason);
  const endStatus = reason === 'loss' ? 'lost' : 'replaced';
  await tx.update(cards).set({ status: endStatus, endedAt: new Date(), updatedAt: new Date() }).where(eq(cards.id, old.id));
  const card = await insertCard(tx, actor, member, newNo, type, null, input.note ?? null);
  const [ended] = await tx.update(cards).set({ replacedById: card.id }).where(eq(cards.id, old.id)).returning();
  const subs = await rows<{ id: number }>(tx, sql`
    WITH s AS (
      UPDATE cards SET status = 'ended', ended_at = now(), updated_at = now() WHERE main_card_id = ${old.id} AND status = 'active' RETURNING id, member_id
    )
    INSERT INTO card_events (card_id, member_id, kind, from_status, to_status, related_card_id, actor_name, note)
    SELECT id, member_id, 'ended', 'active', 'ended', ${old.id}, ${actor.name}, ${'主卡换卡，子卡终止'} FROM s RETURNING card_id AS id`);
  const kind = reason === 'loss' ? 'lost' : reason === 'upgrade' ? 'upgraded' : reason === 'downgrade' ? 'downgraded' : 'replaced';
  await addEvent(tx, actor, { cardId: old.id, memberId: member.id, kind, fromStatus: 'active', toStatus: endStatus, relatedCardId: card.id, note: input.note });
  await addEvent(tx, actor, { cardId: card.id, memberId: member.id, kind: 'issued', fromStatus: null, toStatus: 'active', relatedCardId: old.id, note: input.note });
  const entryId = await creditBasePoints(tx, actor, card, type);
  await recordAudit(tx, actor, {
    action: reason === 'loss' ? 'card.loss' : reason === 'upgrade' ? 'card.upgrade' : reason === 'downgrade' ? 'card.downgrade' : 'card.replace', entityType: 'card', entityId: old.id,
    facts: { memberId: member.id, oldCardNo: old.cardNo, newCardNo: newNo, oldType: old.typeCode, newType: type.code, endedSubCards: subs.map((s) => s.id), basePointsEntryId: entryId },
  });
  return { old: ended, card, endedSubCards: subs.length };
}

/** 挂失: a main card is replaced by a new number and the old one blocked; a sub card is cancelled. */
export async function reportLoss(tx: Tx, actor: Actor, cardId: number, input: { newCardNo?: string | null; note?: string | null }) {
  const card = await lockCard(tx, cardId);
  if (card.kind === 'main') {
    if (!input.newCardNo) throw invalidField('newCardNo', 'card.lossNeedsNewNo');
    return replaceCard(tx, actor, cardId, { newCardNo: input.newCardNo, note: input.note }, 'loss');
  }
  if (card.status !== 'active') throw refused('CARD_NOT_ACTIVE', 'card.notActive', { cardNo: card.cardNo, status: `entity.cardStatus.${card.status}`, action: 'entity.action.reportLost' });
  await getLiveMember(tx, card.memberId);
  const [after] = await tx.update(cards).set({ status: 'cancelled', endedAt: new Date(), updatedAt: new Date() }).where(eq(cards.id, cardId)).returning();
  await addEvent(tx, actor, { cardId, memberId: card.memberId, kind: 'cancelled', fromStatus: 'active', toStatus: 'cancelled', note: input.note ?? '挂失注销' });
  await recordAudit(tx, actor, { action: 'card.loss', entityType: 'card', entityId: cardId, before: { status: card.status }, after: { status: 'cancelled' } });
  return { old: after, card: null, endedSubCards: 0 };
}

/** Sub cards past their validity lapse by themselves (daily job; `now` given by tests). Chunked. */
export async function lapseSubCards(tx: Tx, now: Date, limit = 5000): Promise<number> {
  const lapsed = await rows<{ id: number }>(tx, sql`
    WITH due AS (
      SELECT id FROM cards WHERE kind = 'sub' AND status = 'active' AND valid_until <= ${now}::timestamptz ORDER BY id LIMIT ${limit} FOR UPDATE
    ),
    l AS (
      UPDATE cards c SET status = 'lapsed', ended_at = ${now}::timestamptz, updated_at = now() FROM due WHERE c.id = due.id RETURNING c.id, c.member_id
    )
    INSERT INTO card_events (card_id, member_id, at, kind, from_status, to_status, actor_name, note)
    SELECT id, member_id, ${now}::timestamptz, 'lapsed', 'active', 'lapsed', 'system', ${'有效期届满'} FROM l RETURNING card_id AS id`);
  if (lapsed.length) {
    await recordAudit(tx, systemActor('card lapse job'), { action: 'card.lapse', entityType: 'card', entityId: null, facts: { count: lapsed.length, cardIds: lapsed.slice(0, 1000).map((l) => l.id) } });
  }
  return lapsed.length;
}

// ---------- upgrades ----------

export async function listUpgrades(tx: Tx, q: { page: number; pageSize: number; status?: UpgradeStatus; memberId?: number }, actor?: Actor) {
  const conds: SQL[] = [];
  const scope = actor && memberScopeSql(actor, dsql`${cardUpgrades.memberId}`);
  if (scope) conds.push(scope);
  if (q.status) conds.push(eq(cardUpgrades.status, q.status));
  if (q.memberId) conds.push(eq(cardUpgrades.memberId, q.memberId));
  const where = conds.length ? and(...conds) : undefined;
  const direction = dsql<'upgrade' | 'downgrade'>`CASE WHEN (SELECT t.rank FROM card_types t WHERE t.code = ${cardUpgrades.toType})
    >= (SELECT f.rank FROM card_types f WHERE f.code = ${cardUpgrades.fromType}) THEN 'upgrade' ELSE 'downgrade' END`;
  const [items, [{ total }]] = await Promise.all([
    tx.select({ u: cardUpgrades, fromCardNo: cards.cardNo, direction }).from(cardUpgrades).innerJoin(cards, eq(cards.id, cardUpgrades.fromCardId))
      .where(where).orderBy(desc(cardUpgrades.proposedAt), desc(cardUpgrades.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: dsql<number>`count(*)::int` }).from(cardUpgrades).where(where),
  ]);
  const labels = await memberLabels(tx, [...new Set(items.map((i) => i.u.memberId))]);
  return {
    items: items.map(({ u, fromCardNo, direction }) => ({ ...u, fromCardNo, direction, memberNo: labels.get(u.memberId)!.memberNo, memberName: labels.get(u.memberId)!.name })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

/** 换卡/升级待审批 on the home page: pending upgrade and change requests of members the actor may see (the approval list's total). */
export async function countPendingCardRequests(tx: Tx, actor: Actor): Promise<number> {
  const [{ n }] = await tx.select({ n: dsql<number>`count(*)::int` }).from(cardUpgrades)
    .where(and(eq(cardUpgrades.status, 'pending'), memberScopeSql(actor, dsql`${cardUpgrades.memberId}`)));
  return n;
}

async function lockUpgrade(tx: Tx, id: number) {
  const [u] = await tx.select().from(cardUpgrades).where(eq(cardUpgrades.id, id)).for('update');
  if (!u) throw notFound('cardUpgrade', id);
  if (u.status !== 'pending') throw refused('UPGRADE_NOT_PENDING', 'card.upgradeNotPending', { id, status: u.status });
  return u;
}

/**
 * 换卡审批: approval issues the new main card of the requested type — with the number given here,
 * or else the one named in a staff request — ending the old card and its sub cards; the new type's
 * base points are credited (once per member and type).
 */
export async function approveUpgrade(tx: Tx, actor: Actor, id: number, input: { cardNo?: string | null; note?: string | null }) {
  const u = await lockUpgrade(tx, id);
  const main = await activeMainCard(tx, u.memberId);
  if (!main || main.id !== u.fromCardId) throw refused('UPGRADE_STALE', 'card.upgradeStale');
  const cardNo = input.cardNo || u.requestedCardNo;
  if (!cardNo) throw invalidField('cardNo', 'validation.required');
  const [from, to] = await Promise.all([getCardType(tx, u.fromType), getCardType(tx, u.toType)]);
  const replaced = await replaceCard(tx, actor, main.id, { newCardNo: cardNo, typeCode: u.toType, note: input.note ?? u.requestNote ?? null }, to.rank >= from.rank ? 'upgrade' : 'downgrade');
  const [after] = await tx.update(cardUpgrades).set({ status: 'approved', decidedBy: actor.name, decidedAt: new Date(), decisionNote: input.note ?? null, newCardId: replaced.card.id })
    .where(eq(cardUpgrades.id, id)).returning();
  await recordAudit(tx, actor, { action: 'card.upgradeApprove', entityType: 'cardUpgrade', entityId: id, before: { status: 'pending' }, after: { status: 'approved', newCardId: replaced.card.id } });
  return { upgrade: after, card: replaced.card };
}

export async function rejectUpgrade(tx: Tx, actor: Actor, id: number, input: { note: string }) {
  await lockUpgrade(tx, id);
  const [after] = await tx.update(cardUpgrades).set({ status: 'rejected', decidedBy: actor.name, decidedAt: new Date(), decisionNote: input.note })
    .where(eq(cardUpgrades.id, id)).returning();
  await recordAudit(tx, actor, { action: 'card.upgradeReject', entityType: 'cardUpgrade', entityId: id, before: { status: 'pending' }, after: { status: 'rejected', note: input.note } });
  return after;
}

// ---------- reading ----------

export interface CardQuery extends ListPage {
  cardNo?: string;
  memberId?: number;
  status?: CardStatus;
  typeCode?: string;
  kind?: 'main' | 'sub';
}

export async function listCards(tx: Tx, q: CardQuery, actor?: Actor) {
  const conds: SQL[] = [];
  const scope = actor && memberScopeSql(actor, dsql`${cards.memberId}`);
  if (scope) conds.push(scope);
  if (q.cardNo) conds.push(dsql`${cards.cardNo} LIKE ${normaliseCardNo(q.cardNo).replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
  if (q.memberId) conds.push(eq(cards.memberId, q.memberId));
  if (q.status) conds.push(eq(cards.status, q.status));
  if (q.typeCode) conds.push(eq(cards.typeCode, q.typeCode));
  if (q.kind) conds.push(eq(cards.kind, q.kind));
  const where = conds.length ? and(...conds) : undefined;
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(cards).where(and(where, beforeId(cards.id, q))).orderBy(desc(cards.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    totalUnlessExport(q, () => tx.select({ total: dsql<number>`count(*)::int` }).from(cards).where(where) as never),
  ]);
  const labels = await memberLabels(tx, [...new Set(items.map((c) => c.memberId))]);
  return {
    items: items.map((c) => ({ ...c, memberNo: labels.get(c.memberId)!.memberNo, memberName: labels.get(c.memberId)!.name })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

/** A card with its whole history, oldest first. */
export async function cardWithHistory(tx: Tx, id: number) {
  const card = await getCard(tx, id);
  const history = await tx.select().from(cardEvents).where(eq(cardEvents.cardId, id)).orderBy(asc(cardEvents.at), asc(cardEvents.id));
  const labels = await memberLabels(tx, [card.memberId]);
  return { ...card, memberNo: labels.get(card.memberId)!.memberNo, memberName: labels.get(card.memberId)!.name, history };
}

/** A member's cards (active first) and level. */
export async function memberCards(tx: Tx, memberId: number) {
  const list = await tx.select().from(cards).where(eq(cards.memberId, memberId)).orderBy(dsql`${cards.status} <> 'active'`, asc(cards.kind), desc(cards.id));
  const level = await memberLevel(tx, memberId);
  return { level: level?.code ?? null, cards: list };
}

/** 读卡: what a swipe shows — the card, its member, level and balance. Any card number is found (an ended card says so). */
export async function lookupCard(tx: Tx, rawCardNo: string) {
  const cardNo = normaliseCardNo(rawCardNo);
  const [card] = await tx.select().from(cards).where(eq(cards.cardNo, cardNo));
  if (!card) throw new AppError(404, 'CARD_NOT_FOUND', 'error.notFound', { entity: 'entity.card', id: cardNo });
  const labels = await memberLabels(tx, [card.memberId]);
  const level = await memberLevel(tx, card.memberId);
  const [acc] = await rows<{ balance: number }>(tx, sql`SELECT balance FROM points_accounts WHERE member_id = ${card.memberId}`);
  return {
    card, memberId: card.memberId, memberNo: labels.get(card.memberId)!.memberNo, memberName: labels.get(card.memberId)!.name,
    level: level?.code ?? null, balance: acc?.balance ?? 0,
  };
}
