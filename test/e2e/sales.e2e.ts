// Sales in the console (zh-CN): a consultant records a walk-in prospect as a lead, adds a
// follow-up with the next date, sees each success message, the timeline and the lead in the
// list as 跟进中; the reminders page and the funnel open without errors.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotOnFailure, startConsole, type ConsoleHarness, settled } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;

beforeAll(async () => {
  h = await startConsole();
  await h.createUser({ login: 'gu.wen', name: '顾问小李', department: '西溪案场', roleCodes: ['sales'] });
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

describe('sales in the console', () => {
  test('create a lead, add a follow-up, see the messages, the timeline and the list', async () => {
    page = await h.signedInPage({ login: 'gu.wen' });
    await page.getByTestId('side-menu').getByRole('menuitem', { name: /(^|\s)销售$/ }).click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '线索' }).click();
    await page.waitForURL('**/sales/leads');

    await page.getByTestId('lead-create').click();
    const dialog = await settled(page.getByRole('dialog', { name: '新建线索' }));
    await dialog.getByLabel('姓名').fill('陈先生');
    await dialog.getByLabel('手机号').fill('13912345678');
    await dialog.getByLabel('意向').fill('西溪雲庐 三房');
    await dialog.getByRole('button', { name: /创\s?建/ }).click();
    await page.locator('.ant-message').getByText('已创建线索：陈先生').waitFor();

    const drawer = page.getByTestId('lead-drawer');
    await drawer.getByText('线索：陈先生').waitFor();
    await drawer.getByText('13912345678').waitFor();
    await drawer.getByTestId('follow-up-add').click();
    const fu = await settled(page.getByRole('dialog', { name: '添加跟进记录' }));
    await fu.getByLabel('跟进内容').fill('到访看了样板间，周末带家人再来');
    await fu.getByRole('button', { name: '添加跟进' }).click();
    await page.locator('.ant-message').getByText(/已添加跟进记录；下次跟进：\d{4}-\d{2}-\d{2}/).waitFor();
    await drawer.getByTestId('follow-up-timeline').getByText('到访看了样板间，周末带家人再来').waitFor();
    await drawer.getByTestId('lead-status').getByText('跟进中').waitFor();

    // once the dialog has gone (its closing animation gives the focus back to the drawer), Escape closes the drawer
    await fu.waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });
    const row = page.getByTestId('leads-table').locator('tr', { hasText: '陈先生' });
    await row.getByText('139****5678').waitFor();
    await row.getByText('跟进中').waitFor();
    await row.getByText('顾问小李 · 西溪案场').waitFor();

    await page.getByTestId('side-menu').getByRole('menuitem', { name: '跟进提醒' }).click();
    await page.waitForURL('**/sales/follow-ups');
    await page.getByTestId('due-table').waitFor();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '销售漏斗' }).click();
    await page.waitForURL('**/sales/funnel');
    await page.getByText('商机创建日期').waitFor();
    expect(h.pageErrors(page)).toEqual([]);
  });
});
