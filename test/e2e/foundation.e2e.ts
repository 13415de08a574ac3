// The console's foundation, as an administrator sees it: sign-in, language switch,
// a dictionary value added (and refused when it must be), the audit log showing it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { adminLogin, adminPassword, screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;

beforeAll(async () => {
  h = await startConsole();
});
afterAll(async () => {
  await h?.close();
});
screenshotOnFailure(() => h, () => page);

async function openMenu(p: Page, ...labels: string[]) {
  for (const label of labels) await p.getByTestId('side-menu').getByRole('menuitem', { name: label }).click();
}

const row = (p: Page, text: string) => p.locator('.ant-table-row', { hasText: text });

describe('console foundation', () => {
  test('signing in: the API message for a wrong password, then the home page', async () => {
    page = await h.newPage();
    await page.goto(h.url('/'));
    await page.waitForURL('**/sign-in');
    await page.getByLabel('登录名').waitFor();
    await h.screenshot(page, 'sign-in');

    await page.getByLabel('登录名').fill(adminLogin);
    await page.getByLabel('密码').fill('not-the-password-1');
    await page.getByRole('button', { name: /登\s?录/ }).click();
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toContain('用户名或密码错误');

    await page.getByLabel('密码').fill(adminPassword);
    await page.getByRole('button', { name: /登\s?录/ }).click();
    await page.getByTestId('welcome').waitFor();
    expect(await page.getByTestId('welcome').textContent()).toBe('欢迎，系统管理员');
    expect(await page.getByTestId('side-menu').textContent()).toContain('审计日志');
    await h.screenshot(page, 'home');
  });

  test('switching the language changes the texts, is remembered, and goes to the API', async () => {
    const menu = page.getByTestId('side-menu');
    const languageSwitch = page.getByTestId('language-switch');
    await languageSwitch.getByText('English').click();
    await expect.poll(() => page.getByTestId('welcome').textContent()).toBe('Welcome, 系统管理员');
    expect(await menu.textContent()).toContain('Audit log');
    expect(await menu.textContent()).not.toContain('审计日志');

    // Remembered across a reload, and sent as Accept-Language with each request.
    const meRequest = page.waitForRequest((r) => r.url().endsWith('/api/v1/auth/me'));
    await page.reload();
    expect((await meRequest).headers()['accept-language']).toBe('en');
    await page.getByTestId('welcome').waitFor();
    expect(await menu.textContent()).toContain('Dictionaries');
    await h.screenshot(page, 'home-en');

    await languageSwitch.getByText('中文').click();
    await expect.poll(() => page.getByTestId('welcome').textContent()).toBe('欢迎，系统管理员');
    expect(await menu.textContent()).toContain('数据字典');
  });

  test('a dictionary value is added; duplicates and built-in deletions are refused with the API message', async () => {
    await openMenu(page, '数据字典');
    await page.waitForURL('**/dictionaries');
    await page.getByTestId('dictionary-kinds').getByRole('menuitem', { name: '活动类型' }).click();
    await row(page, '沙龙').waitFor();

    const add = async () => {
      await page.getByRole('button', { name: '新增字典值' }).click();
      const dialog = page.getByRole('dialog', { name: '新增字典值' });
      await dialog.getByLabel('代码').fill('book_club');
      await dialog.getByLabel('中文名称').fill('读书会');
      await dialog.getByLabel('英文名称').fill('Book club');
      await dialog.getByRole('button', { name: /保\s?存/ }).click();
      return dialog;
    };
    await add();
    await row(page, '读书会').waitFor();
    expect(await row(page, '读书会').textContent()).toContain('Book club');
    await h.screenshot(page, 'dictionaries');

    // The same code again: the API refuses, the dialog stays open with its message.
    const dialog = await add();
    await page.locator('.ant-message').getByText('已有代码 book_club').waitFor();
    await dialog.getByRole('button', { name: /取\s?消/ }).click();
    expect(await row(page, '读书会').count()).toBe(1);

    // A built-in value cannot be deleted.
    await row(page, '沙龙').getByRole('button', { name: /删\s?除/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /删\s?除/ }).click();
    await page.locator('.ant-message').getByText('系统内置的字典值不能删除，只能停用').waitFor();
    expect(await row(page, '沙龙').count()).toBe(1);
  });

  test('the audit log shows the dictionary.create entry with its values', async () => {
    await openMenu(page, '审计日志');
    await page.waitForURL('**/audit');
    await page.getByTestId('audit-table').locator('.ant-table-row').first().waitFor();

    // the action filter is a searchable list: typed words or code narrow it, an option is picked
    await page.getByLabel('动作').fill('dictionary.create');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'dictionary.create' }).first().click();
    await page.getByTestId('audit-filters').getByRole('button', { name: /查\s?询/ }).click();
    await expect.poll(() => page.getByTestId('audit-table').locator('.ant-table-row').count()).toBe(1);
    const entry = page.getByTestId('audit-table').locator('.ant-table-row').first();
    expect(await entry.textContent()).toContain('dictionary.create');
    expect(await entry.textContent()).toContain('新增字典值');
    expect(await entry.textContent()).toContain('系统管理员');

    await entry.getByRole('button', { name: /展开|expand/i }).click();
    const changes = page.getByTestId('audit-changes');
    await changes.waitFor();
    expect(await changes.textContent()).toContain('读书会');
    expect(await changes.textContent()).toContain('Book club');
    await h.screenshot(page, 'audit');
  });

  test('the account pages render', async () => {
    await openMenu(page, '账号与权限', '用户');
    await row(page, 'admin').waitFor();
    await h.screenshot(page, 'users');

    await openMenu(page, '角色');
    await row(page, '客服中心专员').waitFor();
    await h.screenshot(page, 'roles');

    await row(page, '客服中心专员').getByRole('button', { name: /编\s?辑/ }).click();
    await page.getByRole('dialog', { name: '编辑角色' }).getByText('录入与修改客户').waitFor();
    await h.screenshot(page, 'role-dialog');
    await page.getByRole('dialog', { name: '编辑角色' }).getByRole('button', { name: /取\s?消/ }).click();

    await openMenu(page, 'API 令牌');
    await page.getByRole('button', { name: '新建令牌' }).click();
    const dialog = page.getByRole('dialog', { name: '新建令牌' });
    await dialog.getByLabel('名称').fill('营销系统');
    await dialog.getByLabel('角色').click();
    await page.locator('.ant-select-dropdown').getByText('系统接口').click();
    await dialog.getByRole('button', { name: /创\s?建/ }).click();
    // The secret is shown once, and it works as a bearer token.
    const secret = (await page.getByTestId('new-token').textContent())!.trim();
    expect(secret).toMatch(/^ccrm_/);
    const me = await page.request.get(h.url('/api/v1/auth/me'), { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status()).toBe(200);
    await h.screenshot(page, 'api-token-created');
    await page.getByRole('dialog', { name: '令牌已创建' }).getByRole('button', { name: /完\s?成/ }).click();
    await row(page, '营销系统').waitFor();
    expect(await row(page, '营销系统').textContent()).not.toContain(secret);
    await h.screenshot(page, 'api-tokens');
  });

  test("the API's field details land on the form fields (change password)", async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    const dialog = page.getByRole('dialog', { name: '修改密码' });
    await dialog.getByLabel('当前密码').fill('wrong-current-1');
    await dialog.getByLabel('新密码', { exact: true }).fill('New-pass-2024');
    await dialog.getByLabel('确认新密码').fill('New-pass-2024');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '当前密码不正确' }).waitFor();
    await h.screenshot(page, 'change-password-refused');
    await dialog.getByRole('button', { name: /取\s?消/ }).click();
  });

  test('signing out, then a deep link asks to sign in and returns to the page', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL('**/sign-in');

    await page.goto(h.url('/audit'));
    await page.waitForURL(/\/sign-in\?next=%2Faudit$/);
    await page.getByLabel('登录名').fill(adminLogin);
    await page.getByLabel('密码').fill(adminPassword);
    await page.getByRole('button', { name: /登\s?录/ }).click();
    await page.waitForURL('**/audit');
    await page.getByTestId('audit-table').waitFor();
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('a manager sees only the pages their role allows', async () => {
    const manager = await h.createUser({ login: 'wang.jl', name: '王经理', roleCodes: ['manager'] });
    const p = await h.signedInPage({ login: manager.login });
    const menu = p.getByTestId('side-menu');
    expect(await menu.textContent()).toContain('审计日志');
    expect(await menu.textContent()).not.toContain('账号与权限');
    expect(await menu.textContent()).not.toContain('数据字典');
    await p.goto(h.url('/accounts/users'));
    await p.getByText('没有权限').waitFor();
    await h.screenshot(p, 'forbidden');
    expect(h.pageErrors(p)).toEqual([]);
  });

  test('in English the API answers in English', async () => {
    const en = await h.newPage({ language: 'en' });
    await en.goto(h.url('/sign-in'));
    await en.getByLabel('Login').fill(adminLogin);
    await en.getByLabel('Password').fill('not-the-password-2');
    await en.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => en.getByTestId('sign-in-error').textContent()).toBe('Wrong login or password');
    await h.screenshot(en, 'sign-in-en-refused');

    const signedIn = await h.signedInPage({ language: 'en' });
    await signedIn.goto(h.url('/dictionaries'));
    await signedIn.getByTestId('dictionary-kinds').getByRole('menuitem', { name: 'Activity types' }).click();
    await row(signedIn, 'Book club').getByRole('button', { name: 'Delete' }).click();
    await signedIn.locator('.ant-popconfirm').getByRole('button', { name: 'Delete' }).click();
    await signedIn.locator('.ant-message').getByText('Deleted').waitFor();
    await expect.poll(() => row(signedIn, 'Book club').count()).toBe(0);
    await h.screenshot(signedIn, 'dictionaries-en');
    expect([...h.pageErrors(en), ...h.pageErrors(signedIn)]).toEqual([]);
  });
});
