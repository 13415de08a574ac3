// Sales (线索、商机、跟进、漏斗) through the HTTP API: what a sales consultant and a manager check.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';

let t: TestApp;
let admin: Session;
let xixiA: Session; // sales, 西溪案场
let xixiB: Session; // sales, 西溪案场 (a colleague)
let binjiang: Session; // sales, 滨江案场
let manager: Session; // manager: read + assign, all
let service: Session; // no sales permission
let solo: Session; // own data scope, sales.read + sales.write
const ids: Record<string, number> = {};

const ok = async (p: Promise<{ status: number; body: any }>) => {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const shanghaiDay = (at = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const today = () => shanghaiDay();
const en = { 'accept-language': 'en' };

async function userId(s: Session) {
  return (await ok(s.get('/api/v1/auth/me'))).user.id as number;
}
async function lead(s: Session, body: Record<string, unknown> = {}) {
  return (await ok(s.post('/api/v1/sales/leads', { name: '王意向', source: 'call', ...body }))).lead;
}
async function auditOf(entityType: string, id: number) {
  return (await admin.get(`/api/v1/audit?entityType=${entityType}&entityId=${id}&pageSize=50`)).body.items as { action: string; changes?: unknown; before?: unknown; after?: unknown }[];
}
async function customer(s: Session, name: string, mobile: string) {
  return (await ok(s.post('/api/v1/customers', { name, mobile }))).id as number;
}

beforeAll(async () => {
  t = await startTestApp({ timeZone: 'Asia/Shanghai' });
  admin = await t.signIn();
  xixiA = await t.userWithRoles('xixi_a', ['sales'], { department: '西溪案场' });
  xixiB = await t.userWithRoles('xixi_b', ['sales'], { department: '西溪案场' });
  binjiang = await t.userWithRoles('binjiang', ['sales'], { department: '滨江案场' });
  manager = await t.userWithRoles('sales_mgr', ['manager']);
  service = await t.userWithRoles('no_sales', ['service']);
  await ok(admin.post('/api/v1/roles', { code: 'sales_own', nameZh: '置业顾问（本人）', nameEn: 'Consultant (own)', dataScope: 'own', permissions: ['sales.read', 'sales.write', 'customer.read'] }));
  solo = await t.userWithRoles('solo', ['sales_own'], { department: '西溪案场' });
  for (const [login, s] of Object.entries({ xixi_a: xixiA, xixi_b: xixiB, binjiang, solo, sales_mgr: manager })) ids[login] = await userId(s);
});
afterAll(async () => { await t?.close(); });

describe('leads', () => {
  it('creates a lead in the owner’s department, lists it with the mobile masked, shows it in full on its page, audited', async () => {
    const l = await lead(xixiA, { name: '陈购房', mobile: '+86 139-1234-5678', intention: '西溪雲庐 120㎡ 三房', nextFollowUpOn: addDays(today(), 2) });
    expect(l).toMatchObject({ status: 'new', mobile: '13912345678', ownerId: ids.xixi_a, ownerName: 'xixi_a', department: '西溪案场', source: 'call' });
    const list = await ok(xixiA.get('/api/v1/sales/leads?q=陈购房'));
    expect(list.items.map((i: { mobile: string }) => i.mobile)).toEqual(['139****5678']);
    const page = await ok(xixiA.get(`/api/v1/sales/leads/${l.id}`));
    expect(page).toMatchObject({ mobile: '13912345678', followUps: [], duplicate: null, intention: '西溪雲庐 120㎡ 三房' });
    expect((await auditOf('salesLead', l.id)).map((a) => a.action)).toEqual(['salesLead.create']);
  });

  it('warns when a live customer holds the same mobile, without doubling anything', async () => {
    const cid = await customer(xixiA, '刘已购', '13800001111');
    const r = await ok(xixiA.post('/api/v1/sales/leads', { name: '刘已购', mobile: '138 0000 1111', source: 'visit' }));
    expect(r.duplicate).toEqual({ customerId: cid, name: '刘已购', inScope: true, isMember: false });
    // another office sees only that someone holds it, not who
    const other = await ok(binjiang.post('/api/v1/sales/leads', { name: '刘某', mobile: '13800001111', source: 'visit' }));
    expect(other.duplicate).toEqual({ customerId: null, name: '刘**', inScope: false, isMember: false });
    const none = await ok(xixiA.post('/api/v1/sales/leads', { name: '新客', mobile: '13800002222', source: 'visit' }));
    expect(none.duplicate).toBeNull();
  });

  it('a follow-up moves the lead to following and its next date; the timeline lists the newest first', async () => {
    const l = await lead(xixiA, { name: '跟进甲' });
    const f1 = await ok(xixiA.post(`/api/v1/sales/leads/${l.id}/follow-ups`, { method: 'phone', content: '电话沟通，周末来案场', nextFollowUpOn: addDays(today(), 3), followedAt: new Date(Date.now() - 3_600_000).toISOString() }));
    expect(f1.nextFollowUpOn).toBe(addDays(today(), 3));
    await ok(xixiA.post(`/api/v1/sales/leads/${l.id}/follow-ups`, { method: 'visit', content: '到访看样板间', nextFollowUpOn: addDays(today(), 1) }));
    const page = await ok(xixiA.get(`/api/v1/sales/leads/${l.id}`));
    expect(page.status).toBe('following');
    expect(page.nextFollowUpOn).toBe(addDays(today(), 1));
    expect(page.followUps.map((f: { content: string; byName: string }) => [f.content, f.byName])).toEqual([['到访看样板间', 'xixi_a'], ['电话沟通，周末来案场', 'xixi_a']]);
    expect((await auditOf('salesLead', l.id)).filter((a) => a.action === 'salesFollowUp.create')).toHaveLength(2);
  });

  it('marks a lead lost with a reason; a lost lead is read-only', async () => {
    const l = await lead(xixiA, { name: '无效乙' });
    const noReason = await xixiA.post(`/api/v1/sales/leads/${l.id}/lose`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('lostReason');
    const lost = await ok(xixiA.post(`/api/v1/sales/leads/${l.id}/lose`, { lostReason: 'competitor', lostNote: '买了隔壁盘' }));
    expect(lost).toMatchObject({ status: 'lost', lostReason: 'competitor', nextFollowUpOn: null });
    const again = await xixiA.post(`/api/v1/sales/leads/${l.id}/follow-ups`, { method: 'phone', content: '再联系' });
    expect(again.status).toBe(422);
    expect(again.body.error.message).toContain('无效乙');
    const edit = await xixiA.patch(`/api/v1/sales/leads/${l.id}`, { name: '改名' }, en);
    expect(edit.status).toBe(422);
    expect(edit.body.error.message).toBe('Lead “无效乙” is lost; it can no longer be edited or followed up');
  });

  it('converting creates the customer with the lead’s owner and department, and can open an opportunity', async () => {
    const l = await lead(xixiA, { name: '转化丙', mobile: '13700003333', intention: '叠墅' });
    const r = await ok(xixiA.post(`/api/v1/sales/leads/${l.id}/convert`, { opportunity: { title: '转化丙 叠墅', expectedAmountFen: 500_000_000 } }));
    expect(r).toMatchObject({ customerCreated: true, lead: { status: 'converted', customerId: r.customerId } });
    const c = (await ok(xixiA.get(`/api/v1/customers/${r.customerId}`))).customer;
    expect(c).toMatchObject({ name: '转化丙', mobile: '13700003333', ownerId: ids.xixi_a, department: '西溪案场' });
    const o = await ok(xixiA.get(`/api/v1/sales/opportunities/${r.opportunityId}`));
    expect(o).toMatchObject({ customerId: r.customerId, leadId: l.id, stage: 'first_visit', intention: '叠墅', ownerId: ids.xixi_a, department: '西溪案场', expectedAmountFen: 500_000_000 });
    const page = await ok(xixiA.get(`/api/v1/sales/leads/${l.id}`));
    expect(page).toMatchObject({ customerName: '转化丙', opportunities: [{ id: r.opportunityId, stage: 'first_visit' }] });
    expect((await auditOf('salesLead', l.id)).map((a) => a.action)).toContain('salesLead.convert');
    expect((await xixiA.post(`/api/v1/sales/leads/${l.id}/convert`, {})).status).toBe(422);
  });

  it('converting a lead whose mobile a customer holds links that customer instead of making a second one', async () => {
    const cid = await customer(xixiA, '周老客', '13700004444');
    const l = await lead(xixiA, { name: '周老客', mobile: '13700004444' });
    const r = await ok(xixiA.post(`/api/v1/sales/leads/${l.id}/convert`, {}));
    expect(r).toMatchObject({ customerId: cid, customerCreated: false, opportunityId: null });
    const same = await ok(admin.get('/api/v1/customers?mobile=13700004444'));
    expect(same.total).toBe(1);
  });

  it('converting to a customer outside the scope is refused naming the field, nothing changes', async () => {
    const cid = await customer(binjiang, '滨江客', '13700005555');
    const l = await lead(xixiA, { name: '跨区' });
    const r = await xixiA.post(`/api/v1/sales/leads/${l.id}/convert`, { customerId: cid });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe('customerId');
    expect((await ok(xixiA.get(`/api/v1/sales/leads/${l.id}`))).status).toBe('new');
  });
});

describe('bad input: localised, naming the field, nothing changed', () => {
  it('refuses a bad mobile, an unknown source and a past next date in zh-CN (default) and en', async () => {
    const before = (await ok(admin.get('/api/v1/sales/leads?pageSize=1'))).total;
    const zh = await xixiA.post('/api/v1/sales/leads', { name: '坏号码', mobile: '12345', source: 'call' });
    expect(zh.status).toBe(400);
    expect(zh.body.error.details).toEqual([{ field: 'mobile', issue: '手机号应为 11 位中国大陆号码' }]);
    expect(zh.body.error.message).toContain('手机号');
    const src = await xixiA.post('/api/v1/sales/leads', { name: '坏来源', source: 'tv_ad' }, en);
    expect(src.status).toBe(400);
    expect(src.body.error.details[0].field).toBe('source');
    expect(src.body.error.message).toMatch(/Lead sources/);
    const past = await xixiA.post('/api/v1/sales/leads', { name: '过去', source: 'call', nextFollowUpOn: addDays(today(), -1) }, en);
    expect(past.status).toBe(400);
    expect(past.body.error.details).toEqual([{ field: 'nextFollowUpOn', issue: `cannot be before today (${today()})` }]);
    const noName = await xixiA.post('/api/v1/sales/leads', { name: '  ', source: 'call' });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details[0].field).toBe('name');
    const money = await xixiA.post('/api/v1/sales/opportunities', { customerId: 1, title: 'x', expectedAmountFen: 12.5 }, en);
    expect(money.status).toBe(400);
    expect(money.body.error.details[0].field).toBe('expectedAmountFen');
    expect((await ok(admin.get('/api/v1/sales/leads?pageSize=1'))).total).toBe(before);
  });

  it('refuses a follow-up with an unknown method or a future time, keeping the lead as it was', async () => {
    const l = await lead(xixiA, { name: '坏跟进', nextFollowUpOn: addDays(today(), 5) });
    const m = await xixiA.post(`/api/v1/sales/leads/${l.id}/follow-ups`, { method: 'pigeon', content: '信鸽', nextFollowUpOn: today() });
    expect(m.status).toBe(400);
    expect(m.body.error.details[0].field).toBe('method');
    const fut = await xixiA.post(`/api/v1/sales/leads/${l.id}/follow-ups`, { method: 'phone', content: '未来', followedAt: new Date(Date.now() + 86_400_000).toISOString() }, en);
    expect(fut.status).toBe(400);
    expect(fut.body.error.details).toEqual([{ field: 'followedAt', issue: 'cannot be in the future' }]);
    const page = await ok(xixiA.get(`/api/v1/sales/leads/${l.id}`));
    expect(page).toMatchObject({ status: 'new', nextFollowUpOn: addDays(today(), 5), followUps: [] });
  });

  it('a department user cannot put a lead in another department', async () => {
    const r = await xixiA.post('/api/v1/sales/leads', { name: '越界', source: 'call', department: '滨江案场' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toEqual({ field: 'department', issue: '您只能处理本部门（西溪案场）的记录' });
  });
});

describe('opportunities and stages', () => {
  let cust: number;
  beforeAll(async () => { cust = await customer(xixiA, '孙商机', '13600001111'); });

  it('moves forwards and backwards with every change in the history; backwards is flagged and audited', async () => {
    const o = await ok(xixiA.post('/api/v1/sales/opportunities', { customerId: cust, title: '孙商机 洋房', expectedAmountFen: 300_000_000 }));
    expect(o).toMatchObject({ stage: 'first_visit', customerName: '孙商机', ownerName: 'xixi_a' });
    await ok(xixiA.post(`/api/v1/sales/opportunities/${o.id}/stage`, { stage: 'revisit' }));
    await ok(xixiA.post(`/api/v1/sales/opportunities/${o.id}/stage`, { stage: 'deposit', note: '交认筹金 2 万' }));
    const back = await ok(xixiA.post(`/api/v1/sales/opportunities/${o.id}/stage`, { stage: 'revisit', note: '退筹，再看看' }));
    expect(back.stage).toBe('revisit');
    expect(back.history.map((h: { fromStage: string | null; toStage: string; backwards: boolean; byName: string }) => [h.fromStage, h.toStage, h.backwards, h.byName])).toEqual([
      [null, 'first_visit', false, 'xixi_a'], ['first_visit', 'revisit', false, 'xixi_a'], ['revisit', 'deposit', false, 'xixi_a'], ['deposit', 'revisit', true, 'xixi_a'],
    ]);
    expect(back.history[3].note).toBe('退筹，再看看');
    const audit = await auditOf('salesOpportunity', o.id);
    expect(audit.filter((a) => a.action === 'salesOpportunity.stage')).toHaveLength(3);
    const same = await xixiA.post(`/api/v1/sales/opportunities/${o.id}/stage`, { stage: 'revisit' });
    expect(same.status).toBe(400);
    expect(same.body.error.details[0].field).toBe('stage');
  });

  it('won and lost close it read-only; lost needs a reason; reopening is recorded and audited', async () => {
    const o = await ok(xixiA.post('/api/v1/sales/opportunities', { customerId: cust, title: '孙商机 车位', expectedAmountFen: 20_000_000 }));
    const noReason = await xixiA.post(`/api/v1/sales/opportunities/${o.id}/stage`, { stage: 'lost' }, en);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details).toEqual([{ field: 'lostReason', issue: 'choose a reason' }]);
    const lost = await ok(xixiA.post(`/api/v1/sales/opportunities/${o.id}/stage`, { stage: 'lost', lostReason: 'price' }));
    expect(lost).toMatchObject({ stage: 'lost', lostReason: 'price' });
    expect(lost.closedAt).not.toBeNull();
    const edit = await xixiA.patch(`/api/v1/sales/opportunities/${o.id}`, { title: '改' });
    expect(edit.status).toBe(422);
    expect(edit.body.error.message).toBe('商机“孙商机 车位”已关闭（输单），只读；如需继续请先重新打开');
    expect((await xixiA.post(`/api/v1/sales/opportunities/${o.id}/stage`, { stage: 'revisit' })).status).toBe(422);
    expect((await xixiA.post(`/api/v1/sales/opportunities/${o.id}/follow-ups`, { method: 'phone', content: 'x' })).status).toBe(422);
    const noNote = await xixiA.post(`/api/v1/sales/opportunities/${o.id}/reopen`, { stage: 'revisit' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details[0].field).toBe('note');
    const re = await ok(xixiA.post(`/api/v1/sales/opportunities/${o.id}/reopen`, { stage: 'revisit', note: '客户回头' }));
    expect(re).toMatchObject({ stage: 'revisit', reopenCount: 1, closedAt: null, lostReason: null });
    expect(re.history.at(-1)).toMatchObject({ fromStage: 'lost', toStage: 'revisit', backwards: true, note: '客户回头' });
    expect((await auditOf('salesOpportunity', o.id)).map((a) => a.action)).toContain('salesOpportunity.reopen');
    const open = await xixiA.post(`/api/v1/sales/opportunities/${o.id}/reopen`, { stage: 'revisit', note: '再开' });
    expect(open.status).toBe(422);
    const won = await ok(xixiA.post(`/api/v1/sales/opportunities/${o.id}/stage`, { stage: 'won' }));
    expect(won.stage).toBe('won');
  });

  it('an opportunity needs a customer in the scope', async () => {
    const other = await customer(binjiang, '滨江另一位', '13600002222');
    const r = await xixiA.post('/api/v1/sales/opportunities', { customerId: other, title: '越界' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe('customerId');
  });
});

describe('assignment', () => {
  it('reassigns one lead with an audit line; a user without sales.assign is refused', async () => {
    const l = await lead(xixiA, { name: '分配丁' });
    expect((await xixiA.post(`/api/v1/sales/leads/${l.id}/assign`, { ownerId: ids.xixi_b })).status).toBe(403);
    const r = await ok(manager.post(`/api/v1/sales/leads/${l.id}/assign`, { ownerId: ids.xixi_b, note: '顾问离职交接' }));
    expect(r).toMatchObject({ assigned: 1, ownerId: ids.xixi_b, ownerName: 'xixi_b', department: '西溪案场' });
    expect((await ok(xixiB.get(`/api/v1/sales/leads/${l.id}`))).ownerId).toBe(ids.xixi_b);
    const line = (await auditOf('salesLead', l.id)).find((a) => a.action === 'salesLead.assign');
    expect(JSON.stringify(line)).toContain(String(ids.xixi_b));
  });

  it('batch reassignment is all or nothing and names each bad id', async () => {
    const a = await lead(xixiA, { name: '批量一' });
    const b = await lead(xixiA, { name: '批量二' });
    const lost = await lead(xixiA, { name: '批量无效' });
    await ok(xixiA.post(`/api/v1/sales/leads/${lost.id}/lose`, { lostReason: 'no_need' }));
    const bad = await manager.post('/api/v1/sales/leads/assign', { ids: [a.id, 99999, lost.id, b.id], ownerId: ids.binjiang }, en);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['ids.1', 'ids.2']);
    expect(bad.body.error.details[0].issue).toContain('99999');
    expect((await ok(xixiA.get(`/api/v1/sales/leads/${a.id}`))).ownerId).toBe(ids.xixi_a);
    const good = await ok(manager.post('/api/v1/sales/leads/assign', { ids: [a.id, b.id], ownerId: ids.binjiang }));
    expect(good).toMatchObject({ assigned: 2, department: '滨江案场' });
    expect((await xixiA.get(`/api/v1/sales/leads/${a.id}`)).status).toBe(404);
    expect((await ok(binjiang.get(`/api/v1/sales/leads/${b.id}`))).ownerName).toBe('binjiang');
  });

  it('batch reassigns opportunities; a closed one is named and nothing moves', async () => {
    const cid = await customer(xixiA, '钱批量', '13500001111');
    const o1 = await ok(xixiA.post('/api/v1/sales/opportunities', { customerId: cid, title: '钱批量 一' }));
    const o2 = await ok(xixiA.post('/api/v1/sales/opportunities', { customerId: cid, title: '钱批量 二' }));
    await ok(xixiA.post(`/api/v1/sales/opportunities/${o2.id}/stage`, { stage: 'won' }));
    const bad = await manager.post('/api/v1/sales/opportunities/assign', { ids: [o1.id, o2.id], ownerId: ids.xixi_b });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'ids.1', issue: '商机已关闭（签约或输单）' }]);
    expect((await ok(xixiA.get(`/api/v1/sales/opportunities/${o1.id}`))).ownerId).toBe(ids.xixi_a);
    await ok(manager.post(`/api/v1/sales/opportunities/${o1.id}/assign`, { ownerId: ids.xixi_b }));
    expect((await ok(xixiA.get(`/api/v1/sales/opportunities/${o1.id}`))).ownerName).toBe('xixi_b');
    expect((await auditOf('salesOpportunity', o1.id)).map((a) => a.action)).toContain('salesOpportunity.assign');
  });
});

describe('the funnel', () => {
  it('counts a small known set: now at each stage, reached, conversion, won amount, lost by reason', async () => {
    const dept = '漏斗测试部';
    const c = await customer(admin, '漏斗客', '13400001111');
    const make = async (amount: number, path: string[], lost?: string) => {
      const o = await ok(admin.post('/api/v1/sales/opportunities', { customerId: c, title: `漏斗 ${amount}`, expectedAmountFen: amount, department: dept }));
      for (const st of path) await ok(admin.post(`/api/v1/sales/opportunities/${o.id}/stage`, { stage: st, ...(st === 'lost' ? { lostReason: lost } : {}) }));
      return o.id;
    };
    await make(100, []); // first visit
    await make(200, ['revisit']);
    await make(300, ['revisit', 'deposit', 'subscription', 'won']);
    await make(400, ['revisit', 'deposit', 'lost'], 'price');
    await make(500, ['lost'], 'price');
    await make(600, ['revisit', 'lost'], 'location');
    const f = await ok(admin.get(`/api/v1/sales/funnel?from=${today()}&to=${today()}&department=${encodeURIComponent(dept)}`));
    expect(f.entered).toBe(6);
    expect(f.stages.map((x: { stage: string; count: number; amountFen: number; reached: number }) => [x.stage, x.count, x.amountFen, x.reached])).toEqual([
      ['first_visit', 1, 100, 6], ['revisit', 1, 200, 4], ['deposit', 0, 0, 2], ['subscription', 0, 0, 1], ['won', 1, 300, 1],
    ]);
    expect(f.stages[1].conversion).toBeCloseTo(4 / 6, 4);
    expect(f.won).toEqual({ count: 1, amountFen: 300 });
    expect(f.lost).toEqual({ count: 3, amountFen: 1500, byReason: [{ reason: 'price', count: 2, amountFen: 900 }, { reason: 'location', count: 1, amountFen: 600 }] });
    const none = await ok(admin.get(`/api/v1/sales/funnel?from=${addDays(today(), 1)}&department=${encodeURIComponent(dept)}`));
    expect(none.entered).toBe(0);
    const reversed = await admin.get(`/api/v1/sales/funnel?from=${today()}&to=${addDays(today(), -1)}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0].field).toBe('from');
  });
});

describe('reminders by the company day', () => {
  it('lists my leads and opportunities due today or overdue, oldest first; not tomorrow’s nor others’', async () => {
    const s = await t.userWithRoles('remind_me', ['sales'], { department: '提醒案场' });
    const due = await lead(s, { name: '今天到期', nextFollowUpOn: today() });
    const later = await lead(s, { name: '明天', nextFollowUpOn: addDays(today(), 1) });
    const cid = await customer(s, '提醒商机客', '13300001111');
    const o = await ok(s.post('/api/v1/sales/opportunities', { customerId: cid, title: '提醒商机', nextFollowUpOn: today() }));
    const list = await ok(s.get('/api/v1/sales/follow-ups/due'));
    expect(list.today).toBe(today());
    expect(list.items.map((i: { kind: string; id: number }) => [i.kind, i.id])).toEqual([['lead', due.id], ['opportunity', o.id]]);
    expect(list.items.every((i: { overdueDays: number }) => i.overdueDays === 0)).toBe(true);
    expect(list.items.map((i: { id: number }) => i.id)).not.toContain(later.id);
    // a follow-up with a later date takes it off the list
    await ok(s.post(`/api/v1/sales/leads/${due.id}/follow-ups`, { method: 'wechat', content: '微信发了户型图', nextFollowUpOn: addDays(today(), 2) }));
    expect((await ok(s.get('/api/v1/sales/follow-ups/due'))).items.map((i: { id: number }) => i.id)).toEqual([o.id]);
    // the home page counts the same to-do
    expect((await ok(s.get('/api/v1/home'))).todos.followUpsDue).toBe(1);
    expect((await ok(manager.get('/api/v1/home'))).todos).not.toHaveProperty('followUpsDue');
  });

  it('near midnight the company’s day (Asia/Shanghai) decides, not UTC', async () => {
    const s = await t.userWithRoles('midnight', ['sales'], { department: '午夜案场' });
    // real "today" and "yesterday" in Shanghai are what the lead holds; then the clock moves to 00:30 Shanghai of the next day = 16:30 UTC of the day before
    const d = today();
    const tomorrow = addDays(d, 1);
    const dueTomorrow = await lead(s, { name: '明日到期', nextFollowUpOn: tomorrow });
    const dueToday = await lead(s, { name: '今日到期', nextFollowUpOn: today() });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date(`${d}T16:30:00Z`)); // 00:30 on `tomorrow` in Shanghai, still `today` in UTC
      const list = await ok(s.get('/api/v1/sales/follow-ups/due'));
      expect(list.today).toBe(tomorrow);
      expect(list.items.map((i: { id: number; overdueDays: number }) => [i.id, i.overdueDays])).toEqual([[dueToday.id, 1], [dueTomorrow.id, 0]]);
      vi.setSystemTime(new Date(`${d}T15:30:00Z`)); // 23:30 in Shanghai: tomorrow's is not due yet
      const before = await ok(s.get('/api/v1/sales/follow-ups/due'));
      expect(before.items.map((i: { id: number }) => i.id)).toEqual([dueToday.id]);
    } finally { vi.useRealTimers(); }
  });
});

describe('data scope', () => {
  let xl: number; let bl: number; let xo: number; let bo: number; let soloLead: number;
  beforeAll(async () => {
    xl = (await lead(xixiA, { name: '范围西溪', nextFollowUpOn: today() })).id;
    bl = (await lead(binjiang, { name: '范围滨江', nextFollowUpOn: today() })).id;
    soloLead = (await lead(solo, { name: '范围本人', nextFollowUpOn: today() })).id;
    const xc = await customer(xixiA, '范围西溪客', '13200001111');
    const bc = await customer(binjiang, '范围滨江客', '13200002222');
    xo = (await ok(xixiA.post('/api/v1/sales/opportunities', { customerId: xc, title: '范围西溪商机', expectedAmountFen: 7, nextFollowUpOn: today() }))).id;
    bo = (await ok(binjiang.post('/api/v1/sales/opportunities', { customerId: bc, title: '范围滨江商机', expectedAmountFen: 11, nextFollowUpOn: today() }))).id;
  });
  const leadIds = async (s: Session) => (await ok(s.get('/api/v1/sales/leads?pageSize=500'))).items.map((i: { id: number }) => i.id) as number[];
  const oppIds = async (s: Session) => (await ok(s.get('/api/v1/sales/opportunities?pageSize=500'))).items.map((i: { id: number }) => i.id) as number[];

  it('lists: a department sees its department’s, an own scope only its own, all sees all', async () => {
    expect(await leadIds(xixiA)).toEqual(expect.arrayContaining([xl, soloLead]));
    expect(await leadIds(xixiA)).not.toContain(bl);
    expect(await leadIds(binjiang)).toContain(bl);
    expect(await leadIds(binjiang)).not.toContain(xl);
    expect(await leadIds(solo)).toEqual([soloLead]);
    expect(await leadIds(manager)).toEqual(expect.arrayContaining([xl, bl, soloLead]));
    expect(await oppIds(xixiA)).toContain(xo);
    expect(await oppIds(xixiA)).not.toContain(bo);
    expect(await oppIds(solo)).toEqual([]);
    expect(await oppIds(manager)).toEqual(expect.arrayContaining([xo, bo]));
  });

  it('another office’s record is 404 on every page and action, never 403', async () => {
    for (const r of [
      await xixiA.get(`/api/v1/sales/leads/${bl}`), await xixiA.patch(`/api/v1/sales/leads/${bl}`, { name: 'x' }),
      await xixiA.post(`/api/v1/sales/leads/${bl}/follow-ups`, { method: 'phone', content: 'x' }), await xixiA.post(`/api/v1/sales/leads/${bl}/lose`, { lostReason: 'price' }),
      await xixiA.post(`/api/v1/sales/leads/${bl}/convert`, {}), await xixiA.get(`/api/v1/sales/opportunities/${bo}`),
      await xixiA.patch(`/api/v1/sales/opportunities/${bo}`, { title: 'x' }), await xixiA.post(`/api/v1/sales/opportunities/${bo}/stage`, { stage: 'revisit' }),
      await xixiA.post(`/api/v1/sales/opportunities/${bo}/reopen`, { stage: 'revisit', note: 'x' }), await xixiA.post(`/api/v1/sales/opportunities/${bo}/follow-ups`, { method: 'phone', content: 'x' }),
      await solo.get(`/api/v1/sales/leads/${xl}`), await solo.get(`/api/v1/sales/opportunities/${xo}`),
    ]) expect(r.status).toBe(404);
    expect((await xixiA.get(`/api/v1/sales/leads/${bl}`)).body.error.message).toMatch(/线索/);
  });

  it('the worklist and the funnel count only what is in scope', async () => {
    const dueOf = async (s: Session) => (await ok(s.get('/api/v1/sales/follow-ups/due?mine=false&pageSize=500'))).items.map((i: { kind: string; id: number }) => `${i.kind}${i.id}`) as string[];
    expect(await dueOf(xixiA)).toEqual(expect.arrayContaining([`lead${xl}`, `opportunity${xo}`]));
    expect(await dueOf(xixiA)).not.toContain(`lead${bl}`);
    expect(await dueOf(xixiA)).not.toContain(`opportunity${bo}`);
    expect(await dueOf(solo)).toEqual([`lead${soloLead}`]);
    expect(await dueOf(manager)).toEqual(expect.arrayContaining([`lead${xl}`, `lead${bl}`, `opportunity${bo}`]));
    const b = (await ok(binjiang.get('/api/v1/sales/funnel'))).stages[0];
    expect(b).toMatchObject({ stage: 'first_visit', count: 1, amountFen: 11, reached: 1 });
    expect((await ok(manager.get('/api/v1/sales/funnel?department=滨江案场'))).stages[0]).toEqual(b);
    expect((await ok(xixiA.get('/api/v1/sales/funnel?department=滨江案场'))).entered).toBe(0);
    expect((await ok(xixiA.get('/api/v1/sales/funnel'))).stages.find((x: { stage: string }) => x.stage === 'first_visit').amountFen).toBeGreaterThanOrEqual(7);
    expect((await ok(solo.get('/api/v1/sales/funnel'))).entered).toBe(0);
  });

  it('exports honour the scope, mask the mobile without pii.export, and are audited', async () => {
    await ok(xixiA.patch(`/api/v1/sales/leads/${xl}`, { mobile: '13200009999' }));
    const r = await xixiA.get('/api/v1/sales/leads/export?format=csv');
    expect(r.status).toBe(200);
    const csv = String(r.body);
    expect(csv).toContain('范围西溪');
    expect(csv).not.toContain('范围滨江');
    expect(csv).toContain('132****9999');
    expect(csv).not.toContain('13200009999');
    const full = String((await admin.get('/api/v1/sales/leads/export?format=csv')).body);
    expect(full).toContain('13200009999');
    const o = String((await binjiang.get('/api/v1/sales/opportunities/export?format=csv')).body);
    expect(o).toContain('范围滨江商机');
    expect(o).not.toContain('范围西溪商机');
    const line = (await admin.get('/api/v1/audit?action=export&pageSize=1')).body.items[0];
    expect(line.entityType).toBe('sales-opportunities');
  });

  it('the staff to pick from stays within the department', async () => {
    const staff = (await ok(xixiA.get('/api/v1/sales/staff'))).map((u: { login: string }) => u.login);
    expect(staff).toEqual(expect.arrayContaining(['xixi_a', 'xixi_b', 'solo']));
    expect(staff).not.toContain('binjiang');
  });
});

describe('permissions: every route', () => {
  const routes: [method: 'get' | 'post' | 'patch', url: string, need: 'sales.read' | 'sales.write' | 'sales.assign', body?: unknown][] = [
    ['get', '/api/v1/sales/leads', 'sales.read'],
    ['get', '/api/v1/sales/leads/export', 'sales.read'],
    ['post', '/api/v1/sales/leads', 'sales.write', { name: '权限', source: 'call' }],
    ['get', '/api/v1/sales/leads/1', 'sales.read'],
    ['patch', '/api/v1/sales/leads/1', 'sales.write', { name: 'x' }],
    ['post', '/api/v1/sales/leads/1/follow-ups', 'sales.write', { method: 'phone', content: 'x' }],
    ['post', '/api/v1/sales/leads/1/lose', 'sales.write', { lostReason: 'price' }],
    ['post', '/api/v1/sales/leads/1/convert', 'sales.write', {}],
    ['post', '/api/v1/sales/leads/1/assign', 'sales.assign', { ownerId: 1 }],
    ['post', '/api/v1/sales/leads/assign', 'sales.assign', { ids: [1], ownerId: 1 }],
    ['get', '/api/v1/sales/opportunities', 'sales.read'],
    ['get', '/api/v1/sales/opportunities/export', 'sales.read'],
    ['post', '/api/v1/sales/opportunities', 'sales.write', { customerId: 1, title: 'x' }],
    ['get', '/api/v1/sales/opportunities/1', 'sales.read'],
    ['patch', '/api/v1/sales/opportunities/1', 'sales.write', { title: 'x' }],
    ['post', '/api/v1/sales/opportunities/1/stage', 'sales.write', { stage: 'revisit' }],
    ['post', '/api/v1/sales/opportunities/1/reopen', 'sales.write', { stage: 'revisit', note: 'x' }],
    ['post', '/api/v1/sales/opportunities/1/follow-ups', 'sales.write', { method: 'phone', content: 'x' }],
    ['post', '/api/v1/sales/opportunities/1/assign', 'sales.assign', { ownerId: 1 }],
    ['post', '/api/v1/sales/opportunities/assign', 'sales.assign', { ids: [1], ownerId: 1 }],
    ['get', '/api/v1/sales/follow-ups/due', 'sales.read'],
    ['get', '/api/v1/sales/funnel', 'sales.read'],
    ['get', '/api/v1/sales/staff', 'sales.read'],
  ];

  it('lists every sales operation of the API document here', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/v1/sales/'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p.replace('{id}', '1')}`)).sort();
    expect(routes.map(([m, u]) => `${m} ${u}`).sort()).toEqual(documented);
  });

  it('401 signed out, 403 without the permission (nothing is written)', async () => {
    const before = (await ok(admin.get('/api/v1/sales/leads?pageSize=1'))).total;
    for (const [method, url, need, body] of routes) {
      const anon = method === 'get' ? await t.anonymous.get(url) : await t.anonymous[method](url, body);
      expect(anon.status, `${method} ${url} signed out`).toBe(401);
      const r = method === 'get' ? await service.get(url) : await service[method](url, body);
      expect(r.status, `${method} ${url} without ${need}`).toBe(403);
      // the manager reads and assigns but does not write; the sales staff read and write but do not assign
      const holder = need === 'sales.write' ? manager : need === 'sales.assign' ? xixiA : null;
      if (holder) {
        const h = method === 'get' ? await holder.get(url) : await holder[method](url, body);
        expect(h.status, `${method} ${url} without ${need}`).toBe(403);
      }
    }
    expect((await ok(admin.get('/api/v1/sales/leads?pageSize=1'))).total).toBe(before);
  });
});
