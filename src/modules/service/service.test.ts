// Service desk (工单、满意度、知识库) through the HTTP API: what an agent, a manager and a reviewer check.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { staffPassword, startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';

let t: TestApp;
let admin: Session;
let centre: Session; // built-in service role: service.read + write, complaint.manage, all
let deskA: Session; // department scope, 客服一部
let deskA2: Session; // department scope, 客服一部 (a colleague)
let deskB: Session; // department scope, 客服二部
let solo: Session; // own scope
let manager: Session; // built-in manager: service.read + assign + manage, all
let sales: Session; // no service permission
const ids: Record<string, number> = {};
const en = { 'accept-language': 'en' };
const hour = 3_600_000;

const ok = async (p: Promise<{ status: number; body: any }>) => {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
async function userId(s: Session) {
  return (await ok(s.get('/api/v1/auth/me'))).user.id as number;
}
async function ticket(s: Session, body: Record<string, unknown> = {}) {
  return (await ok(s.post('/api/v1/service/tickets', { type: 'inquiry', channel: 'phone', subject: '会员卡积分怎么查', description: '客户来电询问积分查询方式', ...body }))).ticket;
}
async function auditOf(entityType: string, id: number) {
  return (await admin.get(`/api/v1/audit?entityType=${entityType}&entityId=${id}&pageSize=50`)).body.items as { action: string }[];
}
const hoursBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / hour;

beforeAll(async () => {
  t = await startTestApp({ timeZone: 'Asia/Shanghai' });
  admin = await t.signIn();
  await ok(admin.post('/api/v1/roles', { code: 'desk_dept', nameZh: '客服（本部门）', nameEn: 'Desk (department)', dataScope: 'department', permissions: ['service.read', 'service.write', 'customer.read', 'customer.write'] }));
  await ok(admin.post('/api/v1/roles', { code: 'desk_own', nameZh: '客服（本人）', nameEn: 'Desk (own)', dataScope: 'own', permissions: ['service.read', 'service.write'] }));
  centre = await t.userWithRoles('centre', ['service'], { department: '客服中心' });
  deskA = await t.userWithRoles('desk_a', ['desk_dept'], { department: '客服一部' });
  deskA2 = await t.userWithRoles('desk_a2', ['desk_dept'], { department: '客服一部' });
  deskB = await t.userWithRoles('desk_b', ['desk_dept'], { department: '客服二部' });
  solo = await t.userWithRoles('solo', ['desk_own'], { department: '客服一部' });
  manager = await t.userWithRoles('svc_mgr', ['manager']);
  sales = await t.userWithRoles('seller', ['sales'], { department: '西溪案场' });
  for (const [login, s] of Object.entries({ centre, desk_a: deskA, desk_a2: deskA2, desk_b: deskB, solo, svc_mgr: manager })) ids[login] = await userId(s);
});
afterAll(async () => { await t?.close(); });

describe('tickets', () => {
  it('opens a ticket assigned to its author in their department, due times from the SLA of its priority, mobile masked in the list, audited', async () => {
    const tk = await ticket(deskA, { contactName: '周女士', contactMobile: '139 1234 5678', priority: 'high' });
    expect(tk).toMatchObject({ status: 'new', assigneeId: ids.desk_a, assigneeName: 'desk_a', department: '客服一部', priority: 'high', contactMobile: '13912345678', firstResponseAt: null });
    expect(tk.ticketNo).toMatch(/^GD\d{8}-\d{6}$/);
    expect(hoursBetween(tk.createdAt, tk.firstResponseDueAt)).toBe(4);
    expect(hoursBetween(tk.createdAt, tk.resolutionDueAt)).toBe(24);
    const list = await ok(deskA.get(`/api/v1/service/tickets?q=${encodeURIComponent('周女士')}`));
    expect(list.items.map((i: { contactMobile: string }) => i.contactMobile)).toEqual(['139****5678']);
    expect((await ok(deskA.get('/api/v1/service/tickets?q=5678'))).items.map((i: { id: number }) => i.id)).toContain(tk.id);
    expect((await auditOf('serviceTicket', tk.id)).map((a) => a.action)).toEqual(['serviceTicket.create']);
  });

  it('recognises the customer by mobile: linked inside the data scope, masked outside it', async () => {
    const cid = (await ok(deskA.post('/api/v1/customers', { name: '陈业主', mobile: '13700007777' }))).id as number;
    const mine = await ok(deskA.post('/api/v1/service/tickets', { type: 'after_sales', channel: 'walk_in', subject: '厨房漏水', description: '厨房水槽下漏水', contactMobile: '13700007777' }));
    expect(mine.customer).toEqual({ customerId: cid, name: '陈业主', inScope: true });
    expect(mine.ticket.customerId).toBe(cid);
    const other = await ok(deskB.post('/api/v1/service/tickets', { type: 'after_sales', channel: 'walk_in', subject: '厨房漏水', description: '同一位客户', contactMobile: '13700007777' }));
    expect(other.customer).toEqual({ customerId: null, name: '陈**', inScope: false });
    expect(other.ticket.customerId).toBeNull();
    // choosing a customer outside one's scope is refused, naming the field
    const r = await deskB.post('/api/v1/service/tickets', { type: 'inquiry', channel: 'phone', subject: 'x', description: 'y', customerId: cid }, en);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ field: 'customerId' });
    expect(r.body.error.details[0].issue).toContain('outside your data scope');
  });

  it('bad input is a 400 naming the field, in zh-CN and en, and nothing is created', async () => {
    const before = (await ok(admin.get('/api/v1/service/tickets?pageSize=1'))).total;
    const noSubject = await deskA.post('/api/v1/service/tickets', { type: 'inquiry', channel: 'phone', description: 'x' });
    expect(noSubject.status).toBe(400);
    expect(noSubject.body.error.details.map((d: { field: string }) => d.field)).toContain('subject');
    const badType = await deskA.post('/api/v1/service/tickets', { type: 'nonsense', channel: 'phone', subject: 's', description: 'd' }, en);
    expect(badType.status).toBe(400);
    expect(badType.body.error.details[0].field).toBe('type');
    const badMobile = await deskA.post('/api/v1/service/tickets', { type: 'inquiry', channel: 'phone', subject: 's', description: 'd', contactMobile: '12345' });
    expect(badMobile.status).toBe(400);
    expect(badMobile.body.error.details[0].field).toBe('contactMobile');
    expect(badMobile.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    const badPriority = await deskA.post('/api/v1/service/tickets', { type: 'inquiry', channel: 'phone', subject: 's', description: 'd', priority: 'asap' });
    expect(badPriority.status).toBe(400);
    expect((await ok(admin.get('/api/v1/service/tickets?pageSize=1'))).total).toBe(before);
  });

  it('the first reply is the first response and takes the ticket up; notes do not; the customer’s words bring it back from waiting', async () => {
    const tk = await ticket(deskA);
    let d = await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/messages`, { kind: 'note', body: '先查一下会员系统' }));
    expect(d).toMatchObject({ status: 'new', firstResponseAt: null });
    d = await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/messages`, { kind: 'reply', body: '您好，可在会员小程序查看积分' }));
    expect(d.status).toBe('in_progress');
    expect(d.firstResponseAt).not.toBeNull();
    const first = d.firstResponseAt;
    d = await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/status`, { status: 'waiting_customer', note: '等客户确认' }));
    expect(d.status).toBe('waiting_customer');
    d = await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/messages`, { kind: 'reply', body: '请问找到了吗？' }));
    expect(d).toMatchObject({ status: 'waiting_customer', firstResponseAt: first });
    d = await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/messages`, { kind: 'customer', body: '找到了，但积分不对' }));
    expect(d.status).toBe('in_progress');
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['note', 'reply', 'status', 'reply', 'customer']);
    expect(d.events[1]).toMatchObject({ fromStatus: 'new', toStatus: 'in_progress', byName: 'desk_a', body: '您好，可在会员小程序查看积分' });
    expect((await auditOf('serviceTicket', tk.id)).map((a) => a.action).sort()).toEqual(
      ['serviceTicket.create', 'serviceTicket.customerMessage', 'serviceTicket.note', 'serviceTicket.reply', 'serviceTicket.reply', 'serviceTicket.status'].sort());
    // a bad move is refused with the states named
    const bad = await deskA.post(`/api/v1/service/tickets/${tk.id}/status`, { status: 'in_progress' }, en);
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toBe(`Ticket ${tk.ticketNo} is in progress; it cannot become in progress`);
  });

  it('resolve with a satisfaction score; once per resolution; close; reopen with a note; a new resolution takes a new survey', async () => {
    const tk = await ticket(deskA, { type: 'after_sales', subject: '门锁故障' });
    const early = await deskA.post(`/api/v1/service/tickets/${tk.id}/survey`, { score: 5 }, en);
    expect(early.status).toBe(422);
    expect(early.body.error.message).toContain('is not resolved');
    let d = await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/resolve`, { resolution: '已上门更换锁芯', survey: { score: 4, comment: '师傅来得快' } }));
    expect(d).toMatchObject({ status: 'resolved', resolution: '已上门更换锁芯', resolveCount: 1, surveyDue: false });
    expect(d.surveys).toMatchObject([{ resolution: 1, score: 4, comment: '师傅来得快', byName: 'desk_a' }]);
    const twice = await deskA.post(`/api/v1/service/tickets/${tk.id}/survey`, { score: 5 }, en);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('already has a satisfaction survey');
    const replyResolved = await deskA.post(`/api/v1/service/tickets/${tk.id}/messages`, { kind: 'reply', body: 'x' });
    expect(replyResolved.status).toBe(422);
    await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/messages`, { kind: 'note', body: '回访已完成' }));
    d = await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/close`, {}));
    expect(d.status).toBe('closed');
    const closedNote = await deskA.post(`/api/v1/service/tickets/${tk.id}/messages`, { kind: 'note', body: 'x' }, en);
    expect(closedNote.status).toBe(422);
    expect(closedNote.body.error.message).toBe(`Ticket ${tk.ticketNo} is closed; reopen it first`);
    const noNote = await deskA.post(`/api/v1/service/tickets/${tk.id}/reopen`, {});
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details[0].field).toBe('note');
    d = await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/reopen`, { note: '客户反映锁又坏了' }));
    expect(d).toMatchObject({ status: 'in_progress', reopenCount: 1, closedAt: null, resolvedAt: null });
    expect(d.events.at(-1)).toMatchObject({ kind: 'reopen', body: '客户反映锁又坏了', fromStatus: 'closed', toStatus: 'in_progress' });
    d = await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/resolve`, { resolution: '更换整套门锁' }));
    expect(d).toMatchObject({ resolveCount: 2, surveyDue: true });
    d = await ok(deskA.post(`/api/v1/service/tickets/${tk.id}/survey`, { score: 2, comment: '修了两次' }));
    expect(d.surveys.map((s: { resolution: number; score: number }) => [s.resolution, s.score])).toEqual([[1, 4], [2, 2]]);
    const badScore = await deskA.post(`/api/v1/service/tickets/${tk.id}/survey`, { score: 6 });
    expect(badScore.status).toBe(400);
    expect(badScore.body.error.details[0].field).toBe('score');
  });

  it('edits an open ticket; a new priority moves the due times', async () => {
    const tk = await ticket(deskA);
    const d = await ok(deskA.patch(`/api/v1/service/tickets/${tk.id}`, { priority: 'urgent', subject: '紧急：电梯困人' }));
    expect(d).toMatchObject({ priority: 'urgent', subject: '紧急：电梯困人' });
    expect(hoursBetween(d.createdAt, d.firstResponseDueAt)).toBe(1);
    expect(hoursBetween(d.createdAt, d.resolutionDueAt)).toBe(8);
    const nothing = await deskA.patch(`/api/v1/service/tickets/${tk.id}`, {});
    expect(nothing.status).toBe(400);
  });
});

describe('data scope', () => {
  it('a department sees its own tickets, another department sees nothing of them (404 on every operation)', async () => {
    const tk = await ticket(deskA, { subject: '一部的工单' });
    expect((await ok(deskA2.get(`/api/v1/service/tickets/${tk.id}`))).subject).toBe('一部的工单');
    const listB = await ok(deskB.get('/api/v1/service/tickets?pageSize=100'));
    expect(listB.items.every((i: { department: string }) => i.department === '客服二部')).toBe(true);
    const ops: [string, string, unknown?][] = [
      ['get', `/api/v1/service/tickets/${tk.id}`],
      ['patch', `/api/v1/service/tickets/${tk.id}`, { subject: 'x' }],
      ['post', `/api/v1/service/tickets/${tk.id}/messages`, { kind: 'reply', body: 'x' }],
      ['post', `/api/v1/service/tickets/${tk.id}/status`, { status: 'in_progress' }],
      ['post', `/api/v1/service/tickets/${tk.id}/resolve`, { resolution: 'x' }],
      ['post', `/api/v1/service/tickets/${tk.id}/survey`, { score: 3 }],
      ['post', `/api/v1/service/tickets/${tk.id}/close`, {}],
      ['post', `/api/v1/service/tickets/${tk.id}/reopen`, { note: 'x' }],
      ['post', `/api/v1/service/tickets/${tk.id}/complaint`, { complaintType: 'sales_service', complaintChannel: 'phone' }],
      ['post', `/api/v1/service/tickets/${tk.id}/articles`, { articleId: 1 }],
      ['delete', `/api/v1/service/tickets/${tk.id}/articles/1`],
    ];
    for (const [m, url, body] of ops) {
      const r = m === 'get' ? await deskB.get(url) : m === 'delete' ? await deskB.delete(url) : await (deskB as any)[m](url, body);
      expect(r.status, `${m} ${url}`).toBe(404);
    }
    const d = await ok(deskA.get(`/api/v1/service/tickets/${tk.id}`));
    expect(d).toMatchObject({ status: 'new', subject: '一部的工单', events: [] });
    // a department user cannot put a ticket into another department
    const out = await deskA.post('/api/v1/service/tickets', { type: 'inquiry', channel: 'phone', subject: 's', description: 'd', department: '客服二部' });
    expect(out.status).toBe(400);
    expect(out.body.error.details[0].field).toBe('department');
  });

  it('an own-scope agent sees only the tickets assigned to them; the statistics and export of another department hold none of them', async () => {
    const theirs = await ticket(deskA, { subject: '别人的' });
    const mine = await ticket(solo, { subject: '自己的' });
    expect(mine.assigneeId).toBe(ids.solo);
    const list = await ok(solo.get('/api/v1/service/tickets?pageSize=100'));
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([mine.id]);
    expect((await solo.get(`/api/v1/service/tickets/${theirs.id}`)).status).toBe(404);
    const assignOther = await solo.post('/api/v1/service/tickets', { type: 'inquiry', channel: 'phone', subject: 's', description: 'd', assigneeId: ids.desk_a });
    expect(assignOther.status).toBe(400);
    expect(assignOther.body.error.details[0].field).toBe('assigneeId');
    expect((await ok(solo.get('/api/v1/service/statistics'))).tickets).toBe(1);
    const csv = String((await solo.get('/api/v1/service/tickets/export?format=csv')).body);
    expect(csv).toContain('自己的');
    expect(csv).not.toContain('别人的');
  });
});

describe('assignment', () => {
  it('reassigns several tickets all or nothing, naming each bad id; then moves them, on the timeline and audited', async () => {
    const a = await ticket(deskA, { subject: '分派甲' });
    const b = await ticket(deskA, { subject: '分派乙' });
    const bOther = await ticket(deskB, { subject: '二部' });
    const bad = await manager.post('/api/v1/service/tickets/assign', { ids: [a.id, 99999, a.id], assigneeId: ids.desk_a2 }, en);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((x: { field: string }) => x.field)).toEqual(['ids.1', 'ids.2']);
    expect(bad.body.error.details[0].issue).toContain('#99999');
    expect((await ok(deskA.get(`/api/v1/service/tickets/${a.id}`))).assigneeId).toBe(ids.desk_a);
    const r = await ok(manager.post('/api/v1/service/tickets/assign', { ids: [a.id, b.id], assigneeId: ids.desk_a2, note: '休假交接' }));
    expect(r).toMatchObject({ assigned: 2, unchanged: 0, assigneeName: 'desk_a2', department: '客服一部' });
    const d = await ok(deskA2.get(`/api/v1/service/tickets/${a.id}`));
    expect(d.assigneeId).toBe(ids.desk_a2);
    expect(d.events.at(-1)).toMatchObject({ kind: 'assign', body: 'desk_a2 · 客服一部 · 休假交接', byName: 'svc_mgr' });
    expect((await auditOf('serviceTicket', b.id)).map((x) => x.action)).toContain('serviceTicket.assign');
    // to another department: the ticket moves out of 一部's sight
    await ok(manager.post(`/api/v1/service/tickets/${bOther.id}/assign`, { assigneeId: ids.desk_a }));
    expect((await ok(deskA.get(`/api/v1/service/tickets/${bOther.id}`))).department).toBe('客服一部');
    expect((await deskB.get(`/api/v1/service/tickets/${bOther.id}`)).status).toBe(404);
  });

  it('offers staff to assign to within the data scope', async () => {
    const logins = (await ok(deskA.get('/api/v1/service/staff'))).map((u: { login: string }) => u.login);
    expect(logins).toEqual(expect.arrayContaining(['desk_a', 'desk_a2', 'solo']));
    expect(logins).not.toContain('desk_b');
    expect((await ok(solo.get('/api/v1/service/staff'))).map((u: { login: string }) => u.login)).toEqual(['solo']);
  });
});

describe('SLA and overdue work', () => {
  it('flags open tickets past their due times (first response, resolution) and lists them; a reply clears the first-response flag', async () => {
    const tk = await ticket(deskB, { subject: '超时测试', priority: 'normal' });
    const replied = await ticket(deskB, { subject: '已回复', priority: 'normal' });
    await ok(deskB.post(`/api/v1/service/tickets/${replied.id}/messages`, { kind: 'reply', body: '收到' }));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.parse(tk.createdAt) + 9 * hour);
      let b = await t.signIn('desk_b', staffPassword); // a session of the later hour
      const over = await ok(b.get('/api/v1/service/tickets?overdue=first_response&pageSize=100'));
      const subjects = over.items.map((i: { subject: string }) => i.subject);
      expect(subjects).toContain('超时测试');
      expect(subjects).not.toContain('已回复');
      expect(over.items.find((i: { id: number }) => i.id === tk.id)).toMatchObject({ firstResponseOverdue: true, resolutionOverdue: false });
      expect((await ok(b.get('/api/v1/service/tickets?overdue=resolution&pageSize=100'))).items.map((i: { id: number }) => i.id)).not.toContain(tk.id);
      vi.setSystemTime(Date.parse(tk.createdAt) + 73 * hour);
      b = await t.signIn('desk_b', staffPassword);
      const late = await ok(b.get('/api/v1/service/tickets?overdue=resolution&pageSize=100'));
      expect(late.items.map((i: { subject: string }) => i.subject)).toEqual(expect.arrayContaining(['已回复', '超时测试']));
      expect(late.items.find((i: { subject: string }) => i.subject === '已回复')).toMatchObject({ firstResponseOverdue: false, resolutionOverdue: true });
      // the home page's to-do counts the assignee's own overdue open tickets; a user without service.write has none
      const mineOverdue = (await ok(b.get('/api/v1/service/tickets?overdue=any&mine=true&pageSize=1'))).total;
      expect(mineOverdue).toBeGreaterThanOrEqual(2);
      expect((await ok(b.get('/api/v1/home'))).todos.ticketsOverdue).toBe(mineOverdue);
      expect(Object.keys((await ok((await t.signIn('svc_mgr', staffPassword)).get('/api/v1/home'))).todos)).not.toContain('ticketsOverdue');
      // resolved, it is no longer overdue
      await ok(b.post(`/api/v1/service/tickets/${tk.id}/resolve`, { resolution: '已处理' }));
      expect((await ok(b.get('/api/v1/home'))).todos.ticketsOverdue).toBe(mineOverdue - 1);
      expect((await ok(b.get('/api/v1/service/tickets?overdue=any&pageSize=100'))).items.map((i: { id: number }) => i.id)).not.toContain(tk.id);
    } finally { vi.useRealTimers(); }
  });

  it('lists the open tickets whose resolution falls due today in the company time zone', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // 15:00 UTC = 23:00 in Shanghai: an urgent ticket (8 h) falls due tomorrow there, though still today in UTC
      vi.setSystemTime(new Date('2031-03-10T15:00:00Z'));
      const desk = await t.userWithRoles('due_desk', ['desk_dept'], { department: '夜班' });
      const late = await ticket(desk, { subject: '夜间紧急', priority: 'urgent' });
      vi.setSystemTime(new Date('2031-03-10T16:30:00Z')); // 00:30 on 11 March in Shanghai
      const early = await ticket(desk, { subject: '凌晨紧急', priority: 'urgent' }); // due 08:30 the same Shanghai day
      const today = await ok(desk.get('/api/v1/service/tickets?dueToday=true'));
      expect(today.items.map((i: { id: number }) => i.id).sort()).toEqual([late.id, early.id].sort());
      vi.setSystemTime(new Date('2031-03-10T15:30:00Z')); // 23:30 on 10 March in Shanghai: neither falls due that day
      expect((await ok(desk.get('/api/v1/service/tickets?dueToday=true'))).items).toEqual([]);
    } finally { vi.useRealTimers(); }
  });

  it('the administrator changes the service levels (checked, audited); new tickets take them', async () => {
    const sla = await ok(deskA.get('/api/v1/service/sla'));
    expect(sla.normal).toEqual({ firstResponseHours: 8, resolutionHours: 72 });
    const bad = await manager.patch('/api/v1/service/sla', { ...sla, low: { firstResponseHours: 48, resolutionHours: 24 } }, en);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'low.resolutionHours' });
    expect(bad.body.error.details[0].issue).toContain('cannot be shorter');
    const next = await ok(manager.patch('/api/v1/service/sla', { ...sla, low: { firstResponseHours: 12, resolutionHours: 120 } }));
    expect(next.low).toEqual({ firstResponseHours: 12, resolutionHours: 120 });
    const tk = await ticket(deskA, { priority: 'low' });
    expect(hoursBetween(tk.createdAt, tk.firstResponseDueAt)).toBe(12);
    expect((await auditOf('serviceSla', 1)).map((a) => a.action)).toEqual(['serviceSla.update']);
    expect((await deskA.patch('/api/v1/service/sla', sla)).status).toBe(403);
  });
});

describe('complaints', () => {
  it('a complaint ticket becomes a complaint through the complaints module, once; other types cannot', async () => {
    const inquiry = await ticket(centre);
    const notType = await centre.post(`/api/v1/service/tickets/${inquiry.id}/complaint`, { complaintType: 'sales_service', complaintChannel: 'phone' }, en);
    expect(notType.status).toBe(400);
    expect(notType.body.error.details[0].field).toBe('type');
    const tk = await ticket(centre, { type: 'complaint', subject: '物业服务差', description: '保安态度恶劣', contactName: '吴先生', contactMobile: '13600006666', priority: 'high' });
    const noType = await centre.post(`/api/v1/service/tickets/${tk.id}/complaint`, { complaintChannel: 'phone' });
    expect(noType.status).toBe(400);
    expect(noType.body.error.details[0].field).toBe('complaintType');
    const r = await ok(centre.post(`/api/v1/service/tickets/${tk.id}/complaint`, { complaintType: 'property_management', complaintChannel: 'phone' }));
    expect(r.created).toBe(true);
    expect(r.complaintNo).toMatch(/^TS\d{8}-\d{6}$/);
    const c = await ok(centre.get(`/api/v1/complaints/${r.complaintId}`));
    expect(c).toMatchObject({ complainantName: '吴先生', type: 'property_management', importance: 'high', status: 'pending' });
    expect(c.content).toContain('保安态度恶劣');
    const d = await ok(centre.get(`/api/v1/service/tickets/${tk.id}`));
    expect(d.complaintId).toBe(r.complaintId);
    expect(d.events.at(-1)).toMatchObject({ kind: 'complaint', body: r.complaintNo });
    const again = await centre.post(`/api/v1/service/tickets/${tk.id}/complaint`, { complaintId: r.complaintId });
    expect(again.status).toBe(409);
    // another complaint ticket is linked to the same complaint
    const tk2 = await ticket(centre, { type: 'complaint', subject: '同一投诉再次来电' });
    const linked = await ok(centre.post(`/api/v1/service/tickets/${tk2.id}/complaint`, { complaintId: r.complaintId }));
    expect(linked).toEqual({ complaintId: r.complaintId, complaintNo: r.complaintNo, created: false });
  });

  it('without complaint.manage the hand-over is refused and nothing is made', async () => {
    const tk = await ticket(deskA, { type: 'complaint' });
    const r = await deskA.post(`/api/v1/service/tickets/${tk.id}/complaint`, { complaintType: 'sales_service', complaintChannel: 'phone' });
    expect(r.status).toBe(403);
    expect((await ok(deskA.get(`/api/v1/service/tickets/${tk.id}`))).complaintId).toBeNull();
  });
});

describe('knowledge base', () => {
  it('a draft is written, seen by writers and not by readers, published by a manager, searched in Chinese, counted when opened, linked to a ticket', async () => {
    const a = await ok(centre.post('/api/v1/service/articles', { category: 'repair', title: '房屋保修期限说明', body: '防水工程保修五年，电气管线保修两年。', tags: ['保修', '交付', '保修'] }));
    expect(a).toMatchObject({ status: 'draft', tags: ['保修', '交付'], viewCount: 0 });
    expect((await ok(centre.get('/api/v1/service/articles?q=保修'))).items.map((i: { id: number }) => i.id)).toContain(a.id);
    expect((await ok(manager.get('/api/v1/service/articles?q=保修'))).items.map((i: { id: number }) => i.id)).toContain(a.id);
    const readerRole = await ok(admin.post('/api/v1/roles', { code: 'kb_reader', nameZh: '只读', nameEn: 'Reader', dataScope: 'all', permissions: ['service.read'] }));
    expect(readerRole.code).toBe('kb_reader');
    const reader = await t.userWithRoles('kb_reader_user', ['kb_reader']);
    expect((await ok(reader.get('/api/v1/service/articles?q=保修'))).items).toEqual([]);
    expect((await reader.get(`/api/v1/service/articles/${a.id}`)).status).toBe(404);
    const tk = await ticket(centre, { type: 'after_sales', subject: '卫生间渗水' });
    const draftLink = await centre.post(`/api/v1/service/tickets/${tk.id}/articles`, { articleId: a.id }, en);
    expect(draftLink.status).toBe(400);
    expect(draftLink.body.error.details[0].field).toBe('articleId');
    expect((await centre.post(`/api/v1/service/articles/${a.id}/publish`)).status).toBe(403);
    expect((await ok(manager.post(`/api/v1/service/articles/${a.id}/publish`))).status).toBe('published');
    for (const q of ['保修', '电气管线', '交付', '房屋 五年']) {
      expect((await ok(reader.get(`/api/v1/service/articles?q=${encodeURIComponent(q)}`))).items.map((i: { id: number }) => i.id), q).toEqual([a.id]);
    }
    expect((await ok(reader.get(`/api/v1/service/articles?q=${encodeURIComponent('物业费')}`))).items).toEqual([]);
    expect((await ok(reader.get(`/api/v1/service/articles?tag=${encodeURIComponent('交付')}`))).items.map((i: { id: number }) => i.id)).toEqual([a.id]);
    await ok(reader.get(`/api/v1/service/articles/${a.id}`));
    expect((await ok(reader.get(`/api/v1/service/articles/${a.id}`))).viewCount).toBe(2);
    const d = await ok(centre.post(`/api/v1/service/tickets/${tk.id}/articles`, { articleId: a.id }));
    expect(d.articles).toMatchObject([{ id: a.id, title: '房屋保修期限说明', linkedBy: 'centre' }]);
    expect(d.events.at(-1)).toMatchObject({ kind: 'article', body: '房屋保修期限说明' });
    expect((await centre.post(`/api/v1/service/tickets/${tk.id}/articles`, { articleId: a.id })).status).toBe(409);
    expect((await ok(reader.get(`/api/v1/service/articles/${a.id}`))).tickets).toBe(1);
    const un = await ok(centre.delete(`/api/v1/service/tickets/${tk.id}/articles/${a.id}`));
    expect(un.articles).toEqual([]);
    // published: only a manager edits it; bad category names the field
    expect((await centre.patch(`/api/v1/service/articles/${a.id}`, { title: '改' })).status).toBe(403);
    const badCat = await admin.patch(`/api/v1/service/articles/${a.id}`, { category: 'nope' });
    expect(badCat.status).toBe(400);
    expect(badCat.body.error.details[0].field).toBe('category');
    expect((await ok(admin.patch(`/api/v1/service/articles/${a.id}`, { title: '房屋保修期限（2026版）' }))).title).toBe('房屋保修期限（2026版）');
    expect((await ok(manager.post(`/api/v1/service/articles/${a.id}/unpublish`))).status).toBe('draft');
    await ok(manager.delete(`/api/v1/service/articles/${a.id}`));
    expect((await manager.get(`/api/v1/service/articles/${a.id}`)).status).toBe(404);
    expect((await auditOf('serviceArticle', a.id)).map((x) => x.action).sort()).toEqual(
      ['serviceArticle.create', 'serviceArticle.delete', 'serviceArticle.publish', 'serviceArticle.unpublish', 'serviceArticle.update'].sort());
  });

  it('searching for a percent sign or underscore matches them literally', async () => {
    const a = await ok(centre.post('/api/v1/service/articles', { category: 'points', title: '积分 100% 到账', body: '说明' }));
    const hits = (await ok(centre.get(`/api/v1/service/articles?q=${encodeURIComponent('100%')}`))).items.map((i: { id: number }) => i.id);
    expect(hits).toEqual([a.id]);
    expect((await ok(centre.get(`/api/v1/service/articles?q=${encodeURIComponent('%')}`))).items.map((i: { id: number }) => i.id)).toEqual([a.id]);
  });
});

describe('statistics', () => {
  it('response and resolution times, rates and satisfaction, in all, by type and by company month', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t0 = Date.parse('2031-05-31T16:30:00Z'); // 00:30 on 1 June in Shanghai (still May in UTC)
      vi.setSystemTime(t0);
      const stats = await t.userWithRoles('stats_desk', ['desk_dept'], { department: '统计组' });
      const a = await ticket(stats, { type: 'after_sales', priority: 'normal' }); // due: 8 h reply, 72 h resolve
      const b = await ticket(stats, { type: 'after_sales', priority: 'urgent' }); // due: 1 h reply, 8 h resolve
      const c = await ticket(stats, { type: 'inquiry', priority: 'normal' });
      vi.setSystemTime(t0 + 2 * hour);
      await ok(stats.post(`/api/v1/service/tickets/${a.id}/messages`, { kind: 'reply', body: '已安排' }));
      await ok(stats.post(`/api/v1/service/tickets/${b.id}/messages`, { kind: 'reply', body: '已安排' })); // late: due in 1 h
      vi.setSystemTime(t0 + 6 * hour);
      await ok(stats.post(`/api/v1/service/tickets/${a.id}/resolve`, { resolution: '修好', survey: { score: 5 } }));
      vi.setSystemTime(t0 + 10 * hour);
      await ok(stats.post(`/api/v1/service/tickets/${b.id}/resolve`, { resolution: '修好', survey: { score: 2 } })); // late: due in 8 h
      const s = await ok(stats.get('/api/v1/service/statistics'));
      expect(s).toMatchObject({
        tickets: 3, resolved: 2, resolutionRate: 0.667, onTimeRate: 0.5, firstResponseOnTimeRate: 0.5,
        firstResponseHours: { average: 2, median: 2 }, resolutionHours: { average: 8, median: 8 }, surveys: 2, satisfaction: 3.5,
      });
      expect(s.byType).toMatchObject([
        { type: 'after_sales', tickets: 2, resolved: 2, resolutionRate: 1, satisfaction: 3.5 },
        { type: 'inquiry', tickets: 1, resolved: 0, resolutionRate: 0, satisfaction: null, resolutionHours: { average: null, median: null } },
      ]);
      expect(s.byMonth).toMatchObject([{ month: '2031-06', tickets: 3 }]);
      expect((await ok(stats.get('/api/v1/service/statistics?from=2031-06-02'))).tickets).toBe(0);
      expect((await ok(stats.get('/api/v1/service/statistics?from=2031-06-01&to=2031-06-01'))).tickets).toBe(3);
      const rev = await stats.get('/api/v1/service/statistics?from=2031-06-02&to=2031-06-01');
      expect(rev.status).toBe(400);
      expect(rev.body.error.details[0].field).toBe('from');
      expect(c.status).toBe('new');
    } finally { vi.useRealTimers(); }
  });
});

describe('export', () => {
  it('exports the tickets in scope, mobiles masked without pii.export, audited', async () => {
    await ticket(deskB, { subject: '导出二部', contactMobile: '13500005555' });
    const csv = String((await ok(deskB.get('/api/v1/service/tickets/export?format=csv'))));
    expect(csv).toContain('导出二部');
    expect(csv).toContain('135****5555');
    expect(csv).not.toContain('13500005555');
    expect(csv).not.toContain('一部的工单');
    expect(String(await ok(admin.get('/api/v1/service/tickets/export?format=csv')))).toContain('13500005555');
    const line = (await admin.get('/api/v1/audit?action=export&pageSize=1')).body.items[0];
    expect(line).toMatchObject({ action: 'export' });
  });
});

describe('permissions: every route', () => {
  type Need = 'service.read' | 'service.write' | 'service.assign' | 'service.manage';
  const routes: [method: 'get' | 'post' | 'patch' | 'delete', url: string, need: Need, body?: unknown][] = [
    ['get', '/api/v1/service/tickets', 'service.read'],
    ['get', '/api/v1/service/tickets/export', 'service.read'],
    ['post', '/api/v1/service/tickets', 'service.write', { type: 'inquiry', channel: 'phone', subject: 'x', description: 'y' }],
    ['get', '/api/v1/service/tickets/1', 'service.read'],
    ['patch', '/api/v1/service/tickets/1', 'service.write', { subject: 'x' }],
    ['post', '/api/v1/service/tickets/1/messages', 'service.write', { kind: 'note', body: 'x' }],
    ['post', '/api/v1/service/tickets/1/status', 'service.write', { status: 'in_progress' }],
    ['post', '/api/v1/service/tickets/1/resolve', 'service.write', { resolution: 'x' }],
    ['post', '/api/v1/service/tickets/1/survey', 'service.write', { score: 3 }],
    ['post', '/api/v1/service/tickets/1/close', 'service.write', {}],
    ['post', '/api/v1/service/tickets/1/reopen', 'service.write', { note: 'x' }],
    ['post', '/api/v1/service/tickets/1/complaint', 'service.write', { complaintId: 1 }],
    ['post', '/api/v1/service/tickets/1/assign', 'service.assign', { assigneeId: 1 }],
    ['post', '/api/v1/service/tickets/assign', 'service.assign', { ids: [1], assigneeId: 1 }],
    ['post', '/api/v1/service/tickets/1/articles', 'service.write', { articleId: 1 }],
    ['delete', '/api/v1/service/tickets/1/articles/1', 'service.write'],
    ['get', '/api/v1/service/staff', 'service.read'],
    ['get', '/api/v1/service/statistics', 'service.read'],
    ['get', '/api/v1/service/sla', 'service.read'],
    ['patch', '/api/v1/service/sla', 'service.manage', { low: { firstResponseHours: 1, resolutionHours: 2 }, normal: { firstResponseHours: 1, resolutionHours: 2 }, high: { firstResponseHours: 1, resolutionHours: 2 }, urgent: { firstResponseHours: 1, resolutionHours: 2 } }],
    ['get', '/api/v1/service/articles', 'service.read'],
    ['post', '/api/v1/service/articles', 'service.write', { category: 'other', title: 'x', body: 'y' }],
    ['get', '/api/v1/service/articles/1', 'service.read'],
    ['patch', '/api/v1/service/articles/1', 'service.write', { title: 'x' }],
    ['post', '/api/v1/service/articles/1/publish', 'service.manage'],
    ['post', '/api/v1/service/articles/1/unpublish', 'service.manage'],
    ['delete', '/api/v1/service/articles/1', 'service.manage'],
  ];
  const call = (s: Session, method: string, url: string, body?: unknown) =>
    method === 'get' ? s.get(url) : method === 'delete' ? s.delete(url) : (s as any)[method](url, body);

  it('lists every service operation of the API document here', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/v1/service/'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p.replace('{id}', '1').replace('{articleId}', '1')}`)).sort();
    expect(routes.map(([m, u]) => `${m} ${u}`).sort()).toEqual(documented);
  });

  it('401 signed out, 403 without the permission (nothing is written)', async () => {
    const before = (await ok(admin.get('/api/v1/service/tickets?pageSize=1'))).total;
    const sla = await ok(admin.get('/api/v1/service/sla'));
    for (const [method, url, need, body] of routes) {
      expect((await call(t.anonymous, method, url, body)).status, `${method} ${url} signed out`).toBe(401);
      expect((await call(sales, method, url, body)).status, `${method} ${url} without ${need}`).toBe(403);
      // the manager reads, assigns and manages but does not write; the desk writes but neither assigns nor manages
      const holder = need === 'service.write' ? manager : need === 'service.assign' || need === 'service.manage' ? deskA : null;
      if (holder) expect((await call(holder, method, url, body)).status, `${method} ${url} without ${need}`).toBe(403);
    }
    expect((await ok(admin.get('/api/v1/service/tickets?pageSize=1'))).total).toBe(before);
    expect(await ok(admin.get('/api/v1/service/sla'))).toEqual(sla);
  });
});
