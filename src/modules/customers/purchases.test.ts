import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../db/index.ts';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { describeOnPostgres } from '../../../test/helpers/db.ts';
import { residentId } from '../../../test/helpers/people.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
});
afterAll(async () => { await t?.close(); });

const en = { 'accept-language': 'en' };
let seq = 200;
const newCustomer = async (name: string, s: Session = admin) =>
  (await s.post('/api/v1/customers', { name, idNumber: residentId('19800101', seq++), mobile: `139${String(10000000 + seq).slice(-8)}` })).body as { id: number };
let unitNo = 100;
const sale = (priceFen = 300_000_000, extra: Record<string, unknown> = {}) => ({ project: '西溪云庐', unit: `3-${unitNo++}`, contractNo: `XX-2025-${unitNo}`, priceFen, ...extra });
const applicationsOf = (purchaseId: number) =>
  rows<{ id: number; method: string; status: string; customer_id: number; name: string }>(t.db.db, sql`SELECT id, method, status, customer_id, name FROM applications WHERE purchase_id = ${purchaseId}`);
const auditOf = async (action: string, entityId: number) => (await admin.get(`/api/v1/audit?action=${action}&entityType=purchase&entityId=${entityId}`)).body.items as { changes: Record<string, unknown> }[];

describe('a purchase makes a buyer and raises the automatic application', () => {
  it('marks the customer as buyer and raises exactly one pending automatic application with the customer\'s data', async () => {
    const c = await newCustomer('陈建国');
    expect((await admin.get(`/api/v1/customers/${c.id}`)).body.customer.isBuyer).toBe(false);
    const p = await admin.post(`/api/v1/customers/${c.id}/purchases`, sale(250_000_000, { contractDate: '2025-03-01' }));
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ customerId: c.id, status: 'contracted', origin: 'sale', priceFen: 250_000_000, receivedFen: 0, fullyPaidAt: null });
    const page = (await admin.get(`/api/v1/customers/${c.id}`)).body;
    expect(page.customer.isBuyer).toBe(true);
    expect(page.purchases.map((x: { id: number }) => x.id)).toEqual([p.body.id]);
    expect((await admin.get(`/api/v1/customers?isBuyer=true&q=${encodeURIComponent('陈建国')}`)).body.total).toBe(1);
    const apps = await applicationsOf(p.body.id);
    expect(apps).toEqual([expect.objectContaining({ method: 'automatic', status: 'pending', customer_id: c.id, name: '陈建国' })]);
  });

  it('once the automatic application is approved, the customer page links the member; a member\'s record cannot be deleted', async () => {
    const c = await newCustomer('葛优');
    const p = (await admin.post(`/api/v1/customers/${c.id}/purchases`, sale())).body;
    const [app] = await applicationsOf(p.id);
    const approved = await admin.post(`/api/v1/applications/${app.id}/approve`, {});
    expect(approved.status).toBe(200);
    const page = (await admin.get(`/api/v1/customers/${c.id}`)).body;
    expect(page.member).toMatchObject({ status: 'active', memberNo: expect.any(String) });
    expect(page.customer.memberId).toBe(page.member.id);
    expect((await admin.get(`/api/v1/customers?isMember=true&q=${encodeURIComponent('葛优')}`)).body.total).toBe(1);
    expect((await admin.get(`/api/v1/customers?isMember=false&q=${encodeURIComponent('葛优')}`)).body.total).toBe(0);
    const del = await admin.delete(`/api/v1/customers/${c.id}`, en);
    expect(del.status).toBe(422);
    expect(del.body.error.message).toBe(`Customer #${c.id} is a club member and cannot be deleted; members leave through a leave request`);
  });

  it('a replayed purchase call (same Idempotency-Key) creates one purchase and one application', async () => {
    const c = await newCustomer('何丽娟');
    const body = sale();
    const key = { 'idempotency-key': `purchase-${c.id}` };
    const first = await admin.post(`/api/v1/customers/${c.id}/purchases`, body, key);
    const again = await admin.post(`/api/v1/customers/${c.id}/purchases`, body, key);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const page = (await admin.get(`/api/v1/customers/${c.id}`)).body;
    expect(page.purchases).toHaveLength(1);
    expect(await applicationsOf(first.body.id)).toHaveLength(1);
    expect(page.history.filter((h: { action: string }) => h.action === 'purchase.create')).toHaveLength(1);
  });

  it('refuses a second live sale of the same unit, and bad input, writing nothing', async () => {
    const a = await newCustomer('甲买家');
    const b = await newCustomer('乙买家');
    const body = sale();
    await admin.post(`/api/v1/customers/${a.id}/purchases`, body);
    const twice = await admin.post(`/api/v1/customers/${b.id}/purchases`, body, en);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('UNIT_ALREADY_SOLD');
    expect(twice.body.error.message).toBe(`西溪云庐 ${body.unit} already has a live purchase (customer #${a.id})`);
    const zero = await admin.post(`/api/v1/customers/${b.id}/purchases`, { ...sale(), priceFen: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.error.details[0].field).toBe('priceFen');
    const paidOff = await admin.post(`/api/v1/customers/${b.id}/purchases`, { ...sale(), status: 'paid_off' });
    expect(paidOff.status).toBe(400);
    expect((await admin.get(`/api/v1/customers/${b.id}`)).body.customer.isBuyer).toBe(false);
    const sales = await t.userWithRoles('no_purchase_mgr', ['manager']);
    expect((await sales.post(`/api/v1/customers/${b.id}/purchases`, sale())).status).toBe(403);
  });
});

describe('payments and the "purchase fully paid" event', () => {
  it('adds payments over time, refuses an overpayment with 422, and fires the event once at 100%', async () => {
    const c = await newCustomer('赵敏');
    const p = (await admin.post(`/api/v1/customers/${c.id}/purchases`, sale(100_000_00))).body; // 100,000.00 yuan
    const first = await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 30_000_00, receiptNo: 'R-001', paidAt: '2025-04-01T02:00:00Z' });
    expect(first.status).toBe(200);
    expect(first.body.purchase).toMatchObject({ receivedFen: 30_000_00, status: 'contracted', fullyPaidAt: null });
    expect(first.body.payment).toMatchObject({ amountFen: 30_000_00, receiptNo: 'R-001', paidAt: '2025-04-01T02:00:00.000Z' });

    const over = await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 80_000_00 }, en);
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('PAYMENT_EXCEEDS_PRICE');
    expect(over.body.error.message).toBe('The payment exceeds the price: 30,000.00 received, 80,000.00 now, price 100,000.00 (at most 70,000.00 can still be received)');
    expect((await admin.get(`/api/v1/purchases/${p.id}`)).body.receivedFen).toBe(30_000_00);
    for (const bad of [{ amountFen: 0 }, { amountFen: -5 }, { amountFen: 1.5 }, { amountFen: 100, paidAt: '2999-01-01T00:00:00Z' }]) {
      expect((await admin.post(`/api/v1/purchases/${p.id}/payments`, bad)).status, JSON.stringify(bad)).toBe(400);
    }

    expect((await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 40_000_00 })).body.purchase.status).toBe('contracted');
    expect(await auditOf('purchase.fullyPaid', p.id)).toHaveLength(0);
    const last = await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 30_000_00 });
    expect(last.body.purchase).toMatchObject({ receivedFen: 100_000_00, status: 'paid_off' });
    expect(last.body.purchase.fullyPaidAt).not.toBeNull();
    const fired = await auditOf('purchase.fullyPaid', p.id);
    expect(fired).toHaveLength(1);
    expect(fired[0].changes).toMatchObject({ customerId: c.id, priceFen: 100_000_00, receivedFen: 100_000_00, status: 'paid_off' });

    // nothing more can be paid, repriced or deleted (refunds, voids and cancellation: refunds.test.ts)
    const more = await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 1 }, en);
    expect(more.status).toBe(422);
    expect(more.body.error.message).toBe('This purchase (status: paid off) cannot take payments');
    expect((await admin.patch(`/api/v1/purchases/${p.id}`, { priceFen: 200_000_00 })).status).toBe(422);
    expect((await admin.delete(`/api/v1/purchases/${p.id}`)).status).toBe(422);
    expect(await auditOf('purchase.fullyPaid', p.id)).toHaveLength(1);
    const detail = (await admin.get(`/api/v1/purchases/${p.id}`)).body;
    expect(detail.payments.map((x: { amountFen: number }) => x.amountFen)).toEqual([30_000_00, 40_000_00, 30_000_00]);
  });

  it('a replayed payment (same Idempotency-Key) is counted once', async () => {
    const c = await newCustomer('钱多多');
    const p = (await admin.post(`/api/v1/customers/${c.id}/purchases`, sale(50_000_00))).body;
    const key = { 'idempotency-key': `pay-${p.id}-1` };
    await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 50_000_00 }, key);
    const replay = await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 50_000_00 }, key);
    expect(replay.status).toBe(200);
    const detail = (await admin.get(`/api/v1/purchases/${p.id}`)).body;
    expect(detail.payments).toHaveLength(1);
    expect(detail.receivedFen).toBe(50_000_00);
    expect(await auditOf('purchase.fullyPaid', p.id)).toHaveLength(1);
  });

  it('voids a mistaken payment before full payment; lowering the price to what was received completes the purchase', async () => {
    const c = await newCustomer('孙悦');
    const p = (await admin.post(`/api/v1/customers/${c.id}/purchases`, sale(100_000_00))).body;
    const pay = (await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 60_000_00 })).body.payment;
    const wrong = (await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 5_000_00 })).body.payment;
    const voided = await admin.post(`/api/v1/payments/${wrong.id}/void`, { reason: '重复录入' });
    expect(voided.status).toBe(200);
    expect(voided.body.voidedAt).not.toBeNull();
    expect((await admin.get(`/api/v1/purchases/${p.id}`)).body.receivedFen).toBe(60_000_00);
    expect((await admin.post(`/api/v1/payments/${wrong.id}/void`, { reason: '再来' })).status).toBe(422);

    const below = await admin.patch(`/api/v1/purchases/${p.id}`, { priceFen: 50_000_00 });
    expect(below.status).toBe(400);
    expect(below.body.error.details[0]).toEqual({ field: 'priceFen', issue: '房款不能低于已收金额 60,000.00 元' });
    const discounted = await admin.patch(`/api/v1/purchases/${p.id}`, { priceFen: 60_000_00 });
    expect(discounted.body).toMatchObject({ status: 'paid_off', priceFen: 60_000_00 });
    expect(await auditOf('purchase.fullyPaid', p.id)).toHaveLength(1);
    expect(pay.amountFen).toBe(60_000_00);
  });
});

describe('editing, cancelling and deleting purchases', () => {
  it('moves between subscribed and contracted, cancels for good, and takes no payment once cancelled', async () => {
    const c = await newCustomer('周扬');
    const p = (await admin.post(`/api/v1/customers/${c.id}/purchases`, sale(80_000_00, { status: 'subscribed' }))).body;
    expect(p.status).toBe('subscribed');
    expect((await admin.patch(`/api/v1/purchases/${p.id}`, { status: 'contracted', contractNo: 'HT-9' })).body).toMatchObject({ status: 'contracted', contractNo: 'HT-9' });
    expect((await admin.patch(`/api/v1/purchases/${p.id}`, { status: 'cancelled' })).body.status).toBe('cancelled');
    const back = await admin.patch(`/api/v1/purchases/${p.id}`, { status: 'contracted' });
    expect(back.status).toBe(422);
    expect(back.body.error.message).toBe('购房状态不能从“已退房”改为“签约”');
    expect((await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 100 })).status).toBe(422);
    const audit = await auditOf('purchase.update', p.id);
    expect(audit).toHaveLength(2);
    expect(audit[0].changes).toEqual({ status: { before: 'contracted', after: 'cancelled' } });
    // the unit may now be sold again
    expect((await admin.post(`/api/v1/customers/${c.id}/purchases`, { ...sale(), unit: p.unit })).status).toBe(200);
  });

  it('logical delete and restore keep the buyer flag true exactly while a live purchase exists', async () => {
    const c = await newCustomer('吴桐');
    const p = (await admin.post(`/api/v1/customers/${c.id}/purchases`, sale())).body;
    const del = await admin.delete(`/api/v1/purchases/${p.id}`);
    expect(del.body.deletedAt).not.toBeNull();
    const page = (await admin.get(`/api/v1/customers/${c.id}`)).body;
    expect(page.customer.isBuyer).toBe(false);
    expect(page.purchases[0].deletedAt).not.toBeNull(); // still shown on the page, as deleted
    expect((await admin.get(`/api/v1/purchases?customerId=${c.id}`)).body.total).toBe(0);
    expect((await admin.get(`/api/v1/purchases?customerId=${c.id}&deleted=include`)).body.total).toBe(1);
    expect((await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 100 })).status).toBe(422);
    await admin.post(`/api/v1/purchases/${p.id}/restore`);
    const after = (await admin.get(`/api/v1/customers/${c.id}`)).body;
    expect(after.customer.isBuyer).toBe(true);
    expect(after.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['purchase.delete', 'purchase.restore', 'customer.update']));
  });

  it('the purchase list filters by project, status and fully paid, within the data scope', async () => {
    const xixi = await t.userWithRoles('p_xixi', ['sales'], { department: '西溪案场' });
    const bj = await t.userWithRoles('p_bj', ['sales'], { department: '滨江案场' });
    const cx = await newCustomer('西溪业主', xixi);
    const cb = await newCustomer('滨江业主', bj);
    await xixi.post(`/api/v1/customers/${cx.id}/purchases`, { ...sale(), project: '西溪云庐' });
    const pb = (await bj.post(`/api/v1/customers/${cb.id}/purchases`, { ...sale(1_000_00), project: '滨江壹号' })).body;
    await bj.post(`/api/v1/purchases/${pb.id}/payments`, { amountFen: 1_000_00 });
    const mine = (await xixi.get('/api/v1/purchases')).body;
    expect(mine.items.map((p: { customerName: string }) => p.customerName)).toEqual(['西溪业主']);
    expect((await xixi.get(`/api/v1/purchases/${pb.id}`)).status).toBe(404);
    expect((await xixi.post(`/api/v1/purchases/${pb.id}/payments`, { amountFen: 1 })).status).toBe(404);
    const paid = (await admin.get(`/api/v1/purchases?fullyPaid=true&project=${encodeURIComponent('滨江壹号')}`)).body;
    expect(paid.items.map((p: { id: number }) => p.id)).toEqual([pb.id]);
    expect((await admin.get('/api/v1/purchases?status=paid_off&q=%E6%BB%A8%E6%B1%9F%E4%B8%9A%E4%B8%BB')).body.total).toBe(1);
    const facets = (await bj.get('/api/v1/customers/facets')).body;
    expect(facets.projects).toEqual([{ project: '滨江壹号', count: 1 }]);
  });
});

describeOnPostgres('concurrent payments (PostgreSQL)', () => {
  it('ten payments at once, each a tenth: all counted, the event fires exactly once', async () => {
    const c = await newCustomer('并发一');
    const p = (await admin.post(`/api/v1/customers/${c.id}/purchases`, sale(10_000_00))).body;
    const replies = await Promise.all(Array.from({ length: 10 }, () => admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 1_000_00 })));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    const detail = (await admin.get(`/api/v1/purchases/${p.id}`)).body;
    expect(detail).toMatchObject({ receivedFen: 10_000_00, status: 'paid_off' });
    expect(await auditOf('purchase.fullyPaid', p.id)).toHaveLength(1);
  });

  it('six payments of half the price at once: two succeed, four are refused, the event fires once', async () => {
    const c = await newCustomer('并发二');
    const p = (await admin.post(`/api/v1/customers/${c.id}/purchases`, sale(10_000_00))).body;
    const replies = await Promise.all(Array.from({ length: 6 }, () => admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 5_000_00 })));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(2);
    expect(replies.filter((r) => r.status === 422)).toHaveLength(4);
    const detail = (await admin.get(`/api/v1/purchases/${p.id}`)).body;
    expect(detail.payments).toHaveLength(2);
    expect(detail.receivedFen).toBe(10_000_00);
    expect(await auditOf('purchase.fullyPaid', p.id)).toHaveLength(1);
  });

  it('a void racing the completing payment: both count, and the purchase ends below 100% whichever came first', async () => {
    const c = await newCustomer('并发三');
    const p = (await admin.post(`/api/v1/customers/${c.id}/purchases`, sale(10_000_00))).body;
    const early = (await admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 4_000_00 })).body.payment;
    const [pay, voidReply] = await Promise.all([
      admin.post(`/api/v1/purchases/${p.id}/payments`, { amountFen: 6_000_00 }),
      admin.post(`/api/v1/payments/${early.id}/void`, { reason: '测试' }),
    ]);
    expect(pay.status).toBe(200);
    expect(voidReply.status).toBe(200);
    const detail = (await admin.get(`/api/v1/purchases/${p.id}`)).body;
    expect(detail).toMatchObject({ receivedFen: 6_000_00, status: 'contracted', fullyPaidAt: null });
    // the payment first: the event fired and the void undid it; the void first: neither happened
    const fired = await auditOf('purchase.fullyPaid', p.id);
    expect(fired.length).toBeLessThanOrEqual(1);
    expect(await auditOf('purchase.unpaid', p.id)).toHaveLength(fired.length);
  });
});
