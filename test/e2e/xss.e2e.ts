// Stored script in the console: names that carry HTML (an <img onerror> and a <script>) are
// stored in every record that a chart or a table shows — activities and their costs, members,
// customers, merchants and their services, dictionary labels (types, channels, card levels),
// care actions, complaints, redemption plans, users, sales leads and opportunities — then every page of the console is opened
// and every chart hovered so its tooltips render. No script may run and no dialog open: the text
// shows as text (the cost pie's tooltip shows the name literally), and the page reports no error
// (a Content-Security-Policy violation is one).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import dayjs from 'dayjs';
import { residentId } from '../helpers/membership.ts';
import { repoRoot, screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;
const dialogs: string[] = [];
const today = dayjs().format('YYYY-MM-DD');

/** An image whose error handler would run script: sets window.__xss to the tag and opens a dialog. */
const img = (tag: string) => `<img src=x onerror="__xss='${tag}';alert(1)">`;
/** A script element (inserted through innerHTML it does not run, but through other means it would). */
const script = (tag: string) => `<script>__xss='${tag}';alert(1)</script>`;

/** Short, for fields of 32 characters: an SVG whose load handler would run script. */
const svg = (tag: string) => `<svg onload="__xss='${tag}'">`;

/** Console pages in the menu (web/src/modules.tsx), and a record's own pages filled in below. */
const menuPages = [...fs.readFileSync(path.join(repoRoot, 'web/src/modules.tsx'), 'utf8').matchAll(/\{ path: '([^']+)'[^\n]*/g)]
  .filter((m) => !m[0].includes('hidden: true'))
  .map((m) => m[1]);
const recordPages: string[] = [];
let leadPage = '';

beforeAll(async () => {
  h = await startConsole();
  const call = await h.adminApi();
  await h.createUser({ login: 'xss.staff', name: img('user'), department: script('dept'), roleCodes: ['service'] });

  // every dictionary label: activity types, care and complaint channels, complaint types, card levels…
  for (const d of await call('GET', '/api/v1/dictionaries') as { id: number }[]) {
    await call('PATCH', `/api/v1/dictionaries/${d.id}`, { labelZh: img(`d${d.id}`), labelEn: script(`d${d.id}`) });
  }

  // members through applications (a VIP and a standard card), and a customer of their own
  const memberIds: number[] = [];
  const cards = ['66900000001', '66900000002'];
  for (const [i, cardNo] of cards.entries()) {
    const a = await call('POST', '/api/v1/applications', {
      channel: 'service_center', subChannel: 'event', name: img(`mem${i}`), idType: 'resident_id', idNumber: residentId(40 + i, '19800312'),
      mobile: `1390000009${i}`, note: script(`note${i}`),
    });
    const r = await call('POST', `/api/v1/applications/${a.application.id}/approve`, { cardNo });
    memberIds.push(r.member.id);
    recordPages.push(`/membership/applications/${a.application.id}`, `/members/${r.member.id}`, `/points/members/${r.member.id}`);
  }
  const customer = await call('POST', '/api/v1/customers', { name: img('cust'), mobile: '13900000099', address: script('addr'), note: script('cnote'), tags: [svg('tag')] });
  recordPages.push(`/customers/${customer.id}`);

  // activities with costs (the cost pie) and a participant
  for (const i of [1, 2]) {
    const a = await call('POST', '/api/v1/activities', {
      name: img(`act${i}`), type: 'salon', startsOn: today, endsOn: today, place: script(`place${i}`), expectedHeadcount: 5, budgetFen: 100_000, pointsPerParticipant: 10,
    });
    await call('POST', `/api/v1/activities/${a.id}/approve`, {});
    await call('POST', `/api/v1/activities/${a.id}/costs`, { basis: 'shared', item: img(`cost${i}`), costFen: 20_000 * i, note: script(`cnote${i}`) });
    await call('POST', `/api/v1/activities/${a.id}/participants`, { cardNo: cards[i - 1] });
    recordPages.push(`/activities/${a.id}`);
  }

  // a care action sent by letter (a task for staff)
  const care = await call('POST', '/api/v1/care/actions', { title: img('care'), channel: 'letter', subject: script('subj'), body: img('cbody'), filters: { memberIds } });
  recordPages.push(`/care/actions/${care.id}`);

  // a complaint
  await call('POST', '/api/v1/complaints', { channel: 'phone', type: 'house_quality', cardNo: cards[0], complainantName: img('cname'), content: img('complaint') });

  // a merchant, its service, a member's participation
  const merchant = await call('POST', '/api/v1/merchants', { code: 'XSS01', name: img('merch'), contact: script('contact'), type: svg('mtype'), note: script('mnote') });
  const service = await call('POST', `/api/v1/merchants/${merchant.id}/services`, { name: img('svc'), startsOn: today, eligibleLevels: ['normal', 'vip'], content: script('svcc') });
  await call('POST', `/api/v1/merchant-services/${service.id}/participations`, { cardNo: cards[0], note: img('pnote'), rating: 2 });

  // a redemption plan, redeemed (the redemption pies)
  const plan = await call('POST', '/api/v1/redemption-plans', { item: img('plan'), description: script('pdesc'), pointsCost: 10, stockTotal: 100 });
  await call('POST', '/api/v1/redemptions', { planId: plan.id, memberId: memberIds[0], note: img('rnote') });

  // sales: a lead with a follow-up, an opportunity on the customer moved along and lost (the funnel's bars and reasons)
  const lead = await call('POST', '/api/v1/sales/leads', { name: img('lead'), mobile: '13900000098', source: 'call', intention: script('intent'), note: img('lnote') });
  await call('POST', `/api/v1/sales/leads/${lead.lead.id}/follow-ups`, { method: 'phone', content: img('follow') });
  const opp = await call('POST', '/api/v1/sales/opportunities', { customerId: customer.id, title: img('opp'), intention: script('ointent'), expectedAmountFen: 100_000_00 });
  await call('POST', `/api/v1/sales/opportunities/${opp.id}/stage`, { stage: 'revisit', note: img('stage') });
  const lost = await call('POST', '/api/v1/sales/opportunities', { customerId: customer.id, title: svg('lost'), expectedAmountFen: 50_000_00 });
  await call('POST', `/api/v1/sales/opportunities/${lost.id}/stage`, { stage: 'lost', lostReason: 'price', lostNote: img('lostnote') });
  leadPage = `/sales/leads?id=${lead.lead.id}`;
  recordPages.push(leadPage, `/sales/opportunities?id=${opp.id}`);

  // the administrator sees every page; a dialog (alert) would be script having run
  page = await h.signedInPage();
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
});
afterAll(async () => { await h?.close(); });
screenshotOnFailure(() => h, () => page);

/**
 * Moves the mouse over a grid of points of every chart on the page, so each series' tooltip renders;
 * again while the chart has shown no tooltip yet (a chart still drawing its opening animation).
 */
async function hoverCharts(p: Page) {
  const charts = p.locator('.echarts-for-react');
  for (let i = 0; i < (await charts.count()); i++) {
    const chart = charts.nth(i);
    await chart.scrollIntoViewIfNeeded();
    await expect.poll(async () => {
      const at = await chart.boundingBox();
      for (let y = 1; at && y < 8; y++) {
        for (let x = 1; x < 12; x++) await p.mouse.move(at.x + (at.width * x) / 12, at.y + (at.height * y) / 8);
      }
      return chart.evaluate((e) => e.textContent); // the tooltip's text (kept once it hides again)
    }).not.toBe('');
  }
}

async function open(p: Page, url: string) {
  await p.goto(h.url(url));
  await p.getByTestId('side-menu').waitFor(); // the console, not an error reply
  await p.waitForLoadState('networkidle');
  await hoverCharts(p);
  // an image's error (and so its handler) comes after its request: let the requests settle
  await p.waitForLoadState('networkidle');
}

const xss = (p: Page) => p.evaluate(() => (globalThis as { __xss?: string }).__xss ?? null);

describe('stored script in the console', () => {
  test('the cost pie on 活动对比 shows an activity named with HTML as text, and no script runs', async () => {
    await open(page, '/activities/statistics');
    const pie = page.getByTestId('chart-cost-pie');
    const box = (await pie.boundingBox())!;
    // around the ring (radius 30–62 % of half the smaller side, centre at 50 % / 45 %) until a tooltip shows
    const r = (Math.min(box.width, box.height) / 2) * 0.46;
    let turn = 0;
    await expect.poll(async () => {
      turn += 1;
      const a = (turn * Math.PI) / 6;
      await page.mouse.move(box.x + box.width / 2 + r * Math.sin(a), box.y + box.height * 0.45 - r * Math.cos(a), { steps: 3 });
      return pie.innerText();
    }).toContain(`<img src=x onerror="__xss='act`);
    await page.waitForLoadState('networkidle');
    expect(await xss(page)).toBeNull();
    expect(dialogs).toEqual([]);
    expect(h.pageErrors(page)).toEqual([]);
  });

  test("the console's page comes with the Content-Security-Policy, and renders under it without a violation", async () => {
    const reply = await page.goto(h.url('/activities/statistics'));
    const csp = (await reply!.allHeaders())['content-security-policy'];
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    await page.getByTestId('chart-cost-pie').waitFor();
    expect(h.pageErrors(page)).toEqual([]); // a refused script, style or image is reported as an error
  });

  test('the API documentation (Swagger UI) works under the same policy', async () => {
    const docs = await h.newPage();
    const reply = await docs.goto(h.url('/api/docs'));
    expect((await reply!.allHeaders())['content-security-policy']).toContain("script-src 'self';");
    await expect.poll(() => docs.locator('.swagger-ui .info .title').innerText()).toContain('ClubCRM API');
    await docs.locator('.opblock-tag').first().waitFor();
    expect(h.pageErrors(docs)).toEqual([]);
  });

  /** Opens the pages, charts hovered; none may run script, open a dialog or report an error. */
  async function sweep(urls: string[]) {
    const seen: string[] = [];
    for (const url of urls) {
      await open(page, url);
      seen.push(`${url}: ${await xss(page)}`);
    }
    expect(seen.filter((s) => !s.endsWith(': null'))).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(h.pageErrors(page)).toEqual([]);
  }

  test('the menu lists the pages swept below', () => {
    expect(menuPages.length).toBeGreaterThan(30);
    expect(menuPages).toEqual(expect.arrayContaining(['/activities/statistics', '/points/statistics', '/care/statistics', '/complaints/statistics']));
  });
  // one test per menu group (its pages share the first segment of their path)
  const groups = new Map<string, string[]>();
  for (const p of menuPages) groups.set(p.split('/')[1], [...(groups.get(p.split('/')[1]) ?? []), p]);
  for (const [group, urls] of groups) {
    test(`${group}: every page, its charts hovered — no script runs, no dialog, no error`, () => sweep(urls));
  }
  test("records' own pages (activity, member, customer, application, care action, points, lead, opportunity) — no script runs", () => sweep(recordPages));
  test("a lead's drawer shows its HTML-named lead and follow-up as text", async () => {
    await open(page, leadPage);
    const drawer = page.getByTestId('lead-drawer');
    await expect.poll(() => drawer.innerText()).toContain(`<img src=x onerror="__xss='follow';alert(1)">`);
    expect(await drawer.innerText()).toContain(`<img src=x onerror="__xss='lead';alert(1)">`);
    expect(await xss(page)).toBeNull();
  });
});
