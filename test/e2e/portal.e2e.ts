// The members' portal (会员自助) in Chromium, as a member on a phone: ask for a code (delivered to
// an SMS gateway — a capture server of this test, CLUBCRM_SMS_PROVIDER=http), type it, see the
// balance and level, redeem a reward and see the message and the new balance, see it in 我的兑换,
// download my data, sign out. Then in English at desktop width, and axe-core (WCAG 2.1 A/AA) on
// every portal page (the console's accessibility sweep follows the staff menu, which has none of them).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { rows, sql } from '../../src/db/index.ts';
import { systemActor } from '../../src/modules/auth/actor.ts';
import { issueCard } from '../../src/modules/cards/service.ts';
import { createPlan } from '../../src/modules/points/redemption.ts';
import { verifyLedger } from '../../src/modules/points/verify.ts';
import { createMembers, type TestMember } from '../helpers/members.ts';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

const received: { to: string; text: string }[] = [];
let gateway: http.Server;
let h: ConsoleHarness;
let page: Page;
const contexts: BrowserContext[] = [];
let members: (TestMember & { mobile: string })[];
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => { received.push(JSON.parse(body)); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"id":"e2e"}'); });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  h = await startConsole({ env: { CLUBCRM_SMS_PROVIDER: 'http', CLUBCRM_SMS_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms` } });
  const made = await createMembers(h.server.db, 2, { prefix: 'P' });
  members = [];
  await h.server.db.transaction(async (tx) => {
    const actor = systemActor('e2e');
    for (const [i, m] of made.entries()) {
      await issueCard(tx, actor, { memberId: m.id, cardNo: `886200000${i + 1}001` }); // 普通卡: 100 base points
      const [c] = await rows<{ mobile: string }>(tx, sql`SELECT mobile FROM customers WHERE id = ${m.customerId}`);
      members.push({ ...m, mobile: c.mobile });
    }
    await createPlan(tx, actor, { item: '精品咖啡券', pointsCost: 40, stockTotal: 20, visibleOnWebsite: true });
    await createPlan(tx, actor, { item: '度假酒店住宿', pointsCost: 5000, visibleOnWebsite: true });
  });
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await h?.close();
  await new Promise((r) => gateway?.close(r));
});
screenshotOnFailure(() => h, () => page);

async function newPage(opts: { phone: boolean; language: 'zh-CN' | 'en' }): Promise<Page> {
  const context = await h.browser.newContext({
    baseURL: h.server.baseUrl, locale: opts.language,
    ...(opts.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 900 } }),
  });
  contexts.push(context);
  await context.addInitScript({ content: `if (!localStorage.getItem('clubcrm.language')) localStorage.setItem('clubcrm.language', ${JSON.stringify(opts.language)});` });
  const p = await context.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  (p as unknown as { errors: string[] }).errors = errors;
  return p;
}

async function codeFor(mobile: string, since: number): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const m = received.slice(since).find((x) => x.to === mobile);
    if (m) return /(\d{6})/.exec(m.text)![1];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no SMS reached ${mobile}`);
}

async function signIn(p: Page, mobile: string) {
  await p.goto('/portal');
  await p.waitForURL('**/portal/sign-in');
  await p.getByTestId('portal-mobile').fill(mobile);
  const since = received.length;
  await p.getByTestId('portal-send-code').click();
  await p.locator('.ant-message').getByText(/验证码已发送|a code has been sent/).waitFor();
  await p.getByTestId('portal-code').fill(await codeFor(mobile, since));
  await p.getByTestId('portal-sign-in').click();
  await p.getByTestId('portal-balance').waitFor();
}

async function axe(p: Page): Promise<string[]> {
  if (!(await p.evaluate(() => 'axe' in globalThis))) await p.evaluate(axeSource);
  const violations = await p.evaluate(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }).then((r) => JSON.parse(JSON.stringify(r.violations)))`) as { id: string; impact: string | null; nodes: { target: unknown[]; html: string }[] }[];
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `[${v.impact}] ${v.id} at ${n.target.join(' ')}: ${n.html.slice(0, 120)}`));
}

describe('members’ portal', () => {
  test('on a phone (390×844, zh-CN): code by SMS, balance, redeem with a message, new balance, my redemptions, sign out', async () => {
    const m = members[0];
    page = await newPage({ phone: true, language: 'zh-CN' });
    await signIn(page, m.mobile);
    await expect.poll(() => page.getByTestId('portal-balance').innerText()).toContain('100');
    await expect.poll(() => page.getByTestId('portal-level').innerText()).toBe('普通卡');
    await expect.poll(() => page.getByText(m.memberNo).count()).toBeGreaterThan(0);
    // no horizontal scrolling on the phone
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await h.screenshot(page, 'portal-home-phone');

    await page.getByRole('navigation').getByRole('button', { name: '兑换', exact: true }).click(); // the tab bar
    await page.waitForURL('**/portal/redeem');
    const coffee = page.locator('[data-testid^="portal-plan-"]', { hasText: '精品咖啡券' });
    await coffee.getByRole('button').click(); // 兑 换 (Ant Design spaces two CJK characters)
    await page.locator('.ant-modal').getByText('用 40 积分兑换“精品咖啡券”？').waitFor();
    await page.locator('.ant-modal').getByRole('button', { name: '确认兑换' }).click();
    await page.locator('.ant-message').getByText('已兑换“精品咖啡券”，扣除 40 分，剩余 60 分').waitFor();
    await expect.poll(() => page.getByTestId('portal-redeem-balance').innerText()).toBe('可用积分 60');
    // what cannot be afforded says so and cannot be pressed
    const hotel = page.locator('[data-testid^="portal-plan-"]', { hasText: '度假酒店住宿' });
    expect(await hotel.getByRole('button', { name: '积分不足' }).isDisabled()).toBe(true);
    await h.screenshot(page, 'portal-redeem-phone');

    await page.getByRole('button', { name: '我的兑换' }).click();
    await page.getByText('精品咖啡券 × 1').waitFor();
    await page.getByText('待领取').waitFor();
    await page.getByRole('button', { name: '首页' }).click();
    await expect.poll(() => page.getByTestId('portal-balance').innerText()).toContain('60');

    await page.getByTestId('portal-sign-out').click();
    await page.locator('.ant-message').getByText('已退出登录').waitFor();
    await page.waitForURL('**/portal/sign-in');
    // signed out: the portal's API no longer answers this browser
    const after = await page.request.get('/api/v1/portal/me');
    expect(after.status()).toBe(401);
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    const ledger = await verifyLedger(h.server.db.db);
    expect(ledger.problems).toEqual([]);
  });

  test('in English at desktop width, every portal page passes axe (WCAG 2.1 A/AA), and my data downloads', async () => {
    const m = members[1];
    page = await newPage({ phone: false, language: 'en' });
    await signIn(page, m.mobile);
    await expect.poll(() => page.getByTestId('portal-level').innerText()).toBe('Standard card');
    const found: string[] = [];
    const check = async (where: string) => {
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400); // Ant Design's fade-ins: axe reads colours as painted
      for (const v of await axe(page)) found.push(`${where} ${v}`);
    };
    await check('home');
    for (const [tab, heading] of [['Points', 'Points history'], ['Redeem', 'Redeem points'], ['My rewards', 'My rewards'], ['My data', 'My data']]) {
      await page.getByRole('button', { name: tab, exact: true }).click();
      await page.getByRole('heading', { name: heading }).waitFor();
      await check(tab);
    }
    const download = page.waitForEvent('download');
    await page.getByTestId('portal-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const saved = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
    expect(saved.person.memberNo).toBe(m.memberNo);
    expect(JSON.stringify(saved)).not.toContain(members[0].memberNo);
    await page.locator('.ant-message').getByText('Your data file has been downloaded').waitFor();
    await page.goto('/portal/sign-in');
    await page.getByTestId('portal-sign-in').waitFor();
    await check('sign-in');
    if (found.length) console.error(found.join('\n'));
    expect(found).toEqual([]);
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
  });
});
