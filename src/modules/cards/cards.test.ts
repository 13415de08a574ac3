import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { archiveMember, createMembers } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, balanceOf, nextCardNo } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { systemActor } from '../auth/actor.ts';
import { lapseCards } from './jobs.ts';
import { issueCardAtApproval } from './service.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

const member = async () => (await createMembers(t.db, 1))[0];

describe('card types', () => {
  it('are seeded with 普通卡, VIP卡 (main, ranked) and 优惠卡, 联名卡 (sub), labelled from the dictionary', async () => {
    const r = await admin.get('/api/v1/card-types');
    expect(r.status).toBe(200);
    const byCode = Object.fromEntries(r.body.map((x: { code: string }) => [x.code, x]));
    expect(byCode.normal).toMatchObject({ kind: 'main', rank: 1, labelZh: '普通卡' });
    expect(byCode.vip).toMatchObject({ kind: 'main', rank: 2, labelZh: 'VIP卡', upgradeThreshold: 10000 });
    expect(byCode.discount).toMatchObject({ kind: 'sub', labelZh: '优惠卡', validityMonths: 12 });
    expect(byCode.co_brand).toMatchObject({ kind: 'sub', labelZh: '联名卡' });
  });

  it('are configured for dictionary values only; a main type needs a free rank; sub-only fields are refused on main types', async () => {
    const notInDictionary = await admin.post('/api/v1/card-types', { code: 'platinum', kind: 'main', rank: 3 });
    expect(notInDictionary.status).toBe(400);
    expect(notInDictionary.body.error.details[0].field).toBe('code');
    expect((await admin.post('/api/v1/dictionaries', { kind: 'card_type', code: 'platinum', labelZh: '白金卡', labelEn: 'Platinum card' })).status).toBe(200);
    const rankTaken = await admin.post('/api/v1/card-types', { code: 'platinum', kind: 'main', rank: 2 }, { 'accept-language': 'en' });
    expect(rankTaken.status).toBe(409);
    expect(rankTaken.body.error.message).toBe('Rank 2 is already used by main type "vip"');
    const subField = await admin.post('/api/v1/card-types', { code: 'platinum', kind: 'main', rank: 3, validityMonths: 12 });
    expect(subField.status).toBe(400);
    expect(subField.body.error.details[0].field).toBe('validityMonths');
    const ok = await admin.post('/api/v1/card-types', { code: 'platinum', kind: 'main', rank: 3, basePoints: 1000, upgradeThreshold: 50000 });
    expect(ok.status).toBe(200);
    const edit = await admin.patch('/api/v1/card-types/platinum', { basePoints: 800, active: false });
    expect(edit.body).toMatchObject({ basePoints: 800, active: false, kind: 'main' });
    // a configured type counts as a use: the dictionary value can no longer be deleted
    const dict = (await admin.get('/api/v1/dictionaries?kind=card_type')).body.find((d: { code: string }) => d.code === 'platinum');
    expect((await admin.delete(`/api/v1/dictionaries/${dict.id}`)).status).toBe(422);
    const audit = await admin.get('/api/v1/audit?entityType=cardType&entityId=platinum');
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).toEqual(['cardType.create', 'cardType.update']);
  });

  it('need points.rules to be edited', async () => {
    const sales = await t.userWithRoles('cards_sales', ['sales']);
    const r = await sales.patch('/api/v1/card-types/normal', { basePoints: 1 });
    expect(r.status).toBe(403);
  });
});

describe('issuing cards', () => {
  it('issues a main card of the lowest level by default, credits its base points, and the level follows the card', async () => {
    const m = await member();
    const no = nextCardNo();
    const r = await admin.post('/api/v1/cards', { memberId: m.id, cardNo: ` ${no.slice(0, 4)}-${no.slice(4)} ` });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ cardNo: no, typeCode: 'normal', kind: 'main', status: 'active', memberId: m.id });
    expect(await balanceOf(admin, m.id)).toBe(100);
    const mine = await admin.get(`/api/v1/members/${m.id}/cards`);
    expect(mine.body.level).toBe('normal');
    const entries = await admin.get(`/api/v1/points/entries?memberId=${m.id}`);
    expect(entries.body.items).toMatchObject([{ amount: 100, state: 'posted', sourceType: 'card', sourceId: r.body.id }]);
    const hist = await admin.get(`/api/v1/cards/${r.body.id}`);
    expect(hist.body.history).toMatchObject([{ kind: 'issued', toStatus: 'active' }]);
  });

  it('refuses a bad number (400 naming the field), a number ever used (409), and a second main card (409)', async () => {
    const [a, b] = await createMembers(t.db, 2);
    const bad = await admin.post('/api/v1/cards', { memberId: a.id, cardNo: 'AB#1' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'cardNo', issue: '卡号应为 6–20 位数字或大写字母' }]);
    const no = nextCardNo();
    expect((await admin.post('/api/v1/cards', { memberId: a.id, cardNo: no })).status).toBe(200);
    const reused = await admin.post('/api/v1/cards', { memberId: b.id, cardNo: no });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'CARD_NO_TAKEN', message: `卡号 ${no} 已被使用过，卡号不能重复使用` });
    const second = await admin.post('/api/v1/cards', { memberId: a.id, cardNo: nextCardNo() });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'MEMBER_HAS_MAIN_CARD', message: `会员 ${a.memberNo} 已有有效主卡 ${no}；如需换卡请使用换卡` });
    expect(await balanceOf(admin, b.id)).toBe(0);
  });

  it('issues a sub card only under an active main card; its base points go to the member\'s account; it is valid for its months', async () => {
    const m = await member();
    const early = await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo(), typeCode: 'co_brand' }, { 'accept-language': 'en' });
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'MAIN_CARD_REQUIRED', message: `Member ${m.memberNo} has no active main card; a sub card needs one` });
    await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() });
    const sub = await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo(), typeCode: 'co_brand' });
    expect(sub.status).toBe(200);
    expect(sub.body.kind).toBe('sub');
    expect(sub.body.mainCardId).toBeGreaterThan(0);
    const months = (new Date(sub.body.validUntil).getTime() - new Date(sub.body.issuedAt).getTime()) / (30.44 * 86400_000);
    expect(Math.round(months)).toBe(24);
    expect(await balanceOf(admin, m.id)).toBe(300);
  });

  it('is the hook membership calls at approval: a main card of the lowest level with its base points', async () => {
    const m = await member();
    const no = nextCardNo();
    const card = await t.db.transaction((tx) => issueCardAtApproval(tx, systemActor('review'), { memberId: m.id, cardNo: no }));
    expect(card).toMatchObject({ cardNo: no, typeCode: 'normal', kind: 'main', note: '入会审批发卡' });
    expect((await admin.get(`/api/v1/cards/${card.id}`)).body.history).toMatchObject([{ kind: 'issued', actorName: 'review', note: '入会审批发卡' }]);
    expect(await balanceOf(admin, m.id)).toBe(100);
  });

  it('takes the member number instead of the member id', async () => {
    const m = await member();
    const r = await admin.post('/api/v1/cards', { memberNo: m.memberNo, cardNo: nextCardNo() });
    expect(r.body.memberId).toBe(m.id);
    const unknown = await admin.post('/api/v1/cards', { memberNo: 'M-NONE', cardNo: nextCardNo() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toEqual({ field: 'memberNo', issue: '没有这个会员：M-NONE' });
  });

  it('refuses cards for a member who has left', async () => {
    const m = await member();
    await archiveMember(t.db, m.id);
    const r = await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('MEMBER_ARCHIVED');
  });

  it('issues in batch all or nothing: each bad line is named and nothing is issued; a good batch issues all with base points', async () => {
    const ms = await createMembers(t.db, 3);
    const used = nextCardNo();
    await admin.post('/api/v1/cards', { memberId: ms[2].id, cardNo: used });
    const dup = nextCardNo();
    const bad = await admin.post('/api/v1/cards/batch', {
      typeCode: 'normal',
      items: [
        { memberNo: ms[0].memberNo, cardNo: dup }, { memberNo: ms[1].memberNo, cardNo: dup }, { memberNo: 'NOPE', cardNo: nextCardNo() },
        { memberNo: ms[2].memberNo, cardNo: used },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['items.1.cardNo', 'items.2.memberNo', 'items.3.cardNo', 'items.3.memberNo']);
    expect(await balanceOf(admin, ms[0].id)).toBe(0);
    expect((await admin.get(`/api/v1/cards?memberId=${ms[0].id}`)).body.total).toBe(0);

    const nos = [nextCardNo(), nextCardNo()];
    const ok = await admin.post('/api/v1/cards/batch', { typeCode: 'normal', items: [{ memberNo: ms[0].memberNo, cardNo: nos[0] }, { memberId: ms[1].id, cardNo: nos[1] }] });
    expect(ok.status).toBe(200);
    expect(ok.body.issued).toBe(2);
    expect(await balanceOf(admin, ms[0].id)).toBe(100);
    expect(await balanceOf(admin, ms[1].id)).toBe(100);
    const subs = await admin.post('/api/v1/cards/batch', { typeCode: 'discount', items: [{ memberId: ms[0].id, cardNo: nextCardNo() }, { memberId: ms[1].id, cardNo: nextCardNo() }] });
    expect(subs.status).toBe(200);
    expect(subs.body.cards.every((c: { mainCardId: number | null; kind: string }) => c.kind === 'sub' && c.mainCardId)).toBe(true);
    const hist = await admin.get(`/api/v1/cards/${ok.body.cards[0].id}`);
    expect(hist.body.history[0]).toMatchObject({ kind: 'issued' });
  });
});

describe('data scope', () => {
  it('a sales-office user sees and serves only the members of their department', async () => {
    const [mine, theirs] = await createMembers(t.db, 2);
    await rows(t.db.db, sql`UPDATE customers SET department = '滨江案场' WHERE id = ${mine.customerId}`);
    await rows(t.db.db, sql`UPDATE customers SET department = '西溪案场' WHERE id = ${theirs.customerId}`);
    const theirCard = nextCardNo();
    await admin.post('/api/v1/cards', { memberId: theirs.id, cardNo: theirCard });
    const sales = await t.userWithRoles('scope_sales', ['sales'], { department: '滨江案场' });
    expect((await sales.post('/api/v1/cards', { memberId: mine.id, cardNo: nextCardNo() })).status).toBe(200);
    const refused = await sales.post('/api/v1/cards', { memberId: theirs.id, cardNo: nextCardNo() });
    expect(refused.status).toBe(404);
    expect((await sales.get(`/api/v1/members/${theirs.id}/points`)).status).toBe(404);
    expect((await sales.get(`/api/v1/cards/lookup?cardNo=${theirCard}`)).status).toBe(404);
    expect((await sales.get(`/api/v1/members/${mine.id}/points`)).body.balance).toBe(100);
    const list = await sales.get('/api/v1/cards?pageSize=500');
    expect(list.body.items.map((c: { memberId: number }) => c.memberId)).toEqual([mine.id]);
    expect(await balanceOf(admin, theirs.id)).toBe(100);
  });
});

describe('replacing and losing cards', () => {
  it('replaces a main card: the old one is replaced, its sub cards end at once, history on both, no base points again for the same type', async () => {
    const m = await member();
    const main = (await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() })).body;
    const sub = (await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo(), typeCode: 'discount' })).body;
    const newNo = nextCardNo();
    const r = await admin.post(`/api/v1/cards/${main.id}/replace`, { newCardNo: newNo, note: '卡面磨损' });
    expect(r.status).toBe(200);
    expect(r.body.old).toMatchObject({ status: 'replaced', replacedById: r.body.card.id });
    expect(r.body.card).toMatchObject({ cardNo: newNo, status: 'active', typeCode: 'normal' });
    expect(r.body.endedSubCards).toBe(1);
    expect((await admin.get(`/api/v1/cards/${sub.id}`)).body).toMatchObject({ status: 'ended' });
    const oldHist = (await admin.get(`/api/v1/cards/${main.id}`)).body.history;
    expect(oldHist.map((h: { kind: string }) => h.kind)).toEqual(['issued', 'replaced']);
    expect(oldHist[1]).toMatchObject({ relatedCardId: r.body.card.id, note: '卡面磨损' });
    expect(await balanceOf(admin, m.id)).toBe(100);
    // a replaced card cannot be replaced again, nor can a sub card
    expect((await admin.post(`/api/v1/cards/${main.id}/replace`, { newCardNo: nextCardNo() })).status).toBe(422);
    const subReplace = await admin.post(`/api/v1/cards/${sub.id}/replace`, { newCardNo: nextCardNo() });
    expect(subReplace.body.error.code).toBe('SUB_CARD_NOT_REPLACEABLE');
  });

  it('loss of a main card: a new number, the old one blocked (a swipe shows it lost); loss of a sub card cancels it', async () => {
    const m = await member();
    const main = (await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() })).body;
    const noNew = await admin.post(`/api/v1/cards/${main.id}/loss`, {});
    expect(noNew.status).toBe(400);
    expect(noNew.body.error.details[0].field).toBe('newCardNo');
    const newNo = nextCardNo();
    const lost = await admin.post(`/api/v1/cards/${main.id}/loss`, { newCardNo: newNo });
    expect(lost.body.old.status).toBe('lost');
    const swipe = await admin.get(`/api/v1/cards/lookup?cardNo=${main.cardNo}`);
    expect(swipe.body.card.status).toBe('lost');
    // the blocked number cannot earn points
    const act = await approvedActivity(admin);
    const byOld = await admin.post('/api/v1/points/entries', { cardNo: main.cardNo, amount: 10, sourceType: 'activity', sourceId: act });
    expect(byOld.status).toBe(400);
    expect(byOld.body.error.details[0].field).toBe('cardNo');
    const sub = (await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo(), typeCode: 'discount' })).body;
    const subLost = await admin.post(`/api/v1/cards/${sub.id}/loss`, {});
    expect(subLost.body.old.status).toBe('cancelled');
    expect((await admin.get(`/api/v1/members/${m.id}/cards`)).body.level).toBe('normal');
  });

  it('sub cards lapse by themselves after their validity (the daily job, given a date)', async () => {
    const m = await member();
    await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() });
    const sub = (await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo(), typeCode: 'discount' })).body;
    expect(await lapseCards(t.db, new Date(Date.now() + 200 * 86400_000))).toBe(0);
    expect((await admin.get(`/api/v1/cards/${sub.id}`)).body.status).toBe('active');
    expect(await lapseCards(t.db, new Date(Date.now() + 400 * 86400_000))).toBeGreaterThanOrEqual(1);
    const after = (await admin.get(`/api/v1/cards/${sub.id}`)).body;
    expect(after.status).toBe('lapsed');
    expect(after.history.at(-1)).toMatchObject({ kind: 'lapsed', fromStatus: 'active', toStatus: 'lapsed' });
  });
});

describe('automatic upgrade', () => {
  it('proposes VIP when points reach its threshold; approval issues a VIP card with a new number and credits VIP base points', async () => {
    const m = await member();
    const main = (await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() })).body;
    const act = await approvedActivity(admin);
    await addPoints(admin, m.id, 9800, act);
    expect((await admin.get(`/api/v1/card-upgrades?memberId=${m.id}`)).body.total).toBe(0);
    await addPoints(admin, m.id, 100, act);
    const list = await admin.get(`/api/v1/card-upgrades?memberId=${m.id}&status=pending`);
    expect(list.body.items).toMatchObject([{ fromCardId: main.id, fromType: 'normal', toType: 'vip', balance: 10000, memberNo: m.memberNo }]);
    // more points do not raise a second proposal
    await addPoints(admin, m.id, 10, act);
    expect((await admin.get(`/api/v1/card-upgrades?memberId=${m.id}`)).body.total).toBe(1);

    const service = await t.userWithRoles('upg_service', ['service']);
    expect((await service.post(`/api/v1/card-upgrades/${list.body.items[0].id}/approve`, { cardNo: nextCardNo() })).status).toBe(403);
    const manager = await t.userWithRoles('upg_manager', ['manager']);
    const vipNo = nextCardNo('99');
    const ok = await manager.post(`/api/v1/card-upgrades/${list.body.items[0].id}/approve`, { cardNo: vipNo });
    expect(ok.status).toBe(200);
    expect(ok.body.card).toMatchObject({ cardNo: vipNo, typeCode: 'vip', status: 'active' });
    expect(ok.body.upgrade.status).toBe('approved');
    expect((await admin.get(`/api/v1/members/${m.id}/cards`)).body.level).toBe('vip');
    expect((await admin.get(`/api/v1/cards/${main.id}`)).body.history.at(-1).kind).toBe('upgraded');
    expect(await balanceOf(admin, m.id)).toBe(100 + 9910 + 500);
    expect((await manager.post(`/api/v1/card-upgrades/${list.body.items[0].id}/approve`, { cardNo: nextCardNo() })).status).toBe(422);
  });

  it('a rejected proposal is not raised again for the same level', async () => {
    const m = await member();
    await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() });
    const act = await approvedActivity(admin);
    await addPoints(admin, m.id, 10000, act);
    const [p] = (await admin.get(`/api/v1/card-upgrades?memberId=${m.id}`)).body.items;
    const rej = await admin.post(`/api/v1/card-upgrades/${p.id}/reject`, { note: '本年度不升级' });
    expect(rej.body).toMatchObject({ status: 'rejected', decisionNote: '本年度不升级' });
    await addPoints(admin, m.id, 500, act);
    expect((await admin.get(`/api/v1/card-upgrades?memberId=${m.id}`)).body.total).toBe(1);
    expect((await admin.get(`/api/v1/members/${m.id}/cards`)).body.level).toBe('normal');
  });
});

describe('a replacement that changes the level is a request (换卡申请)', () => {
  /** Two members of two sales offices, each holding a main card of the lowest level (base points 100). */
  const twoOffices = async (tag: string) => {
    const [mine, theirs] = await createMembers(t.db, 2);
    await rows(t.db.db, sql`UPDATE customers SET department = ${'滨江案场' + tag} WHERE id = ${mine.customerId}`);
    await rows(t.db.db, sql`UPDATE customers SET department = ${'西溪案场' + tag} WHERE id = ${theirs.customerId}`);
    const myCard = (await admin.post('/api/v1/cards', { memberId: mine.id, cardNo: nextCardNo() })).body;
    const theirCard = (await admin.post('/api/v1/cards', { memberId: theirs.id, cardNo: nextCardNo() })).body;
    const sales = await t.userWithRoles(`req_sales${tag}`, ['sales'], { department: '滨江案场' + tag });
    return { mine, theirs, myCard, theirCard, sales, department: '滨江案场' + tag };
  };

  it('from the sales office: a pending request, the card, level and balance unchanged; a manager approves: new card of the new type, base points once', async () => {
    const { mine, myCard, sales } = await twoOffices('a');
    const vipNo = nextCardNo('77');
    const r = await sales.post(`/api/v1/cards/${myCard.id}/replace`, { newCardNo: vipNo, typeCode: 'vip', note: '客户要求升级' });
    expect(r.status).toBe(200);
    expect(r.body.outcome).toBe('requested');
    expect(r.body.card).toBeNull();
    expect(r.body.old).toMatchObject({ id: myCard.id, status: 'active', typeCode: 'normal' });
    expect(r.body.request).toMatchObject({ status: 'pending', fromCardId: myCard.id, fromType: 'normal', toType: 'vip', direction: 'upgrade', requestedCardNo: vipNo, requestedBy: 'req_salesa' });
    expect(r.body.message).toBe(`换卡申请 #${r.body.request.id} 已提交，待审批（VIP卡）`);
    // nothing changed yet: the card, the level, the balance, the new number unused
    expect((await admin.get(`/api/v1/cards/${myCard.id}`)).body).toMatchObject({ status: 'active', typeCode: 'normal', replacedById: null });
    expect((await admin.get(`/api/v1/members/${mine.id}/cards`)).body.level).toBe('normal');
    expect(await balanceOf(admin, mine.id)).toBe(100);
    expect((await admin.get(`/api/v1/cards?cardNo=${vipNo}`)).body.total).toBe(0);
    // it waits in the approval list, the sales office sees it too
    const pending = await sales.get(`/api/v1/card-upgrades?status=pending&memberId=${mine.id}`);
    expect(pending.body.items).toMatchObject([{ id: r.body.request.id, toType: 'vip', requestedBy: 'req_salesa', requestNote: '客户要求升级' }]);
    // a second request for the same member waits for the first
    const second = await sales.post(`/api/v1/cards/${myCard.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'vip' }, { 'accept-language': 'en' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe(`Card change request #${r.body.request.id} for this member is still pending`);

    // only someone holding card.approve decides
    const id = r.body.request.id;
    expect((await sales.post(`/api/v1/card-upgrades/${id}/approve`, {})).status).toBe(403);
    const service = await t.userWithRoles('req_servicea', ['service']);
    expect((await service.post(`/api/v1/card-upgrades/${id}/approve`, {})).status).toBe(403);
    expect(await balanceOf(admin, mine.id)).toBe(100);
    const manager = await t.userWithRoles('req_managera', ['manager']);
    const ok = await manager.post(`/api/v1/card-upgrades/${id}/approve`, { note: '同意' });
    expect(ok.status).toBe(200);
    expect(ok.body.upgrade).toMatchObject({ status: 'approved', decidedBy: 'req_managera', newCardId: ok.body.card.id });
    expect(ok.body.card).toMatchObject({ cardNo: vipNo, typeCode: 'vip', status: 'active', memberId: mine.id });
    expect((await admin.get(`/api/v1/cards/${myCard.id}`)).body).toMatchObject({ status: 'replaced', replacedById: ok.body.card.id });
    expect((await admin.get(`/api/v1/cards/${myCard.id}`)).body.history.at(-1)).toMatchObject({ kind: 'upgraded', relatedCardId: ok.body.card.id });
    expect((await admin.get(`/api/v1/members/${mine.id}/cards`)).body.level).toBe('vip');
    expect(await balanceOf(admin, mine.id)).toBe(100 + 500);
    const base = await admin.get(`/api/v1/points/entries?memberId=${mine.id}`);
    expect(base.body.items.filter((e: { sourceType: string; amount: number }) => e.sourceType === 'card' && e.amount === 500)).toHaveLength(1);
    // decided once: a second approval is refused and credits nothing
    expect((await manager.post(`/api/v1/card-upgrades/${id}/approve`, {})).status).toBe(422);
    expect(await balanceOf(admin, mine.id)).toBe(600);
  });

  it('a rejected request changes nothing; the number it named stays free', async () => {
    const { mine, myCard, sales } = await twoOffices('b');
    const vipNo = nextCardNo('77');
    const r = await sales.post(`/api/v1/cards/${myCard.id}/replace`, { newCardNo: vipNo, typeCode: 'vip' }, { 'accept-language': 'en' });
    expect(r.body.message).toBe(`Card change request #${r.body.request.id} submitted; it waits for approval (VIP card)`);
    const manager = await t.userWithRoles('req_managerb', ['manager']);
    expect((await sales.post(`/api/v1/card-upgrades/${r.body.request.id}/reject`, { note: '不符合条件' })).status).toBe(403);
    const rej = await manager.post(`/api/v1/card-upgrades/${r.body.request.id}/reject`, { note: '不符合条件' });
    expect(rej.status).toBe(200);
    expect(rej.body).toMatchObject({ status: 'rejected', decisionNote: '不符合条件' });
    expect((await admin.get(`/api/v1/cards/${myCard.id}`)).body).toMatchObject({ status: 'active', typeCode: 'normal' });
    expect((await admin.get(`/api/v1/members/${mine.id}/cards`)).body.level).toBe('normal');
    expect(await balanceOf(admin, mine.id)).toBe(100);
    expect((await admin.get(`/api/v1/cards?cardNo=${vipNo}`)).body.total).toBe(0);
    // a rejected hand request does not stop the points rule from proposing the level later
    await addPoints(admin, mine.id, 9900, await approvedActivity(admin));
    const proposals = await admin.get(`/api/v1/card-upgrades?memberId=${mine.id}&status=pending`);
    expect(proposals.body.items).toMatchObject([{ toType: 'vip', requestedBy: null, requestedCardNo: null }]);
  });

  it('a downgrade is a request too; approved, the lower card is issued with the number given at approval', async () => {
    const m = await member();
    const vip = (await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo(), typeCode: 'vip' })).body;
    expect(await balanceOf(admin, m.id)).toBe(500);
    const service = await t.userWithRoles('req_servicec', ['service']);
    const r = await service.post(`/api/v1/cards/${vip.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'normal' });
    expect(r.body).toMatchObject({ outcome: 'requested', request: { direction: 'downgrade', fromType: 'vip', toType: 'normal' } });
    expect((await admin.get(`/api/v1/members/${m.id}/cards`)).body.level).toBe('vip');
    const manager = await t.userWithRoles('req_managerc', ['manager']);
    const otherNo = nextCardNo('66');
    const ok = await manager.post(`/api/v1/card-upgrades/${r.body.request.id}/approve`, { cardNo: otherNo });
    expect(ok.body.card).toMatchObject({ cardNo: otherNo, typeCode: 'normal' });
    expect((await admin.get(`/api/v1/cards/${vip.id}`)).body.history.at(-1)).toMatchObject({ kind: 'downgraded' });
    expect((await admin.get(`/api/v1/members/${m.id}/cards`)).body.level).toBe('normal');
    expect(await balanceOf(admin, m.id)).toBe(500 + 100);
  });

  it('a same-type replacement (lost, damaged) by the sales office stays immediate', async () => {
    const { mine, myCard, sales } = await twoOffices('d');
    const newNo = nextCardNo();
    const r = await sales.post(`/api/v1/cards/${myCard.id}/replace`, { newCardNo: newNo, typeCode: 'normal', note: '卡面磨损' }, { 'accept-language': 'en' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'replaced', request: null, old: { status: 'replaced' }, card: { cardNo: newNo, typeCode: 'normal', status: 'active' } });
    expect(r.body.message).toBe(`Replaced by card ${newNo}`);
    const noType = await sales.post(`/api/v1/cards/${r.body.card.id}/replace`, { newCardNo: nextCardNo() });
    expect(noType.body.outcome).toBe('replaced');
    expect((await admin.get(`/api/v1/card-upgrades?memberId=${mine.id}`)).body.total).toBe(0);
    expect(await balanceOf(admin, mine.id)).toBe(100);
  });

  it('bad requests are refused before anything is recorded: a sub type, an unknown type, a used number', async () => {
    const { mine, myCard, theirCard, sales } = await twoOffices('e');
    const sub = await sales.post(`/api/v1/cards/${myCard.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'discount' });
    expect(sub.status).toBe(400);
    expect(sub.body.error.details[0].field).toBe('typeCode');
    const used = await sales.post(`/api/v1/cards/${myCard.id}/replace`, { newCardNo: theirCard.cardNo, typeCode: 'vip' });
    expect(used.status).toBe(409);
    expect(used.body.error.code).toBe('CARD_NO_TAKEN');
    const unknownType = await sales.post(`/api/v1/cards/${myCard.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'gold' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.details[0].field).toBe('typeCode');
    expect((await admin.get(`/api/v1/card-upgrades?memberId=${mine.id}`)).body.total).toBe(0);
  });

  it('data scope: a sales office neither replaces nor requests for another office\'s member; a department approver decides only their own', async () => {
    const { mine, theirs, myCard, theirCard, sales, department } = await twoOffices('f');
    const same = await sales.post(`/api/v1/cards/${theirCard.id}/replace`, { newCardNo: nextCardNo() });
    expect(same.status).toBe(404);
    const change = await sales.post(`/api/v1/cards/${theirCard.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'vip' });
    expect(change.status).toBe(404);
    expect((await admin.get(`/api/v1/cards/${theirCard.id}`)).body).toMatchObject({ status: 'active', typeCode: 'normal' });
    expect((await admin.get(`/api/v1/card-upgrades?memberId=${theirs.id}`)).body.total).toBe(0);

    // an approver whose role is limited to one department
    const role = await admin.post('/api/v1/roles', { code: 'office_head_f', nameZh: '案场经理', nameEn: 'Office head', permissions: ['member.read', 'card.approve'], dataScope: 'department' });
    expect(role.status).toBe(200);
    const head = await t.userWithRoles('office_head_f', ['office_head_f'], { department });
    const service = await t.userWithRoles('req_servicef', ['service']);
    const theirRequest = (await service.post(`/api/v1/cards/${theirCard.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'vip' })).body.request;
    const myRequest = (await sales.post(`/api/v1/cards/${myCard.id}/replace`, { newCardNo: nextCardNo(), typeCode: 'vip' })).body.request;
    expect((await head.post(`/api/v1/card-upgrades/${theirRequest.id}/approve`, {})).status).toBe(404);
    expect((await head.post(`/api/v1/card-upgrades/${theirRequest.id}/reject`, { note: '不是本案场' })).status).toBe(404);
    expect((await admin.get(`/api/v1/members/${theirs.id}/cards`)).body.level).toBe('normal');
    expect(await balanceOf(admin, theirs.id)).toBe(100);
    const ok = await head.post(`/api/v1/card-upgrades/${myRequest.id}/approve`, {});
    expect(ok.status).toBe(200);
    expect((await admin.get(`/api/v1/members/${mine.id}/cards`)).body.level).toBe('vip');
    expect(await balanceOf(admin, mine.id)).toBe(600);
  });
});
