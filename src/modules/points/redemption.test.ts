import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { describeOnPostgres } from '../../../test/helpers/db.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, balanceOf, nextCardNo } from '../../../test/helpers/points.ts';

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

type Lot = { id: number; amount: number; remaining: number; expiresAt: string | null };
const lotsOf = async (memberId: number) => (await admin.get(`/api/v1/members/${memberId}/points/lots`)).body as Lot[];
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai
const daysFromToday = (d: number) => new Date(Date.now() + 8 * 3600_000 + d * 86400_000).toISOString().slice(0, 10);

/** A member with a normal main card and points in three lots of different expiry (soonest first: 30, 50, 100). */
async function memberWithLots(): Promise<{ id: number; memberNo: string; lots: Lot[] }> {
  const [m] = await createMembers(t.db, 1);
  await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() }); // 100 base points, 24 months
  await admin.patch('/api/v1/points/settings', { expiryMonths: 6 });
  await addPoints(admin, m.id, 30, activity);
  await admin.patch('/api/v1/points/settings', { expiryMonths: 12 });
  await addPoints(admin, m.id, 50, activity);
  await admin.patch('/api/v1/points/settings', { expiryMonths: 24 });
  const lots = await lotsOf(m.id);
  expect(lots.map((l) => l.amount)).toEqual([30, 50, 100]);
  return { ...m, lots };
}

async function plan(body: Record<string, unknown>) {
  const r = await admin.post('/api/v1/redemption-plans', { item: '定制雨伞', pointsCost: 60, ...body });
  expect(r.status).toBe(200);
  return r.body as { id: number; stockLeft: number | null };
}

describe('redemption plans', () => {
  it('are validated: period order, known levels; a stock change keeps what was redeemed', async () => {
    const badPeriod = await admin.post('/api/v1/redemption-plans', { item: 'x', pointsCost: 10, startsOn: '2026-05-01', endsOn: '2026-04-01' });
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.error.details[0].field).toBe('endsOn');
    const badLevel = await admin.post('/api/v1/redemption-plans', { item: 'x', pointsCost: 10, eligibleLevels: ['gold'] });
    expect(badLevel.body.error.details[0].field).toBe('eligibleLevels.0');
    const p = await plan({ stockTotal: 5 });
    const m = await memberWithLots();
    await admin.post('/api/v1/redemptions', { planId: p.id, memberId: m.id, quantity: 2 });
    const low = await admin.patch(`/api/v1/redemption-plans/${p.id}`, { stockTotal: 1 });
    expect(low.status).toBe(400);
    const more = await admin.patch(`/api/v1/redemption-plans/${p.id}`, { stockTotal: 10 });
    expect(more.body).toMatchObject({ stockTotal: 10, stockLeft: 8 });
  });
});

describe('redeeming', () => {
  it('takes the points from the lots that expire first and lowers the stock; the member sees it in the history', async () => {
    const m = await memberWithLots();
    const p = await plan({ pointsCost: 60, stockTotal: 10 });
    const r = await admin.post('/api/v1/redemptions', { planId: p.id, memberId: m.id, note: '前台领取' }, { 'idempotency-key': 'redeem-1' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ balance: 120, replayed: false, redemption: { status: 'pending', points: 60, quantity: 1, memberLevel: 'normal' } });
    const lots = await lotsOf(m.id);
    expect(lots.find((l) => l.id === m.lots[0].id)!.remaining).toBe(0);
    expect(lots.find((l) => l.id === m.lots[1].id)!.remaining).toBe(20);
    expect(lots.find((l) => l.id === m.lots[2].id)!.remaining).toBe(100);
    const plans = await admin.get('/api/v1/redemption-plans?open=true');
    expect(plans.body.items.find((x: { id: number }) => x.id === p.id).stockLeft).toBe(9);
    // a retry with the same key is the same redemption
    const again = await admin.post('/api/v1/redemptions', { planId: p.id, memberId: m.id, note: '前台领取' }, { 'idempotency-key': 'redeem-1' });
    expect(again.body.redemption.id).toBe(r.body.redemption.id);
    expect(await balanceOf(admin, m.id)).toBe(120);
    const list = await admin.get(`/api/v1/redemptions?memberId=${m.id}`);
    expect(list.body.items).toMatchObject([{ id: r.body.redemption.id, item: '定制雨伞', memberNo: m.memberNo }]);
  });

  it('checks level, period, stock, per-member limit and balance; each refusal is a 422 with a clear message and changes nothing', async () => {
    const m = await memberWithLots(); // balance 180, level normal
    const vipOnly = await plan({ eligibleLevels: ['vip'] });
    const r1 = await admin.post('/api/v1/redemptions', { planId: vipOnly.id, memberId: m.id });
    expect(r1.status).toBe(422);
    expect(r1.body.error.message).toBe('会员等级（normal）不能兑换“定制雨伞”');
    const ended = await plan({ startsOn: '2020-01-01', endsOn: daysFromToday(-1) });
    const r2 = await admin.post('/api/v1/redemptions', { planId: ended.id, memberId: m.id }, { 'accept-language': 'en' });
    expect(r2.body.error.code).toBe('PLAN_OUT_OF_PERIOD');
    expect(r2.body.error.message).toContain('outside its period');
    const future = await plan({ startsOn: daysFromToday(1) });
    expect((await admin.post('/api/v1/redemptions', { planId: future.id, memberId: m.id })).body.error.code).toBe('PLAN_OUT_OF_PERIOD');
    const todayOnly = await plan({ startsOn: today(), endsOn: today(), pointsCost: 10, limitPerMember: 1 });
    expect((await admin.post('/api/v1/redemptions', { planId: todayOnly.id, memberId: m.id })).status).toBe(200);
    const limit = await admin.post('/api/v1/redemptions', { planId: todayOnly.id, memberId: m.id });
    expect(limit.body.error).toMatchObject({ code: 'PLAN_LIMIT_REACHED', message: '每位会员最多兑换“定制雨伞” 1 份，已兑换 1 份' });
    const one = await plan({ stockTotal: 1, pointsCost: 10 });
    expect((await admin.post('/api/v1/redemptions', { planId: one.id, memberId: m.id })).status).toBe(200);
    const out = await admin.post('/api/v1/redemptions', { planId: one.id, memberId: m.id });
    expect(out.body.error).toMatchObject({ code: 'OUT_OF_STOCK', message: '“定制雨伞”库存不足（剩余 0）' });
    const dear = await plan({ pointsCost: 1000 });
    const poor = await admin.post('/api/v1/redemptions', { planId: dear.id, memberId: m.id });
    expect(poor.body.error).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: '积分不足：当前余额 160，需要 1000' });
    const inactive = await plan({ active: false });
    expect((await admin.post('/api/v1/redemptions', { planId: inactive.id, memberId: m.id })).body.error.code).toBe('PLAN_INACTIVE');
    expect(await balanceOf(admin, m.id)).toBe(160);
  });

  it('cancelling gives the points back to the very lots they came from, with their original expiry, and restores the stock', async () => {
    const m = await memberWithLots();
    const p = await plan({ pointsCost: 100, stockTotal: 3 });
    const r = await admin.post('/api/v1/redemptions', { planId: p.id, memberId: m.id });
    const spent = await lotsOf(m.id);
    expect(m.lots.map((l) => spent.find((x) => x.id === l.id)!.remaining)).toEqual([0, 0, 80]);
    const c = await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/cancel`, { reason: '会员改选其他礼品' });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ balance: 180, redemption: { status: 'cancelled', cancelReason: '会员改选其他礼品' } });
    const after = await lotsOf(m.id);
    expect(after.map((l) => [l.id, l.remaining, l.expiresAt])).toEqual(m.lots.map((l) => [l.id, l.amount, l.expiresAt]));
    expect((await admin.get('/api/v1/redemption-plans')).body.items.find((x: { id: number }) => x.id === p.id).stockLeft).toBe(3);
    const entry = await admin.get(`/api/v1/points/entries/${r.body.redemption.entryId}`);
    expect(entry.body.state).toBe('reversed');
    expect(entry.body.corrections[0]).toMatchObject({ amount: 100, sourceType: 'redemption', sourceId: r.body.redemption.id });
    const twice = await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/cancel`, { reason: 'x' });
    expect(twice.body.error.message).toBe(`兑付 #${r.body.redemption.id} 当前为“已取消”，不能取消`);
  });

  it('fulfilment goes pending → delivered; a delivered redemption is no longer cancelled', async () => {
    const m = await memberWithLots();
    const p = await plan({ pointsCost: 10 });
    const r = await admin.post('/api/v1/redemptions', { planId: p.id, memberId: m.id });
    const d = await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/deliver`, { note: '快递 SF123' });
    expect(d.body).toMatchObject({ status: 'delivered', deliveredBy: '系统管理员' });
    expect((await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/cancel`, { reason: 'x' })).status).toBe(422);
  });

  it('statistics by plan, month and level count redemptions that were not cancelled', async () => {
    const m = await memberWithLots();
    const p = await plan({ item: '统计用保温杯', pointsCost: 20 });
    await admin.post('/api/v1/redemptions', { planId: p.id, memberId: m.id, quantity: 2 });
    const c = await admin.post('/api/v1/redemptions', { planId: p.id, memberId: m.id });
    await admin.post(`/api/v1/redemptions/${c.body.redemption.id}/cancel`, { reason: 'x' });
    const byPlan = await admin.get(`/api/v1/redemptions/stats?groupBy=plan&planId=${p.id}`);
    expect(byPlan.body.rows).toEqual([{ key: String(p.id), label: '统计用保温杯', redemptions: 1, quantity: 2, points: 40, members: 1 }]);
    const byLevel = await admin.get('/api/v1/redemptions/stats?groupBy=level');
    expect(byLevel.body.rows.find((r: { key: string }) => r.key === 'normal').points).toBeGreaterThanOrEqual(40);
    const byMonth = await admin.get('/api/v1/redemptions/stats?groupBy=month');
    expect(byMonth.body.rows.at(-1).key).toBe(today().slice(0, 7));
  });
});

describe('the member website', () => {
  it('lists the open, visible plans; a member redeems with a retry-safe key and reads their own redemptions', async () => {
    const m = await memberWithLots();
    const shown = await plan({ item: '网站礼品', pointsCost: 30 });
    const hidden = await plan({ item: '内部礼品', pointsCost: 30, visibleOnWebsite: false });
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const tok = await admin.post('/api/v1/api-tokens', { name: 'website', roleId: roles.find((r) => r.code === 'integration')!.id });
    const h = { authorization: `Bearer ${tok.body.token}` };
    const plans = await t.anonymous.get('/api/v1/website/redemption-plans?pageSize=500', h);
    const ids = plans.body.items.map((x: { id: number }) => x.id);
    expect(ids).toContain(shown.id);
    expect(ids).not.toContain(hidden.id);
    const r = await t.anonymous.post(`/api/v1/website/points/${m.memberNo}/redemptions`, { planId: shown.id }, { ...h, 'idempotency-key': 'web-order-77' });
    expect(r.status).toBe(200);
    expect(r.body.redemption.channel).toBe('website');
    const again = await t.anonymous.post(`/api/v1/website/points/${m.memberNo}/redemptions`, { planId: shown.id }, { ...h, 'idempotency-key': 'web-order-77' });
    expect(again.body.redemption.id).toBe(r.body.redemption.id);
    const no = await t.anonymous.post(`/api/v1/website/points/${m.memberNo}/redemptions`, { planId: hidden.id }, h);
    expect(no.body.error.code).toBe('PLAN_INACTIVE');
    const mine = await t.anonymous.get(`/api/v1/website/points/${m.memberNo}/redemptions`, h);
    expect(mine.body.items).toMatchObject([{ id: r.body.redemption.id, item: '网站礼品' }]);
    expect(await balanceOf(admin, m.id)).toBe(150);
    // the website token cannot use the console's endpoints
    expect((await t.anonymous.get('/api/v1/redemptions', h)).status).toBe(403);
  });
});

describeOnPostgres('concurrent redemptions (PostgreSQL)', () => {
  it('64 concurrent redemptions against a balance for 25: exactly 25 succeed, the rest get 422, replays change nothing', async () => {
    const [m] = await createMembers(t.db, 1);
    await addPoints(admin, m.id, 250, activity);
    const p = await plan({ pointsCost: 10, stockTotal: 100 });
    const send = (i: number) => admin.post('/api/v1/redemptions', { planId: p.id, memberId: m.id }, { 'idempotency-key': `race-${i}` });
    const first = await Promise.all(Array.from({ length: 64 }, (_, i) => send(i)));
    const won = first.filter((r) => r.status === 200);
    expect(won).toHaveLength(25);
    expect(first.filter((r) => r.status === 422).every((r) => r.body.error.code === 'INSUFFICIENT_POINTS')).toBe(true);
    expect(await balanceOf(admin, m.id)).toBe(0);
    const replay = await Promise.all(Array.from({ length: 64 }, (_, i) => send(i)));
    expect(replay.filter((r) => r.status === 200).map((r) => r.body.redemption.id).sort()).toEqual(won.map((r) => r.body.redemption.id).sort());
    expect(await balanceOf(admin, m.id)).toBe(0);
    expect((await admin.get('/api/v1/redemption-plans')).body.items.find((x: { id: number }) => x.id === p.id).stockLeft).toBe(75);
  });
});
