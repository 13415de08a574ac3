// Customer value and segments (issue 13 items 2, 3), checked against a hand-computed fixture: seven
// members with events on known days, the member-value job run as of 2027-06-30 (Asia/Shanghai).
//  events (days before 2027-06-30 00:00 Shanghai):
//   A  purchase ¥50 000 contracted 2027-06-20 (10 d), activities 20/40/60/80/100/120/140 d  → last 10 d, 8 events
//   B  purchase ¥10 000 contracted 2027-01-10 (171 d), activities 5/100 d                    → last 5 d, 3 events
//   C  activities 30/45/50/70/90/110 d                                                      → last 30 d, 6 events
//   D  purchase ¥30 000 contracted 2026-12-12 (200 d)                                        → last 200 d, 1 event (prior half-year)
//   E  purchase ¥20 000 contracted 2026-05-26 (400 d)                                        → last 400 d, none in 12 months
//   F  joined 2027-06-01, no event;  G  activities 150 (recent) and 190/220/250/280 d (prior), two open complaints
//  R (ceil(5 × cume_dist) over the last event, oldest first, among the 6 with one): E 1, D 2, G 3, C 4, A 5, B 5; F 1
//  F (events in 12 months, among the 5 with any): D(1) 1, B(3) 2, G(5) 3, C(6) 4, A(8) 5; E, F 1
//  M (purchases in 12 months, among the 3 with any): B 2, D 4, A 5; others 1
//  churn = 50 × min(idle days, 365)/365 + 30 × fall + 10 × min(open complaints, 2):
//   A 1, B 1, C 4, D 27.4 + 30 = 57, E 50, F (29 d since joining) 4, G 20.5 + 22.5 + 20 = 63
//  segments: A 高价值 (5/5/5), B 潜力 (R5), C 潜力 (R4), D 沉睡, E 沉睡, F 新会员, G 流失风险 (63 ≥ 60)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { createMembers, type TestMember } from '../../../test/helpers/members.ts';
import { approvedActivity } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { systemActor } from '../auth/actor.ts';
import { listSegmentMembers } from './service.ts';

let t: TestApp;
let admin: Session;
let sales: Session;
let people: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G', TestMember>;
const asOfDay = '2027-06-30';
const asOf = Date.parse('2027-06-29T16:00:00Z');
const daysBefore = (d: number) => new Date(asOf - d * 86400_000).toISOString();

async function runValueJob(day = asOfDay) {
  const r = await admin.post('/api/v1/jobs/member-value/run', { asOf: day });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  const list = await createMembers(t.db, 7, { prefix: 'V' });
  people = Object.fromEntries((['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const).map((k, i) => [k, list[i]])) as typeof people;
  const { A, B, C, D, E, F, G } = people;
  await rows(t.db.db, sql`UPDATE members SET joined_at = '2025-01-01T00:00:00+08' WHERE id = ANY(${sql.param(list.map((m) => m.id))}::int[])`);
  await rows(t.db.db, sql`UPDATE members SET joined_at = '2027-06-01T00:00:00+08' WHERE id = ${F.id}`);
  await rows(t.db.db, sql`UPDATE customers SET department = '西溪案场' WHERE id IN (${A.customerId}, ${B.customerId})`);
  await rows(t.db.db, sql`UPDATE customers SET department = '良渚案场' WHERE id NOT IN (${A.customerId}, ${B.customerId}) AND id = ANY(${sql.param(list.map((m) => m.customerId))}::int[])`);
  const purchase = (m: TestMember, contract: string, fen: number) => rows(t.db.db, sql`
    INSERT INTO purchases (customer_id, project, unit, price_fen, received_fen, contract_date, status, origin)
    VALUES (${m.customerId}, '滨江府', ${`${m.name}-1`}, ${fen}, ${fen}, ${contract}::date, 'paid_off', 'sale')`);
  await purchase(A, '2027-06-20', 5_000_000);
  await purchase(B, '2027-01-10', 1_000_000);
  await purchase(D, '2026-12-12', 3_000_000);
  await purchase(E, '2026-05-26', 2_000_000);
  const activities: number[] = [];
  for (let i = 0; i < 7; i++) activities.push(await approvedActivity(admin));
  const attend = async (m: TestMember, days: number[]) => {
    for (const [i, d] of days.entries()) {
      await rows(t.db.db, sql`INSERT INTO activity_participants (activity_id, member_id, method, attended_at, recorded_by)
        VALUES (${activities[i]}, ${m.id}, 'single', ${daysBefore(d)}::timestamptz, 'test')`);
    }
  };
  await attend(A, [20, 40, 60, 80, 100, 120, 140]);
  await attend(B, [5, 100]);
  await attend(C, [30, 45, 50, 70, 90, 110]);
  await attend(G, [150, 190, 220, 250, 280]);
  for (const n of [1, 2]) {
    await rows(t.db.db, sql`INSERT INTO complaints (complaint_no, channel, type, member_id, complainant_name, content, receiver_id, received_at, status, created_by)
      VALUES (${`TS-V-${n}`}, 'phone', 'service', ${G.id}, ${G.name}, '物业维修迟迟未处理', 1, ${daysBefore(10)}::timestamptz, 'pending', 'test')`);
  }
  sales = await t.userWithRoles('value_sales', ['sales'], { department: '西溪案场' });
});
afterAll(async () => { await t?.close(); });

const byNo = (items: { memberNo: string }[]) => Object.fromEntries(items.map((i) => [i.memberNo, i]));

describe('customer value', () => {
  it('scores R, F, M by quintile, names the segments, finds the dormant and the churn risk as of a fixed day', async () => {
    const run = await runValueJob();
    expect(run.result).toEqual({ members: 7 });
    const r = await admin.get('/api/v1/value/members?pageSize=50&sort=churn');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { A, B, C, D, E, F, G } = people;
    const got = byNo(r.body.items);
    const pick = (m: TestMember) => {
      const v = got[m.memberNo] as any;
      return { r: v.r, f: v.f, m: v.m, segment: v.segment, dormant: v.dormant, churn: v.churn, events12m: v.events12m, ltvFen: v.ltvFen, idleDays: v.idleDays };
    };
    expect(pick(A)).toEqual({ r: 5, f: 5, m: 5, segment: 'high_value', dormant: false, churn: 1, events12m: 8, ltvFen: 5_000_000, idleDays: 10 });
    expect(pick(B)).toEqual({ r: 5, f: 2, m: 2, segment: 'potential', dormant: false, churn: 1, events12m: 3, ltvFen: 1_000_000, idleDays: 5 });
    expect(pick(C)).toEqual({ r: 4, f: 4, m: 1, segment: 'potential', dormant: false, churn: 4, events12m: 6, ltvFen: 0, idleDays: 30 });
    expect(pick(D)).toEqual({ r: 2, f: 1, m: 4, segment: 'dormant', dormant: true, churn: 57, events12m: 1, ltvFen: 3_000_000, idleDays: 200 });
    expect(pick(E)).toEqual({ r: 1, f: 1, m: 1, segment: 'dormant', dormant: true, churn: 50, events12m: 0, ltvFen: 2_000_000, idleDays: 400 });
    expect(pick(F)).toEqual({ r: 1, f: 1, m: 1, segment: 'new', dormant: false, churn: 4, events12m: 0, ltvFen: 0, idleDays: 29 });
    expect(pick(G)).toEqual({ r: 3, f: 3, m: 1, segment: 'churn_risk', dormant: false, churn: 63, events12m: 5, ltvFen: 0, idleDays: 150 });
    expect(got[G.memberNo]).toMatchObject({ eventsRecent: 1, eventsPrior: 4, openComplaints: 2 });
    // sorted by churn score, highest first
    expect(r.body.items.map((i: any) => i.memberNo)).toEqual([G, D, E].map((m) => m.memberNo).concat(r.body.items.slice(3).map((i: any) => i.memberNo)));

    const dormant = await admin.get('/api/v1/value/members?dormant=true&sort=recency');
    expect(dormant.body.items.map((i: any) => i.memberNo)).toEqual([E.memberNo, D.memberNo]);
    const risk = await admin.get('/api/v1/value/members?churnMin=60');
    expect(risk.body.items.map((i: any) => i.memberNo)).toEqual([G.memberNo]);

    const o = await admin.get('/api/v1/value/overview');
    expect(o.status).toBe(200);
    expect(o.body).toMatchObject({ members: 7, dormant: 2, churnRisk: 1, asOf: new Date(asOf).toISOString() });
    expect(Object.fromEntries(o.body.segments.map((s: any) => [s.segment, s.members]))).toEqual({ new: 1, dormant: 2, high_value: 1, churn_risk: 1, potential: 2, regular: 0 });
    expect(o.body.segments.find((s: any) => s.segment === 'dormant').ltvFen).toBe(5_000_000);
  });

  it('a 案场 sees only its department\'s members; without segment.read nothing', async () => {
    await runValueJob();
    const r = await sales.get('/api/v1/value/members?pageSize=50');
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: any) => i.memberNo).sort()).toEqual([people.A.memberNo, people.B.memberNo].sort());
    const o = await sales.get('/api/v1/value/overview');
    expect(o.body).toMatchObject({ members: 2, dormant: 0 });
    const outsider = await t.userWithRoles('value_robot', ['integration']);
    for (const url of ['/api/v1/value/members', '/api/v1/value/overview', '/api/v1/value/settings']) expect((await outsider.get(url)).status).toBe(403);
  });

  it('an administrator edits the thresholds (validated, audited); the next run applies them', async () => {
    const before = (await admin.get('/api/v1/value/settings')).body;
    expect(before.dormantMonths).toBe(6);
    const bad = await admin.patch('/api/v1/value/settings', { ...before, dormantMonths: 0 }, { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.field)).toContain('dormantMonths');
    expect((await sales.patch('/api/v1/value/settings', { ...before, dormantMonths: 7 })).status).toBe(403);
    expect((await admin.get('/api/v1/value/settings')).body.dormantMonths).toBe(6);
    const ok = await admin.patch('/api/v1/value/settings', { ...before, dormantMonths: 7 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    await runValueJob();
    const d = byNo((await admin.get('/api/v1/value/members?pageSize=50')).body.items)[people.D.memberNo] as any;
    expect(d).toMatchObject({ dormant: false, segment: 'regular' }); // 200 days is not 7 months; R 2 < 4 and churn 57 < 60
    const audit = await admin.get('/api/v1/audit?entityType=valueSettings');
    expect(audit.body.items[0]).toMatchObject({ action: 'value.settings' });
    await admin.patch('/api/v1/value/settings', before);
    await runValueJob();
  });
});

describe('segments', () => {
  let segmentId: number;

  it('a saved segment over value segments and member fields is counted and listed live, within the data scope', async () => {
    await runValueJob();
    const filters = { valueSegments: ['high_value', 'potential'] };
    const count = await admin.post('/api/v1/segments/count', { filters });
    expect(count.body).toEqual({ count: 3, asOf: new Date(asOf).toISOString() });
    const s = await admin.post('/api/v1/segments', { name: '活跃客户', filters });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    segmentId = s.body.id;
    const list = await admin.get(`/api/v1/segments/${segmentId}/members`);
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((i: any) => i.memberNo).sort()).toEqual([people.A, people.B, people.C].map((m) => m.memberNo).sort());
    // the 西溪案场 sales office counts and lists only its own
    expect((await sales.post('/api/v1/segments/count', { filters })).body).toMatchObject({ count: 2 });
    expect((await sales.get(`/api/v1/segments/${segmentId}/members`)).body.items.map((i: any) => i.memberNo).sort()).toEqual([people.A.memberNo, people.B.memberNo].sort());
    // member fields: department, joined, activity this year
    expect((await admin.post('/api/v1/segments/count', { filters: { departments: ['良渚案场'], lastActivityBefore: '2027-01-01' } })).body).toMatchObject({ count: 3 }); // D, E, F (C and G attended in 2027)
    expect((await admin.post('/api/v1/segments/count', { filters: { joinedFrom: '2027-06-01' } })).body).toMatchObject({ count: 1 });
    expect((await admin.post('/api/v1/segments/count', { filters: { dormant: true, churnMin: 55 } })).body).toMatchObject({ count: 1 });
    expect((await admin.get('/api/v1/segments')).body.items.map((x: any) => x.name)).toEqual(['活跃客户']);
  });

  it('counts read the member-value run (as of it, said in the reply) and agree with the live count; before a run they are counted now', async () => {
    await runValueJob();
    const { A, B, C, D, E, F, G } = people;
    const cases: [object, TestMember[]][] = [
      [{ projects: ['滨江府'] }, [A, B, D, E]],
      [{ projects: ['滨江府'], departments: ['良渚案场'] }, [D, E]],
      [{ statuses: ['active'], joinedTo: '2027-05-31' }, [A, B, C, D, E, G]],
      [{ lastActivityBefore: '2027-03-01' }, [D, E, F, G]], // G's last activity was 150 days before (end of January)
      [{ valueSegments: ['dormant', 'churn_risk'], departments: ['良渚案场'] }, [D, E, G]],
      [{ pointsMin: 1 }, []],
    ];
    const count = async (filters: object, who = admin) => (await who.post('/api/v1/segments/count', { filters })).body;
    for (const [filters, expected] of cases) expect(await count(filters), JSON.stringify(filters)).toEqual({ count: expected.length, asOf: new Date(asOf).toISOString() });
    // a change after the run shows at the next run: G leaves 良渚案场 for 西溪案场
    await rows(t.db.db, sql`UPDATE customers SET department = '西溪案场' WHERE id = ${G.customerId}`);
    expect(await count({ departments: ['西溪案场'] })).toMatchObject({ count: 2 });
    expect(await count({ churnMin: 60 }, sales)).toMatchObject({ count: 0 });
    await runValueJob();
    expect(await count({ departments: ['西溪案场'] })).toMatchObject({ count: 3 });
    expect(await count({ churnMin: 60 }, sales)).toMatchObject({ count: 1 });
    const list = await sales.get(`/api/v1/segments/${segmentId}/members`);
    expect(list.body.items.map((i: any) => i.memberNo).sort()).toEqual([A.memberNo, B.memberNo].sort());
    // before the job has run (nothing kept): the same figures, counted now
    await rows(t.db.db, sql`DELETE FROM member_values`);
    expect(await count({ projects: ['滨江府'] })).toEqual({ count: 4, asOf: null });
    expect(await count({ departments: ['西溪案场'] })).toEqual({ count: 3, asOf: null });
    await rows(t.db.db, sql`UPDATE customers SET department = '良渚案场' WHERE id = ${G.customerId}`);
    await runValueJob();
  });

  it('refuses bad filters naming the field, a duplicate name, and callers without the permission', async () => {
    const bad = await admin.post('/api/v1/segments', { name: '错误', filters: { levels: ['no_such_level'] } }, { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'filters.levels.0' });
    const dup = await admin.post('/api/v1/segments', { name: '活跃客户', filters: {} });
    expect(dup.status).toBe(409);
    expect((await sales.post('/api/v1/segments', { name: '案场客群', filters: {} })).status).toBe(403);
    const outsider = await t.userWithRoles('segment_robot', ['integration']);
    expect((await outsider.get('/api/v1/segments')).status).toBe(403);
    expect((await outsider.post('/api/v1/segments/count', { filters: {} })).status).toBe(403);
    expect((await outsider.get(`/api/v1/segments/${segmentId}/members/export`)).status).toBe(403);
    expect((await admin.get('/api/v1/segments')).body.total).toBe(1);
  });

  it('a segment\'s members exported as CSV, within the data scope', async () => {
    const all = await admin.get(`/api/v1/segments/${segmentId}/members/export?format=csv`);
    expect(all.status).toBe(200);
    const text = String(all.body);
    for (const m of [people.A, people.B, people.C]) expect(text).toContain(m.memberNo);
    expect(text).not.toContain(people.D.memberNo);
    const own = String((await sales.get(`/api/v1/segments/${segmentId}/members/export?format=csv`)).body);
    expect(own).toContain(people.A.memberNo);
    expect(own).not.toContain(people.C.memberNo);
  });

  it('a segment is the audience of a manual care (exactly its members receive it) and of an activity invitation', async () => {
    const r = await admin.post('/api/v1/care/actions', { title: '价值客户回馈', channel: 'letter', body: '感谢您的支持', filters: { segmentId } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.progress.total).toBe(3);
    const members = await admin.get(`/api/v1/care/actions/${r.body.id}/members?pageSize=100`);
    expect(members.body.items.map((i: any) => i.memberNo).sort()).toEqual([people.A, people.B, people.C].map((m) => m.memberNo).sort());
    const preview = await admin.post('/api/v1/care/preview', { filters: { segmentId, joinedTo: '2026-12-31' } });
    expect(preview.body.count).toBe(3);
    // and of an activity's invitation (notice): the same three members
    const activity = await approvedActivity(admin);
    const n = await admin.post(`/api/v1/activities/${activity}/notices`, { audience: 'filtered', filters: { segmentId }, channels: ['sms'], body: '{name}您好，诚邀您参加业主沙龙' });
    expect(n.status, JSON.stringify(n.body)).toBe(200);
    expect(n.body.members).toBe(3);
    const unknown = await admin.post('/api/v1/care/actions', { title: 'x', channel: 'letter', body: 'x', filters: { segmentId: 99999 } }, { 'accept-language': 'en' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ field: 'filters.segmentId' });
  });
});

describe('lists at scale', () => {
  it('a segment read whole and sorted (few members) and one walked newest first (many) list the same members in the same order, page by page', async () => {
    await runValueJob();
    const page = (p: number, narrowUpTo: number) => listSegmentMembers(t.db.db, systemActor('test'), { departments: ['良渚案场'] }, 'Asia/Shanghai', { page: p, pageSize: 2 }, { narrowUpTo });
    const { C, D, E, F, G } = people;
    const expected = [G, F, E, D, C].map((m) => m.memberNo); // newest member first
    for (const narrowUpTo of [1_000_000, 0]) {
      const seen: string[] = [];
      for (const p of [1, 2, 3]) {
        const r = await page(p, narrowUpTo);
        expect(r.total).toBe(5);
        seen.push(...r.items.map((i) => i.memberNo));
      }
      expect(seen, `narrowUpTo ${narrowUpTo}`).toEqual(expected);
    }
  });

  it("a deleted customer's member leaves the value lists and the segments (as of the next run)", async () => {
    const { E } = people;
    await rows(t.db.db, sql`UPDATE customers SET deleted_at = now() WHERE id = ${E.customerId}`);
    try {
      await runValueJob();
      const list = await admin.get('/api/v1/value/members?pageSize=50');
      expect(list.body.items.map((i: any) => i.memberNo)).not.toContain(E.memberNo);
      expect(list.body.total).toBe(6);
      expect((await admin.post('/api/v1/segments/count', { filters: { departments: ['良渚案场'] } })).body).toMatchObject({ count: 4 });
    } finally {
      await rows(t.db.db, sql`UPDATE customers SET deleted_at = NULL WHERE id = ${E.customerId}`);
      await runValueJob();
    }
    expect((await admin.get('/api/v1/value/members?pageSize=50')).body.items.map((i: any) => i.memberNo)).toContain(E.memberNo);
  });
});
