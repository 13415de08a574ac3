// Refunds, voided payments and cancellations of a paid purchase (退款 / 作废 / 退房): the purchase
// drops below 100% paid and its purchase points are reversed by corrections tied to them —
// what the balance cannot cover is reported and queued for a decision, never a negative
// balance — and a second 100% pays the points again only once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../db/index.ts';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers } from '../../../test/helpers/members.ts';
import { balanceOf, nextCardNo } from '../../../test/helpers/points.ts';

let t: TestApp;
let admin: Session;
let sales: (url: string, body: unknown, headers?: Record<string, string>) => ReturnType<Session['post']>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
  const token = (await admin.post('/api/v1/api-tokens', { name: '营销系统', roleId: roles.find((r) => r.code === 'integration')!.id })).body.token;
  sales = (url, body, headers = {}) => t.anonymous.post(`/api/v1/integration/sales/${url}`, body, { authorization: `Bearer ${token}`, ...headers });
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

const en = { 'accept-language': 'en' };
let unitSeq = 0;
async function buy(customerId: number, priceFen: number, s: Session = admin) {
  const p = await s.post(`/api/v1/customers/${customerId}/purchases`, { project: '退款花园', unit: `R-${process.pid}-${++unitSeq}`, priceFen });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  return p.body as { id: number; unit: string };
}
const pay = async (purchaseId: number, amountFen: number, s: Session = admin) => {
  const r = await s.post(`/api/v1/purchases/${purchaseId}/payments`, { amountFen });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { payment: { id: number }; purchase: { status: string; fullyPaidAt: string | null } };
};
const refund = (purchaseId: number, body: Record<string, unknown>, headers?: Record<string, string>, s: Session = admin) =>
  s.post(`/api/v1/purchases/${purchaseId}/refunds`, body, headers);
/** The purchase's own points entries (its rule points), oldest first. */
const purchaseEntries = async (purchaseId: number) =>
  ((await admin.get(`/api/v1/points/entries?sourceType=purchase&sourceId=${purchaseId}&pageSize=100`)).body.items as
    { id: number; memberId: number; amount: number; state: string; idempotencyKey: string }[]).sort((a, b) => a.id - b.id);
/** Points the purchase counts for now: its entries and every booked correction of them. */
const netPoints = async (purchaseId: number) => (await rows<{ n: number }>(t.db.db, sql`
  SELECT coalesce(sum(amount), 0)::int AS n FROM points_entries
  WHERE state IN ('posted', 'reversed') AND (
    (source_type = 'purchase' AND source_id = ${purchaseId} AND idempotency_key LIKE ${`purchase:${purchaseId}%`})
    OR corrects_entry_id IN (SELECT id FROM points_entries WHERE source_type = 'purchase' AND source_id = ${purchaseId}))`))[0].n;
const auditCount = async (action: string, entityId: number) =>
  (await admin.get(`/api/v1/audit?action=${action}&entityType=purchase&entityId=${entityId}`)).body.total as number;
const pendingOf = async (memberId: number) =>
  (await admin.get(`/api/v1/points/entries?state=pending&memberId=${memberId}`)).body.items as { id: number; amount: number; sourceType: string; correctsEntryId: number | null }[];

describe('a refund of a fully paid purchase', () => {
  it('pay 100% → points; refund part → reversed; pay again → points once; again and again, never doubled', async () => {
    const [m] = await createMembers(t.db, 1);
    const p = await buy(m.customerId, 1_000_000_00); // 1 000 000 yuan → 10 000 points by the default rule
    await pay(p.id, 1_000_000_00);
    expect(await balanceOf(admin, m.id)).toBe(10_000);

    const r1 = await refund(p.id, { amountFen: 100_000_00, reason: '面积差退款', receiptNo: 'TK-1' });
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    expect(r1.body.refund).toMatchObject({ purchaseId: p.id, amountFen: 100_000_00, reason: '面积差退款', receiptNo: 'TK-1' });
    expect(r1.body.purchase).toMatchObject({ receivedFen: 900_000_00, status: 'contracted', fullyPaidAt: null });
    expect(r1.body.points).toMatchObject({ memberId: m.id, reversed: 10_000, notReversed: 0, pendingEntryIds: [] });
    expect(await balanceOf(admin, m.id)).toBe(10_000 - 10_000);
    const [first] = await purchaseEntries(p.id);
    expect(first).toMatchObject({ amount: 10_000, state: 'reversed' });

    // paid in full again: the points come back once
    const again = await pay(p.id, 100_000_00);
    expect(again.purchase.status).toBe('paid_off');
    expect(await balanceOf(admin, m.id)).toBe(10_000);
    expect(await netPoints(p.id)).toBe(10_000);

    // refund → pay → refund → pay: still one purchase's worth
    expect((await refund(p.id, { amountFen: 50_000_00, reason: '再次退款' })).body.points).toMatchObject({ reversed: 10_000, notReversed: 0 });
    expect(await balanceOf(admin, m.id)).toBe(0);
    await pay(p.id, 50_000_00);
    expect(await balanceOf(admin, m.id)).toBe(10_000);
    expect(await netPoints(p.id)).toBe(10_000);
    expect((await purchaseEntries(p.id)).filter((e) => e.state === 'posted')).toHaveLength(1);

    const detail = (await admin.get(`/api/v1/purchases/${p.id}`)).body;
    expect(detail).toMatchObject({ receivedFen: 1_000_000_00, status: 'paid_off' });
    expect(detail.refunds.map((x: { amountFen: number }) => x.amountFen)).toEqual([100_000_00, 50_000_00]);
    // audit lines for each step
    expect(await auditCount('purchase.refund', p.id)).toBe(2);
    expect(await auditCount('purchase.unpaid', p.id)).toBe(2);
    expect(await auditCount('purchase.fullyPaid', p.id)).toBe(3);
  });

  it('a member who spent the points: the reversal takes what is there, reports the rest, the balance never goes negative', async () => {
    const [m] = await createMembers(t.db, 1);
    const p = await buy(m.customerId, 500_000_00); // 5 000 points
    await pay(p.id, 500_000_00);
    // the member redeems 4 000 of them
    const plan = await admin.post('/api/v1/redemption-plans', { item: `退款测试礼品 ${p.id}`, pointsCost: 4_000, stockTotal: 10 });
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    const redeemed = await admin.post('/api/v1/redemptions', { memberId: m.id, planId: plan.body.id, quantity: 1 });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
    expect(await balanceOf(admin, m.id)).toBe(1_000);

    const r = await refund(p.id, { amountFen: 10_000_00, reason: '退部分房款' }, en);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.points).toMatchObject({ memberId: m.id, reversed: 1_000, notReversed: 4_000 });
    expect(r.body.points.pendingEntryIds).toHaveLength(1);
    expect(await balanceOf(admin, m.id)).toBe(0);
    // the rest waits in the approval queue as a correction of the purchase points
    const [queued] = await pendingOf(m.id);
    expect(queued).toMatchObject({ id: r.body.points.pendingEntryIds[0], amount: -4_000, sourceType: 'correction' });
    // approving it now would overdraw: refused, still pending, balance untouched
    const early = await admin.post(`/api/v1/points/entries/${queued.id}/approve`, {});
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('INSUFFICIENT_POINTS');
    expect(await balanceOf(admin, m.id)).toBe(0);
    expect(await pendingOf(m.id)).toHaveLength(1);

    // the buyer pays the refunded amount again: the queued correction is withdrawn, the purchase counts 5 000 again
    await pay(p.id, 10_000_00);
    expect(await pendingOf(m.id)).toEqual([]);
    expect(await netPoints(p.id)).toBe(5_000);
    expect(await balanceOf(admin, m.id)).toBe(1_000); // 5 000 earned − 4 000 redeemed
  });

  it('refuses a refund beyond what was received, bad input and a deleted purchase, changing nothing', async () => {
    const [m] = await createMembers(t.db, 1);
    const p = await buy(m.customerId, 100_000_00);
    await pay(p.id, 100_000_00);
    const over = await refund(p.id, { amountFen: 100_000_01, reason: '多退' }, en);
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('REFUND_EXCEEDS_RECEIVED');
    expect(over.body.error.details[0]).toEqual({ field: 'amountFen', issue: 'The refund exceeds what was received: 100,000.00 received, 100,000.01 to refund' });
    const zh = await refund(p.id, { amountFen: 100_000_01, reason: '多退' });
    expect(zh.body.error.details[0].issue).toBe('退款金额超过已收金额：已收 100,000.00 元，本次退 100,000.01 元');
    for (const [body, field] of [[{ amountFen: 0, reason: 'x' }, 'amountFen'], [{ amountFen: 1.5, reason: 'x' }, 'amountFen'], [{ amountFen: 100 }, 'reason'], [{ amountFen: 100, reason: '  ' }, 'reason']] as const) {
      const bad = await refund(p.id, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.details[0].field).toBe(field);
    }
    expect((await refund(987654, { amountFen: 100, reason: 'x' })).status).toBe(404);
    const detail = (await admin.get(`/api/v1/purchases/${p.id}`)).body;
    expect(detail).toMatchObject({ receivedFen: 100_000_00, status: 'paid_off' });
    expect(detail.refunds).toEqual([]);
    expect(await balanceOf(admin, m.id)).toBe(1_000);
    expect(await auditCount('purchase.refund', p.id)).toBe(0);
  });

  it('the same request twice with one Idempotency-Key refunds once', async () => {
    const [m] = await createMembers(t.db, 1);
    const p = await buy(m.customerId, 200_000_00);
    await pay(p.id, 200_000_00);
    const key = { 'idempotency-key': `refund-${p.id}` };
    const a = await refund(p.id, { amountFen: 20_000_00, reason: '优惠返还' }, key);
    const b = await refund(p.id, { amountFen: 20_000_00, reason: '优惠返还' }, key);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.refund.id).toBe(a.body.refund.id);
    const detail = (await admin.get(`/api/v1/purchases/${p.id}`)).body;
    expect(detail.refunds).toHaveLength(1);
    expect(detail.receivedFen).toBe(180_000_00);
    expect(await balanceOf(admin, m.id)).toBe(0);
  });
});

describe('a voided payment of a fully paid purchase', () => {
  it('drops it below 100% and reverses its points; paying again brings them back once', async () => {
    const [m] = await createMembers(t.db, 1);
    const p = await buy(m.customerId, 300_000_00);
    await pay(p.id, 200_000_00);
    const last = await pay(p.id, 100_000_00);
    expect(await balanceOf(admin, m.id)).toBe(3_000);
    const v = await admin.post(`/api/v1/payments/${last.payment.id}/void`, { reason: '银行退票' });
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    expect(v.body.voidedAt).not.toBeNull();
    const detail = (await admin.get(`/api/v1/purchases/${p.id}`)).body;
    expect(detail).toMatchObject({ receivedFen: 200_000_00, status: 'contracted', fullyPaidAt: null });
    expect(await balanceOf(admin, m.id)).toBe(0);
    await pay(p.id, 100_000_00);
    expect(await balanceOf(admin, m.id)).toBe(3_000);
    expect(await netPoints(p.id)).toBe(3_000);
  });
});

describe('cancelling a fully paid purchase (退房)', () => {
  it('cancels it, reverses its points, frees the unit; money can still be refunded; a second cancel is refused', async () => {
    const [m] = await createMembers(t.db, 1);
    const p = await buy(m.customerId, 400_000_00);
    await pay(p.id, 400_000_00);
    expect(await balanceOf(admin, m.id)).toBe(4_000);
    const c = await admin.post(`/api/v1/purchases/${p.id}/cancel`, { reason: '客户退房' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.purchase).toMatchObject({ status: 'cancelled', fullyPaidAt: null, receivedFen: 400_000_00 });
    expect(c.body.points).toMatchObject({ memberId: m.id, reversed: 4_000, notReversed: 0 });
    expect(await balanceOf(admin, m.id)).toBe(0);
    expect(await auditCount('purchase.cancel', p.id)).toBe(1);
    // no payment on a cancelled purchase; the money goes back by refunds, without touching points again
    expect((await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 1 })).status).toBe(422);
    const back = await refund(p.id, { amountFen: 400_000_00, reason: '退房退款' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.purchase).toMatchObject({ receivedFen: 0, status: 'cancelled' });
    expect(back.body.points).toBeNull();
    const twice = await admin.post(`/api/v1/purchases/${p.id}/cancel`, { reason: '再退' }, en);
    expect(twice.status).toBe(422);
    expect(twice.body.error.code).toBe('PURCHASE_CANCELLED');
    // the unit may be sold again
    expect((await admin.post(`/api/v1/customers/${m.customerId}/purchases`, { project: '退款花园', unit: p.unit, priceFen: 100 })).status).toBe(200);
    expect(await balanceOf(admin, m.id)).toBe(0);
  });

  it('points owed to a buyer who is not a member yet are owed no more, and pending purchase points are withdrawn', async () => {
    const c = await admin.post('/api/v1/customers', { name: '退房未入会', mobile: '13812349876' });
    const p = await buy(c.body.id, 200_000_00);
    await pay(p.id, 200_000_00);
    const cancelled = await admin.post(`/api/v1/purchases/${p.id}/cancel`, { reason: '退房' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.points).toMatchObject({ memberId: null, reversed: 0, notReversed: 0, dueCancelled: true });
    // the buyer joins later: nothing is owed for the cancelled purchase
    const apps = await admin.get('/api/v1/applications?status=pending&pageSize=100');
    const app = apps.body.items.find((a: { name: string }) => a.name === '退房未入会');
    const approved = await admin.post(`/api/v1/applications/${app.id}/approve`, { cardNo: nextCardNo() });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(await purchaseEntries(p.id)).toEqual([]);

    // a rule that waits for approval: the pending purchase points are rejected at cancellation
    const [m] = await createMembers(t.db, 1);
    const rule = await admin.post('/api/v1/points/rules', { name: '购房积分（待审，退房测试）', eventType: 'purchase', formula: 'per_amount', points: 1, perFen: 10_000, autoApprove: false });
    try {
      const q = await buy(m.customerId, 100_000_00);
      await pay(q.id, 100_000_00);
      expect((await purchaseEntries(q.id))[0]).toMatchObject({ state: 'pending', amount: 1_000 });
      const x = await admin.patch(`/api/v1/purchases/${q.id}`, { status: 'cancelled' });
      expect(x.status, JSON.stringify(x.body)).toBe(200);
      expect(x.body.status).toBe('cancelled');
      expect((await purchaseEntries(q.id))[0]).toMatchObject({ state: 'rejected' });
      expect(await balanceOf(admin, m.id)).toBe(0);
    } finally {
      await admin.patch(`/api/v1/points/rules/${rule.body.id}`, { active: false });
    }
  });
});

describe('the sales system reports refunds and cancellations', () => {
  it('a refund sent twice is one refund; the same id with another amount is a 409; a cancellation sent twice changes nothing the second time', async () => {
    const [m] = await createMembers(t.db, 1);
    const cust = await sales('customers', { externalId: `RC-${m.id}`, name: m.name });
    expect(cust.status, JSON.stringify(cust.body)).toBe(200);
    // the sales system's customer is the member's own record (linked by the upsert of an existing record is not the point here)
    await rows(t.db.db, sql`UPDATE customers SET external_system = 'sales_system', external_id = ${`RC-${m.id}-m`} WHERE id = ${m.customerId}`);
    const purchase = { externalId: `RP-${m.id}`, customerExternalId: `RC-${m.id}-m`, project: '退款花园', unit: `S-${m.id}`, priceFen: 600_000_00 };
    expect((await sales('purchases', purchase)).status).toBe(200);
    const paid = await sales('payments', { externalId: `RF-${m.id}`, purchaseExternalId: purchase.externalId, amountFen: 600_000_00, paidAt: '2025-05-01T08:00:00+08:00' });
    expect(paid.body.purchase.status).toBe('paid_off');
    expect(await balanceOf(admin, m.id)).toBe(6_000);

    const body = { externalId: `RT-${m.id}`, purchaseExternalId: purchase.externalId, amountFen: 60_000_00, refundedAt: '2025-06-01T08:00:00+08:00', reason: '面积差' };
    const a = await sales('refunds', body);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body).toMatchObject({ created: true, changed: true, record: { amountFen: 60_000_00, externalId: body.externalId }, purchase: { receivedFen: 540_000_00, status: 'contracted' } });
    expect(a.body.points).toMatchObject({ reversed: 6_000, notReversed: 0 });
    const b = await sales('refunds', body);
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ id: a.body.id, created: false, changed: false, purchase: { receivedFen: 540_000_00 } });
    expect(b.body.points).toBeNull();
    const changed = await sales('refunds', { ...body, amountFen: 1 }, en);
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('REFUND_CHANGED');
    const unknown = await sales('refunds', { ...body, externalId: 'RT-X', purchaseExternalId: 'NO-SUCH' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].field).toBe('purchaseExternalId');
    expect((await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM refunds WHERE external_id = ${body.externalId}`))[0].n).toBe(1);
    expect(await balanceOf(admin, m.id)).toBe(0);

    // paid again, then cancelled by the sales system (status cancelled), twice
    await sales('payments', { externalId: `RF2-${m.id}`, purchaseExternalId: purchase.externalId, amountFen: 60_000_00, paidAt: '2025-06-02T08:00:00+08:00' });
    expect(await balanceOf(admin, m.id)).toBe(6_000);
    const c1 = await sales('purchases', { ...purchase, status: 'cancelled' });
    expect(c1.status, JSON.stringify(c1.body)).toBe(200);
    expect(c1.body).toMatchObject({ changed: true, record: { status: 'cancelled', fullyPaidAt: null } });
    expect(c1.body.points).toMatchObject({ reversed: 6_000 });
    const c2 = await sales('purchases', { ...purchase, status: 'cancelled' });
    expect(c2.body).toMatchObject({ changed: false, record: { status: 'cancelled' }, points: null });
    expect(await balanceOf(admin, m.id)).toBe(0);
  });
});

describe('who may refund and cancel', () => {
  it('a sales office refunds and cancels purchases of its own customers only; others get 404 and nothing changes', async () => {
    const xixi = await t.userWithRoles('refund_xixi', ['sales'], { department: '西溪案场' });
    const liangzhu = await t.userWithRoles('refund_liangzhu', ['sales'], { department: '良渚案场' });
    const c = await xixi.post('/api/v1/customers', { name: '西溪退款客户', mobile: '13911118888' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const p = await buy(c.body.id, 100_000_00, xixi);
    await pay(p.id, 100_000_00, xixi);
    expect((await refund(p.id, { amountFen: 100, reason: '越权' }, undefined, liangzhu)).status).toBe(404);
    expect((await liangzhu.post(`/api/v1/purchases/${p.id}/cancel`, { reason: '越权' })).status).toBe(404);
    expect((await admin.get(`/api/v1/purchases/${p.id}`)).body).toMatchObject({ receivedFen: 100_000_00, status: 'paid_off', refunds: [] });
    // a role without purchase.write is refused outright
    const reader = await t.userWithRoles('refund_reader', ['manager']); // reads everything, holds no purchase.write
    expect((await refund(p.id, { amountFen: 100, reason: 'x' }, undefined, reader)).status).toBe(403);
    expect((await reader.post(`/api/v1/purchases/${p.id}/cancel`, { reason: 'x' })).status).toBe(403);
    const own = await refund(p.id, { amountFen: 100, reason: '退差价' }, undefined, xixi);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const gone = await xixi.post(`/api/v1/purchases/${p.id}/cancel`, { reason: '退房' });
    expect(gone.status).toBe(200);
    expect(gone.body.purchase.status).toBe('cancelled');
  });
});
