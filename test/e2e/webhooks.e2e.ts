// Webhook in the console (系统管理 → 账号与权限 → Webhook): the administrator creates an endpoint,
// sees its signing secret once, finds it in the list (the secret nowhere after), and queues a test
// event that shows in the deliveries. The service centre has no such menu entry.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;

beforeAll(async () => {
  h = await startConsole();
  await h.createUser({ login: 'kefu.hooks', name: '客服小周', department: '客服中心', roleCodes: ['service'] });
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

describe('webhooks in the console', () => {
  test('the administrator creates a webhook, sees the secret once, then finds it listed and sends a test', async () => {
    page = await h.signedInPage();
    const menu = page.getByTestId('side-menu');
    await menu.getByRole('menuitem', { name: '账号与权限' }).click();
    await menu.getByRole('menuitem', { name: 'Webhook' }).click();
    await page.waitForURL('**/accounts/webhooks');
    await page.getByRole('button', { name: '新建 Webhook' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('营销系统');
    await dialog.getByLabel('地址').fill('https://crm-bridge.example.com/hooks/clubcrm');
    await dialog.getByLabel('事件').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '全部变更' }).click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: '创 建' }).or(dialog.getByRole('button', { name: '创建' })).click();
    const secret = page.getByTestId('webhook-secret');
    await expect.poll(() => secret.innerText()).toMatch(/^whsec_[A-Za-z0-9+/=]{44}$/);
    const shown = await secret.innerText();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('营销系统');
    await h.screenshot(page, 'webhooks-secret');
    await page.getByRole('dialog').getByRole('button', { name: /完\s?成/ }).click();
    const row = page.getByTestId('webhooks-table').locator('tbody tr.ant-table-row', { hasText: '营销系统' });
    await expect.poll(() => row.innerText()).toContain('https://crm-bridge.example.com/hooks/clubcrm');
    expect(await row.innerText()).toContain('全部变更');
    expect(await row.innerText()).toContain('尚无投递');
    // the secret is never shown again
    await page.reload();
    await expect.poll(() => row.innerText()).toContain('营销系统');
    expect(await page.content()).not.toContain(shown);
    expect(await page.content()).not.toContain('whsec_');
    await row.getByRole('button', { name: '发送测试' }).click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('已向“营销系统”排队发送测试事件');
    const delivery = page.getByTestId('webhook-deliveries').locator('tbody tr.ant-table-row', { hasText: '发送 Webhook 测试事件' });
    await expect.poll(() => delivery.innerText()).toContain('待发送');
    await h.screenshot(page, 'webhooks');
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('the service centre has no Webhook menu entry', async () => {
    const staff = await h.signedInPage({ login: 'kefu.hooks' });
    await expect.poll(() => staff.getByTestId('side-menu').innerText()).toContain('会员关怀');
    expect(await staff.getByTestId('side-menu').innerText()).not.toContain('Webhook');
  });
});
