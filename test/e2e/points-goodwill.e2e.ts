// Goodwill and adjustments at the front desk (issue 11 item 5): the service centre finds a member
// by member number, gives goodwill points for the member's own care record picked in the event
// picker (关怀), sees the member's complaint offered under 投诉, and submits an adjustment (调整)
// that needs a reason and waits for approval; a manager approves it in English on 积分审批.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { systemActor } from '../../src/modules/auth/actor.ts';
import { createCareAction } from '../../src/modules/care/service.ts';
import { receiveComplaint } from '../../src/modules/complaints/service.ts';
import { verifyLedger } from '../../src/modules/points/verify.ts';
import { rows, sql } from '../../src/db/index.ts';
import { createMembers, type TestMember } from '../helpers/members.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let member: TestMember;
let complaintNo = '';

beforeAll(async () => {
  h = await startConsole();
  [member] = await createMembers(h.server.db, 1, { prefix: 'G' });
  await h.server.db.transaction(async (tx) => {
    const actor = systemActor('e2e');
    await createCareAction(tx, actor, { title: '生日贺卡', channel: 'letter', body: '生日快乐', filters: { memberIds: [member.id] } }, 'Asia/Shanghai', '2026-01-01');
    const [admin] = await rows<{ id: number }>(tx, sql`SELECT id FROM users WHERE login = 'admin'`);
    const c = await receiveComplaint(tx, actor, { channel: 'phone', type: 'house_quality', content: '电梯噪音大', memberId: member.id, receiverId: admin.id }, new Date(), 'Asia/Shanghai');
    complaintNo = c.complaintNo;
  });
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

const summary = () => page.getByTestId('member-summary');
const form = () => page.getByTestId('book-points');
const message = () => page.locator('.ant-message');

async function pickType(label: string) {
  await form().getByTestId('source-type').click();
  await page.locator('.ant-select-dropdown:visible').getByText(label, { exact: true }).click();
}

describe('goodwill points and adjustments in the console', () => {
  test('the service centre gives goodwill points for the member\'s care record and submits an adjustment for approval', async () => {
    const staff = await h.createUser({ login: 'kefu_goodwill', roleCodes: ['service'] });
    page = await h.signedInPage({ login: staff.login, password: staff.password });
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '积分与兑付' }).click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '会员积分' }).click();
    const reader = page.getByTestId('card-reader');
    await reader.fill(member.memberNo);
    await reader.press('Enter');
    await expect.poll(() => summary().innerText()).toContain(member.memberNo);

    // 投诉: the member's own complaint is offered
    await pickType('投诉');
    await form().getByTestId('event-picker').click();
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').innerText()).toContain(complaintNo);
    await page.keyboard.press('Escape');

    // 关怀: goodwill for the care record
    await pickType('关怀');
    await form().getByTestId('points-amount').fill('50');
    await form().getByTestId('event-picker').click();
    await page.locator('.ant-select-dropdown:visible').getByText(/生日贺卡/).click();
    await form().getByTestId('points-reason').fill('生日贺卡寄错地址，致歉');
    await form().getByTestId('book-submit').click();
    await expect.poll(() => message().innerText()).toContain('已加分 50 积分，余额 50');
    await expect.poll(() => summary().innerText()).toMatch(/积分余额\s*50/);

    // 调整: no event; a reason is required; it waits for approval
    await pickType('调整');
    await expect.poll(() => form().getByTestId('adjustment-hint').innerText()).toContain('进入积分审批');
    expect(await form().getByTestId('event-picker').count()).toBe(0);
    await form().getByTestId('points-amount').fill('30');
    await form().getByTestId('points-reason').fill('');
    await form().getByTestId('book-submit').click();
    await expect.poll(() => form().innerText()).toContain('调整积分必须写明原因');
    await form().getByTestId('points-reason').fill('旧系统迁移少记');
    await form().getByTestId('book-submit').click();
    await expect.poll(() => message().innerText()).toContain('已提交审批');
    await expect.poll(() => summary().innerText()).toMatch(/待审批\s*1/);
    await expect.poll(() => summary().innerText()).toMatch(/积分余额\s*50/);
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('a manager approves the adjustment in English: it posts', async () => {
    const boss = await h.createUser({ login: 'jingli_goodwill', roleCodes: ['manager'] });
    page = await h.signedInPage({ login: boss.login, password: boss.password, language: 'en' });
    await page.getByTestId('side-menu').getByRole('menuitem', { name: 'Points & rewards' }).click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: 'Points approvals' }).click();
    const row = page.getByTestId('approvals-table').locator('tbody tr', { hasText: '旧系统迁移少记' });
    await expect.poll(() => row.innerText()).toContain('Adjustment');
    await expect.poll(() => row.innerText()).toContain('+30');
    await row.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => message().innerText()).toContain('Approved and posted');
    await expect.poll(() => page.getByTestId('approvals-table').innerText()).not.toContain('旧系统迁移少记');
    await page.goto(h.url(`/points/members/${member.id}`));
    await expect.poll(() => summary().innerText()).toMatch(/Balance\s*80/);
    await h.screenshot(page, 'points-goodwill');
    expect((await verifyLedger(h.server.db.db)).problems).toEqual([]);
    expect(h.pageErrors(page)).toEqual([]);
  });
});
