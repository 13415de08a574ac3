// 客群 and 客户价值 in the console (issue 13 items 2, 3): a segment built with the filter builder
// (the live count follows the filters), saved (the message names it), its members listed and
// exported as CSV, then used as the audience of a manual care that reaches exactly its members;
// the customer-value page shows the segment distribution, the figures and the formula.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rows, sql } from '../../src/db/index.ts';
import { makeMember, type FixtureMember } from '../../src/modules/complaints/test-fixtures.ts';
import { computeMemberValues } from '../../src/modules/segments/value.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let zhao: FixtureMember;
let qian: FixtureMember;
let sun: FixtureMember;

beforeAll(async () => {
  h = await startConsole();
  zhao = await makeMember(h.server, { name: '赵滨江', mobile: '13900001111' });
  qian = await makeMember(h.server, { name: '钱滨江', mobile: '13900002222' });
  sun = await makeMember(h.server, { name: '孙西溪', mobile: '13900003333' });
  await rows(h.server.db.db, sql`UPDATE customers SET department = '滨江案场' WHERE name IN ('赵滨江', '钱滨江')`);
  await rows(h.server.db.db, sql`UPDATE customers SET department = '西溪案场' WHERE name = '孙西溪'`);
  await computeMemberValues(h.server.db, new Date(), h.server.config.timeZone);
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

const csvRows = (file: Buffer) => parse(file.toString('utf8').replace(/^\uFEFF/, '')) as string[][];

describe('segments in the console', () => {
  test('a segment is built with a live count, saved, listed, exported and used as a care audience', async () => {
    page = await h.signedInPage();
    await page.goto(h.url('/segments'));
    await page.getByTestId('new-segment').click();
    await page.waitForURL('**/segments/new');
    await expect.poll(() => page.getByTestId('segment-count').innerText(), { timeout: 30_000 }).toContain('符合条件的会员：3 位');
    const departments = page.getByTestId('filter-departments').locator('input');
    await departments.fill('滨江案场');
    await departments.press('Enter');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('segment-count').innerText(), { timeout: 30_000 }).toContain('符合条件的会员：2 位');
    await page.getByTestId('filter-value-segments').click();
    await page.locator('.ant-select-dropdown:visible').getByText('新会员', { exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('segment-count').innerText(), { timeout: 30_000 }).toContain('符合条件的会员：2 位');
    await page.getByTestId('segment-name').fill('滨江新会员');
    await page.getByTestId('segment-save').click();
    await expect.poll(() => page.locator('.ant-message-notice').last().textContent()).toContain('已创建客群“滨江新会员”');
    await page.waitForURL(/\/segments\/\d+$/);
    const table = page.getByTestId('segment-members');
    await expect.poll(() => table.innerText()).toContain('赵滨江');
    const listed = await table.innerText();
    expect(listed).toContain('钱滨江');
    expect(listed).not.toContain('孙西溪');
    await h.screenshot(page, 'segment');

    // export: the segment's members only
    await page.getByTestId('export-button').click();
    const downloading = page.waitForEvent('download');
    await page.locator('.ant-dropdown:visible').getByRole('menuitem', { name: /CSV/ }).click();
    const file = fs.readFileSync((await (await downloading).path())!);
    const lines = csvRows(file);
    expect(lines[0]).toEqual(expect.arrayContaining(['会员号', '姓名', '价值分群']));
    expect(lines.slice(1).map((r) => r[0]).sort()).toEqual([zhao.memberNo, qian.memberNo].sort());
    await expect.poll(() => page.locator('.ant-message-notice').last().textContent()).toContain('已导出客群会员');

    // care to the segment: exactly its two members
    await page.getByTestId('segment-care').click();
    await page.waitForURL(/\/care\/new\?segmentId=\d+$/);
    await page.getByTestId('care-preview').click();
    await expect.poll(() => page.getByTestId('care-preview-result').innerText()).toContain('符合条件的会员：2 位');
    await page.getByLabel('标题').fill('滨江新会员见面礼');
    await page.getByTestId('care-channel').click();
    await page.locator('.ant-select-dropdown:visible').getByText('信函', { exact: true }).click();
    await page.getByLabel('关怀内容').fill('{name}您好，欢迎加入客户会');
    await page.getByTestId('care-send').click();
    await page.getByRole('dialog').getByRole('button', { name: '发送关怀' }).click();
    await page.waitForURL(/\/care\/actions\/\d+$/);
    await expect.poll(() => page.getByTestId('care-progress').innerText()).toContain('已完成 0 / 2');
    await expect.poll(() => page.getByTestId('care-members-table').innerText()).toContain('赵滨江'); // the rows load after the progress
    const careTable = await page.getByTestId('care-members-table').innerText();
    expect(careTable).toContain('赵滨江');
    expect(careTable).toContain('钱滨江');
    expect(careTable).not.toContain('孙西溪');
  });

  test('the customer-value page shows the distribution, the figures and the formula, in English too', async () => {
    page = await h.signedInPage();
    await page.goto(h.url('/segments/value'));
    await expect.poll(() => page.getByTestId('value-segments').innerText()).toContain('新会员');
    expect(await page.getByTestId('value-segments').innerText()).toMatch(/新会员\s+3/);
    expect(await page.getByTestId('value-formula').innerText()).toContain('流失风险分（0–100）= 50 × min(距最近事件天数, 365) / 365');
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('value-rfm').innerText()).toContain('赵滨江');
    await h.screenshot(page, 'value');
    const en = await h.signedInPage({ language: 'en' });
    await en.goto(h.url('/segments/value'));
    await expect.poll(() => en.getByTestId('value-formula').innerText()).toContain('Churn score (0–100)');
    expect(await en.getByTestId('value-segments').innerText()).toContain('New member');
    await en.close();
  });
});
