// Ids beyond what their column holds (int4: 2147483647) are the caller's mistake: a localised 400
// naming the field, never a 500 from PostgreSQL ("integer out of range"). Swept over every route
// of the OpenAPI document with an id in its path or its query string.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxId } from '../src/http/schemas.ts';
import { startTestApp, type Session, type TestApp } from './helpers/app.ts';
import { clubMember } from './helpers/club.ts';
import { MEMBER_COOKIE, portalCookie } from './helpers/portal.ts';

type Json = Record<string, any>;
let t: TestApp;
let admin: Session;
let doc: Json;
/** the members' portal's routes are sent with a member's session (staff sessions do not reach them) */
let member: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  await clubMember({ service: admin, manager: admin }, { name: '区间会员', mobile: '13900002222' });
  member = { cookie: `${MEMBER_COOKIE}=${await portalCookie(t, '13900002222')}` };
  doc = (await t.anonymous.get('/api/docs/json')).body;
});
afterAll(async () => { await t?.close(); });

const tooBig = '99999999999';
const methods = ['get', 'post', 'patch', 'put', 'delete'] as const;

/** Every operation with its integer path parameters. */
function operations() {
  const out: { method: string; path: string; ints: Json[]; others: Json[]; query: Json[] }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const method of methods) {
      const op = (item as Json)[method];
      if (!op) continue;
      const params = (op.parameters ?? []) as Json[];
      const inPath = params.filter((p) => p.in === 'path');
      out.push({
        method, path,
        ints: inPath.filter((p) => p.schema?.type === 'integer' || p.schema?.type === 'number'),
        others: inPath.filter((p) => !(p.schema?.type === 'integer' || p.schema?.type === 'number')),
        query: params.filter((p) => p.in === 'query' && /Id$/.test(p.name) && p.schema?.type === 'integer'),
      });
    }
  }
  return out;
}

const url = (path: string, values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_, k) => values[k] ?? 'X1');

async function send(s: Session, method: string, u: string, headers?: Record<string, string>) {
  if (method === 'get') return s.get(u, headers);
  if (method === 'delete') return s.delete(u, headers);
  return method === 'patch' ? s.patch(u, {}, headers) : s.post(u, {}, headers);
}

describe('id parameters out of range', () => {
  it('every id in a path has an upper bound in the document (int columns: 2147483647)', () => {
    const ops = operations().filter((o) => o.ints.length);
    expect(ops.length).toBeGreaterThan(60);
    for (const o of ops) {
      for (const p of o.ints) {
        expect(p.schema.maximum, `${o.method} ${o.path} ${p.name}`).toBeDefined();
        expect(p.schema.maximum).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
        // the only bigserial ids in paths are points entries and webhook deliveries
        const bigserial = ['/api/v1/points/entries/', '/api/v1/webhooks/deliveries/'].some((x) => o.path.startsWith(x));
        expect(p.schema.maximum, `${o.method} ${o.path}`).toBe(bigserial ? Number.MAX_SAFE_INTEGER : maxId);
      }
    }
  });

  it(`every GET with an {id} answers 400 naming the field for ${tooBig}, in zh-CN and en`, async () => {
    const gets = operations().filter((o) => o.method === 'get' && o.ints.length);
    expect(gets.length).toBeGreaterThan(20);
    for (const o of gets) {
      for (const p of o.ints) {
        const bounded = p.schema.maximum === maxId;
        const r = await admin.get(url(o.path, { [p.name]: tooBig }));
        if (!bounded) { expect(r.status, `GET ${o.path}`).toBe(404); continue; }
        expect(r.status, `GET ${o.path}: ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.error.code).toBe('VALIDATION_FAILED');
        expect(r.body.error.details.map((d: { field: string }) => d.field)).toEqual([p.name]);
        expect(r.body.error.message).toContain('2147483647');
        const en = await admin.get(url(o.path, { [p.name]: tooBig }), { 'accept-language': 'en' });
        expect(en.body.error.details[0].issue).toBe('must be a whole-number id from 1 to 2147483647');
      }
    }
  });

  it('every other method with an {id} in its path answers 400 (or the refusal that comes before validation), never 500', async () => {
    const writes = operations().filter((o) => o.method !== 'get' && o.ints.length);
    expect(writes.length).toBeGreaterThan(40);
    for (const o of writes) {
      const values = Object.fromEntries(o.ints.map((p) => [p.name, '2147483648']));
      const portal = o.path.startsWith('/api/v1/portal/');
      const r = await send(portal ? t.anonymous : admin, o.method, url(o.path, values), portal ? member : undefined);
      expect(r.status, `${o.method} ${o.path}: ${JSON.stringify(r.body)}`).not.toBe(500);
      if (r.status !== 403) {
        const bounded = o.ints.every((p) => p.schema.maximum === maxId);
        // a bigserial id (points entries) is in range: not found, or the body is refused first
        if (bounded) expect(r.status, `${o.method} ${o.path}: ${JSON.stringify(r.body)}`).toBe(400);
        else expect([400, 404], `${o.method} ${o.path}`).toContain(r.status);
        if (bounded) expect(r.body.error.details.map((d: { field: string }) => d.field)).toEqual(o.ints.map((p) => p.name));
      }
    }
  });

  it('every id in a GET query string (memberId, planId, customerId…) answers 400 naming it', async () => {
    const withQuery = operations().filter((o) => o.method === 'get' && o.query.length && !o.ints.length && !o.others.length);
    expect(withQuery.length).toBeGreaterThan(5);
    for (const o of withQuery) {
      for (const p of o.query) {
        // the one bigint filter (points entries by the id of any event) takes 2^53 − 1 at most
        const bigint = o.path.startsWith('/api/v1/points/entries') && p.name === 'sourceId';
        const value = bigint ? '99999999999999999999' : tooBig;
        const extra = o.path === '/api/v1/points/events' ? '&sourceType=purchase' : '';
        const r = await admin.get(`${o.path}?${p.name}=${value}${extra}`);
        expect(r.status, `GET ${o.path}?${p.name}: ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain(p.name);
      }
    }
  });

  it('the bounds themselves: 2147483647 is looked up (404), 2147483648, 0, 1.5 and 1e3 are refused', async () => {
    expect((await admin.get(`/api/v1/customers/${maxId}`)).status).toBe(404);
    for (const bad of ['2147483648', '0', '1.5', '1e3', '-1']) {
      const r = await admin.get(`/api/v1/customers/${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.details[0].field).toBe('id');
    }
    expect((await admin.get('/api/v1/points/entries/9007199254740991')).status).toBe(404);
    expect((await admin.get('/api/v1/points/entries/9007199254740992')).status).toBe(400);
  });

  it('ids in a body are range-checked too, naming the field; nothing is stored', async () => {
    const before = (await admin.get('/api/v1/applications?pageSize=1')).body.total;
    const app = await admin.post('/api/v1/applications', {
      name: '张三', idNumber: '330106198503151234', channel: 'service_center', subChannel: 'event', customerId: 99999999999,
    });
    expect(app.status).toBe(400);
    expect(app.body.error.details.map((d: { field: string }) => d.field)).toContain('customerId');
    expect((await admin.get('/api/v1/applications?pageSize=1')).body.total).toBe(before);
    const pts = await admin.post('/api/v1/points/entries', { memberId: 99999999999, amount: 5, sourceType: 'activity', sourceId: 1 });
    expect(pts.status).toBe(400);
    expect(pts.body.error.details.map((d: { field: string }) => d.field)).toEqual(['memberId']);
    const roles = await admin.post('/api/v1/users', { login: 'big1', name: 'Big', password: 'Passw0rd-long-1', roleIds: [2147483648] });
    expect(roles.status).toBe(400);
    expect(roles.body.error.details.map((d: { field: string }) => d.field)).toEqual(['roleIds.0']);
  });
});
