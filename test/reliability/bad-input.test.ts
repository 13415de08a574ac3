// Bad input against every operation of the OpenAPI document, signed in as the administrator:
// generated invalid bodies (checked invalid against the operation's own JSON schema), invalid or
// hostile path and query parameters, malformed JSON, wrong media types and oversize payloads.
// Whatever arrives: never a 5xx, every refusal in the error format, and the database unchanged.
import ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../helpers/app.ts';
import { tableFingerprints } from '../../src/db/backup.ts';
import { SESSION_COOKIE } from '../../src/http/server.ts';
import { clubMember } from '../helpers/club.ts';
import { approvedActivity, attendAll } from '../helpers/points.ts';
import { MEMBER_COOKIE, portalCookie } from '../helpers/portal.ts';

type Json = Record<string, any>;
interface Op { method: string; path: string; op: Json }

let t: TestApp;
let admin: Session;
let doc: Json;
let ops: Op[] = [];
/** a member's session of the members' portal: /api/v1/portal/* is sent with it (staff sessions do not reach it) */
let memberCookie = '';
const ajv = new ajv2020.default({ strict: false, allErrors: false });
addFormats.default(ajv);

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  // a little of everything, so that ids 1 exist and bad input meets real records
  const staff = { service: await t.userWithRoles('bad_service', ['service']), manager: await t.userWithRoles('bad_manager', ['manager']) };
  const m = await clubMember(staff, { name: '林小雨', mobile: '13900001111' });
  memberCookie = await portalCookie(t, '13900001111');
  const activity = await approvedActivity(admin);
  await attendAll(t.db, activity, [m.memberId]);
  expect((await admin.post('/api/v1/points/entries', { memberId: m.memberId, amount: 100, sourceType: 'activity', sourceId: activity, reason: 'seed' })).status).toBe(200);
  expect((await admin.post('/api/v1/redemption-plans', { item: '电影票', pointsCost: 10, stockTotal: 5 })).status).toBe(200);
  const d = await t.anonymous.get('/api/docs/json');
  expect(d.status).toBe(200);
  doc = d.body;
  ops = Object.entries(doc.paths as Json).flatMap(([path, byMethod]) =>
    Object.entries(byMethod as Json).map(([method, op]) => ({ method: method.toUpperCase(), path, op: op as Json })));
});
afterAll(async () => { await t?.close(); });

// ---------- values from a JSON schema ----------

/** A plausible valid value (best effort: patterns are not honoured). */
function sample(s: Json | undefined): unknown {
  if (!s) return 'x';
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  if (s.anyOf || s.oneOf) return sample((s.anyOf ?? s.oneOf).find((b: Json) => b.type !== 'null') ?? s.anyOf[0]);
  switch (s.type) {
    case 'string':
      if (s.format === 'date') return '2024-05-01';
      if (s.format === 'date-time') return '2024-05-01T08:00:00.000Z';
      if (s.format === 'email') return 'a@example.cn';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer': case 'number': return Math.max(1, s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1);
    case 'boolean': return true;
    case 'array': return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items));
    case 'object': return Object.fromEntries((s.required ?? []).map((k: string) => [k, sample(s.properties?.[k])]));
    case 'null': return null;
    default: return 'x';
  }
}

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '%', '%%', '\\', "'; DROP TABLE customers; --", '_%_', '(', '[', '*', '.*', '\ud800', '𠮷𠮷', '张三\u0000', '１２３', '-1', '0', '1e400', 'NaN', 'null', 'true', '[]', '{}'),
  fc.constantFrom('x'.repeat(5000), '字'.repeat(20_000)),
);

/** Values that are wrong for the schema of one field (most of the time; bodies are checked by ajv). */
function badFor(s: Json | undefined): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [
    fc.constantFrom(true, false, -1, 0, 1.5, 1e308, -1e308, 2 ** 63, '', [], {}, [1, 2], { a: 1 }, 'not-a-value'),
    hostileString,
    fc.anything({ maxDepth: 2 }),
  ];
  if (s?.maxLength !== undefined) options.push(fc.constant('字'.repeat(s.maxLength + 1)));
  if (s?.maximum !== undefined) options.push(fc.constant(s.maximum + 1), fc.constant(Number.MAX_SAFE_INTEGER * 10));
  if (s?.minimum !== undefined) options.push(fc.constant(s.minimum - 1));
  if (s?.exclusiveMinimum !== undefined) options.push(fc.constant(s.exclusiveMinimum));
  if (s?.format === 'date') options.push(fc.constantFrom('2024-02-30', '2024-13-01', '20240501', '2024-5-1'));
  if (s?.format === 'date-time') options.push(fc.constantFrom('2024-05-01 25:00', 'yesterday', '2024-05-01T08:00:00+99:00'));
  return fc.oneof(...options);
}

/** A text that is not a valid value of a query or path parameter of this schema (or a hostile one where anything goes). */
function badParam(s: Json | undefined): fc.Arbitrary<string> {
  const t = s?.type ?? s?.anyOf?.find((b: Json) => b.type !== 'null')?.type;
  if (s?.enum) return fc.oneof(fc.constantFrom('not_in_enum', '', 'TRUE', '1'), hostileString).filter((v) => !s.enum.includes(v));
  if (t === 'integer' || t === 'number') {
    const out = ['abc', '1.5', '-1', '1e400', 'NaN', 'Infinity', '0x10', '99999999999999999999999', '1,2', '[1]', '１'];
    if (s?.maximum !== undefined) out.push(String(s.maximum + 1));
    return fc.constantFrom(...out.filter((v) => t === 'number' ? isNaN(Number(v)) || v === '1e400' : true));
  }
  if (t === 'boolean') return fc.constantFrom('yes', '2', 'maybe', '');
  if (s?.format === 'date') return fc.constantFrom('2024-02-30', 'tomorrow', '2024/05/01', '0000-00-00', '9999-99-99');
  if (s?.format === 'date-time') return fc.constantFrom('2024-02-30T00:00:00Z', 'now', '1e20');
  return hostileString.map(String);
}

// ---------- sending ----------

async function send(method: string, url: string, payload: string | undefined, contentType = 'application/json') {
  const res = await t.app.inject({
    method: method as never, url, payload,
    headers: { cookie: url.startsWith('/api/v1/portal/') ? `${MEMBER_COOKIE}=${memberCookie}` : `${SESSION_COOKIE}=${admin.cookie}`, ...(payload === undefined ? {} : { 'content-type': contentType }) },
  });
  let body: any = res.body;
  try { body = JSON.parse(res.body); } catch { /* not JSON */ }
  return { status: res.statusCode, body };
}

function expectErrorFormat(where: string, r: { status: number; body: any }) {
  expect(r.status, `${where}: ${JSON.stringify(r.body).slice(0, 400)}`).toBeLessThan(500);
  // still signed in as the administrator: nothing here may sign the session out or be forbidden
  expect([401, 403], `${where}: ${JSON.stringify(r.body).slice(0, 400)}`).not.toContain(r.status);
  if (r.status >= 200 && r.status < 300) return;
  expect(r.body, where).toMatchObject({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } });
  expect(r.body.error.message.length, where).toBeGreaterThan(0);
  for (const d of r.body.error.details) expect(d, where).toMatchObject({ field: expect.any(String), issue: expect.any(String) });
}

// Tables whose change is not an effect of the request: the signed-in session's last-seen time.
const volatile = new Set(['sessions', 'portal_sessions']); // a member session notes its last use (idle end)
// Reads that legitimately write: every list export (src/http/export.ts) is audited, even an empty one.
// exports and a member's download of their own data (PIPL) are reads that are audited
const isAuditedRead = (op: string) => /^GET \/api\/v1\/(.+\/export|portal\/my-data)$/.test(op);
async function fingerprint(op: string) {
  const f = await t.db.transaction((tx) => tableFingerprints(tx));
  for (const k of volatile) delete f[k];
  if (isAuditedRead(op)) delete f.audit_log;
  return f;
}

interface Case { kind: string; url: string; payload?: string; contentType?: string }

function casesFor({ method, path, op }: Op): fc.Arbitrary<Case> {
  const params = (op.parameters ?? []) as { in: string; name: string; schema: Json }[];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const bodySchema: Json | undefined = op.requestBody?.content?.['application/json']?.schema;
  const hasBody = method !== 'GET' && method !== 'DELETE';
  const validPath = (over: Record<string, string> = {}) =>
    path.replace(/\{(\w+)\}/g, (_, n) => encodeURIComponent(over[n] ?? String(sample(pathParams.find((p) => p.name === n)?.schema))));
  const baseBody = bodySchema ? JSON.stringify(sample(bodySchema)) : hasBody ? '{}' : undefined;
  const arbs: fc.Arbitrary<Case>[] = [];
  if (bodySchema) {
    const validate = ajv.compile(bodySchema);
    const props = Object.keys(bodySchema.properties ?? {});
    const oneField = props.length
      ? fc.constantFrom(...props).chain((k) => badFor(bodySchema.properties[k]).map((v) => ({ ...(sample(bodySchema) as Json), [k]: v })))
      : fc.constant({ unexpected: 1 });
    const wholeBody = fc.oneof(fc.constantFrom(null, 0, 'text', [], [{}], true), fc.anything({ maxDepth: 2 }));
    arbs.push(fc.oneof(oneField, wholeBody)
      .filter((b) => b !== undefined && !validate(b))
      .map((b) => ({ kind: 'body', url: validPath(), payload: JSON.stringify(b) })));
  }
  for (const p of pathParams) {
    arbs.push(badParam(p.schema).map((v) => ({ kind: `path ${p.name}=${JSON.stringify(v).slice(0, 40)}`, url: validPath({ [p.name]: v }), payload: baseBody })));
  }
  if (queryParams.length) {
    arbs.push(fc.constantFrom(...queryParams).chain((p) => badParam(p.schema).map((v) => ({
      kind: `query ${p.name}=${JSON.stringify(v).slice(0, 40)}`,
      url: `${validPath()}?${new URLSearchParams({ [p.name]: v })}`,
      payload: method === 'GET' ? undefined : '{"__bad": [',
    }))));
  }
  // broken JSON and wrong media types (a route without a body still parses what it is sent)
  arbs.push(fc.constantFrom('{', '{"a":', '[1,,2]', 'undefined', '{"a":1}}', '\u0000').map((p) => ({ kind: `malformed ${JSON.stringify(p)}`, url: validPath(), payload: p })));
  if (bodySchema) arbs.push(fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x').map((ct) => ({ kind: `content-type ${ct}`, url: validPath(), payload: '<a>1</a>', contentType: ct })));
  return fc.oneof(...arbs);
}

describe('bad input against every documented operation', () => {
  it('the document lists the operations this suite covers', () => {
    expect(ops.length).toBeGreaterThanOrEqual(150);
  });

  it('never answers 5xx, refuses in the error format and changes nothing', async () => {
    const oversize = JSON.stringify({ note: 'x'.repeat(10 * 1024 * 1024 + 10) });
    const problems: string[] = [];
    for (const o of ops) {
      const where = `${o.method} ${o.path}`;
      const before = await fingerprint(where);
      try {
        await fc.assert(fc.asyncProperty(casesFor(o), async (c) => {
          const r = await send(o.method, c.url, c.payload, c.contentType);
          expectErrorFormat(`${where} [${c.kind}] ${c.url.slice(0, 120)} ${String(c.payload).slice(0, 200)}`, r);
          // a read may answer 200 to a hostile search; a write must refuse
          if (o.method !== 'GET') expect(r.status, `${where} [${c.kind}] accepted: ${JSON.stringify(r.body).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        }), { numRuns: 15, seed: 20240601, endOnFailure: true });
        if (o.method !== 'GET') {
          const big = await send(o.method, o.path.replace(/\{\w+\}/g, '1'), oversize);
          expectErrorFormat(`${where} oversize`, big);
          // 413 from the JSON parser; the CSV import takes text/csv only, so a JSON body is refused before its size matters
          expect(big.status, `${where} oversize`).toBe(o.path === '/api/v1/customers/import' ? 400 : 413);
        }
      } catch (e) {
        const cause = (e as { cause?: Error }).cause?.message ?? '';
        problems.push(`${where}: ${((e as Error).message.split('\n').slice(0, 3).join(' ') + ' ← ' + cause.split('\n')[0]).replace(/(%[0-9A-F]{2}){40,}/g, '%…').replace(/(.)\1{40,}/g, '$1…')}`);
      }
      const after = await fingerprint(where);
      const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
      if (changed.length) problems.push(`${where}: changed ${changed.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});
