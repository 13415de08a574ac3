// `clubcrm demo-data` into a fresh database: every module's lists and statistics show something,
// history spreads over two years, complaints are in every state, and the ledger holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../db/index.ts';
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
    const members = (await admin.get('/api/v1/members?pageSize=500')).body.items as { joinedAt: string; memberNo: string }[];
    const days = members.map((m) => (Date.now() - new Date(m.joinedAt).getTime()) / 86_400_000);
    expect(Math.max(...days)).toBeGreaterThan(600);
    expect(Math.min(...days)).toBeLessThan(60);
    // a member number carries the year the member joined (the company's calendar)
    const year = (d: string) => new Intl.DateTimeFormat('en', { timeZone: t.config.timeZone, year: 'numeric' }).format(new Date(d));
    for (const m of members) expect(m.memberNo.slice(1, 5), m.memberNo).toBe(year(m.joinedAt));
    expect(new Set(members.map((m) => m.memberNo.slice(1, 5))).size).toBeGreaterThan(1);
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

  it('dates what happened on its day: a card on its member’s joining day, later cards, redemptions and care over the months, points expiring in the month they fall due', async () => {
    const admin = await t.signIn();
    const now = Date.now();
    const month = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 7); // Asia/Shanghai
    const members = [
      ...(await admin.get('/api/v1/members?pageSize=500')).body.items,
      ...(await admin.get('/api/v1/members?status=archived&pageSize=500')).body.items,
    ] as { id: number; joinedAt: string }[];
    const joinedAt = new Map(members.map((m) => [m.id, m.joinedAt]));
    const cards = (await admin.get('/api/v1/cards?pageSize=500')).body.items as { id: number; memberId: number; kind: string; typeCode: string; issuedAt: string; endedAt: string | null; status: string }[];
    expect(cards.length).toBeGreaterThan(joinedAt.size);
    expect(cards.every((c) => new Date(c.issuedAt).getTime() <= now && new Date(c.issuedAt).getTime() >= new Date(joinedAt.get(c.memberId)!).getTime())).toBe(true);
    // each member's first main card was issued on the joining day, at the approval; upgrades and sub cards came later
    const first = new Map<number, (typeof cards)[number]>();
    for (const c of [...cards].sort((a, b) => a.id - b.id)) if (c.kind === 'main' && !first.has(c.memberId)) first.set(c.memberId, c);
    expect(first.size).toBe(joinedAt.size);
    for (const [memberId, c] of first) expect(c.issuedAt, `member ${memberId}`).toBe(joinedAt.get(memberId));
    const later = cards.filter((c) => !(first.get(c.memberId)?.id === c.id));
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((c) => c.issuedAt > joinedAt.get(c.memberId)!)).toBe(true);
    expect(new Set(later.map((c) => month(c.issuedAt))).size).toBeGreaterThan(3);
    expect(cards.filter((c) => c.status === 'lapsed').every((c) => c.endedAt !== null && new Date(c.endedAt).getTime() < now)).toBe(true);

    // redemptions over many months (the statistics by month show more than one bar), none before the member joined
    const byMonth = (await admin.get('/api/v1/redemptions/stats?groupBy=month')).body.rows as { key: string; redemptions: number }[];
    expect(byMonth.length).toBeGreaterThan(3);
    const redemptions = (await admin.get('/api/v1/redemptions?pageSize=500')).body.items as { memberId: number; createdAt: string; status: string; deliveredAt: string | null; cancelledAt: string | null }[];
    expect(redemptions.every((r) => r.createdAt > joinedAt.get(r.memberId)! && new Date(r.createdAt).getTime() < now)).toBe(true);
    expect(redemptions.filter((r) => r.status !== 'pending').every((r) => (r.deliveredAt ?? r.cancelledAt)! >= r.createdAt)).toBe(true);

    // a complaint's goodwill points are earned when granted
    const goodwill = (await admin.get('/api/v1/points/entries?sourceType=complaint&pageSize=100')).body.items as { postedAt: string }[];
    expect(goodwill.length).toBeGreaterThan(1);
    expect(new Set(goodwill.map((e) => month(e.postedAt))).size).toBeGreaterThan(1);

    // care given on its day over the two years
    const care = (await admin.get('/api/v1/care/actions?pageSize=100')).body.items as { createdAt: string }[];
    expect(new Set(care.map((c) => month(c.createdAt))).size).toBeGreaterThan(2);

    // points expired in many months, each lot in the hour after it fell due (or, when a cancelled redemption gave points back
    // to a lot past its expiry, in the hour after that); nobody spent points they did not hold that day
    const stats = (await admin.get('/api/v1/points/stats')).body as { months: { month: string; expired: number }[] };
    expect(stats.months.filter((m) => m.expired !== 0).length).toBeGreaterThan(3);
    const [check] = await rows<{ early: number; late: number; unheld: number; future: number }>(t.db.db, sql`
      SELECT (SELECT count(*) FROM points_entries e JOIN points_lots l ON l.id = e.source_id WHERE e.source_type = 'expiry' AND e.posted_at < l.expires_at)::int AS early,
             (SELECT count(*) FROM points_entries e JOIN points_lots l ON l.id = e.source_id WHERE e.source_type = 'expiry' AND e.posted_at > greatest(l.expires_at, (SELECT max(g.posted_at) FROM points_consumptions r JOIN points_entries g ON g.id = r.entry_id
               WHERE r.lot_id = l.id AND r.amount < 0)) + interval '1 hour')::int AS late,
             (SELECT count(*) FROM points_consumptions c JOIN points_entries e ON e.id = c.entry_id JOIN points_lots l ON l.id = c.lot_id
               WHERE c.amount > 0 AND e.source_type <> 'expiry' AND (l.earned_at > e.posted_at OR l.expires_at <= e.posted_at))::int AS unheld,
             (SELECT count(*) FROM points_entries WHERE posted_at > now())::int AS future`);
    expect(check).toEqual({ early: 0, late: 0, unheld: 0, future: 0 });
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
