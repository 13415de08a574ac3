// Accessibility of the console (issue 16), with some data present: every page of the menu (home
// included), one record page of each kind, each tab of the member's 360° page and a list's export
// menu open, in zh-CN and in English, checked by axe-core against WCAG 2.1 A/AA —
// no critical or serious violation (each printed with its rule, elements and what is wrong);
// a record deleted with the keyboard alone (skip link, Tab to the row's action, the confirmation
// takes the focus and gives it back); and at 1024×768 every row action of a list is on screen.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { residentId } from '../helpers/membership.ts';
import { repoRoot, screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
const today = dayjs().format('YYYY-MM-DD');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Console pages in the menu (web/src/modules.tsx), and a record's own page of each kind, filled in below. */
const menuPages = [...fs.readFileSync(path.join(repoRoot, 'web/src/modules.tsx'), 'utf8').matchAll(/\{ path: '([^']+)'[^\n]*/g)]
  .filter((m) => !m[0].includes('hidden: true'))
  .map((m) => m[1]);
const recordPages: string[] = [];
const customerIds: Record<string, number> = {};
let api: Awaited<ReturnType<ConsoleHarness['adminApi']>>;

beforeAll(async () => {
  h = await startConsole();
  const call = await h.adminApi();
  api = call;
  await h.createUser({ login: 'a11y.staff', name: '客服小周', department: '客服中心', roleCodes: ['service'] });

  // members through applications, and one application left pending
  const memberIds: number[] = [];
  const cards = ['66910000001', '66910000002'];
  for (const [i, cardNo] of cards.entries()) {
    const a = await call('POST', '/api/v1/applications', {
      channel: 'service_center', subChannel: 'event', name: ['林晓雨', '陈海峰'][i], idType: 'resident_id', idNumber: residentId(60 + i, '19800312'),
      mobile: `1390000019${i}`, note: '展会现场申请',
    });
    const r = await call('POST', `/api/v1/applications/${a.application.id}/approve`, { cardNo });
    memberIds.push(r.member.id);
    if (i === 0) recordPages.push(`/membership/applications/${a.application.id}`, `/members/${r.member.id}`, `/points/members/${r.member.id}`);
  }
  await call('POST', '/api/v1/applications', {
    channel: 'service_center', subChannel: 'event', name: '王一鸣', idType: 'resident_id', idNumber: residentId(70, '19900101'), mobile: '13900000180',
  });
  for (const [i, name] of ['许文静', '赵立新', '孙可'].entries()) {
    const c = await call('POST', '/api/v1/customers', { name, mobile: `1390000017${i}`, address: '杭州市西湖区文三路 1 号', tags: ['意向客户'] });
    if (i === 0) recordPages.push(`/customers/${c.id}`);
    customerIds[name] = c.id;
  }

  // an activity with a cost and a participant
  const activity = await call('POST', '/api/v1/activities', {
    name: '春季业主沙龙', type: 'salon', startsOn: today, endsOn: today, place: '会所二楼', expectedHeadcount: 5, budgetFen: 100_000, pointsPerParticipant: 10,
  });
  await call('POST', `/api/v1/activities/${activity.id}/approve`, {});
  await call('POST', `/api/v1/activities/${activity.id}/costs`, { basis: 'shared', item: '茶歇', costFen: 20_000, note: '供应商报价' });
  await call('POST', `/api/v1/activities/${activity.id}/participants`, { cardNo: cards[0] });
  recordPages.push(`/activities/${activity.id}`);

  // a care action by letter, a complaint, a merchant and its service, a redemption
  const care = await call('POST', '/api/v1/care/actions', { title: '生日祝福', channel: 'letter', subject: '生日快乐', body: '祝您生日快乐', filters: { memberIds } });
  recordPages.push(`/care/actions/${care.id}`);
  const complaint = await call('POST', '/api/v1/complaints', { channel: 'phone', type: 'house_quality', cardNo: cards[0], complainantName: '林晓雨', content: '卫生间渗水' });
  const merchant = await call('POST', '/api/v1/merchants', { code: 'A11Y01', name: '西湖茶社', contact: '周经理', type: '餐饮', note: '合作三年' });
  const service = await call('POST', `/api/v1/merchants/${merchant.id}/services`, { name: '下午茶八折', startsOn: today, eligibleLevels: ['normal', 'vip'], content: '凭卡享受' });
  await call('POST', `/api/v1/merchant-services/${service.id}/participations`, { cardNo: cards[0], note: '满意', rating: 2 });
  // the drawers that show a complaint, a merchant and a service
  recordPages.push(`/complaints?id=${complaint.id}`, `/merchants?id=${merchant.id}`, `/merchants/services?service=${service.id}`);
  // a ticket (replied, resolved with a satisfaction score) and a published knowledge-base article, in their drawers
  const ticket = (await call('POST', '/api/v1/service/tickets', { type: 'after_sales', channel: 'phone', subject: '门锁故障', description: '指纹锁失灵', contactMobile: '13900000170' })).ticket;
  await call('POST', `/api/v1/service/tickets/${ticket.id}/messages`, { kind: 'reply', body: '师傅下午上门' });
  await call('POST', `/api/v1/service/tickets/${ticket.id}/resolve`, { resolution: '已更换锁芯', survey: { score: 4, comment: '满意' } });
  const article = await call('POST', '/api/v1/service/articles', { category: 'repair', title: '房屋保修期限', body: '防水工程保修五年', tags: ['保修'] });
  await call('POST', `/api/v1/service/articles/${article.id}/publish`, {});
  await call('POST', `/api/v1/service/tickets/${ticket.id}/articles`, { articleId: article.id });
  recordPages.push(`/service/tickets?id=${ticket.id}`, `/service/articles?id=${article.id}`);
  const plan = await call('POST', '/api/v1/redemption-plans', { item: '定制保温杯', description: '会员专享', pointsCost: 10, stockTotal: 100 });
  await call('POST', '/api/v1/redemptions', { planId: plan.id, memberId: memberIds[0], note: '前台领取' });
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

interface AxeNode { target: unknown[]; failureSummary?: string; html: string }
interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }

/** axe-core on the page as it is now: the critical and serious violations of WCAG 2.1 A/AA, one readable line per element. */
async function axe(p: Page): Promise<string[]> {
  // The console's CSP (script-src 'self') refuses an inline <script>: the source is evaluated instead.
  if (!(await p.evaluate(() => 'axe' in globalThis))) await p.evaluate(axeSource);
  const violations = await p.evaluate(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }).then((r) => JSON.parse(JSON.stringify(r.violations)))`) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .flatMap((v) => v.nodes.slice(0, 10).map((n) =>
      `[${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').replace(/^Fix (any|all) of the following: /, '').slice(0, 200)} — ${n.html.slice(0, 160)}`,
    ).concat(v.nodes.length > 10 ? [`[${v.impact}] ${v.id}: and ${v.nodes.length - 10} more`] : []));
}

const inFlight = new WeakMap<Page, number>();
/** Counts the page's requests in flight (settle waits for none). */
function trackRequests(p: Page) {
  inFlight.set(p, 0);
  const done = () => inFlight.set(p, Math.max(0, (inFlight.get(p) ?? 0) - 1));
  p.on('request', () => inFlight.set(p, (inFlight.get(p) ?? 0) + 1));
  p.on('requestfinished', done);
  p.on('requestfailed', done);
}

/**
 * Waits until the page is still for 300 ms: no request in flight, no spinner, no transition or
 * finite animation running (menu highlights and table fade-ins: axe reads colours as painted).
 */
async function settle(p: Page) {
  const deadline = Date.now() + 20_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const busy = (inFlight.get(p) ?? 0) > 0 || await p.evaluate(`!!document.querySelector('.ant-spin-spinning, .ant-skeleton-active')
      || document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)`);
    if (busy) quietSince = Date.now();
    else if (Date.now() - quietSince >= 300) return;
    await p.waitForTimeout(50);
  }
}

/** Opens a console page inside the running console, as its links do (no reload: axe stays loaded). */
async function open(p: Page, url: string) {
  const where = 'location.pathname + location.search';
  if ((await p.evaluate(where)) === url) return settle(p);
  const before = await p.title();
  const [u, t] = [JSON.stringify(url), JSON.stringify(before)];
  await p.evaluate(`history.pushState(null, '', ${u}); dispatchEvent(new PopStateEvent('popstate'))`);
  // (page.waitForFunction evaluates its text with eval, which the console's CSP refuses)
  await expect.poll(() => p.evaluate(`${where} === ${u} && document.title !== ${t} && !!document.querySelector('[data-testid="side-menu"]')`), { timeout: 20_000 }).toBe(true);
  await settle(p);
}

const signedIn: Partial<Record<'zh-CN' | 'en', Page>> = {};
async function consolePage(language: 'zh-CN' | 'en') {
  if (!signedIn[language]) {
    signedIn[language] = await h.signedInPage({ language });
    trackRequests(signedIn[language]);
  }
  page = signedIn[language];
  return page;
}

describe('accessibility (axe-core, WCAG 2.1 A/AA)', () => {
  test('the menu lists the pages checked below', () => {
    expect(menuPages.length).toBeGreaterThan(30);
    expect(recordPages.length).toBe(11);
  });

  // one test per menu group (its pages share the first segment of their path), per language
  const groups = new Map<string, string[]>([['home', ['/']]]);
  for (const p of menuPages) groups.set(p.split('/')[1], [...(groups.get(p.split('/')[1]) ?? []), p]);
  for (const language of ['zh-CN', 'en'] as const) {
    test(`${language}: the sign-in page has no critical or serious violation`, async () => {
      page = await h.newPage({ language });
      trackRequests(page);
      await page.goto(h.url('/sign-in'));
      await page.getByRole('button').last().waitFor();
      await settle(page);
      expect(await axe(page)).toEqual([]);
    });

    const sweep = async (urls: string[]) => {
      const p = await consolePage(language);
      const found: string[] = [];
      for (const url of urls) {
        await open(p, url);
        if (url.includes('?')) expect(await p.getByRole('dialog').count(), `${url}: its drawer is open`).toBe(1);
        for (const v of await axe(p)) found.push(`${url} ${v}`);
      }
      if (found.length) console.error(`axe (${language}):\n${found.join('\n')}`);
      expect(found).toEqual([]);
    };
    for (const [group, urls] of groups) {
      test(`${language}: ${group} — every page of the menu, no critical or serious violation`, () => sweep(urls));
    }
    test(`${language}: a record's own page of each kind (customer, application, member, points, activity, care action; complaint, merchant, service, ticket and article drawers)`, () => sweep(recordPages));

    test(`${language}: the member's 360° page, each of its tabs in turn`, async () => {
      const p = await consolePage(language);
      const member = recordPages.find((u) => u.startsWith('/members/'))!;
      await open(p, member);
      const tabs = p.getByTestId('member-tabs').getByRole('tab');
      const count = await tabs.count();
      expect(count, 'the member page\'s tabs').toBeGreaterThanOrEqual(8);
      const found: string[] = [];
      for (let i = 0; i < count; i++) {
        const tab = tabs.nth(i);
        await tab.click();
        await expect.poll(() => tab.getAttribute('aria-selected'), { timeout: 15_000 }).toBe('true');
        await settle(p);
        for (const v of await axe(p)) found.push(`${member} tab ${(await tab.textContent())?.trim()}: ${v}`);
      }
      if (found.length) console.error(`axe (${language}):\n${found.join('\n')}`);
      expect(found).toEqual([]);
    });

    test(`${language}: a list's export menu (导出 → CSV / Excel) open`, async () => {
      const p = await consolePage(language);
      await open(p, '/members');
      await p.getByTestId('export-button').click();
      const menu = p.getByRole('menu').filter({ has: p.getByRole('menuitem', { name: 'CSV' }) });
      await expect.poll(() => menu.isVisible(), { timeout: 15_000 }).toBe(true);
      await settle(p);
      const found = await axe(p);
      if (found.length) console.error(`axe (${language}) /members export menu:\n${found.join('\n')}`);
      expect(found).toEqual([]);
      await p.keyboard.press('Escape');
      await expect.poll(() => menu.isVisible()).toBe(false);
    });
  }
});

/** What has the focus: its text (spaces dropped: Ant Design spaces two-character labels), where it is, and in what. */
interface Focused { tag: string; text: string; id: string; row: string; inPopconfirm: boolean; inMain: boolean; x: number; y: number; right: number; bottom: number; testId: string | null }
const focused = (p: Page) => p.evaluate(`(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  return {
    tag: e.tagName, text: (e.textContent || '').replace(/\\s+/g, ''), id: e.id, row: e.closest('tr')?.textContent || '',
    inPopconfirm: !!e.closest('.ant-popconfirm'), inMain: !!e.closest('#main-content'), x: r.left, y: r.top, right: r.right, bottom: r.bottom, testId: e.getAttribute('data-testid'),
  };
})()`) as Promise<Focused | null>;

describe('keyboard', () => {
  test('a customer deleted with the keyboard alone: skip link, Tab to the row\'s 删除, the confirmation takes the focus, Escape gives it back, Enter confirms', async () => {
    page = await h.signedInPage();
    await page.goto(h.url('/customers'));
    await page.getByTestId('customers-table').locator('.ant-table-row', { hasText: '孙可' }).waitFor();
    await settle(page);

    // the first Tab stop is the skip link, shown on screen while it has the focus
    await page.keyboard.press('Tab');
    let f = await focused(page);
    expect(f).toMatchObject({ testId: 'skip-link', text: '跳到主要内容' });
    expect(f!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect((await focused(page))?.id).toBe('main-content');

    // Tab through the filters and the list to the row's 删除; everything passed is on screen when focused
    const offScreen: string[] = [];
    let tabs = 0;
    for (;;) {
      await page.keyboard.press('Tab');
      tabs += 1;
      f = await focused(page);
      expect(f, 'the focus left the page').not.toBeNull();
      if (f!.x < 0 || f!.y < 0 || f!.right > 1440 || f!.bottom > 900) offScreen.push(`${f!.tag} ${f!.text}`);
      if (f!.text === '删除' && f!.row.includes('孙可')) break;
      expect(tabs, 'Tabs to the row\'s 删除').toBeLessThan(60);
    }
    expect(offScreen).toEqual([]);

    // Enter opens the confirmation, whose OK button takes the focus; Escape closes it and gives the focus back
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.inPopconfirm).toBe(true);
    expect((await focused(page))?.text).toBe('删除');
    expect(await page.locator('.ant-popconfirm:visible').textContent()).toContain('删除客户“孙可”');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page))?.inPopconfirm).toBe(false);
    f = await focused(page);
    expect(f).toMatchObject({ text: '删除' });
    expect(f!.row).toContain('孙可');
    expect((await api('GET', `/api/v1/customers/${customerIds['孙可']}`)).customer.deletedAt).toBeNull();

    // Enter again, Enter on the OK button: deleted; the focus stays in the page's content
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.inPopconfirm).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await api('GET', `/api/v1/customers/${customerIds['孙可']}`)).customer.deletedAt).not.toBeNull();
    // the row shows the customer deleted (or leaves the list): its 删除 is gone, the focus is in the content
    // (up to 15 s: the list's refresh takes more than expect.poll's default second on a busy machine)
    await expect.poll(() => page.getByTestId('customers-table').locator('.ant-table-row', { hasText: '孙可' }).locator('button', { hasText: /删\s?除/ }).count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => (await focused(page))?.inMain, { timeout: 15_000 }).toBe(true);
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('the side menu folds and unfolds with a button; the password\'s show/hide is not a Tab stop', async () => {
    page = await h.signedInPage({ language: 'en' });
    const toggle = page.getByRole('button', { name: 'Collapse the menu' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('sider-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('sider-toggle').getAttribute('aria-label')).toBe('Expand the menu');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('sider-toggle').getAttribute('aria-expanded')).toBe('true');

    const signIn = await h.newPage({ language: 'en' });
    await signIn.goto(h.url('/sign-in'));
    await signIn.getByLabel('Login').waitFor();
    await signIn.getByLabel('Login').focus();
    await signIn.keyboard.press('Tab');
    expect(await signIn.evaluate('document.activeElement.getAttribute("type")')).toBe('password');
    await signIn.keyboard.press('Tab');
    expect(await signIn.evaluate('document.activeElement.textContent.trim()')).toBe('Sign in');
  });
});

describe('at 1024×768', () => {
  /** Row action buttons of a list that are cut off, covered or off screen (with the reason). */
  const hiddenActions = (p: Page, testId: string) => p.evaluate(`(() => {
    const out = [];
    const buttons = document.querySelectorAll('[data-testid="${testId}"] .ant-table-row td:last-child button, [data-testid="${testId}"] .ant-table-row td:last-child a');
    for (const b of buttons) {
      const r = b.getBoundingClientRect();
      const label = (b.textContent || '').trim();
      const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (r.left < 0 || r.right > innerWidth) out.push(label + ': off screen');
      else if (!at || !(b === at || b.contains(at))) out.push(label + ': covered');
      else if (b.scrollWidth > b.clientWidth + 1) out.push(label + ': cut off');
    }
    return { count: buttons.length, hidden: out };
  })()`) as Promise<{ count: number; hidden: string[] }>;

  test('English: the side menu is folded, and every row action of the lists is on screen, whole', async () => {
    page = await h.signedInPage({ language: 'en' });
    await page.setViewportSize({ width: 1024, height: 768 });
    const lists: [string, string][] = [
      ['/customers', 'customers-table'], ['/membership/applications', 'applications-table'], ['/cards', 'cards-table'], ['/merchants', 'merchants-table'],
    ];
    for (const [url, testId] of lists) {
      await page.goto(h.url(url));
      await page.getByTestId(testId).locator('.ant-table-row').first().waitFor();
      await settle(page);
      expect(await page.getByTestId('sider-toggle').getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('.ant-menu-submenu-popup').filter({ visible: true }).count(), `${url}: a menu pop-up left over the page`).toBe(0);
      // column titles on one line ("Gender", not "Gende" over "r")
      expect(await page.evaluate(`[...document.querySelectorAll('[data-testid="${testId}"] thead th')].filter((th) => {
        const r = document.createRange(); r.selectNodeContents(th); return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
      }).map((th) => th.textContent)`), `${url}: titles broken over lines`).toEqual([]);
      const { count, hidden } = await hiddenActions(page, testId);
      expect(count, `${url}: row actions`).toBeGreaterThan(0);
      expect(hidden, url).toEqual([]);
      // the page itself does not scroll sideways (a wide list scrolls inside its own box)
      expect(await page.evaluate('document.documentElement.scrollWidth'), url).toBeLessThanOrEqual(1024);
    }
    await page.goto(h.url('/customers'));
    await page.getByTestId('customers-table').locator('.ant-table-row').first().waitFor();
    expect(await page.getByTestId('customers-table').locator('.ant-table-row').first().getByRole('button', { name: 'Delete' }).isVisible()).toBe(true);
  });
});
