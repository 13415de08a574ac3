// Redemption's rules at their edges, each as a user sees it. Written against the survivors of
// mutation testing (issue 17, reports/mutation/): every test here failed with one of them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, balanceOf, nextCardNo } from '../../../test/helpers/points.ts';
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
  return r.body as { id: number; stockLeft: number | null };
}
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
    expect(most).toMatchObject({ balance: m.balance - 1000, redemption: { quantity: 1000, points: 1000 } });
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
