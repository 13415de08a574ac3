// The points dashboard (积分负债与兑付率): flows per period with the redemption and expiry rates,
// the liability by level and by expiry month — the same figures read live and from the summaries
// the points-summary job keeps; an entry booked after its day was summarised counted at the next
// run; a sales office sees its own department's; bad ranges refused in the reader's language.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers, type TestMember } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, nextCardNo } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { expirePoints } from './expiry.ts';
import { summarisePoints } from './summary.ts';

let t: TestApp;
let admin: Session;
let a: TestMember;
let b: TestMember;
let c: TestMember;
const day = 86400_000;
/** the company month (Asia/Shanghai) of an instant, YYYY-MM, and that month some years later */
const month = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(at).slice(0, 7);
const yearsLater = (m: string, n: number) => `${Number(m.slice(0, 4)) + n}${m.slice(4)}`;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  const activity = await approvedActivity(admin);
  [a, b, c] = await createMembers(t.db, 3, { prefix: 'D' });
  await rows(t.db.db, sql`UPDATE customers SET department = '西溪案场' WHERE id IN (${a.customerId}, ${b.customerId})`);
  await rows(t.db.db, sql`UPDATE customers SET department = '良渚案场' WHERE id = ${c.customerId}`);
  // levels: a VIP card (500 base points), b a standard card (100), c none
  expect((await admin.post('/api/v1/cards', { memberId: a.id, cardNo: nextCardNo(), typeCode: 'vip' })).status).toBe(200);
  expect((await admin.post('/api/v1/cards', { memberId: b.id, cardNo: nextCardNo() })).status).toBe(200);
  expect((await addPoints(admin, a.id, 1000, activity)).status).toBe(200);
  // b's 300 never expire; 100 of them were booked by mistake and corrected
  await admin.patch('/api/v1/points/settings', { expiryMode: 'none' });
  const wrong = await addPoints(admin, b.id, 300, activity);
  await admin.patch('/api/v1/points/settings', { expiryMode: 'months', expiryMonths: 1 });
  await addPoints(admin, c.id, 80, activity); // expires in a month
  await admin.patch('/api/v1/points/settings', { expiryMonths: 24 });
  expect((await admin.post(`/api/v1/points/entries/${wrong.body.entry.id}/correct`, { amount: -100, reason: '多记' })).status).toBe(200);
  await addPoints(admin, c.id, 200, activity);
  const plan = await admin.post('/api/v1/redemption-plans', { item: '电影票两张', pointsCost: 200 });
  expect((await admin.post('/api/v1/redemptions', { planId: plan.body.id, memberId: a.id })).status).toBe(200);
  expect((await expirePoints(t.db, new Date(Date.now() + 40 * day))).points).toBe(80);
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

const dashboard = async (s: Session, query = '') => {
  const r = await s.get(`/api/v1/points/dashboard${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

/** What every reader of the whole club must see: 2 180 issued (cards 600, activities 1 580), 200 redeemed, 80 expired, 100 corrected. */
function expectWholeClub(d: any) {
  const now = new Date();
  expect(d.totals).toEqual({ issued: 2180, redeemed: 200, expired: 80, corrected: -100, net: 1800, redemptionRate: 0.0917, expiryRate: 0.0367 });
  expect(d.periods).toEqual([{ period: month(now), ...d.totals }]);
  expect(d.liability).toMatchObject({ points: 1800, members: 3 });
  expect(d.liability.byLevel).toEqual([
    { level: 'vip', points: 1300, members: 1 },
    { level: null, points: 200, members: 1 },
    { level: 'normal', points: 300, members: 1 },
  ].sort((x, y) => y.points - x.points));
  expect(d.liability.byExpiryMonth).toEqual([{ month: yearsLater(month(now), 2), points: 1600 }, { month: null, points: 200 }]);
}

describe('the points dashboard', () => {
  it('reads the ledger live before the job has run, and the same figures from the summaries after', async () => {
    const live = await dashboard(admin);
    expect(live.liability.asOf).toBeNull();
    expect(live.summarisedUntil).toBeNull();
    expectWholeClub(live);
    // the job as it runs the day after tomorrow: today is summarised
    await summarisePoints(t.db, new Date(Date.now() + 2 * day));
    const summarised = await dashboard(admin);
    expect(summarised.liability.asOf).not.toBeNull();
    expect(summarised.summarisedUntil! > new Date().toISOString().slice(0, 10)).toBe(true);
    expectWholeClub(summarised);
    const [{ n }] = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM points_daily`);
    expect(n).toBeGreaterThan(0);
    // quarters and years add up the same
    const years = await dashboard(admin, '?period=year&from=2000-01-01');
    expect(years.periods.map((p: { period: string }) => p.period)).toEqual([month(new Date()).slice(0, 4)]);
    expect(years.totals).toEqual(summarised.totals);
    // a range before anything happened is empty
    expect((await dashboard(admin, '?from=2001-01-01&to=2001-12-31')).periods).toEqual([]);
  });

  it('counts an entry booked after its day was summarised at the next run; the liability follows the snapshot', async () => {
    const activity = await approvedActivity(admin);
    expect((await addPoints(admin, b.id, 20, activity)).status).toBe(200);
    const before = await dashboard(admin);
    expect(before.liability.points).toBe(1800); // as of the last run
    await summarisePoints(t.db, new Date(Date.now() + 2 * day));
    const after = await dashboard(admin);
    expect(after.totals).toMatchObject({ issued: 2200, net: 1820 });
    expect(after.liability).toMatchObject({ points: 1820, members: 3 });
    expect(new Date(after.liability.asOf).getTime()).toBeGreaterThan(new Date(before.liability.asOf).getTime());
    const correction = await rows<{ id: number }>(t.db.db, sql`SELECT id FROM points_entries WHERE member_id = ${b.id} AND amount = 20`);
    expect((await admin.post(`/api/v1/points/entries/${correction[0].id}/correct`, { reason: '撤回' })).status).toBe(200);
    await summarisePoints(t.db, new Date(Date.now() + 2 * day));
    const corrected = await dashboard(admin);
    expect(corrected.totals).toEqual({ issued: 2200, redeemed: 200, expired: 80, corrected: -120, net: 1800, redemptionRate: 0.0909, expiryRate: 0.0364 });
    expect(corrected.liability).toMatchObject({ points: 1800, members: 3 });
  });

  it("shows a sales office its own department's members only", async () => {
    const office = await t.userWithRoles('dash_xixi', ['sales'], { department: '西溪案场' });
    const d = await dashboard(office);
    expect(d.totals).toMatchObject({ issued: 1920, redeemed: 200, expired: 0, corrected: -120, net: 1600 });
    expect(d.liability).toMatchObject({ points: 1600, members: 2 });
    expect(d.liability.byLevel.map((l: { level: string | null }) => l.level).sort()).toEqual(['normal', 'vip']);
  });

  it('refuses a range that ends before it starts, or an unknown period, naming the field in the reader\'s language', async () => {
    const zh = await admin.get('/api/v1/points/dashboard?from=2026-05-01&to=2026-01-01');
    expect(zh.status).toBe(400);
    expect(zh.body.error.details).toEqual([{ field: 'to', issue: '结束日期不能早于开始日期' }]);
    const en = await admin.get('/api/v1/points/dashboard?from=2026-05-01&to=2026-01-01', { 'accept-language': 'en' });
    expect(en.body.error.details).toEqual([{ field: 'to', issue: 'the end date cannot be before the start date' }]);
    const bad = await admin.get('/api/v1/points/dashboard?period=week&from=May', { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((x: { field: string }) => x.field).sort()).toEqual(['from', 'period']);
    const integration = await t.userWithRoles('dash_api', ['integration']);
    expect((await integration.get('/api/v1/points/dashboard')).status).toBe(403);
  });
});
