// Members (会员): search by any field, the member page, profile edits kept as change records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { apply, newMember, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';

let t: TestApp;
let st: Staff;
let first: { memberId: number; memberNo: string; applicationId: number };
let firstId: string;
beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
  firstId = nextId('19790102');
  first = await newMember(st, { name: '欧阳娜娜', idNumber: firstId, mobile: '13712340001', homePhone: '0571-87654321', email: 'ouyang@example.com' });
  await newMember(st, { name: '杨洋', idNumber: nextId(), mobile: '13712340002', channel: 'sales_office', subChannel: null });
  await newMember(st, { name: '杨阳', idNumber: nextId(), mobile: '13712340003', subChannel: 'referral' });
});
afterAll(async () => { await t?.close(); });

const search = async (query: string) => {
  const r = await st.service.get(`/api/v1/members?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { total: number; items: { id: number; memberNo: string; name: string; idNumber: string; channel: string }[] };
};

describe('searching members', () => {
  it('by any field: member no., name, pinyin, mobile, home phone, ID number (through its hash)', async () => {
    expect((await search(`q=${first.memberNo}`)).items.map((m) => m.id)).toEqual([first.memberId]);
    expect((await search(`q=${first.memberNo.toLowerCase()}`)).items.map((m) => m.id)).toEqual([first.memberId]);
    expect((await search(`q=${encodeURIComponent('娜娜')}`)).items.map((m) => m.name)).toEqual(['欧阳娜娜']);
    expect((await search('q=ouyang')).items.map((m) => m.name)).toEqual(['欧阳娜娜']);
    expect((await search('q=137-1234-0001')).items.map((m) => m.id)).toEqual([first.memberId]);
    expect((await search('q=057187654321')).items.map((m) => m.id)).toEqual([first.memberId]);
    const byId = await search(`q=${firstId.toLowerCase()}`);
    expect(byId.items.map((m) => m.id)).toEqual([first.memberId]);
    expect(byId.items[0].idNumber).toBe(`${firstId.slice(0, 4)}**********${firstId.slice(-4)}`);
    expect((await search(`idNumber=${firstId}`)).total).toBe(1);
    expect((await search(`q=${encodeURIComponent('杨')}`)).items.map((m) => m.name).sort()).toEqual(['杨洋', '杨阳']);
    expect((await search('q=nobody-here')).total).toBe(0);
  });

  it('by status, channel, sub-channel and join date (company days)', async () => {
    expect((await search('channel=sales_office')).items.map((m) => m.name)).toEqual(['杨洋']);
    expect((await search('subChannel=referral')).items.map((m) => m.name)).toEqual(['杨阳']);
    expect((await search('status=active')).total).toBe(3);
    expect((await search('status=archived')).total).toBe(0);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect((await search(`joinedFrom=${today}&joinedTo=${today}`)).total).toBe(3);
    expect((await search('joinedTo=2020-01-01')).total).toBe(0);
    const bad = await st.service.get('/api/v1/members?status=gone&joinedFrom=yesterday', { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['joinedFrom', 'status']);
  });

  it('pages on the server', async () => {
    const p1 = await search('pageSize=2&page=1');
    const p2 = await search('pageSize=2&page=2');
    expect(p1.total).toBe(3);
    expect(p1.items).toHaveLength(2);
    expect(p2.items).toHaveLength(1);
    expect(new Set([...p1.items, ...p2.items].map((m) => m.id)).size).toBe(3);
  });
});

describe('the member page and profile edits', () => {
  it('edits by the service centre go through the customer record; each changed field is a change record (who, when, old → new)', async () => {
    const r = await st.service.patch(`/api/v1/members/${first.memberId}`, { mobile: '13712349999', address: '杭州市滨江区江南大道 88 号', email: 'ouyang@example.com' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.changed.sort()).toEqual(['address', 'mobile']);
    const newId = nextId('19790102');
    expect((await st.service.patch(`/api/v1/members/${first.memberId}`, { idNumber: newId })).status).toBe(200);
    const pg = (await st.manager.get(`/api/v1/members/${first.memberId}`)).body;
    expect(pg.customer).toMatchObject({ mobile: '13712349999', address: '杭州市滨江区江南大道 88 号' });
    const changes = pg.history.filter((e: { kind: string }) => e.kind === 'profile_changed');
    const records = changes.map((e: { field: string; oldValue: string; newValue: string; actorName: string }) => [e.field, e.oldValue, e.newValue, e.actorName]);
    expect(records).toEqual(expect.arrayContaining([
      ['mobile', '13712340001', '13712349999', 'service'],
      ['address', null, '杭州市滨江区江南大道 88 号', 'service'],
      ['idNumber', `${firstId.slice(0, 4)}**********${firstId.slice(-4)}`, `${newId.slice(0, 4)}**********${newId.slice(-4)}`, 'service'],
    ]));
    // the birthday and gender carried by the new ID number follow it (the customers service derives them)
    expect(records.every((r: string[]) => ['mobile', 'address', 'idNumber', 'gender', 'birthday'].includes(r[0]))).toBe(true);
    expect(JSON.stringify(pg)).not.toContain(newId);
    expect(new Date(changes[0].at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // nothing changed → nothing recorded
    const same = await st.service.patch(`/api/v1/members/${first.memberId}`, { mobile: '137 1234 9999' });
    expect(same.body.changed).toEqual([]);
    expect((await st.manager.get(`/api/v1/members/${first.memberId}`)).body.history.filter((e: { kind: string }) => e.kind === 'profile_changed')).toHaveLength(records.length);
  });

  it('only service-centre roles may edit; bad values are a localised 400 and change nothing', async () => {
    const byManager = await st.manager.patch(`/api/v1/members/${first.memberId}`, { mobile: '13700000000' });
    expect(byManager.status).toBe(403);
    const bad = await st.service.patch(`/api/v1/members/${first.memberId}`, { mobile: '1370000000', idNumber: '330106198501010000' }, { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['idNumber', 'mobile']);
    const pg = (await st.manager.get(`/api/v1/members/${first.memberId}`)).body;
    expect(pg.customer.mobile).toBe('13712349999');
  });

  it("another member's ID number is refused", async () => {
    const other = await newMember(st, { name: '冲突', idNumber: nextId(), mobile: '13712340009' });
    const theirs = (await st.manager.get(`/api/v1/members/${other.memberId}`)).body.customer;
    const id = nextId();
    await st.service.patch(`/api/v1/members/${other.memberId}`, { idNumber: id });
    const r = await st.service.patch(`/api/v1/members/${first.memberId}`, { idNumber: id });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('MEMBER_ALREADY_EXISTS');
    expect(theirs.id).toBeGreaterThan(0);
  });

  it('the page shows the profile masked, every application (merged ones too), history, notices and leave requests', async () => {
    const a = await apply(st.service, { name: '欧阳娜娜', idNumber: nextId(), mobile: '13712349999', subChannel: 'exhibition' });
    const p = await apply(st.service, { name: '欧阳娜娜', idNumber: nextId(), subChannel: 'magazine' });
    await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, { memberIds: [first.memberId], pendingIds: [p.body.application.id], confirmDifferentId: true });
    const pg = (await st.manager.get(`/api/v1/members/${first.memberId}`)).body;
    expect(pg.applications.map((x: { id: number; status: string }) => [x.id, x.status])).toEqual([
      [first.applicationId ?? pg.applications[0].id, 'approved'], [a.body.application.id, 'approved'], [p.body.application.id, 'merged'],
    ]);
    expect(pg.applications.every((x: Record<string, unknown>) => !('idNumberEnc' in x) && !('idNumberHash' in x))).toBe(true);
    expect(pg.customer.idNumberRevealed).toBe(false);
    expect(pg.notices.length).toBeGreaterThan(0);
    expect(pg.leaveRequests).toEqual([]);
    expect(pg.history.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['joined', 'linked', 'profile_changed', 'application_merged']));
    expect((await st.manager.get('/api/v1/members/999999')).status).toBe(404);
  });
});

describe('data scope', () => {
  it("a sales office sees its own department's members only", async () => {
    const sales = await t.userWithRoles('binjiang', ['sales'], { department: '滨江案场' });
    const id = nextId();
    const c = await sales.post('/api/v1/customers', { name: '滨江业主', idNumber: id, mobile: '13712348888' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const a = await sales.post('/api/v1/applications', { name: '滨江业主', idNumber: id, channel: 'sales_office' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    const r = await st.manager.post(`/api/v1/applications/${a.body.application.id}/approve`, {});
    expect(r.status).toBe(200);
    const seen = (await sales.get('/api/v1/members?pageSize=100')).body;
    expect(seen.items.map((m: { name: string }) => m.name)).toEqual(['滨江业主']);
    expect((await sales.get(`/api/v1/members/${r.body.member.id}`)).status).toBe(200);
    expect((await sales.get(`/api/v1/members/${first.memberId}`)).status).toBe(404);
    expect((await st.service.get('/api/v1/members?pageSize=100')).body.total).toBeGreaterThan(1);
  });
});
