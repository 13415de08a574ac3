// The console's weight and caching, as a browser on a first visit sees them: what the sign-in page
// transfers (bytes on the wire, as Chromium counts them), how each file is encoded and how long a
// browser may keep it, and that a second visit fetches nothing but the page itself.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { screenshotOnFailure, startConsole, type ConsoleHarness } from './helpers.ts';

let h: ConsoleHarness;
let page: Page;

beforeAll(async () => {
  h = await startConsole();
});
afterAll(async () => {
  await h?.close();
});
screenshotOnFailure(() => h, () => page);

/** The sign-in page's budget: everything transferred on a first visit, compressed, headers included. */
const signInBudget = 600 * 1024;

interface Transfer { url: string; bytes: number; fromCache: boolean; headers: Record<string, string> }

/** Records every request of the page through the DevTools protocol: bytes on the wire and the reply's headers. */
async function recordTransfers(p: Page): Promise<{ cdp: CDPSession; transfers: Map<string, Transfer> }> {
  const cdp = await p.context().newCDPSession(p);
  const transfers = new Map<string, Transfer>();
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const fromCache = !!transfers.get(e.requestId)?.fromCache || !!e.response.fromDiskCache;
    transfers.set(e.requestId, { url: e.response.url, bytes: 0, fromCache, headers });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const t = transfers.get(e.requestId);
    if (t) t.fromCache = true;
    else transfers.set(e.requestId, { url: '', bytes: 0, fromCache: true, headers: {} });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const t = transfers.get(e.requestId);
    if (t) t.bytes = e.encodedDataLength;
  });
  await cdp.send('Network.enable');
  return { cdp, transfers };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

describe('console weight and caching', () => {
  let firstVisit: Transfer[];

  test(`the sign-in page transfers at most ${signInBudget / 1024} KB on a first visit, compressed, without the charts`, async () => {
    page = await h.newPage();
    const { transfers } = await recordTransfers(page);
    await page.goto(h.url('/sign-in'));
    await page.getByLabel('登录名').waitFor();
    await page.waitForLoadState('networkidle');
    firstVisit = [...transfers.values()];
    const total = firstVisit.reduce((s, t) => s + t.bytes, 0);
    console.info(`sign-in page, first visit: ${kb(total)} transferred in ${firstVisit.length} requests\n` +
      firstVisit.map((t) => `  ${kb(t.bytes).padStart(9)} ${t.headers['content-encoding'] ?? '-'} ${new URL(t.url).pathname}`).join('\n'));

    expect(total).toBeLessThanOrEqual(signInBudget);
    const scripts = firstVisit.filter((t) => /\/assets\/.+\.js$/.test(t.url));
    expect(scripts.length).toBeGreaterThan(3);
    // the charts library loads only with the pages that draw charts
    expect(scripts.map((t) => new URL(t.url).pathname).filter((p) => /echarts|zrender/.test(p))).toEqual([]);
    expect(h.pageErrors(page)).toEqual([]);
  });

  test('hashed files are sent brotli-compressed and kept a year; the page itself is revalidated; the security headers stay', async () => {
    const assets = firstVisit.filter((t) => new URL(t.url).pathname.startsWith('/assets/'));
    const big = assets.filter((t) => t.bytes > 2048);
    expect(big.length).toBeGreaterThan(3);
    for (const t of big) expect({ file: t.url, encoding: t.headers['content-encoding'] }).toEqual({ file: t.url, encoding: 'br' });
    for (const t of assets) {
      expect({ file: t.url, caching: t.headers['cache-control'] }).toEqual({ file: t.url, caching: 'public, max-age=31536000, immutable' });
      expect(t.headers['vary']).toMatch(/accept-encoding/i);
    }
    const document = firstVisit.find((t) => new URL(t.url).pathname === '/sign-in')!;
    expect(document.headers['cache-control']).toBe('no-cache');
    for (const t of [document, ...assets]) {
      expect(t.headers['content-security-policy']).toContain("script-src 'self'");
      expect(t.headers['x-content-type-options']).toBe('nosniff');
    }

    // a client that accepts only gzip gets gzip; one that accepts nothing gets the plain file
    const main = assets.find((t) => /\/assets\/index-[^/]+\.js$/.test(t.url))!;
    const gz = await page.request.get(main.url, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers()['content-encoding']).toBe('gzip');
    const plain = await fetch(main.url, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await plain.text()).length).toBeGreaterThan(main.bytes); // the plain file is larger than what went over the wire
  });

  test('a second visit takes every script from the browser cache', async () => {
    const { transfers } = await recordTransfers(page);
    await page.goto(h.url('/sign-in'));
    await page.getByLabel('登录名').waitFor();
    await page.waitForLoadState('networkidle');
    const scripts = [...transfers.values()].filter((t) => /\/assets\//.test(t.url));
    expect(scripts.length).toBeGreaterThan(3);
    expect(scripts.filter((t) => !t.fromCache).map((t) => t.url)).toEqual([]);
  });
});
