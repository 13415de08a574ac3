// Webhooks through the HTTP API, received by a real HTTP server on 127.0.0.1: signed per the
// Standard Webhooks spec, thin payloads, retries on a schedule, redelivery, test pings, SSRF
// refusals, secrets shown once, permissions. The delivery job is driven with a given `now`.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { systemActor } from '../auth/actor.ts';
import { sql } from 'drizzle-orm';
import { auditLinesSql, recordAudit, recordAuditMany } from './service.ts';
import { deliverDueWebhooks, pruneDeliveredWebhooks, retryDelaysMinutes, subscribes } from './webhooks.ts';

interface Received { headers: http.IncomingHttpHeaders; body: string; url: string }
let t: TestApp;
let admin: Session;
let receiver: http.Server;
let base = '';
let received: Received[] = [];
/** what the receiver answers: 204 unless a test says otherwise */
let answer = 204;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      received.push({ headers: req.headers, body, url: req.url ?? '' });
      res.statusCode = answer;
      res.end(answer >= 400 ? 'receiver is down for maintenance' : '');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await t?.close();
});
beforeEach(async () => {
  received = [];
  answer = 204;
  // endpoints of earlier tests stop receiving
  for (const e of (await admin.get('/api/v1/webhooks')).body) await admin.delete(`/api/v1/webhooks/${e.id}`);
});

/** The job as a process with CLUBCRM_WEBHOOK_ALLOW_LOOPBACK=on runs it (the receiver is on 127.0.0.1). */
const deliver = (now: Date) => deliverDueWebhooks(t.db, { ...t.config, webhookAllowLoopback: 'on' }, now);
const minutes = (from: Date, m: number) => new Date(from.getTime() + m * 60_000);

/** A receiver's check of a Standard Webhooks signature: HMAC-SHA256 under the secret's decoded bytes. */
function verify(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = crypto.createHmac('sha256', key).update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`).digest('base64');
  return String(r.headers['webhook-signature']).split(' ').some((s) => s === `v1,${expected}`);
}

async function endpoint(events: string[], path = '/hook', url = base + path) {
  const res = await admin.post('/api/v1/webhooks', { name: '营销系统', url, events });
  expect(res.status).toBe(200);
  return res.body as { id: number; secret: string };
}

describe('delivering a change', () => {
  it('POSTs a signed, thin event for a customer created through the API, and shows it delivered', async () => {
    const e = await endpoint(['customer.*']);
    expect(e.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const c = await admin.post('/api/v1/customers', { name: '周晓梅', mobile: '13905712233', email: 'zhou@example.com' });
    expect(c.status).toBe(200);
    const now = new Date();
    expect(await deliver(now)).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r.url).toBe('/hook');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['webhook-id']).toMatch(/^msg_\d+$/);
    expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(300);
    expect(verify(e.secret, r)).toBe(true);
    expect(verify(`whsec_${crypto.randomBytes(32).toString('base64')}`, r)).toBe(false);
    const payload = JSON.parse(r.body);
    expect(payload).toEqual({
      id: expect.stringMatching(/^\d+$/), type: 'customer.create', entityType: 'customer', entityId: String(c.body.id),
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), actor: { kind: 'user' },
    });
    // no personal data travels: not the name, the mobile or the e-mail
    expect(r.body).not.toMatch(/周晓梅|13905712233|zhou@example/);
    // the audit line the event is
    const audit = await admin.get(`/api/v1/audit?action=customer.create&entityId=${c.body.id}`);
    expect(payload.id).toBe(String(audit.body.items[0].id));
    // the console's view
    const list = await admin.get(`/api/v1/webhooks/deliveries?endpointId=${e.id}`);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(list.body.items[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 204, eventType: 'customer.create', entityId: String(c.body.id) });
    const [listed] = (await admin.get('/api/v1/webhooks')).body;
    expect(listed).toMatchObject({ id: e.id, lastDelivery: { status: 'delivered', statusCode: 204 }, queued: 0, failed: 0 });
    // nothing is sent twice
    expect(await deliver(minutes(now, 60))).toEqual({ delivered: 0, retried: 0, failed: 0 });
  });

  it('sends only the subscribed actions, in order of occurrence, and never the webhook actions themselves', async () => {
    const e = await endpoint(['customer.update', 'dictionary.*']);
    const c = await admin.post('/api/v1/customers', { name: '钱小东' });
    await admin.patch(`/api/v1/customers/${c.body.id}`, { note: '第一次' });
    await admin.patch(`/api/v1/customers/${c.body.id}`, { note: '第二次' });
    await admin.patch(`/api/v1/webhooks/${e.id}`, { name: '营销系统（新）' });
    await deliver(new Date());
    const types = received.map((r) => JSON.parse(r.body).type);
    expect(types).toEqual(['customer.update', 'customer.update']);
    const ids = received.map((r) => Number(JSON.parse(r.body).id));
    expect(ids[0]).toBeLessThan(ids[1]);
  });

  it("matches actions as documented: '*' is every change (not sign-ins, exports or ID views), 'card.*' a kind, or a named action", async () => {
    const patterns = [['*'], ['auth.signIn', 'export'], ['card.*'], ['member.leave.*'], ['points.add', 'pii.view']];
    const endpoints = [];
    for (const events of patterns) endpoints.push({ events, id: (await endpoint(events)).id });
    const actions = ['customer.create', 'card.issue', 'card.loss', 'cardx.odd', 'member.leave.approve', 'member.leave', 'member.approve', 'points.add', 'points.adjustment',
      'auth.signIn', 'auth.signInFailed', 'export', 'pii.view', 'webhook.create', 'job.run'];
    await t.db.transaction((tx) => recordAuditMany(tx, systemActor('test'), actions.map((action, i) => ({ action, entityType: 'thing', entityId: i, facts: {} }))));
    for (const e of endpoints) {
      const queued = (await admin.get(`/api/v1/webhooks/deliveries?endpointId=${e.id}&pageSize=100`)).body.items.map((d: { eventType: string }) => d.eventType).reverse();
      expect(queued, e.events.join(',')).toEqual(actions.filter((a) => subscribes(e.events, a)));
    }
    // what the documentation promises, spelled out
    expect(actions.filter((a) => subscribes(['*'], a))).toEqual(['customer.create', 'card.issue', 'card.loss', 'cardx.odd', 'member.leave.approve', 'member.leave', 'member.approve', 'points.add', 'points.adjustment', 'job.run']);
    expect(actions.filter((a) => subscribes(['card.*'], a))).toEqual(['card.issue', 'card.loss']);
    expect(actions.filter((a) => subscribes(['member.leave.*'], a))).toEqual(['member.leave.approve']);
    expect(actions.filter((a) => subscribes(['auth.signIn', 'export'], a))).toEqual(['auth.signIn', 'export']);
    // a real sign-in reaches the endpoint that named it, not the one subscribed to every change
    await t.signIn();
    const signIns = async (id: number) => (await admin.get(`/api/v1/webhooks/deliveries?endpointId=${id}&pageSize=100`)).body.items.filter((d: { eventType: string }) => d.eventType === 'auth.signIn').length;
    expect(await signIns(endpoints[1].id)).toBe(2);
    expect(await signIns(endpoints[0].id)).toBe(0);
  });

  it('sends nothing for a change that was rolled back', async () => {
    const e = await endpoint(['*']);
    await expect(t.db.transaction(async (tx) => {
      await recordAudit(tx, systemActor('test'), { action: 'customer.update', entityType: 'customer', entityId: 1, facts: { note: 'rolled back' } });
      throw new Error('the business rule refused it');
    })).rejects.toThrow('refused');
    expect((await admin.get(`/api/v1/webhooks/deliveries?endpointId=${e.id}`)).body.total).toBe(0);
    // the same change committed is sent
    await t.db.transaction((tx) => recordAudit(tx, systemActor('test'), { action: 'customer.update', entityType: 'customer', entityId: 1, facts: { note: 'kept' } }));
    expect(await deliver(new Date())).toMatchObject({ delivered: 1 });
    expect(JSON.parse(received[0].body)).toMatchObject({ type: 'customer.update', entityId: '1', actor: { kind: 'system' } });
  });

  it('queues audit lines written inside a larger statement (the points earnings path) and many at once (imports)', async () => {
    await endpoint(['points.*', 'customer.update']);
    const actor = systemActor('test');
    await t.db.transaction((tx) => tx.execute(sql`WITH au AS (${auditLinesSql([
      { actor, input: { action: 'points.add', entityType: 'pointsEntry', entityId: 7, facts: { amount: 5 } } },
      { actor, input: { action: 'card.issue', entityType: 'card', entityId: 8, facts: {} } },
    ])}) SELECT 1`));
    await t.db.transaction((tx) => recordAuditMany(tx, actor, Array.from({ length: 30 }, (_, i) => ({ action: 'customer.update', entityType: 'customer', entityId: i + 1, facts: {} }))));
    expect(await deliver(new Date())).toEqual({ delivered: 31, retried: 0, failed: 0 });
    const bodies = received.map((r) => JSON.parse(r.body));
    expect(bodies[0]).toMatchObject({ type: 'points.add', entityType: 'pointsEntry', entityId: '7' });
    // in the order the changes were written
    expect(bodies.slice(1).map((b) => b.entityId)).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
  });

  it('retries a receiver answering 500 on the schedule, then marks it failed; an administrator redelivers it', async () => {
    const e = await endpoint(['customer.create']);
    await admin.post('/api/v1/customers', { name: '孙失败' });
    answer = 500;
    let now = new Date();
    expect(await deliver(now)).toEqual({ delivered: 0, retried: 1, failed: 0 });
    for (const [i, delay] of retryDelaysMinutes.entries()) {
      const [d] = (await admin.get(`/api/v1/webhooks/deliveries?endpointId=${e.id}`)).body.items;
      expect(d).toMatchObject({ status: 'queued', attempts: i + 1, lastStatusCode: 500, lastError: 'HTTP 500: receiver is down for maintenance' });
      expect(new Date(d.nextAttemptAt).getTime()).toBe(minutes(now, delay).getTime());
      // not before it is due
      expect(await deliver(minutes(now, delay - 0.5))).toEqual({ delivered: 0, retried: 0, failed: 0 });
      now = minutes(now, delay);
      const last = i === retryDelaysMinutes.length - 1;
      expect(await deliver(now)).toEqual({ delivered: 0, retried: last ? 0 : 1, failed: last ? 1 : 0 });
    }
    expect(received).toHaveLength(retryDelaysMinutes.length + 1);
    // every attempt carries the same webhook-id, so the receiver can tell a retry
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const [failed] = (await admin.get(`/api/v1/webhooks/deliveries?endpointId=${e.id}&status=failed`)).body.items;
    expect(failed).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 500 });
    expect((await admin.get('/api/v1/webhooks')).body[0]).toMatchObject({ failed: 1, queued: 0, lastDelivery: { status: 'failed', statusCode: 500 } });
    expect(await deliver(minutes(now, 7 * 24 * 60))).toEqual({ delivered: 0, retried: 0, failed: 0 });

    answer = 200;
    const again = await admin.post(`/api/v1/webhooks/deliveries/${failed.id}/redeliver`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: failed.id, status: 'queued', attempts: 0 });
    expect(await deliver(new Date())).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect((await admin.get(`/api/v1/webhooks/deliveries?endpointId=${e.id}`)).body.items[0]).toMatchObject({ status: 'delivered', lastStatusCode: 200, lastError: null });
    // a queued delivery cannot be redelivered; the refusal says why
    await admin.post(`/api/v1/webhooks/deliveries/${failed.id}/redeliver`);
    const twice = await admin.post(`/api/v1/webhooks/deliveries/${failed.id}/redeliver`, {}, { 'accept-language': 'en' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('this delivery is not finished yet (status: queued); it needs no redelivery');
    const audit = await admin.get(`/api/v1/audit?action=webhook.redeliver&entityId=${failed.id}`);
    expect(audit.body.total).toBe(2);
  });

  it('prunes delivered events after 30 days; one not yet delivered stays, and the change stays in the audit log', async () => {
    const e = await endpoint(['customer.*']);
    const sent = await admin.post('/api/v1/customers', { name: '送达客户', mobile: '13905710001' });
    const now = new Date();
    expect(await deliver(now)).toEqual({ delivered: 1, retried: 0, failed: 0 });
    answer = 500;
    const waiting = await admin.post('/api/v1/customers', { name: '待送客户', mobile: '13905710002' });
    expect(await deliver(minutes(now, 1))).toEqual({ delivered: 0, retried: 1, failed: 0 });
    const listed = async () => (await admin.get(`/api/v1/webhooks/deliveries?endpointId=${e.id}`)).body.items
      .map((d: { entityId: string; status: string }) => [d.entityId, d.status]).sort();
    expect((await pruneDeliveredWebhooks(t.db, new Date(now.getTime() + 29 * 86_400_000))).pruned).toBe(0);
    expect(await listed()).toEqual([[String(sent.body.id), 'delivered'], [String(waiting.body.id), 'queued']].sort());
    expect((await pruneDeliveredWebhooks(t.db, new Date(now.getTime() + 31 * 86_400_000))).pruned).toBeGreaterThanOrEqual(1);
    expect(await listed()).toEqual([[String(waiting.body.id), 'queued']]);
    expect((await admin.get(`/api/v1/audit?action=customer.create&entityId=${sent.body.id}`)).body.total).toBe(1);
  });

  it("holds a failing receiver's later events back with the failed one, then sends them all in order", async () => {
    const e = await endpoint(['customer.create']);
    const ids: number[] = [];
    for (const name of ['甲一', '乙二', '丙三']) ids.push((await admin.post('/api/v1/customers', { name })).body.id);
    answer = 503;
    const now = new Date();
    expect(await deliver(now)).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect(received).toHaveLength(1); // one timeout or refusal per run, not one per event
    const waiting = (await admin.get(`/api/v1/webhooks/deliveries?endpointId=${e.id}`)).body.items.reverse();
    expect(waiting.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([['queued', 1], ['queued', 0], ['queued', 0]]);
    for (const d of waiting) expect(new Date(d.nextAttemptAt).getTime()).toBe(minutes(now, 1).getTime());
    answer = 204;
    received = [];
    expect(await deliver(minutes(now, 1))).toEqual({ delivered: 3, retried: 0, failed: 0 });
    expect(received.map((r) => JSON.parse(r.body).entityId)).toEqual(ids.map(String));
  });

  it('sends a test ping to one endpoint on request', async () => {
    const e = await endpoint(['card.issue'], '/ping');
    const res = await admin.post(`/api/v1/webhooks/${e.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ eventType: 'webhook.test', status: 'queued', endpointId: e.id });
    expect(await deliver(new Date())).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0].url).toBe('/ping');
    expect(JSON.parse(received[0].body)).toMatchObject({ type: 'webhook.test', entityType: 'webhookEndpoint', entityId: String(e.id), actor: { kind: 'user' } });
    expect(verify(e.secret, received[0])).toBe(true);
    expect((await admin.get(`/api/v1/audit?action=webhook.test&entityId=${e.id}`)).body.total).toBe(1);
  });

  it('keeps what waits for an inactive endpoint until it is active again, and drops it when the endpoint is deleted', async () => {
    const e = await endpoint(['customer.create']);
    await admin.post('/api/v1/customers', { name: '李等待' });
    expect((await admin.patch(`/api/v1/webhooks/${e.id}`, { active: false })).body.active).toBe(false);
    expect(await deliver(new Date())).toEqual({ delivered: 0, retried: 0, failed: 0 });
    const ping = await admin.post(`/api/v1/webhooks/${e.id}/test`, {}, { 'accept-language': 'en' });
    expect(ping.status).toBe(422);
    expect(ping.body.error.message).toBe('the webhook “营销系统” is inactive; activate it first');
    // an inactive endpoint is not subscribed: this change is not queued for it
    await admin.post('/api/v1/customers', { name: '李不送' });
    await admin.patch(`/api/v1/webhooks/${e.id}`, { active: true });
    expect(await deliver(new Date())).toEqual({ delivered: 1, retried: 0, failed: 0 });
    await admin.post('/api/v1/customers', { name: '李删除' });
    const del = await admin.delete(`/api/v1/webhooks/${e.id}`);
    expect(del.body).toEqual({ ok: true, name: '营销系统', dropped: 1 });
    expect(await deliver(new Date())).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(received).toHaveLength(1);
    expect((await admin.get('/api/v1/webhooks')).body).toEqual([]);
    expect((await admin.get(`/api/v1/webhooks/${e.id}`)).status).toBe(404);
  });
});

describe('addresses (SSRF)', () => {
  it('refuses a loopback receiver by default: the delivery fails with a clear error and nothing is sent', async () => {
    const byIp = await endpoint(['customer.create']);
    const byName = await endpoint(['customer.create'], '', `${base.replace('127.0.0.1', 'localhost')}/hook`);
    await admin.post('/api/v1/customers', { name: '周拒绝' });
    // the job as configured by default (CLUBCRM_WEBHOOK_ALLOW_LOOPBACK unset)
    expect(t.config.webhookAllowLoopback).toBe('off');
    expect(await deliverDueWebhooks(t.db, t.config, new Date())).toEqual({ delivered: 0, retried: 0, failed: 2 });
    expect(received).toEqual([]);
    const ip = (await admin.get(`/api/v1/webhooks/deliveries?endpointId=${byIp.id}`)).body.items[0];
    expect(ip).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null });
    expect(ip.lastError).toBe('address refused: 127.0.0.1 is a loopback address (CLUBCRM_WEBHOOK_ALLOW_LOOPBACK=off); nothing was sent');
    // a host name is checked on the address it resolves to, at send time
    const named = (await admin.get(`/api/v1/webhooks/deliveries?endpointId=${byName.id}`)).body.items[0];
    expect(named).toMatchObject({ status: 'failed', attempts: 1 });
    expect(named.lastError).toMatch(/^address refused: (127\.0\.0\.1|::1) is a loopback address/);
  });

  it('refuses invalid and metadata URLs at creation, naming the field in zh-CN and en, and creates nothing', async () => {
    const created = async () => (await admin.get('/api/v1/audit?action=webhook.create')).body.total as number;
    const createdBefore = await created();
    const cases: [string, string, string][] = [
      ['ftp://example.com/hook', '只支持 http:// 和 https:// 开头的地址', 'must start with http:// or https:// (no other scheme is supported)'],
      ['not a url', '不是有效的网址（应以 http:// 或 https:// 开头）', 'is not a valid URL (it must start with http:// or https://)'],
      ['https://user:pass@example.com/hook', '地址中不能包含用户名或密码，请用签名密钥校验请求', 'must not hold a user name or password; check requests with the signing secret instead'],
      ['http://169.254.169.254/latest/meta-data/', '不允许发送到链路本地地址 169.254.169.254（含云服务器元数据地址）', 'cannot be delivered to: 169.254.169.254 is a link-local address (cloud metadata included)'],
      ['http://100.100.100.200/latest/meta-data/', '不允许发送到云服务器元数据地址 100.100.100.200', 'cannot be delivered to: 100.100.100.200 is a cloud metadata address'],
      ['http://[::ffff:169.254.169.254]/', '不允许发送到链路本地地址 ::ffff:a9fe:a9fe（含云服务器元数据地址）', 'cannot be delivered to: ::ffff:a9fe:a9fe is a link-local address (cloud metadata included)'],
      ['http://0.0.0.0:8080/', '不允许发送到未指定地址 0.0.0.0', 'cannot be delivered to: 0.0.0.0 is an unspecified address'],
    ];
    for (const [url, zh, en] of cases) {
      const body = { name: '坏地址', url, events: ['*'] };
      const zhRes = await admin.post('/api/v1/webhooks', body);
      expect(zhRes.status, url).toBe(400);
      expect(zhRes.body.error.details[0].field).toBe('url');
      expect(zhRes.body.error.message).toBe(`请求有误：地址（url）：${zh}`);
      const enRes = await admin.post('/api/v1/webhooks', body, { 'accept-language': 'en' });
      expect(enRes.body.error.message).toBe(`Invalid request: URL (url) ${en}`);
    }
    const badEvent = await admin.post('/api/v1/webhooks', { name: '坏事件', url: `${base}/x`, events: ['card.issue', 'DROP TABLE'] }, { 'accept-language': 'en' });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.error.details[0].field).toBe('events.1');
    const none = await admin.post('/api/v1/webhooks', { name: '无事件', url: `${base}/x`, events: [] });
    expect(none.body.error.details[0]).toEqual({ field: 'events', issue: '至少选择一个事件' });
    expect((await admin.get('/api/v1/webhooks')).body).toEqual([]);
    expect(await created()).toBe(createdBefore);
    // an edit with a bad URL changes nothing
    const e = await endpoint(['*']);
    const edit = await admin.patch(`/api/v1/webhooks/${e.id}`, { name: '改名', url: 'javascript:alert(1)' });
    expect(edit.status).toBe(400);
    expect((await admin.get(`/api/v1/webhooks/${e.id}`)).body).toMatchObject({ name: '营销系统', url: `${base}/hook` });
  });
});

describe('secrets', () => {
  it('shows the secret only at creation and rotation; the rotated secret signs what is sent next', async () => {
    const e = await endpoint(['customer.create']);
    const list = await admin.get('/api/v1/webhooks');
    const one = await admin.get(`/api/v1/webhooks/${e.id}`);
    for (const r of [list, one]) {
      expect(JSON.stringify(r.body)).not.toContain(e.secret);
      expect(JSON.stringify(r.body)).not.toMatch(/secret|whsec_/i);
    }
    // nor in the audit log
    expect(JSON.stringify((await admin.get('/api/v1/audit?entityType=webhookEndpoint')).body)).not.toMatch(/whsec_/);
    const rotated = await admin.post(`/api/v1/webhooks/${e.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(e.secret);
    await admin.post('/api/v1/customers', { name: '吴轮换' });
    await deliver(new Date());
    expect(verify(rotated.body.secret, received[0])).toBe(true);
    expect(verify(e.secret, received[0])).toBe(false);
    expect((await admin.get(`/api/v1/audit?action=webhook.rotateSecret&entityId=${e.id}`)).body.total).toBe(1);
  });
});

describe('who may', () => {
  it('needs webhook.manage on every route (403) and a sign-in (401)', async () => {
    const e = await endpoint(['*']);
    const staff = await t.userWithRoles('wh-service', ['service']);
    const calls: [keyof Session, string, unknown?][] = [
      ['get', '/api/v1/webhooks'], ['get', `/api/v1/webhooks/${e.id}`], ['post', '/api/v1/webhooks', { name: 'x', url: `${base}/x`, events: ['*'] }],
      ['patch', `/api/v1/webhooks/${e.id}`, { name: 'y' }], ['delete', `/api/v1/webhooks/${e.id}`], ['post', `/api/v1/webhooks/${e.id}/rotate-secret`],
      ['post', `/api/v1/webhooks/${e.id}/test`], ['get', '/api/v1/webhooks/deliveries'], ['post', '/api/v1/webhooks/deliveries/1/redeliver'],
    ];
    for (const [method, url, body] of calls) {
      const send = (s: Session) => (method === 'get' || method === 'delete' ? (s[method] as Session['get'])(url) : (s[method] as Session['post'])(url, body));
      const denied = await send(staff);
      expect(denied.status, `${method} ${url}`).toBe(403);
      expect(denied.body.error.code).toBe('FORBIDDEN');
      expect((await send(t.anonymous)).status, `${method} ${url}`).toBe(401);
    }
    expect((await admin.get(`/api/v1/webhooks/${e.id}`)).body.name).toBe('营销系统');
  });

  it("tells a department-scoped receiver only ids: fetching an out-of-scope customer with its own token is 404", async () => {
    await endpoint(['customer.create']);
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const token = await admin.post('/api/v1/api-tokens', { name: '分部系统', roleId: roles.find((r) => r.code === 'sales')!.id });
    const bearer = { authorization: `Bearer ${token.body.token}` };
    const c = await admin.post('/api/v1/customers', { name: '郑东区', mobile: '13812345678', department: 'east' });
    await deliver(new Date());
    const payload = JSON.parse(received[0].body);
    expect(Object.keys(payload).sort()).toEqual(['actor', 'entityId', 'entityType', 'id', 'occurredAt', 'type']);
    expect(received[0].body).not.toMatch(/郑东区|13812345678|east/);
    // the receiver looks the change up with its own token: its data scope applies
    const fetched = await t.anonymous.get(`/api/v1/customers/${payload.entityId}`, bearer);
    expect(fetched.status).toBe(404);
    expect(JSON.stringify(fetched.body)).not.toMatch(/郑东区|13812345678/);
    // an administrator sees it
    expect((await admin.get(`/api/v1/customers/${c.body.id}`)).body.customer.name).toBe('郑东区');
  });
});
