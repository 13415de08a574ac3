// Member care in the console: members chosen by birthday month and previewed, a letter care sent
// to them (a task for staff), one result recorded; an SMS care sent by the system; the automatic
// birthday trigger turned on; the member's care history and the analysis charts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { residentId } from '../helpers/membership.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
const members: { memberId: number; memberNo: string; name: string }[] = [];

beforeAll(async () => {
  h = await startConsole();
  await h.createUser({ login: 'kefu.zhou', name: '周客服', department: '客服中心', roleCodes: ['service'] });
  const signIn = await h.server.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: 'admin', password: 'E2e-admin-pass-1' } });
  const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const call = async (url: string, payload: unknown) => {
    const r = await h.server.app.inject({ method: 'POST', url, payload: payload as never, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return JSON.parse(r.body);
  };
  const people = [
    { name: '孙丽', birthday: '1980-03-14', mobile: '13900000011', cardNo: '66100000001' },
    { name: '周强', birthday: '1990-03-02', mobile: '13900000012', cardNo: '66100000002' },
    { name: '吴敏', birthday: '1975-07-01', mobile: null, cardNo: '66100000003' },
  ];
  for (const [i, p] of people.entries()) {
    const a = await call('/api/v1/applications', {
      channel: 'service_center', subChannel: 'event', name: p.name, idType: 'resident_id', idNumber: residentId(20 + i, p.birthday.replaceAll('-', '')),
      birthday: p.birthday, mobile: p.mobile,
    });
    const r = await call(`/api/v1/applications/${a.application.id}/approve`, { cardNo: p.cardNo });
    members.push({ memberId: r.member.id, memberNo: r.member.memberNo, name: p.name });
  }
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

const menu = (label: string) => page.getByTestId('side-menu').getByRole('menuitem', { name: label });
/** Opens a page of the care menu (its group folds on a record's own page). */
async function go(label: string) {
  if (!(await menu(label).isVisible())) await menu('会员关怀').click();
  await menu(label).click();
}

/** Answers the confirmation of 发送关怀 and waits until it has gone (a confirmation left open would stop every later click). */
async function confirmSend() {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '发送关怀' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function choose(p: Page, testId: string, option: string) {
  await p.getByTestId(testId).click();
  await p.locator('.ant-select-dropdown:visible').getByText(option, { exact: true }).click();
}

describe('care in the console', () => {
  test('members born in March, previewed, receive a letter care; staff record one result', async () => {
    page = await h.signedInPage({ login: 'kefu.zhou' });
    await go('发起关怀');
    await page.waitForURL('**/care/new');
    await choose(page, 'filter-birthday-month', '3 月');
    await page.getByTestId('care-preview').click();
    await expect.poll(() => page.getByTestId('care-preview-result').innerText()).toContain('符合条件的会员：2 位（有手机 2，有邮箱 0）');
    await page.getByLabel('标题').fill('三月生日贺卡');
    await choose(page, 'care-channel', '信函');
    await page.getByLabel('关怀内容').fill('{name}您好，祝您生日快乐！');
    await page.getByLabel('赠送积分').fill('20');
    await h.screenshot(page, 'care-new');
    await page.getByTestId('care-send').click();
    await confirmSend();
    await page.waitForURL(/\/care\/actions\/\d+$/);
    await expect.poll(() => page.getByTestId('care-progress').innerText()).toContain('已完成 0 / 2');

    const row = page.getByTestId('care-members-table').locator('tbody tr.ant-table-row', { hasText: '孙丽' });
    await row.locator('input[type=checkbox]').check();
    await page.getByTestId('mark-reached').click();
    await expect.poll(() => page.getByTestId('care-progress').innerText()).toContain('已完成 1 / 2');
    // the progress and the table are two queries: the row may show its new state a moment later
    await expect.poll(() => row.innerText()).toContain('已送达');
    await h.screenshot(page, 'care-action');
  });

  test('an SMS care to a chosen member is sent by the system', async () => {
    await go('发起关怀');
    await page.getByTestId('filter-members').click();
    await page.keyboard.type(members[1].memberNo);
    await page.locator('.ant-select-dropdown:visible').getByText(members[1].memberNo, { exact: false }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('care-preview').click();
    await expect.poll(() => page.getByTestId('care-preview-result').innerText()).toContain('符合条件的会员：1 位');
    await page.getByLabel('标题').fill('换季问候');
    await page.getByLabel('关怀内容').fill('{name}您好，天气转凉，注意保暖。');
    await page.getByTestId('care-send').click();
    await confirmSend();
    await page.waitForURL(/\/care\/actions\/\d+$/);
    await expect.poll(() => page.getByTestId('care-members-table').innerText()).toContain('待发送');
  });

  test('the birthday trigger is turned on with its template', async () => {
    await go('自动关怀设置');
    const card = page.getByTestId('trigger-birthday');
    await card.getByRole('switch').click();
    await card.getByRole('button', { name: /保\s?存/ }).click();
    await expect.poll(() => card.innerText()).toContain('最后修改：周客服');
    await h.screenshot(page, 'care-triggers');
  });

  test("a member's care history and the analysis charts", async () => {
    await go('会员关怀历史');
    await page.getByTestId('history-member').click();
    await page.keyboard.type(members[0].memberNo);
    await page.locator('.ant-select-dropdown:visible').getByText(members[0].memberNo, { exact: false }).click();
    await expect.poll(() => page.getByTestId('care-history-table').innerText()).toContain('三月生日贺卡');
    expect(await page.getByTestId('care-history-table').innerText()).toContain('已送达');

    await go('关怀分析');
    await page.getByTestId('chart-care-channel').locator('canvas').first().waitFor();
    await page.getByTestId('chart-care-monthly').locator('canvas').first().waitFor();
    await page.waitForTimeout(800);
    await h.screenshot(page, 'care-statistics');
    expect(h.pageErrors(page)).toEqual([]);
  });
});
