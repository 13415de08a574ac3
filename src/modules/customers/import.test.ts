// Imports as jobs: old-project owners (老项目业主) and plain customers from CSV / XLSX, with the
// per-row report; duplicates within the file and against existing customers; GB18030 CSV;
// refusals that store nothing; and the job itself: chunk by chunk, an interrupted chunk leaves
// nothing behind, a resumed run writes every row exactly once, a cancelled import stops.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../db/index.ts';
import { makeCrypto } from '../../pii.ts';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { itOnPostgres, testSecret } from '../../../test/helpers/db.ts';
import { residentId, residentIdEndingInX, withWrongCheckDigit } from '../../../test/helpers/people.ts';
import { systemActor } from '../auth/actor.ts';
import { runImport, runOpenImports, staleUploadMinutes } from './import-job.ts';
import { beginUpload, checkStoredFile, queueImport, storeUpload, type UploadMeta } from './import.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
});
afterAll(async () => { await t?.close(); });

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const en = { 'accept-language': 'en' };
interface Issue { row: number; field: string; level: string; issue: string; key: string }
interface Imported {
  id: number; status: string; kind: string; totalRows: number; rowsDone: number; percent: number; importedRows: number; customersCreated: number;
  purchasesCreated: number; errorRows: number; duplicateRows: number; issueCount: number; error: string | null; issues: Issue[];
}

const upload = (s: Session, body: string | Buffer, query = '', type = 'text/csv', headers: Record<string, string> = {}) =>
  s.post(`/api/v1/customers/import${query}`, body, { 'content-type': type, ...headers });

/** Uploads a file, waits for the job to end, and reads the whole report. */
async function importFile(s: Session, body: string | Buffer, query = '', type = 'text/csv', headers: Record<string, string> = {}): Promise<Imported> {
  const res = await upload(s, body, `${query}${query ? '&' : '?'}wait=120`, type, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.status).toBe('done');
  const issues = await s.get(`/api/v1/customers/imports/${res.body.id}/issues?pageSize=500`, headers);
  return { ...res.body, issues: issues.body.items };
}
const issuesOf = (imp: { issues: Issue[] }) => imp.issues.map((i) => `${i.row}:${i.field}:${i.level}`);
const customersOfImport = async (id: number) => (await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM customers WHERE import_id = ${id}`))[0].n;

describe('a CSV of old-project owners', () => {
  const idA = residentIdEndingInX('19620304');
  const idB = residentId('19650708', 501);
  const idE = residentId('19700102', 505);
  const csv = [
    '姓名,证件类型,证件号码,手机,家庭电话,地址,项目,房号,房款,签约日期',
    `李明,居民身份证,${idA.toLowerCase()},13900000001,0571-88880001,杭州市上城区,金色家园,1-101,"1,200,000.50",2008-05-20`,
    `王芳,,${idB},,,,金色家园,1-102,,`,
    `李明,居民身份证,${idA},,,,金色家园,1-201,,`,
    `李明,,${idA},,,,金色家园,1-101,,`,
    `李四,,${idA},,,,金色家园,1-301,,`,
    `坏号,,${withWrongCheckDigit(residentId('19660101', 502))},,,,金色家园,1-401,,`,
    `缺房号,,${residentId('19670101', 503)},,,,金色家园,,,`,
    `手机错,,${residentId('19680101', 504)},1380000,,,金色家园,1-501,,`,
    `老客户,,${idE},,,,金色家园,2-101,,`,
    '',
    `价格错,,${residentId('19710101', 506)},,,,金色家园,1-601,abc,`,
    `护照客,护照,e1234567,,,,金色家园,1-701,,`,
    `字典错,驾照,${residentId('19720101', 507)},,,,金色家园,1-801,,`,
  ].join('\r\n');
  let existingId: number;
  let report: Imported;

  beforeAll(async () => {
    existingId = (await admin.post('/api/v1/customers', { name: '老客户', idNumber: idE, source: 'sales_system' })).body.id;
    report = await importFile(admin, csv, '?kind=owners&fileName=jinse.csv', 'text/csv', en);
  });

  it('imports the valid rows and reports each invalid row with its row number, field and a localised issue', () => {
    expect(report).toMatchObject({
      kind: 'owners', fileName: 'jinse.csv', format: 'csv', status: 'done', percent: 100, totalRows: 12, rowsDone: 12,
      customersCreated: 3, purchasesCreated: 5, importedRows: 5, errorRows: 6, duplicateRows: 1, issueCount: 7, error: null,
    });
    // row numbers are the file's lines (header = 1); the blank line 11 is skipped, not renumbered
    expect(issuesOf(report)).toEqual([
      '5:idNumber:duplicate', '6:name:error', '7:idNumber:error', '8:unit:error', '9:mobile:error', '12:price:error', '14:idType:error',
    ]);
    const byRow = (row: number) => report.issues.find((i) => i.row === row)!;
    expect(byRow(5).issue).toBe('duplicates row 2 (same ID number, project and unit)');
    expect(byRow(6).issue).toBe('has the same ID number as row 2 but another name (李明)');
    expect(byRow(7).issue).toBe('has a wrong check digit');
    expect(byRow(8).issue).toBe('is required');
    expect(byRow(9).issue).toBe('must be an 11-digit mainland China mobile number');
    expect(byRow(14).issue).toBe('is not an active value of dictionary "ID types": 驾照');
  });

  it('creates owners as property-import customers with a paid-off purchase that is not a new sale', async () => {
    const owners = (await admin.get('/api/v1/customers?source=property_import&pageSize=50')).body.items as { id: number; name: string; idNumber: string; isBuyer: boolean; mobile: string; importId: number }[];
    expect(owners.map((c) => c.name).sort()).toEqual(['护照客', '李明', '王芳']);
    const liMing = owners.find((c) => c.name === '李明')!;
    expect(liMing).toMatchObject({ isBuyer: true, mobile: '13900000001', importId: report.id });
    expect(liMing.idNumber.endsWith('X')).toBe(true);
    expect((await admin.get(`/api/v1/customers?idNumber=${idA}`)).body.items[0].id).toBe(liMing.id);
    const page = (await admin.get(`/api/v1/customers/${liMing.id}`)).body;
    expect(page.purchases.map((p: { unit: string }) => p.unit)).toEqual(['1-101', '1-201']);
    expect(page.purchases[0]).toMatchObject({ project: '金色家园', status: 'paid_off', origin: 'property_import', priceFen: 120_000_050, receivedFen: 120_000_050, contractDate: '2008-05-20', fullyPaidAt: null });
    // the record names its import and row; its history shows who imported which file, when
    expect(page.customer).toMatchObject({ importId: report.id, importRow: 2 });
    expect(page.purchases.map((p: { importRow: number }) => p.importRow)).toEqual([2, 4]);
    const history = page.history as { action: string; actorName: string; entityId: string; changes: Record<string, unknown> }[];
    expect(history.filter((h) => h.action === 'customer.importFile')).toEqual([
      expect.objectContaining({ actorName: '系统管理员', entityId: String(report.id), changes: expect.objectContaining({ kind: 'owners', fileName: 'jinse.csv', format: 'csv' }) }),
    ]);
    // not a sale: no automatic application, no "fully paid" event, no payments
    const ids = page.purchases.map((p: { id: number }) => p.id);
    const apps = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM applications WHERE purchase_id IN (${sql.join(ids, sql`, `)})`);
    expect(apps[0].n).toBe(0);
    expect((await admin.get('/api/v1/audit?action=purchase.fullyPaid')).body.total).toBe(0);
    expect((await admin.post(`/api/v1/purchases/${ids[0]}/payments`, { amountFen: 100 })).status).toBe(422);
  });

  it('gives a customer already on file only the new purchase, not a second record', async () => {
    const page = (await admin.get(`/api/v1/customers/${existingId}`)).body;
    expect(page.customer).toMatchObject({ source: 'sales_system', isBuyer: true });
    expect(page.purchases.map((p: { project: string; unit: string }) => `${p.project} ${p.unit}`)).toEqual(['金色家园 2-101']);
    expect((await admin.get(`/api/v1/customers?idNumber=${idE}`)).body.total).toBe(1);
  });

  it('imported again, the same file doubles nothing: every valid row is reported as already recorded', async () => {
    const again = await importFile(admin, csv);
    expect(again).toMatchObject({ customersCreated: 0, purchasesCreated: 0, importedRows: 0, errorRows: 6, duplicateRows: 6 });
    expect(again.issues.filter((i) => i.key === 'import.alreadyRecorded').map((i) => i.row)).toEqual([2, 3, 4, 10, 13]);
    expect(again.issues.find((i) => i.row === 2)!.issue).toMatch(/^客户 #\d+ 已有此项目和房号的购房记录，未重复导入$/);
    expect((await admin.get('/api/v1/customers?source=property_import')).body.total).toBe(3);
  });

  it('keeps the report: listed, shown again in the reader\'s language, downloadable as CSV', async () => {
    const list = (await admin.get('/api/v1/customers/imports?kind=owners')).body;
    expect(list.items.map((i: { id: number }) => i.id)).toContain(report.id);
    const zh = (await admin.get(`/api/v1/customers/imports/${report.id}/issues?level=error`)).body;
    expect(zh.total).toBe(6);
    expect(zh.items.find((i: Issue) => i.row === 7).issue).toBe('身份证号校验位错误');
    const file = await admin.get(`/api/v1/customers/imports/${report.id}/report`);
    expect(file.headers['content-type']).toMatch(/text\/csv/);
    const lines = String(file.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('行号,字段,类型,问题');
    expect(lines).toContain('7,证件号码 (idNumber),错误,身份证号校验位错误');
    expect(lines).toContain('5,证件号码 (idNumber),重复,与第 2 行重复（同一证件号码、项目和房号）');
    expect(lines).toHaveLength(1 + 7);
    const enFile = await admin.get(`/api/v1/customers/imports/${report.id}/report`, en);
    expect(String(enFile.body).split('\r\n')[0]).toBe('\uFEFFRow,Field,Kind,Issue');
    expect(String(enFile.body)).toContain('8,unit (unit),error,is required');
    // the report and the import carry no ID numbers
    expect(JSON.stringify(zh) + JSON.stringify(file.body)).not.toContain(idA.slice(4, 14));
    // the stored file is gone once the import ended
    const [{ n }] = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM customer_import_chunks WHERE import_id = ${report.id}`);
    expect(n).toBe(0);
  });
});

describe('a CSV of customers', () => {
  const idOld = residentId('19751111', 711);
  const csv = [
    '姓名,性别,生日,证件号码,手机,家庭电话,邮箱,地址,来源,标签,归属人,备注',
    `陈一,,,${residentId('19800101', 701)},13700000001,0571-86001234,chen@example.com,杭州市西湖区,,VIP、老业主,clerk1,首批`,
    `陈二,女,1990-02-03,,13700000002,,,,营销系统,,,`,
    `陈三,,,${residentId('19800101', 701)},,,,,,,,`,
    `陈四,,,,13700000002,,,,,,,`,
    `陈五,,,${residentId('19800303', 703)},13700000001,,,,,,,`,
    `老周,,,${idOld},,,,,,,,`,
    `周同号,,,,13700009999,,,,,,,`,
    `坏邮箱,,,,,,not-mail,,,,,`,
    `坏来源,,,,,,,,朋友介绍,,,`,
    `坏归属,,,,,,,,,,nobody,`,
    `,男,,,,,,,,,,`,
    `坏生日,,1990-13-40,,,,,,,,,`,
  ].join('\n');
  let imp: Imported;
  let oldId: number;
  beforeAll(async () => {
    await t.userWithRoles('clerk1', ['service']);
    oldId = (await admin.post('/api/v1/customers', { name: '老周', idNumber: idOld })).body.id;
    await admin.post('/api/v1/customers', { name: '周先生', mobile: '13700009999' });
    imp = await importFile(admin, csv, '?kind=customers&fileName=客户.csv', 'text/csv', en);
  });

  it('imports each new person once; duplicates by ID number or mobile, in the file or on file, are reported with the row or the customer', () => {
    expect(imp).toMatchObject({ kind: 'customers', totalRows: 12, rowsDone: 12, customersCreated: 3, importedRows: 3, purchasesCreated: 0, duplicateRows: 4, errorRows: 5 });
    expect(issuesOf(imp)).toEqual([
      '4:idNumber:duplicate', '5:mobile:duplicate', '7:idNumber:duplicate', '8:mobile:duplicate',
      '9:email:error', '10:source:error', '11:ownerLogin:error', '12:name:error', '13:birthday:error',
    ]);
    const byRow = (row: number) => imp.issues.find((i) => i.row === row)!;
    expect(byRow(4)).toMatchObject({ field: 'idNumber', issue: 'has the same ID number as row 2; not imported twice' });
    expect(byRow(5)).toMatchObject({ field: 'mobile', issue: 'has the same mobile as row 3; not imported twice' });
    expect(byRow(7)).toMatchObject({ field: 'idNumber', issue: `this ID number is already customer #${oldId}; not imported again` });
    expect(byRow(8).issue).toMatch(/^this mobile already belongs to customer #\d+ \(周先生\); not imported again$/);
    expect(byRow(9)).toMatchObject({ field: 'email', issue: 'is not a valid e-mail address' });
    expect(byRow(10)).toMatchObject({ field: 'source', issue: 'is not an active value of dictionary "Customer sources": 朋友介绍' });
    expect(byRow(11)).toMatchObject({ field: 'ownerLogin', issue: 'No active user with login nobody' });
    expect(byRow(12)).toMatchObject({ field: 'name', issue: 'is required' });
    expect(byRow(13)).toMatchObject({ field: 'birthday' });
  });

  it('two people sharing a phone but holding different ID numbers are both imported', async () => {
    const found = (await admin.get('/api/v1/customers?mobile=13700000001')).body.items.map((c: { name: string }) => c.name).sort();
    expect(found).toEqual(['陈一', '陈五']);
  });

  it('stores the fields as the customers module does: normalised, tagged, owned, sourced', async () => {
    const list = (await admin.get(`/api/v1/customers?pageSize=50`)).body.items as Record<string, unknown>[];
    const c1 = list.find((c) => c.name === '陈一')!;
    expect(c1).toMatchObject({
      gender: 'male', birthday: '1980-01-01', mobile: '13700000001', homePhone: '057186001234', email: 'chen@example.com', address: '杭州市西湖区',
      source: 'file_import', tags: ['VIP', '老业主'], ownerName: 'clerk1', note: '首批', importId: imp.id, isBuyer: false,
    });
    expect(String(c1.idNumber)).toMatch(/^3301\*+7011$|^3301\*+701\d$/);
    const c2 = list.find((c) => c.name === '陈二')!;
    expect(c2).toMatchObject({ gender: 'female', birthday: '1990-02-03', source: 'sales_system', ownerName: '系统管理员', idNumber: null });
  });

  it('a source for the rows can be chosen at upload; a source for owners or an unknown one is refused', async () => {
    const r = await importFile(admin, '姓名,手机\n来源测试,13600000001\n', '?kind=customers&source=website');
    expect(r.customersCreated).toBe(1);
    expect((await admin.get('/api/v1/customers?mobile=13600000001')).body.items[0].source).toBe('website');
    const owners = await upload(admin, '姓名,手机\n甲,13600000002\n', '?kind=owners&source=website', 'text/csv', en);
    expect(owners.status).toBe(400);
    expect(owners.body.error.details[0].field).toBe('source');
    const unknown = await upload(admin, '姓名,手机\n甲,13600000002\n', '?kind=customers&source=nope', 'text/csv', en);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: 'source', issue: 'is not an active value of dictionary "Customer sources": nope' }]);
  });
});

describe('file formats and refusals', () => {
  it('reads XLSX: header names in English, numbers, dates and text cells (owners)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('业主');
    ws.addRow(['name', 'idNumber', 'mobile', 'project', 'unit', 'price', 'contractDate', 'gender']);
    ws.addRow(['赵钱', residentId('19550505', 601), 13711112222, '翠苑', '8-808', 850000, new Date(Date.UTC(2003, 9, 1)), '男']);
    ws.addRow(['孙李', residentId('19560606', 602), '', '翠苑', '8-809', '', '', '未知']);
    wb.addWorksheet('说明').addRow(['此页不导入']);
    const imp = await importFile(admin, Buffer.from(await wb.xlsx.writeBuffer()), '?fileName=cuiyuan.xlsx', xlsxType);
    expect(imp).toMatchObject({ format: 'xlsx', totalRows: 2, customersCreated: 1, purchasesCreated: 1, errorRows: 1 });
    expect(issuesOf(imp)).toEqual(['3:gender:error']);
    const c = (await admin.get('/api/v1/customers?q=%E8%B5%B5%E9%92%B1')).body.items[0];
    expect(c).toMatchObject({ mobile: '13711112222', gender: 'male', source: 'property_import' });
    const p = (await admin.get(`/api/v1/customers/${c.id}`)).body.purchases[0];
    expect(p).toMatchObject({ project: '翠苑', unit: '8-808', priceFen: 85_000_000, contractDate: '2003-10-01' });
  });

  it('reads XLSX of customers, a duplicate mobile in the file reported', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['姓名', '手机', '生日', '标签']);
    ws.addRow(['钱多多', 13822223333, new Date(Date.UTC(1988, 4, 6)), '高净值;车主']);
    ws.addRow(['钱少少', '13822223333', '', '']);
    const imp = await importFile(admin, Buffer.from(await wb.xlsx.writeBuffer()), '?kind=customers&fileName=kehu.xlsx', xlsxType);
    expect(imp).toMatchObject({ format: 'xlsx', totalRows: 2, customersCreated: 1, duplicateRows: 1 });
    expect(issuesOf(imp)).toEqual(['3:mobile:duplicate']);
    const c = (await admin.get('/api/v1/customers?mobile=13822223333')).body.items;
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ name: '钱多多', birthday: '1988-05-06', tags: ['高净值', '车主'] });
  });

  it('reads a CSV saved by Chinese Excel (GB18030, not UTF-8)', async () => {
    // 姓名,证件号码,项目,房号 / 张三,<id>,Gold,1-1 in GBK bytes
    const id = residentId('19600101', 603);
    const gbk = Buffer.concat([
      Buffer.from('D0D5C3FB2CD6A4BCFEBAC5C2EB2CCFEEC4BF2CB7BFBAC50D0A', 'hex'),
      Buffer.from('D5C5C8FD', 'hex'), Buffer.from(`,${id},Gold,1-1\r\n`, 'ascii'),
    ]);
    const imp = await importFile(admin, gbk);
    expect(imp).toMatchObject({ customersCreated: 1, errorRows: 0 });
    expect((await admin.get(`/api/v1/customers?idNumber=${id}`)).body.items[0].name).toBe('张三');
  });

  it('refuses a file without the required columns, an empty file, other content types and broken XLSX — storing nothing', async () => {
    const before = (await admin.get('/api/v1/customers/imports')).body.total;
    const missing = await upload(admin, '姓名,证件号码,项目\n甲,1,金色家园\n', '', 'text/csv', en);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ field: 'file', issue: 'The file lacks required columns: unit (the first row must hold the column names)' }]);
    const noName = await upload(admin, '手机\n13900000000\n', '?kind=customers', 'text/csv', en);
    expect(noName.body.error.details).toEqual([{ field: 'file', issue: 'The file lacks required columns: name (the first row must hold the column names)' }]);
    const empty = await upload(admin, '姓名,证件号码,项目,房号\n,,,\n');
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0]).toEqual({ field: 'file', issue: '文件中没有数据行' });
    expect((await upload(admin, '')).status).toBe(400);
    const json = await admin.post('/api/v1/customers/import', { name: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.error.details[0].field).toBe('file');
    const broken = await upload(admin, Buffer.from('not a zip file'), '', xlsxType);
    expect(broken.status).toBe(400);
    expect(broken.body.error.details[0].field).toBe('file');
    expect((await admin.get('/api/v1/customers/imports')).body.total).toBe(before);
    const [{ n }] = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM customer_import_chunks`);
    expect(n).toBe(0);
  });

  it('needs customer.import', async () => {
    const sales = await t.userWithRoles('imp_sales', ['sales'], { department: '西溪案场' });
    expect((await upload(sales, '姓名,证件号码,项目,房号\n')).status).toBe(403);
    expect((await sales.get('/api/v1/customers/imports')).status).toBe(403);
  });

  it('the same upload with one Idempotency-Key is one import', async () => {
    const body = '姓名,手机\n幂等甲,13500000001\n';
    const a = await upload(admin, body, '?kind=customers&wait=60', 'text/csv', { 'idempotency-key': 'imp-once' });
    const b = await upload(admin, body, '?kind=customers&wait=60', 'text/csv', { 'idempotency-key': 'imp-once' });
    expect(a.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    expect((await admin.get('/api/v1/customers?mobile=13500000001')).body.total).toBe(1);
    expect((await admin.get('/api/v1/customers/imports?kind=customers&pageSize=100')).body.items.filter((i: { id: number }) => i.id > a.body.id)).toHaveLength(0);
  });
});

describe('the job', () => {
  const pii = makeCrypto(testSecret);
  /** An import stored and queued as the upload leaves it, without starting it. */
  async function staged(meta: UploadMeta, body: string) {
    const actor = { ...systemActor('test'), kind: 'user' as const, id: 1, name: 'admin' };
    const id = await t.db.transaction((tx) => beginUpload(tx, actor, meta));
    const file = await storeUpload(t.db, pii, id, (async function* () { yield Buffer.from(body); })(), { maxBytes: 1e9, maxRows: 1e7, csv: true });
    await checkStoredFile(t.db, pii, id, meta);
    await t.db.transaction((tx) => queueImport(tx, actor, id, file));
    return id;
  }
  const state = async (id: number) => (await admin.get(`/api/v1/customers/imports/${id}`)).body;

  // 2 500 customers, every 50th row a duplicate ID of the row before it, every 97th a bad mobile
  let dups = 0;
  let bad = 0;
  function customerFile(regions: string[], mobilePrefix: string) {
    const ids = Array.from({ length: 2500 }, (_, i) => residentId(`19${50 + (i % 40)}0${1 + (i % 9)}${10 + (i % 18)}`, i % 1000, regions[Math.floor(i / 1000)]));
    const lines = ['姓名,证件号码,手机'];
    dups = 0;
    bad = 0;
    for (let i = 0; i < 2500; i++) {
      const dup = i % 50 === 49;
      const badMobile = !dup && i % 97 === 96 && i % 50 !== 48; // the row a duplicate repeats is a good one
      if (dup) dups++;
      if (badMobile) bad++;
      lines.push(`客户${i},${dup ? ids[i - 1] : ids[i]},${badMobile ? '12345' : `${mobilePrefix}${String(i).padStart(8, '0')}`}`);
    }
    return lines.join('\n');
  }
  const bigCsv = customerFile(['330106', '330105', '330108'], '139');

  it('writes chunk by chunk with progress; a chunk interrupted before commit leaves nothing; the resumed run writes every row once', async () => {
    const id = await staged({ kind: 'customers', fileName: 'big.csv', format: 'csv' }, bigCsv);
    expect(await state(id)).toMatchObject({ status: 'queued', totalRows: 2500, rowsDone: 0, percent: 0 });
    // two chunks of 400, then stop as a killed process would between chunks
    expect(await runImport(t.db, pii, id, { chunkSize: 400, stopAfterChunks: 2 })).toBe('stopped');
    const mid = await state(id);
    expect(mid).toMatchObject({ status: 'running', rowsDone: 800, percent: 32 });
    expect(await customersOfImport(id)).toBe(mid.customersCreated);
    expect(mid.customersCreated + mid.duplicateRows + mid.errorRows).toBe(800);
    // the third chunk fails inside its transaction (a crash before commit): none of it stays
    await rows(t.db.db, sql`CREATE FUNCTION fail_import_issue() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
    await rows(t.db.db, sql`CREATE TRIGGER fail_import_issue BEFORE INSERT ON customer_import_issues FOR EACH STATEMENT EXECUTE FUNCTION fail_import_issue()`);
    const crash = await runImport(t.db, pii, id, { chunkSize: 400 }).then(() => null, (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(crash).toMatch(/simulated crash/);
    await rows(t.db.db, sql`DROP TRIGGER fail_import_issue ON customer_import_issues`);
    expect(await state(id)).toMatchObject({ status: 'running', rowsDone: 800, customersCreated: mid.customersCreated });
    expect(await customersOfImport(id)).toBe(mid.customersCreated);
    // resumed with another chunk size: from the cursor to the end
    expect(await runImport(t.db, pii, id, { chunkSize: 1000 })).toBe('done');
    const done = await state(id);
    expect(done).toMatchObject({ status: 'done', percent: 100, totalRows: 2500, rowsDone: 2500, customersCreated: 2500 - dups - bad, duplicateRows: dups, errorRows: bad });
    const [c] = await rows<{ n: number; people: number; rows: number }>(t.db.db, sql`
      SELECT count(*)::int AS n, count(DISTINCT id_number_hash)::int AS people, count(DISTINCT import_row)::int AS rows FROM customers WHERE import_id = ${id}`);
    expect(c).toEqual({ n: 2500 - dups - bad, people: 2500 - dups - bad, rows: 2500 - dups - bad });
    // one audit line per committed chunk (2 of 400, none for the rolled-back one, 2 of up to 1 000), adding up to the import
    const chunks = (await admin.get(`/api/v1/audit?action=customer.importChunk&entityId=${id}&pageSize=50`)).body.items.map((a: { changes: Record<string, number> }) => a.changes).reverse();
    expect(chunks.map((c: Record<string, number>) => [c.firstRow, c.lastRow, c.rows])).toEqual([[2, 401, 400], [402, 801, 400], [802, 1801, 1000], [1802, 2501, 700]]);
    expect(chunks.reduce((n: number, c: Record<string, number>) => n + c.customersCreated, 0)).toBe(2500 - dups - bad);
    const report = (await admin.get(`/api/v1/customers/imports/${id}/issues?level=duplicate&pageSize=100`)).body;
    expect(report.total).toBe(dups);
    // the row 51 duplicates row 50, which sat in the same chunk or an earlier one
    expect(report.items[0]).toMatchObject({ row: 51, field: 'idNumber', issue: '与第 50 行的证件号码相同，未重复导入' });
    expect(report.items.find((i: Issue) => i.row === 801)).toMatchObject({ issue: '与第 800 行的证件号码相同，未重复导入' });
    expect((await admin.get(`/api/v1/audit?action=customer.importDone&entityId=${id}`)).body.total).toBe(1);
    // run again: nothing more to do
    expect(await runImport(t.db, pii, id)).toBe('done');
    expect(await customersOfImport(id)).toBe(2500 - dups - bad);
  });

  it('a cancelled import stops: the job writes nothing more, and an ended import cannot be cancelled', async () => {
    const id = await staged({ kind: 'customers', fileName: 'cancel.csv', format: 'csv' }, '姓名,手机\n取消甲,13400000001\n取消乙,13400000002\n');
    const c = await admin.post(`/api/v1/customers/imports/${id}/cancel`, {}, en);
    expect(c.status).toBe(200);
    expect(c.body.status).toBe('cancelled');
    expect(await runImport(t.db, pii, id)).toBe('cancelled');
    expect(await customersOfImport(id)).toBe(0);
    const again = await admin.post(`/api/v1/customers/imports/${id}/cancel`, {}, en);
    expect(again.status).toBe(422);
    expect(again.body.error.message).toBe('The import has ended (cancelled) and cannot be cancelled');
    expect((await admin.get(`/api/v1/audit?action=customer.importCancel&entityId=${id}`)).body.total).toBe(1);
  });

  itOnPostgres('two runners at once (two processes): one works, the other stands aside; every row once', async () => {
    const id = await staged({ kind: 'customers', fileName: 'twice.csv', format: 'csv' }, customerFile(['110105', '110108', '310115'], '158'));
    const results = await Promise.all([runImport(t.db, pii, id, { chunkSize: 300 }), runImport(t.db, pii, id, { chunkSize: 300 })]);
    expect(results.sort()).toEqual(['busy', 'done']);
    const done = await state(id);
    expect(done).toMatchObject({ status: 'done', rowsDone: 2500, customersCreated: 2500 - dups - bad, duplicateRows: dups, errorRows: bad });
    expect(await customersOfImport(id)).toBe(2500 - dups - bad);
    const [{ n }] = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM (SELECT import_row FROM customers WHERE import_id = ${id} GROUP BY import_row HAVING count(*) > 1) x`);
    expect(n).toBe(0);
  });

  it('an upload whose process died is closed by the job after a while, its stored pieces removed', async () => {
    const actor = { ...systemActor('test'), kind: 'user' as const, id: 1, name: 'admin' };
    const meta: UploadMeta = { kind: 'customers', fileName: 'half.csv', format: 'csv' };
    const id = await t.db.transaction((tx) => beginUpload(tx, actor, meta));
    await storeUpload(t.db, pii, id, (async function* () { yield Buffer.from('姓名,手机\n半截,1340000'); })(), { maxBytes: 1e9, maxRows: 1e7, csv: true });
    await runOpenImports(t.db, pii);
    expect((await state(id)).status).toBe('uploading'); // still within the grace period
    await rows(t.db.db, sql`UPDATE customer_imports SET updated_at = now() - make_interval(mins => ${staleUploadMinutes + 1}) WHERE id = ${id}`);
    await runOpenImports(t.db, pii);
    const closed = (await admin.get(`/api/v1/customers/imports/${id}`, en)).body;
    expect(closed).toMatchObject({ status: 'failed', error: 'The upload was interrupted; please upload the file again' });
    const [{ n }] = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM customer_import_chunks WHERE import_id = ${id}`);
    expect(n).toBe(0);
  });

  it('a row limit refuses a larger CSV at upload', async () => {
    const small = await startTestApp({ importMaxRows: 3 });
    try {
      const s = await small.signIn();
      const r = await s.post('/api/v1/customers/import?kind=customers', '姓名\n甲\n乙\n丙\n丁\n', { 'content-type': 'text/csv', ...en });
      expect(r.status).toBe(400);
      expect(r.body.error.details).toEqual([{ field: 'file', issue: 'At most 3 rows can be imported at once' }]);
      expect((await s.get('/api/v1/customers/imports')).body.total).toBe(0);
    } finally {
      await small.close();
    }
  });
});
