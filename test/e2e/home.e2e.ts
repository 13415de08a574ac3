// 首页 in the console (issue 12 items 1, 10): a reviewer sees what waits for them — 2 applications,
// 1 points entry, 1 overdue complaint step — and each count opens the list of exactly those
// records; a 案场 lead (department scope) sees only the department's; the administrator is warned
// that SMS and e-mail go to the log provider (recorded, not sent). zh-CN and en.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { rows, sql } from '../../src/db/index.ts';
import { systemActor } from '../../src/modules/auth/actor.ts';
import { issueCard } from '../../src/modules/cards/service.ts';
import { createMembers } from '../helpers/members.ts';
import { residentId } from '../helpers/membership.ts';
import { adminPassword, screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
/** the console on a busy machine: a list may take a few seconds */
const wait = { timeout: 15_000 };
const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();

beforeAll(async () => {
  h = await startConsole();
  const signIn = await h.server.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: 'admin', password: adminPassword } });
  const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const call = async (url: string, payload: unknown) => {
    const r = await h.server.app.inject({ method: 'POST', url, payload: payload as never, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return JSON.parse(r.body);
  };
  await call('/api/v1/roles', { code: 'reviewer', nameZh: '审核专员', nameEn: 'Reviewer', dataScope: 'all', permissions: ['member.read', 'member.approve', 'points.read', 'points.approve', 'complaint.manage'] });
  await call('/api/v1/roles', { code: 'office_lead', nameZh: '案场经理', nameEn: 'Sales-office lead', dataScope: 'department', permissions: ['member.read', 'member.approve', 'points.read', 'points.approve', 'complaint.manage'] });
  await h.createUser({ login: 'shenhe.wu', name: '吴审核', department: '客服中心', roleCodes: ['reviewer'] });
  await h.createUser({ login: 'anchang.xi', name: '西溪经理', department: '西溪案场', roleCodes: ['office_lead'] });
  // two applications waiting, one of them entered for the 西溪 sales office
  await call('/api/v1/applications', { channel: 'service_center', subChannel: 'event', name: '周一鸣', idType: 'resident_id', idNumber: residentId(81), mobile: '13900000081' });
  const xixi = await call('/api/v1/applications', { channel: 'sales_office', name: '吴二娘', idType: 'resident_id', idNumber: residentId(82), mobile: '13900000082' });
  await rows(h.server.db.db, sql`UPDATE applications SET department = '西溪案场' WHERE id = ${xixi.application.id}`);
  // one points adjustment waiting for approval, of a 滨江 member
  const [member] = await createMembers(h.server.db, 1, { prefix: 'H' });
  await rows(h.server.db.db, sql`UPDATE customers SET department = '滨江案场' WHERE id = ${member.customerId}`);
  await h.server.db.transaction((tx) => issueCard(tx, systemActor('e2e'), { memberId: member.id, cardNo: '8872000000001' }));
  await call('/api/v1/points/entries', { memberId: member.id, amount: 120, sourceType: 'adjustment', reason: '补录老带新积分' });
  // one complaint step past its expected finish
  const handler = await call('/api/v1/users', { login: 'wang.gong', name: '王工', department: '工程部', password: 'Harbour-lamp-42', roleIds: [] });
  const c = await call('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '地下车库渗水', complainantName: '郑先生', receivedAt: hoursAgo(72) });
  await call(`/api/v1/complaints/${c.id}/steps`, { handlerId: handler.id, opinion: '排水泵检修', stepAt: hoursAgo(70), expectedFinishAt: hoursAgo(24) });
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

const todo = (key: string) => page.getByTestId(`todo-${key}`);
const rowsOf = (testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row');

describe('the home page', () => {
  test('a reviewer sees 2 applications, 1 points entry and 1 overdue step; each count opens those records', async () => {
    page = await h.signedInPage({ login: 'shenhe.wu' });
    await expect.poll(() => todo('applications').innerText(), wait).toMatch(/入会申请待审核\s*2$/);
    expect(await todo('pointsApprovals').innerText()).toMatch(/积分待审批\s*1$/);
    expect(await todo('overdueSteps').innerText()).toMatch(/投诉步骤已超期\s*1$/);
    // what the reviewer may not act on is not there at all
    expect(await todo('leaveRequests').count()).toBe(0);
    expect(await page.getByTestId('delivery-warning').count()).toBe(0);
    await page.getByTestId('figure-openComplaints').waitFor();
    await h.screenshot(page, 'home-reviewer');

    await todo('applications').click();
    await page.waitForURL('**/membership/applications?status=pending');
    await expect.poll(() => rowsOf('applications-table').count(), wait).toBe(2);
    const apps = await page.getByTestId('applications-table').innerText();
    expect(apps).toContain('周一鸣');
    expect(apps).toContain('吴二娘');

    await page.goBack();
    await todo('pointsApprovals').click();
    await page.waitForURL('**/points/approvals');
    await expect.poll(() => rowsOf('approvals-table').count(), wait).toBe(1);
    expect(await rowsOf('approvals-table').innerText()).toContain('120');

    await page.goBack();
    await todo('overdueSteps').click();
    await page.waitForURL('**/complaints/overdue');
    await expect.poll(() => rowsOf('overdue-table').count(), wait).toBe(1);
    expect(await rowsOf('overdue-table').innerText()).toContain('排水泵检修');
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('a 案场 lead (in English) counts only the sales office\'s records', async () => {
    page = await h.signedInPage({ login: 'anchang.xi', language: 'en' });
    await expect.poll(() => todo('applications').innerText(), wait).toMatch(/Applications to review\s*1$/);
    expect(await todo('pointsApprovals').innerText()).toMatch(/Points to approve\s*0$/);
    expect(await todo('overdueSteps').innerText()).toMatch(/Overdue complaint steps\s*0$/);
    await h.screenshot(page, 'home-office-lead-en');
    await todo('applications').click();
    await page.waitForURL('**/membership/applications?status=pending');
    await expect.poll(() => rowsOf('applications-table').count(), wait).toBe(1);
    expect(await page.getByTestId('applications-table').innerText()).toContain('吴二娘');
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('the administrator is warned that SMS and e-mail are only recorded (zh-CN and en)', async () => {
    page = await h.signedInPage();
    const warning = page.getByTestId('delivery-warning');
    await expect.poll(() => warning.innerText(), wait).toContain('尚未接入真实的短信/邮件服务');
    expect(await warning.innerText()).toContain('短信和电子邮件目前使用 log 通道');
    await expect.poll(() => todo('failedNotices').innerText(), wait).toMatch(/通知发送失败\s*0$/);
    await page.getByTestId('chart-levels').locator('canvas').waitFor();
    await h.screenshot(page, 'home-admin');
    await page.getByTestId('chart-points').scrollIntoViewIfNeeded();
    await page.getByTestId('chart-points').locator('canvas').waitFor();
    await h.screenshot(page, 'home-admin-figures');
    // the failed notices' count opens the notices log on the failures, which says nothing is really sent
    await todo('failedNotices').click();
    await page.waitForURL('**/membership/notices?status=failed');
    await expect.poll(() => page.getByTestId('notices-log-provider').innerText(), wait).toContain('消息只记录在日志中，并未真正发出');
    expect(await page.getByLabel('状态').first().locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText()).toContain('发送失败');
    const en = await h.signedInPage({ language: 'en' });
    await expect.poll(() => en.getByTestId('delivery-warning').innerText(), wait).toContain('No real SMS / e-mail service is configured');
    expect(await en.getByTestId('delivery-warning').innerText()).toContain('SMS and E-mail use the log provider');
    expect(h.pageErrors(page)).toEqual([]);
  });
});
