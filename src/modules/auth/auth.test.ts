import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { adminPassword } from '../../../test/helpers/db.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

interface Answer { status: number; body: any; retryAfter?: string; cookie?: string }
/** Signs in from a given client address (in-process requests come from 127.0.0.1 otherwise). */
async function signInFrom(address: string, login: string, password: string, lang?: string): Promise<Answer> {
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, password }, remoteAddress: address,
    headers: lang ? { 'accept-language': lang } : {},
  });
  return {
    status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] as string | undefined,
    cookie: res.cookies.find((c) => c.name === 'clubcrm_session')?.value,
  };
}
/** The error part of a refusal, for comparing refusals with each other. */
const refusal = (a: Answer) => ({ status: a.status, code: a.body.error?.code, message: a.body.error?.message, details: a.body.error?.details });

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

  it('locks an account after 5 wrong passwords: the 6th attempt from that address, even with the right password, waits (429), and the lock is audited', async () => {
    const admin = await t.signIn();
    await admin.post('/api/v1/users', { login: 'locky', name: '锁定测试', password: 'Right-pass-1' });
    for (let i = 1; i <= 5; i++) {
      const r = await t.anonymous.post('/api/v1/auth/sign-in', { login: 'locky', password: 'wrong-pass-' + i });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('BAD_CREDENTIALS');
    }
    const sixth = await t.anonymous.post('/api/v1/auth/sign-in', { login: 'locky', password: 'Right-pass-1' }, { 'accept-language': 'en' });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many failed sign-ins; try again in 15 minutes' });
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
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
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('RATE_LIMITED');
    const [u] = (await admin.get('/api/v1/users?search=rushed')).body.items;
    expect(u).toMatchObject({ locked: true, failedAttempts: 5 });
  });

  it("tells the console the company's time zone with the signed-in user", async () => {
    const s = await t.signIn();
    expect((await s.get('/api/v1/auth/me')).body).toMatchObject({ user: { login: 'admin' }, timeZone: 'Asia/Shanghai' });
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
    expect(weak.body.error.message).toBe('请求有误：新密码（newPassword）：至少需要 10 个字符');
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

describe('changing one\'s own password', () => {
  it('an API token cannot change any password, not even with the right current one (403 SESSION_REQUIRED), and nothing changes', async () => {
    const admin = await t.signIn();
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const tok = await admin.post('/api/v1/api-tokens', { name: 'website', roleId: roles.find((r) => r.code === 'admin')!.id });
    const bearer = { authorization: `Bearer ${tok.body.token}` };
    // a token's id is not a user's id: the token must not reach user #id's password (#1 is the administrator)
    const users = (await admin.get('/api/v1/users?pageSize=500')).body.items as { id: number; login: string }[];
    const namesake = users.find((u) => u.id === tok.body.id);
    for (const currentPassword of [adminPassword, 'Guess-pass-1']) {
      const r = await t.anonymous.post('/api/v1/auth/password', { currentPassword, newPassword: 'Taken-over-2024' }, bearer);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('SESSION_REQUIRED');
      expect(r.body.error.message).toBe('只有登录控制台的用户本人才能修改自己的密码（API 令牌不能修改密码）');
    }
    await t.signIn(); // the administrator's password is unchanged
    if (namesake) expect((await admin.get(`/api/v1/users/${namesake.id}`)).body.failedAttempts).toBe(0);
    await expect(t.signIn('admin', 'Taken-over-2024')).rejects.toThrow();
  });

  it('wrong current passwords count towards the lockout: after 5, even the right one waits (429), and signing in from that address too', async () => {
    const admin = await t.signIn();
    const created = await admin.post('/api/v1/users', { login: 'guessed', name: '被猜密码', password: 'Guessed-pass-1' });
    const s = await t.signIn('guessed', 'Guessed-pass-1');
    for (let i = 1; i <= 5; i++) {
      const r = await s.post('/api/v1/auth/password', { currentPassword: `Guess-${i}-pass`, newPassword: 'Brand-new-pass-7' });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].field).toBe('currentPassword');
    }
    const right = await s.post('/api/v1/auth/password', { currentPassword: 'Guessed-pass-1', newPassword: 'Brand-new-pass-7' }, { 'accept-language': 'en' });
    expect(right.status).toBe(429);
    expect(right.body.error).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many failed sign-ins; try again in 15 minutes' });
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect((await admin.get(`/api/v1/users/${created.body.id}`)).body).toMatchObject({ locked: true, failedAttempts: 5 });
    expect((await t.anonymous.post('/api/v1/auth/sign-in', { login: 'guessed', password: 'Guessed-pass-1' })).status).toBe(429);
    await expect(t.signIn('guessed', 'Brand-new-pass-7')).rejects.toThrow(); // the password did not change
    const audit = await admin.get(`/api/v1/audit?action=auth.locked&entityId=${created.body.id}`);
    expect(audit.body.total).toBe(1);
  });

  it('a password change ends the user\'s other sessions and keeps the one that made it; a reset ends them all', async () => {
    const admin = await t.signIn();
    const created = await admin.post('/api/v1/users', { login: 'twodesks', name: '两台电脑', password: 'Desk-one-pass-1' });
    const here = await t.signIn('twodesks', 'Desk-one-pass-1');
    const there = await t.signIn('twodesks', 'Desk-one-pass-1');
    expect((await here.post('/api/v1/auth/password', { currentPassword: 'Desk-one-pass-1', newPassword: 'Desk-two-pass-2' })).status).toBe(200);
    expect((await here.get('/api/v1/auth/me')).status).toBe(200);
    const ended = await there.get('/api/v1/auth/me');
    expect(ended.status).toBe(401);
    expect(ended.body.error.code).toBe('UNAUTHENTICATED');
    const later = await t.signIn('twodesks', 'Desk-two-pass-2');
    expect((await admin.post(`/api/v1/users/${created.body.id}/reset-password`, { password: 'Desk-three-pass-3' })).status).toBe(200);
    for (const s of [here, later]) expect((await s.get('/api/v1/auth/me')).status).toBe(401);
    await t.signIn('twodesks', 'Desk-three-pass-3');
  });
});

describe('sign-in abuse', () => {
  it('answers an unknown login, a wrong password, a locked and a deactivated account alike until the password is right', async () => {
    const admin = await t.signIn();
    await admin.post('/api/v1/users', { login: 'present', name: '在职', password: 'Present-pass-1' });
    const gone = await admin.post('/api/v1/users', { login: 'departed', name: '离职', password: 'Departed-pass-1' });
    await admin.patch(`/api/v1/users/${gone.body.id}`, { active: false });
    await admin.post('/api/v1/users', { login: 'besieged', name: '被锁', password: 'Besieged-pass-1' });
    for (let i = 0; i < 5; i++) expect((await signInFrom('203.0.113.10', 'besieged', `Wrong-${i}-pass`)).status).toBe(401);

    const from = '203.0.113.11';
    const answers = [
      await signInFrom(from, 'nobody-here', 'Some-pass-11'),
      await signInFrom(from, 'present', 'Some-pass-11'),
      await signInFrom(from, 'departed', 'Some-pass-11'),
      await signInFrom('203.0.113.12', 'besieged', 'Some-pass-11'),
    ];
    for (const a of answers) expect(refusal(a)).toEqual({ status: 401, code: 'BAD_CREDENTIALS', message: '用户名或密码错误', details: [] });

    // only the right password learns that the account is deactivated
    const right = await signInFrom(from, 'departed', 'Departed-pass-1', 'en');
    expect(refusal(right)).toEqual({ status: 403, code: 'ACCOUNT_INACTIVE', message: 'The account is deactivated', details: [] });
    expect(right.cookie).toBeUndefined();
  });

  it('a login locked by one address\'s failures is throttled the same whether or not the account exists, and the right password from another address still signs in', async () => {
    const admin = await t.signIn();
    await admin.post('/api/v1/users', { login: 'target', name: '被攻击', password: 'Target-pass-11' });
    const attacker = '198.51.100.7';
    for (const login of ['target', 'phantom']) {
      for (let i = 0; i < 5; i++) expect((await signInFrom(attacker, login, `Wrong-${i}-pass`)).status).toBe(401);
    }
    const known = await signInFrom(attacker, 'target', 'Target-pass-11');
    const unknown = await signInFrom(attacker, 'phantom', 'Target-pass-11');
    expect(refusal(known)).toEqual({ status: 429, code: 'RATE_LIMITED', message: '登录失败次数过多，请 15 分钟后再试', details: [] });
    expect(refusal(unknown)).toEqual(refusal(known));
    expect(known.retryAfter).toBeDefined();
    expect(Number(unknown.retryAfter)).toBeGreaterThan(0);
    expect(known.cookie).toBeUndefined();

    // the attacker cannot keep the owner out: the owner's own address is not one that failed
    const owner = await signInFrom('192.0.2.20', 'target', 'Target-pass-11');
    expect(owner.status).toBe(200);
    expect(owner.cookie).toBeDefined();
    // another address gets one guess while the lock holds, then waits too
    expect((await signInFrom('192.0.2.21', 'target', 'Wrong-x-pass')).status).toBe(401);
    expect((await signInFrom('192.0.2.21', 'target', 'Target-pass-11')).status).toBe(429);
    expect((await signInFrom(attacker, 'target', 'Target-pass-11')).status).toBe(429);
  });

  it('throttles an address after 20 failed sign-ins whatever the logins: even the right password waits, other addresses are not affected', async () => {
    const sprayer = '198.51.100.99';
    for (let i = 0; i < 20; i++) {
      const r = await signInFrom(sprayer, i === 7 ? 'admin' : `staff${i}`, `Spring-${2020 + i}`);
      expect(r.status).toBe(401);
    }
    const blocked = await signInFrom(sprayer, 'admin', adminPassword, 'en');
    expect(refusal(blocked)).toEqual({ status: 429, code: 'RATE_LIMITED', message: 'Too many failed sign-ins; try again in 15 minutes', details: [] });
    expect(Number(blocked.retryAfter)).toBeGreaterThan(14 * 60);
    expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(15 * 60);
    expect((await signInFrom(sprayer, 'someone-else', 'Spring-2077')).status).toBe(429);
    expect((await signInFrom('192.0.2.44', 'admin', adminPassword)).status).toBe(200);
  });
});

describe('password policy (every role)', () => {
  const tooShort = '请求有误：密码（password）：至少需要 10 个字符';
  const tooCommon = /^请求有误：密码（password）：是常见密码或太容易被猜到/;

  it('refuses passwords under 10 characters and common or guessable ones when creating a user, naming the field, creating nobody', async () => {
    const admin = await t.signIn();
    const before = (await admin.get('/api/v1/users')).body.total;
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const short = await admin.post('/api/v1/users', { login: 'shorty', name: '短密码', password: 'Ab3-xyz9q', roleIds: [roles.find((r) => r.code === 'service')!.id] });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toBe(tooShort);
    expect(short.body.error.details[0].field).toBe('password');
    for (const [login, password] of [['commoner', 'Passw0rd-1'], ['commoner', 'Qwerty12345'], ['commoner', 'Admin@12345'], ['liuyang', 'liuyang2024'], ['commoner', '1234567890']]) {
      for (const code of ['admin', 'sales']) {
        const r = await admin.post('/api/v1/users', { login, name: '常见密码', password, roleIds: [roles.find((x) => x.code === code)!.id] });
        expect(r.status, `${password} for ${code}`).toBe(400);
        expect(r.body.error.message).toMatch(tooCommon);
        expect(r.body.error.details[0].field).toBe('password');
      }
    }
    const en = await admin.post('/api/v1/users', { login: 'commoner', name: 'x', password: 'Password123!' }, { 'accept-language': 'en' });
    expect(en.body.error.message).toMatch(/^Invalid request: password \(password\) is a common password or too easy to guess/);
    expect((await admin.get('/api/v1/users')).body.total).toBe(before);
  });

  it('applies on a reset and on a change of one\'s own password', async () => {
    const admin = await t.signIn();
    const u = await admin.post('/api/v1/users', { login: 'zhaomin', name: '赵敏', password: 'Zhao-min-pass-1' });
    const reset = await admin.post(`/api/v1/users/${u.body.id}/reset-password`, { password: 'zhaomin123' });
    expect(reset.status).toBe(400);
    expect(reset.body.error.message).toMatch(tooCommon);
    const s = await t.signIn('zhaomin', 'Zhao-min-pass-1');
    const short = await s.post('/api/v1/auth/password', { currentPassword: 'Zhao-min-pass-1', newPassword: 'Zm-2024-a' });
    expect(short.body.error.message).toBe('请求有误：新密码（newPassword）：至少需要 10 个字符');
    const common = await s.post('/api/v1/auth/password', { currentPassword: 'Zhao-min-pass-1', newPassword: 'iloveyou520' });
    expect(common.status).toBe(400);
    expect(common.body.error.details[0].field).toBe('newPassword');
    expect(common.body.error.message).toMatch(/^请求有误：新密码（newPassword）：是常见密码或太容易被猜到/);
    await t.signIn('zhaomin', 'Zhao-min-pass-1'); // unchanged
    expect((await s.post('/api/v1/auth/password', { currentPassword: 'Zhao-min-pass-1', newPassword: 'Lantern-river-58' })).status).toBe(200);
  });
});
