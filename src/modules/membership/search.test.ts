// The member and customer lists at scale: a card number (also an old one) finds its member; any two
// characters of a name find it; totals beyond 2 000 matches are estimates, said so (totalExact),
// while narrow searches and short lists are counted exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { newMember, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';
import { createMembers } from '../../../test/helpers/members.ts';
import { nextCardNo } from '../../../test/helpers/points.ts';
import { exactTotalUpTo } from '../../db/total.ts';

let t: TestApp;
let st: Staff;
beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
});
afterAll(async () => { await t?.close(); });

const members = async (query: string) => {
  const r = await st.service.get(`/api/v1/members?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { total: number; totalExact: boolean; items: { id: number; name: string; memberNo: string }[] };
};

describe('searching members by card number and by part of a name', () => {
  it('finds the member of a card number as printed or swiped, and of a card since replaced', async () => {
    const m = await newMember(st, { name: '司马光明', idNumber: nextId('19800101'), mobile: '13612340001' });
    const first = nextCardNo();
    const card = await st.service.post('/api/v1/cards', { memberId: m.memberId, cardNo: first });
    expect(card.status, JSON.stringify(card.body)).toBe(200);
    const second = nextCardNo();
    const replaced = await st.service.post(`/api/v1/cards/${card.body.id}/replace`, { newCardNo: second, note: '卡面磨损' });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect((await members(`q=${second}`)).items.map((x) => x.id)).toEqual([m.memberId]);
    expect((await members(`q=${encodeURIComponent(` ${second.slice(0, 4)}-${second.slice(4).toLowerCase()} `)}`)).items.map((x) => x.id)).toEqual([m.memberId]);
    expect((await members(`q=${first}`)).items.map((x) => x.id)).toEqual([m.memberId]);
    expect((await members(`q=${nextCardNo()}`)).total).toBe(0);
    // any two characters of the name, from its start, middle or end
    for (const part of ['司马', '马光', '光明']) expect((await members(`q=${encodeURIComponent(part)}`)).items.map((x) => x.name)).toEqual(['司马光明']);
    expect((await members(`q=${encodeURIComponent('马明')}`)).total).toBe(0);
  });
});

describe('names in traditional and simplified characters', () => {
  it('張偉 finds the member 张伟 and 陈家豪 finds the member 陳家豪, on the member and the customer lists', async () => {
    const simplified = await newMember(st, { name: '张伟', idNumber: nextId('19800101'), mobile: '13612340011' });
    const traditional = await newMember(st, { name: '陳家豪', idNumber: nextId('19800101'), mobile: '13612340012' });
    expect((await members(`q=${encodeURIComponent('張偉')}`)).items.map((x) => x.id)).toContain(simplified.memberId);
    expect((await members(`name=${encodeURIComponent('張偉')}`)).items.map((x) => x.id)).toContain(simplified.memberId);
    expect((await members(`q=${encodeURIComponent('陈家豪')}`)).items.map((x) => x.id)).toEqual([traditional.memberId]);
    // two characters of the name, and a single one
    expect((await members(`q=${encodeURIComponent('家豪')}`)).items.map((x) => x.name)).toEqual(['陳家豪']);
    expect((await members(`q=${encodeURIComponent('陈')}`)).items.map((x) => x.name)).toContain('陳家豪');
    const customers = async (q: string) => ((await st.service.get(`/api/v1/customers?q=${encodeURIComponent(q)}`)).body.items as { name: string }[]).map((c) => c.name);
    expect(await customers('張偉')).toContain('张伟');
    expect(await customers('陈家豪')).toEqual(['陳家豪']);
  });
});

describe('totals of long lists', () => {
  it(`counts up to ${exactTotalUpTo.toLocaleString('en')} matches exactly and says when a total is an estimate beyond that`, async () => {
    const made = await createMembers(t.db, exactTotalUpTo + 500, { prefix: 'S' });
    const all = await members('page=1&pageSize=20');
    expect(all.items).toHaveLength(20);
    expect(all.totalExact).toBe(false);
    expect(all.total).toBeGreaterThan(exactTotalUpTo);
    // a later page is still served, newest first
    const page3 = await members('page=3&pageSize=20');
    expect(page3.items).toHaveLength(20);
    expect(new Set([...all.items, ...page3.items].map((x) => x.id)).size).toBe(40);
    // narrow searches and short lists are exact
    const one = await members(`q=${made[7].memberNo}`);
    expect(one).toMatchObject({ total: 1, totalExact: true });
    expect(await members('status=leaving')).toMatchObject({ total: 0, totalExact: true, items: [] });
    const last = await members(`page=1&pageSize=20&q=${encodeURIComponent(made.at(-1)!.name)}`);
    expect(last).toMatchObject({ total: 1, totalExact: true });
    // the customers list likewise
    const customers = await st.service.get('/api/v1/customers?page=1&pageSize=20');
    expect(customers.status).toBe(200);
    expect(customers.body).toMatchObject({ totalExact: false });
    expect(customers.body.total).toBeGreaterThan(exactTotalUpTo);
    const named = await st.service.get(`/api/v1/customers?q=${encodeURIComponent(made[3].name)}`);
    expect(named.body.items[0].name).toBe(made[3].name);
    expect(named.body.totalExact).toBe(true);
  });
});
