// 会员分析 in the console (issue 13 item 1): four members who joined in January and February 2024,
// one of whom left in March — the page for 2024 draws its charts, and switched to tables shows
// the joins and leaves per month and the cohort retention computed by hand. zh-CN and en.
// Merchant participation (item 5): uses per merchant and level and per quarter with ratings, as tables (zh-CN, en).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { rows, sql } from '../../src/db/index.ts';
import { countMemberAnalysis } from '../../src/modules/analysis/service.ts';
import { countMerchantParticipation } from '../../src/modules/merchants/participation-cells.ts';
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
  // 商家服务参与: a merchant whose name has markup, one service, three uses in 2024 (two vip, one normal)
  const [mc] = await rows<{ id: number }>(h.server.db.db, sql`INSERT INTO merchants (code, name) VALUES ('E2E1', '<b>悦榕</b>健身') RETURNING id`);
  const [sv] = await rows<{ id: number }>(h.server.db.db, sql`
    INSERT INTO merchant_services (merchant_id, name, starts_on, eligible_levels) VALUES (${mc.id}, '私教课', '2024-01-01', ARRAY['normal', 'vip']) RETURNING id`);
  for (const [m, level, at, rating] of [[ms[0], 'vip', '2024-02-10T02:00:00Z', 2], [ms[2], 'normal', '2024-05-10T02:00:00Z', -1], [ms[3], 'vip', '2024-05-11T02:00:00Z', null]] as const) {
    await rows(h.server.db.db, sql`INSERT INTO merchant_service_participations (service_id, member_id, level, participated_at, rating, recorded_by)
      VALUES (${sv.id}, ${m.id}, ${level}, ${at}::timestamptz, ${rating}, 'e2e')`);
  }
  // the member-analysis job's second part: the page reads the merchant participation from these cells
  await countMerchantParticipation(h.server.db, h.server.config.timeZone);
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
    // merchant participation: both charts drawn; as tables, the uses per merchant and level and per quarter (the name with markup is text)
    for (const id of ['merchants', 'merchant-quarters']) await card(id).locator('canvas').first().waitFor(wait);
    // counted by whole quarters, from the job's cells
    expect(await page.getByTestId('analysis-merchant-period').innerText()).toMatch(/^按季度统计：2024-Q1 至 2024-Q4 · 商家服务参与统计于 /);
    await showTable('merchants', '表格');
    expect(await card('merchants').locator('thead').innerText()).toMatch(/商家[\s\S]*会员等级[\s\S]*使用次数[\s\S]*会员数/);
    const merchantRows = (await card('merchants').locator('tbody tr.ant-table-row').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    expect(merchantRows).toEqual([['<b>悦榕</b>健身（E2E1）', 'VIP卡', '2', '2'], ['<b>悦榕</b>健身（E2E1）', '普通卡', '1', '1']]);
    await showTable('merchant-quarters', '表格');
    expect(await cells('merchant-quarters', '2024-Q1')).toEqual(['2024-Q1', '1', '1', '1', '2.00', '1 / 0 / 0', '—', '0']);
    expect(await cells('merchant-quarters', '2024-Q2')).toEqual(['2024-Q2', '2', '2', '1', '-1.00', '0 / 0 / 1', '—', '0']);
    expect(await cells('merchant-quarters', '2024-Q3')).toEqual(['2024-Q3', '0', '0', '0', '—', '0 / 0 / 0', '—', '0']);
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
    await card('merchants').locator('canvas').first().waitFor(wait);
    expect(await card('merchants').innerText()).toContain('Merchant services used, by merchant and level');
    expect(await page.getByTestId('analysis-merchant-period').innerText()).toMatch(/^By quarter: 2024-Q1 – 2024-Q4 · Merchant participation counted at /);
    await showTable('merchants', 'Table');
    expect(await card('merchants').locator('thead').innerText()).toMatch(/Merchant[\s\S]*Member level[\s\S]*Services used[\s\S]*Members/);
    expect((await card('merchants').locator('tbody tr.ant-table-row').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()).slice(2))).toEqual([['2', '2'], ['1', '1']]);
    await showTable('merchant-quarters', 'Table');
    expect(await card('merchant-quarters').locator('thead').innerText()).toMatch(/Quarter[\s\S]*Services used[\s\S]*Average member rating/);
    expect(await cells('merchant-quarters', '2024-Q2')).toEqual(['2024-Q2', '2', '2', '1', '-1.00', '0 / 0 / 1', '—', '0']);
    await h.screenshot(page, 'analysis-en');
    expect(h.pageErrors(page)).toEqual([]);
  });
});
