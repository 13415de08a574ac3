// The rules of membership/review.ts that review.test.ts leaves open (issue 17, mutation testing):
// the reviewer's picks checked all at once, the new member's customer record, joining a member,
// the card given at approval, rejection — each as a user sees it (replies, the member page, the
// application, the audit log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { testSecret } from '../../../test/helpers/db.ts';
import { archiveMember } from '../../../test/helpers/members.ts';
import { apply, newMember, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';
import { nextCardNo } from '../../../test/helpers/points.ts';
import { makeCrypto } from '../../pii.ts';
import { systemActor } from '../auth/actor.ts';
import { membershipEnv } from './env.ts';
import { approveApplication } from './review.ts';

let t: TestApp;
let st: Staff;
const en = { 'accept-language': 'en' };
beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
});
afterAll(async () => { await t?.close(); });

const approve = (id: number, body: Record<string, unknown>, headers?: Record<string, string>) => st.manager.post(`/api/v1/applications/${id}/approve`, body, headers);
const applicationOf = async (id: number) => (await st.manager.get(`/api/v1/applications/${id}`)).body.application;
const page = async (memberId: number) => (await st.manager.get(`/api/v1/members/${memberId}`)).body;
const memberCount = async () => (await st.manager.get('/api/v1/members?pageSize=1')).body.total as number;
const applied = async (body: Record<string, unknown>) => {
  const r = await apply(st.service, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.application as { id: number; applicationNo: string };
};

describe("the reviewer's picks", () => {
  it('are checked all at once before anything changes: one member, not itself, the final contact only and always for pending-only, a card number', async () => {
    const [m1, m2] = [await newMember(st, { name: '规则甲', idNumber: nextId() }), await newMember(st, { name: '规则乙', idNumber: nextId() })];
    const a = await applied({ name: '规则丙', idNumber: nextId(), mobile: '13512340001' });
    const p = await applied({ name: '规则丙', idNumber: nextId(), mobile: '13512340002' });
    const members = await memberCount();
    const fields = async (body: Record<string, unknown>) => {
      const r = await approve(a.id, body, en);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      return r.body.error.details as { field: string; issue: string }[];
    };
    expect(await fields({ memberIds: [m1.memberId, m2.memberId], pendingIds: [a.id], cardNo: '#' })).toEqual([
      { field: 'memberIds', issue: 'pick at most one similar member' },
      { field: 'pendingIds', issue: 'cannot include the application under review' },
      { field: 'cardNo', issue: 'a card number has 6 to 20 digits or capital letters' },
    ]);
    expect((await fields({ pendingIds: [a.id, p.id] })).map((d) => d.field)).toEqual(['pendingIds', 'final']);
    expect((await fields({ pendingIds: [p.id], final: { address: '只有地址' } })).map((d) => d.field)).toEqual(['final']);
    expect((await fields({ pendingIds: [p.id], final: { mobile: '  ', homePhone: ' ' } })).map((d) => d.field)).toEqual(['final']);
    // a 7-digit home phone is fine, a 6- or 16-digit one is not; a mobile must be one
    expect(await fields({ pendingIds: [p.id], final: { homePhone: '8888777', mobile: '12345' } })).toEqual([{ field: 'final.mobile', issue: 'must be an 11-digit mainland China mobile number' }]);
    expect(await fields({ pendingIds: [p.id], final: { homePhone: '888877' } })).toEqual([{ field: 'final.homePhone', issue: 'must have 7 to 15 digits (area code included)' }]);
    expect((await fields({ pendingIds: [p.id], final: { homePhone: '0571888877771234' } })).map((d) => d.field)).toEqual(['final.homePhone']);
    const onlyForPending = [{ field: 'final', issue: 'is only given when only similar pending applications are picked' }];
    expect(await fields({ final: { mobile: '13512340009' } })).toEqual(onlyForPending);
    expect(await fields({ memberIds: [m1.memberId], final: { mobile: '13512340009' } })).toEqual(onlyForPending);
    expect(await applicationOf(a.id)).toMatchObject({ status: 'pending', memberId: null });
    expect(await applicationOf(p.id)).toMatchObject({ status: 'pending', memberId: null });
    expect(await memberCount()).toBe(members);

    // pending-only with a home phone alone (15 digits) and an address: one new member with them
    const r = await approve(a.id, { pendingIds: [p.id], final: { homePhone: '057188887777123', address: '  文一路 1 号 ' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'merged_new_member', mergedApplicationIds: [p.id], cardNo: null, cardIssued: false });
    expect((await page(r.body.member.id)).customer).toMatchObject({ homePhone: '057188887777123', address: '文一路 1 号' });
  });

  it('the same member picked twice is one member; a member that does not exist or has left is refused', async () => {
    const m = await newMember(st, { name: '规则丁', idNumber: nextId() });
    const a = await applied({ name: '规则丁', idNumber: nextId() });
    const none = await approve(a.id, { memberIds: [99_999_999] }, en);
    expect(none.status).toBe(400);
    expect(none.body.error.details).toEqual([{ field: 'memberIds', issue: expect.stringContaining('99999999') }]);
    const gone = await newMember(st, { name: '规则戊', idNumber: nextId() });
    await archiveMember(t.db, gone.memberId);
    const left = await approve(a.id, { memberIds: [gone.memberId], confirmDifferentId: true });
    expect(left.status).toBe(422);
    expect(left.body.error.code).toBe('MEMBER_ARCHIVED');
    expect(await applicationOf(a.id)).toMatchObject({ status: 'pending' });
    const twice = await approve(a.id, { memberIds: [m.memberId, m.memberId], confirmDifferentId: true });
    expect(twice.status, JSON.stringify(twice.body)).toBe(200);
    expect(twice.body).toMatchObject({ outcome: 'joined_member', member: { id: m.memberId } });
  });

  it('a picked application that does not exist is named; the application itself must still be pending (its state in the message)', async () => {
    const a = await applied({ name: '规则己', idNumber: nextId() });
    const r = await approve(a.id, { pendingIds: [99_999_999], final: { mobile: '13512340011' } }, en);
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([{ field: 'pendingIds', issue: 'application not found: 99999999' }]);
    const unknown = await approve(99_999_999, {}, en);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'application not found: 99999999' });
    expect((await st.manager.post(`/api/v1/applications/${a.id}/reject`, { reason: '  重复申请  ' })).status).toBe(200);
    const again = await approve(a.id, {}, en);
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('APPLICATION_NOT_PENDING');
    expect(again.body.error.message).toContain(a.applicationNo);
    expect(again.body.error.message).toContain('rejected');
    const reject = await st.manager.post(`/api/v1/applications/${a.id}/reject`, { reason: '再次' });
    expect(reject.status).toBe(422);
    // a rejected application picked beside another is named with its state
    const b = await applied({ name: '规则己', idNumber: nextId() });
    const gone = await approve(b.id, { pendingIds: [a.id], final: { mobile: '13512340012' } }, en);
    expect(gone.status).toBe(400);
    expect(gone.body.error.details).toEqual([{ field: 'pendingIds', issue: `application ${a.applicationNo} is no longer pending (rejected)` }]);
  });
});

describe('the new member', () => {
  it("gets a customer record from the application: its person, contact, the entering user's department", async () => {
    const office = await t.userWithRoles('rules_office', ['sales'], { department: '规则案场' });
    const r0 = await apply(office, { name: '规则庚', idNumber: nextId('19900202'), gender: 'male', birthday: '1990-02-02', mobile: '13512340021', homePhone: '0571-86001234', email: 'geng@example.com', address: '滨江区 1 号', channel: 'sales_office', subChannel: null });
    expect(r0.status, JSON.stringify(r0.body)).toBe(200);
    const r = await approve(r0.body.application.id, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'new_member', mergedApplicationIds: [], cardIssued: false, cardNo: null });
    const pg = await page(r.body.member.id);
    expect(pg.customer).toMatchObject({
      name: '规则庚', gender: 'male', birthday: '1990-02-02', mobile: '13512340021', homePhone: '057186001234', email: 'geng@example.com',
      address: '滨江区 1 号', source: 'manual', department: '规则案场', memberId: r.body.member.id,
    });
    expect(pg.member).toMatchObject({ channel: 'sales_office', subChannel: null });
  });

  it('is the customer registered meanwhile under the same ID number, not a second record', async () => {
    const id = nextId();
    const a = await applied({ name: '规则辛', idNumber: id, mobile: '13512340031' });
    const c = await st.service.post('/api/v1/customers', { name: '规则辛', idNumber: id, mobile: '13512340032' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const r = await approve(a.id, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await page(r.body.member.id)).customer.id).toBe(c.body.id);
    const same = (await st.service.get(`/api/v1/customers?q=${id}`)).body.items as { id: number }[];
    expect(same.map((x) => x.id)).toEqual([c.body.id]);
  });

  it("is not the application's customer once that record was deleted", async () => {
    const c = await st.service.post('/api/v1/customers', { name: '规则壬', mobile: '13512340041' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const a = await applied({ name: '规则壬', idNumber: nextId(), customerId: c.body.id });
    expect((await st.admin.delete(`/api/v1/customers/${c.body.id}`)).status).toBe(200);
    const r = await approve(a.id, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const customer = (await page(r.body.member.id)).customer;
    expect(customer.id).not.toBe(c.body.id);
    expect(customer).toMatchObject({ name: '规则壬', memberId: r.body.member.id });
  });

  it('a review loaded after the fact (demo data) dates the joining and the review then', async () => {
    const a = await applied({ name: '规则癸', idNumber: nextId() });
    const at = new Date('2024-03-05T02:00:00.000Z');
    const env = membershipEnv(t.config, makeCrypto(testSecret));
    const r = await t.db.transaction((tx) => approveApplication(tx, systemActor('demo'), env, a.id, { at }));
    expect(r.outcome).toBe('new_member');
    const pg = await page(r.member.id);
    expect(pg.member.joinedAt).toBe(at.toISOString());
    expect(await applicationOf(a.id)).toMatchObject({ status: 'approved', reviewedAt: at.toISOString(), reviewerId: null });
  });
});

describe('joining a member', () => {
  it("records the reviewer, the note, each application folded in, and an audit line of what was decided", async () => {
    // a buyer without an ID number became a member through the automatic application of a purchase
    const c = await st.service.post('/api/v1/customers', { name: '规则子', mobile: '13512340051' });
    const p = await st.service.post(`/api/v1/customers/${c.body.id}/purchases`, { project: '规则府', unit: '1-101', priceFen: 100_000_000 });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const auto = ((await st.manager.get('/api/v1/applications?status=pending&method=automatic&pageSize=100')).body.items as { id: number; purchaseId: number }[]).find((x) => x.purchaseId === p.body.id)!;
    const joined = await approve(auto.id, {});
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    const m = joined.body.member as { id: number; memberNo: string };
    // the buyer's own record is the new member's (not a new one from the application)
    expect((await page(m.id)).customer.id).toBe(c.body.id);
    // an application with an ID number joins that member without a confirmation (the member has none)
    const a = await applied({ name: '规则子', idNumber: nextId(), note: '客户来电' });
    const q = await applied({ name: '规则子', idNumber: nextId() });
    const keepNote = await approve(a.id, { memberIds: [m.id], pendingIds: [q.id], note: '   ' });
    expect(keepNote.status, JSON.stringify(keepNote.body)).toBe(200);
    expect(keepNote.body).toMatchObject({ outcome: 'joined_member', mergedApplicationIds: [q.id], cardIssued: false });
    const managerId = (await st.manager.get('/api/v1/auth/me')).body.user.id;
    expect(await applicationOf(a.id)).toMatchObject({ status: 'approved', note: '客户来电', reviewerId: managerId, reviewedAt: expect.any(String), memberId: m.id });
    expect(await applicationOf(q.id)).toMatchObject({ status: 'merged', outcome: 'joined_member', reviewerId: managerId, mergedIntoId: a.id, memberId: m.id });
    const merged = ((await page(m.id)).history as { kind: string; refId: number; note: string }[]).filter((e) => e.kind === 'application_merged');
    expect(merged).toEqual(expect.arrayContaining([
      expect.objectContaining({ refType: 'application', refId: a.id, note: a.applicationNo }),
      expect.objectContaining({ refType: 'application', refId: q.id, note: `${q.applicationNo} → ${a.applicationNo}` }),
    ]));
    const audit = await st.admin.get(`/api/v1/audit?entityType=application&action=application.approve&entityId=${a.id}`);
    expect(audit.body.items[0].changes).toEqual({
      outcome: 'joined_member', memberId: m.id, memberNo: m.memberNo, merged: [q.id], pickedMember: m.id, cardNo: null,
      linking: keepNote.body.linking.map((l: { case: string }) => l.case),
    });
    // a note given at approval replaces the application's
    const b = await applied({ name: '规则子', idNumber: nextId(), note: '旧备注' });
    expect((await approve(b.id, { memberIds: [m.id], note: ' 已核实 ' })).status).toBe(200);
    expect((await applicationOf(b.id)).note).toBe('已核实');
  });
});

describe('the same person', () => {
  it('an application with the ID number of the member it joins needs no confirmation', async () => {
    const id = nextId();
    const first = await applied({ name: '规则辰', idNumber: id });
    const second = await applied({ name: '规则辰', idNumber: id, subChannel: 'sp' });
    const joined = await approve(first.id, {});
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    // approved as a new member instead, it is refused naming the member to pick; nothing changes
    const members = await memberCount();
    const twice = await approve(second.id, {}, en);
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({
      code: 'MEMBER_ALREADY_EXISTS',
      message: `The ID number is the same as member ${joined.body.member.memberNo}: pick that member among the similar members instead of creating a new one`,
    });
    expect(await memberCount()).toBe(members);
    expect(await applicationOf(second.id)).toMatchObject({ status: 'pending', memberId: null });
    const r = await approve(second.id, { memberIds: [joined.body.member.id] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'joined_member', member: { id: joined.body.member.id } });
  });
});

describe('a card at approval', () => {
  it("the application's own card number is issued when the reviewer gives none; a number already on a card is refused and nothing changes", async () => {
    const no = nextCardNo('55');
    const a = await applied({ name: '规则丑', idNumber: nextId(), cardNo: `${no.slice(0, 4)} ${no.slice(4)}` });
    const r = await approve(a.id, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ cardNo: no, cardIssued: true });
    const pg = await page(r.body.member.id);
    expect(pg.cards).toEqual([expect.objectContaining({ cardNo: no, kind: 'main', status: 'active' })]);
    expect(pg.history.find((e: { kind: string }) => e.kind === 'card_issued')).toMatchObject({ field: 'cardNo', newValue: no, refType: 'application', refId: a.id });
    const audit = await st.admin.get(`/api/v1/audit?action=application.approve&entityId=${a.id}`);
    expect(audit.body.items[0].changes).toMatchObject({ outcome: 'new_member', cardNo: no, merged: [], pickedMember: null });

    const b = await applied({ name: '规则寅', idNumber: nextId() });
    const members = await memberCount();
    const taken = await approve(b.id, { cardNo: no });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('CARD_NO_TAKEN');
    expect(await memberCount()).toBe(members);
    expect(await applicationOf(b.id)).toMatchObject({ status: 'pending', memberId: null });
  });
});

describe('rejection', () => {
  it('keeps the reason trimmed, the reviewer and the time, and audits the change', async () => {
    const a = await applied({ name: '规则卯', idNumber: nextId() });
    const r = await st.manager.post(`/api/v1/applications/${a.id}/reject`, { reason: '  证件不清晰 ' });
    expect(r.status).toBe(200);
    const managerId = (await st.manager.get('/api/v1/auth/me')).body.user.id;
    expect(r.body).toMatchObject({ status: 'rejected', rejectReason: '证件不清晰', reviewerId: managerId, reviewedAt: expect.any(String), memberId: null });
    const audit = await st.admin.get(`/api/v1/audit?entityType=application&action=application.reject&entityId=${a.id}`);
    expect(audit.body.items[0].changes).toMatchObject({ status: { before: 'pending', after: 'rejected' }, rejectReason: { before: null, after: '证件不清晰' } });
  });
});
