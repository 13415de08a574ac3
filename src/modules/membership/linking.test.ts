// Data linking (数据关联, SPEC §2.1): non-buyer, old-project owner, buyer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { apply, customerByIdNumber, importOwners, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';

let t: TestApp;
let st: Staff;
beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
});
afterAll(async () => { await t?.close(); });

const approve = async (applicationId: number, body: Record<string, unknown> = {}) => {
  const r = await st.manager.post(`/api/v1/applications/${applicationId}/approve`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const customer = async (id: number) => (await st.service.get(`/api/v1/customers/${id}`)).body;

describe('data linking', () => {
  it('a non-buyer: the customer record is marked as the member', async () => {
    const id = nextId();
    const c = await st.service.post('/api/v1/customers', { name: '林静', idNumber: id, mobile: '13611110001' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const a = await apply(st.service, { name: '林静', idNumber: id, mobile: '13611110001' });
    expect(a.body.application.customerId).toBe(c.body.id);
    const r = await approve(a.body.application.id);
    expect(r.linking).toEqual([{ applicationId: a.body.application.id, case: 'non_buyer', linkedPurchaseId: null, purchaseIds: [], mergedCustomerId: null }]);
    expect((await customer(c.body.id)).memberId).toBe(r.member.id);
    const page = (await st.manager.get(`/api/v1/members/${r.member.id}`)).body;
    expect(page.member.customerId).toBe(c.body.id);
    expect(page.history.find((e: { kind: string }) => e.kind === 'linked')).toMatchObject({ field: 'non_buyer' });
  });

  it('an old-project owner: the purchase of the project chosen at application is linked', async () => {
    const id = nextId();
    await importOwners(st.service, [
      { name: '罗平', idNumber: id, project: '翡翠城', unit: '12-302', mobile: '13622220001' },
      { name: '罗平', idNumber: id, project: '金色海岸', unit: '3-101' },
    ]);
    const [c] = await customerByIdNumber(st.service, id);
    const purchases = (await customer(c.id)).purchases as { id: number; project: string; origin: string }[];
    expect(purchases.map((p) => [p.project, p.origin]).sort()).toEqual([['翡翠城', 'property_import'], ['金色海岸', 'property_import']]);

    // a project the owner has no purchase in: refused at once, clearly
    const wrong = await st.service.post('/api/v1/applications', { name: '罗平', idNumber: id, channel: 'service_center', subChannel: 'property', project: '西溪湿地' }, { 'accept-language': 'en' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('PURCHASE_NOT_FOUND');
    expect(wrong.body.error.message).toContain('西溪湿地');

    const a = await apply(st.service, { name: '罗平', idNumber: id, subChannel: 'property', project: '翡翠城' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.application).toMatchObject({ customerId: c.id, project: '翡翠城' });
    const r = await approve(a.body.application.id);
    const chosen = purchases.find((p) => p.project === '翡翠城')!;
    expect(r.linking[0]).toMatchObject({ case: 'old_owner', linkedPurchaseId: chosen.id });
    const page = (await st.manager.get(`/api/v1/members/${r.member.id}`)).body;
    expect(page.applications[0]).toMatchObject({ id: a.body.application.id, linkedPurchaseId: chosen.id });
    expect(page.history.find((e: { kind: string }) => e.kind === 'linked')).toMatchObject({ field: 'old_owner', refType: 'purchase', refId: chosen.id });
    expect((await customer(c.id)).memberId).toBe(r.member.id);
  });

  it('an old-project owner must be a registered customer', async () => {
    const r = await apply(st.service, { name: '不在册', idNumber: nextId(), subChannel: 'property', project: '翡翠城' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('PROJECT_NEEDS_CUSTOMER');
    expect(r.body.error.message).toContain('物业导入');
  });

  it('a buyer: marked as member and keeps every purchase record', async () => {
    const id = nextId();
    const c = await st.service.post('/api/v1/customers', { name: '程实', idNumber: id, mobile: '13633330001', source: 'sales_system' });
    const p1 = await st.service.post(`/api/v1/customers/${c.body.id}/purchases`, { project: '滨江壹号', unit: '1-1801', priceFen: 420_000_000 });
    const p2 = await st.service.post(`/api/v1/customers/${c.body.id}/purchases`, { project: '滨江壹号', unit: 'B2-066', priceFen: 30_000_000 });
    expect([p1.status, p2.status]).toEqual([200, 200]);
    const autos = ((await st.manager.get('/api/v1/applications?status=pending&method=automatic&pageSize=100')).body.items as { id: number; purchaseId: number }[])
      .filter((a) => a.purchaseId === p1.body.id || a.purchaseId === p2.body.id);
    expect(autos).toHaveLength(2);
    // the reviewer folds the second automatic application into the first
    const first = autos.find((a) => a.purchaseId === p1.body.id)!;
    const second = autos.find((a) => a.purchaseId === p2.body.id)!;
    const cands = (await st.manager.get(`/api/v1/applications/${first.id}/candidates`)).body;
    expect(cands.applications.find((x: { id: number }) => x.id === second.id).reasons).toEqual(expect.arrayContaining(['idNumber=', 'mobile=']));
    const r = await approve(first.id, { pendingIds: [second.id], final: { mobile: '13633330001' } });
    expect(r.outcome).toBe('merged_new_member');
    expect(r.linking.map((l: { case: string; linkedPurchaseId: number }) => [l.case, l.linkedPurchaseId])).toEqual([['buyer', p1.body.id], ['buyer', p2.body.id]]);
    expect(r.linking[0].purchaseIds.sort()).toEqual([p1.body.id, p2.body.id].sort());
    const page = (await st.manager.get(`/api/v1/members/${r.member.id}`)).body;
    expect(page.member.customerId).toBe(c.body.id);
    expect(page.purchases.map((p: { id: number }) => p.id).sort()).toEqual([p1.body.id, p2.body.id].sort());
    expect((await customer(c.body.id)).memberId).toBe(r.member.id);
  });
});
