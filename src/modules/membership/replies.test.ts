// The membership and notice replies match what /api/docs says of them (the OpenAPI document is
// made from the same zod schemas; this catches a reply field the document does not describe).
import ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { apply, newMember, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';

type Json = Record<string, any>;
let t: TestApp;
let st: Staff;
let doc: Json;
beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
  doc = (await t.anonymous.get('/api/docs/json')).body;
});
afterAll(async () => { await t?.close(); });

const ajv = new ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
function check(method: string, url: string, status: number, body: unknown) {
  const schema = doc.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']?.schema;
  expect(schema, `${method} ${url} documents ${status}`).toBeDefined();
  const validate = ajv.compile(schema);
  expect(validate(body) ? [] : validate.errors, `${method} ${url} ${status}`).toEqual([]);
}

describe('membership replies match the API document', () => {
  it('lists, pages, candidates, approval, leave and notices', async () => {
    const m = await newMember(st, { name: '文档', idNumber: nextId(), mobile: '13712300001', email: 'doc@example.com' });
    const a = await apply(st.service, { name: '文挡', idNumber: nextId(), mobile: '13712300001' });
    check('POST', '/api/v1/applications', 200, a.body);
    check('GET', '/api/v1/applications', 200, (await st.manager.get('/api/v1/applications?status=pending')).body);
    check('GET', '/api/v1/applications/:id', 200, (await st.manager.get(`/api/v1/applications/${a.body.application.id}`)).body);
    const cands = (await st.manager.get(`/api/v1/applications/${a.body.application.id}/candidates`)).body;
    expect(cands.members.length).toBeGreaterThan(0);
    check('GET', '/api/v1/applications/:id/candidates', 200, cands);
    const approved = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { memberIds: [m.memberId], confirmDifferentId: true });
    check('POST', '/api/v1/applications/:id/approve', 200, approved.body);
    check('POST', '/api/v1/applications/:id/approve', 422, (await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, {})).body);
    check('GET', '/api/v1/members', 200, (await st.service.get('/api/v1/members')).body);
    await st.service.patch(`/api/v1/members/${m.memberId}`, { address: '文档路 1 号' });
    const page = (await st.manager.get(`/api/v1/members/${m.memberId}`)).body;
    expect(page.history.length).toBeGreaterThan(2);
    check('GET', '/api/v1/members/:id', 200, page);
    const none = await newMember(st, { name: '无联系', idNumber: nextId() });
    check('GET', '/api/v1/members/unreached', 200, (await st.service.get('/api/v1/members/unreached')).body);
    check('POST', '/api/v1/members/:id/notices/record', 200, (await st.service.post(`/api/v1/members/${none.memberId}/notices/record`, { channel: 'phone', result: 'reached', note: '已电话通知' })).body);
    check('GET', '/api/v1/notices', 200, (await st.service.get('/api/v1/notices')).body);
    const leave = await st.service.post(`/api/v1/members/${m.memberId}/leave-requests`, { reason: 'normal' });
    check('POST', '/api/v1/members/:id/leave-requests', 200, leave.body);
    check('GET', '/api/v1/leave-requests', 200, (await st.manager.get('/api/v1/leave-requests')).body);
    check('POST', '/api/v1/leave-requests/:id/approve', 200, (await st.manager.post(`/api/v1/leave-requests/${leave.body.id}/approve`, {})).body);
    check('PATCH', '/api/v1/members/:id', 422, (await st.service.patch(`/api/v1/members/${m.memberId}`, { address: 'x' })).body);
    check('POST', '/api/v1/leave-requests/run-rules', 200, (await st.service.post('/api/v1/leave-requests/run-rules')).body);
    check('POST', '/api/v1/members/:id/data-error', 200, (await st.service.post(`/api/v1/members/${none.memberId}/data-error`, { flag: '地址不存在' })).body);
  });
});
