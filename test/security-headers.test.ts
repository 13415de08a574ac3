// Security headers: a Content-Security-Policy that lets only the server's own scripts run (no inline
// script, no eval) and forbids framing, nosniff, no referrer, on every reply — the API's, the
// console's page, the API documentation — and API replies (personal data) never cached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmetHeaders } from '../src/http/security-headers.ts';
import { startTestApp, type Reply, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

/** The policy's directives: name → sources. */
function policy(r: Reply): Record<string, string[]> {
  const header = String(r.headers['content-security-policy'] ?? '');
  return Object.fromEntries(header.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));
}

function expectLockedDown(r: Reply) {
  const csp = policy(r);
  expect(csp['default-src']).toEqual(["'self'"]);
  expect(csp['script-src']).toEqual(["'self'"]); // no 'unsafe-inline', no 'unsafe-eval', no other host
  expect(csp['script-src-attr']).toEqual(["'none'"]); // no onerror="…"
  expect(csp['object-src']).toEqual(["'none'"]);
  expect(csp['frame-ancestors']).toEqual(["'none'"]);
  expect(csp['base-uri']).toEqual(["'self'"]);
  expect(csp['form-action']).toEqual(["'self'"]);
  expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
  expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
  expect(csp).not.toHaveProperty('upgrade-insecure-requests'); // the console may be served over plain HTTP
  expect(r.headers['x-content-type-options']).toBe('nosniff');
  expect(r.headers['x-frame-options']).toBe('DENY');
  expect(r.headers['referrer-policy']).toBe('no-referrer');
  // and every other header helmet sets (worked out once at start: HSTS, cross-origin policies, …)
  const all = helmetHeaders();
  expect(Object.keys(all).length).toBeGreaterThanOrEqual(10);
  for (const [name, value] of Object.entries(all)) expect(r.headers[name], name).toBe(value);
}

describe('security headers', () => {
  it('an API reply with personal data: the policy, nosniff, and never cached', async () => {
    const admin = await t.signIn();
    const users = await admin.get('/api/v1/users');
    expect(users.status).toBe(200);
    expectLockedDown(users);
    expect(users.headers['cache-control']).toBe('no-store');
  });

  it('API errors and the health check too: 401, an unknown API path, a validation error', async () => {
    const anonymous = await t.anonymous.get('/api/v1/users');
    expect(anonymous.status).toBe(401);
    const unknown = await t.anonymous.get('/api/v1/no-such-thing');
    expect(unknown.status).toBe(404);
    const admin = await t.signIn();
    const bad = await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'Bad Code!', labelZh: '', labelEn: 'x' });
    expect(bad.status).toBe(400);
    const health = await t.anonymous.get('/api/health');
    expect(health.status).toBe(200);
    for (const r of [anonymous, unknown, bad, health]) {
      expectLockedDown(r);
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });

  it("the console's page and a console route (the single-page app's index): the same policy", async () => {
    for (const url of ['/', '/activities/statistics']) {
      const r = await t.anonymous.get(url);
      expectLockedDown(r);
    }
  });

  it('the API documentation at /api/docs: the same policy, its page loads only its own scripts', async () => {
    const docs = await t.anonymous.get('/api/docs');
    expect(docs.status).toBe(200);
    expectLockedDown(docs);
    expect(docs.headers['cache-control']).toBe('no-store');
    // nothing inline for the policy to refuse
    expect(String(docs.body)).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
