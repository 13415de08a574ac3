// Redemption's rules at their edges, each as a user sees it. Written against the survivors of
// mutation testing (issue 17, reports/mutation/): every test here failed with one of them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, balanceOf, nextCardNo } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { systemActor } from '../auth/actor.ts';
import { redeemPlan, type RedeemInput } from './redemption.ts';

let t: TestApp;
let admin: Session;
let activity: number;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  activity = await approvedActivity(admin);
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

/** A member with a normal main card (its base points) and `points` more. */
async function member(points = 0) {
  const [m] = await createMembers(t.db, 1);
  expect((await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() })).status).toBe(200);
  if (points) await addPoints(admin, m.id, points, activity);
  return { ...m, balance: await balanceOf(admin, m.id) };
}
async function plan(body: Record<string, unknown>) {
  const r = await admin.post('/api/v1/redemption-plans', { item: '保温杯', pointsCost: 20, ...body });
  expect(r.status).toBe(200);
  return r.body as { id: number; stockLeft: number | null; eligibleLevels: string[] };
}
/** The company's day (Asia/Shanghai) `d` days from today, YYYY-MM-DD. */
const daysFromToday = (d: number) => new Date(Date.now() + 8 * 3600_000 + d * 86400_000).toISOString().slice(0, 10);
const redeem = (planId: number, memberId: number, extra: Record<string, unknown> = {}) => admin.post('/api/v1/redemptions', { planId, memberId, ...extra });
const redeemInside = (input: RedeemInput) => t.db.transaction((tx) => redeemPlan(tx, systemActor('website'), input));

describe('who may redeem', () => {
  it('a plan for some levels is redeemed by a member of that level; a member without a card is refused', async () => {
    const m = await member();
    const p = await plan({ eligibleLevels: ['normal'] });
    const ok = await redeem(p.id, m.id);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ balance: m.balance - 20, redemption: { memberLevel: 'normal', points: 20 } });
    const [noCard] = await createMembers(t.db, 1);
    await addPoints(admin, noCard.id, 50, activity);
    const no = await redeem(p.id, noCard.id, {});
    expect(no.status).toBe(422);
    expect(no.body.error).toMatchObject({ code: 'LEVEL_NOT_ELIGIBLE', message: '会员等级（—）不能兑换“保温杯”' });
    expect(await balanceOf(admin, noCard.id)).toBe(50);
  });

  it('the whole balance may be spent: exactly enough points redeem, one point short is refused', async () => {
    const m = await member();
    const exact = await plan({ pointsCost: m.balance });
    const ok = await redeem(exact.id, m.id);
    expect(ok.status).toBe(200);
    expect(ok.body.balance).toBe(0);
    const n = await member();
    const dear = await plan({ pointsCost: n.balance + 1 });
    const short = await redeem(dear.id, n.id);
    expect(short.body.error).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: `积分不足：当前余额 ${n.balance}，需要 ${n.balance + 1}` });
    const [never] = await createMembers(t.db, 1); // never had points: no account at all
    const none = await redeem((await plan({})).id, never.id);
    expect(none.body.error).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: '积分不足：当前余额 0，需要 20' });
  });

  it('a member short of points is told so first, even when the plan is also out of stock or at its limit', async () => {
    const m = await member();
    const empty = await plan({ pointsCost: m.balance + 1, stockTotal: 0 });
    const r = await redeem(empty.id, m.id);
    expect(r.body.error).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: `积分不足：当前余额 ${m.balance}，需要 ${m.balance + 1}` });
  });

  it('a plan hidden from the website is still redeemed at the console; on the website it is refused', async () => {
    const m = await member();
    const hidden = await plan({ visibleOnWebsite: false });
    expect((await redeem(hidden.id, m.id)).body.redemption).toMatchObject({ channel: 'console', points: 20 });
    await expect(redeemInside({ planId: hidden.id, memberId: m.id, channel: 'website' })).rejects.toMatchObject({ code: 'PLAN_INACTIVE', params: { item: '保温杯' } });
    const off = await plan({ item: '停用礼品', active: false });
    const inactive = await redeem(off.id, m.id);
    expect(inactive.body.error).toMatchObject({ code: 'PLAN_INACTIVE', message: '兑付计划“停用礼品”已停用' });
    expect(await balanceOf(admin, m.id)).toBe(m.balance - 20);
  });

  it('quantity is a whole number from 1 to 1000, also for callers inside the system; several units cost several times', async () => {
    const m = await member(1000);
    const p = await plan({ pointsCost: 1 });
    for (const quantity of [0, 1001, 1.5]) {
      await expect(redeemInside({ planId: p.id, memberId: m.id, quantity })).rejects.toMatchObject({ status: 400, details: [{ field: 'quantity', key: 'redemption.quantity' }] });
    }
    const most = await redeemInside({ planId: p.id, memberId: m.id, quantity: 1000 });
    // a caller inside the system that names no channel redeems as the console does
    expect(most).toMatchObject({ balance: m.balance - 1000, redemption: { quantity: 1000, points: 1000, channel: 'console' } });
  });

  it('a key used for another redemption is refused inside the system too; the same request comes back', async () => {
    const m = await member();
    const p = await plan({});
    const q = await plan({ item: '雨伞' });
    const first = await redeemInside({ planId: p.id, memberId: m.id, idempotencyKey: 'web-1' });
    const again = await redeemInside({ planId: p.id, memberId: m.id, idempotencyKey: 'web-1' });
    expect(again).toMatchObject({ replayed: true, balance: m.balance - 20, redemption: { id: first.redemption.id } });
    await expect(redeemInside({ planId: q.id, memberId: m.id, idempotencyKey: 'web-1' })).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    await expect(redeemInside({ planId: p.id, memberId: m.id, quantity: 2, idempotencyKey: 'web-1' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', key: 'error.idempotencyMismatch' });
    const other = await member();
    await expect(redeemInside({ planId: p.id, memberId: other.id, idempotencyKey: 'web-1' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await balanceOf(admin, other.id)).toBe(other.balance);
    expect(await balanceOf(admin, m.id)).toBe(m.balance - 20);
  });
});

describe('after redeeming', () => {
  it('a pending redemption is delivered: its status, who delivered it and the note', async () => {
    const m = await member();
    const r = await redeem((await plan({})).id, m.id);
    const d = await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/deliver`, { note: '前台已领' });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: 'delivered', deliveredBy: '系统管理员', note: '前台已领' });
  });

  it('a cancelled redemption cannot be delivered, and a second cancellation is refused and gives back nothing', async () => {
    const m = await member();
    const p = await plan({ stockTotal: 5 });
    const r = await redeem(p.id, m.id);
    expect((await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/cancel`, { reason: '不要了' })).body.balance).toBe(m.balance);
    const deliver = await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/deliver`, {}, { 'accept-language': 'en' });
    expect(deliver.status).toBe(422);
    expect(deliver.body.error).toMatchObject({ code: 'REDEMPTION_BAD_STATUS', message: `Redemption #${r.body.redemption.id} is cancelled and cannot be marked delivered` });
    const again = await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/cancel`, { reason: '再取消' });
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({ code: 'REDEMPTION_BAD_STATUS', message: `兑付 #${r.body.redemption.id} 当前为“已取消”，不能取消` });
    const list = await admin.get(`/api/v1/redemptions?memberId=${m.id}`);
    expect(list.body.items).toMatchObject([{ status: 'cancelled', cancelReason: '不要了' }]);
    expect(await balanceOf(admin, m.id)).toBe(m.balance);
    expect((await admin.get('/api/v1/redemption-plans')).body.items.find((x: { id: number }) => x.id === p.id).stockLeft).toBe(5);
  });

  it('the stock total may be lowered to exactly what was redeemed: none left, the next one is out of stock', async () => {
    const m = await member();
    const p = await plan({ stockTotal: 5 });
    await redeem(p.id, m.id, { quantity: 2 });
    const low = await admin.patch(`/api/v1/redemption-plans/${p.id}`, { stockTotal: 2 });
    expect(low.body).toMatchObject({ stockTotal: 2, stockLeft: 0 });
    expect((await redeem(p.id, m.id)).body.error.code).toBe('OUT_OF_STOCK');
    const unlimited = await admin.patch(`/api/v1/redemption-plans/${p.id}`, { stockTotal: null });
    expect(unlimited.body).toMatchObject({ stockTotal: null, stockLeft: null });
    expect((await redeem(p.id, m.id)).status).toBe(200);
  });
});

describe('correcting a redemption\'s deduction', () => {
  const correct = (entryId: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    admin.post(`/api/v1/points/entries/${entryId}/correct`, { reason: '客户反悔', ...body }, headers);
  const entriesOf = async (memberId: number) =>
    (await admin.get(`/api/v1/points/entries?memberId=${memberId}&pageSize=100`)).body.items as { id: number; amount: number; state: string; sourceType: string; correctsEntryId: number | null }[];
  const lotsOf = async (memberId: number) => (await admin.get(`/api/v1/members/${memberId}/points/lots`)).body;

  it('while the redemption is pending its deduction is not corrected, in part or whole: a 422 naming the redemption, nothing changes, and the cancellation still gives back all of it', async () => {
    const m = await member(40);
    const p = await plan({ item: '冲正杯', pointsCost: 30, stockTotal: 3 });
    const r = (await redeem(p.id, m.id)).body.redemption;
    const entriesBefore = await entriesOf(m.id);
    const lotsBefore = await lotsOf(m.id);
    const whole = await correct(r.entryId, {});
    expect(whole.status).toBe(422);
    expect(whole.body.error).toMatchObject({
      code: 'REDEMPTION_PENDING',
      message: `积分流水 #${r.entryId} 是兑换单 #${r.id}（“冲正杯”）的扣分，兑换单尚待交付，不能冲正：如需退回积分，请取消兑换单 #${r.id}（积分退回原批次，库存恢复）`,
    });
    const part = await correct(r.entryId, { amount: 10 }, { 'accept-language': 'en' });
    expect(part.status).toBe(422);
    expect(part.body.error).toMatchObject({
      code: 'REDEMPTION_PENDING',
      message: `Points entry #${r.entryId} paid for redemption #${r.id} ("冲正杯"), which is still pending, so it cannot be corrected: to give the points back, cancel redemption #${r.id} instead (the points return to their lots and the stock is restored)`,
    });
    // nothing changed: balance, entries (the deduction still posted, no correction), lots, the redemption
    expect(await balanceOf(admin, m.id)).toBe(m.balance - 30);
    expect(await entriesOf(m.id)).toEqual(entriesBefore);
    expect(await lotsOf(m.id)).toEqual(lotsBefore);
    expect((await admin.get(`/api/v1/redemptions?memberId=${m.id}`)).body.items).toMatchObject([{ id: r.id, status: 'pending' }]);
    // the way back: cancelling gives back all 30 points and the stock
    const cancel = await admin.post(`/api/v1/redemptions/${r.id}/cancel`, { reason: '客户反悔' });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ balance: m.balance, redemption: { status: 'cancelled' } });
    expect((await admin.get('/api/v1/redemption-plans')).body.items.find((x: { id: number }) => x.id === p.id).stockLeft).toBe(3);
    const after = await entriesOf(m.id);
    expect(after.find((e) => e.id === r.entryId)).toMatchObject({ state: 'reversed' });
    expect(after.filter((e) => e.correctsEntryId === r.entryId)).toMatchObject([{ amount: 30, sourceType: 'redemption' }]);
    // and the redemption, cancelled, cannot be delivered for nothing
    expect((await admin.post(`/api/v1/redemptions/${r.id}/deliver`, {})).body.error).toMatchObject({ code: 'REDEMPTION_BAD_STATUS' });
  });

  it('once delivered, the deduction may be corrected as goodwill, in part and then the rest; the redemption stays delivered', async () => {
    const m = await member();
    const p = await plan({ item: '善意杯', pointsCost: 20 });
    const r = (await redeem(p.id, m.id)).body.redemption;
    expect((await admin.post(`/api/v1/redemptions/${r.id}/deliver`, {})).status).toBe(200);
    const part = await correct(r.entryId, { amount: 5 });
    expect(part.status).toBe(200);
    expect(part.body).toMatchObject({ balance: m.balance - 15, entry: { amount: 5, sourceType: 'correction', correctsEntryId: r.entryId } });
    const rest = await correct(r.entryId, {});
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ balance: m.balance, entry: { amount: 15 } });
    expect((await entriesOf(m.id)).find((e) => e.id === r.entryId)).toMatchObject({ state: 'reversed' });
    expect((await admin.get(`/api/v1/redemptions?memberId=${m.id}`)).body.items).toMatchObject([{ id: r.id, status: 'delivered' }]);
    expect((await admin.post(`/api/v1/redemptions/${r.id}/cancel`, { reason: 'x' })).body.error).toMatchObject({ code: 'REDEMPTION_BAD_STATUS' });
  });
});

describe('plans, as the catalogue shows them', () => {
  const patch = (id: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => admin.patch(`/api/v1/redemption-plans/${id}`, body, headers);

  it('a bad period or an unknown level is refused naming the field, in both languages, and stores nothing; levels are kept once', async () => {
    const before = (await admin.get('/api/v1/redemption-plans?pageSize=1')).body.total;
    const period = await admin.post('/api/v1/redemption-plans', { item: 'x', pointsCost: 10, startsOn: '2030-05-01', endsOn: '2030-04-30' }, { 'accept-language': 'en' });
    expect(period.status).toBe(400);
    expect(period.body.error.details).toEqual([{ field: 'endsOn', issue: 'the end date cannot be before the start date' }]);
    const level = await admin.post('/api/v1/redemption-plans', { item: 'x', pointsCost: 10, eligibleLevels: ['normal', 'gold'] });
    expect(level.status).toBe(400);
    expect(level.body.error.details).toEqual([{ field: 'eligibleLevels.1', issue: '不是有效的主卡类型：gold' }]);
    expect((await admin.get('/api/v1/redemption-plans?pageSize=1')).body.total).toBe(before);
    expect((await plan({ eligibleLevels: ['vip', 'vip'] })).eligibleLevels).toEqual(['vip']);
  });

  it('an edit is checked against the plan as it stands (period, levels); changing the cost keeps stock, period and levels', async () => {
    const p = await plan({ startsOn: '2030-05-01', endsOn: '2030-06-30', eligibleLevels: ['vip'], stockTotal: 5 });
    const early = await patch(p.id, { endsOn: '2030-04-30' });
    expect(early.status).toBe(400);
    expect(early.body.error.details).toEqual([{ field: 'endsOn', issue: '结束日期不能早于开始日期' }]);
    expect((await patch(p.id, { startsOn: '2030-07-01' })).body.error.details).toEqual([{ field: 'endsOn', issue: '结束日期不能早于开始日期' }]);
    // a cleared start (or end) lets any end (or start) stand
    expect((await patch(p.id, { startsOn: null, endsOn: '2030-04-30' })).body).toMatchObject({ startsOn: null, endsOn: '2030-04-30' });
    expect((await patch(p.id, { endsOn: null, startsOn: '2031-01-01' })).body).toMatchObject({ startsOn: '2031-01-01', endsOn: null });
    const gold = await patch(p.id, { eligibleLevels: ['gold'] }, { 'accept-language': 'en' });
    expect(gold.body.error.details).toEqual([{ field: 'eligibleLevels.0', issue: 'is not an active main card type: gold' }]);
    const cost = await patch(p.id, { pointsCost: 30 });
    expect(cost.body).toMatchObject({ pointsCost: 30, eligibleLevels: ['vip'], stockTotal: 5, stockLeft: 5, startsOn: '2031-01-01', endsOn: null });
    expect((await patch(p.id, { eligibleLevels: ['normal', 'vip', 'normal'] })).body.eligibleLevels).toEqual(['normal', 'vip']);
  });

  it('the stock cannot go below what was redeemed: the message says how many', async () => {
    const m = await member();
    const p = await plan({ stockTotal: 5 });
    await redeem(p.id, m.id, { quantity: 2 });
    const low = await patch(p.id, { stockTotal: 1 }, { 'accept-language': 'en' });
    expect(low.status).toBe(400);
    expect(low.body.error.details).toEqual([{ field: 'stockTotal', issue: 'the stock cannot be below the 2 already redeemed' }]);
  });

  it('an unknown plan or redemption is a 404 naming it', async () => {
    const m = await member();
    const r = await redeem(999999, m.id);
    expect(r.status).toBe(404);
    expect(r.body.error.message).toBe('找不到兑付计划：999999');
    const p = await patch(999999, { pointsCost: 5 }, { 'accept-language': 'en' });
    expect(p.status).toBe(404);
    expect(p.body.error.message).toBe('redemption plan not found: 999999');
    for (const action of ['deliver', 'cancel']) {
      const x = await admin.post(`/api/v1/redemptions/999999/${action}`, { reason: 'x' });
      expect(x.status).toBe(404);
      expect(x.body.error.message).toBe('找不到兑付记录：999999');
    }
    expect(await balanceOf(admin, m.id)).toBe(m.balance);
  });

  it('the list: search by item (a % or _ in the search is itself), active or inactive ones, open today, a page at a time', async () => {
    const ids = async (query: string) => ((await admin.get(`/api/v1/redemption-plans?${query}`)).body.items as { id: number }[]).map((x) => x.id);
    const pct = await plan({ item: '满100%返券', pointsCost: 7001 });
    const plain = await plan({ item: '满1000返券', pointsCost: 7002 });
    const under = await plan({ item: '礼盒_A', pointsCost: 7003 });
    const cup = await plan({ item: '礼盒子A', pointsCost: 7004 });
    expect(await ids(`q=${encodeURIComponent('100%')}`)).toEqual([pct.id]);
    expect(await ids(`q=${encodeURIComponent('满1')}`)).toEqual([pct.id, plain.id]);
    expect(await ids(`q=${encodeURIComponent('礼盒_')}`)).toEqual([under.id]);
    expect(await ids(`q=${encodeURIComponent(' 礼盒_ ')}`)).toEqual([under.id]);
    expect(await ids(`q=${encodeURIComponent('礼盒')}&pageSize=1&page=2`)).toEqual([cup.id]);
    const off = await plan({ item: '开放测试·停用', active: false });
    const future = await plan({ item: '开放测试·明天起', startsOn: daysFromToday(1) });
    const ended = await plan({ item: '开放测试·昨天止', endsOn: daysFromToday(-1) });
    const none = await plan({ item: '开放测试·无库存', stockTotal: 0 });
    const fromToday = await plan({ item: '开放测试·今天起', startsOn: daysFromToday(0) });
    const toToday = await plan({ item: '开放测试·今天止', endsOn: daysFromToday(0), stockTotal: 1 });
    const q = encodeURIComponent('开放测试');
    expect(await ids(`q=${q}&open=true`)).toEqual([fromToday.id, toToday.id]);
    expect(await ids(`q=${q}&active=false`)).toEqual([off.id]);
    expect((await ids(`q=${q}&active=true`)).sort()).toEqual([future.id, ended.id, none.id, fromToday.id, toToday.id].sort());
    expect((await admin.get(`/api/v1/redemption-plans?q=${q}&pageSize=2`)).body.total).toBe(6);
    // active first, then by cost and age: the second page of four holds the last active one and the inactive one
    expect(await ids(`q=${q}&pageSize=4&page=2`)).toEqual([toToday.id, off.id]);
  });
});

describe('redeeming, in detail', () => {
  it('a member without a card redeems an open plan (no level recorded); the note and the points history say what was redeemed', async () => {
    const [m] = await createMembers(t.db, 1);
    await addPoints(admin, m.id, 100, activity);
    const p = await plan({ item: '帆布袋', pointsCost: 15, stockTotal: 3 });
    const r = await redeem(p.id, m.id, { quantity: 2, note: '会员自取' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ balance: 70, redemption: { memberLevel: null, quantity: 2, points: 30, note: '会员自取', status: 'pending', channel: 'console' } });
    expect(r.body.redemption.idempotencyKey).toMatch(/^redeem:[0-9a-f-]{36}$/);
    const entry = (await admin.get(`/api/v1/points/entries/${r.body.redemption.entryId}`)).body;
    expect(entry).toMatchObject({ amount: -30, reason: '帆布袋 × 2', sourceType: 'redemption', sourceId: r.body.redemption.id });
    const more = await redeem(p.id, m.id, { quantity: 2 });
    expect(more.body.error).toMatchObject({ code: 'OUT_OF_STOCK', message: '“帆布袋”库存不足（剩余 1）' });
    // delivering without a note keeps the one given when redeeming
    const d = await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/deliver`, { note: null });
    expect(d.body).toMatchObject({ status: 'delivered', note: '会员自取' });
    expect(await balanceOf(admin, m.id)).toBe(70);
  });

  it('a plan outside its period says its period, an open end shown as …', async () => {
    const m = await member();
    const future = await plan({ item: '新年礼', startsOn: daysFromToday(1) });
    expect((await redeem(future.id, m.id)).body.error.message).toBe(`兑付计划“新年礼”不在兑付期内（${daysFromToday(1)} 至 …）`);
    const ended = await plan({ item: '旧年礼', endsOn: daysFromToday(-1) });
    expect((await redeem(ended.id, m.id, {})).body.error.message).toBe(`兑付计划“旧年礼”不在兑付期内（… 至 ${daysFromToday(-1)}）`);
    expect(await balanceOf(admin, m.id)).toBe(m.balance);
  });

  it('every change is in the audit log: a plan created and edited, redeemed, delivered and cancelled', async () => {
    const m = await member();
    const p = await plan({ item: '审计杯', stockTotal: 2 });
    expect((await admin.patch(`/api/v1/redemption-plans/${p.id}`, { pointsCost: 25 })).status).toBe(200);
    const r1 = (await redeem(p.id, m.id)).body.redemption;
    const r2 = (await redeem(p.id, m.id)).body.redemption;
    await admin.post(`/api/v1/redemptions/${r1.id}/deliver`, {});
    const cancelled = (await admin.post(`/api/v1/redemptions/${r2.id}/cancel`, { reason: '换货' })).body.redemption;
    const audit = async (entityType: string, id: number) => ((await admin.get(`/api/v1/audit?entityType=${entityType}&entityId=${id}`)).body.items as { action: string; changes: Record<string, { before: unknown; after: unknown }> }[]);
    const planLog = await audit('redemptionPlan', p.id);
    expect(planLog.map((a) => a.action)).toEqual(['redemption.plan.update', 'redemption.plan.create']);
    expect(planLog[0].changes).toEqual({ pointsCost: { before: 20, after: 25 } });
    expect(planLog[1].changes).toMatchObject({ item: { before: null, after: '审计杯' }, stockLeft: { before: null, after: 2 } });
    const first = await audit('redemption', r1.id);
    expect(first.map((a) => a.action)).toEqual(['redemption.deliver', 'redemption.redeem']);
    expect(first[0].changes).toEqual({ status: { before: 'pending', after: 'delivered' } });
    expect(first[1].changes).toMatchObject({ points: { before: null, after: 25 }, entryId: { before: null, after: r1.entryId }, memberId: { before: null, after: m.id } });
    const second = await audit('redemption', r2.id);
    expect(second.map((a) => a.action)).toEqual(['redemption.cancel', 'redemption.redeem']);
    expect(second[0].changes).toEqual({
      status: { before: 'pending', after: 'cancelled' }, reason: { before: null, after: '换货' }, refundEntryId: { before: null, after: cancelled.refundEntryId },
    });
  });
});

describe('the redemption list and statistics', () => {
  it('filters by plan, status and time, a page at a time, with member no. and name; a sales office sees its own members\' only', async () => {
    const from = new Date().toISOString();
    const m = await member();
    const n = await member();
    const p = await plan({ item: '列表杯' });
    const q = await plan({ item: '列表伞' });
    const a = (await redeem(p.id, m.id)).body.redemption;
    const b = (await redeem(q.id, m.id)).body.redemption;
    const c = (await redeem(p.id, n.id)).body.redemption;
    await admin.post(`/api/v1/redemptions/${c.id}/cancel`, { reason: '不要了' });
    const list = async (query: string, s: Session = admin) => (await s.get(`/api/v1/redemptions?from=${encodeURIComponent(from)}&${query}`)).body;
    const ids = async (query: string, s?: Session) => ((await list(query, s)).items as { id: number }[]).map((x) => x.id);
    expect(await ids(`planId=${p.id}`)).toEqual([c.id, a.id]);
    expect(await ids('status=cancelled')).toEqual([c.id]);
    expect(await ids(`memberId=${m.id}&pageSize=1&page=2`)).toEqual([a.id]);
    expect(await ids('pageSize=2&page=2')).toEqual([a.id]);
    expect(await ids(`to=${encodeURIComponent(from)}`)).toEqual([]);
    const all = await list('pageSize=2');
    expect(all.total).toBe(3);
    expect(all.items[0]).toMatchObject({ id: c.id, item: '列表杯', memberNo: n.memberNo, memberName: n.name, status: 'cancelled' });
    expect(all.items[1]).toMatchObject({ id: b.id, item: '列表伞', memberNo: m.memberNo, memberName: m.name });
    await rows(t.db.db, sql`UPDATE customers SET department = '东区案场' WHERE id = ${m.customerId}`);
    const office = await t.userWithRoles('redeem_east', ['sales'], { department: '东区案场' });
    expect(await ids('', office)).toEqual([b.id, a.id]);
  });

  it('statistics within a time window: rows by level labelled with the level, cancelled ones counted apart', async () => {
    const m = await member(200);
    const p = await plan({ item: '统计杯', pointsCost: 20 });
    const other = await plan({ item: '统计伞', pointsCost: 10 });
    // before the window: one redeemed, one cancelled
    await redeem(p.id, m.id);
    const early = (await redeem(p.id, m.id)).body.redemption;
    await admin.post(`/api/v1/redemptions/${early.id}/cancel`, { reason: 'x' });
    await new Promise((r) => setTimeout(r, 20));
    const from = new Date().toISOString();
    await redeem(p.id, m.id, { quantity: 2 });
    await redeem(other.id, m.id);
    const c = (await redeem(p.id, m.id)).body.redemption;
    await admin.post(`/api/v1/redemptions/${c.id}/cancel`, { reason: 'x' });
    const stats = async (query: string) => (await admin.get(`/api/v1/redemptions/stats?from=${encodeURIComponent(from)}&${query}`)).body;
    expect(await stats('groupBy=level')).toEqual({ groupBy: 'level', cancelled: 1, rows: [{ key: 'normal', label: 'normal', redemptions: 2, quantity: 3, points: 50, members: 1 }] });
    expect((await stats(`groupBy=plan&planId=${p.id}`)).rows).toEqual([{ key: String(p.id), label: '统计杯', redemptions: 1, quantity: 2, points: 40, members: 1 }]);
    expect(await stats(`groupBy=month&to=${encodeURIComponent(from)}`)).toEqual({ groupBy: 'month', cancelled: 0, rows: [] });
  });
});
