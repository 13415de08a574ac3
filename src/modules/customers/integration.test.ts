// The sales system (营销系统) API: idempotent upserts keyed by the sender's ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../db/index.ts';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { describeOnPostgres } from '../../../test/helpers/db.ts';
import { residentId } from '../../../test/helpers/people.ts';

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
afterAll(async () => { await t?.close(); });

const count = async (query: ReturnType<typeof sql>) => (await rows<{ n: number }>(t.db.db, query))[0].n;
const audits = async (action: string) => (await admin.get(`/api/v1/audit?action=${action}&pageSize=1`)).body.total as number;

describe('sent twice → one customer, one purchase, one payment, one application', () => {
  it('the same three calls twice change nothing the second time', async () => {
    await t.userWithRoles('gu_wei', ['sales'], { department: '滨江案场' });
    const customer = { externalId: 'C-1001', name: '顾伟', idNumber: residentId('19791111', 301).toLowerCase(), mobile: '+86 13812340001', ownerLogin: 'GU_WEI', department: '滨江案场' };
    const purchase = { externalId: 'P-5001', customerExternalId: 'C-1001', project: '滨江壹号', unit: '2-1801', contractNo: 'BJ-2025-0001', priceFen: 500_000_00 };
    const payment = { externalId: 'F-9001', purchaseExternalId: 'P-5001', amountFen: 150_000_00, paidAt: '2025-05-01T08:00:00+08:00', receiptNo: 'SJ-1' };

    const before = { create: await audits('customer.create'), update: await audits('customer.update'), purchase: await audits('purchase.create'), pay: await audits('payment.add') };
    const c1 = await sales('customers', customer);
    expect(c1.status).toBe(200);
    expect(c1.body).toMatchObject({ created: true, changed: true });
    expect(c1.body.record).toMatchObject({ name: '顾伟', mobile: '13812340001', source: 'sales_system', externalSystem: 'sales_system', externalId: 'C-1001', department: '滨江案场' });
    const p1 = await sales('purchases', purchase);
    expect(p1.body).toMatchObject({ created: true, record: { customerId: c1.body.id, status: 'contracted' } });
    const f1 = await sales('payments', payment);
    expect(f1.body).toMatchObject({ created: true, record: { amountFen: 150_000_00 }, purchase: { receivedFen: 150_000_00 } });

    const c2 = await sales('customers', customer);
    const p2 = await sales('purchases', purchase);
    const f2 = await sales('payments', payment);
    expect(c2.body).toMatchObject({ id: c1.body.id, created: false, changed: false });
    expect(p2.body).toMatchObject({ id: p1.body.id, created: false, changed: false });
    expect(f2.body).toMatchObject({ id: f1.body.id, created: false, changed: false, purchase: { receivedFen: 150_000_00 } });

    expect(await count(sql`SELECT count(*)::int AS n FROM customers WHERE external_id = 'C-1001'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM purchases WHERE external_id = 'P-5001'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM payments WHERE external_id = 'F-9001'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM applications WHERE purchase_id = ${p1.body.id} AND method = 'automatic'`)).toBe(1);
    // one line each in the audit log, nothing for the repeats
    expect(await audits('customer.create')).toBe(before.create + 1);
    expect(await audits('purchase.create')).toBe(before.purchase + 1);
    expect(await audits('payment.add')).toBe(before.pay + 1);
    // the buyer flag was the only customer change (made by the purchase), once
    expect(await audits('customer.update')).toBe(before.update + 1);

    // the owner named by login, and the department decides who sees the record
    const page = (await admin.get(`/api/v1/customers/${c1.body.id}`)).body;
    expect(page.customer).toMatchObject({ ownerName: 'gu_wei', isBuyer: true });
    const xixi = await t.userWithRoles('int_xixi', ['sales'], { department: '西溪案场' });
    expect((await xixi.get(`/api/v1/customers/${c1.body.id}`)).status).toBe(404);
  });

  it('a changed field is updated and audited once; fields left out stay', async () => {
    await sales('customers', { externalId: 'C-1002', name: '冯雪', mobile: '13812340002', address: '滨江区' });
    const changed = await sales('customers', { externalId: 'C-1002', name: '冯雪', mobile: '13812340022' });
    expect(changed.body).toMatchObject({ created: false, changed: true, record: { mobile: '13812340022', address: '滨江区' } });
    const audit = (await admin.get(`/api/v1/audit?action=customer.update&entityId=${changed.body.id}`)).body;
    expect(audit.items[0].changes).toEqual({ mobile: { before: '13812340002', after: '13812340022' } });
  });

  it('links a person already typed in (same ID number) instead of doubling them', async () => {
    const id = residentId('19860606', 302);
    const typed = (await admin.post('/api/v1/customers', { name: '韩梅', idNumber: id })).body;
    const r = await sales('customers', { externalId: 'C-1003', name: '韩梅', idNumber: id, mobile: '13812340003' });
    expect(r.body).toMatchObject({ id: typed.id, created: false, record: { externalId: 'C-1003', mobile: '13812340003' } });
    expect((await admin.get(`/api/v1/customers?idNumber=${id}`)).body.total).toBe(1);
    // the sales system's duplicate of the same person is refused, so it can be fixed there
    const dup = await sales('customers', { externalId: 'C-1099', name: '韩梅', idNumber: id });
    expect(dup.status).toBe(409);
  });

  it('payments up to 100% fire the fully-paid event once, even when the last payment is sent again', async () => {
    await sales('customers', { externalId: 'C-1004', name: '卫东' });
    await sales('purchases', { externalId: 'P-5004', customerExternalId: 'C-1004', project: '滨江壹号', unit: '5-601', priceFen: 100_000_00 });
    await sales('payments', { externalId: 'F-9041', purchaseExternalId: 'P-5004', amountFen: 40_000_00, paidAt: '2025-05-01T00:00:00Z' });
    const last = { externalId: 'F-9042', purchaseExternalId: 'P-5004', amountFen: 60_000_00, paidAt: '2025-06-01T00:00:00Z' };
    const done = await sales('payments', last);
    expect(done.body.purchase).toMatchObject({ status: 'paid_off', receivedFen: 100_000_00 });
    const again = await sales('payments', last);
    expect(again.body).toMatchObject({ created: false, changed: false });
    const p = done.body.purchase.id;
    expect((await admin.get(`/api/v1/audit?action=purchase.fullyPaid&entityType=purchase&entityId=${p}`)).body.total).toBe(1);
    // the same id with another amount is refused, not booked
    const other = await sales('payments', { ...last, amountFen: 1 }, { 'accept-language': 'en' });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toBe('Payment F-9042 was recorded as 60,000.00; it cannot change its amount or purchase');
  });

  it('an updated purchase (status, price) is applied once; a repeat changes nothing', async () => {
    await sales('customers', { externalId: 'C-1005', name: '蒋琳' });
    const body = { externalId: 'P-5005', customerExternalId: 'C-1005', project: '滨江壹号', unit: '7-702', priceFen: 300_000_00, status: 'subscribed' };
    await sales('purchases', body);
    const signed = await sales('purchases', { ...body, status: 'contracted', contractNo: 'BJ-7702' });
    expect(signed.body).toMatchObject({ changed: true, record: { status: 'contracted', contractNo: 'BJ-7702' } });
    const again = await sales('purchases', { ...body, status: 'contracted', contractNo: 'BJ-7702' });
    expect(again.body.changed).toBe(false);
    expect((await admin.get(`/api/v1/audit?action=purchase.update&entityType=purchase&entityId=${signed.body.id}`)).body.total).toBe(1);
  });
});

describe('refusals', () => {
  it('unknown references and bad fields are 4xx naming the field, and write nothing', async () => {
    const before = await count(sql`SELECT count(*)::int AS n FROM purchases`);
    const unknown = await sales('purchases', { externalId: 'P-X', customerExternalId: 'NOPE', project: '滨江壹号', unit: '1-1', priceFen: 100 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ field: 'customerExternalId', issue: '营销系统中没有已同步的此编号：NOPE' }]);
    const badPay = await sales('payments', { externalId: 'F-X', purchaseExternalId: 'NOPE', amountFen: 100, paidAt: '2025-01-01T00:00:00Z' });
    expect(badPay.body.error.details[0].field).toBe('purchaseExternalId');
    const badId = await sales('customers', { externalId: 'C-X', name: '错号', idNumber: '330106199003071230' }, { 'accept-language': 'en' });
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0]).toEqual({ field: 'idNumber', issue: 'has a wrong check digit' });
    const owner = await sales('customers', { externalId: 'C-Y', name: '无主', ownerLogin: 'nobody' });
    expect(owner.body.error.details).toEqual([{ field: 'ownerLogin', issue: '没有这个在职用户：nobody' }]);
    expect(await count(sql`SELECT count(*)::int AS n FROM purchases`)).toBe(before);
    expect(await count(sql`SELECT count(*)::int AS n FROM customers WHERE external_id IN ('C-X', 'C-Y')`)).toBe(0);
  });

  it('needs the integration.sales permission', async () => {
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const token = (await admin.post('/api/v1/api-tokens', { name: '报表', roleId: roles.find((r) => r.code === 'manager')!.id })).body.token;
    const r = await t.anonymous.post('/api/v1/integration/sales/customers', { externalId: 'C-Z', name: '无权' }, { authorization: `Bearer ${token}` });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('integration.sales');
  });
});

describeOnPostgres('retries racing their originals (PostgreSQL)', () => {
  it('five identical calls at once → one customer, one purchase, one payment, one application', async () => {
    const customer = { externalId: 'C-2001', name: '并发客户', idNumber: residentId('19900909', 401) };
    const purchase = { externalId: 'P-6001', customerExternalId: 'C-2001', project: '滨江壹号', unit: '9-901', priceFen: 100_000_00 };
    const payment = { externalId: 'F-7001', purchaseExternalId: 'P-6001', amountFen: 100_000_00, paidAt: '2025-07-01T00:00:00Z' };
    for (const [url, body] of [['customers', customer], ['purchases', purchase], ['payments', payment]] as const) {
      const replies = await Promise.all(Array.from({ length: 5 }, () => sales(url, body)));
      expect(replies.map((r) => r.status), url).toEqual(Array(5).fill(200));
      expect(replies.filter((r) => r.body.created), url).toHaveLength(1);
    }
    expect(await count(sql`SELECT count(*)::int AS n FROM customers WHERE external_id = 'C-2001'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM purchases WHERE external_id = 'P-6001'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM payments WHERE external_id = 'F-7001'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM applications a JOIN purchases p ON p.id = a.purchase_id WHERE p.external_id = 'P-6001'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'purchase.fullyPaid' AND entity_id = (SELECT id::text FROM purchases WHERE external_id = 'P-6001')`)).toBe(1);
  });
});
