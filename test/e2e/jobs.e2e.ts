// 后台任务 in the console: the administrator runs the birthday care as of 28 February 2027 and a
// member born on 29 February gets it; the list shows the run (by hand, as of that day, what it
// did). The service centre has no such menu entry.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { residentId } from '../helpers/membership.ts';
import { adminPassword, screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;

beforeAll(async () => {
  h = await startConsole();
  await h.createUser({ login: 'kefu.jobs', name: '客服小林', department: '客服中心', roleCodes: ['service'] });
  const signIn = await h.server.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: 'admin', password: adminPassword } });
  const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const call = async (method: 'POST' | 'PATCH', url: string, payload: unknown) => {
    const r = await h.server.app.inject({ method, url, payload: payload as never, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return JSON.parse(r.body);
  };
  const a = await call('POST', '/api/v1/applications', {
    channel: 'service_center', subChannel: 'event', name: '闰日生', idType: 'resident_id', idNumber: residentId(70, '19880229'), birthday: '1988-02-29', mobile: '13900000229',
  });
  await call('POST', `/api/v1/applications/${a.application.id}/approve`, { cardNo: '66200000001' });
  await call('PATCH', '/api/v1/care/triggers/birthday', { enabled: true, channel: 'sms', body: '{name}，生日快乐！', points: 0 });
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

describe('background jobs in the console', () => {
  test('the administrator runs the birthday care as of 2027-02-28: the member born on 29 February gets it, and the run is listed', async () => {
    page = await h.signedInPage();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '后台任务' }).click();
    await page.waitForURL('**/jobs');
    const row = page.getByTestId('jobs-table').locator('tbody tr.ant-table-row', { hasText: 'care.triggers' });
    await expect.poll(() => row.innerText()).toContain('生日关怀');
    await row.getByTestId('run-care.triggers').click();
    const dialog = page.getByRole('dialog');
    const input = dialog.getByLabel('基准日期', { exact: true });
    await input.click();
    await input.fill('2027-02-28');
    // the typed day is selected in the panel; a click on it confirms (Enter would submit the dialog)
    await page.locator('.ant-picker-dropdown:visible .ant-picker-cell-selected').click();
    await h.screenshot(page, 'jobs-run');
    await dialog.getByRole('button', { name: '立即运行' }).click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('“生日关怀”已运行（基准日 2027-02-28）：{"birthday":{"day":"2027-02-28","added":1}}');
    await expect.poll(() => row.innerText()).toContain('基准日 2027-02-28');
    expect(await row.innerText()).toContain('手动');
    await h.screenshot(page, 'jobs');
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('the service centre has no 后台任务 menu entry', async () => {
    const staff = await h.signedInPage({ login: 'kefu.jobs' });
    await expect.poll(() => staff.getByTestId('side-menu').innerText()).toContain('会员关怀');
    expect(await staff.getByTestId('side-menu').innerText()).not.toContain('后台任务');
  });
});
