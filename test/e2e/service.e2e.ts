// The service desk in the console (zh-CN): an agent opens a ticket for a caller, replies, resolves
// it with the satisfaction score the customer gave on the phone, sees each success message, the
// timeline and the ticket in the list as 已解决; Escape closes the drawer; the knowledge base,
// statistics and service-level pages open without errors.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotOnFailure, startConsole, type ConsoleHarness, settled } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;

beforeAll(async () => {
  h = await startConsole();
  await h.createUser({ login: 'ke.fu', name: '客服小王', department: '客服中心', roleCodes: ['service'] });
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

describe('service desk in the console', () => {
  test('open a ticket, reply, resolve with a satisfaction score, see the messages, the timeline and the list', async () => {
    page = await h.signedInPage({ login: 'ke.fu' });
    await page.getByTestId('side-menu').getByRole('menuitem', { name: /(^|\s)服务台$/ }).click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '工单' }).click();
    await page.waitForURL('**/service/tickets');

    await page.getByTestId('ticket-create').click();
    const dialog = await settled(page.getByRole('dialog', { name: '新建工单' }));
    await dialog.getByLabel('主题').fill('门锁无法打开');
    await dialog.getByLabel('问题描述').fill('入户门指纹锁失灵，需要上门维修');
    await dialog.getByLabel('联系人').fill('周女士');
    await dialog.getByLabel('联系手机').fill('13912345678');
    await dialog.getByRole('button', { name: /创\s?建/ }).click();
    await page.locator('.ant-message').getByText(/^已创建工单 GD\d{8}-\d{6}$/).waitFor();

    const drawer = page.getByTestId('ticket-drawer');
    await drawer.getByText(/^工单 GD\d{8}-\d{6}$/).waitFor();
    await drawer.getByText('周女士 · 13912345678').waitFor();
    await drawer.getByTestId('ticket-status').getByText('新建').waitFor();

    await drawer.getByTestId('ticket-reply').click();
    const reply = await settled(page.getByRole('dialog', { name: '回复客户' }));
    await reply.getByLabel('内容').fill('您好，维修师傅今天下午上门');
    await reply.getByRole('button', { name: '回复客户' }).click();
    await page.locator('.ant-message').getByText('已回复客户').waitFor();
    await drawer.getByTestId('ticket-timeline').getByText('您好，维修师傅今天下午上门').waitFor();
    await drawer.getByTestId('ticket-status').getByText('处理中').waitFor();

    await drawer.getByTestId('ticket-resolve').click();
    const resolve = await settled(page.getByRole('dialog', { name: '解决工单' }));
    await resolve.getByLabel('解决说明').fill('已更换指纹锁模块');
    await resolve.getByTestId('resolve-with-survey').click();
    await resolve.getByTestId('survey-score').locator('.ant-rate-star').nth(3).click();
    await resolve.getByLabel('客户评价').fill('师傅很准时');
    await resolve.getByRole('button', { name: /^解\s?决$/ }).click();
    await page.locator('.ant-message').getByText(/^工单 GD\d{8}-\d{6} 已解决，满意度 4 分$/).waitFor();
    await drawer.getByTestId('ticket-status').getByText('已解决').waitFor();
    await drawer.getByTestId('ticket-survey-line').getByText('师傅很准时').waitFor();
    await resolve.waitFor({ state: 'hidden' });
    await h.screenshot(page, 'service-ticket');

    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });
    await page.getByRole('combobox', { name: '状态' }).click();
    await page.locator('.ant-select-dropdown').getByText('已解决', { exact: true }).click();
    const row = page.getByTestId('tickets-table').locator('tr', { hasText: '门锁无法打开' });
    await row.getByText('139****5678').waitFor();
    await row.getByText('已解决').waitFor();
    await row.getByText('客服小王 · 客服中心').waitFor();
    await h.screenshot(page, 'service-tickets');

    await page.getByTestId('side-menu').getByRole('menuitem', { name: '知识库' }).click();
    await page.waitForURL('**/service/articles');
    await page.getByTestId('articles-table').waitFor();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '服务统计' }).click();
    await page.waitForURL('**/service/statistics');
    await page.getByTestId('service-figures').waitFor();
    await h.screenshot(page, 'service-statistics');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '服务时限' }).click();
    await page.waitForURL('**/service/sla');
    await page.getByTestId('sla-table').waitFor();
    expect(h.pageErrors(page)).toEqual([]);
  });
});
