// Applications and screening on arrival (SPEC §2.1), through the API, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { describeOnPostgres } from '../../../test/helpers/db.ts';
import { apply, newMember, nextId, staff, withWrongCheckDigit, type Staff } from '../../../test/helpers/membership.ts';
import { systemActor } from '../auth/actor.ts';
import { raiseAutomaticApplication } from './service.ts';

let t: TestApp;
let st: Staff;
let website: Session;
beforeAll(async () => {
  // the website's calls come through a proxy that names the visitor (X-Forwarded-For)
  t = await startTestApp({ publicRateLimit: 8, trustProxy: ['127.0.0.1'] });
  st = await staff(t);
  const roles = (await st.admin.get('/api/v1/roles')).body as { id: number; code: string }[];
  const token = await st.admin.post('/api/v1/api-tokens', { name: '官网', roleId: roles.find((r) => r.code === 'integration')!.id });
  const auth = { authorization: `Bearer ${token.body.token}` };
  website = {
    cookie: '',
    get: (url, h) => t.anonymous.get(url, { ...auth, ...h }),
    post: (url, b, h) => t.anonymous.post(url, b, { ...auth, ...h }),
    patch: (url, b, h) => t.anonymous.patch(url, b, { ...auth, ...h }),
    delete: (url, h) => t.anonymous.delete(url, { ...auth, ...h }),
  };
});
afterAll(async () => { await t?.close(); });

const queue = async () => (await st.manager.get('/api/v1/applications?status=pending&pageSize=100')).body as { total: number; items: { id: number; name: string; status: string }[] };
const allApplications = async () => (await st.manager.get('/api/v1/applications?pageSize=1')).body.total as number;
const memberCount = async () => (await st.manager.get('/api/v1/members?pageSize=1')).body.total as number;

describe('entering an application', () => {
  it('a new person from the service centre waits for review with a readable application number', async () => {
    const r = await apply(st.service, { name: '李梅', idNumber: nextId(), mobile: '139 0571 2233', subChannel: 'magazine' });
    expect(r.status).toBe(200);
    expect(r.body.screening).toBe('pending');
    expect(r.body.application).toMatchObject({ status: 'pending', method: 'manual', channel: 'service_center', subChannel: 'magazine', mobile: '13905712233' });
    expect(r.body.application.applicationNo).toMatch(/^A20\d{2}\d{6}$/);
    expect(r.body.application.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect((await queue()).items.map((a) => a.name)).toContain('李梅');
  });

  it('bad input gets a localised 400 naming every field, and nothing is stored', async () => {
    const before = await allApplications();
    const bad = await apply(st.service, { name: '错误', channel: 'shop', idNumber: withWrongCheckDigit(nextId()), mobile: '1390571223' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const fields = bad.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['channel', 'idNumber', 'mobile']);
    expect(bad.body.error.message).toContain('校验位');
    expect(bad.body.error.message).toContain('11 位');
    const en = await apply(st.service, { name: 'Wrong', channel: 'shop', idNumber: withWrongCheckDigit(nextId()), mobile: '1390571223' }, );
    expect(en.status).toBe(400);
    const enBody = (await st.service.post('/api/v1/applications', { name: 'Wrong', channel: 'shop', idNumber: withWrongCheckDigit(nextId()), mobile: '1390571223' }, { 'accept-language': 'en' })).body;
    expect(enBody.error.message).toContain('check digit');
    expect(enBody.error.message).toContain('11-digit');
    expect(enBody.error.message).toContain('shop');
    expect(await allApplications()).toBe(before);
  });

  it('channel rules: service-centre applications name a sub-channel of the service centre; the website uses its API', async () => {
    const noSub = await st.service.post('/api/v1/applications', { name: '王', idNumber: nextId(), channel: 'service_center' }, { 'accept-language': 'en' });
    expect(noSub.status).toBe(400);
    expect(noSub.body.error.details).toEqual([{ field: 'subChannel', issue: expect.stringContaining('sub-channel') }]);
    const wrongSub = await apply(st.service, { name: '王', idNumber: nextId(), channel: 'sales_office', subChannel: 'event' });
    expect(wrongSub.status).toBe(400);
    expect(wrongSub.body.error.details[0].field).toBe('subChannel');
    const subAsTop = await apply(st.service, { name: '王', idNumber: nextId(), channel: 'event', subChannel: null });
    expect(subAsTop.status).toBe(400);
    expect(subAsTop.body.error.details[0].field).toBe('channel');
    const site = await apply(st.service, { name: '王', idNumber: nextId(), channel: 'website', subChannel: null });
    expect(site.status).toBe(400);
    expect(site.body.error.details[0].field).toBe('channel');
    const noId = await apply(st.service, { name: '王', idNumber: '' });
    expect(noId.status).toBe(400);
  });

  it('only holders of member.apply may enter applications', async () => {
    const manager = await st.manager.post('/api/v1/applications', { name: '赵', idNumber: nextId(), channel: 'sales_office' });
    expect(manager.status).toBe(403);
  });
});

describe('screening by ID number on arrival', () => {
  it('an existing member applying again at the service centre is refused as "already a member", nothing stored', async () => {
    const id = nextId();
    const m = await newMember(st, { name: '周建国', idNumber: id, mobile: '13600001111' });
    const before = await allApplications();
    const again = await apply(st.service, { name: '周建国', idNumber: id.toLowerCase(), subChannel: 'exhibition' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MEMBER_ALREADY_EXISTS');
    expect(again.body.error.message).toContain('已是会员');
    expect(again.body.error.message).toContain(m.memberNo);
    const en = await st.service.post('/api/v1/applications', { name: '周建国', idNumber: id, channel: 'service_center', subChannel: 'sp' }, { 'accept-language': 'en' });
    expect(en.body.error.message).toContain('already belongs to a member');
    expect(await allApplications()).toBe(before);
  });

  it('from the website: refused the same way', async () => {
    const id = nextId();
    await newMember(st, { name: '钱芳', idNumber: id, mobile: '13600002222' });
    const before = await allApplications();
    const r = await website.post('/api/v1/website/applications', { externalId: 'web-dup-1', name: '钱芳', idNumber: id, mobile: '13600002222' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('MEMBER_ALREADY_EXISTS');
    expect(await allApplications()).toBe(before);
  });

  it('from the sales office: no new member, the application is kept as linked to the member', async () => {
    const id = nextId();
    const m = await newMember(st, { name: '孙丽', idNumber: id, mobile: '13600003333' });
    const members = await memberCount();
    const r = await apply(st.service, { name: '孙丽', idNumber: id, mobile: '13600003334', channel: 'sales_office', subChannel: null });
    expect(r.status).toBe(200);
    expect(r.body.screening).toBe('linked');
    expect(r.body.application).toMatchObject({ status: 'linked', outcome: 'linked_existing', memberId: m.memberId });
    expect(r.body.member.memberNo).toBe(m.memberNo);
    expect(r.body.linking.case).toBe('non_buyer');
    expect(await memberCount()).toBe(members);
    expect((await queue()).items.some((a) => a.id === r.body.application.id)).toBe(false);
    const page = (await st.manager.get(`/api/v1/members/${m.memberId}`)).body;
    expect(page.applications.map((a: { id: number }) => a.id)).toContain(r.body.application.id);
    expect(page.history.map((e: { kind: string }) => e.kind)).toContain('application_linked');
  });
});

describe('a customer whose application waits for review', () => {
  it('does not apply again: a localised 409 naming the waiting application, nothing stored; the customer page shows it instead, and the member once approved', async () => {
    const id = nextId();
    const c = await st.service.post('/api/v1/customers', { name: '韩梅', idNumber: id, mobile: '13700005555' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const page = async () => (await st.service.get(`/api/v1/customers/${c.body.id}`)).body;
    expect(await page()).toMatchObject({ member: null, pendingApplication: null });
    const first = await apply(st.service, { name: '韩梅', idNumber: id, customerId: c.body.id, subChannel: 'magazine' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const a = first.body.application;
    expect((await page()).pendingApplication).toMatchObject({ id: a.id, applicationNo: a.applicationNo });
    const stored = await allApplications();
    // the same customer named again, or found by the ID number: refused in both languages
    const again = await apply(st.service, { name: '韩梅', idNumber: id, customerId: c.body.id, subChannel: 'exhibition' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'APPLICATION_PENDING', message: `韩梅 已有待审核的入会申请 ${a.applicationNo}，请勿重复申请：请等待审核结果，或在该申请上补充信息`,
    });
    const en = await st.service.post('/api/v1/applications', { name: '韩梅', idNumber: id, channel: 'service_center', subChannel: 'sp' }, { 'accept-language': 'en' });
    expect(en.status).toBe(409);
    expect(en.body.error.message).toBe(`韩梅 already has a membership application waiting for review (${a.applicationNo}); do not apply again: wait for the review, or add to that application`);
    expect(await allApplications()).toBe(stored);
    // approved: the page shows the member, nothing pending
    const approved = await st.manager.post(`/api/v1/applications/${a.id}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(await page()).toMatchObject({ member: { id: approved.body.member.id, memberNo: approved.body.member.memberNo }, pendingApplication: null });
  });

  it('a rejected application does not hold the customer back: they may apply again', async () => {
    const id = nextId();
    const c = await st.service.post('/api/v1/customers', { name: '韩雪', idNumber: id, mobile: '13700006666' });
    const first = await apply(st.service, { name: '韩雪', idNumber: id, customerId: c.body.id });
    expect((await st.manager.post(`/api/v1/applications/${first.body.application.id}/reject`, { reason: '资料不全' })).status).toBe(200);
    expect((await st.service.get(`/api/v1/customers/${c.body.id}`)).body.pendingApplication).toBeNull();
    const again = await apply(st.service, { name: '韩雪', idNumber: id, customerId: c.body.id });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await st.service.get(`/api/v1/customers/${c.body.id}`)).body.pendingApplication).toMatchObject({ id: again.body.application.id });
  });
});

describe('automatic applications', () => {
  it('a purchase makes a customer a buyer and raises one automatic application, however often it is replayed', async () => {
    const id = nextId();
    const c = await st.service.post('/api/v1/customers', { name: '郑浩', idNumber: id, mobile: '13700001111', source: 'sales_system' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const p = await st.service.post(`/api/v1/customers/${c.body.id}/purchases`, { project: '滨江壹号', unit: '3-1201', priceFen: 300_000_000 });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const pending = (await queue()).items.filter((a) => a.name === '郑浩');
    expect(pending).toHaveLength(1);
    const detail = (await st.manager.get(`/api/v1/applications/${pending[0].id}`)).body;
    expect(detail.application).toMatchObject({ method: 'automatic', purchaseId: p.body.id, customerId: c.body.id, status: 'pending' });
    expect(detail.purchases.map((x: { id: number }) => x.id)).toEqual([p.body.id]);
    // the event replayed (e.g. the sales system sends the purchase again)
    const replay = await t.db.transaction((tx) => raiseAutomaticApplication(tx, systemActor('test'), { customerId: c.body.id, purchaseId: p.body.id }));
    expect(replay.replayed).toBe(true);
    expect(replay.application.id).toBe(pending[0].id);
    expect((await queue()).items.filter((a) => a.name === '郑浩')).toHaveLength(1);
  });

  it("a member's new purchase goes straight to data linking: no review, no new member", async () => {
    const id = nextId();
    const m = await newMember(st, { name: '冯雪', idNumber: id, mobile: '13700002222' });
    const page = (await st.manager.get(`/api/v1/members/${m.memberId}`)).body;
    const members = await memberCount();
    const p = await st.service.post(`/api/v1/customers/${page.member.customerId}/purchases`, { project: '西溪望府', unit: '2-502', priceFen: 500_000_000 });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const after = (await st.manager.get(`/api/v1/members/${m.memberId}`)).body;
    const auto = after.applications.find((a: { method: string }) => a.method === 'automatic');
    expect(auto).toMatchObject({ status: 'linked', purchaseId: p.body.id, linkedPurchaseId: p.body.id, memberId: m.memberId });
    expect(after.purchases.map((x: { id: number }) => x.id)).toEqual([p.body.id]);
    expect(await memberCount()).toBe(members);
    expect((await queue()).items.some((a) => a.id === auto.id)).toBe(false);
  });
});

describe('the website API', () => {
  it('accepts an application once per website id, strictly validated', async () => {
    const body = { externalId: 'web-1001', name: '陈晨', idNumber: nextId(), mobile: '13800138000', email: 'chenchen@example.com' };
    const first = await website.post('/api/v1/website/applications', body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'pending', replayed: false });
    const again = await website.post('/api/v1/website/applications', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const list = (await st.manager.get('/api/v1/applications?channel=website&pageSize=100')).body;
    expect(list.items.filter((a: { externalId: string }) => a.externalId === 'web-1001')).toHaveLength(1);
    expect(list.items.find((a: { externalId: string }) => a.externalId === 'web-1001')).toMatchObject({ channel: 'website', submittedBy: 'token:官网' });

    const extra = await website.post('/api/v1/website/applications', { ...body, externalId: 'web-1002', vip: true }, { 'accept-language': 'en' });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toContain('vip');
    const noMobile = await website.post('/api/v1/website/applications', { externalId: 'web-1003', name: '陈晨', idNumber: nextId() });
    expect(noMobile.status).toBe(400);
    expect(noMobile.body.error.details[0].field).toBe('mobile');
    const staffCannot = await st.service.post('/api/v1/website/applications', { ...body, externalId: 'web-1004' });
    expect(staffCannot.status).toBe(403);
  });

  it('has its own rate limit per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await website.post('/api/v1/website/applications', { externalId: `web-rate-${i}`, name: '限流', idNumber: 'bad' }, { 'x-forwarded-for': '203.0.113.9' });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.body.error.code).toBe('RATE_LIMITED');
        expect(r.body.error.message).toContain('请求过于频繁');
      }
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 8).every((s) => s === 400)).toBe(true);
    // another address is not affected
    const other = await website.post('/api/v1/website/applications', { externalId: 'web-rate-x', name: '限流', idNumber: 'bad' }, { 'x-forwarded-for': '203.0.113.10' });
    expect(other.status).toBe(400);
  });
});

describeOnPostgres('at the same moment (PostgreSQL)', () => {
  it('the same website application sent five times at once is stored once', async () => {
    const body = { externalId: 'web-race-1', name: '并发网', idNumber: nextId(), mobile: '13800138111' };
    const replies = await Promise.all(Array.from({ length: 5 }, () => website.post('/api/v1/website/applications', body, { 'x-forwarded-for': '198.51.100.7' })));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(replies.map((r) => r.body.applicationNo)).size).toBe(1);
    expect(replies.filter((r) => !r.body.replayed)).toHaveLength(1);
    const list = (await st.manager.get('/api/v1/applications?q=%E5%B9%B6%E5%8F%91%E7%BD%91')).body;
    expect(list.total).toBe(1);
  });

  it('a purchase event replayed concurrently raises one automatic application', async () => {
    const c = await st.service.post('/api/v1/customers', { name: '并发购', idNumber: nextId(), mobile: '13800138222' });
    const p = await st.service.post(`/api/v1/customers/${c.body.id}/purchases`, { project: '并发苑', unit: '1-1', priceFen: 100_000_000 });
    const results = await Promise.all(Array.from({ length: 4 }, () =>
      t.db.transaction((tx) => raiseAutomaticApplication(tx, systemActor('sales system'), { customerId: c.body.id, purchaseId: p.body.id }))));
    expect(new Set(results.map((r) => r.application.id)).size).toBe(1);
    expect((await st.manager.get(`/api/v1/applications?q=${encodeURIComponent('并发购')}`)).body.total).toBe(1);
  });
});
