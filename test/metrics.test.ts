// GET /metrics (Prometheus text, prom-client): only with the monitoring token CLUBCRM_METRICS_TOKEN
// — never with a session or a user's API token — and then the figures of what happened: requests
// by matched route and status, job runs, the outbox's backlog, the PostgreSQL pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/modules/auth/actor.ts';
import { queueNotice } from '../src/modules/notify/service.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { engine } from './helpers/db.ts';
import { metricValue as value } from './helpers/metrics.ts';

const token = 'scrape-me-0123456789abcdef';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ metricsToken: token }); });
afterAll(async () => { await t?.close(); });

const scrape = (headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: '/metrics', headers });
const json = (body: string) => JSON.parse(body) as { error: { code: string; message: string } };

describe('who may read /metrics', () => {
  it('without a token, with a wrong one, with a signed-in session or a user\'s API token: 401 in zh-CN and en, no figures', async () => {
    const none = await scrape();
    expect(none.statusCode).toBe(401);
    expect(json(none.body).error.code).toBe('UNAUTHENTICATED');
    expect(json(none.body).error.message).toBe('读取 /metrics 需要监控令牌：Authorization: Bearer <CLUBCRM_METRICS_TOKEN>');
    const wrong = await scrape({ authorization: `Bearer ${token}x`, 'accept-language': 'en' });
    expect(wrong.statusCode).toBe(401);
    expect(json(wrong.body).error.message).toBe('The monitoring token is wrong');

    // an administrator's session opens everything else, not this
    const admin = await t.signIn();
    const bySession = await admin.get('/metrics');
    expect(bySession.status).toBe(401);
    expect(JSON.stringify(bySession.body)).not.toContain('clubcrm_');
    // nor does an API token of the administrator role
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const tok = await admin.post('/api/v1/api-tokens', { name: 'prometheus?', roleId: roles.find((r) => r.code === 'admin')!.id });
    expect(tok.status).toBe(200);
    const byApiToken = await scrape({ authorization: `Bearer ${tok.body.token}` });
    expect(byApiToken.statusCode).toBe(401);
    expect(byApiToken.body).not.toContain('clubcrm_');
  });

  it('when no token is configured the endpoint does not exist (404), whoever asks', async () => {
    const off = await startTestApp();
    try {
      const admin = await off.signIn();
      const r = await off.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}`, cookie: `clubcrm_session=${admin.cookie}` } });
      expect(r.statusCode).toBe(404);
      expect(json(r.body).error.code).toBe('ROUTE_NOT_FOUND');
      expect(r.body).not.toContain('clubcrm_');
    } finally {
      await off.close();
    }
  });
});

describe('what a scrape shows', () => {
  it('requests by matched route and status, a job run, the outbox backlog (and the pool on PostgreSQL)', async () => {
    const admin = await t.signIn();
    const before = (await scrape({ authorization: `Bearer ${token}` })).body;
    const count = (text: string, route: string, status: string) => value(text, 'clubcrm_http_requests_total', { method: 'GET', route, status }) ?? 0;
    for (let i = 0; i < 3; i++) expect((await admin.get('/api/v1/customers?pageSize=5')).status).toBe(200);
    expect((await admin.get('/api/v1/customers/999999')).status).toBe(404);
    const run = await admin.post('/api/v1/jobs/home-figures/run');
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 2; i++) {
        await queueNotice(tx, systemActor('test'), { channel: 'sms', purpose: 'test', recipient: `1380000000${i}`, body: '测试' });
      }
    });

    const r = await scrape({ authorization: `Bearer ${token}` });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    const text = r.body;
    // the route pattern, not the URL: one series for every customer id
    expect(count(text, '/api/v1/customers', '200') - count(before, '/api/v1/customers', '200')).toBe(3);
    expect(count(text, '/api/v1/customers/:id', '404') - count(before, '/api/v1/customers/:id', '404')).toBe(1);
    expect(text).not.toContain('route="/api/v1/customers/999999"');
    expect(value(text, 'clubcrm_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/customers', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(value(text, 'clubcrm_job_runs_total', { job: 'home-figures', outcome: 'ok' })).toBe(1);
    expect(value(text, 'clubcrm_job_run_duration_seconds_count', { job: 'home-figures' })).toBe(1);
    expect(value(text, 'clubcrm_outbox_backlog', { state: 'queued' })).toBe(2);
    expect(value(text, 'clubcrm_outbox_backlog', { state: 'due' })).toBe(2);
    expect(value(text, 'clubcrm_outbox_backlog', { state: 'sending' })).toBe(0);
    if (engine === 'postgres') {
      expect(value(text, 'clubcrm_db_pool_max', {})).toBe(t.config.dbPoolSize);
      expect(value(text, 'clubcrm_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(1);
    } else {
      expect(text).not.toContain('clubcrm_db_pool_'); // PGlite has no pool
    }
    // the scrapes themselves are not counted as the club's traffic
    expect(text).not.toContain('route="/metrics"');
  });
});
