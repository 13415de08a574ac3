// Data scope of applications and members (SPEC §11), as customers are scoped: a sales office
// (案场, department scope) sees the applications it entered and those of its own customers, not
// another office's — neither in the list, nor opened, nor as duplicate candidates, nor by applying
// with the other office's customer id; a role with scope all sees everything. Outside the scope a
// record does not exist for the reader (404), as for customers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { apply, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';

let t: TestApp;
let st: Staff;
let officeA: Session;
let officeB: Session;
/** B's customer, B's application for it, B's application for a new person, A's application */
let customerB: number;
let appB: number;
let appB2: number;
let appA: number;
const mobileB2 = '13977770001';

const sales = (s: Session, body: Record<string, unknown>) => apply(s, { channel: 'sales_office', subChannel: null, ...body });
const ids = (r: { body: { items: { id: number }[] } }) => r.body.items.map((i) => i.id);

beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
  officeA = await t.userWithRoles('sales_a', ['sales'], { department: '案场A' });
  officeB = await t.userWithRoles('sales_b', ['sales'], { department: '案场B' });
  const idB = nextId();
  const c = await officeB.post('/api/v1/customers', { name: '钱多多', idNumber: idB, mobile: '13977770000' });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  customerB = c.body.id;
  expect(c.body.department).toBe('案场B');
  const b = await sales(officeB, { name: '钱多多', idNumber: idB, customerId: customerB });
  expect(b.status, JSON.stringify(b.body)).toBe(200);
  appB = b.body.application.id;
  // a new person with no customer record yet, and no way to reach them (the welcome notice cannot go)
  const b2 = await sales(officeB, { name: '孙小美', idNumber: nextId(), homePhone: '057188880001' });
  expect(b2.status, JSON.stringify(b2.body)).toBe(200);
  appB2 = b2.body.application.id;
  // A's applicant shares B2's name and mobile: B2 would be a duplicate candidate
  const a = await sales(officeA, { name: '孙小美', idNumber: nextId(), mobile: mobileB2 });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  appA = a.body.application.id;
  expect((await st.service.patch(`/api/v1/customers/${customerB}`, { mobile: mobileB2 })).status).toBe(200);
});
afterAll(async () => { await t?.close(); });

describe('applications within the data scope', () => {
  it('the list: a sales office sees what it entered and its customers\' applications; scope all sees every one', async () => {
    const a = await officeA.get('/api/v1/applications?pageSize=100');
    expect(a.status).toBe(200);
    expect(ids(a)).toEqual([appA]);
    expect(a.body.total).toBe(1);
    const pendingA = await officeA.get('/api/v1/applications?status=pending&pageSize=100');
    expect(ids(pendingA)).toEqual([appA]);
    expect(ids(await officeA.get(`/api/v1/applications?q=${encodeURIComponent('孙小美')}`))).toEqual([appA]);
    const b = await officeB.get('/api/v1/applications?pageSize=100');
    expect(ids(b).sort()).toEqual([appB, appB2].sort());
    const all = await st.service.get('/api/v1/applications?pageSize=100');
    expect(ids(all)).toEqual(expect.arrayContaining([appA, appB, appB2]));
  });

  it('opening another office\'s application is a 404 as for customers; the owner and scope all open it with the customer record', async () => {
    for (const id of [appB, appB2]) {
      const r = await officeA.get(`/api/v1/applications/${id}`, { 'accept-language': 'en' });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
      expect(r.body.error.message).toBe(`application not found: ${id}`);
    }
    expect((await officeA.get(`/api/v1/customers/${customerB}`)).status).toBe(404); // the rule followed
    const own = await officeB.get(`/api/v1/applications/${appB}`);
    expect(own.status).toBe(200);
    expect(own.body.customer).toMatchObject({ id: customerB, name: '钱多多' });
    const all = await st.manager.get(`/api/v1/applications/${appB}`);
    expect(all.body.customer.id).toBe(customerB);
  });

  it('candidates: none of another office\'s applications or members; another office\'s application has none to show (404)', async () => {
    const mine = await officeA.get(`/api/v1/applications/${appA}/candidates`);
    expect(mine.status).toBe(200);
    expect(mine.body.applications.map((c: { id: number }) => c.id)).not.toContain(appB2);
    expect(mine.body.applications.map((c: { id: number }) => c.id)).not.toContain(appB);
    // scope all sees the same person twice: B2 is a candidate
    const all = await st.manager.get(`/api/v1/applications/${appA}/candidates`);
    expect(all.body.applications.map((c: { id: number }) => c.id)).toContain(appB2);
    const theirs = await officeA.get(`/api/v1/applications/${appB2}/candidates`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('NOT_FOUND');
  });

  it('applying with another office\'s customer id is a 404 naming the customer, and stores nothing', async () => {
    const before = (await st.service.get('/api/v1/applications?pageSize=1')).body.total;
    const r = await sales(officeA, { name: '钱多多', idNumber: nextId(), customerId: customerB });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
    expect(r.body.error.message).toBe(`找不到客户：${customerB}`);
    expect((await st.service.get('/api/v1/applications?pageSize=1')).body.total).toBe(before);
    // the customer's own office may
    const own = await sales(officeB, { name: '钱多多', idNumber: nextId(), customerId: customerB });
    expect(own.status).not.toBe(404);
  });

  it('a reviewer with a department scope cannot approve or reject, nor pick, what is outside it', async () => {
    const role = await st.admin.post('/api/v1/roles', {
      code: 'office_reviewer', nameZh: '案场审核', nameEn: 'Office reviewer', permissions: ['member.read', 'member.approve'], dataScope: 'department',
    });
    expect(role.status).toBe(200);
    const reviewerA = await t.userWithRoles('reviewer_a', ['office_reviewer'], { department: '案场A' });
    expect((await reviewerA.post(`/api/v1/applications/${appB2}/approve`, {})).status).toBe(404);
    expect((await reviewerA.post(`/api/v1/applications/${appB2}/reject`, { reason: '不是我们的' })).status).toBe(404);
    const picked = await reviewerA.post(`/api/v1/applications/${appA}/approve`, { pendingIds: [appB2], final: { mobile: mobileB2 } });
    expect(picked.status).toBe(400);
    expect(picked.body.error.details[0].field).toBe('pendingIds');
    expect((await st.manager.get(`/api/v1/applications/${appB2}`)).body.application.status).toBe('pending');
  });

  it('a new member made from an office\'s application stays in that office\'s scope (its customer record is the office\'s)', async () => {
    const approved = await st.manager.post(`/api/v1/applications/${appA}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const memberId = approved.body.member.id;
    const page = await officeA.get(`/api/v1/members/${memberId}`);
    expect(page.status).toBe(200);
    expect(page.body.customer.department).toBe('案场A');
    expect((await officeA.get('/api/v1/members?pageSize=100')).body.items.map((m: { id: number }) => m.id)).toContain(memberId);
    expect((await officeB.get(`/api/v1/members/${memberId}`)).status).toBe(404);
    // and the application with its member, for the office that entered it
    expect((await officeA.get(`/api/v1/applications/${appA}`)).body.member.id).toBe(memberId);
  });
});

describe('members within the data scope', () => {
  it('editing, flagging, notices, leave requests and the worklists of another office\'s member: 404 or not listed', async () => {
    const approved = await st.manager.post(`/api/v1/applications/${appB2}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const memberB = approved.body.member.id;
    const role = await st.admin.post('/api/v1/roles', {
      code: 'office_service', nameZh: '案场客服', nameEn: 'Office service',
      permissions: ['member.read', 'member.edit', 'member.leave', 'notify.manage'], dataScope: 'department',
    });
    expect(role.status).toBe(200);
    const serviceA = await t.userWithRoles('office_service_a', ['office_service'], { department: '案场A' });
    const serviceB = await t.userWithRoles('office_service_b', ['office_service'], { department: '案场B' });
    expect((await serviceA.patch(`/api/v1/members/${memberB}`, { address: '别处' })).status).toBe(404);
    expect((await serviceA.post(`/api/v1/members/${memberB}/data-error`, { flag: '地址错误' })).status).toBe(404);
    expect((await serviceA.post(`/api/v1/members/${memberB}/notices/record`, { channel: 'phone', result: 'reached', note: '已电话' })).status).toBe(404);
    expect((await serviceA.post(`/api/v1/members/${memberB}/leave-requests`, { reason: 'normal' })).status).toBe(404);
    // B's member cannot be reached (no mobile, no e-mail): on B's worklist, not on A's
    const unreachedA = await serviceA.get('/api/v1/members/unreached?pageSize=100');
    expect(unreachedA.status).toBe(200);
    expect(unreachedA.body.items.map((m: { id: number }) => m.id)).not.toContain(memberB);
    expect(unreachedA.body.total).toBe(unreachedA.body.items.length);
    expect((await serviceB.get('/api/v1/members/unreached?pageSize=100')).body.items.map((m: { id: number }) => m.id)).toContain(memberB);
    // B's own staff raise a leave request: A neither lists nor decides it
    const leave = await serviceB.post(`/api/v1/members/${memberB}/leave-requests`, { reason: 'normal' });
    expect(leave.status, JSON.stringify(leave.body)).toBe(200);
    expect((await serviceA.get('/api/v1/leave-requests?pageSize=100')).body.items.map((r: { id: number }) => r.id)).not.toContain(leave.body.id);
    expect((await serviceB.get('/api/v1/leave-requests?pageSize=100')).body.items.map((r: { id: number }) => r.id)).toContain(leave.body.id);
    const approverRole = await st.admin.post('/api/v1/roles', {
      code: 'office_leave', nameZh: '案场退会审批', nameEn: 'Office leave approver', permissions: ['member.read', 'member.leave.approve'], dataScope: 'department',
    });
    expect(approverRole.status).toBe(200);
    const approverA = await t.userWithRoles('office_leave_a', ['office_leave'], { department: '案场A' });
    expect((await approverA.post(`/api/v1/leave-requests/${leave.body.id}/approve`, {})).status).toBe(404);
    expect((await approverA.post(`/api/v1/leave-requests/${leave.body.id}/reject`, {})).status).toBe(404);
    // scope all (the service centre) decides it
    expect((await st.manager.post(`/api/v1/leave-requests/${leave.body.id}/reject`, {})).status).toBe(200);
  });
});
