// An activity's life in the console: planned by the service centre, approved by a manager, three
// participants recorded by card number — one swiped on the card reader, two in a pasted batch
// with an unknown card that the report names — costs entered, the activity closed; the comparison
// page draws the cost pie, and each participant's points show on their points page.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { verifyLedger } from '../../src/modules/points/verify.ts';
import { residentId } from '../helpers/membership.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
const members: { memberId: number; memberNo: string; cardNo: string; name: string }[] = [];
const unknownCard = '66009999999';
let activityUrl = '';
const today = dayjs().format('YYYY-MM-DD');
const tomorrow = dayjs().add(1, 'day').format('YYYY-MM-DD');

/** The API as the administrator, for the test's own setup (members with cards). */
beforeAll(async () => {
  h = await startConsole();
  await h.createUser({ login: 'kefu.li', name: '李客服', department: '客服中心', roleCodes: ['service'] });
  await h.createUser({ login: 'jingli.wang', name: '王经理', roleCodes: ['manager'] });
  const call = await h.adminApi();
  // members the way staff make them: an application, approved with a card number (issues the card)
  const people = [
    { name: '张三丰', idNumber: residentId(11, '19850315'), mobile: '13900000001', cardNo: '66000000001' },
    { name: '李四', idNumber: residentId(12, '19900101'), mobile: '13900000002', cardNo: '66000000002' },
    { name: '王五', idNumber: residentId(13, '19780707'), mobile: '13900000003', cardNo: '66000000003' },
  ];
  for (const p of people) {
    const a = await call('POST', '/api/v1/applications', { channel: 'service_center', subChannel: 'event', name: p.name, idType: 'resident_id', idNumber: p.idNumber, mobile: p.mobile });
    const r = await call('POST', `/api/v1/applications/${a.application.id}/approve`, { cardNo: p.cardNo });
    members.push({ memberId: r.member.id, memberNo: r.member.memberNo, cardNo: p.cardNo, name: p.name });
  }
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

const menu = (label: string) => page.getByTestId('side-menu').getByRole('menuitem', { name: label });

describe('activities in the console', () => {
  test('the service centre plans an activity', async () => {
    page = await h.signedInPage({ login: 'kefu.li' });
    await menu('活动管理').click();
    await menu('活动计划与执行').click();
    await page.waitForURL('**/activities');
    await page.getByTestId('plan-activity').click();
    const dialog = page.getByRole('dialog', { name: '新建活动计划' });
    await dialog.getByLabel('活动名称').fill('业主答谢茶话会');
    // the period: today and tomorrow, picked in the calendar (each cell carries its date as title)
    const range = dialog.locator('.ant-picker-range input');
    await range.first().click();
    await page.locator(`.ant-picker-dropdown:visible td[title="${today}"]`).first().click();
    await page.locator(`.ant-picker-dropdown:visible td[title="${tomorrow}"]`).first().click();
    await expect.poll(() => range.nth(1).inputValue()).toBe(tomorrow);
    await dialog.getByLabel('地点').fill('滨江会所');
    await dialog.getByLabel('预计人数').fill('4');
    await dialog.getByLabel('预算（元）').fill('2000');
    await dialog.getByLabel('每人积分').fill('50');
    await dialog.getByLabel('活动方案').fill('茶歇、抽奖、物业答疑');
    await h.screenshot(page, 'activity-plan');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await page.waitForURL(/\/activities\/\d+$/);
    activityUrl = page.url();
    await expect.poll(() => page.getByTestId('activity-status').textContent()).toBe('待审批');
    // before approval nothing can be recorded: the reader is not offered
    expect(await page.getByTestId('card-reader').count()).toBe(0);
    expect(await page.getByTestId('approve-activity').count()).toBe(0); // the service centre cannot approve
  });

  test('a manager approves it', async () => {
    const manager = await h.signedInPage({ login: 'jingli.wang' });
    await manager.goto(activityUrl);
    await manager.getByTestId('approve-activity').click();
    const dialog = manager.getByRole('dialog', { name: /审批通过活动/ });
    await dialog.getByLabel('审批意见（可选）').fill('同意，控制预算');
    await dialog.getByRole('button', { name: '审批通过' }).click();
    await expect.poll(() => manager.getByTestId('activity-status').textContent()).toBe('已审批');
    await manager.close();
  });

  test('three participants by card number: a swipe on the card reader, then a pasted batch whose unknown card is reported', async () => {
    await page.reload();
    const reader = page.getByTestId('card-reader');
    await reader.waitFor();
    // the reader types the number like a keyboard and ends with Enter
    await reader.pressSequentially(members[0].cardNo, { delay: 5 });
    await reader.press('Enter');
    await expect.poll(() => page.getByTestId('swipe-log').innerText()).toContain(`已登记：张三丰（${members[0].memberNo}），积分 +50`);
    // the same card again: said so, nothing twice
    await reader.pressSequentially(members[0].cardNo, { delay: 5 });
    await reader.press('Enter');
    await expect.poll(() => page.getByTestId('swipe-log').innerText()).toContain('不重复登记');

    await page.getByTestId('batch-record').click();
    const dialog = page.getByRole('dialog', { name: '批量登记参加者' });
    await dialog.getByTestId('batch-text').fill(['卡号', members[1].cardNo, unknownCard, members[2].cardNo].join('\n'));
    await dialog.getByTestId('batch-submit').click();
    const report = dialog.getByTestId('batch-report');
    await expect.poll(() => report.innerText()).toContain('共 3 行：登记 2，未知 1');
    expect(await report.innerText()).toContain(`不是会员卡号或会员号：${unknownCard}`);
    await h.screenshot(page, 'activity-batch-report');
    await dialog.getByRole('button', { name: /取\s?消/ }).click();

    const rows = page.getByTestId('participants-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);
    const text = await page.getByTestId('participants-table').innerText();
    for (const m of members) expect(text).toContain(m.memberNo);
    expect(text).toContain('读卡器');
    expect(text).toContain('批量登记');
  });

  test('costs: a shared and a per-participant item give the total and per-head cost; then it is closed', async () => {
    await page.getByRole('tab', { name: '费用' }).click();
    for (const [basis, item, amount] of [['公共费用', '场地费', '600'], ['人均费用', '伴手礼', '80']] as const) {
      await page.getByTestId('add-cost').click();
      const dialog = page.getByRole('dialog', { name: '登记费用' });
      await dialog.getByText(basis, { exact: true }).click();
      await dialog.getByLabel('费用项目').fill(item);
      await dialog.getByLabel('金额（元）').fill(amount);
      await dialog.getByRole('button', { name: /保\s?存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    // 600 + 80 × 3 = 840; per head 280
    await expect.poll(() => page.getByTestId('cost-summary').innerText()).toContain('840.00');
    expect(await page.getByTestId('cost-summary').innerText()).toContain('280.00');
    await h.screenshot(page, 'activity-costs');

    await page.getByTestId('close-activity').click();
    await page.getByRole('dialog').getByRole('button', { name: '结束活动' }).click();
    await expect.poll(() => page.getByTestId('activity-status').textContent()).toBe('已结束');
    expect(await page.getByTestId('add-cost').count()).toBe(0);
    await page.getByRole('tab', { name: '参加者' }).click();
    expect(await page.getByTestId('card-reader').count()).toBe(0);
    await h.screenshot(page, 'activity-closed');
  });

  test('the comparison page draws the cost pie and the headcount bar', async () => {
    await menu('活动对比').click();
    await page.waitForURL('**/activities/statistics');
    const pie = page.getByTestId('chart-cost-pie');
    await pie.locator('canvas').first().waitFor();
    await page.getByTestId('chart-headcount-bar').locator('canvas').first().waitFor();
    const body = await page.locator('main, .ant-layout-content').first().innerText();
    expect(body).toContain('业主答谢茶话会');
    expect(body).toContain('840.00');
    expect(body).toContain('3 / 4');
    await page.waitForTimeout(800); // let the charts' entry animation finish before the screenshot
    await h.screenshot(page, 'activity-statistics');
  });

  test("each participant's points page shows the activity's 50 points", async () => {
    const admin = await h.signedInPage();
    for (const m of members) {
      await admin.goto(h.url(`/points/members/${m.memberId}`));
      await admin.getByTestId('member-summary').waitFor();
      // 100 base points of the normal card + 50 for the activity
      await expect.poll(() => admin.getByTestId('member-summary').innerText()).toMatch(/积分余额\s*150/);
      await admin.getByRole('tab', { name: '积分流水' }).click();
      const entry = admin.getByTestId('entries-table').locator('tbody tr.ant-table-row', { hasText: '业主答谢茶话会' });
      await expect.poll(() => entry.count()).toBe(1);
      expect(await entry.innerText()).toContain('50');
    }
    await h.screenshot(admin, 'activity-member-points');
    expect((await verifyLedger(h.server.db.db)).ok).toBe(true);
    expect(h.pageErrors(page)).toEqual([]);
    expect(h.pageErrors(admin)).toEqual([]);
  });
});
