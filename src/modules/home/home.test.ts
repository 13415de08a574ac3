// The home page (首页, issue 12 item 1): what waits for the signed-in user — only what they hold
// the permission to act on (absent otherwise, never zero) and within their data scope — and the
// club's key figures; administrators are told when notices go to the log provider (item 10).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../db/index.ts';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { apply, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';
import { makeMember, type FixtureMember } from '../complaints/test-fixtures.ts';

let t: TestApp;
let st: Staff;
let officeA: Session;
let leadA: Session;
let nobody: Session;
let memberA: FixtureMember;
let memberB: FixtureMember;
let adjustmentId: number;

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const home = async (s: Session) => {
  const r = await s.get('/api/v1/home');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

async function role(code: string, permissions: string[], dataScope: string) {
  const r = await st.admin.post('/api/v1/roles', { code, nameZh: code, nameEn: code, permissions, dataScope });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.id as number;
}
async function user(login: string, roleId: number, department: string | null) {
  const r = await st.admin.post('/api/v1/users', { login, name: login, department, password: 'Harbour-lamp-42', roleIds: [roleId] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return t.signIn(login, 'Harbour-lamp-42');
}
async function inDepartment(m: FixtureMember, department: string) {
  await rows(t.db.db, sql`UPDATE customers SET department = ${department} WHERE member_id = ${m.id}`);
}

beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
  officeA = await t.userWithRoles('sales_a', ['sales'], { department: '案场A' });
  const officeB = await t.userWithRoles('sales_b', ['sales'], { department: '案场B' });
  // a 案场 lead: reviews and approves, sees only the department's records
  leadA = await user('lead_a', await role('office_lead', ['member.read', 'member.approve', 'points.read', 'points.approve', 'complaint.manage', 'notify.manage'], 'department'), '案场A');
  nobody = await user('reader', await role('nothing_to_do', ['audit.read'], 'all'), null);
  // two applications waiting: one entered by office A, one by office B
  for (const [s, name] of [[officeA, '周一鸣'], [officeB, '吴二娘']] as const) {
    const a = await apply(s, { channel: 'sales_office', subChannel: null, name, idNumber: nextId() });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
  }
  memberA = await makeMember(t, { name: '郑三' });
  memberB = await makeMember(t, { name: '王四' });
  await inDepartment(memberA, '案场A');
  await inDepartment(memberB, '案场B');
  // one adjustment waiting for approval (of office B's member)
  const adj = await st.service.post('/api/v1/points/entries', { memberId: memberB.id, amount: 80, sourceType: 'adjustment', reason: '补录活动积分' });
  expect(adj.status, JSON.stringify(adj.body)).toBe(200);
  expect(adj.body.entry.state).toBe('pending');
  adjustmentId = adj.body.entry.id;
  // one complaint step past its expected finish, received by the service centre
  const c = await st.service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '车库积水', memberId: memberB.id, receivedAt: hoursAgo(72) });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  const handler = await st.admin.post('/api/v1/users', { login: 'wang', name: '王工', department: '工程部', password: 'Harbour-lamp-42', roleIds: [] });
  const s = await st.service.post(`/api/v1/complaints/${c.body.id}/steps`, { handlerId: handler.body.id, opinion: '排水泵检修', stepAt: hoursAgo(70), expectedFinishAt: hoursAgo(24) });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
});
afterAll(async () => { await t?.close(); });

describe('GET /home: what waits', () => {
  it('the administrator sees every count of the club, and that no real SMS or e-mail provider is configured', async () => {
    const h = await home(st.admin);
    expect(h.todos).toMatchObject({ applications: 2, pointsApprovals: 1, overdueSteps: 1, leaveRequests: 0, cardRequests: 0, careToDos: 0, unreachedMembers: 0, failedNotices: 0, importsRunning: 0, importsFailed: 0 });
    expect(h.delivery).toEqual({ sms: 'log', email: 'log' });
    expect(h.figures).toMatchObject({ openComplaints: 1, activities: 0 });
    expect(h.figures.members).toMatchObject({ total: 2, byLevel: [{ level: 'normal', members: 2 }] });
    expect(h.figures.points).toMatchObject({ liability: 0, redemptionRate: null });
    expect(h.month).toMatch(/^\d{4}-\d{2}$/);
  });

  it('permissions: a count is there only for whoever may act on it — absent, not zero — and the provider warning only for administrators', async () => {
    const manager = await home(st.manager);
    expect(manager.todos).toMatchObject({ applications: 2, pointsApprovals: 1, leaveRequests: 0, cardRequests: 0 });
    expect(Object.keys(manager.todos)).not.toContain('overdueSteps');
    expect(Object.keys(manager.todos)).not.toContain('importsRunning');
    expect(manager.delivery).toBeUndefined();
    const service = await home(st.service);
    expect(service.todos).toMatchObject({ overdueSteps: 1, careToDos: 0, unreachedMembers: 0, failedNotices: 0, importsRunning: 0 });
    expect(Object.keys(service.todos)).not.toContain('applications');
    expect(Object.keys(service.todos)).not.toContain('pointsApprovals');
    const none = await home(nobody);
    expect(none.todos).toEqual({});
    expect(none.figures).toEqual({});
    expect(none.delivery).toBeUndefined();
    expect((await t.anonymous.get('/api/v1/home')).status).toBe(401);
    // how notices leave the system, for every signed-in user (the console says "recorded, not sent" after a send)
    expect((await nobody.get('/api/v1/notices/delivery')).body).toEqual({ sms: 'log', email: 'log' });
    expect((await t.anonymous.get('/api/v1/notices/delivery')).status).toBe(401);
  });

  it('data scope: a 案场 lead counts only the department\'s applications, points and complaints, and its members', async () => {
    const lead = await home(leadA);
    expect(lead.todos).toEqual({ applications: 1, pointsApprovals: 0, overdueSteps: 0, unreachedMembers: 0, failedNotices: 0 });
    expect(lead.figures.members).toMatchObject({ total: 1, joined: 1, byLevel: [{ level: 'normal', members: 1 }] });
    expect(lead.figures.openComplaints).toBe(0);
    // the pending adjustment moves to office A's member: now it is the lead's to approve
    await rows(t.db.db, sql`UPDATE points_entries SET member_id = ${memberA.id} WHERE state = 'pending'`);
    expect((await home(leadA)).todos.pointsApprovals).toBe(1);
    expect((await home(st.admin)).todos.pointsApprovals).toBe(1);
  });

  it('members by level come from the home-figures job once it has run (per department for a department scope), until then counted live', async () => {
    expect((await home(st.admin)).figures.members).toMatchObject({ total: 2, asOf: null });
    const run = await st.admin.post('/api/v1/jobs/home-figures/run', {});
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.result).toEqual({ cells: 2 });
    await makeMember(t, { name: '钱五', level: 'vip' });
    const counted = (await home(st.admin)).figures.members;
    expect(counted.byLevel).toEqual([{ level: 'normal', members: 2 }]);
    expect(counted.asOf).not.toBeNull();
    expect((await home(leadA)).figures.members.byLevel).toEqual([{ level: 'normal', members: 1 }]);
    await st.admin.post('/api/v1/jobs/home-figures/run', {});
    expect((await home(st.admin)).figures.members.byLevel).toEqual([{ level: 'normal', members: 2 }, { level: 'vip', members: 1 }]);
  });

  it('the points figures: liability and the points issued this month once the adjustment is approved', async () => {
    const approved = await st.manager.post(`/api/v1/points/entries/${adjustmentId}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const h = await home(st.admin);
    expect(h.figures.points).toMatchObject({ liability: 80, redemptionRate: 0, months: [{ month: h.month, issued: 80, redeemed: 0 }] });
    expect(h.todos.pointsApprovals).toBe(0);
    expect((await home(leadA)).figures.points).toMatchObject({ liability: 80, months: [{ month: h.month, issued: 80 }] });
  });

  it('data scope follows the customer: moved to another department on the customer page, a member\'s to-dos move with it, each count equal to the list the tile opens', async () => {
    const leadC = await user('lead_c', await role('office_lead_c', ['member.read', 'member.leave.approve', 'notify.manage'], 'department'), '案场C');
    const m = await makeMember(t, { name: '孙六' });
    await inDepartment(m, '案场B');
    await rows(t.db.db, sql`UPDATE members SET notice_status = 'unreached' WHERE id = ${m.id}`);
    expect((await st.service.post(`/api/v1/members/${m.id}/leave-requests`, { reason: 'normal' })).status).toBe(200);
    const seen = async (s: Session) => {
      const h = await home(s);
      const unreached = await s.get('/api/v1/members/unreached');
      const leaves = await s.get('/api/v1/leave-requests?status=pending');
      return { unreached: h.todos.unreachedMembers, unreachedList: unreached.body.total, leaves: h.todos.leaveRequests, leaveList: leaves.body.total, joined: h.figures.members.joined };
    };
    expect(await seen(leadC)).toEqual({ unreached: 0, unreachedList: 0, leaves: 0, leaveList: 0, joined: 0 });
    const [{ customerId }] = await rows<{ customerId: number }>(t.db.db, sql`SELECT customer_id AS "customerId" FROM members WHERE id = ${m.id}`);
    const moved = await st.admin.patch(`/api/v1/customers/${customerId}`, { department: '案场C' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await seen(leadC)).toEqual({ unreached: 1, unreachedList: 1, leaves: 1, leaveList: 1, joined: 1 });
    expect(await seen(st.admin)).toMatchObject({ unreached: 1, unreachedList: 1, leaves: 1, leaveList: 1 });
    // and out of the department again (no department at all)
    expect((await st.admin.patch(`/api/v1/customers/${customerId}`, { department: null })).status).toBe(200);
    expect(await seen(leadC)).toEqual({ unreached: 0, unreachedList: 0, leaves: 0, leaveList: 0, joined: 0 });
  });
});
