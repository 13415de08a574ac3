// Finding a person by name everywhere (issue 12 item 3): the console's member picker searches
// GET /members?q= by name, pinyin, mobile or its last digits, member and card number, and each
// match carries what tells two 王伟 apart — member no., level, mobile, department and project —
// within the caller's data scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { nextId, staff, type Staff } from '../../../test/helpers/membership.ts';
import { nextCardNo } from '../../../test/helpers/points.ts';

let t: TestApp;
let st: Staff;
let officeA: Session;
let officeB: Session;
let wangA: { memberId: number; memberNo: string };
let wangB: { memberId: number; memberNo: string };
let cardNo = '';

interface Found { id: number; memberNo: string; name: string; mobile: string | null; level: string | null; department: string | null; project: string | null }

async function memberOf(s: Session, body: Record<string, unknown>) {
  const c = await s.post('/api/v1/customers', { name: body.name, idNumber: body.idNumber, mobile: body.mobile });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  const p = await s.post(`/api/v1/customers/${c.body.id}/purchases`, { project: body.project, unit: '3-1201', priceFen: 300_000_000 });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  // the purchase raised the buyer's automatic application (a second one for the customer is refused): it is approved
  const waiting = (await s.get(`/api/v1/customers/${c.body.id}`)).body.pendingApplication;
  expect(waiting, 'the automatic application').toBeTruthy();
  const r = await st.manager.post(`/api/v1/applications/${waiting.id}/approve`, {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { memberId: r.body.member.id as number, memberNo: r.body.member.memberNo as string };
}

beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
  officeA = await t.userWithRoles('picker_a', ['sales'], { department: '滨江案场' });
  officeB = await t.userWithRoles('picker_b', ['sales'], { department: '西溪案场' });
  wangA = await memberOf(officeA, { name: '王伟', idNumber: nextId('19800101'), mobile: '13800138888', project: '滨江一号' });
  wangB = await memberOf(officeB, { name: '王伟', idNumber: nextId('19900202'), mobile: '13912341234', project: '西溪花园' });
  cardNo = nextCardNo();
  const card = await st.service.post('/api/v1/cards', { memberId: wangA.memberId, cardNo });
  expect(card.status, JSON.stringify(card.body)).toBe(200);
});
afterAll(async () => { await t?.close(); });

const find = async (s: Session, q: string) => {
  const r = await s.get(`/api/v1/members?q=${encodeURIComponent(q)}&pageSize=20`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as Found[];
};

describe('the member picker: two 王伟 told apart', () => {
  it('finds both by name and by pinyin, each with member no., level, mobile, department and project', async () => {
    const both = await find(st.service, '王伟');
    expect(both.map((m) => m.id).sort()).toEqual([wangA.memberId, wangB.memberId].sort());
    const a = both.find((m) => m.id === wangA.memberId)!;
    const b = both.find((m) => m.id === wangB.memberId)!;
    expect(a).toMatchObject({ memberNo: wangA.memberNo, mobile: '13800138888', department: '滨江案场', project: '滨江一号' });
    expect(a.level).not.toBeNull(); // the card issued gives a level
    expect(b).toMatchObject({ memberNo: wangB.memberNo, mobile: '13912341234', department: '西溪案场', project: '西溪花园', level: null });
    expect((await find(st.service, 'wangwei')).map((m) => m.id).sort()).toEqual([wangA.memberId, wangB.memberId].sort());
  });

  it('finds one by the last digits of the mobile (尾号), by card number and by member number', async () => {
    expect((await find(st.service, '8888')).map((m) => m.id)).toEqual([wangA.memberId]);
    expect((await find(st.service, '1234')).map((m) => m.id)).toEqual([wangB.memberId]);
    expect((await find(st.service, '138888')).map((m) => m.id)).toEqual([wangA.memberId]);
    expect(await find(st.service, '0000')).toEqual([]);
    expect((await find(st.service, cardNo)).map((m) => m.id)).toEqual([wangA.memberId]);
    expect((await find(st.service, wangB.memberNo)).map((m) => m.id)).toEqual([wangB.memberId]);
  });

  it('stays within the data scope: a sales office finds only its own 王伟, by name and by mobile tail', async () => {
    expect((await find(officeA, '王伟')).map((m) => m.id)).toEqual([wangA.memberId]);
    expect((await find(officeB, '王伟')).map((m) => m.id)).toEqual([wangB.memberId]);
    expect(await find(officeA, '1234')).toEqual([]);
  });

  it('needs member.read', async () => {
    const reader = await t.userWithRoles('picker_reader', ['integration']);
    const r = await reader.get(`/api/v1/members?q=${encodeURIComponent('王伟')}`);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  });
});
