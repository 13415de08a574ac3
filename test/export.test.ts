// Export on every list (issue 12 item 5): CSV and XLSX of the list's filters, headers and values in
// the reader's language, personal data masked without pii.export, within the data scope, the
// list's permission, one audit line per export — for each list, through the shared export.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/http/server.ts';
import { startTestApp, type Session, type TestApp } from './helpers/app.ts';
import { nextId } from './helpers/membership.ts';
import { approvedActivity, addPoints, nextCardNo } from './helpers/points.ts';

let t: TestApp;
let admin: Session;
let service: Session;
let officeA: Session;
let officeB: Session;
let robot: Session;
let manager: Session;
const ids: Record<string, number> = {};

async function ok(r: Promise<{ status: number; body: any }>) {
  const res = await r;
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** An application entered by a sales office and approved with a card: a member of that office's department. */
async function member(office: Session, name: string, mobile: string, email: string) {
  const a = await ok(office.post('/api/v1/applications', {
    channel: 'sales_office', name, idType: 'resident_id', idNumber: nextId('19800101'), birthday: '1980-01-01', mobile, email, address: `杭州市${name}路 1 号`,
  }));
  const r = await ok(admin.post(`/api/v1/applications/${a.application.id}/approve`, { cardNo: nextCardNo('77') }));
  return { memberId: r.member.id as number, memberNo: r.member.memberNo as string };
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  await ok(admin.post('/api/v1/roles', {
    code: 'office_export', nameZh: '案场（导出测试）', nameEn: 'Office (export test)', dataScope: 'department',
    permissions: ['customer.read', 'member.read', 'member.apply', 'points.read', 'care.manage', 'complaint.manage', 'report.read'],
  }));
  officeA = await t.userWithRoles('office_a', ['office_export'], { department: '西溪案场' });
  officeB = await t.userWithRoles('office_b', ['office_export'], { department: '滨江案场' });
  service = await t.userWithRoles('export_service', ['service']);
  robot = await t.userWithRoles('export_robot', ['integration']);
  manager = await t.userWithRoles('export_manager', ['manager']);

  const a = await member(officeA, '张西溪', '13900000001', 'zhang@example.com');
  const b = await member(officeB, '李滨江', '13900000002', 'li@example.com');
  ids.memberA = a.memberId;
  ids.memberB = b.memberId;
  await ok(officeA.post('/api/v1/applications', { channel: 'sales_office', name: '王待审', idType: 'resident_id', idNumber: nextId('19750505'), birthday: '1975-05-05', mobile: '13900000003' }));

  const activity = await approvedActivity(admin);
  ids.activity = activity;
  expect((await addPoints(admin, a.memberId, 100, activity)).status).toBe(200);
  expect((await addPoints(admin, b.memberId, 50, activity)).status).toBe(200);
  await ok(admin.post(`/api/v1/activities/${activity}/costs`, { basis: 'shared', item: '场地租金', costFen: 50_000 }));
  await ok(admin.post(`/api/v1/activities/${activity}/costs`, { basis: 'per_participant', item: '茶点', costFen: 3_000 }));

  const plan = await ok(admin.post('/api/v1/redemption-plans', { item: '定制雨伞', pointsCost: 10 }));
  await ok(admin.post('/api/v1/redemptions', { planId: plan.id, memberId: a.memberId }));
  await ok(admin.post('/api/v1/redemptions', { planId: plan.id, memberId: b.memberId }));

  const care = await ok(admin.post('/api/v1/care/actions', { title: '年终感谢信', channel: 'letter', body: '感谢您的支持', filters: { memberIds: [a.memberId, b.memberId] } }));
  ids.care = care.id ?? care.care?.id;

  await ok(officeA.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '西溪漏水', complainantName: '张西溪', complainantPhone: '13900000001', memberNo: a.memberNo }));
  await ok(officeB.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '滨江噪音', complainantName: '李滨江', complainantPhone: '13900000002', memberNo: b.memberNo }));

  await ok(admin.post('/api/v1/merchants', { code: 'EXP-1', name: '西湖茶社', type: '餐饮' }));
  await ok(admin.post('/api/v1/merchants', { code: 'EXP-2', name: '滨江书店', type: '零售' }));
}, 120_000);

afterAll(async () => t?.close());

async function download(s: Session, url: string, lang: 'zh-CN' | 'en' = 'zh-CN') {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: `${SESSION_COOKIE}=${s.cookie}`, 'accept-language': lang } });
  return res;
}

/** The CSV's rows (header first), the BOM gone. */
async function csv(s: Session, url: string, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<string[][]> {
  const res = await download(s, url, lang);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/text\/csv/);
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[a-z-]+-\d{4}-\d{2}-\d{2}\.csv"$/);
  expect(res.body.startsWith('\uFEFF')).toBe(true);
  return parse(res.body.slice(1)) as string[][];
}

async function xlsx(s: Session, url: string): Promise<{ sheet: string; rows: unknown[][] }> {
  const res = await download(s, url, 'zh-CN');
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as never);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return { sheet: ws.name, rows };
}

const lastExport = async () => (await admin.get('/api/v1/audit?action=export&pageSize=1')).body.items[0];

interface Case {
  list: string;
  /** the export's path and a filter that keeps `shown` and leaves `hidden` out */
  path: () => string;
  filter: () => string;
  headers: [zh: string, en: string];
  sheet: [zh: string, en: string];
  shown: string;
  hidden?: string;
  /** personal data: as the admin (pii.export) sees it, and as the service centre (no pii.export) does */
  personal?: [clear: string, masked: string];
  /** a sales office of the other department: it sees `scope[0]`, never `scope[1]` */
  scope?: [theirs: string, others: string];
  /** who exports without pii.export (the service centre unless said) */
  maskedFor?: () => Session;
  /** an enum value in both languages */
  value?: [zh: string, en: string];
}

const cases: Case[] = [
  {
    list: 'members', path: () => '/api/v1/members/export', filter: () => 'name=张西溪', headers: ['会员号', 'member no.'], sheet: ['会员', 'Members'],
    shown: '张西溪', hidden: '李滨江', personal: ['13900000001', '139****0001'], scope: ['李滨江', '张西溪'], value: ['正常', 'active'],
  },
  {
    list: 'applications', path: () => '/api/v1/applications/export', filter: () => 'status=pending', headers: ['申请编号', 'application no.'], sheet: ['入会申请', 'Applications'],
    shown: '王待审', hidden: '张西溪', personal: ['13900000003', '139****0003'], scope: ['李滨江', '王待审'], value: ['待审核', 'pending'],
  },
  {
    list: 'cards', path: () => '/api/v1/cards/export', filter: () => `memberId=${ids.memberA}`, headers: ['卡号', 'card no.'], sheet: ['会员卡', 'Cards'],
    shown: '张西溪', hidden: '李滨江', scope: ['李滨江', '张西溪'], value: ['有效', 'active'],
  },
  {
    list: 'points-entries', path: () => '/api/v1/points/entries/export', filter: () => `memberId=${ids.memberA}&sourceType=activity`, headers: ['积分', 'points'], sheet: ['积分流水', 'Points entries'],
    shown: '张西溪', hidden: '李滨江', scope: ['李滨江', '张西溪'], value: ['已入账', 'posted'],
  },
  {
    list: 'redemptions', path: () => '/api/v1/redemptions/export', filter: () => `memberId=${ids.memberB}`, headers: ['兑付项目', 'item'], sheet: ['积分兑付', 'Redemptions'],
    shown: '李滨江', hidden: '张西溪', scope: ['李滨江', '张西溪'], value: ['待交付', 'pending'],
  },
  {
    list: 'activity-participants', path: () => `/api/v1/activities/${ids.activity}/participants/export`, filter: () => 'q=张西溪', headers: ['参加时间', 'attended'], sheet: ['活动参加者', 'Participants'],
    shown: '张西溪', hidden: '李滨江', scope: ['李滨江', '张西溪'], value: ['单个登记', 'one by one'],
  },
  {
    list: 'activity-costs', path: () => `/api/v1/activities/${ids.activity}/costs/export`, filter: () => '', headers: ['项目', 'item'], sheet: ['活动费用', 'Activity costs'],
    shown: '场地租金', value: ['公共费用', 'shared'],
  },
  {
    list: 'care-results', path: () => `/api/v1/care/actions/${ids.care}/members/export`, filter: () => 'q=李滨江', headers: ['结果', 'result'], sheet: ['关怀结果', 'Care results'],
    shown: '李滨江', hidden: '张西溪', scope: ['李滨江', '张西溪'], value: ['待登记', 'pending'],
  },
  {
    list: 'complaints', path: () => '/api/v1/complaints/export', filter: () => 'content=漏水', headers: ['投诉编号', 'complaint no.'], sheet: ['投诉', 'Complaints'],
    shown: '西溪漏水', hidden: '滨江噪音', personal: ['13900000001', '139****0001'], scope: ['滨江噪音', '西溪漏水'], value: ['待处理', 'pending'],
  },
  {
    list: 'merchants', path: () => '/api/v1/merchants/export', filter: () => 'type=餐饮', headers: ['编码', 'code'], sheet: ['商家', 'Merchants'],
    shown: '西湖茶社', hidden: '滨江书店', value: ['一般', 'normal'],
  },
  {
    list: 'audit-log', path: () => '/api/v1/audit/export', filter: () => 'action=complaint.receive', headers: ['操作', 'action'], sheet: ['操作日志', 'Audit log'],
    shown: '西溪漏水', hidden: '西湖茶社', personal: ['13900000001', '139****0001'], maskedFor: () => manager,
  },
];

const text = (rows: unknown[][]) => rows.map((r) => r.join('|')).join('\n');
const withFilter = (c: Case, more: string) => `${c.path()}?${[c.filter(), more].filter(Boolean).join('&')}`;

describe.each(cases)('export of $list', (c) => {
  it('CSV of the filter, headers and values in Chinese; XLSX in English; audited with who, list, filter, rows, format', async () => {
    const rows = await csv(admin, withFilter(c, 'format=csv'));
    expect(rows[0]).toContain(c.headers[0]);
    const body = text(rows.slice(1));
    expect(body).toContain(c.shown);
    if (c.hidden) expect(body).not.toContain(c.hidden);
    if (c.value) expect(body).toContain(c.value[0]);
    const line = await lastExport();
    expect(line).toMatchObject({ action: 'export', entityType: c.list, actorKind: 'user', actorName: expect.any(String) });
    expect(line.changes).toMatchObject({ list: c.list, format: 'csv', count: rows.length - 1, complete: true, personalData: 'clear' });
    if (c.filter()) expect(Object.keys(line.changes.filters)).toContain(c.filter().split('=')[0]);

    const book = await xlsx(admin, withFilter(c, 'format=xlsx&lang=en'));
    expect(book.sheet).toBe(c.sheet[1]);
    expect(book.rows[0]).toContain(c.headers[1]);
    expect(book.rows).toHaveLength(rows.length);
    const en = text(book.rows.slice(1));
    expect(en).toContain(c.shown);
    if (c.value) expect(en).toContain(c.value[1]);
    expect((await lastExport()).changes).toMatchObject({ list: c.list, format: 'xlsx', count: rows.length - 1 });
    // the Chinese workbook's sheet and the English CSV
    expect((await xlsx(admin, withFilter(c, 'format=xlsx'))).sheet).toBe(c.sheet[0]);
    expect((await csv(admin, withFilter(c, ''), 'en'))[0]).toContain(c.headers[1]);
  });

  it('needs the list\'s permission', async () => {
    const r = await download(robot, withFilter(c, 'format=csv'));
    expect(r.statusCode).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('FORBIDDEN');
  });

  if (c.personal) {
    const [clear, masked] = c.personal;
    it('shows personal data only to a holder of pii.export', async () => {
      const full = text(await csv(admin, withFilter(c, '')));
      expect(full).toContain(clear);
      const hidden = text(await csv(c.maskedFor?.() ?? service, withFilter(c, '')));
      expect(hidden).toContain(c.shown);
      expect(hidden).toContain(masked);
      expect(hidden).not.toContain(clear);
      expect((await lastExport()).changes).toMatchObject({ personalData: 'masked' });
    });
  }

  if (c.scope) {
    const [theirs, others] = c.scope;
    it('keeps to the data scope: a sales office of another department gets only its own rows', async () => {
      const body = text(await csv(officeB, `${c.path()}?format=csv`));
      expect(body).toContain(theirs);
      expect(body).not.toContain(others);
      expect(text(await csv(officeA, `${c.path()}?format=csv`))).toContain(others);
    });
  }
});

it('refuses a bad filter with a localised 400 naming the field, and exports nothing', async () => {
  const before = (await admin.get('/api/v1/audit?action=export&pageSize=1')).body.total;
  const r = await download(admin, '/api/v1/members/export?format=pdf', 'en');
  expect(r.statusCode).toBe(400);
  expect(JSON.parse(r.body).error.details[0].field).toBe('format');
  expect((await admin.get('/api/v1/audit?action=export&pageSize=1')).body.total).toBe(before);
});

it('reads a list longer than a page (keyset pages) whole, each row once', async () => {
  const { createMembers } = await import('./helpers/members.ts');
  await createMembers(t.db, 4_100, { prefix: 'EXPK' });
  const rows = await csv(admin, '/api/v1/members/export?format=csv');
  const numbers = rows.slice(1).map((r) => r[0]);
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(numbers.filter((n) => n.startsWith('MEXPK'))).toHaveLength(4_100);
  expect((await lastExport()).changes.count).toBe(numbers.length);
}, 120_000);
