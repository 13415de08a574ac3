// Goodwill and general adjustments (issue 11 item 5): the posting form's event picker offers the
// member's own care records, complaints and recent activities they took part in (ended ones too,
// within 90 days), within the caller's data scope; an adjustment (调整) needs a reason and always
// waits for approval by someone holding points.approve.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { balanceOf } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { makeMember } from '../complaints/test-fixtures.ts';

let t: TestApp;
let admin: Session;
let manager: Session;
let service: Session;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  manager = await t.userWithRoles('events_manager', ['manager']);
  service = await t.userWithRoles('events_service', ['service']);
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

type Picked = { id: number; label: string; hint: string | null };
const events = async (s: Session, sourceType: string, memberId: number): Promise<Picked[]> => {
  const r = await s.get(`/api/v1/points/events?sourceType=${sourceType}&memberId=${memberId}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

let seq = 0;
async function activity(name: string) {
  const a = await service.post('/api/v1/activities', { name: `${name} ${++seq}`, type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31' });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  expect((await manager.post(`/api/v1/activities/${a.body.id}/approve`, {})).status).toBe(200);
  return { id: a.body.id as number, name: a.body.name as string };
}

describe('the event picker of the posting form', () => {
  it('offers the member\'s care records, complaints and the activities they took part in, ended ones within 90 days; points book for each', async () => {
    const m = await makeMember(t, { name: '善意会员' });
    const other = await makeMember(t, { name: '别的会员' });
    const care = await service.post('/api/v1/care/actions', { title: '生日贺卡', channel: 'letter', body: '生日快乐', filters: { memberIds: [m.id] } });
    const otherCare = await service.post('/api/v1/care/actions', { title: '别人的贺卡', channel: 'letter', body: '你好', filters: { memberIds: [other.id] } });
    const complaint = await service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '电梯噪音大', memberId: m.id });
    expect(complaint.status, JSON.stringify(complaint.body)).toBe(200);
    await service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '别人的投诉', memberId: other.id });

    const open = await activity('品酒会');
    const ended = await activity('插花课');
    const longAgo = await activity('旧年会');
    const notAttended = await activity('没参加的讲座');
    for (const a of [open, ended, longAgo]) expect((await service.post(`/api/v1/activities/${a.id}/participants`, { memberId: m.id })).status).toBe(200);
    for (const a of [ended, longAgo]) expect((await service.post(`/api/v1/activities/${a.id}/close`, {})).status).toBe(200);
    await rows(t.db.db, sql`UPDATE activities SET closed_at = now() - interval '120 days' WHERE id = ${longAgo.id}`);

    expect((await events(service, 'care', m.id)).map((e) => e.id)).toEqual([care.body.id]);
    expect((await events(service, 'care', m.id))[0].label).toContain('生日贺卡');
    expect((await events(service, 'care', other.id)).map((e) => e.id)).toEqual([otherCare.body.id]);
    const complaints = await events(service, 'complaint', m.id);
    expect(complaints.map((e) => e.id)).toEqual([complaint.body.id]);
    expect(complaints[0].label).toContain(complaint.body.complaintNo);
    const acts = (await events(service, 'activity', m.id)).map((e) => e.id);
    expect(acts.sort()).toEqual([open.id, ended.id].sort());
    expect(acts).not.toContain(notAttended.id);

    // goodwill for each kind of event
    for (const [sourceType, sourceId] of [['care', care.body.id], ['complaint', complaint.body.id], ['activity', ended.id]] as const) {
      const r = await service.post('/api/v1/points/entries', { memberId: m.id, amount: 10, sourceType, sourceId, reason: '致歉' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.entry).toMatchObject({ state: 'posted', sourceType, sourceId });
    }
    expect(await balanceOf(admin, m.id)).toBe(30);
    // an activity closed long ago, and another member's care, are refused
    const old = await service.post('/api/v1/points/entries', { memberId: m.id, amount: 10, sourceType: 'activity', sourceId: longAgo.id }, { 'accept-language': 'en' });
    expect(old.status).toBe(422);
    expect(old.body.error.code).toBe('ACTIVITY_NOT_OPEN');
    const notHers = await service.post('/api/v1/points/entries', { memberId: m.id, amount: 10, sourceType: 'care', sourceId: otherCare.body.id });
    expect(notHers.status).toBe(400);
    expect(notHers.body.error.details[0].field).toBe('sourceId');
    expect(await balanceOf(admin, m.id)).toBe(30);
  });
});

describe('adjustments (调整)', () => {
  it('need a reason (named, zh-CN and en), always wait for approval, and post when a points approver approves', async () => {
    const m = await makeMember(t, { name: '调整会员' });
    const noReason = await service.post('/api/v1/points/entries', { memberId: m.id, amount: 80, sourceType: 'adjustment' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details).toEqual([{ field: 'reason', issue: '调整积分必须写明原因' }]);
    const en = await service.post('/api/v1/points/entries', { memberId: m.id, amount: 80, sourceType: 'adjustment', reason: '  ' }, { 'accept-language': 'en' });
    expect(en.body.error.details).toEqual([{ field: 'reason', issue: 'an adjustment needs a reason' }]);

    const r = await service.post('/api/v1/points/entries', { memberId: m.id, amount: 80, sourceType: 'adjustment', reason: '系统迁移少记积分' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ balance: 0, entry: { state: 'pending', amount: 80, sourceType: 'adjustment', reason: '系统迁移少记积分' } });
    const queue = (await manager.get('/api/v1/points/entries?state=pending&sourceType=adjustment')).body.items.map((e: { id: number }) => e.id);
    expect(queue).toContain(r.body.entry.id);
    expect((await service.post(`/api/v1/points/entries/${r.body.entry.id}/approve`, {})).status).toBe(403);
    const ok = await manager.post(`/api/v1/points/entries/${r.body.entry.id}/approve`, { note: '已核对' });
    expect(ok.body).toMatchObject({ balance: 80, entry: { state: 'posted' } });

    const minus = await service.post('/api/v1/points/entries', { memberId: m.id, amount: -30, sourceType: 'adjustment', reason: '重复记分' });
    expect(minus.body.entry.state).toBe('pending');
    expect(await balanceOf(admin, m.id)).toBe(80);
    expect((await manager.post(`/api/v1/points/entries/${minus.body.entry.id}/approve`, {})).body.balance).toBe(50);

    // a card reader books events, not adjustments
    const reader = await admin.post('/api/v1/card-reader/points', { cardNo: m.cardNo, amount: 5, sourceType: 'adjustment', reason: 'x' });
    expect(reader.status).toBe(400);
    expect(reader.body.error.details[0].field).toBe('sourceType');
    // other event types still need their event
    const noEvent = await service.post('/api/v1/points/entries', { memberId: m.id, amount: 5, sourceType: 'care', reason: 'x' });
    expect(noEvent.status).toBe(400);
    expect(noEvent.body.error.details[0].field).toBe('sourceId');
  });
});

describe('data scope of the event picker', () => {
  it('a sales office lists the events of its own members only, and no complaint it may not see', async () => {
    const sales = await t.userWithRoles('events_sales', ['sales'], { department: '西溪案场' });
    const mine = await makeMember(t, { name: '西溪会员' });
    const theirs = await makeMember(t, { name: '良渚会员' });
    await rows(t.db.db, sql`UPDATE customers SET department = '西溪案场' WHERE id = (SELECT customer_id FROM members WHERE id = ${mine.id})`);
    await rows(t.db.db, sql`UPDATE customers SET department = '良渚案场' WHERE id = (SELECT customer_id FROM members WHERE id = ${theirs.id})`);
    const care = await service.post('/api/v1/care/actions', { title: '问候', channel: 'letter', body: '您好', filters: { memberIds: [mine.id, theirs.id] } });
    await service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '客服中心受理的投诉', memberId: mine.id });

    expect((await events(sales, 'care', mine.id)).map((e) => e.id)).toEqual([care.body.id]);
    expect(await events(sales, 'complaint', mine.id)).toEqual([]); // received by the service centre: outside the office's complaints
    for (const type of ['care', 'complaint', 'activity', 'purchase']) {
      const r = await sales.get(`/api/v1/points/events?sourceType=${type}&memberId=${theirs.id}`);
      expect(r.status, type).toBe(404);
    }
    expect((await events(service, 'complaint', mine.id))).toHaveLength(1);
  });
});
