// The member 360° page (issue 12 item 4): a member with a card, points in lots, an activity attended,
// care, a complaint, a merchant service used and a notice. Opened from the member list, each tab shows
// its count and its rows; a sub card is issued and points booked from the page — the messages name the
// card and the points, and the counts follow. In English, the customer page's "Apply for membership"
// opens the application form filled from the customer's record and creates the application; the page then
// shows the application under review (linked) instead of the button, and a member's customer page links the member.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { verifyLedger } from '../../src/modules/points/verify.ts';
import { residentId } from '../helpers/membership.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let call: (method: 'GET' | 'POST', url: string, payload?: unknown) => Promise<any>;
let member: { id: number; memberNo: string };
let complaintNo = '';
let activityName = '';
let customerId = 0;
const applicantId = residentId(41, '19880808');

/** The API as the administrator, for the test's own setup. */
async function adminApi() {
  const signIn = await h.server.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: 'admin', password: 'E2e-admin-pass-1' } });
  const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const r = await h.server.app.inject({ method, url, payload: payload as never, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return JSON.parse(r.body);
  };
}

beforeAll(async () => {
  h = await startConsole();
  call = await adminApi();
  // a member with a main card (普通卡: 100 base points, the first lot)
  const a = await call('POST', '/api/v1/applications', {
    channel: 'service_center', subChannel: 'event', name: '欧阳明', idType: 'resident_id', idNumber: residentId(40, '19800101'), mobile: '13955550001',
  });
  const approved = await call('POST', `/api/v1/applications/${a.application.id}/approve`, { cardNo: '66000000101' });
  member = { id: approved.member.id, memberNo: approved.member.memberNo };
  // an activity attended, with 120 points for it (the second lot)
  activityName = '湖畔读书会';
  const act = await call('POST', '/api/v1/activities', {
    name: activityName, type: 'salon', startsOn: dayjs().subtract(1, 'day').format('YYYY-MM-DD'), endsOn: dayjs().add(30, 'day').format('YYYY-MM-DD'), pointsPerParticipant: 0,
  });
  await call('POST', `/api/v1/activities/${act.id}/approve`, {});
  await call('POST', `/api/v1/activities/${act.id}/participants`, { memberId: member.id });
  await call('POST', '/api/v1/points/entries', { memberId: member.id, amount: 120, sourceType: 'activity', sourceId: act.id, reason: '读书会' });
  await call('POST', '/api/v1/care/actions', { title: '年终感谢信', channel: 'letter', body: '感谢您的支持', filters: { memberIds: [member.id] } });
  complaintNo = (await call('POST', '/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '阳台渗水', memberId: member.id })).complaintNo;
  const merchant = await call('POST', '/api/v1/merchants', { code: 'TEA1', name: '湖畔茶馆' });
  const service = await call('POST', `/api/v1/merchants/${merchant.id}/services`, { name: '会员茶歇', startsOn: '2020-01-01', eligibleLevels: ['normal'] });
  await call('POST', `/api/v1/merchant-services/${service.id}/participations`, { memberId: member.id, note: '两位' });
  await call('POST', `/api/v1/members/${member.id}/notices/record`, { channel: 'phone', result: 'reached', note: '电话告知入会' });
  // a customer who is not a member yet
  customerId = (await call('POST', '/api/v1/customers', { name: '诸葛亮', idNumber: applicantId, mobile: '13955550002', address: '杭州市西湖区' })).id;
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

/** Signed in as the administrator, without going through the home page. */
async function adminPage(language: 'zh-CN' | 'en') {
  const p = await h.newPage({ language });
  const res = await p.request.post(h.url('/api/v1/auth/sign-in'), { data: { login: 'admin', password: 'E2e-admin-pass-1' } });
  expect(res.ok()).toBe(true);
  return p;
}

/** a busy machine (CI on two cores) may take longer than expect.poll's default second to load a tab */
const wait = { timeout: 15_000 };
const count = (tab: string) => page.getByTestId(`tab-${tab}-count`);
const openTab = (tab: string) => page.getByTestId(`tab-${tab}`).click();
const message = () => page.locator('.ant-message');
const pane = () => page.getByTestId('member-tabs').getByRole('tabpanel');

describe('member 360° page', () => {
  test('each tab shows its count and rows; a card issued and points booked from the page update them (zh-CN)', async () => {
    const summary = await call('GET', `/api/v1/members/${member.id}/summary`);
    page = await adminPage('zh-CN');
    await page.goto(h.url('/members'));
    await page.getByRole('link', { name: member.memberNo }).click();
    await page.waitForURL(`**/members/${member.id}`);
    await expect.poll(() => page.getByTestId('member-title').innerText(), wait).toBe(`${member.memberNo} · 欧阳明`);

    const expected: Record<string, string> = {
      cards: '1', points: '2', activities: '1', care: '1', complaints: '1', services: '1', notices: String(summary.notices), history: String(summary.history),
    };
    for (const [tab, n] of Object.entries(expected)) await expect.poll(() => count(tab).innerText(), { message: tab, ...wait }).toBe(n);
    expect(summary.notices).toBeGreaterThanOrEqual(1);
    expect(summary.history).toBeGreaterThan(5);

    await expect.poll(() => page.getByTestId('member-cards').innerText(), wait).toContain('66000000101');
    const rows: [string, RegExp][] = [
      ['points', /120[\s\S]*100|100[\s\S]*120/], ['activities', new RegExp(activityName)], ['care', /年终感谢信/],
      ['complaints', new RegExp(complaintNo)], ['services', /会员茶歇[\s\S]*两位/], ['notices', /电话告知入会/], ['history', /受理投诉|投诉/],
    ];
    for (const [tab, text] of rows) {
      await openTab(tab);
      await expect.poll(() => pane().innerText(), { message: tab, ...wait }).toMatch(text);
    }
    await expect.poll(() => page.getByTestId('member-audit').innerText(), wait).toContain(`#${member.id}`);

    // issue a sub card (优惠卡) from the page: the member number is filled in
    await page.getByTestId('member-issue-card').click();
    const issue = page.getByRole('dialog', { name: '发卡' });
    await expect.poll(() => issue.getByTestId('issue-member-no').innerText(), wait).toContain(member.memberNo);
    await issue.getByTestId('issue-card-no').fill('66000000102');
    await issue.getByRole('combobox').last().click();
    await page.locator('.ant-select-dropdown:visible').getByText(/^优惠卡/).click();
    await issue.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => message().innerText(), wait).toContain('已发卡 66000000102');
    await expect.poll(() => count('cards').innerText(), wait).toBe('2');
    await openTab('cards');
    await expect.poll(() => page.getByTestId('member-cards').innerText(), wait).toContain('66000000102');

    // book 30 points for the activity from the page
    await page.getByTestId('member-post-points').click();
    const form = page.getByTestId('book-points');
    await form.getByTestId('points-amount').fill('30');
    await form.getByTestId('event-picker').click();
    await page.locator('.ant-select-dropdown:visible').getByText(new RegExp(activityName)).click();
    await form.getByTestId('points-reason').fill('读书会分享');
    await form.getByTestId('book-submit').click();
    await expect.poll(() => message().innerText(), wait).toContain('已加分 30 积分，余额 250');
    await expect.poll(() => count('points').innerText(), wait).toBe('3');
    await openTab('points');
    await expect.poll(() => page.getByTestId('lots-table').innerText(), wait).toMatch(/\b30\b/);
    await h.screenshot(page, 'member360-zh');
    expect(h.pageErrors(page)).toEqual([]);
    expect((await verifyLedger(h.server.db.db)).ok).toBe(true);
  });

  test('in English, the tabs are named and the customer page applies for membership from the customer\'s record', async () => {
    page = await adminPage('en');
    await page.goto(h.url(`/members/${member.id}`));
    await expect.poll(() => page.getByTestId('member-tabs').innerText(), wait).toMatch(/Cards\s*2[\s\S]*Complaints\s*1[\s\S]*Merchant services\s*1[\s\S]*Change history/);
    await openTab('services');
    await expect.poll(() => pane().innerText(), wait).toContain('会员茶歇');
    // at 1024 px every tab stays in sight (the bar wraps; no "more" button, which a tablist may not hold)
    await page.setViewportSize({ width: 1024, height: 768 });
    for (const tab of ['cards', 'points', 'activities', 'care', 'complaints', 'services', 'notices', 'history', 'applications', 'purchases']) {
      const box = await page.getByTestId(`tab-${tab}`).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 1024, tab).toBe(true);
    }
    expect(await page.locator('.ant-tabs-nav-more:visible').count()).toBe(0);
    await h.screenshot(page, 'member360-en-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.goto(h.url(`/customers/${customerId}`));
    await page.getByTestId('customer-apply').click();
    const dialog = page.getByRole('dialog', { name: 'Enter an application' });
    expect(await dialog.getByTestId('application-name').inputValue()).toBe('诸葛亮');
    expect(await dialog.getByTestId('application-mobile').inputValue()).toBe('13955550002');
    await dialog.getByTestId('application-sub-channel').click();
    await page.locator('.ant-select-dropdown:visible').getByText('Event', { exact: true }).click();
    await dialog.getByTestId('application-id-number').fill(applicantId);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await call('GET', `/api/v1/applications?q=${applicantId}`)).total, wait).toBe(1);
    const created = (await call('GET', `/api/v1/applications?q=${applicantId}`)).items[0];
    expect(created).toMatchObject({ customerId, name: '诸葛亮', status: 'pending' });
    await expect.poll(() => message().innerText(), wait).toContain(`Application ${created.applicationNo} submitted; it waits for review`);
    await h.screenshot(page, 'member360-apply-en');
    // while it waits for review the page says so, links the application, and no longer offers to apply
    await expect.poll(() => page.getByTestId('customer-application-pending').innerText(), wait)
      .toMatch(new RegExp(`Membership application under review\\s*Application ${created.applicationNo}`));
    expect(await page.getByTestId('customer-apply').count()).toBe(0);
    await page.reload();
    await page.getByTestId('customer-application-pending').waitFor();
    expect(await page.getByTestId('customer-apply').count()).toBe(0);
    await page.getByTestId('customer-application-pending').getByRole('link', { name: `Application ${created.applicationNo}` }).click();
    await page.waitForURL(new RegExp(`/membership/applications/${created.id}$`));
    // a member's customer page links the member instead
    const memberPage = await call('GET', `/api/v1/members/${member.id}`);
    await page.goto(h.url(`/customers/${memberPage.member.customerId}`));
    await expect.poll(() => page.getByTestId('customer-member-link').innerText(), wait).toBe(`Member ${member.memberNo}`);
    expect(await page.getByTestId('customer-apply').count()).toBe(0);
    expect(await page.getByTestId('customer-application-pending').count()).toBe(0);
    expect(h.pageErrors(page)).toEqual([]);
  });
});
