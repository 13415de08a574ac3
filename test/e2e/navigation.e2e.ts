// Finding one's way in the console (issue 12 items 2, 3, 6, 7), zh-CN and en: the side menu stays
// in place while the content scrolls, and a page chosen low in the menu opens at its top; Enter in
// a date field of the new-activity dialog confirms the date and creates nothing; the member
// picker finds a member by name and by the last digits of the mobile and tells two 王伟 apart;
// on a browser set to UTC the dates and "today" are the company's (Asia/Shanghai); the audit log
// speaks words, its first start's actor included.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { residentId } from '../helpers/membership.ts';
import { pickMember, screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let call: (method: 'GET' | 'POST', url: string, payload?: unknown) => Promise<any>;
const wang: { memberNo: string; cardNo?: string }[] = [];

beforeAll(async () => {
  h = await startConsole();
  const signIn = await h.server.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: 'admin', password: 'E2e-admin-pass-1' } });
  const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  call = async (method, url, payload) => {
    const r = await h.server.app.inject({ method, url, payload: payload as never, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return JSON.parse(r.body);
  };
  // two members named 王伟: other mobiles, departments and projects; the first holds a card (a level)
  const people = [
    { idNumber: residentId(31, '19800101'), mobile: '13800138888', department: '滨江案场', project: '滨江一号', cardNo: '66300000001' },
    { idNumber: residentId(32, '19900202'), mobile: '13912341234', department: '西溪案场', project: '西溪花园', cardNo: undefined },
  ];
  for (const p of people) {
    const c = await call('POST', '/api/v1/customers', { name: '王伟', idNumber: p.idNumber, mobile: p.mobile, department: p.department });
    await call('POST', `/api/v1/customers/${c.id}/purchases`, { project: p.project, unit: '2-801', priceFen: 250_000_000 });
    // the purchase raised the buyer's automatic application (a second one for the same customer is refused): approve it
    const waiting = (await call('GET', `/api/v1/customers/${c.id}`)).pendingApplication;
    const r = await call('POST', `/api/v1/applications/${waiting.id}/approve`, p.cardNo ? { cardNo: p.cardNo } : {});
    wang.push({ memberNo: r.member.memberNo, cardNo: p.cardNo });
  }
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

/** How far the page's content is scrolled, wherever the scrolling happens (the window or the content area). */
const scrolled = async (p: Page) => Number(await p.evaluate("window.scrollY + (document.getElementById('main-content')?.scrollTop ?? 0)"));

describe('navigation', () => {
  test('the side menu stays in place while the content scrolls; a page chosen low in the menu opens at its top (zh-CN)', async () => {
    page = await h.signedInPage();
    await page.setViewportSize({ width: 1440, height: 560 });
    await page.goto(h.url('/audit'));
    await page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.mouse.move(900, 400);
    await page.mouse.wheel(0, 2000);
    await expect.poll(() => scrolled(page)).toBeGreaterThan(100);
    // the side menu did not scroll away with the content
    expect((await page.locator('.ant-layout-sider').boundingBox())!.y).toBe(0);
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '数据字典' }).click();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('数据字典');
    await expect.poll(() => scrolled(page)).toBe(0);
    const title = (await page.getByTestId('page-title').boundingBox())!;
    expect(title.y).toBeGreaterThanOrEqual(0);
    expect(title.y + title.height).toBeLessThan(560);
    await h.screenshot(page, 'navigation-top-after-menu');
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('Enter in a date field of the new-activity dialog takes the date and creates nothing (en)', async () => {
    page = await h.signedInPage({ language: 'en' });
    await page.goto(h.url('/activities'));
    await page.getByTestId('plan-activity').click();
    const dialog = page.getByRole('dialog', { name: 'Plan an activity' });
    await dialog.waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill('Half-filled salon');
    const start = dialog.locator('.ant-picker-range input').first();
    await start.click();
    await start.fill('2027-01-10');
    await page.keyboard.press('Enter');
    const end = dialog.locator('.ant-picker-range input').nth(1);
    await end.fill('2027-01-11');
    await page.keyboard.press('Enter');
    // the dates were taken, the dialog is still open, nothing was created
    await expect.poll(() => end.inputValue()).toBe('2027-01-11');
    await expect.poll(() => start.inputValue()).toBe('2027-01-10');
    expect(await dialog.isVisible()).toBe(true);
    expect((await call('GET', '/api/v1/activities?q=Half-filled')).total).toBe(0);
    await h.screenshot(page, 'navigation-enter-in-date');
    // the dialog's own button still saves it, with a message naming it
    await dialog.getByRole('button', { name: /Save/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('Half-filled salon');
    expect((await call('GET', '/api/v1/activities?q=Half-filled')).total).toBe(1);
  });
});

describe('the member picker', () => {
  test('finds both 王伟 by name, told apart by member no., level, mobile digits, department and project; one by the mobile\'s last digits (zh-CN)', async () => {
    page = await h.signedInPage();
    await page.goto(h.url('/cards'));
    await page.getByTestId('issue-card').click();
    const dialog = page.getByRole('dialog', { name: '发卡' });
    const picker = dialog.getByTestId('issue-member-no');
    await picker.click();
    await page.keyboard.type('王伟');
    const options = page.locator('.ant-select-dropdown:visible [data-testid="member-option"]');
    // the search runs as the name is typed: wait for the list of the whole name (its two members), not of '王'
    // (read the texts in the same poll: the list of '王' can be the same two and is then replaced)
    let texts: string[] = [];
    await expect.poll(async () => {
      texts = await options.allInnerTexts();
      return texts.length === 2 && wang.every((w) => texts.some((x) => x.includes(w.memberNo)));
    }).toBe(true);
    const first = texts.find((x) => x.includes(wang[0].memberNo))!;
    const second = texts.find((x) => x.includes(wang[1].memberNo))!;
    for (const part of ['王伟', '手机尾号 8888', '滨江案场', '滨江一号', '普通卡']) expect(first).toContain(part);
    for (const part of ['王伟', '手机尾号 1234', '西溪案场', '西溪花园', '无等级']) expect(second).toContain(part);
    await h.screenshot(page, 'navigation-picker-two-wang-wei');
    await page.keyboard.press('Escape');
    // by the mobile's last digits: only the second; chosen, it gets a card
    const shown = await pickMember(page, picker, '1234', wang[1].memberNo);
    expect(shown).toContain('西溪案场');
    await dialog.getByTestId('issue-card-no').fill('66300000002');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('66300000002');
    const cards = (await call('GET', '/api/v1/cards?cardNo=66300000002')).items as { memberNo: string }[];
    expect(cards.map((c) => c.memberNo)).toEqual([wang[1].memberNo]);
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('in English: a member found by the last digits of the mobile, with level and department (complaint receipt)', async () => {
    page = await h.signedInPage({ language: 'en' });
    await page.goto(h.url('/complaints'));
    await page.getByTestId('receive-complaint').click();
    const dialog = page.getByRole('dialog', { name: 'Receive a complaint' });
    await dialog.locator('label', { hasText: 'Find a member' }).click();
    const shown = await pickMember(page, dialog.getByTestId('receipt-member'), '8888', wang[0].memberNo);
    for (const part of ['王伟', 'mobile …8888', '滨江案场', '滨江一号', 'Standard card']) expect(shown).toContain(part);
    await page.keyboard.press('Escape');
  });
});

describe('the company time zone on a browser set to UTC', () => {
  test('a complaint received at 00:30 in Shanghai on 7 Dec shows that day, and the statistics count the company\'s today', async () => {
    // 2026-12-07 00:30 in Shanghai is 2026-12-06 16:30 in UTC
    const c = await call('POST', '/api/v1/complaints', {
      channel: 'phone', type: 'sales_service', content: '深夜来电：车位问题', complainantName: '夜间来电人', receivedAt: '2026-12-07T00:30:00+08:00',
    });
    expect(c.complaintNo).toMatch(/^TS20261207-/);
    page = await h.signedInPage({ timezoneId: 'UTC' });
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('UTC');
    await page.goto(h.url('/complaints'));
    const row = page.getByTestId('complaints-table').locator('tbody tr', { hasText: c.complaintNo });
    await expect.poll(() => row.innerText()).toContain('2026-12-07 00:30');
    await h.screenshot(page, 'navigation-utc-complaint-date');
    // the browser's clock at 00:40 in Shanghai (16:40 UTC, still 6 Dec there): "today" is 7 Dec, so the
    // statistics' default range (up to today) counts the complaint received ten minutes ago
    await page.clock.setFixedTime(new Date('2026-12-07T00:40:00+08:00'));
    await page.goto(h.url('/complaints/statistics'));
    const range = page.locator('.ant-picker-range input');
    await expect.poll(() => range.nth(1).inputValue()).toBe('2026-12-07');
    const received = page.locator('.ant-statistic', { hasText: '受理数' }).first().locator('.ant-statistic-content-value');
    await expect.poll(() => received.innerText()).toBe('1');
    expect(h.pageErrors(page)).toEqual([]);
  });
});

describe('the audit log in words', () => {
  for (const [language, receive, firstStart, search, createUser] of [
    ['zh-CN', '受理投诉', '首次启动', '受理', '新建用户'],
    ['en', 'Complaint received', 'First start', 'Complaint rec', 'User created'],
  ] as const) {
    test(`complaint actions and the first start's actor are named (${language}); the action filter is searched by words`, async () => {
      page = await h.signedInPage({ language });
      await page.goto(h.url('/audit'));
      const table = page.getByTestId('audit-table');
      const rows = table.locator('tbody tr.ant-table-row');
      await rows.first().waitFor();
      const filterBy = async (typed: string, label: string) => {
        await page.getByTestId('audit-action-filter').click();
        await page.keyboard.type(typed);
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
        await page.getByTestId('audit-filters').getByRole('button', { name: language === 'en' ? /Search/ : /查\s?询/ }).click();
      };
      // the action filter: type words, pick the action
      await filterBy(search, receive);
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain(receive);
      await h.screenshot(page, `navigation-audit-${language}`);
      // the administrator was created at the first start: its actor in words
      await filterBy(createUser, createUser);
      await expect.poll(() => table.innerText()).toContain(firstStart);
      expect(await table.innerText()).not.toContain('first start');
    });
  }
});
