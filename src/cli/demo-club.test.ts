// `clubcrm demo-data` into a fresh database: every module's lists and statistics show something,
// history spreads over two years, complaints are in every state, and the ledger holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { verifyLedger } from '../modules/points/verify.ts';
import { describeDemoData, loadDemoData, type DemoDataResult } from './demo-data.ts';

let t: TestApp;
let loaded: DemoDataResult;
beforeAll(async () => {
  t = await startTestApp();
  loaded = await loadDemoData(t.db, t.config, { customers: 150, seed: 3 });
}, 600_000);
afterAll(async () => { await t?.close(); });

type Admin = Awaited<ReturnType<TestApp['signIn']>>;
const total = async (admin: Admin, url: string) => {
  const r = await admin.get(url);
  expect(r.status, url).toBe(200);
  return r.body.total as number;
};

describe('demo data: two years of a club', () => {
  it('fills every module’s list', async () => {
    const admin = await t.signIn();
    for (const url of [
      '/api/v1/members', '/api/v1/applications?status=pending', '/api/v1/leave-requests', '/api/v1/cards', '/api/v1/card-upgrades',
      '/api/v1/points/entries', '/api/v1/redemption-plans', '/api/v1/redemptions', '/api/v1/activities', '/api/v1/care/actions', '/api/v1/care/tasks',
      '/api/v1/complaints', '/api/v1/complaints/overdue', '/api/v1/merchants', '/api/v1/merchant-services', '/api/v1/merchant-participations', '/api/v1/notices',
    ]) expect(await total(admin, url), url).toBeGreaterThan(0);
  });

  it('has members at every level, upgraded and sub cards, who joined over two years', async () => {
    const c = loaded.club!;
    expect(c.skipped).toBeNull();
    expect(c.levels.normal).toBeGreaterThan(0);
    expect(c.levels.vip).toBeGreaterThan(0);
    expect(c.upgraded).toBeGreaterThan(0);
    const admin = await t.signIn();
    expect(await total(admin, '/api/v1/cards?kind=sub')).toBeGreaterThan(0);
    const members = (await admin.get('/api/v1/members?pageSize=500')).body.items as { joinedAt: string }[];
    const days = members.map((m) => (Date.now() - new Date(m.joinedAt).getTime()) / 86_400_000);
    expect(Math.max(...days)).toBeGreaterThan(600);
    expect(Math.min(...days)).toBeLessThan(60);
    expect(await total(admin, '/api/v1/members?status=archived')).toBeGreaterThan(0);
    // the member analysis is counted at once (the member-analysis job ran): joins in most months, cohorts, upgrades
    const analysis = (await admin.get('/api/v1/analysis/members')).body;
    expect(analysis.asOf).not.toBeNull();
    expect(analysis.months.filter((m: { joined: number }) => m.joined > 0).length).toBeGreaterThan(6);
    expect(analysis.cohorts.length).toBeGreaterThan(6);
    expect(analysis.composition.byLevel.length).toBeGreaterThan(1);
  });

  it('has points earned over the years: some expired, some expiring within the month, redemptions delivered and cancelled', async () => {
    const admin = await t.signIn();
    expect(await total(admin, '/api/v1/points/entries?sourceType=expiry')).toBeGreaterThan(0);
    expect(await total(admin, '/api/v1/redemptions?status=delivered')).toBeGreaterThan(0);
    expect(await total(admin, '/api/v1/redemptions?status=cancelled')).toBeGreaterThan(0);
    // the statistics are up to date at once: the summary ran, months over the past two years carry points
    const stats = (await admin.get('/api/v1/points/stats')).body as { months: { month: string; issued: number; expired: number }[]; outstanding: number };
    expect(stats.months.filter((m) => m.issued > 0).length).toBeGreaterThan(12);
    expect(stats.months.some((m) => m.expired < 0 || m.expired > 0)).toBe(true);
    expect(stats.outstanding).toBeGreaterThan(0);
    // points earned a year ago expire within the coming weeks: the liability shows them in this or next month
    const dashboard = (await admin.get('/api/v1/points/dashboard')).body as { periods: { issued: number }[]; liability: { byExpiryMonth: { month: string | null; points: number }[] } };
    expect(dashboard.periods.filter((p) => p.issued > 0).length).toBeGreaterThan(6);
    const month = (offset: number) => { const d = new Date(); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() + offset); return d.toISOString().slice(0, 7); };
    const soon = dashboard.liability.byExpiryMonth.filter((m) => m.month === month(0) || m.month === month(1));
    expect(soon.reduce((s, m) => s + m.points, 0)).toBeGreaterThan(0);
    expect((await verifyLedger(t.db.db)).problems).toEqual([]);
  });

  it('has complaints in every state, activities with participants and costs, care done and to do, rated services', async () => {
    const admin = await t.signIn();
    for (const status of ['pending', 'processing', 'done']) expect(await total(admin, `/api/v1/complaints?status=${status}`), status).toBeGreaterThan(0);
    const complaintStats = (await admin.get('/api/v1/complaints/statistics')).body as { received: number; closed: number; byType: unknown[] };
    expect(complaintStats.received).toBeGreaterThan(complaintStats.closed);
    expect(complaintStats.byType.length).toBeGreaterThan(1);
    const activities = (await admin.get('/api/v1/activities?status=closed&pageSize=100')).body.items as { id: number }[];
    expect(activities.length).toBeGreaterThan(20);
    expect(await total(admin, `/api/v1/activities/${activities[0].id}/participants`)).toBeGreaterThan(0);
    const activityStats = (await admin.get('/api/v1/activities/statistics')).body as { items: { participants: number; totalFen: number; perHeadFen: number | null }[] };
    expect(activityStats.items.filter((a) => a.participants > 0 && a.totalFen > 0 && a.perHeadFen! > 0).length).toBeGreaterThan(5);
    const care = (await admin.get('/api/v1/care/statistics')).body as { totals: { reached: number; open: number } };
    expect(care.totals.reached).toBeGreaterThan(0);
    expect(care.totals.open).toBeGreaterThan(0);
    expect(await total(admin, '/api/v1/care/tasks?status=pending')).toBeGreaterThan(0);
    expect(await total(admin, '/api/v1/care/tasks?status=reached')).toBeGreaterThan(0);
    const services = (await admin.get('/api/v1/merchant-services?status=all&pageSize=50')).body.items as unknown[];
    expect(services.length).toBeGreaterThan(5);
    const uses = (await admin.get('/api/v1/merchant-participations?pageSize=100')).body.items as { rating: number | null }[];
    expect(uses.some((u) => u.rating !== null)).toBe(true);
    expect(describeDemoData(loaded)).toMatch(/Club history \(two years\): \d+ members/);
  });

  it('refuses to load the history a second time, saying why, and changes nothing', async () => {
    const admin = await t.signIn();
    const before = await total(admin, '/api/v1/points/entries');
    const again = await loadDemoData(t.db, t.config, { customers: 5, seed: 3 });
    expect(again.club?.skipped).toMatch(/already has \d+ members/);
    expect(describeDemoData(again)).toContain('Club history not loaded');
    expect(await total(admin, '/api/v1/points/entries')).toBe(before);
    expect((await verifyLedger(t.db.db)).ok).toBe(true);
  });
});
