// 导出 on the lists (issue 12 item 5): on the members, complaints and audit pages a filter is
// applied, 导出 → CSV or Excel is clicked, and the file the browser downloads holds the filtered
// rows only, in the console's language; a message says what was exported.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeMember, type FixtureMember } from '../../src/modules/complaints/test-fixtures.ts';
import { signInTo } from '../helpers/server.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let zhang: FixtureMember;
let li: FixtureMember;

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
});
afterAll(async () => {
  await h?.close();
});
screenshotOnFailure(() => h, () => page);

/** Clicks 导出 → the format, and returns the downloaded file's bytes and the message shown. */
async function exportAs(p: Page, format: RegExp): Promise<{ file: Buffer; name: string; message: string }> {
  await p.getByTestId('export-button').click();
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
});
