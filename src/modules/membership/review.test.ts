// Review (审核): similar members and similar pending applications with scores and reasons, the
// four outcomes of SPEC §2.1 and rejection — who ends up as which member, which applications
// leave the queue, which purchases are linked — and the reviewer's mistakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { describeOnPostgres } from '../../../test/helpers/db.ts';
import { rows, sql } from '../../db/index.ts';
import { apply, newMember, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';

let t: TestApp;
let st: Staff;
beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
});
afterAll(async () => { await t?.close(); });

interface Candidate { kind: string; id: number; number: string; name: string; score: number; reasons: string[] }
const candidates = async (id: number) => {
  const r = await st.manager.get(`/api/v1/applications/${id}/candidates`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { members: Candidate[]; applications: Candidate[] };
};
const pendingIds = async () => ((await st.manager.get('/api/v1/applications?status=pending&pageSize=500')).body.items as { id: number }[]).map((a) => a.id);
const memberCount = async () => (await st.manager.get('/api/v1/members?pageSize=1')).body.total as number;
const page = async (memberId: number) => (await st.manager.get(`/api/v1/members/${memberId}`)).body;
const applicationOf = async (id: number) => (await st.manager.get(`/api/v1/applications/${id}`)).body.application;

describe('similar members and similar pending applications', () => {
  it('finds homophones by name and pinyin (张珊 / 张三, 王小明 / 王晓明) and exact phones and ID numbers, with scores and reasons', async () => {
    const zhang = await newMember(st, { name: '张三', idNumber: nextId(), mobile: '13511110001', homePhone: '0571-86001111' });
    const wang = await newMember(st, { name: '王小明', idNumber: nextId(), mobile: '13511110002' });
    const other = await newMember(st, { name: '刘德华', idNumber: nextId(), mobile: '13511110003' });
    const twinId = nextId();
    const twin = await apply(st.service, { name: '张杉', idNumber: twinId, mobile: '13899990000', subChannel: 'referral' });

    const a = await apply(st.service, { name: '张珊', idNumber: nextId(), mobile: '13599998888', homePhone: '057186001111' });
    const c1 = await candidates(a.body.application.id);
    const z = c1.members.find((c) => c.id === zhang.memberId)!;
    expect(z).toBeDefined();
    expect(z.number).toBe(zhang.memberNo);
    expect(z.reasons).toContain('homePhone=');
    expect(z.reasons).toContain('sound=');
    expect(z.score).toBeGreaterThan(0.6);
    expect(c1.members.some((c) => c.id === other.memberId)).toBe(false);
    expect(c1.applications.map((c) => c.id)).toContain(twin.body.application.id);

    const b = await apply(st.service, { name: '王晓明', idNumber: nextId(), mobile: '13599997777' });
    const c2 = await candidates(b.body.application.id);
    const w = c2.members.find((c) => c.id === wang.memberId)!;
    expect(w.reasons).toEqual(expect.arrayContaining(['pinyin=']));
    expect(w.reasons.some((r) => r.startsWith('name≈'))).toBe(false);

    // mobile and ID number are exact
    const byMobile = await apply(st.service, { name: '完全不同', idNumber: nextId(), mobile: '135 1111 0003' });
    const c3 = await candidates(byMobile.body.application.id);
    // born the same day (both ID numbers say 1985-03-15): a second piece of evidence beside the mobile
    expect(c3.members.find((c) => c.id === other.memberId)?.reasons).toEqual(['mobile=', 'birthday=']);
    const sameId = await apply(st.service, { name: '张杉', idNumber: twinId, subChannel: 'sp' });
    const c4 = await candidates(sameId.body.application.id);
    const first = c4.applications.find((c) => c.id === twin.body.application.id)!;
    expect(first.reasons).toEqual(expect.arrayContaining(['idNumber=', 'name=', 'pinyin=']));
    expect(c4.applications[0].id).toBe(twin.body.application.id);
    // the application itself is never its own candidate
    expect(c4.applications.some((c) => c.id === sameId.body.application.id)).toBe(false);
  });
});

describe('the four outcomes', () => {
  it('1. member + pending picked: the application joins the member, the picked pending ones merge into it, all leave the queue', async () => {
    const m = await newMember(st, { name: '赵敏', idNumber: nextId(), mobile: '13522220001' });
    const p1 = await apply(st.service, { name: '赵敏', idNumber: nextId(), mobile: '13522220002', subChannel: 'exhibition' });
    const p2 = await apply(st.service, { name: '赵民', idNumber: nextId(), mobile: '13522220003', subChannel: 'merchant' });
    const a = await apply(st.service, { name: '赵敏', idNumber: nextId(), mobile: '13522220001', channel: 'sales_office', subChannel: null });
    const members = await memberCount();
    const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { memberIds: [m.memberId], pendingIds: [p1.body.application.id, p2.body.application.id], confirmDifferentId: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.outcome).toBe('joined_member');
    expect(r.body.member).toEqual({ id: m.memberId, memberNo: m.memberNo });
    expect(r.body.mergedApplicationIds.sort()).toEqual([p1.body.application.id, p2.body.application.id].sort());
    expect(await memberCount()).toBe(members);
    const queue = await pendingIds();
    for (const id of [a.body.application.id, p1.body.application.id, p2.body.application.id]) expect(queue).not.toContain(id);
    expect(await applicationOf(a.body.application.id)).toMatchObject({ status: 'approved', outcome: 'joined_member', memberId: m.memberId });
    expect(await applicationOf(p1.body.application.id)).toMatchObject({ status: 'merged', mergedIntoId: a.body.application.id, memberId: m.memberId });
    const pg = await page(m.memberId);
    expect(pg.applications.map((x: { id: number }) => x.id).sort()).toEqual([m.applicationId, a.body.application.id, p1.body.application.id, p2.body.application.id].sort());
    expect(pg.history.filter((e: { kind: string }) => e.kind === 'application_merged').map((e: { refId: number }) => e.refId).sort())
      .toEqual([a.body.application.id, p1.body.application.id, p2.body.application.id].sort());
    const detail = (await st.manager.get(`/api/v1/applications/${a.body.application.id}`)).body;
    expect(detail.mergedApplications.map((x: { id: number }) => x.id).sort()).toEqual([p1.body.application.id, p2.body.application.id].sort());
  });

  it('2. member only: the application joins the member; a buyer record of the same person is merged in and its purchase linked', async () => {
    const m = await newMember(st, { name: '钱伟', idNumber: nextId(), mobile: '13533330001' });
    // the sales system registered the same person without an ID number, and a purchase
    const c = await st.service.post('/api/v1/customers', { name: '钱伟', mobile: '13533330009' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const p = await st.service.post(`/api/v1/customers/${c.body.id}/purchases`, { project: '钱塘府', unit: '5-801', priceFen: 280_000_000 });
    expect(p.status).toBe(200);
    const auto = ((await st.manager.get('/api/v1/applications?status=pending&method=automatic&pageSize=100')).body.items as { id: number; purchaseId: number }[]).find((x) => x.purchaseId === p.body.id)!;
    expect(auto).toBeDefined();
    const members = await memberCount();
    const r = await st.manager.post(`/api/v1/applications/${auto.id}/approve`, { memberIds: [m.memberId] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.outcome).toBe('joined_member');
    expect(r.body.linking).toEqual([expect.objectContaining({ case: 'buyer', linkedPurchaseId: p.body.id, mergedCustomerId: c.body.id, purchaseIds: [p.body.id] })]);
    expect(await memberCount()).toBe(members);
    expect(await pendingIds()).not.toContain(auto.id);
    const pg = await page(m.memberId);
    expect(pg.purchases.map((x: { id: number }) => x.id)).toEqual([p.body.id]);
    expect(pg.history.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['application_merged', 'customer_merged', 'linked']));
    // the duplicate customer record is kept, pointing at the member's
    const dup = (await st.service.get(`/api/v1/customers/${c.body.id}`)).body;
    expect(dup.mergedIntoId).toBe(pg.member.customerId);
  });

  it('3. pending only: with the final mobile, home phone and address, the picked ones and this one become ONE new member', async () => {
    const p1 = await apply(st.service, { name: '孙悦', idNumber: nextId(), mobile: '13544440001', address: '旧地址 1 号' });
    const p2 = await apply(st.service, { name: '孙月', idNumber: nextId(), mobile: '13544440002', channel: 'sales_office', subChannel: null });
    const a = await apply(st.service, { name: '孙悦', idNumber: nextId(), mobile: '13544440003' });
    const members = await memberCount();
    const missing = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { pendingIds: [p1.body.application.id, p2.body.application.id] }, { 'accept-language': 'en' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('final');
    expect(missing.body.error.message).toContain('final mobile');
    const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, {
      pendingIds: [p1.body.application.id, p2.body.application.id], final: { mobile: '13544449999', homePhone: '0571-88889999', address: '杭州市西湖区文三路 100 号' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.outcome).toBe('merged_new_member');
    expect(await memberCount()).toBe(members + 1);
    const pg = await page(r.body.member.id);
    expect(pg.customer).toMatchObject({ name: '孙悦', mobile: '13544449999', homePhone: '057188889999', address: '杭州市西湖区文三路 100 号' });
    expect(pg.applications.map((x: { id: number; status: string }) => [x.id, x.status]).sort())
      .toEqual([[a.body.application.id, 'approved'], [p1.body.application.id, 'merged'], [p2.body.application.id, 'merged']].sort());
    expect(pg.history.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['joined', 'application_merged', 'linked']));
    for (const id of [a.body.application.id, p1.body.application.id, p2.body.application.id]) expect(await pendingIds()).not.toContain(id);
    expect(r.body.member.memberNo).toMatch(/^M20\d{2}\d{6}$/);
  });

  it('4. nothing picked: the application becomes a new member, linked, with a welcome notice queued', async () => {
    const id = nextId();
    const a = await apply(st.service, { name: '李娜', idNumber: id, mobile: '13555550001', email: 'lina@example.com' });
    const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { memberIds: [], pendingIds: [] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.outcome).toBe('new_member');
    expect(r.body.linking[0].case).toBe('non_buyer');
    const pg = await page(r.body.member.id);
    expect(pg.member).toMatchObject({ status: 'active', channel: 'service_center', subChannel: 'event', applicationId: a.body.application.id, noticeStatus: 'pending' });
    expect(pg.customer.memberId).toBe(r.body.member.id);
    expect(pg.customer.idNumber).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(pg.notices.map((n: { channel: string; purpose: string; status: string }) => [n.channel, n.purpose, n.status]).sort())
      .toEqual([['email', 'welcome', 'queued'], ['sms', 'welcome', 'queued']]);
    expect(pg.history[0]).toMatchObject({ kind: 'joined', actorName: 'manager' });
    const audit = await st.admin.get(`/api/v1/audit?action=application.approve&entityId=${a.body.application.id}`);
    expect(audit.body.items[0].changes).toMatchObject({ outcome: 'new_member', memberId: r.body.member.id });
  });

  it('rejection: with a reason; the application leaves the queue and no member results', async () => {
    const a = await apply(st.service, { name: '吴用', idNumber: nextId(), mobile: '13566660001' });
    const members = await memberCount();
    const noReason = await st.manager.post(`/api/v1/applications/${a.body.application.id}/reject`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/reject`, { reason: '资料不全，请补充证件复印件' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'rejected', rejectReason: '资料不全，请补充证件复印件', memberId: null });
    expect(await pendingIds()).not.toContain(a.body.application.id);
    expect(await memberCount()).toBe(members);
    const twice = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, {});
    expect(twice.status).toBe(422);
    expect(twice.body.error.code).toBe('APPLICATION_NOT_PENDING');
    const audit = await st.admin.get(`/api/v1/audit?action=application.reject&entityId=${a.body.application.id}`);
    expect(audit.body.total).toBe(1);
  });
});

describe("the reviewer's mistakes change nothing", () => {
  it('picking two members is a 400 naming the field', async () => {
    const m1 = await newMember(st, { name: '黄磊', idNumber: nextId(), mobile: '13577770001' });
    const m2 = await newMember(st, { name: '黄蕾', idNumber: nextId(), mobile: '13577770002' });
    const a = await apply(st.service, { name: '黄磊', idNumber: nextId(), mobile: '13577770003' });
    const members = await memberCount();
    const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { memberIds: [m1.memberId, m2.memberId] });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([{ field: 'memberIds', issue: '相似会员最多只能勾选一位' }]);
    expect(r.body.error.message).toContain('相似会员');
    const en = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { memberIds: [m1.memberId, m2.memberId] }, { 'accept-language': 'en' });
    expect(en.body.error.details[0].issue).toBe('pick at most one similar member');
    expect(await applicationOf(a.body.application.id)).toMatchObject({ status: 'pending', memberId: null });
    expect(await memberCount()).toBe(members);
  });

  it('final contact details outside the pending-only case, a bad card number, a picked application no longer pending', async () => {
    const m = await newMember(st, { name: '何苗', idNumber: nextId(), mobile: '13588880001' });
    const a = await apply(st.service, { name: '何苗', idNumber: nextId() });
    const final = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { memberIds: [m.memberId], final: { mobile: '13588880009' } });
    expect(final.status).toBe(400);
    expect(final.body.error.details[0].field).toBe('final');
    const card = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { cardNo: '12-ab' });
    expect(card.status).toBe(400);
    expect(card.body.error.details[0].field).toBe('cardNo');
    const gone = await apply(st.service, { name: '何淼', idNumber: nextId() });
    await st.manager.post(`/api/v1/applications/${gone.body.application.id}/reject`, { reason: '重复' });
    const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { pendingIds: [gone.body.application.id], final: { mobile: '13588880009' } });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ field: 'pendingIds' });
    expect(r.body.error.details[0].issue).toContain(gone.body.application.applicationNo);
    expect(await applicationOf(a.body.application.id)).toMatchObject({ status: 'pending' });
  });

  it('a card number given at approval is validated and unique', async () => {
    const a = await apply(st.service, { name: '高飞', idNumber: nextId(), mobile: '13599990001' });
    const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { cardNo: 'vip 880001' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.cardNo).toBe('VIP880001');
    const pg = await page(r.body.member.id);
    expect(pg.history.find((e: { kind: string }) => e.kind === 'card_issued' || e.kind === 'card_requested')).toMatchObject({ field: 'cardNo', newValue: 'VIP880001' });
    // issued by the cards module: the member now has a level (the type of the main card), and is found by it
    expect(pg.cards).toEqual([expect.objectContaining({ cardNo: 'VIP880001', kind: 'main', status: 'active' })]);
    expect(pg.level).toBe(pg.cards[0].typeCode);
    const byLevel = (await st.manager.get(`/api/v1/members?level=${pg.level}&pageSize=100`)).body;
    expect(byLevel.items.find((x: { id: number }) => x.id === r.body.member.id)).toMatchObject({ level: pg.level });
    const b = await apply(st.service, { name: '高翔', idNumber: nextId(), mobile: '13599990002' });
    const members = await memberCount();
    const taken = await st.manager.post(`/api/v1/applications/${b.body.application.id}/approve`, { cardNo: 'VIP880001' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('CARD_NO_TAKEN');
    expect(taken.body.error.message).toContain('VIP880001');
    expect(await memberCount()).toBe(members);
    expect(await applicationOf(b.body.application.id)).toMatchObject({ status: 'pending' });
  });

  it('a new member for a person who already is one is refused at approval (pick the member instead)', async () => {
    const id = nextId();
    const a1 = await apply(st.service, { name: '马丽', idNumber: id });
    const a2 = await apply(st.service, { name: '马丽', idNumber: id, subChannel: 'sp' });
    expect((await st.manager.post(`/api/v1/applications/${a1.body.application.id}/approve`, {})).status).toBe(200);
    const r = await st.manager.post(`/api/v1/applications/${a2.body.application.id}/approve`, {});
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('MEMBER_ALREADY_EXISTS');
    expect(await applicationOf(a2.body.application.id)).toMatchObject({ status: 'pending' });
  });
});

describeOnPostgres('two reviewers at the same moment (PostgreSQL)', () => {
  it('approving one application twice at once makes one member; the other reviewer is told it was decided', async () => {
    const a = await apply(st.service, { name: '同时审', idNumber: nextId(), mobile: '13511112222' });
    const other = await t.userWithRoles('manager2', ['manager']);
    const members = await memberCount();
    const [r1, r2] = await Promise.all([
      st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, {}),
      other.post(`/api/v1/applications/${a.body.application.id}/approve`, {}),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 422]);
    expect([r1, r2].find((r) => r.status === 422)!.body.error.code).toBe('APPLICATION_NOT_PENDING');
    expect(await memberCount()).toBe(members + 1);
  });

  it('two applications of one person approved at once as new members: one member, the other refused', async () => {
    const id = nextId();
    const a1 = await apply(st.service, { name: '双申请', idNumber: id });
    const a2 = await apply(st.service, { name: '双申请', idNumber: id, subChannel: 'sp' });
    const members = await memberCount();
    const replies = await Promise.all([a1, a2].map((a) => st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, {})));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await memberCount()).toBe(members + 1);
  });
});

describe('the evidence beside each candidate, and merging into a member whose ID number differs', () => {
  it('each similar member shows birthday, gender, masked ID number, mobile, address, channel and join date; a matching birthday is a reason', async () => {
    // the gender is the ID number's 17th digit (odd: male), which depends on how many numbers nextId gave before
    const songId = nextId('19880808');
    const m = await newMember(st, { name: '宋佳', idNumber: songId, mobile: '13566660001', address: '杭州市西湖区文三路 1 号', subChannel: 'exhibition' });
    const a = await apply(st.service, { name: '宋嘉', idNumber: nextId('19880808'), mobile: '13566660002' });
    const c = (await candidates(a.body.application.id)).members.find((x) => x.id === m.memberId) as unknown as Record<string, unknown>;
    expect(c).toMatchObject({
      birthday: '1988-08-08', gender: Number(songId[16]) % 2 ? 'male' : 'female', mobile: '13566660001', address: '杭州市西湖区文三路 1 号', channel: 'service_center', subChannel: 'exhibition',
      idNumber: expect.stringMatching(/^3301\*+\d{3}[\dX]$/),
    });
    expect(Date.parse(c.at as string)).toBeGreaterThan(0);
    expect(c.reasons).toEqual(expect.arrayContaining(['pinyin=', 'birthday=']));
    // born another day: no birthday reason, and a lower score
    const b = await apply(st.service, { name: '宋嘉', idNumber: nextId('19900101'), mobile: '13566660003' });
    const other = (await candidates(b.body.application.id)).members.find((x) => x.id === m.memberId)!;
    expect(other.reasons).not.toContain('birthday=');
    expect(other.score).toBeLessThan(c.score as number);
  });

  it('joining a member with another ID number is a 409 naming both numbers until the reviewer confirms; nothing changes before', async () => {
    const m = await newMember(st, { name: '邓超', idNumber: nextId(), mobile: '13566660011' });
    const a = await apply(st.service, { name: '邓超', idNumber: nextId(), mobile: '13566660012' });
    const members = await memberCount();
    const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { memberIds: [m.memberId] });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ID_NUMBER_DIFFERS');
    expect(r.body.error.message).toContain(m.memberNo);
    expect(r.body.error.message).toContain('证件号码');
    expect(r.body.error.message).toContain(a.body.application.idNumber);
    // the member's own number, masked as on the member page
    const [{ id_number_masked: memberIdNumber }] = await rows<{ id_number_masked: string }>(t.db.db, sql`
      SELECT c.id_number_masked FROM customers c JOIN members m ON m.customer_id = c.id WHERE m.id = ${m.memberId}`);
    expect(memberIdNumber).toMatch(/\*/);
    expect(r.body.error.message).toContain(memberIdNumber);
    expect(r.body.error.details).toEqual([{ field: 'confirmDifferentId', issue: '证件号码不同，须确认是同一人' }]);
    const en = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { memberIds: [m.memberId] }, { 'accept-language': 'en' });
    expect(en.body.error.message).toMatch(/ID number .* differs from that of member/);
    expect(await applicationOf(a.body.application.id)).toMatchObject({ status: 'pending', memberId: null });
    expect(await memberCount()).toBe(members);

    const ok = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { memberIds: [m.memberId], confirmDifferentId: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.outcome).toBe('joined_member');
    const audit = await st.admin.get(`/api/v1/audit?action=application.approve&entityId=${a.body.application.id}`);
    expect(audit.body.items[0].changes).toMatchObject({ outcome: 'joined_member', confirmedDifferentId: true });
  });
});
