// Leaving the club (退会, SPEC §2.2): by hand and by rule; approval archives (read-only, history
// kept, still found) and notifies; rejection keeps the member active.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { newMember, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';
import { systemActor } from '../auth/actor.ts';
import { raiseAutomaticLeaveRequests } from './service.ts';

let t: TestApp;
let st: Staff;
beforeAll(async () => {
  t = await startTestApp({ leaveAfterFailedNotices: 3, memberTermMonths: 0 });
  st = await staff(t);
});
afterAll(async () => { await t?.close(); });

const page = async (memberId: number) => (await st.manager.get(`/api/v1/members/${memberId}`)).body;
const rules = { failedNotices: 3, termMonths: 0, dataError: true };

describe('leaving by hand', () => {
  it('request → leaving; approval archives the member (read-only, history kept, still found) and queues a leave notice', async () => {
    const m = await newMember(st, { name: '离开者', idNumber: nextId(), mobile: '13812340001' });
    const bad = await st.service.post(`/api/v1/members/${m.memberId}/leave-requests`, { reason: 'bored' }, { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('reason');
    expect((await page(m.memberId)).member.status).toBe('active');
    const notAllowed = await st.manager.post(`/api/v1/members/${m.memberId}/leave-requests`, { reason: 'normal' });
    expect(notAllowed.status).toBe(403);

    const req = await st.service.post(`/api/v1/members/${m.memberId}/leave-requests`, { reason: 'normal', note: '本人来电申请退会' });
    expect(req.status, JSON.stringify(req.body)).toBe(200);
    expect(req.body).toMatchObject({ status: 'pending', method: 'manual', reason: 'normal', requestedBy: 'service' });
    expect((await page(m.memberId)).member.status).toBe('leaving');
    const twice = await st.service.post(`/api/v1/members/${m.memberId}/leave-requests`, { reason: 'other' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('LEAVE_REQUEST_OPEN');
    const open = (await st.manager.get('/api/v1/leave-requests?status=pending')).body;
    expect(open.items.find((r: { id: number }) => r.id === req.body.id)).toMatchObject({ memberNo: m.memberNo, name: '离开者', memberStatus: 'leaving' });

    const byService = await st.service.post(`/api/v1/leave-requests/${req.body.id}/approve`, {});
    expect(byService.status).toBe(403);
    const ok = await st.manager.post(`/api/v1/leave-requests/${req.body.id}/approve`, { note: '同意' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', decidedByName: 'manager', decisionNote: '同意' });
    const pg = await page(m.memberId);
    expect(pg.member.status).toBe('archived');
    expect(pg.member.archivedAt).not.toBeNull();
    expect(pg.notices.find((n: { purpose: string }) => n.purpose === 'leave')).toMatchObject({ channel: 'sms', status: 'queued', recipient: '13812340001' });
    expect(pg.notices.find((n: { purpose: string }) => n.purpose === 'leave').body).toContain(m.memberNo);
    expect(pg.history.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['joined', 'leave_requested', 'archived']));
    expect(pg.leaveRequests[0]).toMatchObject({ id: req.body.id, status: 'approved' });

    // read-only, still found
    const edit = await st.service.patch(`/api/v1/members/${m.memberId}`, { mobile: '13812340009' }, { 'accept-language': 'en' });
    expect(edit.status).toBe(422);
    expect(edit.body.error.code).toBe('MEMBER_ARCHIVED');
    expect(edit.body.error.message).toContain('read-only');
    expect((await st.service.post(`/api/v1/members/${m.memberId}/leave-requests`, { reason: 'normal' })).status).toBe(422);
    const found = (await st.service.get(`/api/v1/members?q=${m.memberNo}&status=archived`)).body;
    expect(found.items.map((x: { id: number }) => x.id)).toEqual([m.memberId]);
    expect((await st.manager.post(`/api/v1/leave-requests/${req.body.id}/reject`, {})).status).toBe(422);
  });

  it('an archived member may join again later: a new membership, the old one kept', async () => {
    const id = nextId();
    const m = await newMember(st, { name: '回归者', idNumber: id, mobile: '13812340002' });
    const req = await st.service.post(`/api/v1/members/${m.memberId}/leave-requests`, { reason: 'normal' });
    await st.manager.post(`/api/v1/leave-requests/${req.body.id}/approve`, {});
    const again = await newMember(st, { name: '回归者', idNumber: id, mobile: '13812340002' });
    expect(again.memberId).not.toBe(m.memberId);
    expect((await page(again.memberId)).member.customerId).toBe((await page(m.memberId)).member.customerId);
    expect((await page(m.memberId)).member.status).toBe('archived');
  });

  it('a leave reason in use cannot be deleted from the dictionary, only deactivated', async () => {
    const reason = await st.admin.post('/api/v1/dictionaries', { kind: 'leave_reason', code: 'moved_abroad', labelZh: '移居海外', labelEn: 'Moved abroad' });
    expect(reason.status).toBe(200);
    const m = await newMember(st, { name: '出国者', idNumber: nextId(), mobile: '13812340006' });
    expect((await st.service.post(`/api/v1/members/${m.memberId}/leave-requests`, { reason: 'moved_abroad' })).status).toBe(200);
    const del = await st.admin.delete(`/api/v1/dictionaries/${reason.body.id}`);
    expect(del.status).toBe(422);
    expect(del.body.error.code).toBe('DICTIONARY_VALUE_IN_USE');
  });

  it('rejection keeps the member active', async () => {
    const m = await newMember(st, { name: '留下者', idNumber: nextId(), mobile: '13812340003' });
    const req = await st.service.post(`/api/v1/members/${m.memberId}/leave-requests`, { reason: 'other', note: '误操作' });
    const r = await st.manager.post(`/api/v1/leave-requests/${req.body.id}/reject`, { note: '会员不同意' });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('rejected');
    const pg = await page(m.memberId);
    expect(pg.member.status).toBe('active');
    expect(pg.history.map((e: { kind: string }) => e.kind)).toContain('leave_rejected');
    expect((await st.service.patch(`/api/v1/members/${m.memberId}`, { address: '新地址' })).status).toBe(200);
  });
});

describe('leaving by rule', () => {
  it('data error: a member flagged by staff gets one automatic request; a rejection holds until flagged again', async () => {
    const m = await newMember(st, { name: '数据错', idNumber: nextId(), mobile: '13812340004' });
    const flag = await st.service.post(`/api/v1/members/${m.memberId}/data-error`, { flag: '身份证与姓名不符' });
    expect(flag.status).toBe(200);
    const run = await st.service.post('/api/v1/leave-requests/run-rules');
    expect(run.status).toBe(200);
    expect(run.body.dataError).toBeGreaterThanOrEqual(1);
    const list = (await st.manager.get(`/api/v1/leave-requests?memberId=${m.memberId}`)).body;
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ method: 'automatic', rule: 'data_error', reason: 'data_error', status: 'pending', note: '身份证与姓名不符' });
    expect((await page(m.memberId)).member.status).toBe('leaving');
    // running again raises nothing more (one open request per member)
    await st.service.post('/api/v1/leave-requests/run-rules');
    expect((await st.manager.get(`/api/v1/leave-requests?memberId=${m.memberId}`)).body.total).toBe(1);
    await st.manager.post(`/api/v1/leave-requests/${list.items[0].id}/reject`, { note: '已核实' });
    await st.service.post('/api/v1/leave-requests/run-rules');
    expect((await st.manager.get(`/api/v1/leave-requests?memberId=${m.memberId}`)).body.total).toBe(1);
    await st.service.post(`/api/v1/members/${m.memberId}/data-error`, { flag: null });
    await new Promise((r) => setTimeout(r, 5));
    await st.service.post(`/api/v1/members/${m.memberId}/data-error`, { flag: '地址错误' });
    await st.service.post('/api/v1/leave-requests/run-rules');
    expect((await st.manager.get(`/api/v1/leave-requests?memberId=${m.memberId}&status=pending`)).body.total).toBe(1);
  });

  it('invalid contact: after N notices in a row did not reach the member', async () => {
    const m = await newMember(st, { name: '联系不上', idNumber: nextId() });
    const record = (result: string) => st.service.post(`/api/v1/members/${m.memberId}/notices/record`, { channel: 'phone', result, note: '电话' });
    await record('unreached');
    await record('unreached');
    await st.service.post('/api/v1/leave-requests/run-rules');
    expect((await st.manager.get(`/api/v1/leave-requests?memberId=${m.memberId}`)).body.total).toBe(0);
    await record('unreached');
    const run = await st.service.post('/api/v1/leave-requests/run-rules');
    expect(run.body.invalidContact).toBe(1);
    const [req] = (await st.manager.get(`/api/v1/leave-requests?memberId=${m.memberId}`)).body.items;
    expect(req).toMatchObject({ rule: 'invalid_contact', reason: 'invalid_contact', method: 'automatic', note: '3 notices failed in a row' });
    // a call that reaches the member resets the count; a rejected request is not raised again for the same failures
    await st.manager.post(`/api/v1/leave-requests/${req.id}/reject`, {});
    await st.service.post('/api/v1/leave-requests/run-rules');
    expect((await st.manager.get(`/api/v1/leave-requests?memberId=${m.memberId}&status=pending`)).body.total).toBe(0);
  });

  it('term expired: members past the configured term (the job runs with the company clock)', async () => {
    const m = await newMember(st, { name: '到期', idNumber: nextId(), mobile: '13812340005' });
    const none = await t.db.transaction((tx) => raiseAutomaticLeaveRequests(tx, systemActor('leave rules'), { ...rules, termMonths: 12 }));
    expect(none.termExpired).toBe(0);
    const later = new Date(Date.now() + 400 * 24 * 3600_000);
    const report = await t.db.transaction((tx) => raiseAutomaticLeaveRequests(tx, systemActor('leave rules'), { ...rules, termMonths: 12 }, later));
    expect(report.termExpired).toBeGreaterThanOrEqual(1);
    const [req] = (await st.manager.get(`/api/v1/leave-requests?memberId=${m.memberId}`)).body.items;
    expect(req).toMatchObject({ rule: 'term_expired', reason: 'expired', requestedBy: 'leave rules' });
    const audit = await st.admin.get('/api/v1/audit?action=leave.automatic');
    expect(audit.body.items.some((a: { changes: { rule: string; members: number[] } }) => a.changes.rule === 'term_expired' && a.changes.members.includes(m.memberId))).toBe(true);
  });
});
