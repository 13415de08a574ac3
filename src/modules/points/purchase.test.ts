import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers } from '../../../test/helpers/members.ts';
import { balanceOf, nextCardNo } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { systemActor } from '../auth/actor.ts';
import { onPurchaseFullyPaid, type PurchaseRow } from '../customers/service.ts';
import { claimPurchasePoints, claimWaitingPurchasePoints, grantPurchasePoints } from './service.ts';
import { pointsForRule, purchasePointsDue } from './rules.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

let unitSeq = 0;
async function buy(customerId: number, priceFen: number) {
  const p = await admin.post(`/api/v1/customers/${customerId}/purchases`, { project: '滨江壹号', unit: `积分-${process.pid}-${++unitSeq}`, priceFen });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  return p.body as { id: number };
}
const pay = (purchaseId: number, amountFen: number) => admin.post(`/api/v1/purchases/${purchaseId}/payments`, { amountFen });
const purchaseEntries = async (purchaseId: number) =>
  (await admin.get(`/api/v1/points/entries?sourceType=purchase&sourceId=${purchaseId}`)).body.items as { memberId: number; amount: number; state: string; idempotencyKey: string }[];
const purchaseRow = async (id: number) => (await rows<PurchaseRow>(t.db.db, sql`SELECT id, customer_id AS "customerId", price_fen AS "priceFen" FROM purchases WHERE id = ${id}`))[0];

describe('the purchase points rule', () => {
  it('gives 1 point per 100 yuan of the price by default, whole steps only', () => {
    const rule = { formula: 'per_amount', points: 1, perFen: 10_000 } as const;
    expect(purchasePointsDue(150_000_000, rule)).toBe(15_000);
    expect(purchasePointsDue(9_999, rule)).toBe(0);
    expect(pointsForRule({ formula: 'fixed', points: 200, perFen: null }, 123)).toBe(200);
  });
});

describe('purchase points', () => {
  it('post only when 100% of the price is received, once, whatever replays the event', async () => {
    const [m] = await createMembers(t.db, 1);
    const p = await buy(m.customerId, 1_500_000_00); // 1 500 000 yuan
    await pay(p.id, 1_000_000_00);
    expect(await purchaseEntries(p.id)).toEqual([]);
    const last = await pay(p.id, 500_000_00);
    expect(last.status).toBe(200);
    const [e] = await purchaseEntries(p.id);
    expect(e).toMatchObject({ memberId: m.id, amount: 15_000, state: 'posted', idempotencyKey: `purchase:${p.id}` });
    expect(await balanceOf(admin, m.id)).toBe(15_000);
    // the event replayed: the customers module's handler and the points call itself
    const row = await purchaseRow(p.id);
    await t.db.transaction((tx) => onPurchaseFullyPaid(tx, systemActor('replay'), row));
    const again = await t.db.transaction((tx) => grantPurchasePoints(tx, systemActor('replay'), row));
    expect(again.state).toBe('replayed');
    expect(await purchaseEntries(p.id)).toHaveLength(1);
    expect(await balanceOf(admin, m.id)).toBe(15_000);
  });

  it('are owed to a buyer who is not a member yet and post when the customer becomes a member — nothing is lost, nothing doubled', async () => {
    const c = await admin.post('/api/v1/customers', { name: '购房未入会', mobile: '13812345678' });
    expect(c.status).toBe(200);
    const p = await buy(c.body.id, 2_000_000_00);
    await pay(p.id, 2_000_000_00);
    expect(await purchaseEntries(p.id)).toEqual([]);
    const [due] = await rows<{ status: string; price_fen: number }>(t.db.db, sql`SELECT status, price_fen FROM purchase_points_due WHERE purchase_id = ${p.id}`);
    expect(due).toMatchObject({ status: 'waiting', price_fen: 2_000_000_00 });
    // the automatic application raised by the purchase is approved, with a card
    const apps = await admin.get('/api/v1/applications?status=pending&pageSize=100');
    const app = apps.body.items.find((a: { name: string }) => a.name === '购房未入会');
    const approved = await admin.post(`/api/v1/applications/${app.id}/approve`, { cardNo: nextCardNo() });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const memberId = approved.body.member.id;
    // posted at data linking (membership calls claimPurchasePoints) or by the job that catches any it did not
    await t.db.transaction((tx) => claimWaitingPurchasePoints(tx, systemActor('purchase points job')));
    const [e] = await purchaseEntries(p.id);
    expect(e).toMatchObject({ memberId, amount: 20_000, state: 'posted' });
    expect(await balanceOf(admin, memberId)).toBe(20_000 + 100);
    expect(await t.db.transaction((tx) => claimPurchasePoints(tx, systemActor('again'), { memberId }))).toEqual([]);
    expect(await t.db.transaction((tx) => claimWaitingPurchasePoints(tx, systemActor('again')))).toBe(0);
    expect(await purchaseEntries(p.id)).toHaveLength(1);
  });

  it('owed to a buyer who joins later post in the approval that links the member, with every job off', async () => {
    expect(t.config.jobs).toBe('off'); // no purchase-points-due job runs in this app
    const c = await admin.post('/api/v1/customers', { name: '后入会业主', mobile: '13812345679' });
    const p = await buy(c.body.id, 800_000_00);
    await pay(p.id, 800_000_00);
    expect(await purchaseEntries(p.id)).toEqual([]);
    const apps = await admin.get('/api/v1/applications?status=pending&pageSize=100');
    const app = apps.body.items.find((a: { name: string }) => a.name === '后入会业主');
    const approved = await admin.post(`/api/v1/applications/${app.id}/approve`, { cardNo: nextCardNo() });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const memberId = approved.body.member.id;
    // at once, no job needed: the purchase points and the card's base points
    const [e] = await purchaseEntries(p.id);
    expect(e).toMatchObject({ memberId, amount: 8_000, state: 'posted', idempotencyKey: `purchase:${p.id}` });
    expect(await balanceOf(admin, memberId)).toBe(8_000 + 100);
    const [due] = await rows<{ status: string }>(t.db.db, sql`SELECT status FROM purchase_points_due WHERE purchase_id = ${p.id}`);
    expect(due.status).toBe('posted');
    // the job, as the safety net, finds nothing left
    expect(await t.db.transaction((tx) => claimWaitingPurchasePoints(tx, systemActor('purchase points job')))).toBe(0);
    expect(await purchaseEntries(p.id)).toHaveLength(1);
  });

  it('follow the rule for the member\'s level, and wait for approval when the rule says so', async () => {
    const [m] = await createMembers(t.db, 1);
    await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() });
    const rule = await admin.post('/api/v1/points/rules', { name: '普通卡购房积分（待审）', eventType: 'purchase', formula: 'per_amount', points: 2, perFen: 10_000, eligibleLevels: ['normal'], autoApprove: false });
    try {
      const p = await buy(m.customerId, 300_000_00);
      await pay(p.id, 300_000_00);
      const [e] = await purchaseEntries(p.id);
      expect(e).toMatchObject({ amount: 6_000, state: 'pending' });
      expect(await balanceOf(admin, m.id)).toBe(100);
      const list = await admin.get(`/api/v1/points/entries?state=pending&memberId=${m.id}`);
      await admin.post(`/api/v1/points/entries/${list.body.items[0].id}/approve`, {});
      expect(await balanceOf(admin, m.id)).toBe(6_100);
    } finally {
      await admin.patch(`/api/v1/points/rules/${rule.body.id}`, { active: false });
    }
  });

  it('may be named as the event of manual points only once fully paid and for its own buyer', async () => {
    const [m, other] = await createMembers(t.db, 2);
    const p = await buy(m.customerId, 100_000_00);
    const early = await admin.post('/api/v1/points/entries', { memberId: m.id, amount: 50, sourceType: 'purchase', sourceId: p.id, reason: '开盘礼' });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('PURCHASE_NOT_PAID');
    await pay(p.id, 100_000_00);
    const wrong = await admin.post('/api/v1/points/entries', { memberId: other.id, amount: 50, sourceType: 'purchase', sourceId: p.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].field).toBe('sourceId');
    const ok = await admin.post('/api/v1/points/entries', { memberId: m.id, amount: 50, sourceType: 'purchase', sourceId: p.id, reason: '开盘礼' });
    expect(ok.status).toBe(200);
    const picker = await admin.get(`/api/v1/points/events?sourceType=purchase&memberId=${m.id}`);
    expect(picker.body.map((x: { id: number }) => x.id)).toEqual([p.id]);
  });
});
