// Partner merchants in the console: a merchant added, a service open to VIP members, a VIP
// member's participation recorded by card number with a rating, the quarter's feedback, and
// the service found by a fuzzy word of its name.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { makeMember, type FixtureMember } from '../../src/modules/complaints/test-fixtures.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness, settled } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
let vip: FixtureMember;
let normal: FixtureMember;

beforeAll(async () => {
  h = await startConsole();
  vip = await makeMember(h.server, { name: '王贵宾', level: 'vip' });
  normal = await makeMember(h.server, { name: '陈普通', level: 'normal' });
});
afterAll(async () => {
  await h?.close();
});
screenshotOnFailure(() => h, () => page);

/** A dialog once its opening animation is over: a click during the zoom can land beside its button. */
const dialog = (name: string) => page.getByRole('dialog', { name });
const opened = (name: string) => settled(dialog(name));
const save = (name: string) => dialog(name).getByRole('button', { name: /保\s?存/ }).click();

describe('partner merchants in the console', () => {
  test('add a merchant and a service open to VIP members', async () => {
    page = await h.signedInPage();
    await page.goto(h.url('/merchants'));
    await page.getByRole('button', { name: '新增商家' }).click();
    const d = await opened('新增商家');
    await d.getByLabel('编码').fill('YOGA01');
    await d.getByLabel('名称').fill('静心瑜伽馆');
    await d.getByLabel('类型').fill('健身');
    await d.getByLabel('电话 1').fill('0571-88886666');
    await d.getByLabel('联系人').fill('刘经理');
    await save('新增商家');
    await d.waitFor({ state: 'hidden' });
    await page.getByTestId('merchants-table').getByText('静心瑜伽馆').click();
    const drawer = page.getByTestId('merchant-drawer');
    await drawer.getByText('刘经理').waitFor();

    await drawer.getByRole('button', { name: '新增服务' }).click();
    const s = await opened('新增服务');
    await s.getByLabel('服务名称').fill('会员专享瑜伽体验课');
    const start = s.getByLabel('开始日期');
    await start.click();
    await start.fill(dayjs().subtract(10, 'day').format('YYYY-MM-DD'));
    // the typed day is selected in the panel; a click on it confirms (Enter would submit the dialog)
    await page.locator('.ant-picker-dropdown:visible .ant-picker-cell-selected').click();
    await s.getByLabel('适用会员等级').click();
    await page.locator('.ant-select-dropdown:visible').getByText('VIP卡', { exact: true }).click();
    await page.keyboard.press('Escape');
    await s.getByLabel('折扣（%）').fill('20');
    await s.getByLabel('优惠说明').fill('八折');
    await h.screenshot(page, 'merchant-service-form');
    await save('新增服务');
    await s.waitFor({ state: 'hidden' });
    const row = drawer.getByTestId('merchant-services').locator('.ant-table-row', { hasText: '会员专享瑜伽体验课' });
    await row.waitFor();
    expect(await row.textContent()).toContain('提供中');
    expect(await row.textContent()).toContain('20% 折扣 · 八折');
    await h.screenshot(page, 'merchant-drawer');
  });

  test('a VIP member participates (by card, rated); a standard member is refused with the reason', async () => {
    await page.getByTestId('merchant-drawer').getByText('会员专享瑜伽体验课').click();
    const drawer = page.getByTestId('service-drawer');
    await drawer.getByRole('button', { name: '登记会员参与' }).click();
    let d = await opened('登记会员参与');
    await d.getByRole('textbox', { name: '卡号' }).fill(normal.cardNo!);
    await save('登记会员参与');
    await page.locator('.ant-message').getByText('不能使用服务“会员专享瑜伽体验课”').waitFor();
    await d.getByRole('textbox', { name: '卡号' }).fill(vip.cardNo!);
    await d.getByLabel('褒贬度').click();
    await page.locator('.ant-select-dropdown:visible').getByText('+2 很好').click();
    await save('登记会员参与');
    await d.waitFor({ state: 'hidden' });
    const participations = drawer.getByTestId('participations-table');
    await participations.getByText('王贵宾', { exact: false }).waitFor();
    expect(await participations.textContent()).toContain('VIP卡');

    await drawer.getByRole('button', { name: '录入季度反馈' }).click();
    d = await opened('录入季度反馈');
    await d.getByLabel('反馈内容').fill('会员反响很好');
    await d.getByLabel('参与人数（商家报告）').fill('12');
    await save('录入季度反馈');
    await d.waitFor({ state: 'hidden' });
    const quarter = `${dayjs().year()}-Q${Math.floor(dayjs().month() / 3) + 1}`;
    const q = drawer.getByTestId('quarters-table').locator('.ant-table-row', { hasText: quarter });
    await expect.poll(() => q.textContent()).toContain('会员反响很好');
    expect(await q.textContent()).toContain('12');
    expect(await drawer.getByTestId('rating-summary').textContent()).toContain('+2');
    await h.screenshot(page, 'merchant-service-drawer');
  });

  test('the service is found by a fuzzy word of its name, and the website lists it for the VIP only', async () => {
    await page.goto(h.url('/merchants/services'));
    await page.getByPlaceholder('服务名称').fill('瑜伽课');
    await page.getByRole('button', { name: /查\s?询/ }).click();
    const table = page.getByTestId('services-table');
    await expect.poll(() => table.locator('.ant-table-row').count()).toBe(1);
    expect(await table.textContent()).toContain('静心瑜伽馆');
    await h.screenshot(page, 'merchant-services');

    const forVip = await (await page.request.get(h.url(`/api/v1/website/members/${vip.memberNo}/merchant-services`))).json();
    expect(forVip.items.map((s: { name: string }) => s.name)).toEqual(['会员专享瑜伽体验课']);
    const forNormal = await (await page.request.get(h.url(`/api/v1/website/members/${normal.memberNo}/merchant-services`))).json();
    expect(forNormal.items).toEqual([]);
    expect(h.pageErrors(page)).toEqual([]);
  });
});
