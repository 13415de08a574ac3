// Membership in the console, as the service centre and a reviewer use it: an application that
// resembles an existing member is entered, reviewed beside its similar members, the member is
// picked and the application approved; the member page then shows the merged application and
// the change history (a profile edit, field by field).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { residentId } from '../helpers/people.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let memberNo = '';
let memberId = 0;
beforeAll(async () => { h = await startConsole(); });
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

const dialog = (p: Page, title: string | RegExp) => p.getByRole('dialog', { name: title });

describe('membership console', () => {
  test('an existing member, and a new application that resembles them entered at the service centre', async () => {
    page = await h.signedInPage();
    // the existing member, made through the API: 王小明, mobile 13912345678
    const a = await page.request.post(h.url('/api/v1/applications'), {
      data: { channel: 'sales_office', name: '王小明', idNumber: residentId('19800512', 231), mobile: '13912345678', address: '杭州市西湖区文三路 1 号' },
    });
    expect(a.ok(), await a.text()).toBe(true);
    const approved = await page.request.post(h.url(`/api/v1/applications/${(await a.json()).application.id}/approve`), { data: {} });
    expect(approved.ok(), await approved.text()).toBe(true);
    ({ id: memberId, memberNo } = (await approved.json()).member);

    await page.goto(h.url('/membership/applications'));
    await page.getByTestId('new-application').click();
    const d = dialog(page, '录入入会申请');
    await d.getByTestId('application-channel').getByText('客服中心').click();
    await d.getByTestId('application-sub-channel').click();
    await page.locator('.ant-select-dropdown').getByText('活动', { exact: true }).click();
    await d.getByTestId('application-name').fill('王晓明');
    await d.getByTestId('application-id-number').fill(residentId('19800512', 232));
    await d.getByTestId('application-mobile').fill('139 1234 5678');
    await d.getByRole('button', { name: /保\s?存/ }).click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('等待审核');
    const row = page.getByTestId('applications-table').locator('.ant-table-row', { hasText: '王晓明' });
    await row.waitFor();
    expect(await row.textContent()).toContain('待审核');
    expect(await row.textContent()).toContain('客服中心 · 活动');
    await h.screenshot(page, 'membership-applications');
  });

  test('the review shows the member beside the application, with why it is similar; picking it and approving joins them', async () => {
    await page.getByTestId('applications-table').locator('.ant-table-row', { hasText: '王晓明' }).getByRole('button', { name: '审核' }).click();
    await page.waitForURL(/\/membership\/applications\/\d+$/);
    expect(await page.getByTestId('application-card').textContent()).toContain('王晓明');
    const candidate = page.getByTestId('similar-members').locator('.ant-table-row', { hasText: memberNo });
    await candidate.waitFor();
    expect(await candidate.textContent()).toContain('王小明');
    expect(await candidate.textContent()).toContain('手机相同');
    expect(await candidate.textContent()).toContain('拼音相同');
    expect(await page.getByTestId('review-outcome').textContent()).toContain('成为新会员');
    await h.screenshot(page, 'membership-review');

    await candidate.locator('.ant-checkbox-input').check();
    await expect.poll(() => page.getByTestId('review-outcome').textContent()).toContain(`并入会员 ${memberNo}`);
    await page.getByTestId('approve').click();
    // the application's ID number differs from the member's: the console asks before joining them
    await page.getByRole('button', { name: '确认是同一人，并入' }).click();
    await page.waitForURL(new RegExp(`/members/${memberId}$`));
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain(`已审核：会员 ${memberNo}`);
  });

  test('the member page shows the merged application and the change history', async () => {
    await page.getByTestId('member-title').waitFor();
    expect(await page.getByTestId('member-title').textContent()).toBe(`${memberNo} · 王小明`);
    await page.getByTestId('tab-applications').click(); // the member page's tabs (issue 12 item 4)
    const apps = page.getByTestId('member-applications');
    await expect.poll(() => apps.locator('.ant-table-row').count()).toBe(2);
    const merged = apps.locator('.ant-table-row', { hasText: '王晓明' });
    expect(await merged.textContent()).toContain('并入已有会员');
    await page.getByTestId('tab-history').click();
    await expect.poll(() => page.getByTestId('member-history').textContent()).toContain('申请归并');

    // a profile edit by the service centre: each changed field is a line of the history
    await page.getByTestId('edit-profile').click();
    const d = dialog(page, /修改会员资料/);
    await d.getByTestId('profile-mobile').fill('13987654321');
    await d.getByTestId('profile-address').fill('杭州市滨江区江南大道 88 号');
    await d.getByRole('button', { name: /保\s?存/ }).click();
    await expect.poll(() => page.getByTestId('member-mobile').textContent()).toBe('13987654321');
    const history = page.getByTestId('member-history');
    await expect.poll(() => history.getByTestId('history-change').allTextContents()).toEqual(expect.arrayContaining([
      '13912345678 → 13987654321', '杭州市西湖区文三路 1 号 → 杭州市滨江区江南大道 88 号',
    ]));
    const mobileLine = history.locator('.ant-table-row', { hasText: '13987654321' });
    expect(await mobileLine.textContent()).toContain('资料修改');
    expect(await mobileLine.textContent()).toContain('手机');
    expect(await mobileLine.textContent()).toContain('系统管理员');
    await h.screenshot(page, 'membership-member');
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('the members list finds the member by the new mobile; in English too', async () => {
    await page.goto(h.url('/members'));
    await page.getByTestId('member-search').fill('13987654321');
    await page.getByRole('button', { name: /查\s?询/ }).click();
    await expect.poll(() => page.getByTestId('members-table').locator('.ant-table-row').count()).toBe(1);
    expect(await page.getByTestId('members-table').textContent()).toContain(memberNo);
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('members-table').textContent()).toContain('Active');
    expect(await page.getByTestId('side-menu').textContent()).toContain('Applications');
    await h.screenshot(page, 'membership-members-en');
    expect(h.pageErrors(page)).toEqual([]);
  });
});
