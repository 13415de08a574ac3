import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { normaliseMobile, residentIdProblem } from '../modules/customers/identity.ts';
import { demoStaff, describeDemoData, loadDemoData, type DemoDataResult } from './demo-data.ts';

let t: TestApp;
let first: DemoDataResult;
beforeAll(async () => {
  t = await startTestApp();
  first = await loadDemoData(t.db, t.config, { customers: 120, seed: 11, withoutClub: true });
});
afterAll(async () => { await t?.close(); });

describe('demo data', () => {
  it('creates the staff of 客服中心, 滨江案场 and 西溪案场 with the built-in roles; they sign in with the reported password', async () => {
    expect(first.staff.every((s) => s.created)).toBe(true);
    expect(first.staffPassword).toMatch(/^(?=.*\d)(?=.*[A-Za-z]).{8,}$/);
    const admin = await t.signIn();
    const users = (await admin.get('/api/v1/users?pageSize=100')).body.items as { login: string; name: string; department: string; roles: { code: string }[] }[];
    const byDepartment = (d: string) => users.filter((u) => u.department === d).map((u) => u.name).sort();
    expect(byDepartment('客服中心')).toEqual(['周静', '徐建国', '王丽', '陈敏'].sort());
    expect(byDepartment('滨江案场')).toEqual(['刘强', '杨帆', '黄磊'].sort());
    expect(byDepartment('西溪案场')).toEqual(['孙浩', '朱红', '赵燕'].sort());
    const roles = (login: string) => users.find((u) => u.login === login)!.roles.map((r) => r.code).sort();
    expect(roles('wangli')).toEqual(['service']);
    expect(roles('liuqiang')).toEqual(['sales']);
    expect(roles('zhuhong')).toEqual(['manager', 'sales']);

    const sales = await t.signIn('liuqiang', first.staffPassword!);
    const me = (await sales.get('/api/v1/auth/me')).body;
    expect(me).toMatchObject({ user: { name: '刘强', department: '滨江案场' }, dataScope: 'department' });
    const service = await t.signIn('wangli', first.staffPassword!);
    expect((await service.get('/api/v1/users')).status).toBe(403);
  });

  it('audits the staff it creates as the demo-data loader', async () => {
    const admin = await t.signIn();
    const audit = (await admin.get('/api/v1/audit?action=user.create&actorName=demo-data&pageSize=100')).body;
    expect(audit.total).toBe(demoStaff.length);
    expect(audit.items[0]).toMatchObject({ actorKind: 'system' });
  });

  it('generates customers that pass the customers module’s own checks of ID numbers and mobiles', () => {
    expect(first.people).toHaveLength(120);
    for (const p of first.people) {
      expect(residentIdProblem(p.idNumber), p.idNumber).toBeNull();
      expect(normaliseMobile(p.mobile)).toBe(p.mobile);
    }
  });

  it('stores the people as customers of their department, owned by its staff, with purchases', async () => {
    expect(first.customersCreated).toBe(120);
    const admin = await t.signIn();
    const all = (await admin.get('/api/v1/customers?pageSize=500')).body;
    expect(all.total).toBe(120);
    const bySource = (s: string) => first.people.filter((p) => p.source === s).length;
    expect((await admin.get('/api/v1/customers?source=property_import&pageSize=1')).body.total).toBe(bySource('property_import'));
    // ID numbers stored encrypted, found by their hash, shown masked
    const someone = first.people[0];
    const found = (await admin.get(`/api/v1/customers?idNumber=${someone.idNumber}`)).body.items;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ name: someone.name, mobile: someone.mobile, department: someone.department, idNumber: `${someone.idNumber.slice(0, 4)}**********${someone.idNumber.slice(14)}` });
    // a sales user sees only the customers of their sales office
    const sales = await t.signIn('liuqiang', first.staffPassword!);
    const mine = (await sales.get('/api/v1/customers?pageSize=500')).body;
    expect(mine.total).toBe(first.people.filter((p) => p.department === '滨江案场').length);
    expect(mine.items.every((c: { department: string; ownerName: string }) => c.department === '滨江案场' && ['刘强', '杨帆', '黄磊'].includes(c.ownerName))).toBe(true);

    // old-project owners hold their imported unit; some sales-system people bought, some paid in full
    const purchases = (await admin.get('/api/v1/purchases?pageSize=500')).body.items as { origin: string; status: string; project: string; fullyPaidAt: string | null; customerId: number }[];
    expect(purchases).toHaveLength(first.purchasesCreated);
    expect(purchases.filter((p) => p.origin === 'property_import')).toHaveLength(bySource('property_import'));
    const sales_ = purchases.filter((p) => p.origin === 'sale');
    expect(sales_.length).toBeGreaterThan(0);
    expect(sales_.every((p) => ['滨江壹号', '西溪云庐'].includes(p.project))).toBe(true);
    expect(sales_.filter((p) => p.fullyPaidAt)).toHaveLength(first.fullyPaid);
    expect((await admin.get('/api/v1/audit?action=purchase.fullyPaid&pageSize=1')).body.total).toBe(first.fullyPaid);
    expect((await admin.get(`/api/v1/customers/${sales_[0].customerId}`)).body.customer.isBuyer).toBe(true);
    expect(describeDemoData(first)).toContain(`Demo customers: 120 generated, 120 stored; ${first.purchasesCreated} purchases (${first.fullyPaid} fully paid).`);
  });

  it('leaves existing staff alone when run again, and reports no new password', async () => {
    const again = await loadDemoData(t.db, t.config, { customers: 3, seed: 11, withoutClub: true });
    expect(again.staff.every((s) => !s.created)).toBe(true);
    expect(again.staff.map((s) => s.id)).toEqual(first.staff.map((s) => s.id));
    expect(again.staffPassword).toBeNull();
    expect(again.people).toEqual(first.people.slice(0, 3));
    expect(again.customersCreated).toBe(0); // the same people are not stored twice
    await t.signIn('chenmin', first.staffPassword!);
    const text = describeDemoData(again);
    expect(text).toContain('chenmin');
    expect(text).toContain('(already there, unchanged)');
    expect(text).not.toContain('Password');
  });

  it('refuses a weak staff password without creating anyone', async () => {
    const other = await startTestApp();
    try {
      await expect(loadDemoData(other.db, other.config, { customers: 0, staffPassword: 'short' })).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      const admin = await other.signIn();
      expect((await admin.get('/api/v1/users')).body.total).toBe(1);
    } finally {
      await other.close();
    }
  });
});
