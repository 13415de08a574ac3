// The member 360° page's API: the tabs' counts in one request (GET /members/:id/summary) and the
// change history (GET /members/:id/history), each within the caller's permissions and data scope —
// and the per-member lists the tabs read (activities, care, merchant services, complaints) scoped
// as the member page is: a sales office (案场) of another department gets a 404 or nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { nextId, staff, type Staff } from '../../../test/helpers/membership.ts';
import { addPoints, approvedActivity, nextCardNo } from '../../../test/helpers/points.ts';

let t: TestApp;
let st: Staff;
/** department-scoped offices with every tab's permission; a plain sales office */
let officeA: Session;
let officeB: Session;
let salesA: Session;
let memberId: number;
let cardNo: string;
let complaintId: number;
let participationId: number;

beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
  const role = await st.admin.post('/api/v1/roles', {
    code: 'office_all_tabs', nameZh: '案场（全部页签）', nameEn: 'Office (all tabs)', dataScope: 'department',
    permissions: ['customer.read', 'customer.write', 'member.read', 'member.apply', 'points.read', 'care.manage', 'complaint.manage', 'merchant.manage', 'audit.read'],
  });
  expect(role.status, JSON.stringify(role.body)).toBe(200);
  officeA = await t.userWithRoles('office_a', ['office_all_tabs'], { department: '案场A' });
  officeB = await t.userWithRoles('office_b', ['office_all_tabs'], { department: '案场B' });
  salesA = await t.userWithRoles('sales_a', ['sales'], { department: '案场A' });

  // office A's applicant becomes a member with a card (the customer record stays office A's)
  const a = await officeA.post('/api/v1/applications', { channel: 'sales_office', subChannel: null, name: '欧阳明', idNumber: nextId(), mobile: '13955550001' });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  cardNo = nextCardNo('66');
  const approved = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { cardNo });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  memberId = approved.body.member.id;
  // points for an activity attended (one lot), care, a complaint received by office A, a merchant service, a contact recorded
  const activityId = await approvedActivity(st.admin);
  expect((await addPoints(st.admin, memberId, 120, activityId)).status).toBe(200);
  const care = await st.service.post('/api/v1/care/actions', { title: '年终感谢信', channel: 'letter', body: '感谢您的支持', filters: { memberIds: [memberId] } });
  expect(care.status, JSON.stringify(care.body)).toBe(200);
  const complaint = await officeA.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '阳台渗水', memberId });
  expect(complaint.status, JSON.stringify(complaint.body)).toBe(200);
  complaintId = complaint.body.id;
  const merchant = await st.admin.post('/api/v1/merchants', { code: 'TEA1', name: '湖畔茶馆' });
  expect(merchant.status, JSON.stringify(merchant.body)).toBe(200);
  const service = await st.admin.post(`/api/v1/merchants/${merchant.body.id}/services`, { name: '会员茶歇', startsOn: '2020-01-01', eligibleLevels: ['normal'] });
  expect(service.status, JSON.stringify(service.body)).toBe(200);
  const used = await st.admin.post(`/api/v1/merchant-services/${service.body.id}/participations`, { memberId, note: '两位' });
  expect(used.status, JSON.stringify(used.body)).toBe(200);
  participationId = used.body.id;
  // another member uses the same service: not in this member's history
  const b = await st.service.post('/api/v1/applications', { channel: 'service_center', subChannel: 'event', name: '司马青', idNumber: nextId() });
  const other = await st.manager.post(`/api/v1/applications/${b.body.application.id}/approve`, { cardNo: nextCardNo('66') });
  expect((await st.admin.post(`/api/v1/merchant-services/${service.body.id}/participations`, { memberId: other.body.member.id })).status).toBe(200);
  expect((await st.admin.post(`/api/v1/members/${memberId}/notices/record`, { channel: 'phone', result: 'reached', note: '电话告知入会' })).status).toBe(200);
});
afterAll(async () => { await t?.close(); });

describe('member 360°: tab counts and change history', () => {
  // 220 points in 2 lots: the card's base points (100, 普通卡) and the activity's 120
  it('one request gives every tab its count, as the tabs\' own lists show them', async () => {
    const r = await officeA.get(`/api/v1/members/${memberId}/summary`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const page = await officeA.get(`/api/v1/members/${memberId}`);
    expect(r.body).toMatchObject({
      memberId, cards: 1, points: { balance: 220, lots: 2 }, activities: 1, care: 1, complaints: 1, services: 1,
      notices: page.body.notices.length,
    });
    expect(page.body.notices.map((n: { body: string }) => n.body)).toContain('电话告知入会');
    const history = await officeA.get(`/api/v1/members/${memberId}/history?pageSize=100`);
    expect(r.body.history).toBe(history.body.total);
    await expectLedgerConsistent(t.db);
  });

  it('the change history holds the lines of the member and of its records: application, card, complaint, merchant service', async () => {
    const r = await officeA.get(`/api/v1/members/${memberId}/history?pageSize=100`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const lines = r.body.items as { entityType: string; entityId: string; action: string; actorName: string }[];
    const kinds = new Set(lines.map((l) => l.entityType));
    for (const k of ['member', 'application', 'card', 'complaint', 'merchant_service']) expect(kinds).toContain(k);
    expect(lines).toContainEqual(expect.objectContaining({ entityType: 'complaint', entityId: String(complaintId), actorName: 'office_a' }));
    // the participation's recording (audited on its service), not the service's creation nor another member's use
    const service = lines.filter((l) => l.entityType === 'merchant_service');
    expect(service.map((l) => l.action)).toEqual(['merchant.participation.create']);
    // newest first, paged
    const ids = lines.map((l: unknown) => (l as { id: number }).id);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    const second = await officeA.get(`/api/v1/members/${memberId}/history?pageSize=2&page=2`);
    expect(second.body.items.map((l: { id: number }) => l.id)).toEqual(ids.slice(2, 4));
  });

  it('permissions: a tab whose list the caller may not read has no count; the history needs audit.read; no session is a 401', async () => {
    const r = await salesA.get(`/api/v1/members/${memberId}/summary`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ cards: 1, points: { balance: 220, lots: 2 }, activities: 1, care: null, complaints: null, services: null, history: null });
    const history = await salesA.get(`/api/v1/members/${memberId}/history`, { 'accept-language': 'en' });
    expect(history.status).toBe(403);
    expect((await t.anonymous.get(`/api/v1/members/${memberId}/summary`)).status).toBe(401);
    expect((await salesA.get(`/api/v1/merchant-participations?memberId=${memberId}`)).status).toBe(403);
    expect((await salesA.get(`/api/v1/members/${memberId}/care`)).status).toBe(403);
    const bad = await officeA.get('/api/v1/merchant-participations?memberId=abc', { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('memberId');
  });

  it('data scope: another sales office gets a 404 for the member\'s summary, history, activities and care, and none of its services or complaints', async () => {
    for (const path of ['summary', 'history', 'activities', 'care']) {
      const r = await officeB.get(`/api/v1/members/${memberId}/${path}`, { 'accept-language': 'en' });
      expect(r.status, path).toBe(404);
      expect(r.body.error.message).toBe(`member not found: ${memberId}`);
    }
    const services = await officeB.get(`/api/v1/merchant-participations?memberId=${memberId}`);
    expect(services.status).toBe(200);
    expect(services.body).toMatchObject({ items: [], total: 0 });
    const all = await officeB.get('/api/v1/merchant-participations');
    expect(all.body.total).toBe(0);
    const complaints = await officeB.get(`/api/v1/complaints?memberId=${memberId}`);
    expect(complaints.body).toMatchObject({ items: [], total: 0 });
    // office A and scope all see them
    const own = await officeA.get(`/api/v1/members/${memberId}/activities`);
    expect(own.body).toHaveLength(1);
    expect((await officeA.get(`/api/v1/members/${memberId}/care`)).body[0]).toMatchObject({ title: '年终感谢信' });
    expect((await officeA.get(`/api/v1/merchant-participations?memberId=${memberId}`)).body.items).toEqual([expect.objectContaining({ id: participationId, memberId })]);
    expect((await st.service.get(`/api/v1/members/${memberId}/summary`)).body).toMatchObject({ cards: 1, activities: 1 });
    const byAdmin = await st.admin.get(`/api/v1/merchant-participations?memberId=${memberId}&page=1&pageSize=20`);
    expect(byAdmin.body.items, JSON.stringify(byAdmin.body)).toEqual([expect.objectContaining({ id: participationId, serviceName: '会员茶歇' })]);
  });
});

describe('member 360°: points, redemptions and care in the change history', () => {
  it('holds the lines of the member\'s points entries, redemptions and the care it received — not other members\' — within the caller\'s permissions and scope', async () => {
    const activityId = await approvedActivity(st.admin);
    const posted = await addPoints(st.admin, memberId, 30, activityId);
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    const corrected = await st.admin.post(`/api/v1/points/entries/${posted.body.entry.id}/correct`, { amount: -5, reason: '多记了' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const plan = await st.admin.post('/api/v1/redemption-plans', { item: '历史杯', pointsCost: 20 });
    const redeemed = (await st.admin.post('/api/v1/redemptions', { planId: plan.body.id, memberId })).body.redemption;
    expect((await st.admin.post(`/api/v1/redemptions/${redeemed.id}/deliver`, {})).status).toBe(200);
    // another member: a redemption of the same plan, and a care action both receive whose result is recorded for the other only
    const b = await st.service.post('/api/v1/applications', { channel: 'service_center', subChannel: 'event', name: '上官云', idNumber: nextId() });
    const otherId = (await st.manager.post(`/api/v1/applications/${b.body.application.id}/approve`, { cardNo: nextCardNo('66') })).body.member.id as number;
    const theirs = (await st.admin.post('/api/v1/redemptions', { planId: plan.body.id, memberId: otherId })).body.redemption;
    const both = await st.service.post('/api/v1/care/actions', { title: '端午问候', channel: 'letter', body: '端午安康', filters: { memberIds: [memberId, otherId] } });
    expect(both.status, JSON.stringify(both.body)).toBe(200);
    const onlyTheirs = await st.service.post('/api/v1/care/actions', { title: '生日贺卡', channel: 'letter', body: '生日快乐', filters: { memberIds: [otherId] } });
    expect((await st.service.post(`/api/v1/care/actions/${both.body.id}/results`, { members: [otherId], result: 'reached' })).status).toBe(200);

    type Line = { id: number; entityType: string; entityId: string; action: string };
    const history = async (s: Session) => {
      const r = await s.get(`/api/v1/members/${memberId}/history?pageSize=200`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as { items: Line[]; total: number };
    };
    const pick = (lines: Line[], type: string) => lines.filter((l) => l.entityType === type).map((l) => [l.action, l.entityId]);
    let lines = (await history(officeA)).items;
    // (and the 120 points booked in beforeAll)
    expect(pick(lines, 'pointsEntry')).toEqual([['points.correct', String(posted.body.entry.id)], ['points.add', String(posted.body.entry.id)], ['points.add', expect.any(String)]]);
    expect(pick(lines, 'redemption')).toEqual([['redemption.deliver', String(redeemed.id)], ['redemption.redeem', String(redeemed.id)]]);
    expect(lines.some((l) => l.entityType === 'redemption' && l.entityId === String(theirs.id))).toBe(false);
    // care: both actions' creation, not the other member's own action, not the result recorded for the other member only
    const careLines = () => pick(lines, 'care').filter(([, id]) => id === String(both.body.id) || id === String(onlyTheirs.body.id));
    expect(careLines()).toEqual([['care.create', String(both.body.id)]]);
    expect(lines.filter((l) => l.entityType === 'care').map((l) => l.action)).toEqual(['care.create', 'care.create']); // and 年终感谢信's
    // the result recorded for this member shows
    expect((await st.service.post(`/api/v1/care/actions/${both.body.id}/results`, { members: [memberId], result: 'unreached', note: '地址不详' })).status).toBe(200);
    const all = await history(officeA);
    lines = all.items;
    expect(careLines()).toEqual([['care.result', String(both.body.id)], ['care.create', String(both.body.id)]]);
    // paged as before: the total counts them, page 2 continues page 1
    const ids = lines.map((l) => l.id);
    expect(all.total).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    const second = (await officeA.get(`/api/v1/members/${memberId}/history?pageSize=3&page=2`)).body.items.map((l: Line) => l.id);
    expect(second).toEqual(ids.slice(3, 6));
    expect((await officeA.get(`/api/v1/members/${memberId}/summary`)).body.history).toBe(all.total);

    // a caller with audit.read but neither points.read nor care.manage: the same history without those lines
    const role = await st.admin.post('/api/v1/roles', {
      code: 'office_history', nameZh: '案场（仅变更历史）', nameEn: 'Office (history only)', dataScope: 'department', permissions: ['customer.read', 'member.read', 'audit.read'],
    });
    expect(role.status, JSON.stringify(role.body)).toBe(200);
    const historyOnly = await t.userWithRoles('office_h', ['office_history'], { department: '案场A' });
    const limited = await history(historyOnly);
    expect(limited.items.filter((l) => ['pointsEntry', 'redemption', 'care', 'complaint', 'merchant_service'].includes(l.entityType))).toEqual([]);
    expect(limited.items.map((l) => l.entityType)).toContain('card');
    // another department's office: the member does not exist for it
    expect((await officeB.get(`/api/v1/members/${memberId}/history`)).status).toBe(404);
    await expectLedgerConsistent(t.db);
  });
});
