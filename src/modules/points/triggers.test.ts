// Trigger rules (积分触发规则, SPEC §4 "automatic by trigger rules"): every event type the rules
// page offers fires on its event — an activity participation recorded, a care that reached the
// member, a complaint closed — posted at once or pending until approved, as the rule says, once
// per event and rule. Rules the console does not offer are refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { staffPassword, startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { balanceOf } from '../../../test/helpers/points.ts';
import { makeMember } from '../complaints/test-fixtures.ts';

let t: TestApp;
let admin: Session;
let manager: Session;
let service: Session;
let handlerId: number;
const rules: number[] = [];

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  manager = await t.userWithRoles('rules_manager', ['manager']);
  service = await t.userWithRoles('rules_service', ['service']);
  const u = await admin.post('/api/v1/users', { login: 'rules_handler', name: '处理人', department: '工程部', password: staffPassword, roleIds: [] });
  expect(u.status, JSON.stringify(u.body)).toBe(200);
  handlerId = u.body.id;
});
afterEach(async () => {
  if (!t) return;
  // each test's rules end with it, so the next test sees only its own
  for (const id of rules.splice(0)) await admin.patch(`/api/v1/points/rules/${id}`, { active: false });
  await expectLedgerConsistent(t.db);
});
afterAll(async () => { await t?.close(); });

async function rule(body: Record<string, unknown>) {
  const r = await admin.post('/api/v1/points/rules', { formula: 'fixed', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  rules.push(r.body.id);
  return r.body.id as number;
}

type Entry = { id: number; amount: number; state: string; sourceType: string; sourceId: number; ruleId: number | null; idempotencyKey: string };
const entriesOf = async (memberId: number): Promise<Entry[]> => (await admin.get(`/api/v1/points/entries?memberId=${memberId}&pageSize=100`)).body.items;
const ruleEntries = async (memberId: number, ruleId: number) => (await entriesOf(memberId)).filter((e) => e.ruleId === ruleId);

let seq = 0;
async function activity(pointsPerParticipant = 0) {
  const a = await service.post('/api/v1/activities', { name: `规则活动 ${++seq}`, type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31', pointsPerParticipant });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  expect((await manager.post(`/api/v1/activities/${a.body.id}/approve`, {})).status).toBe(200);
  return a.body.id as number;
}

describe('activity rules fire when a participation is recorded', () => {
  it('single, card reader and batch recordings each get the rule\'s points, pending until approved; the activity\'s own points post as before; once per participation', async () => {
    const ruleId = await rule({ name: '活动参与奖励', eventType: 'activity', points: 30, autoApprove: false });
    const [a, b, c] = [await makeMember(t, { name: '甲' }), await makeMember(t, { name: '乙' }), await makeMember(t, { name: '丙' })];
    const act = await activity(100);

    const single = await service.post(`/api/v1/activities/${act}/participants`, { memberId: a.id });
    expect(single.status, JSON.stringify(single.body)).toBe(200);
    const [pa] = await ruleEntries(a.id, ruleId);
    expect(pa).toMatchObject({ amount: 30, state: 'pending', sourceType: 'activity', sourceId: act, idempotencyKey: `rule:${ruleId}:activity:${single.body.participant.id}` });
    expect(await balanceOf(admin, a.id)).toBe(100); // the activity's points, not yet the rule's

    const batch = await service.post(`/api/v1/activities/${act}/participants/batch`, { lines: [b.memberNo, c.cardNo!] });
    expect(batch.body.recorded, JSON.stringify(batch.body)).toBe(2);
    for (const m of [b, c]) expect(await ruleEntries(m.id, ruleId)).toMatchObject([{ amount: 30, state: 'pending', sourceId: act }]);
    // replayed: nothing new recorded, no second rule entry
    const again = await service.post(`/api/v1/activities/${act}/participants/batch`, { lines: [b.memberNo, c.cardNo!] });
    expect(again.body.already).toBe(2);
    expect((await service.post(`/api/v1/activities/${act}/participants`, { memberId: a.id })).status).toBe(409);
    for (const m of [a, b, c]) expect(await ruleEntries(m.id, ruleId)).toHaveLength(1);

    // approving posts it (someone holding points.approve); the service centre may not
    expect((await service.post(`/api/v1/points/entries/${pa.id}/approve`, {})).status).toBe(403);
    const ok = await manager.post(`/api/v1/points/entries/${pa.id}/approve`, { note: '核实签到' });
    expect(ok.body).toMatchObject({ balance: 130, entry: { state: 'posted', ruleId } });
  });

  it('an auto-approved rule for a level posts at once, only for members of that level', async () => {
    const ruleId = await rule({ name: 'VIP 活动奖励', eventType: 'activity', points: 50, autoApprove: true, eligibleLevels: ['vip'] });
    const vip = await makeMember(t, { name: '贵宾', level: 'vip' });
    const plain = await makeMember(t, { name: '普通' });
    const act = await activity(0);
    for (const m of [vip, plain]) expect((await service.post(`/api/v1/activities/${act}/participants`, { cardNo: m.cardNo, via: 'card_reader' })).status).toBe(200);
    expect(await ruleEntries(vip.id, ruleId)).toMatchObject([{ amount: 50, state: 'posted' }]);
    expect(await balanceOf(admin, vip.id)).toBe(50);
    expect(await ruleEntries(plain.id, ruleId)).toEqual([]);
  });
});

describe('care rules fire when the care reached the member', () => {
  it('a letter recorded as reached gets the rule\'s points (posted when auto-approved), an unreached one none; recording again books nothing more', async () => {
    const ruleId = await rule({ name: '关怀送达积分', eventType: 'care', points: 20, autoApprove: true });
    const [a, b] = [await makeMember(t, { name: '关怀甲' }), await makeMember(t, { name: '关怀乙' })];
    const care = await service.post('/api/v1/care/actions', { title: '中秋问候信', channel: 'letter', body: '中秋快乐', filters: { memberIds: [a.id, b.id] } });
    expect(care.status, JSON.stringify(care.body)).toBe(200);
    expect(await ruleEntries(a.id, ruleId)).toEqual([]); // not yet delivered
    expect((await service.post(`/api/v1/care/actions/${care.body.id}/results`, { members: [a.id], result: 'reached' })).status).toBe(200);
    expect((await service.post(`/api/v1/care/actions/${care.body.id}/results`, { members: [b.id], result: 'unreached' })).status).toBe(200);
    expect(await ruleEntries(a.id, ruleId)).toMatchObject([{ amount: 20, state: 'posted', sourceType: 'care', sourceId: care.body.id }]);
    expect(await ruleEntries(b.id, ruleId)).toEqual([]);
    expect((await service.post(`/api/v1/care/actions/${care.body.id}/results`, { members: [a.id], result: 'reached', note: '再次确认' })).status).toBe(200);
    expect(await ruleEntries(a.id, ruleId)).toHaveLength(1);
    expect(await balanceOf(admin, a.id)).toBe(20);
  });
});

describe('complaint rules fire when a complaint is closed', () => {
  it('closing a member\'s complaint queues the rule\'s points for approval; reopened and closed again it books nothing more', async () => {
    const ruleId = await rule({ name: '投诉结案回馈', eventType: 'complaint', points: 40, autoApprove: false });
    const m = await makeMember(t, { name: '投诉人' });
    const c = await service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '门窗漏风', memberId: m.id });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const s = await service.post(`/api/v1/complaints/${c.body.id}/steps`, { handlerId, opinion: '上门维修' });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    await service.post(`/api/v1/complaints/${c.body.id}/steps/${s.body.id}/finish`, {});
    expect(await ruleEntries(m.id, ruleId)).toEqual([]);
    expect((await service.post(`/api/v1/complaints/${c.body.id}/close`, {})).status).toBe(200);
    const [e] = await ruleEntries(m.id, ruleId);
    expect(e).toMatchObject({ amount: 40, state: 'pending', sourceType: 'complaint', sourceId: c.body.id, idempotencyKey: `rule:${ruleId}:complaint:${c.body.id}` });
    expect((await service.post(`/api/v1/complaints/${c.body.id}/reopen`, { reason: '又漏了' })).status).toBe(200);
    const s2 = await service.post(`/api/v1/complaints/${c.body.id}/steps`, { handlerId, opinion: '再修' });
    await service.post(`/api/v1/complaints/${c.body.id}/steps/${s2.body.id}/finish`, {});
    expect((await service.post(`/api/v1/complaints/${c.body.id}/close`, {})).status).toBe(200);
    expect(await ruleEntries(m.id, ruleId)).toHaveLength(1);
    const ok = await manager.post(`/api/v1/points/entries/${e.id}/approve`, {});
    expect(ok.body).toMatchObject({ balance: 40, entry: { state: 'posted' } });
  });
});

describe('rules the console does not offer', () => {
  it('are refused naming the field: an event type without a trigger, a per-amount rule for an event without an amount, negative points', async () => {
    const type = await admin.post('/api/v1/points/rules', { name: 'x', eventType: 'redemption', formula: 'fixed', points: 5 }, { 'accept-language': 'en' });
    expect(type.status).toBe(400);
    expect(type.body.error.details[0].field).toBe('eventType');
    const perAmount = await admin.post('/api/v1/points/rules', { name: 'x', eventType: 'activity', formula: 'per_amount', points: 1, perFen: 100 }, { 'accept-language': 'en' });
    expect(perAmount.status).toBe(400);
    expect(perAmount.body.error.details).toEqual([{ field: 'formula', issue: 'per-amount rules are for purchases only: activity events have no amount' }]);
    const zh = await admin.post('/api/v1/points/rules', { name: 'x', eventType: 'care', formula: 'per_amount', points: 1, perFen: 100 });
    expect(zh.body.error.details).toEqual([{ field: 'formula', issue: '只有购房规则可以按金额计分：关怀没有金额' }]);
    const negative = await admin.post('/api/v1/points/rules', { name: 'x', eventType: 'complaint', formula: 'fixed', points: -5 });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].field).toBe('points');
    const existing = (await admin.get('/api/v1/points/rules')).body.find((r: { eventType: string }) => r.eventType === 'purchase');
    const patched = await admin.patch(`/api/v1/points/rules/${existing.id}`, { eventType: 'activity' });
    expect(patched.status).toBe(400); // a per-amount purchase rule cannot become an activity rule
    expect(patched.body.error.details[0].field).toBe('formula');
  });
});
