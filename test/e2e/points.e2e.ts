// Cards and points at the front desk: issue a main card to a member, swipe it in the card-reader
// field (the reader types the number and Enter), book points for an approved activity with the
// event picker, redeem a plan, and watch the balance and the lots (with expiry) change.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { systemActor } from '../../src/modules/auth/actor.ts';
import { approveActivity, createActivity } from '../../src/modules/activities/service.ts';
import { createPlan } from '../../src/modules/points/redemption.ts';
import { verifyLedger } from '../../src/modules/points/verify.ts';
import { attendAll, createMembers, type TestMember } from '../helpers/members.ts';
import { pickMember, screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let member: TestMember;
const cardNo = '8861000012345';

beforeAll(async () => {
  h = await startConsole();
  [member] = await createMembers(h.server.db, 1, { prefix: 'E' });
  let activityId = 0;
  await h.server.db.transaction(async (tx) => {
    const actor = systemActor('e2e');
    const a = await createActivity(tx, actor, { name: '业主品茶会', type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31', pointsPerParticipant: 200 });
    await approveActivity(tx, actor, a.id);
    activityId = a.id;
    await createPlan(tx, actor, { item: '精品茶礼盒', pointsCost: 150, stockTotal: 10 });
  });
  // the member took part (points added for an activity need the participation); recorded as setup, no points
  await attendAll(h.server.db, activityId, [member.id]);
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

const summary = () => page.getByTestId('member-summary');
const lotRows = () => page.getByTestId('lots-table').locator('tbody tr.ant-table-row');

describe('cards and points in the console', () => {
  test('issue a main card to the member', async () => {
    page = await h.signedInPage();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '会员卡' }).click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '发卡与卡片' }).click();
    await page.getByTestId('issue-card').click();
    const dialog = page.getByRole('dialog', { name: '发卡' });
    await pickMember(page, dialog.getByTestId('issue-member-no'), member.memberNo);
    await dialog.getByTestId('issue-card-no').fill(cardNo);
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('cards-table').locator('tbody tr', { hasText: cardNo });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.innerText()).toContain('普通卡');
    await expect.poll(() => row.innerText()).toContain('有效');
  });

  test('swipe the card in the card-reader field: the member appears with the base points', async () => {
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '积分与兑付' }).click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '会员积分' }).click();
    const reader = page.getByTestId('card-reader');
    await reader.waitFor();
    // a card reader types like a keyboard and ends with Enter
    await reader.pressSequentially(cardNo, { delay: 5 });
    await reader.press('Enter');
    await expect.poll(() => summary().innerText()).toContain(member.memberNo);
    await expect.poll(() => summary().innerText()).toMatch(/积分余额\s*100/);
    await expect.poll(() => lotRows().count()).toBe(1);
  });

  test('book points for the activity picked in the event picker', async () => {
    const form = page.getByTestId('book-points');
    await form.getByTestId('points-amount').fill('200');
    await form.getByTestId('event-picker').click();
    await page.locator('.ant-select-dropdown:visible').getByText(/业主品茶会/).click();
    await form.getByTestId('book-submit').click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('已加分 200 积分，余额 300');
    await expect.poll(() => summary().innerText()).toMatch(/积分余额\s*300/);
    await expect.poll(() => lotRows().count()).toBe(2);
    await page.getByRole('tab', { name: '积分流水' }).click();
    const entries = page.getByTestId('entries-table');
    await expect.poll(() => entries.innerText()).toContain('活动 #');
    await expect.poll(() => entries.innerText()).toContain('+200');
    await page.getByRole('tab', { name: '积分批次（有效期）' }).click();
  });

  test('redeem a plan: the balance drops and the oldest lot is spent first', async () => {
    await page.getByTestId('redeem-button').click();
    const dialog = page.getByRole('dialog', { name: '兑换礼品' });
    await dialog.getByTestId('redeem-plan').click();
    await page.locator('.ant-select-dropdown:visible').getByText(/精品茶礼盒/).click();
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => summary().innerText()).toMatch(/积分余额\s*150/);
    await expect.poll(() => summary().innerText()).toMatch(/已兑付\s*150/);
    // both lots expire 24 months after earning; the card's base points came first and are gone
    const remaining = async () => (await lotRows().allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    await expect.poll(async () => (await remaining()).map((r) => [r[2], r[3]])).toEqual([['200', '150'], ['100', '0']]);
    await page.getByRole('tab', { name: '兑付记录' }).click();
    await expect.poll(() => page.getByRole('tabpanel').innerText()).toContain('精品茶礼盒');
    // while the redemption waits for delivery its deduction offers no 冲正: it says to cancel the redemption
    await page.getByRole('tab', { name: '积分流水' }).click();
    const rowOf = (text: string) => page.getByTestId('entries-table').locator('tbody tr.ant-table-row', { hasText: text });
    await expect.poll(() => rowOf('-150').getByTestId('correct-blocked').innerText()).toMatch(/^兑换单 #\d+ 待交付$/);
    expect(await rowOf('-150').getByRole('button', { name: /冲\s?正/ }).count()).toBe(0);
    expect(await rowOf('+200').getByRole('button', { name: /冲\s?正/ }).count()).toBe(1);
    await rowOf('-150').getByTestId('correct-blocked').hover();
    await expect.poll(() => page.locator('.ant-tooltip:visible').innerText()).toContain('请在兑付记录中取消兑换单');
    await page.getByRole('tab', { name: '兑付记录' }).click();
    await h.screenshot(page, 'points-member');
    expect((await verifyLedger(h.server.db.db)).problems).toEqual([]);
    expect(h.pageErrors(page)).toEqual([]);
  });
});
