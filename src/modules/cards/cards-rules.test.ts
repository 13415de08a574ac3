// The rules of cards/service.ts that cards.test.ts leaves open (issue 17, mutation testing): each
// checked as a user sees it — a refusal and its message, a card's state and history, a balance,
// the approval list, the home page's count, the audit log.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { archiveMember, createMembers } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, balanceOf, nextCardNo } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { systemActor } from '../auth/actor.ts';
import { lapseCards } from './jobs.ts';
import { approveUpgrade, issueCards, lapseSubCards, reportLoss } from './service.ts';

let t: TestApp;
let admin: Session;
const en = { 'accept-language': 'en' };
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  // a main type without base points, and an inactive one
  for (const [code, rank, active] of [['zgold', 5, true], ['zdead', 6, false]] as const) {
    expect((await admin.post('/api/v1/dictionaries', { kind: 'card_type', code, labelZh: `${code}卡`, labelEn: `${code} card` })).status).toBe(200);
    expect((await admin.post('/api/v1/card-types', { code, kind: 'main', rank, basePoints: 0, active })).status).toBe(200);
  }
  // a sub type without base points or validity
  expect((await admin.post('/api/v1/dictionaries', { kind: 'card_type', code: 'zsub', labelZh: '纪念卡', labelEn: 'Souvenir card' })).status).toBe(200);
  expect((await admin.post('/api/v1/card-types', { code: 'zsub', kind: 'sub', basePoints: 0 })).status).toBe(200);
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

const member = async () => (await createMembers(t.db, 1))[0];
const issue = async (memberId: number, extra: Record<string, unknown> = {}) => {
  const r = await admin.post('/api/v1/cards', { memberId, cardNo: nextCardNo(), ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { id: number; cardNo: string; validUntil: string | null; issuedAt: string };
};
const card = async (id: number) => (await admin.get(`/api/v1/cards/${id}`)).body;
const cardsOf = async (memberId: number) => (await admin.get(`/api/v1/cards?memberId=${memberId}`)).body.total as number;
const auditOf = async (entityType: string, entityId: number | string) =>
  (await admin.get(`/api/v1/audit?entityType=${entityType}&entityId=${entityId}`)).body.items as { action: string; changes: Record<string, unknown> }[];
const entriesOf = async (memberId: number) =>
  (await admin.get(`/api/v1/points/entries?memberId=${memberId}`)).body.items as { id: number; amount: number; sourceType: string; sourceId: number; reason: string }[];

describe('issuing', () => {
  it('a card number is the whole text of 6 to 20 digits or capital letters', async () => {
    const m = await member();
    for (const no of ['12345', '1'.repeat(21), '#123456', '123456#', '12345.6']) {
      const r = await admin.post('/api/v1/cards', { memberId: m.id, cardNo: no }, en);
      expect(r.status, no).toBe(400);
      expect(r.body.error.details).toEqual([{ field: 'cardNo', issue: 'must be 6 to 20 digits or capital letters' }]);
    }
    expect(await cardsOf(m.id)).toBe(0);
    expect((await issue(m.id, { cardNo: 'abc123' })).cardNo).toBe('ABC123');
    const other = await member();
    expect((await issue(other.id, { cardNo: 'ABCDEFGHIJ0123456789' })).cardNo).toBe('ABCDEFGHIJ0123456789');
  });

  it('an inactive type issues nothing; a main type without base points books no entry and has no end date', async () => {
    const m = await member();
    const dead = await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo(), typeCode: 'zdead' }, en);
    expect(dead.status).toBe(422);
    expect(dead.body.error).toMatchObject({ code: 'CARD_TYPE_INACTIVE', message: 'Card type "zdead" is inactive' });
    expect(await cardsOf(m.id)).toBe(0);
    const gold = await issue(m.id, { typeCode: 'zgold', note: '贵宾' });
    expect(gold).toMatchObject({ typeCode: 'zgold', kind: 'main', status: 'active', validUntil: null, note: '贵宾', mainCardId: null });
    expect(await balanceOf(admin, m.id)).toBe(0);
    expect(await entriesOf(m.id)).toEqual([]);
    expect((await card(gold.id)).history).toMatchObject([{ kind: 'issued', fromStatus: null, toStatus: 'active', note: '贵宾', relatedCardId: null }]);
    const [line] = await auditOf('card', gold.id);
    expect(line.action).toBe('card.issue');
    expect(line.changes).toMatchObject({ cardNo: { before: null, after: gold.cardNo }, typeCode: { before: null, after: 'zgold' } });
    expect(line.changes.basePointsEntryId).toBeUndefined();
  });

  it('each sub card of a type with base points credits them (the main type\'s come once per member and type)', async () => {
    const m = await member();
    const main = await issue(m.id);
    const [line] = await auditOf('card', main.id);
    const [base] = await entriesOf(m.id);
    expect(base).toMatchObject({ amount: 100, sourceType: 'card', sourceId: main.id, reason: '基本积分 normal' });
    expect(line.changes).toMatchObject({ basePointsEntryId: { before: null, after: base.id } });
    const subs = [await issue(m.id, { typeCode: 'co_brand' }), await issue(m.id, { typeCode: 'co_brand' })];
    expect(await balanceOf(admin, m.id)).toBe(100 + 200 + 200);
    expect((await entriesOf(m.id)).filter((e) => e.amount === 200).map((e) => e.sourceId).sort()).toEqual(subs.map((s) => s.id).sort());
    const discount = await issue(m.id, { typeCode: 'discount' });
    expect(discount.validUntil).not.toBeNull();
    expect(await balanceOf(admin, m.id)).toBe(500);
    // a lost main card's replacement of the same type earns nothing again; a new main type does
    const lost = await admin.post(`/api/v1/cards/${main.id}/loss`, { newCardNo: nextCardNo() });
    expect(lost.status).toBe(200);
    expect(await balanceOf(admin, m.id)).toBe(500);
  });
});

describe('issuing in batch', () => {
  const call = (input: Parameters<typeof issueCards>[2]) => t.db.transaction((tx) => issueCards(tx, systemActor('test'), input));

  it('an empty list or one over 10 000 cards is refused naming the items', async () => {
    const m = await member();
    await expect(call({ typeCode: 'normal', items: [] })).rejects.toMatchObject({ status: 400, details: [{ field: 'items', key: 'validation.required' }] });
    const many = Array.from({ length: 10_001 }, () => ({ memberId: m.id, cardNo: nextCardNo() }));
    await expect(call({ typeCode: 'normal', items: many })).rejects.toMatchObject({ status: 400, details: [{ field: 'items', key: 'batch.tooMany', params: { max: 10_000 } }] });
    // exactly 10 000 is one batch: the audit line names the first 1 000 cards and counts them all
    await issue(m.id);
    const tenThousand = await call({ typeCode: 'zsub', items: many.slice(0, 10_000) });
    expect(tenThousand.issued).toBe(10_000);
    expect(tenThousand.cards.every((c) => c.memberId === m.id && c.validUntil === null && c.mainCardId !== null)).toBe(true);
    const [batchLine] = (await admin.get('/api/v1/audit?action=card.issueBatch&pageSize=1')).body.items;
    expect(batchLine).toMatchObject({ entityType: 'card', changes: { typeCode: 'zsub', count: 10_000, cardIds: tenThousand.cards.slice(0, 1000).map((c) => c.id) } });
    const inactive = await call({ typeCode: 'zdead', items: [{ memberId: m.id, cardNo: nextCardNo() }] }).catch((e: unknown) => e);
    expect(inactive).toBeInstanceOf(AppError);
    expect(inactive).toMatchObject({ status: 422, code: 'CARD_TYPE_INACTIVE' });
    const r = await admin.post('/api/v1/cards/batch', { typeCode: 'zdead', items: [{ memberId: m.id, cardNo: nextCardNo() }] }, en);
    expect(r.body.error.message).toBe('Card type "zdead" is inactive');
  });

  it('every bad line is named, in line order, and nothing is issued', async () => {
    const [archived, holder, fresh, fresh2, fresh3] = await createMembers(t.db, 5);
    await archiveMember(t.db, archived.id);
    const held = await issue(holder.id);
    const freshNo = nextCardNo();
    const r = await admin.post('/api/v1/cards/batch', {
      typeCode: 'normal',
      items: [
        { memberNo: 'NOPE', cardNo: 'X' }, { memberId: 99_999_999, cardNo: nextCardNo() }, { memberId: archived.id, cardNo: nextCardNo() },
        { memberId: holder.id, cardNo: nextCardNo() }, { memberId: fresh.id, cardNo: freshNo }, { memberNo: fresh.memberNo, cardNo: nextCardNo() },
        { memberId: fresh.id, cardNo: nextCardNo() }, { cardNo: nextCardNo() }, { memberId: fresh2.id, cardNo: freshNo },
        { memberId: fresh3.id, cardNo: held.cardNo },
      ],
    }, en);
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([
      { field: 'items.0.cardNo', issue: 'must be 6 to 20 digits or capital letters' },
      { field: 'items.0.memberNo', issue: 'No such member: NOPE' },
      { field: 'items.1.memberId', issue: 'member not found: 99999999' },
      { field: 'items.2.memberNo', issue: `Member ${archived.memberNo} has left and is archived (read-only)` },
      { field: 'items.3.memberNo', issue: `Member ${holder.memberNo} already holds active main card ${held.cardNo}; replace it instead` },
      // the same member again: the card of their first line in the batch is named
      { field: 'items.5.memberNo', issue: `Member ${fresh.memberNo} already holds active main card ${freshNo}; replace it instead` },
      { field: 'items.6.memberNo', issue: `Member ${fresh.memberNo} already holds active main card ${freshNo}; replace it instead` },
      // neither a member id nor a number
      { field: 'items.7.memberNo', issue: 'is required' },
      { field: 'items.8.cardNo', issue: `card number ${freshNo} appears more than once in this batch` },
      { field: 'items.9.cardNo', issue: `Card number ${held.cardNo} has been used before; card numbers are never reused` },
    ]);
    expect(await cardsOf(fresh2.id)).toBe(0);
    expect(await cardsOf(fresh.id)).toBe(0);
    // a sub card needs a main card
    const sub = await admin.post('/api/v1/cards/batch', { typeCode: 'co_brand', items: [{ memberId: fresh.id, cardNo: nextCardNo() }, { memberId: holder.id, cardNo: nextCardNo() }] }, en);
    expect(sub.status).toBe(400);
    expect(sub.body.error.details).toEqual([{ field: 'items.0.memberNo', issue: `Member ${fresh.memberNo} has no active main card; a sub card needs one` }]);
    expect(await balanceOf(admin, holder.id)).toBe(100);
    // at most 200 problems are listed, the first lines first
    const lots = await admin.post('/api/v1/cards/batch', { typeCode: 'normal', items: Array.from({ length: 101 }, () => ({ memberNo: 'NOPE', cardNo: 'X' })) });
    expect(lots.status).toBe(400);
    expect(lots.body.error.details).toHaveLength(200);
    expect(lots.body.error.details.at(-1).field).toBe('items.99.memberNo');
  });

  it('a good batch: cards in line order with history, validity for sub cards, base points per sub card, one audit line', async () => {
    const ms = await createMembers(t.db, 2);
    for (const m of ms) await issue(m.id);
    const nos = [nextCardNo(), nextCardNo()];
    const subs = await admin.post('/api/v1/cards/batch', { typeCode: 'co_brand', items: ms.map((m, i) => ({ memberId: m.id, cardNo: nos[i] })) });
    expect(subs.status).toBe(200);
    expect(subs.body.issued).toBe(2);
    expect(subs.body.cards.map((c: { cardNo: string; memberId: number }) => [c.cardNo, c.memberId])).toEqual(ms.map((m, i) => [nos[i], m.id]));
    for (const c of subs.body.cards) {
      const months = (new Date(c.validUntil).getTime() - new Date(c.issuedAt).getTime()) / (30.44 * 86400_000);
      expect(Math.round(months)).toBe(24);
      expect(c).toMatchObject({ kind: 'sub', status: 'active', note: null });
      expect((await card(c.id)).history).toMatchObject([{ kind: 'issued', fromStatus: null, toStatus: 'active', note: '批量发卡' }]);
    }
    for (const m of ms) expect(await balanceOf(admin, m.id)).toBe(100 + 200);
    expect((await entriesOf(ms[0].id))[0]).toMatchObject({ amount: 200, sourceType: 'card', sourceId: subs.body.cards[0].id, reason: '基本积分 co_brand' });
    // a second sub card each earns again (base points per sub card)
    const again = await admin.post('/api/v1/cards/batch', { typeCode: 'co_brand', items: ms.map((m) => ({ memberId: m.id, cardNo: nextCardNo() })) });
    expect(again.status).toBe(200);
    for (const m of ms) expect(await balanceOf(admin, m.id)).toBe(100 + 400);
    const batchLines = (await admin.get('/api/v1/audit?action=card.issueBatch&pageSize=100')).body.items as { changes: { typeCode: string; count: number; cardIds: number[] } }[];
    expect(batchLines.find((l) => l.changes.cardIds.includes(subs.body.cards[0].id))).toMatchObject({ entityType: 'card' });
    expect(batchLines.find((l) => l.changes.cardIds.includes(subs.body.cards[0].id))?.changes).toEqual({ typeCode: 'co_brand', count: 2, cardIds: subs.body.cards.map((c: { id: number }) => c.id) });

    // a main type without base points: no entries, no end date, the batch's note on each card
    const [a, b] = await createMembers(t.db, 2);
    const gold = await admin.post('/api/v1/cards/batch', { typeCode: 'zgold', note: '年会发卡', items: [{ memberId: a.id, cardNo: nextCardNo() }, { memberNo: b.memberNo, cardNo: nextCardNo() }] });
    expect(gold.status).toBe(200);
    expect(gold.body.cards).toMatchObject([{ memberId: a.id, validUntil: null, note: '年会发卡', typeCode: 'zgold', mainCardId: null }, { memberId: b.id, validUntil: null }]);
    expect((await card(gold.body.cards[1].id)).history).toMatchObject([{ kind: 'issued', note: '年会发卡' }]);
    expect(await entriesOf(a.id)).toEqual([]);
    // a main type with base points, in batch: once per member and type, like one card at a time
    const [c, d] = await createMembers(t.db, 2);
    const normal = await admin.post('/api/v1/cards/batch', { typeCode: 'normal', items: [c, d].map((x) => ({ memberId: x.id, cardNo: nextCardNo() })) });
    expect(normal.status).toBe(200);
    expect((await entriesOf(c.id)).map((e) => [e.amount, e.sourceId, e.reason])).toEqual([[100, normal.body.cards[0].id, '基本积分 normal']]);
    const lost = await admin.post(`/api/v1/cards/${normal.body.cards[1].id}/loss`, { newCardNo: nextCardNo() });
    expect(lost.status).toBe(200);
    expect(await balanceOf(admin, d.id)).toBe(100);
  });
});

describe('replacing and losing', () => {
  it('a card no longer active is refused, saying what was asked; an archived member, an inactive type, a bad number too', async () => {
    const m = await member();
    const main = await issue(m.id);
    const replaced = await admin.post(`/api/v1/cards/${main.id}/replace`, { newCardNo: nextCardNo() });
    expect(replaced.status).toBe(200);
    const again = await admin.post(`/api/v1/cards/${main.id}/replace`, { newCardNo: nextCardNo() }, en);
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({ code: 'CARD_NOT_ACTIVE', message: `Card ${main.cardNo} is replaced and cannot be replaced` });
    const lost = await admin.post(`/api/v1/cards/${main.id}/loss`, { newCardNo: nextCardNo() }, en);
    expect(lost.body.error.message).toBe(`Card ${main.cardNo} is replaced and cannot be reported lost`);

    const current = replaced.body.card;
    const badNo = await admin.post(`/api/v1/cards/${current.id}/replace`, { newCardNo: 'AB#12345' });
    expect(badNo.status).toBe(400);
    expect(badNo.body.error.details[0].field).toBe('newCardNo');
    const inactive = await admin.post(`/api/v1/cards/${current.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'zdead' }, en);
    expect(inactive.status).toBe(422);
    expect(inactive.body.error).toMatchObject({ code: 'CARD_TYPE_INACTIVE', message: 'Card type "zdead" is inactive' });
    const taken = await admin.post(`/api/v1/cards/${current.id}/replace`, { newCardNo: main.cardNo }, en);
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'CARD_NO_TAKEN', message: `Card number ${main.cardNo} has been used before; card numbers are never reused` });
    const unknownType = await admin.post(`/api/v1/cards/${current.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'nope' }, en);
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.details).toEqual([{ field: 'typeCode', issue: 'there is no card type "nope"' }]);
    const subType = await admin.post(`/api/v1/cards/${current.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'discount' }, en);
    expect(subType.status).toBe(400);
    expect(subType.body.error.details).toEqual([{ field: 'typeCode', issue: '"discount" is a sub type; a main type is needed here' }]);
    const noNewNo = await admin.post(`/api/v1/cards/${current.id}/loss`, {}, en);
    expect(noNewNo.status).toBe(400);
    expect(noNewNo.body.error.details).toEqual([{ field: 'newCardNo', issue: 'is required: a lost main card is replaced by a new number' }]);
    const sub = await issue(m.id, { typeCode: 'discount' });
    const subReplaced = await admin.post(`/api/v1/cards/${sub.id}/replace`, { newCardNo: nextCardNo() }, en);
    expect(subReplaced.status).toBe(422);
    expect(subReplaced.body.error).toMatchObject({ code: 'SUB_CARD_NOT_REPLACEABLE', message: 'Sub cards are never replaced; reporting a sub card lost cancels it' });
    expect(await cardsOf(m.id)).toBe(3);
    await archiveMember(t.db, m.id);
    const left = await admin.post(`/api/v1/cards/${current.id}/replace`, { newCardNo: nextCardNo() });
    expect(left.status).toBe(422);
    expect(left.body.error.code).toBe('MEMBER_ARCHIVED');
    const subLost = await admin.post(`/api/v1/cards/${sub.id}/loss`, {});
    expect(subLost.status).toBe(422);
    expect(subLost.body.error.code).toBe('MEMBER_ARCHIVED');
    expect((await card(current.id)).status).toBe('active');
    expect((await card(sub.id)).status).toBe('active');
  });

  it('a replacement ends the old card and its sub cards with history on each, and is audited by what it was', async () => {
    const m = await member();
    const main = await issue(m.id);
    const sub = await issue(m.id, { typeCode: 'discount' });
    const newNo = nextCardNo();
    const r = await admin.post(`/api/v1/cards/${main.id}/replace`, { newCardNo: newNo, note: '磨损' });
    expect(r.body.old).toMatchObject({ status: 'replaced', endedAt: expect.any(String) });
    expect(r.body.card).toMatchObject({ note: '磨损', mainCardId: null, kind: 'main' });
    expect((await card(r.body.card.id)).history).toMatchObject([{ kind: 'issued', fromStatus: null, toStatus: 'active', relatedCardId: main.id, note: '磨损' }]);
    expect((await card(main.id)).history.at(-1)).toMatchObject({ kind: 'replaced', fromStatus: 'active', toStatus: 'replaced', relatedCardId: r.body.card.id });
    const ended = await card(sub.id);
    expect(ended).toMatchObject({ status: 'ended', endedAt: expect.any(String) });
    expect(ended.history.at(-1)).toMatchObject({ kind: 'ended', fromStatus: 'active', toStatus: 'ended', relatedCardId: main.id, note: '主卡换卡，子卡终止' });
    const [line] = await auditOf('card', main.id);
    expect(line.action).toBe('card.replace');
    expect(line.changes).toEqual({
      memberId: m.id, oldCardNo: main.cardNo, newCardNo: newNo, oldType: 'normal', newType: 'normal', endedSubCards: [sub.id], basePointsEntryId: null,
    });
    // a loss: the old number blocked, audited as a loss
    const lost = await admin.post(`/api/v1/cards/${r.body.card.id}/loss`, { newCardNo: nextCardNo() });
    expect(lost.body).toMatchObject({ old: { status: 'lost', endedAt: expect.any(String) }, endedSubCards: 0 });
    expect((await card(r.body.card.id)).history.at(-1)).toMatchObject({ kind: 'lost', toStatus: 'lost', relatedCardId: lost.body.card.id });
    expect((await auditOf('card', r.body.card.id))[0]).toMatchObject({ action: 'card.loss', changes: { oldType: 'normal', newType: 'normal', endedSubCards: [] } });
  });

  it('approved changes of type are audited as an upgrade or a downgrade, the new type\'s base points on the audit line', async () => {
    const m = await member();
    const main = await issue(m.id);
    const manager = await t.userWithRoles('rules_manager1', ['manager']);
    const up = await admin.post(`/api/v1/cards/${main.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'vip' });
    // a change of type is a request, even the administrator's
    expect(up.body.outcome).toBe('requested');
    const upOk = await manager.post(`/api/v1/card-upgrades/${up.body.request.id}/approve`, {});
    expect(upOk.status).toBe(200);
    const upLine = (await auditOf('card', main.id))[0];
    expect(upLine).toMatchObject({ action: 'card.upgrade', changes: { oldType: 'normal', newType: 'vip', basePointsEntryId: expect.any(Number) } });
    const down = await admin.post(`/api/v1/cards/${upOk.body.card.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'normal' });
    const downOk = await manager.post(`/api/v1/card-upgrades/${down.body.request.id}/approve`, {});
    expect(downOk.status).toBe(200);
    expect((await auditOf('card', upOk.body.card.id))[0]).toMatchObject({ action: 'card.downgrade', changes: { oldType: 'vip', newType: 'normal', basePointsEntryId: null } });
    expect(await balanceOf(admin, m.id)).toBe(600);
  });

  it('a lost sub card is cancelled (once), with the note given or 挂失注销', async () => {
    const m = await member();
    await issue(m.id);
    const [s1, s2] = [await issue(m.id, { typeCode: 'discount' }), await issue(m.id, { typeCode: 'discount' })];
    const r = await admin.post(`/api/v1/cards/${s1.id}/loss`, {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ old: { id: s1.id, status: 'cancelled', endedAt: expect.any(String) }, card: null, endedSubCards: 0 });
    expect((await card(s1.id)).history.at(-1)).toMatchObject({ kind: 'cancelled', fromStatus: 'active', toStatus: 'cancelled', note: '挂失注销' });
    expect((await auditOf('card', s1.id))[0]).toMatchObject({ action: 'card.loss', changes: { status: { before: 'active', after: 'cancelled' } } });
    const twice = await admin.post(`/api/v1/cards/${s1.id}/loss`, {}, en);
    expect(twice.status).toBe(422);
    expect(twice.body.error).toMatchObject({ code: 'CARD_NOT_ACTIVE', message: `Card ${s1.cardNo} is cancelled and cannot be reported lost` });
    await admin.post(`/api/v1/cards/${s2.id}/loss`, { note: '钱包丢失' });
    expect((await card(s2.id)).history.at(-1)).toMatchObject({ kind: 'cancelled', note: '钱包丢失' });
  });
});

describe('sub cards lapse', () => {
  it('at the end of their validity (not before), dated then, by the system, audited once per run with what lapsed', async () => {
    const m = await member();
    const main = await issue(m.id);
    // 1 001 more: an audit line names the first 1 000 and counts them all
    const many = await t.db.transaction((tx) => issueCards(tx, systemActor('test'), { typeCode: 'discount', items: Array.from({ length: 1001 }, () => ({ memberId: m.id, cardNo: nextCardNo() })) }));
    const [a, b] = [await issue(m.id, { typeCode: 'discount' }), await issue(m.id, { typeCode: 'discount' })];
    // (a millisecond after the second one's end: the database keeps microseconds)
    const end = new Date(new Date(b.validUntil!).getTime() + 1);
    // a second before the first one's end: neither lapses (sub cards of earlier tests may)
    await lapseCards(t.db, new Date(new Date(a.validUntil!).getTime() - 1000));
    expect((await card(a.id)).status).toBe('active');
    // a chunk at a time
    expect(await t.db.transaction((tx) => lapseSubCards(tx, end, 1))).toBe(1);
    // a chunk of more than 1 000 (the job takes 5 000 at a time on PostgreSQL)
    expect(await t.db.transaction((tx) => lapseSubCards(tx, end, 1001))).toBe(1001);
    expect(await lapseCards(t.db, end)).toBeGreaterThanOrEqual(1);
    for (const s of [a, b]) {
      const after = await card(s.id);
      expect(after).toMatchObject({ status: 'lapsed', endedAt: end.toISOString() });
      expect(after.history.at(-1)).toMatchObject({ kind: 'lapsed', fromStatus: 'active', toStatus: 'lapsed', actorName: 'system', note: '有效期届满', at: end.toISOString() });
    }
    expect((await card(main.id)).status).toBe('active');
    expect((await card(many.cards[1000].id)).status).toBe('lapsed');
    const lines = (await admin.get('/api/v1/audit?action=card.lapse&pageSize=100')).body.items as { actorName: string; entityType: string; changes: { count: number; cardIds: number[] } }[];
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) {
      expect(l).toMatchObject({ actorName: 'card lapse job', entityType: 'card' });
      expect(l.changes.cardIds.length).toBe(Math.min(l.changes.count, 1000));
      expect(l.changes.count).toBeGreaterThan(0);
    }
    expect(lines.find((l) => l.changes.count > 1000)?.changes.cardIds).toHaveLength(1000);
    expect(lines.flatMap((l) => l.changes.cardIds)).toEqual(expect.arrayContaining([a.id, b.id]));
  });
});

describe('card change requests', () => {
  /** A member of a fresh department holding a normal card, with 9900 points more: an upgrade proposal to VIP waits. */
  const proposed = async (department: string) => {
    const m = await member();
    await rows(t.db.db, sql`UPDATE customers SET department = ${department} WHERE id = ${m.customerId}`);
    const main = await issue(m.id);
    await addPoints(admin, m.id, 9900, await approvedActivity(admin));
    const [p] = (await admin.get(`/api/v1/card-upgrades?memberId=${m.id}&status=pending`)).body.items;
    expect(p).toMatchObject({ fromCardId: main.id, toType: 'vip', requestedCardNo: null });
    return { m, main, p };
  };

  it('an approval needs a card number when the proposal named none; a proposal whose card changed is stale; decided once', async () => {
    const { m, main, p } = await proposed('规则甲案场');
    const noNo = await admin.post(`/api/v1/card-upgrades/${p.id}/approve`, {}, en);
    expect(noNo.status).toBe(400);
    expect(noNo.body.error.details).toEqual([{ field: 'cardNo', issue: 'is required' }]);
    const unknown = await admin.post('/api/v1/card-upgrades/99999999/approve', { cardNo: nextCardNo() });
    expect(unknown.status).toBe(404);
    // the service refuses it too (the route's scope check asks first)
    await expect(t.db.transaction((tx) => approveUpgrade(tx, systemActor('test'), 99_999_999, { cardNo: nextCardNo() })))
      .rejects.toMatchObject({ status: 404, key: 'error.notFound', params: { entity: 'entity.cardUpgrade', id: 99_999_999 } });
    // the card was replaced meanwhile (same type): the proposal no longer fits
    await admin.post(`/api/v1/cards/${main.id}/replace`, { newCardNo: nextCardNo() });
    const stale = await admin.post(`/api/v1/card-upgrades/${p.id}/approve`, { cardNo: nextCardNo() }, en);
    expect(stale.status).toBe(422);
    expect(stale.body.error).toMatchObject({ code: 'UPGRADE_STALE', message: 'The member\'s main card has changed since this proposal; reject it' });
    const rej = await admin.post(`/api/v1/card-upgrades/${p.id}/reject`, { note: '已换卡' });
    expect(rej.status).toBe(200);
    expect(rej.body).toMatchObject({ status: 'rejected', decidedBy: '系统管理员', decisionNote: '已换卡', decidedAt: expect.any(String), newCardId: null });
    const twice = await admin.post(`/api/v1/card-upgrades/${p.id}/reject`, { note: '再驳回' }, en);
    expect(twice.status).toBe(422);
    expect(twice.body.error).toMatchObject({ code: 'UPGRADE_NOT_PENDING', message: `Upgrade proposal #${p.id} is already decided (rejected)` });
    expect((await auditOf('cardUpgrade', p.id))[0].changes).toEqual({ status: { before: 'pending', after: 'rejected' }, note: { before: null, after: '已换卡' } });
    const actions = (await auditOf('cardUpgrade', p.id)).map((l) => l.action);
    expect(actions[0]).toBe('card.upgradeReject');
    expect(actions.filter((a) => a === 'card.upgradeReject')).toHaveLength(1);
    expect((await admin.get(`/api/v1/members/${m.id}/cards`)).body.level).toBe('normal');
  });

  it('an approval with a number and a note: the new card carries the note, the request the decision', async () => {
    const { m, p } = await proposed('规则乙案场');
    const no = nextCardNo();
    const ok = await admin.post(`/api/v1/card-upgrades/${p.id}/approve`, { cardNo: ` ${no} `, note: '达标升级' });
    expect(ok.status).toBe(200);
    expect(ok.body.upgrade).toMatchObject({ status: 'approved', decidedBy: '系统管理员', decisionNote: '达标升级', decidedAt: expect.any(String), newCardId: ok.body.card.id });
    expect(ok.body.card).toMatchObject({ cardNo: no, typeCode: 'vip', note: '达标升级' });
    expect((await auditOf('cardUpgrade', p.id))[0]).toMatchObject({ action: 'card.upgradeApprove', changes: { status: { before: 'pending', after: 'approved' }, newCardId: { before: null, after: ok.body.card.id } } });
    expect(await balanceOf(admin, m.id)).toBe(10000 + 500);
  });

  it('the list: filters, newest first, a page at a time, with member and card; the home page counts the pending ones in scope', async () => {
    const department = '规则丙案场';
    const first = await proposed(department);
    await admin.post(`/api/v1/card-upgrades/${first.p.id}/reject`, { note: '暂不' });
    const m = first.m;
    // a staff request for the same member, a downgrade... of a VIP card: issue a VIP member too
    const vipHolder = await member();
    await rows(t.db.db, sql`UPDATE customers SET department = ${department} WHERE id = ${vipHolder.customerId}`);
    const vip = await issue(vipHolder.id, { typeCode: 'vip' });
    const down = await admin.post(`/api/v1/cards/${vip.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'normal' });
    expect(down.body.request).toMatchObject({ direction: 'downgrade' });
    const second = await admin.post(`/api/v1/cards/${first.main.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'vip', note: '再申请' });
    // and one of another department
    const outsider = await member();
    await rows(t.db.db, sql`UPDATE customers SET department = '规则丁案场' WHERE id = ${outsider.customerId}`);
    const outsiderCard = await issue(outsider.id);
    expect((await admin.post(`/api/v1/cards/${outsiderCard.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'vip' })).body.outcome).toBe('requested');
    expect(second.body.request).toMatchObject({ direction: 'upgrade' });

    const mine = await admin.get(`/api/v1/card-upgrades?memberId=${m.id}`);
    expect(mine.body.total).toBe(2);
    expect(mine.body.items.map((i: { id: number }) => i.id)).toEqual([second.body.request.id, first.p.id]);
    expect(mine.body.items[0]).toMatchObject({ fromCardNo: first.main.cardNo, memberNo: m.memberNo, memberName: m.name, direction: 'upgrade', status: 'pending' });
    const page2 = await admin.get(`/api/v1/card-upgrades?memberId=${m.id}&page=2&pageSize=1`);
    expect(page2.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.body.items.map((i: { id: number }) => i.id)).toEqual([first.p.id]);
    const rejected = await admin.get(`/api/v1/card-upgrades?memberId=${m.id}&status=rejected`);
    expect(rejected.body.items.map((i: { id: number }) => i.id)).toEqual([first.p.id]);
    const downs = await admin.get(`/api/v1/card-upgrades?memberId=${vipHolder.id}`);
    expect(downs.body.items).toMatchObject([{ direction: 'downgrade', fromType: 'vip', toType: 'normal', fromCardNo: vip.cardNo }]);

    // a department's approver sees and counts only their department's pending requests
    const role = await admin.post('/api/v1/roles', { code: 'rules_head', nameZh: '规则经理', nameEn: 'Rules head', permissions: ['member.read', 'card.approve'], dataScope: 'department' });
    expect(role.status).toBe(200);
    const head = await t.userWithRoles('rules_head', ['rules_head'], { department });
    const seen = await head.get('/api/v1/card-upgrades?pageSize=100');
    expect(seen.body.items.map((i: { id: number }) => i.id).sort()).toEqual([first.p.id, second.body.request.id, down.body.request.id].sort());
    expect(seen.body.total).toBe(3);
    const lastPage = await head.get('/api/v1/card-upgrades?page=2&pageSize=2');
    expect(lastPage.body.items.map((i: { id: number }) => i.id)).toEqual([first.p.id]);
    expect((await head.get('/api/v1/home')).body.todos.cardRequests).toBe(2);
    const all = (await admin.get('/api/v1/card-upgrades?status=pending&pageSize=1')).body.total;
    expect(all).toBe(3);
    expect((await admin.get('/api/v1/home')).body.todos.cardRequests).toBe(3);
  });
});

describe('reading cards', () => {
  it('the list: number prefix (a _ or % is a character, not a wildcard), state, type, kind, a page at a time, with the member', async () => {
    const m = await member();
    const main = await issue(m.id);
    const sub = await issue(m.id, { typeCode: 'discount' });
    const replaced = (await admin.post(`/api/v1/cards/${main.id}/replace`, { newCardNo: nextCardNo() })).body.card;
    const list = async (q: string) => (await admin.get(`/api/v1/cards?memberId=${m.id}&${q}`)).body;
    const ids = (body: { items: { id: number }[] }) => body.items.map((c) => c.id);
    expect(ids(await list(''))).toEqual([replaced.id, sub.id, main.id]);
    expect((await list('')).items[0]).toMatchObject({ memberNo: m.memberNo, memberName: m.name });
    expect(ids(await list(`cardNo=${main.cardNo.slice(0, 8).toLowerCase()}`))).toEqual(expect.arrayContaining([main.id]));
    expect(ids(await list(`cardNo=${main.cardNo}`))).toEqual([main.id]);
    expect((await list(`cardNo=${main.cardNo.slice(0, 3)}_${main.cardNo.slice(4, 6)}`)).total).toBe(0);
    expect((await list(`cardNo=${main.cardNo.slice(0, 3)}%25`)).total).toBe(0);
    expect((await list(`cardNo=${main.cardNo.slice(0, 3)}%5C${main.cardNo.slice(3, 6)}`)).total).toBe(0);
    expect(ids(await list('status=replaced'))).toEqual([main.id]);
    expect(ids(await list('typeCode=discount'))).toEqual([sub.id]);
    expect(ids(await list('kind=main'))).toEqual([replaced.id, main.id]);
    const page2 = await list('page=2&pageSize=1');
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(ids(page2)).toEqual([sub.id]);
    expect(ids(await list('page=2&pageSize=2'))).toEqual([main.id]);
  });

  it("a card with its member; a member's cards active first (main, then sub), then the ended ones, newest first", async () => {
    const m = await member();
    const main = await issue(m.id);
    const s1 = await issue(m.id, { typeCode: 'discount' });
    const s2 = await issue(m.id, { typeCode: 'discount' });
    await admin.post(`/api/v1/cards/${s1.id}/loss`, {});
    const current = (await admin.post(`/api/v1/cards/${main.id}/replace`, { newCardNo: nextCardNo() })).body.card;
    const s3 = await issue(m.id, { typeCode: 'discount' });
    const mine = (await admin.get(`/api/v1/members/${m.id}/cards`)).body;
    expect(mine.cards.map((c: { id: number }) => c.id)).toEqual([current.id, s3.id, main.id, s2.id, s1.id]);
    expect(await card(s3.id)).toMatchObject({ memberNo: m.memberNo, memberName: m.name, mainCardId: current.id });
    // a member without cards has no level
    expect((await admin.get(`/api/v1/members/${(await member()).id}/cards`)).body).toEqual({ level: null, cards: [] });
    // a card that does not exist
    const none = await admin.get('/api/v1/cards/99999999', en);
    expect(none.status).toBe(404);
    expect(none.body.error.message).toBe('card not found: 99999999');
    await expect(t.db.transaction((tx) => reportLoss(tx, systemActor('test'), 99_999_999, {})))
      .rejects.toMatchObject({ status: 404, params: { entity: 'entity.card', id: 99_999_999 } });
  });

  it('a swipe: the card, member, level and balance (0 without points); an unknown number is a 404 naming it', async () => {
    const m = await member();
    const gold = await issue(m.id, { typeCode: 'zgold' });
    const r = await admin.get(`/api/v1/cards/lookup?cardNo=${gold.cardNo.toLowerCase()}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ card: { id: gold.id }, memberId: m.id, memberNo: m.memberNo, memberName: m.name, level: 'zgold', balance: 0 });
    const unknown = await admin.get('/api/v1/cards/lookup?cardNo=zz000000', en);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'CARD_NOT_FOUND', message: 'card not found: ZZ000000' });
    const other = await member();
    await issue(other.id);
    expect((await admin.get(`/api/v1/cards/lookup?cardNo=${(await admin.get(`/api/v1/cards?memberId=${other.id}`)).body.items[0].cardNo}`)).body)
      .toMatchObject({ level: 'normal', balance: 100, memberName: other.name });
  });
});
