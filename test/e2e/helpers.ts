// Browser tests of the console: the real server (embedded PGlite in a temporary folder) on a
// free port, serving the built console, driven by headless Chromium through playwright-core.
//
//   const h = await startConsole();                 // beforeAll
//   const page = await h.signedInPage();             // admin, zh-CN; { language: 'en' } for English
//   await page.goto(h.url('/dictionaries'));
//   await h.screenshot(page, 'dictionaries');        // test-results/dictionaries.png
//   expect(h.pageErrors(page)).toEqual([]);
//   screenshotOnFailure(() => h, () => page);              // test-results/failed-<test name>.png
//   await h.close();                                 // afterAll
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/db/index.ts';
import type { App } from '../../src/http/context.ts';
import { buildApp } from '../../src/http/server.ts';
import { cryptoFor, openDatabase, prepareDatabase } from '../../src/main.ts';
import { systemActor } from '../../src/modules/auth/actor.ts';
import { createUser } from '../../src/modules/auth/service.ts';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const resultsDir = path.join(repoRoot, 'test-results');
export const adminLogin = 'admin';
export const adminPassword = 'E2e-admin-pass-1';
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const webDir = path.join(repoRoot, 'web');
const builtIndex = path.join(webDir, 'dist', 'index.html');
const languageKey = 'clubcrm.language'; // web/src/i18n.ts

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/** Builds the console when web/dist is missing or older than its sources. */
export async function ensureConsoleBuilt(): Promise<void> {
  const sources = ['src', 'index.html', 'vite.config.ts'].map((f) => path.join(webDir, f));
  if (fs.existsSync(builtIndex) && fs.statSync(builtIndex).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', 'web', '--logLevel', 'warn'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' }, // vitest sets NODE_ENV=test, which would make a development build
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`console build failed (exit ${code}):\n${output}`))));
  });
  console.info(`e2e: console built in ${Date.now() - started} ms`);
}

export interface E2eServer {
  baseUrl: string;
  app: App;
  db: Db;
  config: Config;
  close(): Promise<void>;
}

/**
 * The real server, in this process, on a free port of 127.0.0.1, with a fresh embedded
 * database under a temporary folder (removed on close). Background jobs are off unless asked.
 */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-e2e-'));
  const config = loadConfig({
    CLUBCRM_DATA_DIR: dataDir, CLUBCRM_ADMIN_PASSWORD: adminPassword, CLUBCRM_JOBS: 'off', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0',
    ...env,
  });
  const db = await openDatabase(config);
  try {
    await prepareDatabase(db, config);
    const app = await buildApp({ config, db, crypto: cryptoFor(config), logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return {
      baseUrl: `http://127.0.0.1:${port}`, app, db, config,
      close: async () => {
        await app.close();
        await db.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface PageOptions {
  /** console language on first load (default zh-CN); the page's switch still changes it */
  language?: 'zh-CN' | 'en';
  /** the browser's time zone (playwright's timezoneId, e.g. 'UTC'); the machine's by default */
  timezoneId?: string;
}

export interface ConsoleHarness {
  server: E2eServer;
  browser: Browser;
  /** absolute URL of a console path, e.g. url('/audit') */
  url(p?: string): string;
  /** a page in a fresh browser context (own cookies and storage), not signed in */
  newPage(opts?: PageOptions): Promise<Page>;
  /** a page signed in (through the API) as `login`, default the administrator, showing the home page */
  signedInPage(opts?: PageOptions & { login?: string; password?: string }): Promise<Page>;
  /** creates a console user holding built-in roles (e.g. ['manager']); sign in with signedInPage({ login }) */
  createUser(u: { login: string; roleCodes: string[]; name?: string; department?: string }): Promise<{ login: string; password: string }>;
  /** the API as the administrator, in-process (no browser): call(method, url, body) → the reply's JSON; throws on anything but 200 */
  adminApi(): Promise<(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => Promise<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** uncaught exceptions and console errors of a page (failed requests excluded: tests provoke those) */
  pageErrors(page: Page): string[];
  /** full-page screenshot to test-results/<name>.png; returns its path */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** Builds the console if needed, starts the server and Chromium. */
export async function startConsole(opts: { env?: Record<string, string> } = {}): Promise<ConsoleHarness> {
  await ensureConsoleBuilt();
  const server = await startE2eServer(opts.env);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await server.close();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  const errors = new WeakMap<Page, string[]>();
  const url = (p = '/') => new URL(p, server.baseUrl).toString();

  const newPage = async ({ language = 'zh-CN', timezoneId }: PageOptions = {}) => {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1440, height: 900 }, locale: language, timezoneId });
    contexts.push(context);
    // Only the first load: after that the page's own language switch decides.
    const [key, lang] = [JSON.stringify(languageKey), JSON.stringify(language)];
    await context.addInitScript({ content: `if (!localStorage.getItem(${key})) localStorage.setItem(${key}, ${lang});` });
    const page = await context.newPage();
    const list: string[] = [];
    errors.set(page, list);
    page.on('pageerror', (e) => list.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) list.push(`console: ${m.text()}`);
    });
    return page;
  };

  const signedInPage: ConsoleHarness['signedInPage'] = async ({ login = adminLogin, password = login === adminLogin ? adminPassword : `${login}-Pass-1`, ...rest } = {}) => {
    const page = await newPage(rest);
    const res = await page.request.post(url('/api/v1/auth/sign-in'), { data: { login, password } });
    if (!res.ok()) throw new Error(`sign-in as ${login} failed: ${res.status()} ${await res.text()}`);
    await page.goto(url('/'));
    await page.getByTestId('welcome').waitFor();
    return page;
  };

  const createConsoleUser: ConsoleHarness['createUser'] = async ({ login, roleCodes, name = login, department }) => {
    const password = `${login}-Pass-1`;
    await server.db.transaction((tx) => createUser(tx, systemActor('e2e'), { login, name, department, password, roleCodes }));
    return { login, password };
  };

  const adminApi: ConsoleHarness['adminApi'] = async () => {
    const signIn = await server.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: adminLogin, password: adminPassword } });
    if (signIn.statusCode !== 200) throw new Error(`sign-in: ${signIn.statusCode} ${signIn.body}`);
    const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return async (method, path, payload) => {
      const r = await server.app.inject({ method, url: path, payload: payload as never, headers: { cookie } });
      if (r.statusCode !== 200) throw new Error(`${method} ${path}: ${r.statusCode} ${r.body}`);
      return JSON.parse(r.body);
    };
  };

  return {
    server, browser, url, newPage, signedInPage, createUser: createConsoleUser, adminApi,
    pageErrors: (page) => errors.get(page) ?? [],
    screenshot: async (page, name) => {
      fs.mkdirSync(resultsDir, { recursive: true });
      const file = path.join(resultsDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/** Waits until a dialog has finished opening (antd's zoom animation), so that clicks land where its controls stay. */
export async function settled(d: Locator): Promise<Locator> {
  await d.waitFor();
  await expect.poll(async () => (await d.getAttribute('class')) ?? '').not.toContain('ant-zoom');
  return d;
}

/** After a failed test, saves what the page showed to test-results/failed-<test name>.png. */
export function screenshotOnFailure(harness: () => ConsoleHarness | undefined, page: () => Page | undefined): void {
  afterEach(async (ctx) => {
    const h = harness();
    const p = page();
    if (ctx.task.result?.state !== 'fail' || !h || !p || p.isClosed()) return;
    const name = ctx.task.name.replace(/[^\w\u4e00-\u9fff-]+/g, '-').slice(0, 80);
    await h.screenshot(p, `failed-${name}`).catch(() => {});
  });
}

/**
 * Picks a member in the console's member picker (web/src/components/MemberPicker.tsx): types the
 * search text (a name, mobile digits, member or card no.), waits for the matches and chooses the
 * one showing `choose` (default: the text itself). Returns the chosen option's text.
 */
export async function pickMember(page: Page, picker: Locator, text: string, choose: string = text): Promise<string> {
  await picker.click();
  await page.keyboard.type(text);
  const option = page.locator('.ant-select-dropdown:visible [data-testid="member-option"]', { hasText: choose }).first();
  await option.waitFor();
  const shown = await option.innerText();
  await option.click();
  return shown;
}
