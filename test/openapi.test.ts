// The API documentation at /api/docs: every /api/v1 route with its schemas, a valid
// OpenAPI 3.1 document, and replies that match what the document says.
import { Validator } from '@seriousme/openapi-schema-validator';
import ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moduleRoutes } from '../src/http/routes.ts';
import { startTestApp, type Session, type TestApp } from './helpers/app.ts';

// Every route the modules register, seen through an onRoute hook added before the first module.
interface Registered { method: string; url: string; schema: Record<string, unknown> | undefined }
const registered: Registered[] = [];
moduleRoutes.unshift((app) => {
  app.addHook('onRoute', (r: RouteOptions) => {
    const schema = r.schema as Registered['schema'] & { hide?: boolean } | undefined;
    if (schema?.hide) return;
    for (const method of [r.method].flat()) if (method !== 'HEAD') registered.push({ method, url: r.url, schema });
  });
});

type Json = Record<string, any>;
let t: TestApp;
let admin: Session;
let doc: Json;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  const res = await t.anonymous.get('/api/docs/json');
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(async () => { await t?.close(); });

const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const operation = (method: string, url: string): Json | undefined => doc.paths[openApiPath(url)]?.[method.toLowerCase()];
const zodKeys = (s: unknown): string[] => Object.keys((s as { shape?: object })?.shape ?? {});

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe('ClubCRM API');
  });

  it('lists every registered /api/v1 route, and nothing else', () => {
    const routes = registered.filter((r) => r.url.startsWith('/api/v1/'));
    // the foundation's routes, at least; other modules add theirs
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const r of routes) expect(operation(r.method, r.url), `${r.method} ${r.url}`).toBeDefined();
    const documented = Object.entries(doc.paths as Json).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${openApiPath(r.url)}`).sort());
  });

  it('gives each route a summary, a tag, its parameters, body and reply schemas', () => {
    for (const r of registered.filter((x) => x.url.startsWith('/api/v1/'))) {
      const op = operation(r.method, r.url)!;
      const where = `${r.method} ${r.url}`;
      expect(op.summary, where).toBeTruthy();
      expect(op.tags?.length, where).toBeGreaterThan(0);
      const params = (op.parameters ?? []) as { in: string; name: string; required?: boolean; schema: Json }[];
      for (const name of [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1])) {
        expect(params.find((p) => p.in === 'path' && p.name === name), `${where} path parameter ${name}`).toMatchObject({ required: true });
      }
      for (const name of zodKeys(r.schema?.querystring)) {
        expect(params.find((p) => p.in === 'query' && p.name === name), `${where} query parameter ${name}`).toBeDefined();
      }
      if (r.schema?.body) {
        const body = op.requestBody?.content?.['application/json']?.schema;
        expect(body, `${where} request body`).toBeDefined();
        for (const name of zodKeys(r.schema.body)) expect(Object.keys(body.properties ?? {}), `${where} body field ${name}`).toContain(name);
      }
      expect(op.responses?.['200']?.content?.['application/json']?.schema, `${where} reply`).toBeDefined();
    }
  });

  it('documents the error format on routes that refuse input', () => {
    const op = operation('POST', '/api/v1/users')!;
    for (const status of ['400', '401', '403', '409']) {
      const schema = op.responses[status].content['application/json'].schema;
      expect(schema.properties.error.required, status).toEqual(['code', 'message', 'details']);
    }
    expect(doc.components.securitySchemes).toMatchObject({ session: { type: 'apiKey', in: 'cookie' }, bearer: { type: 'http', scheme: 'bearer' } });
  });
});

describe('replies match the document', () => {
  // ajv is CommonJS: its class is the default export's default
  const ajv = new ajv2020.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const check = (method: string, url: string, status: number, body: unknown) => {
    const schema = operation(method, url)?.responses?.[String(status)]?.content?.['application/json']?.schema;
    expect(schema, `${method} ${url} documents ${status}`).toBeDefined();
    const validate = ajv.compile(schema);
    expect(validate(body) ? [] : validate.errors, `${method} ${url} ${status}`).toEqual([]);
  };

  it('for the lists and records an administrator reads', async () => {
    await admin.post('/api/v1/users', { login: 'chenjing', name: '陈静', department: '西溪案场', password: 'Chen-jing-1', email: 'chenjing@example.com' });
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    await admin.post('/api/v1/api-tokens', { name: '读卡器', roleId: roles.find((r) => r.code === 'integration')!.id });
    for (const url of ['/api/v1/auth/me', '/api/v1/users', '/api/v1/roles', '/api/v1/permissions', '/api/v1/api-tokens', '/api/v1/audit', '/api/v1/dictionaries', '/api/v1/dictionaries/kinds']) {
      const res = await admin.get(url);
      expect(res.status, url).toBe(200);
      check('GET', url, 200, res.body);
    }
    const user = (await admin.get('/api/v1/users?search=chenjing')).body.items[0];
    check('GET', '/api/v1/users/:id', 200, (await admin.get(`/api/v1/users/${user.id}`)).body);
    const created = await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'tea', labelZh: '茶会', labelEn: 'Tea party' });
    check('POST', '/api/v1/dictionaries', 200, created.body);
  });

  it('for refusals: 400, 401, 403, 404, 409', async () => {
    check('POST', '/api/v1/users', 400, (await admin.post('/api/v1/users', { login: 'x' })).body);
    check('GET', '/api/v1/users', 401, (await t.anonymous.get('/api/v1/users')).body);
    const sales = await t.userWithRoles('sales9', ['sales'], { department: '滨江案场' });
    check('GET', '/api/v1/users', 403, (await sales.get('/api/v1/users')).body);
    check('GET', '/api/v1/users/:id', 404, (await admin.get('/api/v1/users/99999')).body);
    check('POST', '/api/v1/dictionaries', 409, (await admin.post('/api/v1/dictionaries', { kind: 'activity_type', code: 'salon', labelZh: '沙龙', labelEn: 'Salon' })).body);
  });
});

describe('the browsable documentation', () => {
  it('serves the Swagger UI page at /api/docs without signing in', async () => {
    let res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
      res = await t.app.inject({ method: 'GET', url: new URL(String(res.headers.location), 'http://localhost/api/docs').pathname });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('swagger-ui');
    const script = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('json');
  });
});
