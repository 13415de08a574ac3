import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { adminPassword } from '../../../test/helpers/db.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

describe('sign-in', () => {
  it('signs the administrator in with a httpOnly, SameSite=Lax session cookie and reports permissions', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: 'admin', password: adminPassword } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const body = res.json();
    expect(body.user.login).toBe('admin');
    expect(body.permissions).toContain('user.manage');
    expect(body.dataScope).toBe('all');
  });

  it('refuses unauthenticated requests with 401 in the error format, zh-CN by default', async () => {
    const res = await t.anonymous.get('/api/v1/users');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(res.body.error.message).toBe('请先登录');
    const en = await t.anonymous.get('/api/v1/users', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.body.error.message).toBe('Please sign in');
  });

  it('locks an account after 5 wrong passwords: the 6th attempt with the right one is refused, and the lock is audited', async () => {
    const admin = await t.signIn();
    await admin.post('/api/v1/users', { login: 'locky', name: '锁定测试', password: 'Right-pass-1' });
    for (let i = 1; i <= 5; i++) {
      const r = await t.anonymous.post('/api/v1/auth/sign-in', { login: 'locky', password: 'wrong-pass-' + i });
      expect(r.status).toBe(i < 5 ? 401 : 423);
    }
    const sixth = await t.anonymous.post('/api/v1/auth/sign-in', { login: 'locky', password: 'Right-pass-1' }, { 'accept-language': 'en' });
    expect(sixth.status).toBe(423);
    expect(sixth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(sixth.body.error.message).toContain('locked');
    const audit = await admin.get('/api/v1/audit?action=auth.locked');
    expect(audit.body.total).toBe(1);
    expect(audit.body.items[0].changes).toMatchObject({ login: 'locky', attempts: 5 });
    // an administrator unlocks it; the right password works again
    const users = await admin.get('/api/v1/users?search=locky');
    expect(users.body.items[0].locked).toBe(true);
    await admin.post(`/api/v1/users/${users.body.items[0].id}/unlock`);
    expect((await t.anonymous.post('/api/v1/auth/sign-in', { login: 'locky', password: 'Right-pass-1' })).status).toBe(200);
  });

  it('lockout holds under parallel wrong attempts', async () => {
    const admin = await t.signIn();
    await admin.post('/api/v1/users', { login: 'rushed', name: '并发', password: 'Right-pass-1' });
    await Promise.all(Array.from({ length: 12 }, (_, i) => t.anonymous.post('/api/v1/auth/sign-in', { login: 'rushed', password: 'bad' + i })));
    const r = await t.anonymous.post('/api/v1/auth/sign-in', { login: 'rushed', password: 'Right-pass-1' });
    expect(r.status).toBe(423);
  });

  it('signs out: the cookie stops working', async () => {
    const s = await t.signIn();
    expect((await s.get('/api/v1/auth/me')).status).toBe(200);
    await s.post('/api/v1/auth/sign-out');
    expect((await s.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('changes a password: wrong current password is a 400 naming the field; then the new one signs in', async () => {
    const admin = await t.signIn();
    await admin.post('/api/v1/users', { login: 'changer', name: '改密', password: 'First-pass-1' });
    const s = await t.signIn('changer', 'First-pass-1');
    const bad = await s.post('/api/v1/auth/password', { currentPassword: 'nope', newPassword: 'Second-pass-2' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('currentPassword');
    const weak = await s.post('/api/v1/auth/password', { currentPassword: 'First-pass-1', newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toContain('新密码');
    expect((await s.post('/api/v1/auth/password', { currentPassword: 'First-pass-1', newPassword: 'Second-pass-2' })).status).toBe(200);
    await expect(t.signIn('changer', 'First-pass-1')).rejects.toThrow();
    await t.signIn('changer', 'Second-pass-2');
  });
});

describe('permissions and validation', () => {
  it('gives 403 in the error format to a role without the permission, and changes nothing', async () => {
    const sales = await t.userWithRoles('sales1', ['sales'], { department: '滨江案场' });
    const before = (await (await t.signIn()).get('/api/v1/users')).body.total;
    const res = await sales.post('/api/v1/users', { login: 'intruder', name: 'x', password: 'Passw0rd-1' });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: [] });
    expect(res.body.error.message).toContain('user.manage');
    expect((await (await t.signIn()).get('/api/v1/users')).body.total).toBe(before);
  });

  it('answers a malformed body with 400 naming the field, zh-CN by default and en on request, changing nothing', async () => {
    const admin = await t.signIn();
    const before = (await admin.get('/api/v1/users')).body.total;
    const zh = await admin.post('/api/v1/users', { login: 'ok_login', name: '', password: 'Passw0rd-1', email: 'not-an-email' });
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    expect(zh.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'name']);
    expect(zh.body.error.message).toMatch(/^请求有误：/);
    expect(zh.body.error.message).toContain('电子邮箱（email）');
    const en = await admin.post('/api/v1/users', { login: 'ok_login', password: 'Passw0rd-1' }, { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('Invalid request: name (name) is required');
    const badJson = await t.app.inject({ method: 'POST', url: '/api/v1/users', payload: '{"login":', headers: { 'content-type': 'application/json', cookie: `clubcrm_session=${admin.cookie}` } });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.message).toBe('请求体不是有效的 JSON');
    expect((await admin.get('/api/v1/users')).body.total).toBe(before);
  });

  it('API tokens act with their role and stop at once when revoked', async () => {
    const admin = await t.signIn();
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const managerRole = roles.find((r) => r.code === 'manager')!;
    const tok = await admin.post('/api/v1/api-tokens', { name: 'reports', roleId: managerRole.id });
    expect(tok.body.token).toMatch(/^ccrm_/);
    const bearer = { authorization: `Bearer ${tok.body.token}` };
    expect((await t.anonymous.get('/api/v1/audit', bearer)).status).toBe(200);
    expect((await t.anonymous.get('/api/v1/users', bearer)).status).toBe(403);
    await admin.delete(`/api/v1/api-tokens/${tok.body.id}`);
    const after = await t.anonymous.get('/api/v1/audit', bearer);
    expect(after.status).toBe(401);
    expect(after.body.error.message).toBe('API 令牌无效或已吊销');
  });

  it('custom roles: unknown permissions are refused, built-in roles cannot be deleted', async () => {
    const admin = await t.signIn();
    const bad = await admin.post('/api/v1/roles', { code: 'auditor', nameZh: '审计', nameEn: 'Auditor', permissions: ['audit.read', 'nuke.all'], dataScope: 'all' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('permissions.1');
    const ok = await admin.post('/api/v1/roles', { code: 'auditor', nameZh: '审计', nameEn: 'Auditor', permissions: ['audit.read'], dataScope: 'all' });
    expect(ok.status).toBe(200);
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const del = await admin.delete(`/api/v1/roles/${roles.find((r) => r.code === 'admin')!.id}`);
    expect(del.status).toBe(422);
    expect((await admin.delete(`/api/v1/roles/${ok.body.id}`)).status).toBe(200);
  });
});
