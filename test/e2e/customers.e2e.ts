// The customer pages as staff use them: a customer typed in (the API's field error shown on the
// field, then fixed), the masked ID number revealed after confirmation, a purchase paid in full,
// customers and old-project owners imported as jobs (progress bar, per-row report, CSV report);
// and the list in English.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { residentId, withWrongCheckDigit } from '../helpers/people.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
beforeAll(async () => { h = await startConsole(); });
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

const id = residentId('19830917', 428, '330106');
const masked = `${id.slice(0, 4)}**********${id.slice(14)}`;
const dialog = (p: Page, title: string | RegExp) => p.getByRole('dialog', { name: title });

describe('customer pages', () => {
  test('a customer typed in: the wrong check digit is shown on the field, the fixed record opens its page', async () => {
    page = await h.signedInPage();
    await page.goto(h.url('/customers'));
    await page.getByRole('button', { name: '新增客户' }).click();
    await dialog(page, '新增客户').getByLabel('姓名').fill('许文静');
    await dialog(page, '新增客户').getByTestId('customer-id-number').fill(withWrongCheckDigit(id));
    await dialog(page, '新增客户').getByLabel('手机').fill('+86 139 0000 1234');
    await dialog(page, '新增客户').getByRole('button', { name: /保\s?存/ }).click();
    await expect.poll(() => dialog(page, '新增客户').locator('.ant-form-item-explain-error').allTextContents()).toContain('身份证号校验位错误');
    await h.screenshot(page, 'customer-create-error');

    await dialog(page, '新增客户').getByTestId('customer-id-number').fill(id.toLowerCase());
    await dialog(page, '新增客户').getByRole('button', { name: /保\s?存/ }).click();
    await page.waitForURL(/\/customers\/\d+$/);
    await page.getByTestId('customer-name').waitFor();
    expect(await page.getByTestId('customer-name').textContent()).toBe('许文静');
    expect(await page.getByTestId('customer-id').textContent()).toBe(masked);
    expect(await page.locator('.ant-descriptions').textContent()).toContain('13900001234');
  });

  test('the full ID number is shown only after confirming, and the view is in the history', async () => {
    await page.getByTestId('reveal-id').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '显示完整证件号码' }).click();
    await expect.poll(() => page.getByTestId('customer-id').textContent()).toBe(id);
    await expect.poll(() => page.locator('.ant-card', { hasText: '变更历史' }).textContent()).toContain('查看完整证件号码');
  });

  test('a purchase, then a payment of the whole price: paid off', async () => {
    await page.getByRole('button', { name: '新增购房记录' }).click();
    await dialog(page, '新增购房记录').getByLabel('项目').fill('西溪云庐');
    await dialog(page, '新增购房记录').getByLabel('房号').fill('6-1202');
    await dialog(page, '新增购房记录').getByLabel('房款（元）').fill('2800000');
    await dialog(page, '新增购房记录').getByRole('button', { name: /保\s?存/ }).click();
    const row = page.getByTestId('purchases-table').locator('.ant-table-row', { hasText: '6-1202' });
    await row.waitFor();
    expect(await row.textContent()).toContain('签约');
    expect(await page.locator('.ant-tag', { hasText: '购房客户' }).count()).toBeGreaterThan(0);

    await row.getByRole('button', { name: '登记收款' }).click();
    await dialog(page, /登记收款/).getByLabel('金额（元）').fill('3000000');
    await dialog(page, /登记收款/).getByRole('button', { name: /保\s?存/ }).click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('收款超出房款');
    await dialog(page, /登记收款/).getByLabel('金额（元）').fill('2800000');
    await dialog(page, /登记收款/).getByRole('button', { name: /保\s?存/ }).click();
    await expect.poll(() => row.textContent()).toContain('已付清');
    await h.screenshot(page, 'customer-page');
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('a refund of the paid purchase says what became of its points; then 退房', async () => {
    const row = page.getByTestId('purchases-table').locator('.ant-table-row', { hasText: '6-1202' });
    await row.getByRole('button', { name: '退款' }).click();
    const refund = dialog(page, /退款：/);
    expect(await refund.textContent()).toContain('其购房积分将被冲回');
    await refund.getByLabel('退款金额（元）').fill('100000');
    await refund.getByLabel('退款原因').fill('面积差退款');
    await refund.getByRole('button', { name: /^退\s?款$/ }).click();
    // the buyer is not a member yet: the points owed until joining are owed no more
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已退款 100,000.00 元。客户入会后不再补记此购房积分');
    await expect.poll(() => row.textContent()).toContain('签约');
    await row.locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => page.getByTestId(/^refunds-/).textContent()).toContain('面积差退款');
    await h.screenshot(page, 'customer-refund');

    await row.getByRole('button', { name: '退房' }).click();
    await dialog(page, /退房：/).getByLabel('退房原因').fill('客户退房');
    await dialog(page, /退房：/).getByRole('button', { name: '确认退房' }).click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已退房');
    await expect.poll(() => row.textContent()).toContain('已退房');
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('a customers file: the progress bar reaches done, bad and duplicate rows listed by row, the report downloadable', async () => {
    await page.goto(h.url('/customers/import'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-'));
    const file = path.join(dir, '客户名单.csv');
    fs.writeFileSync(file, [
      '姓名,证件号码,手机,标签',
      `客户甲,${residentId('19700101', 21)},13911120001,VIP`,
      `客户乙,${withWrongCheckDigit(residentId('19710101', 22))},13911120002,`,
      `客户丙,,1391112,`,
      `客户丁,${residentId('19720101', 23)},13911120004,`,
      `客户戊,${residentId('19700101', 21)},,`,
    ].join('\n'));
    await page.locator('input[type=file]').setInputFiles(file);
    const result = page.getByTestId('import-result');
    await result.waitFor();
    await expect.poll(() => result.getByTestId('import-status').textContent(), { timeout: 30_000 }).toBe('已完成');
    await expect.poll(() => result.getByTestId('import-progress').textContent()).toBe('5 / 5 行');
    const issues = page.getByTestId('import-issues');
    await expect.poll(() => issues.locator('.ant-table-row').count()).toBe(3);
    expect(await issues.textContent()).toContain('身份证号校验位错误');
    expect(await issues.textContent()).toContain('手机号应为 11 位中国大陆号码');
    expect(await issues.textContent()).toContain('与第 2 行的证件号码相同，未重复导入');
    expect(await result.getByRole('link', { name: '下载问题报告（CSV）' }).getAttribute('href')).toMatch(/\/report\?lang=zh-CN$/);
    // the report behind the link, in the reader's language
    const report = await page.request.get(h.url(`${await result.getByRole('link', { name: '下载问题报告（CSV）' }).getAttribute('href')}`));
    expect((await report.text()).split('\r\n')[0]).toBe('\uFEFF行号,字段,类型,问题');
    await expect.poll(() => page.getByTestId('import-history').locator('.ant-table-row').first().textContent()).toContain('客户名单.csv');
    await h.screenshot(page, 'customer-import');

    // old-project owners: the other kind, chosen before the upload
    await page.getByTestId('import-kind').getByText('老项目业主（物业名单）').click();
    const owners = path.join(dir, '金色家园.csv');
    fs.writeFileSync(owners, ['姓名,证件号码,手机,项目,房号', `业主甲,${residentId('19600101', 11)},13911110001,金色家园,1-101`].join('\n'));
    await page.locator('input[type=file]').setInputFiles(owners);
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('金色家园.csv');
    await expect.poll(() => result.getByTestId('import-status').textContent(), { timeout: 30_000 }).toBe('已完成');
    expect(await result.textContent()).toContain('全部数据行均已导入，没有问题。');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('the list, in English: masked ID numbers, the imported owners and the search', async () => {
    page = await h.signedInPage({ language: 'en' });
    await page.goto(h.url('/customers'));
    const table = page.getByTestId('customers-table');
    await table.locator('.ant-table-row').first().waitFor();
    expect(await table.textContent()).toContain(masked);
    expect(await table.textContent()).not.toContain(id);
    await page.getByTestId('customer-search').fill('13900001234');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => table.locator('.ant-table-row').count()).toBe(1);
    expect(await table.textContent()).toContain('许文静');
    expect(await page.getByTestId('side-menu').textContent()).toContain('Import');
    await h.screenshot(page, 'customers-en');
    expect(h.pageErrors(page)).toEqual([]);
  });
});
