// Calls in the console (zh-CN): an agent of the service centre takes a call from a known customer's
// number — typed with spaces, recognised, registered with a message naming the customer — then one
// from an unknown number, registered as 未识别来电 and made a sales lead (message with the lead's
// number). Escape closes the dialogs; the list shows both calls with masked numbers; the statistics open.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotOnFailure, startConsole, type ConsoleHarness, settled } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;

beforeAll(async () => {
  h = await startConsole();
  const call = await h.adminApi();
  await call('POST', '/api/v1/customers', { name: '王来电', mobile: '13966660001', department: '客服中心' });
  // a service-centre agent who may also make leads
  await h.createUser({ login: 'zuo.xi', name: '坐席小周', department: '客服中心', roleCodes: ['service', 'sales'] });
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

async function pick(label: string, option: string) {
  await page.getByTestId('call-form').getByLabel(label).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

describe('calls in the console', () => {
  test('a known caller recognised and registered; an unknown caller registered and made a lead; the list and statistics', async () => {
    page = await h.signedInPage({ login: 'zuo.xi' });
    await page.getByTestId('side-menu').getByRole('menuitem', { name: /(^|\s)通话$/ }).click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '来电登记' }).click();
    await page.waitForURL('**/calls/register');

    // a known customer's number, typed with spaces and +86
    await page.getByTestId('call-number').locator('input').fill('+86 139 6666 0001');
    await page.getByRole('button', { name: '识别来电' }).click();
    await page.getByTestId('caller-card').getByText('王来电').waitFor();
    await pick('类别', '咨询');
    await page.getByTestId('call-summary').fill('咨询会员积分兑换规则');
    await page.getByTestId('call-submit').click();
    await page.locator('.ant-message').getByText('已登记通话：13966660001，客户：王来电').waitFor();
    await page.getByRole('button', { name: '登记下一个来电' }).click();

    // an unknown number
    await page.getByTestId('call-number').locator('input').fill('13966660002');
    await page.getByRole('button', { name: '识别来电' }).click();
    await page.getByText('没有客户使用这个号码').waitFor();
    await pick('类别', '销售');
    await page.getByTestId('call-summary').fill('咨询西溪新盘三房');
    await page.getByTestId('call-submit').click();
    await page.locator('.ant-message').getByText('已登记通话：13966660002（未识别来电）').waitFor();

    // Escape closes the lead dialog without creating anything; then the lead is made
    await page.getByTestId('call-to-lead').click();
    let dialog = await settled(page.getByRole('dialog', { name: '从来电创建线索' }));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('call-to-lead').click();
    dialog = await settled(page.getByRole('dialog', { name: '从来电创建线索' }));
    await dialog.getByTestId('lead-from-call-name').fill('赵新客');
    await dialog.getByRole('button', { name: /创\s?建/ }).click();
    await page.locator('.ant-message').getByText(/已创建线索：赵新客（线索编号 \d+）/).waitFor();
    await page.getByRole('link', { name: /查看线索 #\d+/ }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await h.screenshot(page, 'calls-register');

    // the list: both calls, numbers masked, the unknown one as such
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '通话记录' }).click();
    await page.waitForURL('**/calls');
    const table = page.getByTestId('calls-table');
    await table.locator('tr', { hasText: '139****0001' }).getByText('王来电').waitFor();
    await table.locator('tr', { hasText: '139****0002' }).getByText('未识别来电').waitFor();
    await h.screenshot(page, 'calls-list');

    // a call's drawer: the whole number; the delete dialog closes on Escape
    await table.locator('tr', { hasText: '139****0001' }).locator('a').first().click();
    const drawer = page.getByTestId('call-drawer');
    await drawer.getByText('通话：13966660001').waitFor();
    await drawer.getByRole('button', { name: /删\s?除/ }).click();
    const del = await settled(page.getByRole('dialog', { name: '删除误录的通话' }));
    await page.keyboard.press('Escape');
    await del.waitFor({ state: 'hidden' });
    await drawer.getByText('咨询会员积分兑换规则').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });

    await page.getByTestId('side-menu').getByRole('menuitem', { name: '通话统计' }).click();
    await page.waitForURL('**/calls/stats');
    await page.getByTestId('call-stats').getByText('通话总数').waitFor();
    await h.screenshot(page, 'calls-statistics');
    expect(h.pageErrors(page)).toEqual([]);
  });
});
