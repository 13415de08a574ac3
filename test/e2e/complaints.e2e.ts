// A complaint's life in the console: received by phone from a member (card number), two
// processing steps — one with an expected finish already past, so it is overdue at once —
// the overdue list and its reminder, both steps finished, closed, then found again by a
// fuzzy word of its content. The statistics page draws its charts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { makeMember, type FixtureMember } from '../../src/modules/complaints/test-fixtures.ts';
import { rows, sql } from '../../src/db/index.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness, settled } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let member: FixtureMember;
let complaintNo = '';

beforeAll(async () => {
  h = await startConsole();
  await h.createUser({ login: 'wang.gc', name: '王工', department: '工程部', roleCodes: ['service'] });
  await h.createUser({ login: 'zhao.wy', name: '赵物业', department: '物业公司', roleCodes: ['service'] });
  await rows(h.server.db.db, sql`UPDATE users SET email = 'wang.gc@example.com' WHERE login = 'wang.gc'`);
  member = await makeMember(h.server, { name: '张三丰', mobile: '13900001111', level: 'vip' });
});
afterAll(async () => {
  await h?.close();
});
screenshotOnFailure(() => h, () => page);

/** A dialog once its opening animation is over: a click during the zoom can land beside its button. */
const drawer = () => page.getByTestId('complaint-drawer');
const at = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD HH:mm');

async function pick(p: Page, label: string, option: string, scope = p.getByRole('dialog')) {
  await scope.getByLabel(label, { exact: true }).click();
  await p.locator('.ant-select-dropdown:visible').getByText(option, { exact: true }).click();
}

async function typeDateTime(p: Page, label: string, value: string) {
  const input = p.getByRole('dialog').getByLabel(label, { exact: true });
  const openPanels = p.locator('.ant-picker-dropdown:visible');
  // the previous picker's panel may still be closing (its animation): one panel at a time
  await expect.poll(() => openPanels.count()).toBe(0);
  await input.click();
  await input.fill(value);
  // confirm with the panel's OK button (Enter would also submit the dialog's form)
  await openPanels.locator('.ant-picker-ok button').click();
  await expect.poll(() => input.inputValue()).toBe(value);
  await expect.poll(() => openPanels.count()).toBe(0);
}

async function addStep(opts: { handler: string; opinion: string; stepAt: string; due: string }) {
  await drawer().getByTestId('add-step').click();
  const dialog = await settled(page.getByRole('dialog', { name: '添加处理步骤' }));
  await pick(page, '处理人', opts.handler, dialog);
  await dialog.getByLabel('处理意见').fill(opts.opinion);
  await typeDateTime(page, '处理时间', opts.stepAt);
  await typeDateTime(page, '预计完成', opts.due);
  await dialog.getByRole('button', { name: /保\s?存/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('complaints in the console', () => {
  test('receive a complaint by phone from a member, by card number', async () => {
    page = await h.signedInPage();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '投诉管理' }).click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '投诉受理与处理' }).click();
    await page.waitForURL('**/complaints');
    await page.getByTestId('receive-complaint').click();
    const dialog = await settled(page.getByRole('dialog', { name: '受理投诉' }));
    // 电话 is the default channel
    expect(await dialog.locator('.ant-select', { hasText: '电话' }).count()).toBe(1);
    await pick(page, '类型', '房屋质量', dialog);
    await dialog.getByRole('textbox', { name: '卡号' }).fill(member.cardNo!);
    await dialog.getByLabel('投诉内容').fill('卫生间天花板漏水，楼上住户装修后开始渗水，多次报修未果');
    await pick(page, '重要程度', '高', dialog);
    // taken by phone three days ago, typed in now
    await typeDateTime(page, '受理时间', at(dayjs().subtract(3, 'day')));
    await h.screenshot(page, 'complaint-receipt');
    await dialog.getByRole('button', { name: '受理投诉' }).click();

    await drawer().getByTestId('complaint-status').waitFor();
    expect(await drawer().getByTestId('complaint-status').textContent()).toBe('待处理');
    const title = (await drawer().locator('.ant-drawer-title').textContent())!;
    complaintNo = /TS\d{8}-\d{6}/.exec(title)![0];
    expect(await drawer().textContent()).toContain('张三丰');
    expect(await drawer().textContent()).toContain(member.memberNo);
  });

  test('two processing steps; the first is past its expected finish and shows as overdue', async () => {
    await addStep({ handler: '王工（工程部）', opinion: '工程部上门查看渗水点', stepAt: at(dayjs().subtract(2, 'day')), due: at(dayjs().subtract(1, 'day')) });
    await drawer().getByTestId('step-1').waitFor();
    expect(await drawer().getByTestId('complaint-status').textContent()).toBe('处理中');
    await addStep({ handler: '赵物业（物业公司）', opinion: '物业协调楼上住户', stepAt: at(dayjs().subtract(1, 'hour')), due: at(dayjs().add(2, 'day')) });
    await drawer().getByTestId('step-2').waitFor();
    expect(await drawer().getByTestId('step-1').getByTestId('step-overdue').count()).toBe(1);
    expect(await drawer().getByTestId('step-2').getByTestId('step-overdue').count()).toBe(0);
    expect(await drawer().getByTestId('step-1').textContent()).toContain('工程部');
    await h.screenshot(page, 'complaint-steps');
  });

  test('the overdue list shows the step; reminding sends one notice to its handler, once', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '超期提醒' }).click();
    await page.waitForURL('**/complaints/overdue');
    const row = page.getByTestId('overdue-table').locator('.ant-table-row', { hasText: complaintNo });
    await row.waitFor();
    expect(await row.textContent()).toContain('王工');
    expect(await row.textContent()).toContain('未提醒');
    await page.getByTestId('remind-now').click();
    await page.locator('.ant-message').getByText('已发送 1 条提醒').waitFor();
    await expect.poll(() => row.textContent()).not.toContain('未提醒');
    await page.getByTestId('remind-now').click();
    await page.locator('.ant-message').getByText('已发送 0 条提醒').waitFor();
    const notices = await (await page.request.get(h.url('/api/v1/notices?purpose=complaint_overdue'))).json();
    expect(notices.items.map((n: { recipient: string }) => n.recipient)).toEqual(['wang.gc@example.com']);
    await h.screenshot(page, 'complaint-overdue');
  });

  test('closing needs every step finished; after finishing both it closes (done)', async () => {
    await page.getByTestId('overdue-table').getByText(complaintNo).click();
    await drawer().getByTestId('step-1').waitFor();
    await drawer().getByTestId('close-complaint').click();
    await (await settled(page.getByRole('dialog', { name: '关闭投诉（完成）' }))).getByRole('button', { name: '关闭投诉' }).click();
    await page.locator('.ant-message').getByText('还有 2 个未完成的处理步骤').waitFor();
    await page.getByRole('dialog', { name: '关闭投诉（完成）' }).getByRole('button', { name: /取\s?消/ }).click();

    for (const seq of [1, 2]) {
      await drawer().getByTestId(`finish-step-${seq}`).click();
      const dialog = await settled(page.getByRole('dialog', { name: `完成第 ${seq} 步` }));
      await dialog.getByLabel('完成说明').fill(seq === 1 ? '已修复渗水点' : '楼上住户已配合');
      await dialog.getByRole('button', { name: /保\s?存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => drawer().getByTestId(`finish-step-${seq}`).count()).toBe(0);
    }
    await drawer().getByTestId('close-complaint').click();
    const close = await settled(page.getByRole('dialog', { name: '关闭投诉（完成）' }));
    await close.getByLabel('处理结果说明').fill('已电话告知会员处理结果');
    await close.getByRole('button', { name: '关闭投诉' }).click();
    await expect.poll(() => drawer().getByTestId('complaint-status').textContent()).toBe('已完成');
    expect(await drawer().getByTestId('add-step').count()).toBe(0);
    expect(await drawer().getByTestId('complaint-history').textContent()).toContain('发送超期提醒');
    await h.screenshot(page, 'complaint-closed');
  });

  test('found again by a fuzzy word of its content', async () => {
    await page.goto(h.url('/complaints'));
    await page.getByTestId('filter-content').fill('天花漏水');
    await page.getByTestId('filter-search').click();
    const table = page.getByTestId('complaints-table');
    await expect.poll(() => table.locator('.ant-table-row').count()).toBe(1);
    expect(await table.locator('.ant-table-row').first().textContent()).toContain(complaintNo);
    expect(await table.locator('.ant-table-row').first().textContent()).toContain('已完成');
    await page.getByTestId('filter-content').fill('电梯故障');
    await page.getByTestId('filter-search').click();
    await expect.poll(() => table.locator('.ant-table-row').count()).toBe(0);
    await h.screenshot(page, 'complaint-search');
  });

  test('the statistics page draws the type pie and the monthly bars', async () => {
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '投诉统计' }).click();
    await page.waitForURL('**/complaints/statistics');
    await page.getByTestId('chart-by-type').locator('canvas').first().waitFor();
    await page.getByTestId('chart-monthly').locator('canvas').first().waitFor();
    expect(await page.locator('.ant-statistic').first().textContent()).toContain('1');
    await h.screenshot(page, 'complaint-statistics');
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('in English: the pages and the refusals of the API', async () => {
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: 'Receive and handle' }).click();
    await page.waitForURL('**/complaints');
    // a scrolling table repeats its titles in a hidden measuring row: the first header is the visible one
    await page.getByTestId('complaints-table').getByRole('columnheader', { name: 'Complaint no.' }).first().waitFor();
    await page.getByTestId('complaints-table').getByText(complaintNo).click();
    await page.getByTestId('complaint-drawer').getByText('Done', { exact: true }).waitFor();
    const history = await page.getByTestId('complaint-history').textContent();
    expect(history).toContain('Overdue reminder sent');
    expect(history).toContain('Closed');
    // a step on a closed complaint: the API's English refusal, asked directly
    const id = Number(new URL(page.url()).searchParams.get('id'));
    const refused = await page.request.post(h.url(`/api/v1/complaints/${id}/steps`), {
      data: { handlerId: 1, opinion: 'late' }, headers: { 'accept-language': 'en' },
    });
    expect(refused.status()).toBe(422);
    expect((await refused.json()).error.message).toBe(`Complaint ${complaintNo} is closed (done); it cannot take new steps — reopen it first`);
    await h.screenshot(page, 'complaint-en');
    expect(h.pageErrors(page)).toEqual([]);
  });
});
