import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { normaliseMobile, residentIdProblem } from '../modules/customers/identity.ts';
import { demoStaff, describeDemoData, loadDemoData, type DemoDataResult } from './demo-data.ts';

let t: TestApp;
let first: DemoDataResult;
beforeAll(async () => {
  t = await startTestApp();
  first = await loadDemoData(t.db, t.config, { customers: 120, seed: 11 });
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

  it('leaves existing staff alone when run again, and reports no new password', async () => {
    const again = await loadDemoData(t.db, t.config, { customers: 3, seed: 11 });
    expect(again.staff.every((s) => !s.created)).toBe(true);
    expect(again.staff.map((s) => s.id)).toEqual(first.staff.map((s) => s.id));
    expect(again.staffPassword).toBeNull();
    expect(again.people).toEqual(first.people.slice(0, 3));
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
