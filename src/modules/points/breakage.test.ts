// Breakage forecast on the points dashboard (issue 13 item 4): the points of open lots due to
// expire in each of the next twelve company months — hand-computed lots, read live and from the
// points-summary job's snapshot; a sales office sees only its department's.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { summarisePoints } from './summary.ts';

let t: TestApp;
let admin: Session;
let office: Session;
const month = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(at).slice(0, 7);
const later = (m: string, n: number) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1 + n, 1)).toISOString().slice(0, 7);

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  const role = await admin.post('/api/v1/roles', { code: 'office_stats', nameZh: '案场统计', nameEn: 'Office statistics', permissions: ['report.read', 'points.read'], dataScope: 'department' });
  expect(role.status, JSON.stringify(role.body)).toBe(200);
  expect((await admin.post('/api/v1/users', { login: 'xixi_stats', name: '西溪统计', department: '西溪案场', password: 'Harbour-lamp-42', roleIds: [role.body.id] })).status).toBe(200);
  office = await t.signIn('xixi_stats', 'Harbour-lamp-42');
  const activity = await approvedActivity(admin);
  const [a, b] = await createMembers(t.db, 2, { prefix: 'BK' });
  await rows(t.db.db, sql`UPDATE customers SET department = '西溪案场' WHERE id = ${a.customerId}`);
  await rows(t.db.db, sql`UPDATE customers SET department = '良渚案场' WHERE id = ${b.customerId}`);
  // a: 100 expiring next month (30 of them redeemed: 70 left), 50 in three months; b: 40 in three months, 500 in two years
  await admin.patch('/api/v1/points/settings', { expiryMode: 'months', expiryMonths: 1 });
  expect((await addPoints(admin, a.id, 100, activity)).status).toBe(200);
  await admin.patch('/api/v1/points/settings', { expiryMonths: 3 });
  expect((await addPoints(admin, a.id, 50, activity)).status).toBe(200);
  expect((await addPoints(admin, b.id, 40, activity)).status).toBe(200);
  await admin.patch('/api/v1/points/settings', { expiryMonths: 24 });
  expect((await addPoints(admin, b.id, 500, activity)).status).toBe(200);
  const plan = await admin.post('/api/v1/redemption-plans', { item: '洗车券', pointsCost: 30 });
  expect((await admin.post('/api/v1/redemptions', { planId: plan.body.id, memberId: a.id })).status).toBe(200);
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

const breakage = async (s: Session) => {
  const r = await s.get('/api/v1/points/dashboard');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.liability.expiringNext12Months as { month: string; points: number }[];
};
const expected = (byOffset: Record<number, number>) => {
  const now = month(new Date());
  return Array.from({ length: 12 }, (_, i) => ({ month: later(now, i), points: byOffset[i] ?? 0 }));
};

describe('the breakage forecast', () => {
  it('lists the next twelve months with the points due to expire in each, live and from the summary', async () => {
    expect(await breakage(admin)).toEqual(expected({ 1: 70, 3: 90 }));
    await summarisePoints(t.db, new Date());
    expect(await breakage(admin)).toEqual(expected({ 1: 70, 3: 90 }));
  });

  it('a sales office sees its own department only', async () => {
    expect(await breakage(office)).toEqual(expected({ 1: 70, 3: 50 }));
  });
});
