import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { rows, sql } from '../../db/index.ts';
import { changedFields } from './service.ts';

interface Entry { id: number; at: string; actorKind: string; actorId: number | null; actorName: string; action: string; entityType: string; entityId: string | null; changes: Record<string, { before: unknown; after: unknown }> | null; requestId: string | null }

let t: TestApp;
let admin: Session;
let adminId: number;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  adminId = (await admin.get('/api/v1/auth/me')).body.user.id;
});
afterAll(async () => { await t?.close(); });

const audit = async (query: string, s: Session = admin) => (await s.get(`/api/v1/audit?${query}`)).body as { items: Entry[]; total: number; page: number; pageSize: number };
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('what the audit log records', () => {
  it('records who, when, the action, the entity and before → after of the changed fields only', async () => {
    const created = await admin.post('/api/v1/users', { login: 'wangfang', name: '王芳', department: '客服中心', password: 'Wang-fang-1' });
    expect(created.status).toBe(200);
    const id = created.body.id;
    const beforeEdit = Date.now();
    const res = await admin.patch(`/api/v1/users/${id}`, { name: '王芳芳', department: '客服中心' }, { 'x-request-id': 'edit-wangfang-1' });
    expect(res.status).toBe(200);

    const { items, total } = await audit(`action=user.update&entityId=${id}`);
    expect(total).toBe(1);
    const [entry] = items;
    expect(entry).toMatchObject({
      actorKind: 'user', actorId: adminId, actorName: '系统管理员', action: 'user.update',
      entityType: 'user', entityId: String(id), requestId: 'edit-wangfang-1',
    });
    // only the name changed; the department was sent unchanged and is not listed
    expect(entry.changes).toEqual({ name: { before: '王芳', after: '王芳芳' } });
    const at = new Date(entry.at).getTime();
    expect(at).toBeGreaterThanOrEqual(beforeEdit - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('records role changes of a user as role ids before → after', async () => {
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const service = roles.find((r) => r.code === 'service')!.id;
    const manager = roles.find((r) => r.code === 'manager')!.id;
    const u = await admin.post('/api/v1/users', { login: 'lijun', name: '李军', password: 'Li-jun-123', roleIds: [service] });
    await admin.patch(`/api/v1/users/${u.body.id}`, { roleIds: [manager] });
    const [entry] = (await audit(`action=user.update&entityId=${u.body.id}`)).items;
    expect(entry.changes).toEqual({ roleIds: { before: [service], after: [manager] } });
  });

  it('never writes password hashes, passwords or API token secrets', async () => {
    const password = 'Secret-zhao-77';
    const u = await admin.post('/api/v1/users', { login: 'zhaolei', name: '赵磊', password });
    await admin.post(`/api/v1/users/${u.body.id}/reset-password`, { password: 'Secret-zhao-88' });
    const s = await t.signIn('zhaolei', 'Secret-zhao-88');
    await s.post('/api/v1/auth/password', { currentPassword: 'Secret-zhao-88', newPassword: 'Secret-zhao-99' });
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const tok = await admin.post('/api/v1/api-tokens', { name: '营销系统', roleId: roles.find((r) => r.code === 'integration')!.id });

    const [{ hash }] = await rows<{ hash: string }>(t.db.db, sql`SELECT password_hash AS hash FROM users WHERE login = 'zhaolei'`);
    const whole = JSON.stringify((await audit('pageSize=500')).items);
    for (const secret of [hash, password, 'Secret-zhao-88', 'Secret-zhao-99', tok.body.token]) expect(whole).not.toContain(secret);
    expect(whole).not.toContain('$argon2');

    // the creation says a password was set, without its value
    const [create] = (await audit(`action=user.create&entityId=${u.body.id}`)).items;
    expect(create.changes!.name).toEqual({ before: null, after: '赵磊' });
    expect(create.changes!.passwordHash).toEqual({ before: null, after: '***' });
    // the resets and changes are recorded as events
    expect((await audit(`action=user.resetPassword&entityId=${u.body.id}`)).total).toBe(1);
    expect((await audit(`action=user.changePassword&entityId=${u.body.id}`)).total).toBe(1);
    const [tokenEntry] = (await audit('action=token.create')).items;
    expect(tokenEntry.changes).toMatchObject({ name: { before: null, after: '营销系统' } });
  });

  it('records deletions with the before-values', async () => {
    const role = await admin.post('/api/v1/roles', { code: 'auditor', nameZh: '审计员', nameEn: 'Auditor', permissions: ['audit.read'], dataScope: 'all' });
    await admin.delete(`/api/v1/roles/${role.body.id}`);
    const [entry] = (await audit(`action=role.delete&entityId=${role.body.id}`)).items;
    expect(entry.changes).toMatchObject({ code: { before: 'auditor', after: null }, nameZh: { before: '审计员', after: null }, permissions: { before: ['audit.read'], after: null } });
  });

  it('records changes made by an API token under the token', async () => {
    const role = await admin.post('/api/v1/roles', { code: 'dict_bot', nameZh: '字典机器人', nameEn: 'Dictionary bot', permissions: ['dictionary.manage'], dataScope: 'all' });
    const tok = await admin.post('/api/v1/api-tokens', { name: 'sync', roleId: role.body.id });
    const made = await t.anonymous.post('/api/v1/dictionaries', { kind: 'care_channel', code: 'wechat', labelZh: '微信', labelEn: 'WeChat' }, { authorization: `Bearer ${tok.body.token}` });
    expect(made.status).toBe(200);
    const [entry] = (await audit(`action=dictionary.create&entityId=${made.body.id}`)).items;
    expect(entry).toMatchObject({ actorKind: 'token', actorId: tok.body.id, actorName: 'token:sync' });
  });
});

describe('changedFields', () => {
  it('keeps only the fields whose values differ, masks secrets, and ignores timestamps of the row', () => {
    expect(changedFields(
      { name: '张三', tags: ['a'], passwordHash: 'h1', updatedAt: new Date(1), note: null },
      { name: '张三', tags: ['a', 'b'], passwordHash: 'h2', updatedAt: new Date(2), note: undefined },
    )).toEqual({ tags: { before: ['a'], after: ['a', 'b'] }, passwordHash: { before: '***', after: '***' } });
    expect(changedFields(null, { code: 'x' })).toEqual({ code: { before: null, after: 'x' } });
  });
});

describe('querying the audit log', () => {
  it('filters by action and entity type, newest first', async () => {
    const created = await admin.post('/api/v1/dictionaries', { kind: 'leave_reason', code: 'moved_abroad', labelZh: '移居海外', labelEn: 'Moved abroad' });
    await admin.patch(`/api/v1/dictionaries/${created.body.id}`, { labelZh: '定居海外' });
    const byType = await audit('entityType=dictionary');
    expect(byType.items.every((e) => e.entityType === 'dictionary')).toBe(true);
    expect(byType.items.slice(0, 2).map((e) => e.action)).toEqual(['dictionary.update', 'dictionary.create']);
    const byAction = await audit('action=dictionary.update&entityType=dictionary');
    expect(byAction.items.every((e) => e.action === 'dictionary.update')).toBe(true);
    expect(byAction.items[0].changes).toEqual({ labelZh: { before: '移居海外', after: '定居海外' } });
    expect((await audit('action=no.such.action')).total).toBe(0);
    const ids = byType.items.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('filters by time: from and to bound the entries', async () => {
    const make = async (code: string) => {
      const r = await admin.post('/api/v1/dictionaries', { kind: 'card_type', code, labelZh: code, labelEn: code });
      return (await audit(`action=dictionary.create&entityId=${r.body.id}`)).items[0];
    };
    // entries apart in time, so bounds can fall between them
    const first = await make('gold');
    await pause(30);
    const second = await make('platinum');
    await pause(30);
    const third = await make('diamond');
    const mid = (a: Entry, b: Entry) => encodeURIComponent(new Date((new Date(a.at).getTime() + new Date(b.at).getTime()) / 2).toISOString());
    const codesBetween = async (query: string) =>
      (await audit(`action=dictionary.create&entityType=dictionary&pageSize=100&${query}`)).items
        .map((e) => e.changes?.code?.after).filter((c) => ['gold', 'platinum', 'diamond'].includes(c as string));
    expect(await codesBetween(`from=${mid(first, second)}`)).toEqual(['diamond', 'platinum']);
    expect(await codesBetween(`to=${mid(second, third)}`)).toEqual(['platinum', 'gold']);
    expect(await codesBetween(`from=${mid(first, second)}&to=${mid(second, third)}`)).toEqual(['platinum']);
    expect(await codesBetween(`from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`)).toEqual([]);
  });

  it('pages: pageSize bounds a page, pages do not overlap, total counts all matches', async () => {
    for (const code of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code, labelZh: code, labelEn: code });
    }
    const all = await audit('action=dictionary.create&pageSize=500');
    const page1 = await audit('action=dictionary.create&pageSize=2&page=1');
    const page2 = await audit('action=dictionary.create&pageSize=2&page=2');
    expect(page1).toMatchObject({ page: 1, pageSize: 2, total: all.total });
    expect(page1.items).toHaveLength(2);
    expect(page2.items).toHaveLength(2);
    expect([...page1.items, ...page2.items].map((e) => e.id)).toEqual(all.items.slice(0, 4).map((e) => e.id));
    const last = await audit(`action=dictionary.create&pageSize=2&page=${Math.ceil(all.total / 2) + 1}`);
    expect(last.items).toEqual([]);
    expect(last.total).toBe(all.total);
  });

  it('refuses bad filters with 400 naming the field, in zh-CN and en', async () => {
    const zh = await admin.get('/api/v1/audit?from=not-a-date');
    expect(zh.status).toBe(400);
    expect(zh.body.error.details[0].field).toBe('from');
    expect(zh.body.error.message).toMatch(/^请求有误：/);
    const en = await admin.get('/api/v1/audit?pageSize=0', { 'accept-language': 'en' });
    expect(en.status).toBe(400);
    expect(en.body.error.details[0].field).toBe('pageSize');
    expect(en.body.error.message).toContain('page size (pageSize)');
    expect((await admin.get('/api/v1/audit?pageSize=501')).status).toBe(400);
  });
});

describe('who may read the audit log', () => {
  it('needs audit.read: staff without it get 403, managers and roles holding it may read', async () => {
    const service = await t.userWithRoles('kefu1', ['service'], { department: '客服中心' });
    const denied = await service.get('/api/v1/audit');
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'FORBIDDEN', message: '没有权限执行此操作（需要权限 audit.read）' });
    const sales = await t.userWithRoles('xiaoshou1', ['sales'], { department: '滨江案场' });
    expect((await sales.get('/api/v1/audit')).status).toBe(403);
    const manager = await t.userWithRoles('jingli1', ['manager']);
    const read = await manager.get('/api/v1/audit?pageSize=5');
    expect(read.status).toBe(200);
    expect(read.body.total).toBeGreaterThan(0);
    await admin.post('/api/v1/roles', { code: 'reader', nameZh: '审计只读', nameEn: 'Audit reader', permissions: ['audit.read'], dataScope: 'own' });
    const reader = await t.userWithRoles('shenji1', ['reader']);
    expect((await reader.get('/api/v1/audit')).status).toBe(200);
    expect((await t.anonymous.get('/api/v1/audit')).status).toBe(401);
  });
});
