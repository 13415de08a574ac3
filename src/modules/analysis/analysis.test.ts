// 会员分析 (issue 13 item 1): the numbers of a handful of members with joins, leaves, level changes
// and notices in known company months (Asia/Shanghai), counted now and from the member-analysis
// job's cells; the permission (report.read) and the data scope (a 案场 user sees their department,
// an own-scope user their own customers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../db/index.ts';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { ensureMainCardType, makeMember, type FixtureMember } from '../complaints/test-fixtures.ts';
import { countMemberAnalysis } from './service.ts';

let t: TestApp;
let admin: Session;
let office: Session;
let own: Session;
let noReports: Session;
const period = '?from=2024-01&to=2024-12';

async function role(code: string, permissions: string[], dataScope: string) {
  const r = await admin.post('/api/v1/roles', { code, nameZh: code, nameEn: code, permissions, dataScope });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.id as number;
}
async function user(login: string, roleId: number, department: string | null) {
  const r = await admin.post('/api/v1/users', { login, name: login, department, password: 'Harbour-lamp-42', roleIds: [roleId] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { id: r.body.id as number, session: await t.signIn(login, 'Harbour-lamp-42') };
}

/** A member who joined (and left) at these instants, in a department, with a purchase in a project. */
async function member(name: string, o: { level: string; joined: string; left?: string; department: string; project?: string; channel?: [string, string | null] }) {
  const m = await makeMember(t, { name, level: o.level, status: o.left ? 'archived' : 'active' });
  await rows(t.db.db, sql`UPDATE members SET joined_at = ${o.joined}::timestamptz, archived_at = ${o.left ?? null}::timestamptz,
    channel = ${o.channel?.[0] ?? 'sales_office'}, sub_channel = ${o.channel?.[1] ?? null} WHERE id = ${m.id}`);
  await rows(t.db.db, sql`UPDATE customers SET department = ${o.department} WHERE member_id = ${m.id}`);
  if (o.project) {
    await rows(t.db.db, sql`INSERT INTO purchases (customer_id, project, unit) SELECT customer_id, ${o.project}, '1-101' FROM members WHERE id = ${m.id}`);
  }
  return m;
}
/** The member's main card replaced by one of another type at this instant (an upgrade or a downgrade). */
async function changeLevel(m: FixtureMember, to: string, at: string) {
  await rows(t.db.db, sql`UPDATE cards SET status = 'replaced', ended_at = ${at}::timestamptz WHERE card_no = ${m.cardNo}`);
  const [n] = await rows<{ id: number }>(t.db.db, sql`
    INSERT INTO cards (card_no, member_id, type_code, kind, status, issued_at, issued_by) VALUES (${`${m.cardNo}-${to}`}, ${m.id}, ${to}, 'main', 'active', ${at}::timestamptz, 'test') RETURNING id`);
  await rows(t.db.db, sql`UPDATE cards SET replaced_by_id = ${n.id} WHERE card_no = ${m.cardNo}`);
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  office = (await user('binjiang', await role('office_reports', ['report.read'], 'department'), '滨江案场')).session;
  const ownUser = await user('owner', await role('own_reports', ['report.read'], 'own'), null);
  own = ownUser.session;
  noReports = (await user('no_reports', await role('members_only', ['member.read'], 'all'), null)).session;
  await ensureMainCardType(t, 'normal');
  await ensureMainCardType(t, 'vip');
  // 2024-01 cohort: A stays, C leaves in March, D leaves in September; B joins 1 Feb 01:00 in Shanghai (still January in UTC)
  const a = await member('甲', { level: 'vip', joined: '2024-01-10T02:00:00Z', department: '滨江案场', project: '滨江一期', channel: ['service_center', 'hotline'] });
  await member('乙', { level: 'vip', joined: '2024-01-31T17:00:00Z', department: '滨江案场', project: '滨江一期' });
  await member('丙', { level: 'normal', joined: '2024-01-05T02:00:00Z', left: '2024-03-20T02:00:00Z', department: '滨江案场' });
  const d = await member('丁', { level: 'normal', joined: '2024-01-20T02:00:00Z', left: '2024-09-15T02:00:00Z', department: '西溪案场', project: '西溪府' });
  // E leaves 1 July 2025 00:30 in Shanghai (still June in UTC)
  await member('戊', { level: 'normal', joined: '2024-02-10T02:00:00Z', left: '2025-06-30T16:30:00Z', department: '西溪案场', project: '西溪府' });
  await changeLevel(d, 'vip', '2024-05-10T02:00:00Z'); // upgrade in May
  await changeLevel(a, 'normal', '2024-06-30T17:00:00Z'); // downgrade on 1 July in Shanghai
  // A's customer record belongs to the own-scope user
  await rows(t.db.db, sql`UPDATE customers SET owner_id = ${ownUser.id} WHERE member_id = ${a.id}`);
  // notices: A reached in March 2024 (and a failed one to B); A given care in April 2024
  await rows(t.db.db, sql`INSERT INTO notices (member_id, channel, purpose, body, status, created_by, sent_at) VALUES
    (${a.id}, 'sms', 'welcome', '欢迎', 'sent', 'test', '2024-03-05T02:00:00Z'),
    (${a.id + 1}, 'sms', 'welcome', '欢迎', 'failed', 'test', NULL)`);
});
afterAll(async () => { await t?.close(); });

const get = async (s: Session, q = period) => {
  const r = await s.get(`/api/v1/analysis/members${q}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const month = (body: any, m: string) => body.months.find((x: any) => x.month === m);
const retention = (c: any) => c.retention.map((r: any) => r.retained);

function expectWholeClub(b: any) {
  expect(b.composition.total).toBe(2);
  expect(b.composition.byLevel).toEqual([{ key: 'normal', members: 1 }, { key: 'vip', members: 1 }]);
  expect(b.composition.byStatus).toEqual([{ key: 'archived', members: 3 }, { key: 'active', members: 2 }]);
  expect(b.composition.byChannel).toEqual([{ channel: 'sales_office', subChannel: '', members: 1 }, { channel: 'service_center', subChannel: 'hotline', members: 1 }]);
  expect(b.composition.byProject).toEqual([{ key: '滨江一期', members: 2 }]);
  expect(b.composition.byDepartment).toEqual([{ key: '滨江案场', members: 2 }]);
  expect(b.months).toHaveLength(12);
  expect(month(b, '2024-01')).toEqual({ month: '2024-01', joined: 3, left: 0, net: 3 });
  expect(month(b, '2024-02')).toEqual({ month: '2024-02', joined: 2, left: 0, net: 2 });
  expect(month(b, '2024-03')).toEqual({ month: '2024-03', joined: 0, left: 1, net: -1 });
  expect(month(b, '2024-09')).toEqual({ month: '2024-09', joined: 0, left: 1, net: -1 });
  expect(b.months.reduce((a: number, m: any) => a + m.net, 0)).toBe(3);
  // cohorts: January A C D — after 3 and 6 months A D, after 12 and 24 A; February B E — E left in July 2025
  expect(b.cohorts.map((c: any) => [c.month, c.members, retention(c)])).toEqual([
    ['2024-01', 3, [2, 2, 1, 1]],
    ['2024-02', 2, [2, 2, 2, 1]],
  ]);
  expect(b.cohorts[0].retention[0]).toEqual({ after: 3, retained: 2, rate: 0.6667 });
  expect(month({ months: b.levelMoves }, '2024-05')).toEqual({ month: '2024-05', upgrades: 1, downgrades: 0 });
  expect(month({ months: b.levelMoves }, '2024-07')).toEqual({ month: '2024-07', upgrades: 0, downgrades: 1 });
  expect(month({ months: b.levelMoves }, '2024-06')).toEqual({ month: '2024-06', upgrades: 0, downgrades: 0 });
  expect(b.reach).toEqual({ members: 2, notices: 1, care: 0, noticeRate: 0.5, careRate: 0 });
}

describe('member analysis', () => {
  it('counts joins, leaves, cohorts, level movements and reach in company months — now, then from the job', async () => {
    const live = await get(admin);
    expect(live.asOf).toBeNull();
    expectWholeClub(live);
    const job = await countMemberAnalysis(t.db, 'Asia/Shanghai');
    expect(job.moves).toBe(2);
    const kept = await get(admin);
    expect(kept.asOf).not.toBeNull();
    expectWholeClub(kept);
  });

  it('filters by department and project', async () => {
    const xixi = await get(admin, `${period}&department=${encodeURIComponent('西溪案场')}`);
    expect(xixi.cohorts.map((c: any) => [c.month, c.members, retention(c)])).toEqual([['2024-01', 1, [1, 1, 0, 0]], ['2024-02', 1, [1, 1, 1, 0]]]);
    expect(xixi.composition.total).toBe(0);
    expect(xixi.reach).toMatchObject({ members: 0, notices: 0, noticeRate: null });
    const p = await get(admin, `${period}&project=${encodeURIComponent('滨江一期')}`);
    expect(month(p, '2024-01').joined).toBe(1);
    expect(month(p, '2024-02').joined).toBe(1);
    expect(p.reach).toMatchObject({ members: 2, notices: 1 });
  });

  it('refuses a period whose first month is after its last, naming the field', async () => {
    const r = await admin.get('/api/v1/analysis/members?from=2024-05&to=2024-01', { 'accept-language': 'en' });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([{ field: 'from', issue: 'must not be after the last month' }]);
    const bad = await admin.get('/api/v1/analysis/members?to=2024-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'to', issue: '应为年月，如 2026-01' }]);
  });

  it('needs report.read', async () => {
    const r = await noReports.get(`/api/v1/analysis/members${period}`);
    expect(r.status).toBe(403);
    expect((await noReports.get(`/api/v1/analysis/members/months/export${period}`)).status).toBe(403);
  });

  it('exports each table as CSV with the figures shown, within the data scope', async () => {
    const months = await admin.get(`/api/v1/analysis/members/months/export${period}&format=csv`);
    expect(months.status).toBe(200);
    const lines = String(months.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('月份,入会,退会,净增');
    expect(lines).toContain('2024-01,3,0,3');
    expect(lines).toContain('2024-03,0,1,-1');
    const cohorts = await office.get(`/api/v1/analysis/members/cohorts/export${period}&format=csv&lang=en`);
    const c = String(cohorts.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(c[0]).toMatch(/^Joined in,Joined,Members after 3 months,Retention after 3 months,/);
    expect(c.slice(1)).toEqual(['2024-01,2,1,0.5,1,0.5,1,0.5,1,0.5', '2024-02,1,1,1,1,1,1,1,1,1']);
    const byStatus = await admin.get(`/api/v1/analysis/members/composition/export${period}&dimension=status&format=csv`);
    expect(String(byStatus.body)).toContain('已退会,3');
  });

  it('a 案场 user sees only their department, an own-scope user only their own customers', async () => {
    const b = await get(office);
    expect(b.composition.byDepartment).toEqual([{ key: '滨江案场', members: 2 }]);
    expect(b.cohorts.map((c: any) => [c.month, c.members, retention(c)])).toEqual([['2024-01', 2, [1, 1, 1, 1]], ['2024-02', 1, [1, 1, 1, 1]]]);
    expect(b.levelMoves.reduce((a: number, m: any) => a + m.upgrades, 0)).toBe(0);
    const o = await get(own);
    expect(o.asOf).toBeNull();
    expect(o.composition.total).toBe(1);
    expect(o.cohorts.map((c: any) => [c.month, c.members])).toEqual([['2024-01', 1]]);
    expect(o.levelMoves.reduce((a: number, m: any) => a + m.downgrades, 0)).toBe(1);
    expect(o.reach).toMatchObject({ members: 1, notices: 1, noticeRate: 1 });
  });
});
