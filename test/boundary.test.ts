// The sign-in boundary: no operation of the API answers an unauthenticated caller with success,
// however its path is spelled (the check decides on the matched route, denied by default).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/server.ts';
import { makeCrypto } from '../src/pii.ts';
import { testSecret } from './helpers/db.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { concretePath, spellings } from './helpers/spellings.ts';

let t: TestApp;
let operations: { method: string; path: string; public: boolean }[];
beforeAll(async () => {
  t = await startTestApp();
  const doc = (await t.anonymous.get('/api/docs/json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase(), path: concretePath(p), public: Array.isArray(op.security) && op.security.length === 0 })));
});
afterAll(async () => { await t?.close(); });

describe('unauthenticated callers', () => {
  it('get 401 from every operation but the public ones', async () => {
    expect(operations.length).toBeGreaterThan(150);
    const open = operations.filter((o) => o.public).map((o) => `${o.method} ${o.path}`);
    // the console's sign-in and the members' portal's (asking for an SMS code, signing in with it)
    expect(open).toEqual(['POST /api/v1/auth/sign-in', 'POST /api/v1/portal/auth/code', 'POST /api/v1/portal/auth/sign-in']);
    for (const op of operations.filter((o) => !o.public)) {
      const res = await t.app.inject({ method: op.method as never, url: op.path, payload: op.method === 'GET' || op.method === 'DELETE' ? undefined : {} });
      expect(res.statusCode, `${op.method} ${op.path}: ${res.body.slice(0, 200)}`).toBe(401);
    }
  });

  it('never get a success through an odd spelling of a path', async () => {
    let tried = 0;
    for (const op of operations.filter((o) => !o.public)) {
      for (const url of spellings(op.path)) {
        const res = await t.app.inject({ method: op.method as never, url, payload: op.method === 'GET' || op.method === 'DELETE' ? undefined : {} });
        tried++;
        // a GET outside /api may load the console's page (no data in it); anything else is refused
        const consolePage = op.method === 'GET' && res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html');
        if (!consolePage) expect(res.statusCode, `${op.method} ${url}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      }
    }
    expect(tried).toBeGreaterThan(3000);
  });

  it('are refused by a job-running POST spelled with an encoded letter', async () => {
    for (const url of ['/%61pi/v1/care/triggers/run', '/ap%69/v1/complaints/overdue/remind', '/api/v1/%6ceave-requests/run-rules']) {
      const res = await t.app.inject({ method: 'POST', url, payload: {} });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('cross-site requests with the session cookie', () => {
  const dictionary = (code: string) => ({ kind: 'activity_type', code, labelZh: code, labelEn: code });
  const codes = async () => ((await (await t.signIn()).get('/api/v1/dictionaries?kind=activity_type')).body as { code: string }[]).map((d) => d.code);

  it('are refused when the browser names another site, and change nothing', async () => {
    const admin = await t.signIn();
    const foreign: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }];
    for (const headers of foreign) {
      const res = await admin.post('/api/v1/dictionaries', dictionary('csrf1'), headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.error.code).toBe('CROSS_SITE_REQUEST');
      expect(res.body.error.message).toBe('拒绝来自其他网站的请求：请在 ClubCRM 的页面中操作');
    }
    // a body-less change (unlocking a user) is refused the same way
    const unlock = await admin.post('/api/v1/users/1/unlock', undefined, { origin: 'https://evil.example', 'accept-language': 'en' });
    expect(unlock.status).toBe(403);
    expect(unlock.body.error.message).toBe('Refused a request sent from another site: please use the ClubCRM pages');
    expect(await codes()).not.toContain('csrf1');
  });

  it('are accepted from the console itself (same origin), and bearer tokens are not checked', async () => {
    const admin = await t.signIn();
    const same = await admin.post('/api/v1/dictionaries', dictionary('csrf2'), { origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const tok = await admin.post('/api/v1/api-tokens', { name: 'dict', roleId: roles.find((r) => r.code === 'admin')!.id });
    const viaToken = await t.anonymous.post('/api/v1/dictionaries', dictionary('csrf3'), { authorization: `Bearer ${tok.body.token}`, origin: 'https://partner.example' });
    expect(viaToken.status, JSON.stringify(viaToken.body)).toBe(200);
    expect(await codes()).toEqual(expect.arrayContaining(['csrf2', 'csrf3']));
  });

  it('cannot smuggle a change as text/plain (what a foreign form sends)', async () => {
    const admin = await t.signIn();
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/dictionaries', payload: JSON.stringify(dictionary('csrf4')),
      headers: { 'content-type': 'text/plain', cookie: `clubcrm_session=${admin.cookie}` },
    });
    expect(res.statusCode).toBe(415);
    expect(await codes()).not.toContain('csrf4');
  });
});

describe('the client address', () => {
  const signInIp = async (app: TestApp) => {
    await app.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: 'admin', password: 'wrong-password-1' }, headers: { 'x-forwarded-for': '203.0.113.9' } });
    const audit = (await (await app.signIn()).get('/api/v1/audit?pageSize=100')).body.items as { action: string; ip: string | null }[];
    return audit.filter((a) => /sign/i.test(a.action)).map((a) => a.ip);
  };

  it('is the connection\'s by default: X-Forwarded-For from a client is not believed', async () => {
    const ips = await signInIp(t);
    expect(ips).not.toContain('203.0.113.9');
    expect(ips).toContain('127.0.0.1');
  });

  it('comes from X-Forwarded-For when the proxy is named in CLUBCRM_TRUST_PROXY', async () => {
    const behindProxy = await startTestApp({ trustProxy: ['127.0.0.1'] });
    try {
      expect(await signInIp(behindProxy)).toContain('203.0.113.9');
    } finally {
      await behindProxy.close();
    }
  });
});

describe('the console', () => {
  it('loads its page for any of its routes opened by URL, without signing in (the page holds no data)', async () => {
    const web = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-web-'));
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>ClubCRM</title>');
    const app = await buildApp({ config: t.config, db: t.db, crypto: makeCrypto(testSecret), logger: false, webRoot: web });
    try {
      for (const url of ['/', '/cards', '/members/12', '/points/statistics']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.body).toBe('<!doctype html><title>ClubCRM</title>');
      }
    } finally {
      await app.close();
      fs.rmSync(web, { recursive: true });
    }
  });
});
