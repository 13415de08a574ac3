// 换卡 in the console: a sales-office user replacing a member's card by another type only submits a
// change request (the message says so, the card stays as it is); a manager approves it on the
// change approvals page and the card of the new type is issued; a same-type replacement is done
// at once and the message says that instead.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { rows, sql } from '../../src/db/index.ts';
import { systemActor } from '../../src/modules/auth/actor.ts';
import { issueCard } from '../../src/modules/cards/service.ts';
import { verifyLedger } from '../../src/modules/points/verify.ts';
import { createMembers, type TestMember } from '../helpers/members.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let member: TestMember;
const cardNo = '8871000000001';
const vipNo = '8871000000002';
const sameTypeNo = '8871000000003';

beforeAll(async () => {
  h = await startConsole();
  [member] = await createMembers(h.server.db, 1, { prefix: 'K' });
  await rows(h.server.db.db, sql`UPDATE customers SET department = '滨江案场' WHERE id = ${member.customerId}`);
  await h.server.db.transaction((tx) => issueCard(tx, systemActor('e2e'), { memberId: member.id, cardNo }));
  await h.createUser({ login: 'anchang.li', name: '李案场', department: '滨江案场', roleCodes: ['sales'] });
  await h.createUser({ login: 'jingli.zhao', name: '赵经理', roleCodes: ['manager'] });
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

/** Opens a page of the cards menu through the side menu, as an operator would. */
const openMenu = async (group: string, item: string) => {
  await page.getByTestId('side-menu').getByRole('menuitem', { name: group }).click();
  await page.getByTestId('side-menu').getByRole('menuitem', { name: item }).click();
};
const cardRow = (no: string) => page.getByTestId('cards-table').locator('tbody tr', { hasText: no });

describe('replacing a card in the console', () => {
  test('the sales office changes the type: a request is submitted, the message says so, the card stays', async () => {
    page = await h.signedInPage({ login: 'anchang.li' });
    await openMenu('会员卡', '发卡与卡片');
    await cardRow(cardNo).getByRole('button', { name: /换\s?卡/ }).click();
    const dialog = page.getByRole('dialog', { name: `换卡 ${cardNo}` });
    await dialog.getByTestId('new-card-no').fill(vipNo);
    await dialog.getByTestId('replace-type').click();
    await page.locator('.ant-select-item-option', { hasText: 'VIP卡' }).click();
    await dialog.getByTestId('replace-change-hint').waitFor();
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const notice = page.locator('.ant-message-notice', { hasText: '已提交换卡申请' });
    await expect.poll(() => notice.innerText()).toMatch(/已提交换卡申请 #\d+（VIP卡），待审批/);
    await expect.poll(() => cardRow(cardNo).innerText()).toContain('普通卡');
    await expect.poll(() => cardRow(cardNo).innerText()).toContain('有效');
    expect(await cardRow(vipNo).count()).toBe(0);
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('a manager approves the request (in English): the VIP card is issued with the number the request named', async () => {
    page = await h.signedInPage({ login: 'jingli.zhao', language: 'en' });
    await openMenu('Cards', 'Card change approvals');
    const row = page.getByTestId('upgrades-table').locator('tbody tr', { hasText: member.memberNo });
    await expect.poll(() => row.innerText()).toContain('Requested by 李案场');
    await expect.poll(() => row.innerText()).toContain('Upgrade');
    await row.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog', { name: /Approve the card change/ });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.ant-message-notice').innerText()).toContain('Approved; new card issued');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: 'Issue and cards' }).click();
    await expect.poll(() => cardRow(vipNo).innerText()).toContain('VIP card');
    await expect.poll(() => cardRow(cardNo).innerText()).toContain('Replaced');
    const report = await verifyLedger(h.server.db.db);
    expect(report.problems).toEqual([]);
  });

  test('a same-type replacement (in English) is done at once and the message says so', async () => {
    page = await h.signedInPage({ login: 'anchang.li', language: 'en' });
    await openMenu('Cards', 'Issue and cards');
    await cardRow(vipNo).getByRole('button', { name: 'Replace' }).click();
    const dialog = page.getByRole('dialog', { name: `Replace ${vipNo}` });
    await dialog.getByTestId('new-card-no').fill(sameTypeNo);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.ant-message-notice', { hasText: 'Replaced by' }).innerText()).toContain(`Replaced by ${sameTypeNo}`);
    await expect.poll(() => cardRow(sameTypeNo).innerText()).toContain('Active');
    expect(h.pageErrors(page)).toEqual([]);
  });
});
