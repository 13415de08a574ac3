// 商家服务参与 (issue 13 item 5): GET /merchants/participation checked against a hand-computed fixture,
// counted live (before the member-analysis job's first run, own scope, project filter) and from the job's
// cells (after it): the same figures either way.
//  merchants 健身 (A, service A1) and 书院 (B, service B1), both open to normal and vip since 2025-01-01;
//  members 贵宾甲 (vip, 西溪案场), 贵宾乙 (vip, 良渚案场), 普通丙 (normal, 西溪案场), 丁 (良渚案场, normal, then vip).
//  Uses (Shanghai time):
//   1 甲 A1 2025-02-10 10:00  rating +2        Q1
//   2 甲 A1 2025-04-01 01:00  rating −1        Q2 in Shanghai (still 31 March in UTC)
//   3 乙 A1 2025-05-05        no rating        Q2
//   4 丙 A1 2025-05-06        rating +1        Q2
//   8 丁 A1 2025-06-10        no rating        Q2, at normal
//   5 丙 B1 2025-08-01        rating 0         Q3
//   6 甲 B1 2025-08-02        rating +2        Q3
//   9 丁 A1 2025-09-10        rating +1        Q3, at vip (丁's card became vip)
//   7 乙 B1 2025-08-03        removed (recorded by mistake): never counted
//  feedback: A1 2025-Q2 rating +1, 3 served; B1 2025-Q3 rating −1, 10 served
//  by merchant and level: A vip 4 uses (1, 2, 3, 9) / 3 members (甲 once over Q1 and Q2), A normal 2 / 2; B normal 1 / 1, B vip 1 / 1
//  by merchant: A 6 uses, 4 members (丁 once, though at two levels); B 2 uses, 2 members
//  by quarter: Q1 1 use, 1 member, 1 rated, mean 2; Q2 4 uses, 4 members, 2 rated (−1, +1) mean 0, feedback mean 1, 3 served;
//   Q3 3 uses, 3 members (甲 again: once per quarter), 3 rated (0, +2, +1) mean 1, feedback mean −1, 10 served
//  April–June: A normal 2 / 2 (丙, 丁), A vip 2 / 2 (甲, 乙); 良渚案场: A vip 2 / 2 (乙, 丁), A normal 1 / 1 (丁)
//  a 西溪案场 reader (department scope): uses 1, 2, 4, 5, 6 — A vip 2 / 1, A normal 1 / 1; B normal 1 / 1, B vip 1 / 1
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { rows, sql } from '../../db/index.ts';
import { ensureMainCardType, makeMember, type FixtureMember } from '../complaints/test-fixtures.ts';

let t: TestApp;
let admin: Session;
let office: Session;
let own: Session;
let merchantStaff: Session;
const period = '?from=2025-01&to=2025-09';
const url = `/api/v1/merchants/participation${period}`;
let A: number;
let B: number;
let a1: number;
let yi: FixtureMember;

async function role(code: string, permissions: string[], dataScope: string) {
  const r = await admin.post('/api/v1/roles', { code, nameZh: code, nameEn: code, permissions, dataScope });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.id as number;
}
async function user(login: string, roleId: number, department: string | null) {
  const r = await admin.post('/api/v1/users', { login, name: login, department, password: 'Harbour-lamp-42', roleIds: [roleId] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return t.signIn(login, 'Harbour-lamp-42');
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  await ensureMainCardType(t, 'normal');
  await ensureMainCardType(t, 'vip');
  const jia = await makeMember(t, { name: '贵宾甲', level: 'vip' });
  yi = await makeMember(t, { name: '贵宾乙', level: 'vip' });
  const bing = await makeMember(t, { name: '普通丙', level: 'normal' });
  const ding = await makeMember(t, { name: '丁', level: 'normal' });
  const dept = async (m: FixtureMember, d: string) => rows(t.db.db, sql`UPDATE customers SET department = ${d} WHERE member_id = ${m.id}`);
  await dept(jia, '西溪案场');
  await dept(yi, '良渚案场');
  await dept(bing, '西溪案场');
  await dept(ding, '良渚案场');
  const merchant = async (code: string, name: string) => (await admin.post('/api/v1/merchants', { code, name })).body.id as number;
  A = await merchant('PA', '悦榕健身');
  B = await merchant('PB', '<b>书院</b>');
  const service = async (m: number, name: string) => {
    const r = await admin.post(`/api/v1/merchants/${m}/services`, { name, startsOn: '2025-01-01', eligibleLevels: ['normal', 'vip'] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.id as number;
  };
  a1 = await service(A, '私教课');
  const b1 = await service(B, '读书会');
  const use = async (s: number, m: FixtureMember, at: string, rating: number | null) => {
    const r = await admin.post(`/api/v1/merchant-services/${s}/participations`, { memberId: m.id, participatedAt: at, rating });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.id as number;
  };
  await use(a1, jia, '2025-02-10T10:00:00+08:00', 2);
  await use(a1, jia, '2025-04-01T01:00:00+08:00', -1);
  await use(a1, yi, '2025-05-05T10:00:00+08:00', null);
  await use(a1, bing, '2025-05-06T10:00:00+08:00', 1);
  await use(b1, bing, '2025-08-01T10:00:00+08:00', 0);
  await use(b1, jia, '2025-08-02T10:00:00+08:00', 2);
  await use(a1, ding, '2025-06-10T10:00:00+08:00', null);
  // 丁's main card becomes vip (the fixture's way of changing a member's level): the next use is at vip
  await rows(t.db.db, sql`UPDATE cards SET type_code = 'vip' WHERE member_id = ${ding.id} AND kind = 'main'`);
  await use(a1, ding, '2025-09-10T10:00:00+08:00', 1);
  const mistake = await use(b1, yi, '2025-08-03T10:00:00+08:00', -2);
  expect((await admin.delete(`/api/v1/merchant-participations/${mistake}`)).status).toBe(200);
  for (const [s, quarter, rating, participationCount] of [[a1, '2025-Q2', 1, 3], [b1, '2025-Q3', -1, 10]] as const) {
    const r = await admin.post(`/api/v1/merchant-services/${s}/feedback`, { quarter, feedback: '会员反馈良好', participationCount, rating });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  office = await user('xixi_reports', await role('office_reports_m', ['report.read'], 'department'), '西溪案场');
  own = await user('own_reports', await role('own_reports_m', ['report.read'], 'own'), null);
  merchantStaff = await user('merchant_only', await role('merchant_only', ['merchant.manage'], 'all'), null);
});
afterAll(async () => { await t?.close(); });

const levelRows = (body: any) => body.byMerchantLevel.map((r: any) => [r.code, r.level, r.participations, r.members]);

/** The fixture's figures (see the header), whether counted live or from the cells; `asOf` says which. */
async function expectFigures(live: boolean) {
  const r = await admin.get(url);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body).toMatchObject({ from: '2025-01', to: '2025-09', levels: ['normal', 'vip'] });
  expect(r.body.asOf == null).toBe(live);
  expect(levelRows(r.body)).toEqual([['PA', 'vip', 4, 3], ['PA', 'normal', 2, 2], ['PB', 'normal', 1, 1], ['PB', 'vip', 1, 1]]);
  expect(r.body.byMerchant.map((m: any) => [m.merchantId, m.name, m.participations, m.members])).toEqual([[A, '悦榕健身', 6, 4], [B, '<b>书院</b>', 2, 2]]);
  expect(r.body.byMerchant[0].byLevel).toEqual([{ level: 'vip', participations: 4, members: 3 }, { level: 'normal', participations: 2, members: 2 }]);
  expect(r.body.quarters).toEqual([
    { quarter: '2025-Q1', participations: 1, members: 1, rated: 1, average: 2, positive: 1, neutral: 0, negative: 0, feedbackRated: 0, feedbackAverage: null, reported: 0 },
    { quarter: '2025-Q2', participations: 4, members: 4, rated: 2, average: 0, positive: 1, neutral: 0, negative: 1, feedbackRated: 1, feedbackAverage: 1, reported: 3 },
    { quarter: '2025-Q3', participations: 3, members: 3, rated: 3, average: 1, positive: 2, neutral: 1, negative: 0, feedbackRated: 1, feedbackAverage: -1, reported: 10 },
  ]);
  // a shorter period: the second quarter
  const q2 = (await admin.get('/api/v1/merchants/participation?from=2025-04&to=2025-06')).body;
  expect(q2.quarters.map((q: any) => [q.quarter, q.participations, q.members])).toEqual([['2025-Q2', 4, 4]]);
  expect(levelRows(q2)).toEqual([['PA', 'normal', 2, 2], ['PA', 'vip', 2, 2]]);
  // months inside quarters are widened to whole quarters: February–April counts 2025-Q1 and 2025-Q2 (May and June too)
  const widened = (await admin.get('/api/v1/merchants/participation?from=2025-02&to=2025-04')).body;
  expect(widened).toMatchObject({ from: '2025-01', to: '2025-06' });
  expect(widened.quarters.map((q: any) => [q.quarter, q.participations, q.members])).toEqual([['2025-Q1', 1, 1], ['2025-Q2', 4, 4]]);
  expect(widened.byMerchant.map((m: any) => [m.code, m.participations, m.members])).toEqual([['PA', 5, 4]]);
  // the page's department filter
  const liangzhu = (await admin.get(`${url}&department=${encodeURIComponent('良渚案场')}`)).body;
  expect(levelRows(liangzhu)).toEqual([['PA', 'vip', 2, 2], ['PA', 'normal', 1, 1]]);
  expect(liangzhu.byMerchant.map((m: any) => [m.code, m.participations, m.members])).toEqual([['PA', 3, 2]]);
  // a 案场 reader (department scope) counts the uses of its department's members
  const o = (await office.get(url)).body;
  expect(o.asOf == null).toBe(live);
  expect(levelRows(o)).toEqual([['PA', 'vip', 2, 1], ['PA', 'normal', 1, 1], ['PB', 'normal', 1, 1], ['PB', 'vip', 1, 1]]);
  expect(o.byMerchant.map((m: any) => [m.code, m.participations, m.members])).toEqual([['PA', 3, 2], ['PB', 2, 2]]);
  expect(o.quarters.map((q: any) => [q.quarter, q.participations, q.members, q.rated, q.average])).toEqual([['2025-Q1', 1, 1, 1, 2], ['2025-Q2', 2, 2, 2, 0], ['2025-Q3', 2, 2, 2, 1]]);
}

const runJob = async () => {
  const r = await admin.post('/api/v1/jobs/member-analysis/run', {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

describe('merchant participation (商家服务参与)', () => {
  it('before the member-analysis job: counted live — per merchant and member level, per company quarter with ratings and the merchants\' feedback', async () => {
    await expectFigures(true);
  });

  it('own scope sees its own customers\' uses (none)', async () => {
    const mine = (await own.get(url)).body;
    expect(mine.asOf).toBeNull();
    expect(mine.byMerchant).toEqual([]);
    expect(mine.quarters.every((q: any) => q.participations === 0)).toBe(true);
  });

  it('after the job: the same figures from its cells (each member once over the period, once per quarter, once per merchant across levels)', async () => {
    const job = await runJob();
    expect(job.result).toMatchObject({ useCells: expect.any(Number), memberCells: expect.any(Number) });
    await expectFigures(false);
    const r = (await admin.get(url)).body;
    expect(r.asOf).toBe(job.asOf);
    // own scope and a project filter are still counted live
    const mine = (await own.get(url)).body;
    expect(mine.asOf).toBeNull();
    expect(mine.byMerchant).toEqual([]);
    const project = (await admin.get(`${url}&project=`)).body;
    expect(project.asOf).toBeNull();
    expect(levelRows(project)).toEqual(levelRows(r));
  });

  it('a use recorded after the run shows after the next run', async () => {
    const q4 = '/api/v1/merchants/participation?from=2025-10&to=2025-12';
    const r = await admin.post(`/api/v1/merchant-services/${a1}/participations`, { memberId: yi.id, participatedAt: '2025-11-15T10:00:00+08:00', rating: -2 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const before = (await admin.get(q4)).body;
    expect(before.asOf).not.toBeNull();
    expect(before.byMerchant).toEqual([]);
    const job = await runJob();
    const after = (await admin.get(q4)).body;
    expect(after.asOf).toBe(job.asOf);
    expect(levelRows(after)).toEqual([['PA', 'vip', 1, 1]]);
    expect(after.quarters).toMatchObject([{ quarter: '2025-Q4', participations: 1, members: 1, rated: 1, average: -2, negative: 1 }]);
    // over the year 乙 is still one member of A (Q2 and Q4)
    const year = (await admin.get('/api/v1/merchants/participation?from=2025-01&to=2025-12')).body;
    expect(year.byMerchant.map((m: any) => [m.code, m.participations, m.members])).toEqual([['PA', 7, 4], ['PB', 2, 2]]);
  });

  it('the same figures exported (CSV), in zh-CN and en; without report.read 403, whatever other permission', async () => {
    const zh = await admin.get(`/api/v1/merchants/participation/by-level/export${period}&format=csv`);
    expect(zh.status).toBe(200);
    const lines = String(zh.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('商家编码,商家,会员等级,使用次数,会员数');
    expect(lines.slice(1)).toEqual(['PA,悦榕健身,VIP卡,4,3', 'PA,悦榕健身,普通卡,2,2', 'PB,<b>书院</b>,普通卡,1,1', 'PB,<b>书院</b>,VIP卡,1,1']);
    const en = await admin.get(`/api/v1/merchants/participation/quarters/export${period}&format=csv&lang=en`);
    const enLines = String(en.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(enLines[0]).toBe('Quarter,Services used,Members,Member ratings,Average member rating,Positive,Neutral,Negative,Average merchant feedback rating,Members served (merchant reported)');
    expect(enLines[2]).toBe('2025-Q2,4,4,2,0,1,0,1,1,3');
    const scoped = String((await office.get(`/api/v1/merchants/participation/by-level/export${period}&format=csv`)).body);
    expect(scoped).toContain('PA,悦榕健身,VIP卡,2,1');
    for (const path of ['/api/v1/merchants/participation', '/api/v1/merchants/participation/by-level/export', '/api/v1/merchants/participation/quarters/export']) {
      expect((await merchantStaff.get(path)).status, path).toBe(403);
    }
  });

  it('a bad period is a 400 naming the field, in zh-CN and en', async () => {
    const zh = await admin.get('/api/v1/merchants/participation?from=2025-13');
    expect(zh.status).toBe(400);
    expect(zh.body.error.details[0]).toMatchObject({ field: 'from' });
    expect(zh.body.error.message).toContain('应为月份');
    const en = await admin.get('/api/v1/merchants/participation?from=2025-06&to=2025-03', { 'accept-language': 'en' });
    expect(en.status).toBe(400);
    expect(en.body.error.details[0]).toMatchObject({ field: 'from' });
    expect(en.body.error.message).toContain('cannot be after the last month');
  });
});
