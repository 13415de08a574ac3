import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { registerDictionaryUsage } from './service.ts';

interface Item { id: number; kind: string; code: string; parentCode: string | null; labelZh: string; labelEn: string; sort: number; active: boolean; builtIn: boolean }

// A module that stores complaint-type codes, simulated: the codes it holds and how often.
const complaintTypeUses = new Map<string, number>();
registerDictionaryUsage('complaint_type', async (_tx, code) => complaintTypeUses.get(code) ?? 0);

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
});
afterAll(async () => { await t?.close(); });

const values = async (kind?: string): Promise<Item[]> => (await admin.get(`/api/v1/dictionaries${kind ? `?kind=${kind}` : ''}`)).body;
const byCode = (items: Item[], code: string) => items.find((i) => i.code === code)!;
const auditFor = async (id: number, action: string) =>
  (await admin.get(`/api/v1/audit?entityType=dictionary&entityId=${id}&action=${action}`)).body.items;

describe('seeded dictionaries', () => {
  it('lists every kind SPEC names, with Chinese and English labels', async () => {
    const kinds = (await admin.get('/api/v1/dictionaries/kinds')).body as { kind: string; labelZh: string; labelEn: string }[];
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining([
      'application_channel', 'leave_reason', 'card_type', 'activity_type', 'care_channel', 'complaint_channel', 'complaint_type', 'id_type',
    ]));
    expect(kinds.find((k) => k.kind === 'application_channel')).toMatchObject({ labelZh: '申请途径', labelEn: 'Application channels' });
  });

  it('holds the application channels with the seven sub-channels of 客服中心', async () => {
    const channels = await values('application_channel');
    const top = channels.filter((c) => !c.parentCode).map((c) => c.labelZh);
    expect(top).toEqual(['案场', '客服中心', '外部网站']);
    const serviceCentre = channels.find((c) => c.labelZh === '客服中心')!;
    const subs = channels.filter((c) => c.parentCode === serviceCentre.code).map((c) => c.labelZh);
    expect(subs).toEqual(['会刊', '活动', '展会', '推荐', 'SP', '物业', '商家']);
    expect(channels.every((c) => c.builtIn && c.active && c.labelEn.length > 0)).toBe(true);
  });

  it("holds SPEC's lists of leave reasons, card types, activity types, care and complaint channels, complaint and ID types", async () => {
    const zh = async (kind: string) => (await values(kind)).map((i) => i.labelZh);
    expect(await zh('leave_reason')).toEqual(expect.arrayContaining(['正常退会', '联系无效', '时间到期', '数据错误']));
    expect(await zh('card_type')).toEqual(expect.arrayContaining(['普通卡', 'VIP卡', '优惠卡', '联名卡']));
    expect(await zh('activity_type')).toEqual(['沙龙', '聚会', '现场活动', '其他']);
    expect(await zh('care_channel')).toEqual(expect.arrayContaining(['短信', '电子邮件', '信函', '会刊', '网站']));
    expect(await zh('complaint_channel')).toEqual(['书面', '电话', '邮件', '来访', '法律形式', '网站']);
    expect(await zh('complaint_type')).toEqual(['销售服务', '房屋质量', '物业管理', '非服务']);
    expect(await zh('id_type')).toEqual(expect.arrayContaining(['居民身份证', '护照', '其他']));
    expect((await zh('id_type')).some((l) => l.includes('港澳'))).toBe(true);
    expect((await zh('id_type')).some((l) => l.includes('台湾'))).toBe(true);
  });

  it('lets any signed-in user read dictionaries', async () => {
    const service = await t.userWithRoles('reader1', ['service']);
    const res = await service.get('/api/v1/dictionaries?kind=leave_reason');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThanOrEqual(4);
  });
});

describe('editing dictionaries', () => {
  it('creates a value, lists it, and audits it with its after-values', async () => {
    const res = await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'lecture', labelZh: '讲座', labelEn: 'Lecture' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'activity_type', code: 'lecture', labelZh: '讲座', labelEn: 'Lecture', active: true, builtIn: false, parentCode: null });
    // appended after the seeded values
    const list = await values('activity_type');
    expect(list.at(-1)!.code).toBe('lecture');
    const [entry] = await auditFor(res.body.id, 'dictionary.create');
    expect(entry).toMatchObject({ actorKind: 'user', actorName: '系统管理员', entityType: 'dictionary', entityId: String(res.body.id) });
    expect(entry.changes).toMatchObject({
      kind: { before: null, after: 'activity_type' },
      code: { before: null, after: 'lecture' },
      labelZh: { before: null, after: '讲座' },
      labelEn: { before: null, after: 'Lecture' },
      active: { before: null, after: true },
    });
  });

  it('creates a sub-channel under 客服中心', async () => {
    const res = await admin.post('/api/v1/dictionaries', { kind: 'application_channel', code: 'hotline', parentCode: 'service_center', labelZh: '热线', labelEn: 'Hotline' });
    expect(res.status).toBe(200);
    expect(byCode(await values('application_channel'), 'hotline').parentCode).toBe('service_center');
  });

  it('refuses a duplicate code with 409, localised, and changes nothing', async () => {
    const before = await values('activity_type');
    const zh = await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'salon', labelZh: '又一个沙龙', labelEn: 'Another salon' });
    expect(zh.status).toBe(409);
    expect(zh.body.error.code).toBe('DICTIONARY_CODE_TAKEN');
    expect(zh.body.error.message).toBe('字典“活动类型”中已有代码 salon');
    const en = await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'salon', labelZh: '又一个沙龙', labelEn: 'Another salon' }, { 'accept-language': 'en' });
    expect(en.status).toBe(409);
    expect(en.body.error.message).toBe('Dictionary "Activity types" already has code salon');
    expect(await values('activity_type')).toEqual(before);
  });

  it('refuses an unknown kind with 400 naming the field kind, and changes nothing', async () => {
    const before = await values();
    const zh = await admin.post('/api/v1/dictionaries', { kind: 'no_such_kind', code: 'x', labelZh: '某', labelEn: 'X' });
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    expect(zh.body.error.details).toEqual([{ field: 'kind', issue: '未知的数据字典：no_such_kind' }]);
    expect(zh.body.error.message).toContain('字典类别（kind）');
    const en = await admin.post('/api/v1/dictionaries', { kind: 'no_such_kind', code: 'x', labelZh: '某', labelEn: 'X' }, { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('Invalid request: dictionary kind (kind) Unknown dictionary: no_such_kind');
    expect(await values()).toEqual(before);
  });

  it('refuses malformed values with 400 naming each bad field, and changes nothing', async () => {
    const before = await values();
    const res = await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'Bad Code!', labelZh: '', labelEn: 'Ok' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['code', 'labelZh']);
    const badParent = await admin.post('/api/v1/dictionaries', { kind: 'application_channel', code: 'orphan', parentCode: 'nowhere', labelZh: '孤儿', labelEn: 'Orphan' });
    expect(badParent.status).toBe(400);
    expect(badParent.body.error.details).toEqual([{ field: 'parentCode', issue: '不是数据字典“申请途径”中有效的值：nowhere' }]);
    expect(await values()).toEqual(before);
  });

  it('edits labels and deactivates a value; the audit holds before and after of the changed fields only', async () => {
    const gathering = byCode(await values('activity_type'), 'gathering');
    const res = await admin.patch(`/api/v1/dictionaries/${gathering.id}`, { labelZh: '会员聚会', labelEn: 'Member gathering' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ labelZh: '会员聚会', labelEn: 'Member gathering', active: true });
    const [edit] = await auditFor(gathering.id, 'dictionary.update');
    expect(edit.changes).toEqual({
      labelZh: { before: '聚会', after: '会员聚会' },
      labelEn: { before: 'Gathering', after: 'Member gathering' },
    });

    const off = await admin.patch(`/api/v1/dictionaries/${gathering.id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const audits = await auditFor(gathering.id, 'dictionary.update');
    expect(audits).toHaveLength(2);
    expect(audits[0].changes).toEqual({ active: { before: true, after: false } });
    // still listed for administrators, gone from the active list forms use
    expect(byCode(await values('activity_type'), 'gathering').active).toBe(false);
    const active = (await admin.get('/api/v1/dictionaries?kind=activity_type&activeOnly=true')).body as Item[];
    expect(active.map((i) => i.code)).not.toContain('gathering');
  });

  it('refuses an edit of the code or an unknown field with 400, and a missing value with 404', async () => {
    const salon = byCode(await values('activity_type'), 'salon');
    const res = await admin.patch(`/api/v1/dictionaries/${salon.id}`, { code: 'renamed' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('code');
    expect(byCode(await values('activity_type'), 'salon')).toEqual(salon);
    const missing = await admin.patch('/api/v1/dictionaries/999999', { labelZh: '无' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('找不到字典值：999999');
  });
});

describe('deleting dictionary values', () => {
  it('refuses to delete a value in use with 422, changing nothing; deactivating it still works', async () => {
    const quality = byCode(await values('complaint_type'), 'house_quality');
    complaintTypeUses.set('house_quality', 3);
    const res = await admin.delete(`/api/v1/dictionaries/${quality.id}`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('DICTIONARY_VALUE_IN_USE');
    expect(res.body.error.message).toBe('该字典值已被使用 3 次，不能删除，只能停用');
    const en = await admin.delete(`/api/v1/dictionaries/${quality.id}`, { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('This value is used 3 times; it cannot be deleted, only deactivated');
    expect(byCode(await values('complaint_type'), 'house_quality')).toEqual(quality);
    expect(await auditFor(quality.id, 'dictionary.delete')).toEqual([]);
    expect((await admin.patch(`/api/v1/dictionaries/${quality.id}`, { active: false })).body.active).toBe(false);
  });

  it('refuses to delete a custom value that is in use', async () => {
    const created = await admin.post('/api/v1/dictionaries', { kind: 'complaint_type', code: 'parking', labelZh: '停车', labelEn: 'Parking' });
    complaintTypeUses.set('parking', 1);
    const res = await admin.delete(`/api/v1/dictionaries/${created.body.id}`);
    expect(res.status).toBe(422);
    expect(byCode(await values('complaint_type'), 'parking')).toBeDefined();
  });

  it('refuses to delete a parent value whose sub-values exist', async () => {
    const centre = byCode(await values('application_channel'), 'service_center');
    const res = await admin.delete(`/api/v1/dictionaries/${centre.id}`);
    expect(res.status).toBe(422);
    expect(byCode(await values('application_channel'), 'service_center')).toBeDefined();
  });

  it('refuses to delete an unused built-in value with 422', async () => {
    const nonService = byCode(await values('complaint_type'), 'non_service');
    const res = await admin.delete(`/api/v1/dictionaries/${nonService.id}`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('DICTIONARY_VALUE_BUILT_IN');
    expect(res.body.error.message).toBe('系统内置的字典值不能删除，只能停用');
    expect(byCode(await values('complaint_type'), 'non_service')).toEqual(nonService);
  });

  it('deletes an unused custom value, and audits the deletion with its before-values', async () => {
    const created = await admin.post('/api/v1/dictionaries', { kind: 'complaint_type', code: 'noise', labelZh: '噪音', labelEn: 'Noise' });
    const res = await admin.delete(`/api/v1/dictionaries/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect((await values('complaint_type')).map((i) => i.code)).not.toContain('noise');
    const [entry] = await auditFor(created.body.id, 'dictionary.delete');
    expect(entry.changes).toMatchObject({ code: { before: 'noise', after: null }, labelZh: { before: '噪音', after: null } });
    // the same code can be created again afterwards
    expect((await admin.post('/api/v1/dictionaries', { kind: 'complaint_type', code: 'noise', labelZh: '噪音', labelEn: 'Noise' })).status).toBe(200);
  });

  it('answers 404 for a value that does not exist', async () => {
    const res = await admin.delete('/api/v1/dictionaries/999999', { 'accept-language': 'en' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('dictionary value not found: 999999');
  });
});

describe('permissions', () => {
  it('gives customer-service staff 403 on create, edit and delete, and changes nothing', async () => {
    const service = await t.userWithRoles('service1', ['service'], { department: '客服中心' });
    const before = await values();
    const salon = byCode(before, 'salon');
    const create = await service.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'sneaky', labelZh: '偷偷', labelEn: 'Sneaky' });
    expect(create.status).toBe(403);
    expect(create.body.error).toMatchObject({ code: 'FORBIDDEN', message: '没有权限执行此操作（需要权限 dictionary.manage）', details: [] });
    expect((await service.patch(`/api/v1/dictionaries/${salon.id}`, { labelZh: '改' })).status).toBe(403);
    expect((await service.delete(`/api/v1/dictionaries/${salon.id}`)).status).toBe(403);
    expect(await values()).toEqual(before);
  });

  it('refuses anonymous requests with 401', async () => {
    expect((await t.anonymous.get('/api/v1/dictionaries')).status).toBe(401);
    expect((await t.anonymous.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'anon', labelZh: '匿', labelEn: 'Anon' })).status).toBe(401);
  });
});
