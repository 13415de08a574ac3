// Calls (通话记录 / 来电弹屏 / 电话系统接口) through the HTTP API: what a service-centre agent, a
// sales office and a manager see — recognition by number, data scope, permissions, the phone
// system's idempotent reports, lists, statistics and exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { clubMember } from '../../../test/helpers/club.ts';
import { itOnPostgres } from '../../../test/helpers/db.ts';

let t: TestApp;
let admin: Session;
let service: Session; // built-in 客服中心专员: calls.write, all
let manager: Session; // built-in manager: calls.read, all
let agentA: Session; // calls + sales write, department 客服中心
let agentB: Session; // same role, department 物业中心
let solo: Session; // calls, own scope
let salesX: Session; // built-in sales (西溪案场): calls.read only
let noCalls: Session; // customer.read, no calls permission
let cti: (body: unknown, headers?: Record<string, string>) => ReturnType<Session['post']>;
let ctiToken: string;
let salesToken: string;
const ids: Record<string, number> = {};
const en = { 'accept-language': 'en' };

const ok = async (p: Promise<{ status: number; body: any }>) => {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const call = (s: Session, body: Record<string, unknown>, headers?: Record<string, string>) =>
  s.post('/api/v1/calls', { direction: 'inbound', category: 'inquiry', summary: '咨询会员积分', ...body }, headers);
const callCount = async (s: Session = admin) => (await ok(s.get('/api/v1/calls?pageSize=1'))).total as number;
async function auditOf(id: number) {
  return (await admin.get(`/api/v1/audit?entityType=call&entityId=${id}&pageSize=50`)).body.items as { action: string; after?: any; before?: any }[];
}
async function customer(name: string, body: Record<string, unknown>) {
  return (await ok(admin.post('/api/v1/customers', { name, ...body }))).id as number;
}

beforeAll(async () => {
  t = await startTestApp({ timeZone: 'Asia/Shanghai' });
  admin = await t.signIn();
  service = await t.userWithRoles('svc_calls', ['service']);
  manager = await t.userWithRoles('mgr_calls', ['manager']);
  await ok(admin.post('/api/v1/roles', { code: 'call_agent', nameZh: '坐席', nameEn: 'Agent', dataScope: 'department', permissions: ['calls.read', 'calls.write', 'customer.read', 'sales.read', 'sales.write'] }));
  await ok(admin.post('/api/v1/roles', { code: 'call_own', nameZh: '坐席（本人）', nameEn: 'Agent (own)', dataScope: 'own', permissions: ['calls.read', 'calls.write', 'customer.read'] }));
  await ok(admin.post('/api/v1/roles', { code: 'no_calls', nameZh: '无通话', nameEn: 'No calls', dataScope: 'all', permissions: ['customer.read'] }));
  await ok(admin.post('/api/v1/roles', { code: 'sales_api', nameZh: '营销接口', nameEn: 'Sales API', dataScope: 'all', permissions: ['integration.sales'] }));
  agentA = await t.userWithRoles('agent_a', ['call_agent'], { department: '客服中心' });
  agentB = await t.userWithRoles('agent_b', ['call_agent'], { department: '物业中心' });
  solo = await t.userWithRoles('agent_solo', ['call_own'], { department: '客服中心' });
  salesX = await t.userWithRoles('sales_xixi', ['sales'], { department: '西溪案场' });
  noCalls = await t.userWithRoles('no_calls', ['no_calls']);
  for (const [login, s] of Object.entries({ agent_a: agentA, agent_b: agentB, agent_solo: solo, svc_calls: service })) {
    ids[login] = (await ok(s.get('/api/v1/auth/me'))).user.id;
  }
  const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
  ctiToken = (await ok(admin.post('/api/v1/api-tokens', { name: '呼叫中心', roleId: roles.find((r) => r.code === 'integration')!.id }))).token;
  salesToken = (await ok(admin.post('/api/v1/api-tokens', { name: '营销系统', roleId: roles.find((r) => r.code === 'sales_api')!.id }))).token;
  cti = (body, headers = {}) => t.anonymous.post('/api/v1/integration/calls', body, { authorization: `Bearer ${ctiToken}`, ...headers });
});
afterAll(async () => { await t?.close(); });

describe('numbers', () => {
  it('normalises mobiles (+86, spaces, dashes, full width), landlines with the area code and 400 numbers', async () => {
    const cases: [string, string, string][] = [
      ['+86 138-0013-8000', '13800138000', 'mobile'],
      ['０１３８００１３８００１', '13800138001', 'mobile'],
      ['021 5555 6666', '02155556666', 'landline'],
      ['+86 (571) 8888-6666', '057188886666', 'landline'],
      ['400-810-8888', '4008108888', 'service'],
    ];
    for (const [typed, number, kind] of cases) {
      const r = await ok(call(agentA, { number: typed }));
      expect([r.call.number, r.call.numberKind], typed).toEqual([number, kind]);
    }
  });

  it('refuses a number it cannot use, naming the field, in Chinese and English; nothing is recorded', async () => {
    const before = await callCount();
    const local = await call(agentA, { number: '5555 6666' });
    expect(local.status).toBe(400);
    expect(local.body.error.details).toEqual([{ field: 'number', issue: '固定电话请加区号（如 0571-8888 6666）' }]);
    expect(local.body.error.message).toContain('电话号码');
    const junk = await call(agentA, { number: '12345' }, en);
    expect(junk.status).toBe(400);
    expect(junk.body.error.details).toEqual([{ field: 'number', issue: 'enter an 11-digit mobile, a landline with its area code (e.g. 021-5555 6666) or a 400/800 number' }]);
    const category = await call(agentA, { number: '13800138000', category: 'nope' }, en);
    expect(category.status).toBe(400);
    expect(category.body.error.details[0].field).toBe('category');
    const summary = await call(agentA, { number: '13800138000', summary: '' });
    expect(summary.status).toBe(400);
    expect(summary.body.error.details[0].field).toBe('summary');
    const future = await call(agentA, { number: '13800138000', startedAt: new Date(Date.now() + 86_400_000).toISOString() }, en);
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([{ field: 'startedAt', issue: 'cannot be in the future' }]);
    expect(await callCount()).toBe(before);
  });
});

describe('recognising the caller', () => {
  it('one customer holding the mobile → linked; the handler is the agent, the department theirs; audited without the whole number', async () => {
    const cid = await customer('周来电', { mobile: '13911110001', department: '客服中心' });
    const r = await ok(call(agentA, { number: '139 1111 0001', durationSeconds: 95 }));
    expect(r.call).toMatchObject({ customerId: cid, customerName: '周来电', customerInScope: true, handlerId: ids.agent_a, handlerName: 'agent_a', department: '客服中心', durationSeconds: 95, source: 'console' });
    expect(r.matches).toEqual([{ customerId: cid, name: '周来电', inScope: true, department: '客服中心', member: null }]);
    const audit = await auditOf(r.call.id);
    expect(audit.map((a) => a.action)).toEqual(['call.create']);
    expect(JSON.stringify(audit)).not.toContain('13911110001');
  });

  it('a landline is recognised by the home phone', async () => {
    const cid = await customer('吴座机', { homePhone: '0571-8777 1234', department: '客服中心' });
    const r = await ok(call(agentA, { number: '+86 571 8777 1234' }));
    expect(r.call).toMatchObject({ number: '057187771234', numberKind: 'landline', customerId: cid, customerName: '吴座机' });
  });

  it('several customers holding the number → not linked, the agent chooses one and it is linked', async () => {
    const a = await customer('郑甲', { mobile: '13911110002', department: '客服中心' });
    const b = await customer('郑乙', { mobile: '13911110003', homePhone: '13911110002', department: '客服中心' });
    const r = await ok(call(agentA, { number: '13911110002' }));
    expect(r.call.customerId).toBeNull();
    expect(r.matches.map((m: { customerId: number }) => m.customerId).sort()).toEqual([a, b].sort());
    const linked = await ok(agentA.patch(`/api/v1/calls/${r.call.id}`, { customerId: b }));
    expect(linked).toMatchObject({ customerId: b, customerName: '郑乙' });
    expect((await auditOf(r.call.id)).map((x) => x.action)).toEqual(['call.update', 'call.create']);
  });

  it('an unknown caller can be linked later; a customer outside the scope cannot be chosen', async () => {
    const r = await ok(call(agentA, { number: '13911110004' }));
    expect(r).toMatchObject({ call: { customerId: null, customerName: null }, matches: [] });
    const page = await ok(agentA.get(`/api/v1/calls/${r.call.id}`));
    expect(page).toMatchObject({ call: { number: '13911110004' }, matches: [] });
    const outside = await customer('冯外部', { mobile: '13911110005', department: '西溪案场' });
    const refused = await agentA.patch(`/api/v1/calls/${r.call.id}`, { customerId: outside }, en);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ field: 'customerId', issue: `customer #${outside} does not exist or is outside your data scope` }]);
    const inside = await customer('冯内部', { mobile: '13911110006', department: '客服中心' });
    expect(await ok(agentA.patch(`/api/v1/calls/${r.call.id}`, { customerId: inside }))).toMatchObject({ customerId: inside, customerName: '冯内部' });
    expect(await ok(agentA.patch(`/api/v1/calls/${r.call.id}`, { customerId: null }))).toMatchObject({ customerId: null });
  });

  it('a customer outside the scope: name masked, no id, not linked; the number masked on the call for others outside it', async () => {
    await customer('陈西溪', { mobile: '13911110007', department: '西溪案场' });
    const look = await ok(agentA.get('/api/v1/calls/lookup?number=13911110007'));
    expect(look.matches).toEqual([{ customerId: null, name: '陈**', inScope: false, department: null, member: null }]);
    expect(look.recognisedCustomerId).toBeNull();
    const r = await ok(call(agentA, { number: '13911110007' }));
    expect(r.call.customerId).toBeNull();
    // the manager (all) registers one for the 客服中心 linked to the 西溪 customer: 客服中心 sees the call, not whose number it is
    const byService = await ok(call(service, { number: '13911110007', department: '客服中心' }));
    expect(byService.call).toMatchObject({ customerName: '陈西溪', number: '13911110007' });
    const seen = await ok(agentA.get(`/api/v1/calls/${byService.call.id}`));
    expect(seen.call).toMatchObject({ number: '139****0007', customerId: null, customerName: '陈**', customerInScope: false });
  });
});

describe('screen pop (来电弹屏)', () => {
  it('shows the member number and level of a member calling, and the last calls of that number', async () => {
    const m = await clubMember({ service, manager }, { name: '林会员', mobile: '13911110010' });
    await ok(call(service, { number: '13911110010', summary: '第一次来电', startedAt: '2025-01-02T02:00:00Z' }));
    await ok(call(service, { number: '13911110010', summary: '第二次来电', startedAt: '2025-01-03T02:00:00Z' }));
    const look = await ok(service.get('/api/v1/calls/lookup?number=+86%20139%201111%200010'));
    expect(look.number).toBe('13911110010');
    expect(look.recognisedCustomerId).toBe(m.customerId);
    expect(look.matches).toHaveLength(1);
    expect(look.matches[0]).toMatchObject({ customerId: m.customerId, name: '林会员', inScope: true, member: { memberId: m.memberId, memberNo: m.memberNo, status: 'active' } });
    expect(typeof look.matches[0].member.level).toBe('string');
    expect(look.lastCalls.map((c: { summary: string }) => c.summary)).toEqual(['第二次来电', '第一次来电']);
    // the member page's 通话 tab counts them, and lists them for the customer
    expect((await ok(service.get(`/api/v1/members/${m.memberId}/summary`))).calls).toBe(2);
    expect((await ok(service.get(`/api/v1/calls?customerId=${m.customerId}`))).items.map((c: { summary: string }) => c.summary)).toEqual(['第二次来电', '第一次来电']);
  });

  it('an unknown number: no match, no calls; a bad number is a 400 naming it', async () => {
    expect(await ok(agentA.get('/api/v1/calls/lookup?number=13911119999'))).toMatchObject({ matches: [], lastCalls: [], recognisedCustomerId: null });
    const bad = await agentA.get('/api/v1/calls/lookup?number=abc', en);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('number');
  });

  it('the last calls are those of the data scope only', async () => {
    await ok(call(agentB, { number: '13911110011', summary: '物业中心的来电' }));
    expect((await ok(agentA.get('/api/v1/calls/lookup?number=13911110011'))).lastCalls).toEqual([]);
    expect((await ok(agentB.get('/api/v1/calls/lookup?number=13911110011'))).lastCalls.map((c: { summary: string }) => c.summary)).toEqual(['物业中心的来电']);
  });
});

describe('permissions and data scope of every endpoint', () => {
  let mine: number;
  beforeAll(async () => { mine = (await ok(call(agentA, { number: '13911110020', summary: '客服中心专属' }))).call.id; });

  it('without calls.read: every read is 403', async () => {
    for (const url of ['/api/v1/calls', '/api/v1/calls/lookup?number=13911110020', `/api/v1/calls/${mine}`, '/api/v1/calls/stats?from=2025-01-01&to=2025-01-31', '/api/v1/calls/export', '/api/v1/calls/handlers']) {
      const r = await noCalls.get(url);
      expect(r.status, url).toBe(403);
    }
  });

  it('with calls.read only (sales): reads, but every write is 403 and nothing changes', async () => {
    expect((await salesX.get('/api/v1/calls')).status).toBe(200);
    const writes = [
      await call(salesX, { number: '13911110021' }),
      await salesX.patch(`/api/v1/calls/${mine}`, { summary: '改' }),
      await salesX.post(`/api/v1/calls/${mine}/delete`, { reason: '误录' }),
      await salesX.post(`/api/v1/calls/${mine}/lead`, { name: '某' }),
      await salesX.post('/api/v1/integration/calls', { callId: 'X', direction: 'inbound', number: '13911110021', startedAt: '2025-01-01T00:00:00Z', durationSeconds: 1 }),
    ];
    expect(writes.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect((await ok(agentA.get(`/api/v1/calls/${mine}`))).call.summary).toBe('客服中心专属');
  });

  it('another department: the call does not exist for them (404) on every endpoint, and is in none of their lists', async () => {
    for (const r of [
      await agentB.get(`/api/v1/calls/${mine}`),
      await agentB.patch(`/api/v1/calls/${mine}`, { summary: '改' }),
      await agentB.post(`/api/v1/calls/${mine}/delete`, { reason: '误录' }),
      await agentB.post(`/api/v1/calls/${mine}/lead`, { name: '某' }),
      await salesX.get(`/api/v1/calls/${mine}`),
    ]) expect(r.status).toBe(404);
    const list = await ok(agentB.get('/api/v1/calls?pageSize=100'));
    expect(list.items.every((c: { department: string }) => c.department === '物业中心')).toBe(true);
    expect(list.items.some((c: { id: number }) => c.id === mine)).toBe(false);
    expect((await ok(salesX.get('/api/v1/calls'))).total).toBe(0);
    const stats = await ok(agentB.get('/api/v1/calls/stats?from=2020-01-01&to=2020-12-31'));
    expect(stats.total).toBe(0);
    const csv = await agentB.get('/api/v1/calls/export?number=13911110020');
    expect(csv.status).toBe(200);
    expect(String(csv.body)).not.toContain('0020');
    expect((await agentA.get(`/api/v1/calls/${mine}`)).status).toBe(200);
  });

  it('an own scope sees and records only its own calls; it cannot record one for someone else', async () => {
    const own = await ok(call(solo, { number: '13911110022', summary: '本人登记' }));
    expect(own.call.handlerId).toBe(ids.agent_solo);
    const list = await ok(solo.get('/api/v1/calls?pageSize=100'));
    expect(list.items.map((c: { id: number }) => c.id)).toEqual([own.call.id]);
    expect((await solo.get(`/api/v1/calls/${mine}`)).status).toBe(404);
    const forOther = await call(solo, { number: '13911110022', handlerId: ids.agent_a }, en);
    expect(forOther.status).toBe(400);
    expect(forOther.body.error.details).toEqual([{ field: 'handlerId', issue: 'you may only record your own calls: the handler must be you' }]);
    const otherDept = await call(agentA, { number: '13911110022', department: '物业中心' });
    expect(otherDept.status).toBe(400);
    expect(otherDept.body.error.details[0].field).toBe('department');
  });

  it('the integration endpoint needs integration.calls: a sales-system token is 403, no token 401', async () => {
    const body = { callId: 'NO-1', direction: 'inbound', number: '13911110023', startedAt: '2025-01-01T00:00:00Z', durationSeconds: 5 };
    expect((await t.anonymous.post('/api/v1/integration/calls', body, { authorization: `Bearer ${salesToken}` })).status).toBe(403);
    expect((await t.anonymous.post('/api/v1/integration/calls', body)).status).toBe(401);
    expect((await ok(admin.get('/api/v1/calls?number=13911110023'))).total).toBe(0);
  });

  it('staff to pick a handler from: the department under a department scope', async () => {
    const staff = await ok(agentA.get('/api/v1/calls/handlers'));
    expect(staff.every((u: { department: string }) => u.department === '客服中心')).toBe(true);
    expect(staff.map((u: { login: string }) => u.login)).toContain('agent_a');
  });
});

describe('editing, deleting, leads', () => {
  it('edits the outcome and follow-up; nothing to change is a 400', async () => {
    const r = await ok(call(agentA, { number: '13911110030' }));
    const e = await ok(agentA.patch(`/api/v1/calls/${r.call.id}`, { outcome: 'follow_up', followUpOn: '2030-01-02', followUpNote: '回电确认维修时间', category: 'repair' }));
    expect(e).toMatchObject({ outcome: 'follow_up', followUpOn: '2030-01-02', followUpNote: '回电确认维修时间', category: 'repair' });
    const same = await agentA.patch(`/api/v1/calls/${r.call.id}`, { outcome: 'follow_up' }, en);
    expect(same.status).toBe(400);
    expect(same.body.error.details).toEqual([{ field: 'outcome', issue: 'nothing to change' }]);
  });

  it('a call recorded by mistake is deleted with a reason: gone from the lists and its page, audited with the reason', async () => {
    const r = await ok(call(agentA, { number: '13911110031', summary: '误录的通话' }));
    const noReason = await agentA.post(`/api/v1/calls/${r.call.id}/delete`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('reason');
    expect(await ok(agentA.post(`/api/v1/calls/${r.call.id}/delete`, { reason: '号码录错' }))).toMatchObject({ id: r.call.id, deletedReason: '号码录错' });
    expect((await agentA.get(`/api/v1/calls/${r.call.id}`)).status).toBe(404);
    expect((await ok(agentA.get('/api/v1/calls?number=13911110031'))).total).toBe(0);
    const del = (await auditOf(r.call.id)).find((a) => a.action === 'call.delete')!;
    expect(JSON.stringify(del)).toContain('号码录错');
  });

  it("an unknown caller's call becomes a sales lead with the mobile, source 来电; once", async () => {
    const r = await ok(call(agentA, { number: '13911110032', category: 'sales', summary: '咨询西溪新盘' }));
    const made = await ok(agentA.post(`/api/v1/calls/${r.call.id}/lead`, { name: '钱意向', intention: '三房' }));
    expect(made).toMatchObject({ call: { leadId: made.leadId }, leadName: '钱意向', duplicate: null });
    const lead = await ok(agentA.get(`/api/v1/sales/leads/${made.leadId}`));
    expect(lead).toMatchObject({ name: '钱意向', mobile: '13911110032', source: 'call', intention: '三房', ownerId: ids.agent_a, department: '客服中心' });
    expect(lead.note).toContain('咨询西溪新盘');
    const again = await agentA.post(`/api/v1/calls/${r.call.id}/lead`, { name: '钱意向' }, en);
    expect(again.status).toBe(422);
    expect(again.body.error.message).toBe(`this call is already linked to lead #${made.leadId}`);
  });

  it('a lead needs sales.write; a known caller is not made a lead', async () => {
    const r = await ok(call(service, { number: '13911110033' }));
    expect((await service.post(`/api/v1/calls/${r.call.id}/lead`, { name: '孙' })).status).toBe(403);
    await customer('李已知', { mobile: '13911110034', department: '客服中心' });
    const known = await ok(call(agentA, { number: '13911110034' }));
    const refused = await agentA.post(`/api/v1/calls/${known.call.id}/lead`, { name: '李已知' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('李已知');
    expect((await ok(agentA.get(`/api/v1/calls/${known.call.id}`))).call.leadId).toBeNull();
  });
});

describe('the phone system (CTI)', () => {
  const report = { callId: 'CTI-0001', direction: 'inbound', number: '+8613911110040', startedAt: '2025-02-01T09:30:00+08:00', durationSeconds: 120, agentLogin: 'AGENT_A' };

  it('records the call with the agent as handler and the caller recognised; the same call id again returns the first record, replayed', async () => {
    const cid = await customer('卫热线', { mobile: '13911110040', department: '客服中心' });
    const first = await ok(cti(report));
    expect(first).toMatchObject({ replayed: false, call: { number: '13911110040', handlerId: ids.agent_a, department: '客服中心', customerId: cid, source: 'cti', callId: 'CTI-0001', category: null, outcome: 'resolved', durationSeconds: 120 } });
    const again = await ok(cti({ ...report, durationSeconds: 999 }));
    expect(again).toMatchObject({ replayed: true, call: { id: first.call.id, durationSeconds: 120 } });
    expect((await ok(admin.get('/api/v1/calls?number=13911110040'))).total).toBe(1);
    expect((await auditOf(first.call.id)).map((a) => a.action)).toEqual(['call.create']);
    // the agent then classifies it in the console
    expect(await ok(agentA.patch(`/api/v1/calls/${first.call.id}`, { category: 'inquiry', summary: '咨询停车位' }))).toMatchObject({ category: 'inquiry', summary: '咨询停车位' });
  });

  it('a call nobody answered: no handler, missed; seen only by an all scope', async () => {
    const r = await ok(cti({ callId: 'CTI-0002', direction: 'inbound', number: '021-6666 7777', startedAt: '2025-02-01T10:00:00Z', durationSeconds: 0 }));
    expect(r.call).toMatchObject({ handlerId: null, department: null, outcome: 'missed', numberKind: 'landline' });
    expect((await agentA.get(`/api/v1/calls/${r.call.id}`)).status).toBe(404);
    expect((await manager.get(`/api/v1/calls/${r.call.id}`)).status).toBe(200);
  });

  it('strict validation: each bad field named, in English too; nothing recorded', async () => {
    const before = await callCount();
    const unknownAgent = await cti({ ...report, callId: 'CTI-0003', agentLogin: 'nobody' }, en);
    expect(unknownAgent.status).toBe(400);
    expect(unknownAgent.body.error.details).toEqual([{ field: 'agentLogin', issue: 'No active user nobody' }]);
    const badNumber = await cti({ ...report, callId: 'CTI-0004', number: '110' });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.error.details[0].field).toBe('number');
    const extra = await cti({ ...report, callId: 'CTI-0005', recording: 'x' });
    expect(extra.status).toBe(400);
    const noTime = await cti({ callId: 'CTI-0006', direction: 'inbound', number: '13911110041', durationSeconds: 3 });
    expect(noTime.status).toBe(400);
    expect(noTime.body.error.details[0].field).toBe('startedAt');
    const negative = await cti({ ...report, callId: 'CTI-0007', durationSeconds: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].field).toBe('durationSeconds');
    expect(await callCount()).toBe(before);
  });

  itOnPostgres('the same call reported ten times at once is recorded once', async () => {
    const replies = await Promise.all(Array.from({ length: 10 }, () => cti({ ...report, callId: 'CTI-RACE', number: '13911110042' })));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(replies.map((r) => r.body.call.id)).size).toBe(1);
    expect(replies.filter((r) => !r.body.replayed)).toHaveLength(1);
  });
});

describe('lists, a customer’s calls, statistics and exports', () => {
  let cid: number;
  beforeAll(async () => {
    cid = await customer('黄统计', { mobile: '13911110050', department: '物业中心' });
    // company days: 2024-03-01 23:30 and 2024-03-02 00:30 Shanghai are 15:30 and 16:30 UTC of 1 March
    await ok(call(agentB, { number: '13911110050', startedAt: '2024-03-01T15:30:00Z', durationSeconds: 60, category: 'repair', summary: '报修水管' }));
    await ok(call(agentB, { number: '13911110051', startedAt: '2024-03-01T16:30:00Z', durationSeconds: 180, category: 'inquiry', summary: '咨询', direction: 'outbound' }));
    await ok(call(agentB, { number: '02188889999', startedAt: '2024-03-02T03:00:00Z', durationSeconds: 0, category: 'inquiry', outcome: 'missed', summary: '未接通' }));
  });

  it('filters by company day, direction, category, number and its last digits, all masked in the list', async () => {
    const day1 = await ok(agentB.get('/api/v1/calls?from=2024-03-01&to=2024-03-01'));
    expect(day1.items.map((c: { summary: string }) => c.summary)).toEqual(['报修水管']);
    expect(day1.items[0]).toMatchObject({ number: '139****0050', customerName: '黄统计' });
    const day2 = await ok(agentB.get('/api/v1/calls?from=2024-03-02&to=2024-03-02'));
    expect(day2.items.map((c: { summary: string }) => c.summary)).toEqual(['未接通', '咨询']);
    expect((await ok(agentB.get('/api/v1/calls?from=2024-03-01&to=2024-03-02&direction=outbound'))).items.map((c: { summary: string }) => c.summary)).toEqual(['咨询']);
    expect((await ok(agentB.get('/api/v1/calls?from=2024-03-01&to=2024-03-02&category=inquiry'))).total).toBe(2);
    expect((await ok(agentB.get('/api/v1/calls?number=021-8888 9999'))).items.map((c: { number: string }) => c.number)).toEqual(['021****9999']);
    expect((await ok(agentB.get('/api/v1/calls?number=0051'))).total).toBe(1);
    expect((await ok(agentB.get(`/api/v1/calls?handlerId=${ids.agent_a}`))).total).toBe(0);
    const reversed = await agentB.get('/api/v1/calls?from=2024-03-02&to=2024-03-01', en);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details).toEqual([{ field: 'from', issue: 'the start date cannot be after the end date' }]);
  });

  it("a customer's calls; a customer outside the scope is a 404", async () => {
    expect((await ok(agentB.get(`/api/v1/calls?customerId=${cid}`))).items.map((c: { summary: string }) => c.summary)).toEqual(['报修水管']);
    expect((await agentA.get(`/api/v1/calls?customerId=${cid}`)).status).toBe(404);
  });

  it('statistics per company day, category and handler; average duration of answered calls; recognised rate', async () => {
    const s = await ok(agentB.get('/api/v1/calls/stats?from=2024-03-01&to=2024-03-03'));
    expect(s).toMatchObject({ total: 3, inbound: 2, outbound: 1, missed: 1, recognised: 1, avgDuration: 120 });
    expect(s.recognisedRate).toBeCloseTo(1 / 3);
    expect(s.byDay).toEqual([{ day: '2024-03-01', count: 1, inbound: 1 }, { day: '2024-03-02', count: 2, inbound: 1 }, { day: '2024-03-03', count: 0, inbound: 0 }]);
    expect(s.byCategory).toEqual([{ category: 'inquiry', count: 2 }, { category: 'repair', count: 1 }]);
    expect(s.byHandler).toEqual([{ handlerId: ids.agent_b, handlerName: 'agent_b', count: 3, avgDuration: 120 }]);
    // the same days for another department count none of them; an all scope counts them
    expect((await ok(agentA.get('/api/v1/calls/stats?from=2024-03-01&to=2024-03-03'))).total).toBe(0);
    expect((await ok(agentA.get('/api/v1/calls?from=2024-03-01&to=2024-03-03'))).total).toBe(0);
    expect((await ok(manager.get('/api/v1/calls/stats?from=2024-03-01&to=2024-03-03'))).total).toBe(3);
    const tooLong = await agentB.get('/api/v1/calls/stats?from=2020-01-01&to=2024-01-01');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].field).toBe('to');
  });

  it('exports CSV with numbers masked without pii.export, whole with it; audited', async () => {
    const masked = await agentB.get('/api/v1/calls/export?from=2024-03-01&to=2024-03-02&format=csv');
    expect(masked.status).toBe(200);
    expect(String(masked.body)).toContain('139****0050');
    expect(String(masked.body)).not.toContain('13911110050');
    expect(String(masked.body)).toContain('报修水管');
    const whole = await admin.get('/api/v1/calls/export?from=2024-03-01&to=2024-03-02&format=csv');
    expect(String(whole.body)).toContain('13911110050');
    const xlsx = await agentB.get('/api/v1/calls/export?from=2024-03-01&to=2024-03-02&format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
    const audit = (await admin.get('/api/v1/audit?action=export&pageSize=5')).body.items as { facts?: any; after?: any }[];
    expect(JSON.stringify(audit)).toContain('calls');
  });
});
