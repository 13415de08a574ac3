// 会员分析 in the console (issue 13 item 1): four members who joined in January and February 2024,
// one of whom left in March — the page for 2024 draws its charts, and switched to tables shows
// the joins and leaves per month and the cohort retention computed by hand. zh-CN and en.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { rows, sql } from '../../src/db/index.ts';
import { countMemberAnalysis } from '../../src/modules/analysis/service.ts';
import { createMembers } from '../helpers/members.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
const wait = { timeout: 30_000 }; // a busy machine: the first page load may take long

beforeAll(async () => {
  h = await startConsole();
  const ms = await createMembers(h.server.db, 4, { prefix: 'AN' });
  const at = [['2024-01-10T02:00:00Z', null], ['2024-01-20T02:00:00Z', '2024-03-20T02:00:00Z'], ['2024-01-25T02:00:00Z', null], ['2024-02-10T02:00:00Z', null]] as const;
  for (const [i, m] of ms.entries()) {
    const [joined, left] = at[i];
    await rows(h.server.db.db, sql`UPDATE members SET joined_at = ${joined}::timestamptz, archived_at = ${left}::timestamptz,
      status = ${left ? 'archived' : 'active'}, channel = 'sales_office' WHERE id = ${m.id}`);
    // a department name with markup: shown as text, never as HTML
    await rows(h.server.db.db, sql`UPDATE customers SET department = '<b>滨江</b>案场' WHERE id = ${m.customerId}`);
  }
  await countMemberAnalysis(h.server.db, h.server.config.timeZone);
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

const card = (id: string) => page.getByTestId(`analysis-${id}`);
const tableRow = (id: string, first: string) => card(id).locator('tbody tr.ant-table-row').filter({ has: page.locator('td', { hasText: new RegExp(`^${first}$`) }) });
const cells = async (id: string, first: string) => (await tableRow(id, first).locator('td').allInnerTexts()).map((s) => s.trim());

async function showTable(id: string, label: string) {
  await card(id).getByTestId(`analysis-${id}-view`).getByText(label, { exact: true }).click();
  await card(id).locator('tbody tr.ant-table-row').first().waitFor(wait);
}

describe('the member analysis page', () => {
  test('zh-CN: charts drawn; as tables, joins and leaves per month and cohort retention of the fixture', async () => {
    page = await h.signedInPage();
    await page.goto(h.url('/analysis/members?from=2024-01&to=2024-12'));
    for (const id of ['composition', 'flows', 'cohorts', 'moves', 'reach']) await card(id).locator('canvas').first().waitFor(wait);
    await expect.poll(() => card('composition').innerText(), wait).toContain('会员 3 位');
    await showTable('flows', '表格');
    expect(await cells('flows', '2024-01')).toEqual(['2024-01', '3', '0', '3']);
    expect(await cells('flows', '2024-02')).toEqual(['2024-02', '1', '0', '1']);
    expect(await cells('flows', '2024-03')).toEqual(['2024-03', '0', '1', '-1']);
    await showTable('cohorts', '表格');
    expect(await card('cohorts').locator('thead').innerText()).toMatch(/入会月份[\s\S]*3 个月后[\s\S]*24 个月后/);
    expect(await cells('cohorts', '2024-01')).toEqual(['2024-01', '3', '2 (66.7%)', '2 (66.7%)', '2 (66.7%)', '2 (66.7%)']);
    expect(await cells('cohorts', '2024-02')).toEqual(['2024-02', '1', '1 (100.0%)', '1 (100.0%)', '1 (100.0%)', '1 (100.0%)']);
    // by department, as a table: the name with markup is text
    await page.getByTestId('analysis-dimension').click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^部门$/ }).click();
    await showTable('composition', '表格');
    expect(await cells('composition', '<b>滨江</b>案场')).toEqual(['<b>滨江</b>案场', '3', '100.0%']);
    await h.screenshot(page, 'analysis-zh');
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('en: the same figures under English headings', async () => {
    page = await h.signedInPage({ language: 'en' });
    await page.goto(h.url('/analysis/members?from=2024-01&to=2024-12'));
    await card('flows').locator('canvas').first().waitFor(wait);
    expect(await card('flows').innerText()).toContain('Joins and leaves per month');
    await showTable('flows', 'Table');
    expect(await card('flows').locator('thead').innerText()).toMatch(/Month[\s\S]*Joined[\s\S]*Left[\s\S]*Net change/);
    expect(await cells('flows', '2024-03')).toEqual(['2024-03', '0', '1', '-1']);
    await showTable('cohorts', 'Table');
    expect(await cells('cohorts', '2024-01')).toEqual(['2024-01', '3', '2 (66.7%)', '2 (66.7%)', '2 (66.7%)', '2 (66.7%)']);
    expect(await card('composition').innerText()).toContain('3 members');
    await h.screenshot(page, 'analysis-en');
    expect(h.pageErrors(page)).toEqual([]);
  });
});
