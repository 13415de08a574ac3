import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupTo } from '../../db/backup.ts';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { residentId, residentIdEndingInX, withWrongCheckDigit } from '../../../test/helpers/people.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
});
afterAll(async () => { await t?.close(); });

const en = { 'accept-language': 'en' };
const customers = async (s: Session, query = '') => (await s.get(`/api/v1/customers?pageSize=100${query ? '&' + query : ''}`)).body;
const auditCount = async (action: string) => (await admin.get(`/api/v1/audit?action=${action}&pageSize=1`)).body.total as number;

describe('creating a customer', () => {
  it('normalises the ID number (x → X) and a +86 mobile, takes birthday and gender from the ID, and masks the number in the reply', async () => {
    const id = residentIdEndingInX('19850612');
    const res = await admin.post('/api/v1/customers', {
      name: ' 周晓梅 ', idNumber: id.toLowerCase(), mobile: '+86 139-0571-2233', homePhone: '0571-8888 6666', tags: ['VIP', 'VIP', '老业主'],
    });
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c.name).toBe('周晓梅');
    expect(c.namePinyin).toBe('zhou xiao mei');
    expect(c.mobile).toBe('13905712233');
    expect(c.homePhone).toBe('057188886666');
    expect(c.idType).toBe('resident_id');
    expect(c.birthday).toBe('1985-06-12');
    expect(c.gender).toBe(Number(id[16]) % 2 ? 'male' : 'female');
    expect(c.tags).toEqual(['VIP', '老业主']);
    expect(c.idNumber).toBe(`${id.slice(0, 4)}**********${id.slice(14)}`);
    expect(c.idNumber.endsWith('X')).toBe(true);
    expect(c.idNumberRevealed).toBe(false);
    expect(c.source).toBe('manual');
    // the stored number is the upper-case one: found by it written either way
    expect((await customers(admin, `idNumber=${id}`)).total).toBe(1);
    expect((await customers(admin, `idNumber=${id.toLowerCase()}`)).total).toBe(1);
  });

  it('refuses bad input with 400 naming each field, in zh-CN and en, and writes nothing', async () => {
    const before = (await customers(admin, 'deleted=include')).total;
    const audits = await auditCount('customer.create');
    const good = residentId('19700101', 11);
    const checksum = await admin.post('/api/v1/customers', { name: '错校验', idNumber: withWrongCheckDigit(good) });
    expect(checksum.status).toBe(400);
    expect(checksum.body.error.code).toBe('VALIDATION_FAILED');
    expect(checksum.body.error.details).toEqual([{ field: 'idNumber', issue: '身份证号校验位错误' }]);
    expect(checksum.body.error.message).toBe('请求有误：证件号码（idNumber）：身份证号校验位错误');
    const checksumEn = await admin.post('/api/v1/customers', { name: '错校验', idNumber: withWrongCheckDigit(good) }, en);
    expect(checksumEn.body.error.message).toBe('Invalid request: ID number (idNumber) has a wrong check digit');

    // 13th month: the check digit is right for the digits, the birth date is not a date
    const badBirth = residentId('19901345', 5);
    const birth = await admin.post('/api/v1/customers', { name: '错生日', idNumber: badBirth }, en);
    expect(birth.status).toBe(400);
    expect(birth.body.error.details).toEqual([{ field: 'idNumber', issue: 'holds an invalid birth date' }]);

    const mobile = await admin.post('/api/v1/customers', { name: '十位手机', mobile: '1390571223' });
    expect(mobile.status).toBe(400);
    expect(mobile.body.error.details).toEqual([{ field: 'mobile', issue: '手机号应为 11 位中国大陆号码' }]);

    const dict = await admin.post('/api/v1/customers', { name: '字典', source: 'tv_ad', idType: 'driving_licence', idNumber: 'D1234567' }, en);
    expect(dict.status).toBe(400);
    expect(dict.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['idType', 'source']);
    expect(dict.body.error.message).toContain('source (source) is not an active value of dictionary "Customer sources": tv_ad');
    expect(dict.body.error.message).toContain('ID type (idType) is not an active value of dictionary "ID types": driving_licence');
    const dictZh = await admin.post('/api/v1/customers', { name: '字典', source: 'tv_ad' });
    expect(dictZh.body.error.message).toBe('请求有误：客户来源（source）：不是数据字典“客户来源”中有效的值：tv_ad');

    const birthday = await admin.post('/api/v1/customers', { name: '生日', birthday: '2001-02-30' });
    expect(birthday.body.error.details[0].field).toBe('birthday');
    const unknownField = await admin.post('/api/v1/customers', { name: '多余', idNo: '1' });
    expect(unknownField.status).toBe(400);

    expect((await customers(admin, 'deleted=include')).total).toBe(before);
    expect(await auditCount('customer.create')).toBe(audits);
  });

  it('keeps one record per person: a second customer with the same ID number is refused with 409 naming the first', async () => {
    const id = residentId('19780808', 21);
    const first = await admin.post('/api/v1/customers', { name: '钱进', idNumber: id });
    const second = await admin.post('/api/v1/customers', { name: '钱进', idNumber: ` ${id} ` }, en);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CUSTOMER_ID_NUMBER_TAKEN');
    expect(second.body.error.message).toBe(`This ID number is already registered as customer #${first.body.id}`);
  });

  it('accepts other ID types with their own length rule', async () => {
    const ok = await admin.post('/api/v1/customers', { name: 'John Smith', idType: 'passport', idNumber: 'e12345678' });
    expect(ok.status).toBe(200);
    expect(ok.body.idNumber).toBe('E123*5678');
    const short = await admin.post('/api/v1/customers', { name: 'Short', idType: 'passport', idNumber: 'E12' });
    expect(short.body.error.details).toEqual([{ field: 'idNumber', issue: '证件号码应为 5–32 位' }]);
  });
});

describe('editing', () => {
  it('audits the changed fields only; the same data again writes nothing', async () => {
    const c = (await admin.post('/api/v1/customers', { name: '孙丽', mobile: '13800001111' })).body;
    const edit = await admin.patch(`/api/v1/customers/${c.id}`, { mobile: '+8613800002222', address: '杭州市滨江区江南大道 1 号' });
    expect(edit.status).toBe(200);
    expect(edit.body.mobile).toBe('13800002222');
    const audit = (await admin.get(`/api/v1/audit?action=customer.update&entityId=${c.id}`)).body;
    expect(audit.total).toBe(1);
    expect(audit.items[0].changes).toEqual({
      mobile: { before: '13800001111', after: '13800002222' },
      address: { before: null, after: '杭州市滨江区江南大道 1 号' },
    });
    await admin.patch(`/api/v1/customers/${c.id}`, { mobile: '138 0000 2222' });
    expect((await admin.get(`/api/v1/audit?action=customer.update&entityId=${c.id}`)).body.total).toBe(1);
    const bad = await admin.patch(`/api/v1/customers/${c.id}`, { mobile: '12345' });
    expect(bad.status).toBe(400);
    expect((await admin.get(`/api/v1/customers/${c.id}`)).body.customer.mobile).toBe('13800002222');
  });

  it('a new ID number brings its birth date and gender; taking another live customer\'s number is refused', async () => {
    const c = (await admin.post('/api/v1/customers', { name: '郑凯', idNumber: residentId('19800101', 31) })).body;
    expect(c.birthday).toBe('1980-01-01');
    const edited = await admin.patch(`/api/v1/customers/${c.id}`, { idNumber: residentId('19820202', 42) });
    expect(edited.body.birthday).toBe('1982-02-02');
    expect(edited.body.gender).toBe('female');
    const other = (await admin.post('/api/v1/customers', { name: '郑凯凯', idNumber: residentId('19830303', 51) })).body;
    const taken = await admin.patch(`/api/v1/customers/${other.id}`, { idNumber: residentId('19820202', 42) });
    expect(taken.status).toBe(409);
  });
});

describe('list, search and data scope', () => {
  let xixiSales: Session;
  let binjiangSales: Session;
  let binjiangId: number;
  beforeAll(async () => {
    xixiSales = await t.userWithRoles('xixi_sales', ['sales'], { department: '西溪案场' });
    binjiangSales = await t.userWithRoles('binjiang_sales', ['sales'], { department: '滨江案场' });
    await xixiSales.post('/api/v1/customers', { name: '张三', mobile: '13712345678', tags: ['意向强'] });
    await xixiSales.post('/api/v1/customers', { name: '王小明', mobile: '13712340000', idNumber: residentId('19920415', 77) });
    binjiangId = (await binjiangSales.post('/api/v1/customers', { name: '张三丰', mobile: '13698765432', tags: ['意向强'] })).body.id;
    await binjiangSales.post('/api/v1/customers', { name: '王晓明', source: 'website' });
  });

  it('a sales user of 西溪案场 sees only 西溪案场 customers, and cannot open 滨江案场 ones', async () => {
    const xixi = await customers(xixiSales);
    expect(xixi.items.map((c: { name: string }) => c.name).sort()).toEqual(['张三', '王小明']);
    expect(xixi.items.every((c: { department: string }) => c.department === '西溪案场')).toBe(true);
    expect(xixi.items[0].ownerName).toBe('xixi_sales');
    const other = await xixiSales.get(`/api/v1/customers/${binjiangId}`);
    expect(other.status).toBe(404);
    expect((await xixiSales.patch(`/api/v1/customers/${binjiangId}`, { name: '改名' })).status).toBe(404);
    expect((await xixiSales.delete(`/api/v1/customers/${binjiangId}`)).status).toBe(404);
    const bj = await customers(binjiangSales);
    expect(bj.items.map((c: { name: string }) => c.name).sort()).toEqual(['张三丰', '王晓明']);
    // the administrator sees both departments
    expect((await customers(admin, 'q=张三')).items.map((c: { name: string }) => c.name).sort()).toEqual(['张三', '张三丰']);
  });

  it('an own-scope role sees only the records its user owns', async () => {
    await admin.post('/api/v1/roles', { code: 'own_sales', nameZh: '个人销售', nameEn: 'Own sales', permissions: ['customer.read', 'customer.write'], dataScope: 'own' });
    const solo = await t.userWithRoles('solo', ['own_sales'], { department: '城西案场' });
    await solo.post('/api/v1/customers', { name: '独立客户' });
    expect((await customers(solo)).items.map((c: { name: string }) => c.name)).toEqual(['独立客户']);
  });

  it('searches a name fuzzily (张三 ~ 张三丰) and by homophone pinyin (王小明 ~ 王晓明), by pinyin letters, mobile or its tail, and ID number', async () => {
    const names = async (q: string) => (await customers(admin, q)).items.map((c: { name: string }) => c.name);
    expect(await names('q=张三')).toEqual(['张三', '张三丰']); // the closer name first
    expect(await names('name=王小明')).toEqual(expect.arrayContaining(['王小明', '王晓明']));
    expect(await names('q=zhangsan')).toEqual(expect.arrayContaining(['张三', '张三丰']));
    expect(await names('q=13712345678')).toEqual(['张三']);
    expect(await names('q=5432')).toEqual(['张三丰']);
    expect(await names('mobile=%2B86 137 1234 0000')).toEqual(['王小明']);
    expect(await names(`q=${residentId('19920415', 77)}`)).toEqual(['王小明']);
    expect(await names(`idNumber=${residentId('19920415', 78)}`)).toEqual([]);
  });

  it('filters by tag, owner, department, source and buyer flag', async () => {
    const names = async (q: string) => (await customers(admin, q)).items.map((c: { name: string }) => c.name).sort();
    expect(await names(`tag=${encodeURIComponent('意向强')}`)).toEqual(['张三', '张三丰']);
    const facets = (await admin.get('/api/v1/customers/facets')).body;
    const owner = facets.owners.find((o: { name: string }) => o.name === 'binjiang_sales');
    expect(await names(`ownerId=${owner.id}`)).toEqual(['张三丰', '王晓明']);
    expect(facets.departments).toEqual(expect.arrayContaining(['西溪案场', '滨江案场']));
    expect(facets.tags).toEqual(expect.arrayContaining(['意向强']));
    expect(await names(`department=${encodeURIComponent('滨江案场')}&source=website`)).toEqual(['王晓明']);
    expect(await names('isBuyer=true&department=%E8%A5%BF%E6%BA%AA%E6%A1%88%E5%9C%BA')).toEqual([]);
    expect(await names('isBuyer=false&department=%E8%A5%BF%E6%BA%AA%E6%A1%88%E5%9C%BA')).toEqual(['张三', '王小明']);
    const paged = await admin.get('/api/v1/customers?page=2&pageSize=2&department=%E8%A5%BF%E6%BA%AA%E6%A1%88%E5%9C%BA');
    expect(paged.body).toMatchObject({ total: 2, page: 2, pageSize: 2, items: [] });
  });
});

describe('logical delete and restore', () => {
  it('hides a deleted customer from the list, keeps it findable with deleted=include, restores it, and audits both', async () => {
    const c = (await admin.post('/api/v1/customers', { name: '待删除', mobile: '13500000001' })).body;
    const del = await admin.delete(`/api/v1/customers/${c.id}`);
    expect(del.status).toBe(200);
    expect(del.body.deletedAt).not.toBeNull();
    expect((await customers(admin, 'q=13500000001')).total).toBe(0);
    expect((await customers(admin, 'q=13500000001&deleted=include')).total).toBe(1);
    expect((await customers(admin, 'deleted=only')).items.map((x: { id: number }) => x.id)).toContain(c.id);
    // the page still shows it, as deleted
    expect((await admin.get(`/api/v1/customers/${c.id}`)).body.customer.deletedAt).not.toBeNull();
    expect((await admin.patch(`/api/v1/customers/${c.id}`, { name: '改' })).status).toBe(404);
    const restored = await admin.post(`/api/v1/customers/${c.id}/restore`);
    expect(restored.body.deletedAt).toBeNull();
    expect((await customers(admin, 'q=13500000001')).total).toBe(1);
    const history = (await admin.get(`/api/v1/customers/${c.id}`)).body.history.map((h: { action: string }) => h.action);
    expect(history).toEqual(['customer.restore', 'customer.delete', 'customer.create']);
  });

  it('does not restore a record whose ID number has meanwhile been given to another live customer', async () => {
    const id = residentId('19660606', 66);
    const a = (await admin.post('/api/v1/customers', { name: '甲', idNumber: id })).body;
    await admin.delete(`/api/v1/customers/${a.id}`);
    await admin.post('/api/v1/customers', { name: '甲', idNumber: id });
    const r = await admin.post(`/api/v1/customers/${a.id}/restore`);
    expect(r.status).toBe(409);
    expect((await customers(admin, `idNumber=${id}`)).total).toBe(1);
  });

  it('needs customer.write', async () => {
    const reader = await t.userWithRoles('reader_mgr', ['manager']);
    const c = (await admin.post('/api/v1/customers', { name: '只读' })).body;
    expect((await reader.delete(`/api/v1/customers/${c.id}`)).status).toBe(403);
  });
});

describe('personal information', () => {
  const id = residentId('19880521', 135, '330105');
  let customerId: number;
  let manager: Session;
  let sales: Session;
  beforeAll(async () => {
    sales = await t.userWithRoles('pii_sales', ['sales'], { department: '西溪案场' });
    manager = await t.userWithRoles('pii_manager', ['manager']);
    customerId = (await sales.post('/api/v1/customers', { name: '林安', idNumber: id, mobile: '13811112222' })).body.id;
  });

  it('masks the ID number everywhere unless a pii.view holder asks to reveal it; every reveal is audited', async () => {
    const masked = `${id.slice(0, 4)}**********${id.slice(14)}`;
    expect((await sales.get(`/api/v1/customers/${customerId}`)).body.customer.idNumber).toBe(masked);
    expect((await customers(sales, 'q=林安')).items[0].idNumber).toBe(masked);
    expect((await manager.get(`/api/v1/customers/${customerId}`)).body.customer).toMatchObject({ idNumber: masked, idNumberRevealed: false });

    const refused = await sales.get(`/api/v1/customers/${customerId}?reveal=idNumber`, en);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('pii.view');

    const shown = await manager.get(`/api/v1/customers/${customerId}?reveal=idNumber`);
    expect(shown.status).toBe(200);
    expect(shown.body.customer).toMatchObject({ idNumber: id, idNumberRevealed: true });
    const views = (await admin.get(`/api/v1/audit?action=pii.view&entityId=${customerId}`)).body;
    expect(views.total).toBe(1);
    expect(views.items[0]).toMatchObject({ actorName: 'pii_manager', entityType: 'customer', changes: { field: 'idNumber', customerName: '林安' } });
    // the customer page's history shows who looked
    const history = (await manager.get(`/api/v1/customers/${customerId}`)).body.history;
    expect(history.some((h: { action: string; actorName: string }) => h.action === 'pii.view' && h.actorName === 'pii_manager')).toBe(true);
  });

  it('exports the list as CSV or XLSX with customer.read (personal data only with pii.export), within the data scope, and audits each export', async () => {
    const robot = await t.userWithRoles('export_robot', ['integration']);
    expect((await robot.get('/api/v1/customers/export?format=csv')).status).toBe(403);
    const before = await auditCount('export');
    const csv = await admin.get('/api/v1/customers/export?format=csv&q=林安');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="customers-.*\.csv"/);
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('姓名/名称');
    expect(lines[1]).toContain('林安');
    expect(lines[1]).toContain(`${id.slice(0, 4)}**********${id.slice(14)}`);
    expect(lines[1]).not.toContain(id);
    expect(lines[1]).toContain('13811112222');
    expect(await auditCount('export')).toBe(before + 1);
    const entry = (await admin.get('/api/v1/audit?action=export&pageSize=1')).body.items[0];
    expect(entry).toMatchObject({ entityType: 'customers', actorKind: 'user', action: 'export' });
    expect(entry.changes).toMatchObject({ list: 'customers', format: 'csv', count: 1, idNumbers: 'masked', personalData: 'clear', filters: { q: '林安' } });

    // full numbers only on request, and only with pii.view (the administrator has it)
    const full = await admin.get('/api/v1/customers/export?format=csv&q=林安&reveal=idNumber');
    expect(String(full.body)).toContain(id);
    expect((await admin.get('/api/v1/audit?action=export&pageSize=1')).body.items[0].changes.idNumbers).toBe('full');

    // an ID number searched for is kept masked in the audit log too
    await admin.get(`/api/v1/customers/export?format=csv&q=${id.toLowerCase()}`);
    expect((await admin.get('/api/v1/audit?action=export&pageSize=1')).body.items[0].changes).toMatchObject({ count: 1, filters: { q: `${id.slice(0, 4)}**********${id.slice(14)}` } });

    const xlsx = await t.app.inject({ method: 'GET', url: '/api/v1/customers/export?format=xlsx&department=%E8%A5%BF%E6%BA%AA%E6%A1%88%E5%9C%BA', headers: { cookie: `clubcrm_session=${admin.cookie}`, 'accept-language': 'en' } });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('Customers');
    expect(ws.getRow(1).getCell(2).value).toBe('name');
    const names = [];
    for (let r = 2; r <= ws.rowCount; r++) names.push(ws.getRow(r).getCell(2).value);
    expect(names).toContain('林安');
    expect(await auditCount('export')).toBe(before + 4);

    // without pii.export the contact data is masked; a sales office sees its own department only
    const masked = String((await sales.get('/api/v1/customers/export?format=csv')).body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(masked.slice(1).every((l) => l.includes('西溪案场'))).toBe(true);
    expect(masked.join('\n')).toContain('138****2222');
    expect(masked.join('\n')).not.toMatch(/1[3-9]\d{9}/);
    expect((await admin.get('/api/v1/audit?action=export&pageSize=1')).body.items[0].changes).toMatchObject({ personalData: 'masked', count: masked.length - 1 });
  });

  it('a database dump holds no readable ID number — neither the whole number nor its middle digits', async () => {
    // edits and audit lines of a record with an ID number are in the dump too
    await sales.patch(`/api/v1/customers/${customerId}`, { address: '杭州市西湖区文三路 90 号' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-dump-')), 'dump.gz');
    await backupTo(t.db, file);
    const dump = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    expect(dump).toContain('林安'); // the dump is readable: the check below means something
    expect(dump).not.toContain(id);
    expect(dump).not.toContain(id.slice(4, 14));
    expect(dump).not.toContain(id.slice(6, 14));
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});

describe('the API documentation', () => {
  it('describes what the customer routes really reply', async () => {
    const doc = (await t.anonymous.get('/api/docs/json')).body;
    const ajv = new ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const check = (method: string, url: string, body: unknown) => {
      const schema = doc.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()]?.responses?.['200']?.content?.['application/json']?.schema;
      expect(schema, `${method} ${url}`).toBeDefined();
      const validate = ajv.compile(schema);
      expect(validate(body) ? [] : validate.errors, `${method} ${url}`).toEqual([]);
    };
    const created = await admin.post('/api/v1/customers', { name: '文档', idNumber: residentId('19770707', 707), tags: ['文档'] });
    check('POST', '/api/v1/customers', created.body);
    const p = await admin.post(`/api/v1/customers/${created.body.id}/purchases`, { project: '文档项目', unit: '1-1', priceFen: 100 });
    check('POST', '/api/v1/customers/:id/purchases', p.body);
    check('POST', '/api/v1/purchases/:id/payments', (await admin.post(`/api/v1/purchases/${p.body.id}/payments`, { amountFen: 100 })).body);
    check('GET', '/api/v1/customers/:id', (await admin.get(`/api/v1/customers/${created.body.id}?reveal=idNumber`)).body);
    check('GET', '/api/v1/customers', (await admin.get('/api/v1/customers?pageSize=100&deleted=include')).body);
    check('GET', '/api/v1/customers/facets', (await admin.get('/api/v1/customers/facets')).body);
    check('GET', '/api/v1/purchases', (await admin.get('/api/v1/purchases')).body);
    check('GET', '/api/v1/purchases/:id', (await admin.get(`/api/v1/purchases/${p.body.id}`)).body);
    check('DELETE', '/api/v1/customers/:id', (await admin.delete(`/api/v1/customers/${(await admin.post('/api/v1/customers', { name: '删' })).body.id}`)).body);
  });
});
