import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffPassword, startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { describeOnPostgres } from '../../../test/helpers/db.ts';
import { makeMember, type FixtureMember } from './test-fixtures.ts';
import { remindOverdueSteps } from './queries.ts';

let t: TestApp;
let admin: Session;
let service: Session;
let zhang: FixtureMember;
let li: FixtureMember;
const staff: Record<string, number> = {};

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const hoursAhead = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

async function user(login: string, name: string, department: string, extra: Record<string, unknown> = {}) {
  const r = await admin.post('/api/v1/users', { login, name, department, password: staffPassword, roleIds: [], ...extra });
  expect(r.status).toBe(200);
  staff[login] = r.body.id;
  return r.body.id as number;
}

async function receive(s: Session, body: Record<string, unknown>) {
  const r = await s.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '默认内容', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function step(s: Session, id: number, body: Record<string, unknown>) {
  const r = await s.post(`/api/v1/complaints/${id}/steps`, { handlerId: staff.wang, opinion: '已联系工程部上门查看', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function count(s: Session, query = '') {
  return (await s.get(`/api/v1/complaints?pageSize=1${query}`)).body.total as number;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  service = await t.userWithRoles('kefu1', ['service'], { department: '客服中心' });
  await user('wang', '王工', '工程部', { email: 'wang@example.com' });
  await user('zhao', '赵经理', '物业公司', { mobile: '13800000001' });
  zhang = await makeMember(t, { name: '张三丰', mobile: '13900000001', level: 'vip' });
  li = await makeMember(t, { name: '李四', mobile: '13900000002' });
});
afterAll(async () => { await t?.close(); });

describe('receipt (受理)', () => {
  it('receives a phone complaint from a member found by card number: pending, numbered, the member and receiver recorded, audited', async () => {
    const c = await receive(service, { cardNo: zhang.cardNo, content: '卫生间天花板漏水，多次报修未果', importance: 'high' });
    expect(c).toMatchObject({ status: 'pending', memberId: zhang.id, cardNo: zhang.cardNo, complainantName: '张三丰', complainantPhone: '13900000001', importance: 'high', channel: 'phone' });
    expect(c.complaintNo).toMatch(/^TS\d{8}-\d{6}$/);
    const page = await service.get(`/api/v1/complaints/${c.id}`);
    expect(page.body).toMatchObject({ memberNo: zhang.memberNo, receiverName: 'kefu1', steps: [], events: [{ kind: 'received' }] });
    const audit = await admin.get(`/api/v1/audit?entityType=complaint&entityId=${c.id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['complaint.receive']);
  });

  it('takes a non-member complainant by name, and a member by id (the card then is the active main card)', async () => {
    const walkIn = await receive(service, { channel: 'visit', type: 'sales_service', complainantName: '路人甲', complainantPhone: '021-5555 6666', content: '售楼处接待态度差' });
    expect(walkIn).toMatchObject({ memberId: null, complainantName: '路人甲', cardNo: null });
    const byId = await receive(service, { memberId: li.id, content: '物业费收费不透明', type: 'property_management' });
    expect(byId).toMatchObject({ memberId: li.id, cardNo: li.cardNo, complainantName: '李四' });
    const byNo = await receive(service, { memberNo: zhang.memberNo, content: '会员号受理' });
    expect(byNo).toMatchObject({ memberId: zhang.id, cardNo: zhang.cardNo });
    const unknownNo = await service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: 'x', memberNo: 'M-NONE' });
    expect(unknownNo.body.error.details).toEqual([{ field: 'memberNo', issue: '没有这个会员号：M-NONE' }]);
  });

  it('offers the active staff as receivers and handlers, searchable by name or department', async () => {
    const all = (await service.get('/api/v1/complaints/staff')).body;
    expect(all).toEqual(expect.arrayContaining([{ id: staff.wang, name: '王工', login: 'wang', department: '工程部' }]));
    expect((await service.get(`/api/v1/complaints/staff?search=${encodeURIComponent('物业')}`)).body.map((u: { name: string }) => u.name)).toEqual(['赵经理']);
  });

  it('refuses bad receipts with a localised 400 naming the field, and records nothing', async () => {
    const before = await count(admin);
    const badChannel = await service.post('/api/v1/complaints', { channel: 'pigeon', type: 'house_quality', content: 'x', memberId: zhang.id });
    expect(badChannel.status).toBe(400);
    expect(badChannel.body.error.details).toEqual([{ field: 'channel', issue: '不是数据字典“投诉渠道”中有效的值：pigeon' }]);
    expect(badChannel.body.error.message).toContain('渠道（channel）');
    const badType = await service.post('/api/v1/complaints', { channel: 'phone', type: 'weather', content: 'x', memberId: zhang.id }, { 'accept-language': 'en' });
    expect(badType.status).toBe(400);
    expect(badType.body.error.message).toBe('Invalid request: type (type) is not an active value of dictionary "Complaint types": weather');
    const badCard = await service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: 'x', cardNo: 'NO-SUCH' });
    expect(badCard.body.error.details[0]).toEqual({ field: 'cardNo', issue: '没有这张卡：NO-SUCH' });
    const mismatch = await service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: 'x', cardNo: zhang.cardNo, memberId: li.id });
    expect(mismatch.body.error.details[0].field).toBe('cardNo');
    const nobody = await service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: 'x' });
    expect(nobody.body.error.details[0].field).toBe('complainantName');
    const future = await service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: 'x', memberId: li.id, receivedAt: hoursAhead(3) }, { 'accept-language': 'en' });
    expect(future.body.error.message).toBe('Invalid request: receipt time (receivedAt) cannot be in the future');
    const empty = await service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '   ', memberId: li.id });
    expect(empty.body.error.details[0].field).toBe('content');
    expect(await count(admin)).toBe(before);
  });

  it('a deactivated dictionary value is refused for new complaints; a used custom value can only be deactivated', async () => {
    const custom = await admin.post('/api/v1/dictionaries', { kind: 'complaint_type', code: 'parking', labelZh: '停车', labelEn: 'Parking' });
    expect(custom.status).toBe(200);
    await receive(service, { memberId: li.id, type: 'parking', content: '车位被占' });
    const del = await admin.delete(`/api/v1/dictionaries/${custom.body.id}`);
    expect(del.status).toBe(422);
    expect(del.body.error.code).toBe('DICTIONARY_VALUE_IN_USE');
    await admin.patch(`/api/v1/dictionaries/${custom.body.id}`, { active: false });
    const r = await service.post('/api/v1/complaints', { channel: 'phone', type: 'parking', content: '又被占了', memberId: li.id });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe('type');
  });

  it('needs complaint.manage', async () => {
    const sales = await t.userWithRoles('sales9', ['sales']);
    expect((await sales.get('/api/v1/complaints')).status).toBe(403);
    expect((await sales.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: 'x', memberId: li.id })).status).toBe(403);
  });
});

describe('state machine: pending → processing → done (→ reopened)', () => {
  it('moves through the states; closing needs every step finished; a closed complaint takes no step; reopening brings it back', async () => {
    const c = await receive(service, { memberId: zhang.id, content: '外墙渗水', receivedAt: hoursAgo(5) });
    const early = await service.post(`/api/v1/complaints/${c.id}/close`, {});
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('COMPLAINT_NO_STEPS');

    const s1 = await step(service, c.id, { stepAt: hoursAgo(4), expectedFinishAt: hoursAhead(24) });
    expect(s1).toMatchObject({ seq: 1, department: '工程部', finishedAt: null });
    expect((await service.get(`/api/v1/complaints/${c.id}`)).body.status).toBe('processing');
    const s2 = await step(service, c.id, { handlerId: staff.zhao, department: '物业一部', opinion: '物业协调邻居' });
    expect(s2).toMatchObject({ seq: 2, department: '物业一部', expectedFinishAt: null });

    const open = await service.post(`/api/v1/complaints/${c.id}/close`, {}, { 'accept-language': 'en' });
    expect(open.status).toBe(422);
    expect(open.body.error).toMatchObject({ code: 'COMPLAINT_OPEN_STEPS' });
    expect(open.body.error.message).toContain('2 unfinished step(s) (no. 1, 2)');

    const f1 = await service.post(`/api/v1/complaints/${c.id}/steps/${s1.id}/finish`, { note: '已修复' });
    expect(f1.status).toBe(200);
    expect(f1.body.finishNote).toBe('已修复');
    const again = await service.post(`/api/v1/complaints/${c.id}/steps/${s1.id}/finish`, {});
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('COMPLAINT_STEP_FINISHED');
    await service.post(`/api/v1/complaints/${c.id}/steps/${s2.id}/finish`, {});

    const closed = await service.post(`/api/v1/complaints/${c.id}/close`, { note: '已告知会员处理结果' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'done', closeNote: '已告知会员处理结果' });
    expect(closed.body.closedAt).toBeTruthy();

    const late = await service.post(`/api/v1/complaints/${c.id}/steps`, { handlerId: staff.wang, opinion: '再看看' });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('COMPLAINT_CLOSED');
    expect(late.body.error.message).toBe(`投诉 ${c.complaintNo} 已关闭（完成），不能再添加处理步骤；如需继续处理请先重新打开`);
    expect(late.body.error.details[0].field).toBe('status');
    const lateEn = await service.post(`/api/v1/complaints/${c.id}/steps`, { handlerId: staff.wang, opinion: '再看看' }, { 'accept-language': 'en' });
    expect(lateEn.body.error.message).toBe(`Complaint ${c.complaintNo} is closed (done); it cannot take new steps — reopen it first`);
    expect((await service.patch(`/api/v1/complaints/${c.id}`, { importance: 'urgent' })).status).toBe(422);
    expect((await service.post(`/api/v1/complaints/${c.id}/close`, {})).body.error.code).toBe('COMPLAINT_CLOSED');
    const page = await service.get(`/api/v1/complaints/${c.id}`);
    expect(page.body.steps).toHaveLength(2);
    expect(page.body.importance).toBe('normal');

    expect((await service.post(`/api/v1/complaints/${c.id}/reopen`, {})).status).toBe(400);
    const reopened = await service.post(`/api/v1/complaints/${c.id}/reopen`, { reason: '会员反映仍在渗水' });
    expect(reopened.body).toMatchObject({ status: 'processing', closedAt: null, reopenCount: 1 });
    expect((await service.post(`/api/v1/complaints/${c.id}/reopen`, { reason: 'x' })).body.error.code).toBe('COMPLAINT_NOT_CLOSED');
    const s3 = await step(service, c.id, { opinion: '二次维修' });
    expect(s3.seq).toBe(3);
    const events = (await service.get(`/api/v1/complaints/${c.id}`)).body.events.map((e: { kind: string }) => e.kind);
    expect(events).toEqual(['received', 'step_added', 'step_added', 'step_finished', 'step_finished', 'closed', 'reopened', 'step_added']);
    const audit = await admin.get(`/api/v1/audit?entityType=complaint&entityId=${c.id}&pageSize=50`);
    expect(audit.body.items.map((a: { action: string }) => a.action).reverse()).toEqual([
      'complaint.receive', 'complaint.step.add', 'complaint.step.add', 'complaint.close', 'complaint.reopen', 'complaint.step.add',
    ]);
  });

  it('refuses a step whose expected finish is not after its time, a step before the receipt, an unknown handler; nothing changes', async () => {
    const c = await receive(service, { memberId: li.id, content: '电梯噪音', receivedAt: hoursAgo(10) });
    const badDue = await service.post(`/api/v1/complaints/${c.id}/steps`, { handlerId: staff.wang, opinion: 'x', stepAt: hoursAgo(2), expectedFinishAt: hoursAgo(3) });
    expect(badDue.status).toBe(400);
    expect(badDue.body.error.details[0].field).toBe('expectedFinishAt');
    expect(badDue.body.error.message).toMatch(/^请求有误：预计完成时间（expectedFinishAt）：预计完成时间必须晚于处理时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const badDueEn = await service.post(`/api/v1/complaints/${c.id}/steps`, { handlerId: staff.wang, opinion: 'x', expectedFinishAt: hoursAgo(1) }, { 'accept-language': 'en' });
    expect(badDueEn.body.error.message).toMatch(/^Invalid request: expected finish \(expectedFinishAt\) must be after the step time/);
    const beforeReceipt = await service.post(`/api/v1/complaints/${c.id}/steps`, { handlerId: staff.wang, opinion: 'x', stepAt: hoursAgo(11) });
    expect(beforeReceipt.body.error.details[0].field).toBe('stepAt');
    const ghost = await service.post(`/api/v1/complaints/${c.id}/steps`, { handlerId: 99999, opinion: 'x' });
    expect(ghost.body.error.details[0]).toEqual({ field: 'handlerId', issue: '没有这个在职用户：#99999' });
    const badDate = await service.post(`/api/v1/complaints/${c.id}/steps`, { handlerId: staff.wang, opinion: 'x', expectedFinishAt: 'next tuesday' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0].field).toBe('expectedFinishAt');
    const page = await service.get(`/api/v1/complaints/${c.id}`);
    expect(page.body).toMatchObject({ status: 'pending', steps: [] });
    expect((await service.get('/api/v1/complaints/99999')).status).toBe(404);
  });

  it('a finish time before the step time is refused', async () => {
    const c = await receive(service, { memberId: li.id, content: '门禁卡失灵', receivedAt: hoursAgo(10) });
    const s = await step(service, c.id, { stepAt: hoursAgo(5) });
    const r = await service.post(`/api/v1/complaints/${c.id}/steps/${s.id}/finish`, { finishedAt: hoursAgo(6) });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe('finishedAt');
    expect((await service.get(`/api/v1/complaints/${c.id}`)).body.steps[0].finishedAt).toBeNull();
  });
});

describe('goodwill points (补偿积分)', () => {
  it('posts a ledger entry whose event is the complaint; a replay with the same Idempotency-Key posts nothing more; the ledger stays consistent', async () => {
    const c = await receive(service, { memberId: zhang.id, content: '物业维修人员态度恶劣' });
    const before = (await admin.get(`/api/v1/members/${zhang.id}/points`)).body.balance as number;
    const key = { 'idempotency-key': `goodwill-${c.id}` };
    const g = await service.post(`/api/v1/complaints/${c.id}/goodwill`, { points: 200, reason: '致歉补偿' }, key);
    expect(g.status, JSON.stringify(g.body)).toBe(200);
    expect(g.body).toMatchObject({ points: 200, memberId: zhang.id, entryState: 'posted' });
    const replay = await service.post(`/api/v1/complaints/${c.id}/goodwill`, { points: 200, reason: '致歉补偿' }, key);
    expect(replay.body.id).toBe(g.body.id);
    expect((await admin.get(`/api/v1/members/${zhang.id}/points`)).body.balance).toBe(before + 200);
    const entries = await admin.get(`/api/v1/points/entries?sourceType=complaint&sourceId=${c.id}`);
    expect(entries.body.items).toHaveLength(1);
    expect(entries.body.items[0]).toMatchObject({ id: g.body.entryId, memberId: zhang.id, amount: 200, state: 'posted', sourceType: 'complaint', sourceId: c.id });
    const page = await service.get(`/api/v1/complaints/${c.id}`);
    expect(page.body.goodwill).toMatchObject([{ points: 200, reason: '致歉补偿', entryId: g.body.entryId }]);
    expect(page.body.events.map((e: { kind: string }) => e.kind)).toContain('goodwill');
    expect((await admin.get('/api/v1/points/verify')).body).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses goodwill without a member, or a bad amount; manual points naming a complaint of another member are refused', async () => {
    const walkIn = await receive(service, { complainantName: '路人乙', content: '停车场收费不合理' });
    const none = await service.post(`/api/v1/complaints/${walkIn.id}/goodwill`, { points: 50, reason: 'x' });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('COMPLAINT_NO_MEMBER');
    const c = await receive(service, { memberId: li.id, content: '快递柜故障' });
    const zero = await service.post(`/api/v1/complaints/${c.id}/goodwill`, { points: 0, reason: 'x' });
    expect(zero.status).toBe(400);
    expect(zero.body.error.details[0].field).toBe('points');
    expect((await service.get(`/api/v1/complaints/${c.id}`)).body.goodwill).toEqual([]);
    const other = await admin.post('/api/v1/points/entries', { memberId: zhang.id, amount: 10, sourceType: 'complaint', sourceId: c.id, reason: '错的会员' });
    expect(other.status).toBe(400);
    expect(other.body.error.details[0].field).toBe('sourceId');
    const right = await admin.post('/api/v1/points/entries', { memberId: li.id, amount: 10, sourceType: 'complaint', sourceId: c.id, reason: '手工补偿' });
    expect(right.status, JSON.stringify(right.body)).toBe(200);
  });
});

/** Reminders of a step in the notify outbox, read through its API. */
async function reminderNotices(stepId: number) {
  const list = await admin.get('/api/v1/notices?purpose=complaint_overdue&pageSize=500');
  expect(list.status).toBe(200);
  return list.body.items.filter((n: { refType: string; refId: number }) => n.refType === 'complaint_step' && n.refId === stepId);
}

describe('overdue steps and reminders', () => {
  it('lists unfinished steps past their expected finish; one reminder per step to its handler, never twice', async () => {
    const c = await receive(service, { memberId: zhang.id, content: '地下车库积水严重', receivedAt: hoursAgo(72), importance: 'urgent' });
    const late = await step(service, c.id, { stepAt: hoursAgo(70), expectedFinishAt: hoursAgo(24), opinion: '排水泵检修' });
    const onTime = await step(service, c.id, { handlerId: staff.zhao, stepAt: hoursAgo(60), expectedFinishAt: hoursAhead(48), opinion: '物业巡查' });
    const finishedLate = await step(service, c.id, { stepAt: hoursAgo(50), expectedFinishAt: hoursAgo(40), opinion: '清理积水' });
    await service.post(`/api/v1/complaints/${c.id}/steps/${finishedLate.id}/finish`, {});

    const overdue = await service.get('/api/v1/complaints/overdue');
    const mine = overdue.body.items.filter((i: { complaintId: number }) => i.complaintId === c.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ stepId: late.id, seq: 1, handlerName: '王工', department: '工程部', complaintNo: c.complaintNo, remindedAt: null });
    expect(mine[0].overdueHours).toBeGreaterThanOrEqual(23);
    const page = await service.get(`/api/v1/complaints/${c.id}`);
    expect(page.body.steps.map((s: { overdue: boolean }) => s.overdue)).toEqual([true, false, false]);
    const listed = await service.get(`/api/v1/complaints?overdue=true&pageSize=100`);
    expect(listed.body.items.find((i: { id: number }) => i.id === c.id)).toMatchObject({ overdueSteps: 1, openSteps: 2, stepCount: 3 });
    expect((await service.get(`/api/v1/complaints/overdue?handlerId=${staff.zhao}`)).body.items.some((i: { stepId: number }) => i.stepId === onTime.id)).toBe(false);

    const first = await remindOverdueSteps(t.db, t.config, new Date());
    expect(first.stepIds).toContain(late.id);
    expect(first.stepIds).not.toContain(onTime.id);
    expect(first.stepIds).not.toContain(finishedLate.id);
    const second = await remindOverdueSteps(t.db, t.config, new Date());
    expect(second).toEqual({ reminded: 0, stepIds: [] });
    const byConsole = await service.post('/api/v1/complaints/overdue/remind', {});
    expect(byConsole.body).toEqual({ reminded: 0, stepIds: [] });

    const notices = await reminderNotices(late.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ recipient: 'wang@example.com', channel: 'email', purpose: 'complaint_overdue', status: 'queued', meta: { userId: staff.wang, complaintId: c.id } });
    expect(notices[0].subject).toBe(`投诉处理超期提醒：${c.complaintNo} 第 1 步`);
    expect(notices[0].body).toContain('排水泵检修');
    const after = await service.get('/api/v1/complaints/overdue');
    expect(after.body.items.find((i: { stepId: number }) => i.stepId === late.id).remindedAt).toBeTruthy();
    expect((await service.get(`/api/v1/complaints/${c.id}`)).body.events.filter((e: { kind: string }) => e.kind === 'reminded')).toHaveLength(1);

    // finishing the step takes it off the list
    await service.post(`/api/v1/complaints/${c.id}/steps/${late.id}/finish`, {});
    expect((await service.get('/api/v1/complaints/overdue')).body.items.some((i: { stepId: number }) => i.stepId === late.id)).toBe(false);
  });

  it('a step that becomes overdue later is reminded by a later run, by SMS when its handler has only a mobile', async () => {
    const c = await receive(service, { memberId: li.id, content: '绿化带杂草丛生', receivedAt: hoursAgo(5) });
    const s = await step(service, c.id, { handlerId: staff.zhao, stepAt: hoursAgo(4), expectedFinishAt: hoursAhead(2) });
    expect((await remindOverdueSteps(t.db, t.config, new Date())).stepIds).not.toContain(s.id);
    const later = new Date(Date.now() + 3 * 3_600_000);
    expect((await remindOverdueSteps(t.db, t.config, later)).stepIds).toEqual([s.id]);
    expect((await remindOverdueSteps(t.db, t.config, later)).stepIds).toEqual([]);
    expect(await reminderNotices(s.id)).toMatchObject([{ recipient: '13800000001', channel: 'sms' }]);
  });
});

describeOnPostgres('reminders under concurrency (PostgreSQL)', () => {
  it('six reminder runs at once remind each overdue step exactly once', async () => {
    const c = await receive(service, { memberId: li.id, content: '并发提醒', receivedAt: hoursAgo(30) });
    const steps: { id: number }[] = [];
    for (let i = 0; i < 4; i++) steps.push(await step(service, c.id, { stepAt: hoursAgo(29 - i), expectedFinishAt: hoursAgo(20 - i) }));
    const runs = await Promise.all(Array.from({ length: 6 }, () => remindOverdueSteps(t.db, t.config, new Date())));
    const reminded = runs.flatMap((r) => r.stepIds).filter((id) => steps.some((s) => s.id === id));
    expect(reminded.sort((a, b) => a - b)).toEqual(steps.map((s) => s.id).sort((a, b) => a - b));
    for (const s of steps) expect(await reminderNotices(s.id)).toHaveLength(1);
  });

  it('steps added at the same moment get distinct numbers', async () => {
    const c = await receive(service, { memberId: li.id, content: '并发步骤', receivedAt: hoursAgo(3) });
    const added = await Promise.all(Array.from({ length: 5 }, (_, i) => service.post(`/api/v1/complaints/${c.id}/steps`, { handlerId: staff.wang, opinion: `并发 ${i}` })));
    expect(added.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(added.map((r) => r.body.seq).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('data scope', () => {
  it("a role limited to its own records sees the complaints it received or handles; a department role sees its department's", async () => {
    const own = await admin.post('/api/v1/roles', { code: 'complaint_own', nameZh: '投诉专员（本人）', nameEn: 'Complaints (own)', permissions: ['complaint.manage'], dataScope: 'own' });
    const dept = await admin.post('/api/v1/roles', { code: 'complaint_dept', nameZh: '投诉专员（部门）', nameEn: 'Complaints (department)', permissions: ['complaint.manage'], dataScope: 'department' });
    await admin.post('/api/v1/users', { login: 'own1', name: '本人专员', department: '客服二部', password: staffPassword, roleIds: [own.body.id] });
    await admin.post('/api/v1/users', { login: 'dept1', name: '部门专员', department: '安装队', password: staffPassword, roleIds: [dept.body.id] });
    const ownUser = await t.signIn('own1', staffPassword);
    const deptUser = await t.signIn('dept1', staffPassword);
    const mine = await receive(ownUser, { memberId: li.id, content: '本人受理的投诉' });
    const others = await receive(service, { memberId: li.id, content: '别人受理、安装队处理的投诉' });
    await step(service, others.id, { department: '安装队', opinion: '安装队处理' });
    const seen = async (s: Session) => (await s.get('/api/v1/complaints?pageSize=500')).body.items.map((i: { id: number }) => i.id);
    expect(await seen(ownUser)).toEqual([mine.id]);
    expect(await seen(deptUser)).toEqual([others.id]);
    expect((await ownUser.get('/api/v1/complaints/statistics')).body.received).toBe(1);
    // outside the scope a complaint is not found, neither to read nor to act on
    expect((await ownUser.get(`/api/v1/complaints/${others.id}`)).status).toBe(404);
    expect((await ownUser.post(`/api/v1/complaints/${others.id}/steps`, { handlerId: staff.wang, opinion: 'x' })).status).toBe(404);
    expect((await deptUser.get(`/api/v1/complaints/${others.id}`)).status).toBe(200);
  });
});

describe('search by every field of SPEC §7', () => {
  let a: { id: number }, b: { id: number }, cc: { id: number };
  beforeAll(async () => {
    const x = await t.userWithRoles('kefu2', ['service'], { department: '客服中心' });
    a = await receive(x, { channel: 'email', type: 'sales_service', memberId: zhang.id, content: 'The salesman promised a parking space that never came', receivedAt: '2024-03-10T02:00:00Z' });
    b = await receive(x, { channel: 'website', type: 'property_management', memberId: li.id, content: '小区游泳池水质浑浊，孩子游泳后皮肤过敏', receivedAt: '2024-03-31T17:30:00Z' });
    cc = await receive(service, { channel: 'legal', type: 'house_quality', memberId: zhang.id, content: '律师函：主卧墙面大面积开裂', receivedAt: '2024-04-15T08:00:00Z' });
    await step(service, b.id, { handlerId: staff.zhao, department: '物业二部', stepAt: '2024-04-02T03:00:00Z', opinion: '更换过滤砂' });
    await step(service, cc.id, { handlerId: staff.wang, stepAt: '2024-04-16T03:00:00Z', opinion: '结构检测' });
  });
  const ids = async (query: string) => (await service.get(`/api/v1/complaints?pageSize=100&${query}`)).body.items.map((i: { id: number }) => i.id);

  it('by channel, type, status, importance, member, card', async () => {
    expect(await ids('channel=email')).toEqual([a.id]);
    expect(await ids('channel=legal&type=house_quality')).toEqual([cc.id]);
    expect(await ids('type=property_management&channel=website')).toEqual([b.id]);
    expect(await ids(`memberId=${li.id}&receivedTo=2024-12-31`)).toEqual([b.id]);
    expect(await ids(`cardNo=${zhang.cardNo}&receivedTo=2024-12-31`)).toEqual([cc.id, a.id]);
    expect(await ids('complainant=李四&receivedTo=2024-12-31')).toEqual([b.id]);
  });

  it('by content, fuzzily: a Chinese word, a Chinese word with a character missing, an English word with a typo', async () => {
    expect(await ids(`content=${encodeURIComponent('游泳池')}`)).toEqual([b.id]);
    expect(await ids(`content=${encodeURIComponent('墙面开裂')}`)).toEqual([cc.id]);
    expect(await ids(`content=${encodeURIComponent('水质 过敏')}`)).toEqual([b.id]);
    expect(await ids('content=parkng%20space')).toEqual([a.id]);
    expect(await ids(`content=${encodeURIComponent('屋顶坍塌')}`)).toEqual([]);
  });

  it('by receipt time (days of the company time zone) and receiver', async () => {
    // 2024-03-31T17:30Z is 2024-04-01 01:30 in Shanghai: an April complaint there
    expect(await ids('receivedFrom=2024-03-01&receivedTo=2024-03-31')).toEqual([a.id]);
    expect(await ids('receivedFrom=2024-04-01&receivedTo=2024-04-30')).toEqual([cc.id, b.id]);
    expect(await ids('receivedFrom=2024-03-31T00:00:00Z&receivedTo=2024-04-01T00:00:00Z')).toEqual([b.id]);
    const kefu2 = (await admin.get('/api/v1/users?search=kefu2')).body.items[0].id;
    expect(await ids(`receiverId=${kefu2}`)).toEqual([b.id, a.id]);
  });

  it('by handling time, department and handler (of the same step)', async () => {
    expect(await ids('handledFrom=2024-04-01&handledTo=2024-04-30')).toEqual([cc.id, b.id]);
    expect(await ids('department=物业二部')).toEqual([b.id]);
    expect(await ids(`handlerId=${staff.wang}&handledTo=2024-12-31`)).toEqual([cc.id]);
    expect(await ids(`handlerId=${staff.wang}&department=物业二部`)).toEqual([]);
  });

  it('refuses a malformed date with a 400 naming it', async () => {
    const r = await service.get('/api/v1/complaints?receivedFrom=yesterday', { 'accept-language': 'en' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe('receivedFrom');
    expect(r.body.error.message).toContain('must be a date (e.g. 2025-03-14) or an ISO date-time');
  });
});

describe('statistics', () => {
  it('counts by type and channel, months in the company time zone, average time to close, overdue rate', async () => {
    const s = await t.userWithRoles('stats', ['service']);
    const from = '2023-01-01', to = '2023-12-31';
    const c1 = await receive(s, { channel: 'phone', type: 'house_quality', memberId: li.id, content: '统计一', receivedAt: '2023-01-31T17:00:00Z' }); // 2023-02-01 Shanghai
    const c2 = await receive(s, { channel: 'phone', type: 'sales_service', memberId: li.id, content: '统计二', receivedAt: '2023-04-10T02:00:00Z' });
    await receive(s, { channel: 'written', type: 'house_quality', memberId: li.id, content: '统计三', receivedAt: '2023-04-11T02:00:00Z' });
    // c1: one step finished late → overdue; c2: one step finished in time; both closed
    const s1 = await step(s, c1.id, { stepAt: '2023-02-01T00:00:00Z', expectedFinishAt: '2023-02-02T00:00:00Z' });
    await s.post(`/api/v1/complaints/${c1.id}/steps/${s1.id}/finish`, { finishedAt: '2023-02-05T00:00:00Z' });
    const s2 = await step(s, c2.id, { stepAt: '2023-04-10T03:00:00Z', expectedFinishAt: '2023-04-20T00:00:00Z' });
    await s.post(`/api/v1/complaints/${c2.id}/steps/${s2.id}/finish`, { finishedAt: '2023-04-11T00:00:00Z' });
    await s.post(`/api/v1/complaints/${c1.id}/close`, {});
    await s.post(`/api/v1/complaints/${c2.id}/close`, {});

    const r = await s.get(`/api/v1/complaints/statistics?from=${from}&to=${to}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ received: 3, closed: 2, complaintsWithOverdue: 1, steps: { withDue: 2, overdue: 1, openOverdue: 0, overdueRate: 0.5 } });
    expect(r.body.byType).toEqual([
      { key: 'house_quality', count: 2, labelZh: '房屋质量', labelEn: 'House quality' },
      { key: 'sales_service', count: 1, labelZh: '销售服务', labelEn: 'Sales service' },
    ]);
    expect(r.body.byChannel.map((x: { key: string; count: number }) => [x.key, x.count])).toEqual([['phone', 2], ['written', 1]]);
    expect(r.body.monthly.slice(0, 3)).toEqual([
      { month: '2023-02', received: 1, closed: 0 },
      { month: '2023-03', received: 0, closed: 0 },
      { month: '2023-04', received: 2, closed: 0 },
    ]);
    expect(r.body.monthly.reduce((n: number, m: { closed: number }) => n + m.closed, 0)).toBe(2);
    expect(r.body.avgHoursToClose).toBeGreaterThan(24 * 300);
    expect(r.body.complaintOverdueRate).toBeCloseTo(1 / 3, 3);
  });
});
