// Import of old-project owners (老项目业主) from property-management files, with the per-row report.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../db/index.ts';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { residentId, residentIdEndingInX, withWrongCheckDigit } from '../../../test/helpers/people.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
});
afterAll(async () => { await t?.close(); });

const upload = (s: Session, body: string | Buffer, type = 'text/csv', query = '', headers: Record<string, string> = {}) =>
  s.post(`/api/v1/customers/import${query}`, body, { 'content-type': type, ...headers });
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
interface Issue { row: number; field: string; level: string; issue: string; key: string }
const issuesOf = (body: { issues: Issue[] }) => body.issues.map((i) => `${i.row}:${i.field}:${i.level}`);

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
  let report: { id: number; totalRows: number; customersCreated: number; purchasesCreated: number; errorRows: number; duplicateRows: number; issues: Issue[] };

  beforeAll(async () => {
    existingId = (await admin.post('/api/v1/customers', { name: '老客户', idNumber: idE, source: 'sales_system' })).body.id;
    const res = await upload(admin, csv, 'text/csv', '?fileName=jinse.csv', { 'accept-language': 'en' });
    expect(res.status).toBe(200);
    report = res.body;
  });

  it('imports the valid rows and reports each invalid row with its row number, field and a localised issue', () => {
    expect(report).toMatchObject({ fileName: 'jinse.csv', format: 'csv', totalRows: 12, customersCreated: 3, purchasesCreated: 5, errorRows: 6, duplicateRows: 1 });
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
    expect(page.history.map((h: { action: string }) => h.action)).toContain('customer.import');
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
    const again = (await upload(admin, csv)).body;
    expect(again).toMatchObject({ customersCreated: 0, purchasesCreated: 0, errorRows: 6 });
    expect(again.issues.filter((i: Issue) => i.key === 'import.alreadyRecorded').map((i: Issue) => i.row)).toEqual([2, 3, 4, 10, 13]);
    expect(again.issues.find((i: Issue) => i.row === 2).issue).toMatch(/^客户 #\d+ 已有此项目和房号的购房记录，未重复导入$/);
    expect((await admin.get('/api/v1/customers?source=property_import')).body.total).toBe(3);
  });

  it('keeps the report: listed, shown again in the reader\'s language, downloadable as CSV', async () => {
    const list = (await admin.get('/api/v1/customers/imports')).body;
    expect(list.items.map((i: { id: number }) => i.id)).toContain(report.id);
    const zh = (await admin.get(`/api/v1/customers/imports/${report.id}`)).body;
    expect(zh.issues.find((i: Issue) => i.row === 7).issue).toBe('身份证号校验位错误');
    const file = await admin.get(`/api/v1/customers/imports/${report.id}/report`);
    expect(file.headers['content-type']).toMatch(/text\/csv/);
    const lines = String(file.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('行号,字段,类型,问题');
    expect(lines).toContain('7,证件号码 (idNumber),错误,身份证号校验位错误');
    expect(lines).toContain('5,证件号码 (idNumber),重复,与第 2 行重复（同一证件号码、项目和房号）');
    expect(lines).toHaveLength(1 + 7);
    const enFile = await admin.get(`/api/v1/customers/imports/${report.id}/report?lang=en`);
    expect(String(enFile.body)).toContain('8,unit (unit),error,is required');
    // the report carries no ID numbers
    expect(JSON.stringify(zh)).not.toContain(idA.slice(4, 14));
  });
});

describe('file formats and refusals', () => {
  it('reads XLSX: header names in English, numbers, dates and text cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('业主');
    ws.addRow(['name', 'idNumber', 'mobile', 'project', 'unit', 'price', 'contractDate', 'gender']);
    ws.addRow(['赵钱', residentId('19550505', 601), 13711112222, '翠苑', '8-808', 850000, new Date(Date.UTC(2003, 9, 1)), '男']);
    ws.addRow(['孙李', residentId('19560606', 602), '', '翠苑', '8-809', '', '', '未知']);
    const other = wb.addWorksheet('说明');
    other.addRow(['此页不导入']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(admin, buf, xlsxType, '?fileName=cuiyuan.xlsx');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'xlsx', totalRows: 2, customersCreated: 1, purchasesCreated: 1, errorRows: 1 });
    expect(issuesOf(res.body)).toEqual(['3:gender:error']);
    const c = (await admin.get('/api/v1/customers?q=%E8%B5%B5%E9%92%B1')).body.items[0];
    expect(c).toMatchObject({ mobile: '13711112222', gender: 'male', source: 'property_import' });
    const p = (await admin.get(`/api/v1/customers/${c.id}`)).body.purchases[0];
    expect(p).toMatchObject({ project: '翠苑', unit: '8-808', priceFen: 85_000_000, contractDate: '2003-10-01' });
  });

  it('reads a CSV saved by Chinese Excel (GB18030, not UTF-8)', async () => {
    // 姓名,证件号码,项目,房号 / 张三,<id>,Gold,1-1 in GBK bytes
    const id = residentId('19600101', 603);
    const gbk = Buffer.concat([
      Buffer.from('D0D5C3FB2CD6A4BCFEBAC5C2EB2CCFEEC4BF2CB7BFBAC50D0A', 'hex'),
      Buffer.from('D5C5C8FD', 'hex'), Buffer.from(`,${id},Gold,1-1\r\n`, 'ascii'),
    ]);
    const res = await upload(admin, gbk);
    expect(res.body).toMatchObject({ customersCreated: 1, errorRows: 0 });
    expect((await admin.get(`/api/v1/customers?idNumber=${id}`)).body.items[0].name).toBe('张三');
  });

  it('refuses a file without the required columns, an empty file and other content types — writing nothing', async () => {
    const before = (await admin.get('/api/v1/customers/imports')).body.total;
    const missing = await upload(admin, '姓名,证件号码,项目\n甲,1,金色家园\n', 'text/csv', '', { 'accept-language': 'en' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ field: 'file', issue: 'The file lacks required columns: unit (the first row must hold the column names)' }]);
    const empty = await upload(admin, '姓名,证件号码,项目,房号\n');
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0]).toEqual({ field: 'file', issue: '文件中没有数据行' });
    const json = await admin.post('/api/v1/customers/import', { name: 'x' });
    expect(json.status).toBe(400);
    const broken = await upload(admin, Buffer.from('not a zip file'), xlsxType);
    expect(broken.status).toBe(400);
    expect(broken.body.error.details[0].field).toBe('file');
    expect((await admin.get('/api/v1/customers/imports')).body.total).toBe(before);
  });

  it('needs customer.import', async () => {
    const sales = await t.userWithRoles('imp_sales', ['sales'], { department: '西溪案场' });
    expect((await upload(sales, '姓名,证件号码,项目,房号\n')).status).toBe(403);
  });

  it('writes a large file in multi-row chunks: 2,500 owners, one import', async () => {
    const lines = ['姓名,证件号码,手机,项目,房号'];
    for (let i = 0; i < 2500; i++) {
      const birth = `19${50 + (i % 40)}0${1 + (i % 9)}${String(10 + (i % 18))}`;
      lines.push(`业主${i},${residentId(birth, i % 1000, i < 1000 ? '330106' : i < 2000 ? '330105' : '330108')},139${String(i).padStart(8, '0')},大型小区,${Math.floor(i / 100)}-${i % 100}`);
    }
    const res = await upload(admin, lines.join('\n'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalRows: 2500, customersCreated: 2500, purchasesCreated: 2500, errorRows: 0, duplicateRows: 0 });
    const owners = await admin.get(`/api/v1/customers?project=${encodeURIComponent('大型小区')}&pageSize=1`);
    expect(owners.body.total).toBe(2500);
    const audit = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'customer.import' AND changes->>'importId' = ${String(res.body.id)}`);
    expect(audit[0].n).toBe(2500);
  });
});
