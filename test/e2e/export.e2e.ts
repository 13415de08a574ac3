// 导出 on the lists (issue 12 item 5): on the members, complaints and audit pages a filter is
// applied, 导出 → CSV or Excel is clicked, and the file the browser downloads holds the filtered
// rows only, in the console's language; a message says what was exported. Then every other list
// with 导出 is exported once from its page: the header row in the page's language and as many
// rows as the page's total (under a filter where the page has one).
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeMember, type FixtureMember } from '../../src/modules/complaints/test-fixtures.ts';
import { nextId } from '../helpers/membership.ts';
import { signInTo } from '../helpers/server.ts';
import { adminLogin, adminPassword, screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let zhang: FixtureMember;
let li: FixtureMember;
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await startConsole();
  zhang = await makeMember(h.server, { name: '张导出', mobile: '13900007777' });
  li = await makeMember(h.server, { name: '李未选', mobile: '13900008888' });
  const clerk = await h.createUser({ login: 'export.clerk', name: '孙受理', roleCodes: ['service'] });
  const api = await signInTo(h.server.baseUrl, clerk.login, clerk.password);
  for (const [content, m] of [['客厅漏水，请尽快处理', zhang], ['楼下噪音扰民', li]] as const) {
    const r = await api.post(h.server.baseUrl, '/api/v1/complaints', { channel: 'phone', type: 'house_quality', content, complainantName: m.name, complainantPhone: '13900007777', memberNo: m.memberNo });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  // one of each of the other lists' rows, through the API as staff would
  const admin = await signInTo(h.server.baseUrl, adminLogin, adminPassword);
  const ok = async (p: string, body: unknown) => {
    const r = await admin.post(h.server.baseUrl, p, body);
    expect(r.status, `${p} ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  await ok('/api/v1/applications', { channel: 'sales_office', name: '王待审', idType: 'resident_id', idNumber: nextId('19750505'), birthday: '1975-05-05', mobile: '13900009999' });
  ids.activity = (await ok('/api/v1/activities', { name: '业主导出沙龙', type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31', pointsPerParticipant: 0 })).id;
  await ok(`/api/v1/activities/${ids.activity}/approve`, {});
  for (const m of [zhang, li]) await ok(`/api/v1/activities/${ids.activity}/participants`, { memberId: m.id });
  await ok('/api/v1/points/entries', { memberId: zhang.id, amount: 100, sourceType: 'activity', sourceId: ids.activity, reason: '沙龙签到' });
  await ok(`/api/v1/activities/${ids.activity}/costs`, { basis: 'shared', item: '场地租金', costFen: 50_000 });
  await ok(`/api/v1/activities/${ids.activity}/costs`, { basis: 'per_participant', item: '茶点', costFen: 3_000 });
  const plan = await ok('/api/v1/redemption-plans', { item: '定制雨伞', pointsCost: 10 });
  await ok('/api/v1/redemptions', { planId: plan.id, memberId: zhang.id });
  const care = await ok('/api/v1/care/actions', { title: '年终感谢信', channel: 'letter', body: '感谢您的支持', filters: { memberIds: [zhang.id, li.id] } });
  ids.care = care.id ?? care.care?.id;
  await ok('/api/v1/merchants', { code: 'EXP-1', name: '西湖茶社', type: '餐饮' });
  await ok('/api/v1/merchants', { code: 'EXP-2', name: '滨江书店', type: '零售' });
});
afterAll(async () => {
  await h?.close();
});
screenshotOnFailure(() => h, () => page);

/** Clicks 导出 → the format, and returns the downloaded file's bytes and the message shown. */
async function exportAs(p: Page, format: RegExp): Promise<{ file: Buffer; name: string; message: string }> {
  await p.locator('[data-testid="export-button"]:visible').click(); // the shown tab's, where a page has several
  const downloading = p.waitForEvent('download');
  await p.locator('.ant-dropdown:visible').getByRole('menuitem', { name: format }).click();
  const download = await downloading;
  const file = fs.readFileSync((await download.path())!);
  const notice = p.locator('.ant-message-notice').last();
  await notice.waitFor();
  const message = (await notice.textContent()) ?? '';
  return { file, name: download.suggestedFilename(), message };
}

const csvRows = (file: Buffer) => parse(file.toString('utf8').replace(/^\uFEFF/, '')) as string[][];

async function xlsxRows(file: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as never);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

/** How many rows the list shows: the pagination's total (共 N 条 / N in all), or the rows of an unpaged table. */
async function shownTotal(p: Page, table: string): Promise<number> {
  const t = p.getByTestId(table);
  await t.locator('.ant-table-row').first().waitFor();
  const total = t.locator('.ant-pagination-total-text');
  if (await total.count()) return Number((await total.textContent())!.replace(/\D/g, ''));
  return t.locator('.ant-table-row').count();
}

describe('export from the console', () => {
  test('members: the filtered member only, CSV in Chinese, with the message', async () => {
    page = await h.signedInPage();
    await page.goto(h.url('/members'));
    await page.getByTestId('member-search').fill(zhang.memberNo);
    await page.getByRole('button', { name: '查 询' }).or(page.getByRole('button', { name: '查询' })).first().click();
    await expect.poll(() => page.getByTestId('members-table').textContent()).not.toContain(li.memberNo);
    const { file, name, message } = await exportAs(page, /CSV/);
    expect(name).toMatch(/^members-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = csvRows(file);
    expect(rows[0]).toEqual(expect.arrayContaining(['会员号', '姓名', '手机']));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(expect.arrayContaining([zhang.memberNo, '张导出', '13900007777', '正常']));
    expect(message).toContain('已导出会员列表');
    expect(message).toContain('CSV');
    await page.getByTestId('export-button').click();
    await page.locator('.ant-dropdown:visible').waitFor();
    await h.screenshot(page, 'export-members');
  });

  test('complaints: a fuzzy word of the content, Excel in English', async () => {
    page = await h.signedInPage({ language: 'en' });
    await page.goto(h.url('/complaints'));
    await page.getByTestId('filter-content').fill('漏水');
    await page.getByTestId('filter-search').click();
    await expect.poll(() => page.locator('.ant-table-tbody').first().textContent()).not.toContain('噪音');
    const { file, name, message } = await exportAs(page, /Excel/);
    expect(name).toMatch(/^complaints-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as never);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('Complaints');
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(expect.arrayContaining(['complaint no.', 'content', 'status']));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(expect.arrayContaining(['客厅漏水，请尽快处理', '张导出', 'pending']));
    expect(message).toContain('Exported the complaints (Excel');
  });

  test('audit log: the lines of one person only', async () => {
    page = await h.signedInPage();
    await page.goto(h.url('/audit'));
    await page.getByTestId('audit-filters').getByPlaceholder('完整姓名').fill('孙受理');
    await page.getByTestId('audit-filters').getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('孙受理');
    const { file, message } = await exportAs(page, /CSV/);
    const rows = csvRows(file);
    expect(rows[0]).toEqual(expect.arrayContaining(['时间', '操作人', '操作']));
    const actor = rows[0].indexOf('操作人');
    const action = rows[0].indexOf('操作');
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.slice(1).every((r) => r[actor] === '孙受理')).toBe(true);
    expect(rows.slice(1).filter((r) => r[action] === 'complaint.receive')).toHaveLength(2);
    expect(message).toContain('已导出操作日志');
  });

  test('every other list with 导出: the file holds the rows the page counts, headed in its language', async () => {
    const zh = await h.signedInPage();
    const en = await h.signedInPage({ language: 'en' });
    type Lst = { path: string; table: string; lang?: 'en'; tab?: RegExp; filter?: [placeholder: RegExp, value: string]; xlsx?: true; header: string[]; holds: string; message: string };
    const lists: Lst[] = [
      { path: '/membership/applications', table: 'applications-table', filter: [/^申请编号、姓名/, '王待审'], header: ['申请编号', '姓名'], holds: '王待审', message: '已导出入会申请' },
      { path: '/cards', table: 'cards-table', filter: [/^卡号（前缀）$/, zhang.cardNo!], header: ['卡号', '会员号'], holds: zhang.cardNo!, message: '已导出会员卡' },
      { path: `/points/members/${zhang.id}`, table: 'entries-table', tab: /^积分流水$/, header: ['流水号', '会员号'], holds: zhang.memberNo, message: '已导出积分流水' },
      { path: '/points/redemptions', table: 'redemptions-table', xlsx: true, header: ['兑付编号', '会员号'], holds: '定制雨伞', message: '已导出兑付记录' },
      { path: `/activities/${ids.activity}`, table: 'participants-table', header: ['会员号', '卡号'], holds: li.memberNo, message: '已导出活动参加者' },
      { path: `/activities/${ids.activity}`, table: 'costs-table', lang: 'en', tab: /^Costs$/, xlsx: true, header: ['item', 'amount (yuan)'], holds: '场地租金', message: 'Exported the activity costs' },
      { path: `/care/actions/${ids.care}`, table: 'care-members-table', header: ['关怀', '会员号'], holds: '年终感谢信', message: '已导出关怀结果' },
      { path: '/merchants', table: 'merchants-table', lang: 'en', filter: [/^Name, code or parent company$/, '西湖'], header: ['code'], holds: '西湖茶社', message: 'Exported the merchants' },
      { path: '/customers', table: 'customers-table', filter: [/^姓名、拼音、手机/, '13900007777'], header: ['编号', '姓名/名称'], holds: '张导出', message: '已导出客户列表' },
    ];
    for (const l of lists) {
      page = l.lang === 'en' ? en : zh;
      await page.goto(h.url(l.path));
      if (l.tab) await page.getByRole('tab', { name: l.tab }).click();
      if (l.filter) {
        await page.getByPlaceholder(l.filter[0]).fill(l.filter[1]);
        await page.getByRole('button', { name: /^(查\s*询|Search)$/ }).first().click();
        await expect.poll(() => page.getByTestId(l.table).locator('.ant-table-row').count(), { message: l.path }).toBe(1);
      }
      const total = await shownTotal(page, l.table);
      const { file, message } = await exportAs(page, l.xlsx ? /Excel/ : /CSV/);
      const rows = l.xlsx ? await xlsxRows(file) : csvRows(file);
      expect(rows[0], l.table).toEqual(expect.arrayContaining(l.header));
      expect(rows.length - 1, l.table).toBe(total);
      expect(total, l.table).toBeGreaterThan(0);
      expect(rows.slice(1).flat(), l.table).toContain(l.holds);
      expect(message, l.table).toContain(l.message);
    }
  });
});
