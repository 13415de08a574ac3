// Background jobs run as of a chosen day (后台任务 · 基准日期): an administrator runs a job through
// the API as of a date in the company time zone (Asia/Shanghai) or an instant, so the rules that
// depend on the day can be exercised on any day — a 29 February birthday in a non-leap year, a
// month end, the company's midnight, a complaint step that becomes overdue. Every run is listed
// with its last run; bad asOf values are refused naming the field; only administrators may.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestApp, staffPassword, type Session, type TestApp } from '../../test/helpers/app.ts';
import { clubMember, type ClubMember, type ClubStaff } from '../../test/helpers/club.ts';
import { itOnPostgres } from '../../test/helpers/db.ts';
import { expectLedgerConsistent } from '../../test/helpers/ledger.ts';
import { createMembers } from '../../test/helpers/members.ts';
import { addPoints, approvedActivity, balanceOf } from '../../test/helpers/points.ts';
import { rows, sql } from '../db/index.ts';
import { startJobs } from './scheduler.ts';

let t: TestApp;
let admin: Session;
let st: ClubStaff;
let leap: ClubMember; // born 29 February
let ides: ClubMember; // born 16 March
let eve: ClubMember; // born 15 March

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  st = { service: await t.userWithRoles('kefu', ['service']), manager: await t.userWithRoles('jingli', ['manager']) };
  leap = await clubMember(st, { name: '闰日生', birthday: '1988-02-29', mobile: '13900000229' });
  ides = await clubMember(st, { name: '三月十六', birthday: '1990-03-16', mobile: '13900000316' });
  eve = await clubMember(st, { name: '三月十五', birthday: '1991-03-15', mobile: '13900000315' });
  const on = await admin.patch('/api/v1/care/triggers/birthday', { enabled: true, channel: 'sms', body: '{name}，生日快乐！', points: 0 });
  expect(on.status, JSON.stringify(on.body)).toBe(200);
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

const runJob = (name: string, body: Record<string, unknown> = {}, s: Session = admin, headers?: Record<string, string>) =>
  s.post(`/api/v1/jobs/${name}/run`, body, headers);

/** The members of the birthday care of a company day. */
async function birthdayMembers(day: string): Promise<number[]> {
  const actions = (await admin.get('/api/v1/care/actions?trigger=birthday&pageSize=100')).body.items as { id: number; groupKey: string }[];
  const action = actions.find((a) => a.groupKey === `birthday:${day}`);
  if (!action) return [];
  const list = (await admin.get(`/api/v1/care/actions/${action.id}/members?pageSize=100`)).body.items as { memberId: number }[];
  return list.map((m) => m.memberId).sort((a, b) => a - b);
}

describe('birthday care as of a day', () => {
  it('a member born on 29 February is cared for on 28 February in a non-leap year, once; on 29 February in a leap year', async () => {
    const r = await runJob('care.triggers', { asOf: '2027-02-28' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: 'care.triggers', trigger: 'api', day: '2027-02-28', result: { birthday: { day: '2027-02-28', added: 1 } } });
    expect(r.body.asOf).toBe('2027-02-27T16:00:00.000Z'); // the first moment of the 28th in Shanghai
    expect(await birthdayMembers('2027-02-28')).toEqual([leap.memberId]);

    // the next day is not a birthday again
    const next = await runJob('care.triggers', { asOf: '2027-03-01' });
    expect(next.body.result).toEqual({ birthday: { day: '2027-03-01', added: 0 } });
    // the same day run again gives nothing twice
    expect((await runJob('care.triggers', { asOf: '2027-02-28T20:00:00+08:00' })).body.result).toEqual({ birthday: { day: '2027-02-28', added: 0 } });

    // 2028 is a leap year: not on the 28th, on the 29th (through the care module's own route)
    const leap28 = await admin.post('/api/v1/care/triggers/run', { asOf: '2028-02-28' });
    expect(leap28.status, JSON.stringify(leap28.body)).toBe(200);
    expect(leap28.body).toEqual({ birthday: { day: '2028-02-28', added: 0 } });
    const leap29 = await admin.post('/api/v1/care/triggers/run', { asOf: '2028-02-29' });
    expect(leap29.body).toEqual({ birthday: { day: '2028-02-29', added: 1 } });
    expect(await birthdayMembers('2028-02-29')).toEqual([leap.memberId]);
  });

  it("the company's midnight decides the day: 2027-03-15T16:30:00Z is already 16 March in Shanghai", async () => {
    const r = await runJob('care.triggers', { asOf: '2027-03-15T16:30:00Z' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ day: '2027-03-16', result: { birthday: { day: '2027-03-16', added: 1 } } });
    expect(await birthdayMembers('2027-03-16')).toEqual([ides.memberId]);
    // still the 15th in UTC, but 15 March is over in Shanghai: no care for the member born on the 15th
    expect(await birthdayMembers('2027-03-15')).toEqual([]);
    // a wall-clock time without an offset is the company's: 23:59 on the 15th is the 15th
    const late = await runJob('care.triggers', { asOf: '2027-03-15T23:59' });
    expect(late.body).toMatchObject({ asOf: '2027-03-15T15:59:00.000Z', day: '2027-03-15', result: { birthday: { day: '2027-03-15', added: 1 } } });
    expect(await birthdayMembers('2027-03-15')).toEqual([eve.memberId]);
  });
});

describe('points expiry as of a day', () => {
  it('lots expiring during 31 January expire when run as of 1 February (Shanghai), not as of 31 January', async () => {
    const activity = await approvedActivity(admin);
    const [m] = await createMembers(t.db, 1);
    const expiring = {
      early: '2027-01-31T05:00:00+08:00', // still 30 January in UTC
      evening: '2027-01-31T23:30:00+08:00',
      monthEnd: '2027-02-01T00:00:00+08:00', // the month's last moment: valid through 31 January
      february: '2027-02-01T09:00:00+08:00',
    };
    const amounts = { early: 10, evening: 20, monthEnd: 40, february: 80 };
    for (const [k, at] of Object.entries(expiring)) {
      const p = await addPoints(admin, m.id, amounts[k as keyof typeof amounts], activity);
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      await rows(t.db.db, sql`UPDATE points_lots SET expires_at = ${at}::timestamptz WHERE entry_id = ${p.body.entry.id}`);
    }
    expect(await balanceOf(admin, m.id)).toBe(150);

    const before = await runJob('points-expiry', { asOf: '2027-01-31' });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body.result.expired).toEqual({ entries: 0, points: 0, members: 0 });
    expect(await balanceOf(admin, m.id)).toBe(150);

    const after = await runJob('points-expiry', { asOf: '2027-02-01' });
    expect(after.body.result.expired).toEqual({ entries: 3, points: 70, members: 1 });
    expect(await balanceOf(admin, m.id)).toBe(80);
    const entries = (await admin.get(`/api/v1/points/entries?memberId=${m.id}&sourceType=expiry`)).body.items as { amount: number }[];
    expect(entries.map((e) => e.amount).sort((a, b) => a - b)).toEqual([-40, -20, -10]);
    // run again as of the same day: nothing twice
    expect((await runJob('points-expiry', { asOf: '2027-02-01T08:59:59+08:00' })).body.result.expired).toEqual({ entries: 0, points: 0, members: 0 });
    expect(await balanceOf(admin, m.id)).toBe(80);
  });
});

describe('overdue complaint steps as of a day', () => {
  it('a step due on 10 June 2030 at 15:00 is not overdue as of that day and is reminded as of the next, once', async () => {
    const wang = await admin.post('/api/v1/users', { login: 'wang', name: '王工', department: '工程部', email: 'wang@example.com', password: staffPassword, roleIds: [] });
    expect(wang.status, JSON.stringify(wang.body)).toBe(200);
    const c = await st.service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '地下室渗水', complainantName: '业主甲', complainantPhone: '13900001111' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const s = await st.service.post(`/api/v1/complaints/${c.body.id}/steps`, { handlerId: wang.body.id, opinion: '安排工程部检修', expectedFinishAt: '2030-06-10T15:00:00+08:00' });
    expect(s.status, JSON.stringify(s.body)).toBe(200);

    const sameDay = await runJob('complaints.remindOverdueSteps', { asOf: '2030-06-10' });
    expect(sameDay.status, JSON.stringify(sameDay.body)).toBe(200);
    expect(sameDay.body.result).toEqual({ reminded: 0 });
    const nextDay = await runJob('complaints.remindOverdueSteps', { asOf: '2030-06-11' });
    expect(nextDay.body.result).toEqual({ reminded: 1 });
    // the complaints module's own route takes the same asOf: the step was reminded already
    const again = await admin.post('/api/v1/complaints/overdue/remind', { asOf: '2030-06-12' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual({ reminded: 0, stepIds: [] });
    const page = await admin.get(`/api/v1/complaints/${c.body.id}`);
    expect(page.body.events.filter((e: { kind: string }) => e.kind === 'reminded')).toHaveLength(1);
    const notices = (await admin.get('/api/v1/notices?purpose=complaint_overdue&pageSize=100')).body.items as { recipient: string }[];
    expect(notices.map((n) => n.recipient)).toEqual(['wang@example.com']);
  });
});

describe('the jobs list', () => {
  it('lists every job with its last run: who asked, as of when, what it did', async () => {
    const r = await admin.get('/api/v1/jobs', { 'accept-language': 'en' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.timeZone).toBe('Asia/Shanghai');
    const byName = Object.fromEntries((r.body.items as { name: string; lastRun: unknown }[]).map((j) => [j.name, j]));
    expect(byName['care.triggers']).toMatchObject({
      label: 'Birthday care', dated: true, everySeconds: 600,
      lastRun: { trigger: 'api', requestedBy: '系统管理员', day: '2027-03-15', result: { birthday: { day: '2027-03-15', added: 1 } }, error: null },
    });
    expect(byName['points-expiry'].lastRun).toMatchObject({ day: '2027-02-01', asOf: '2027-02-01T00:59:59.000Z' });
    expect(byName['notify.deliver']).toMatchObject({ dated: false });
    const runs = await admin.get('/api/v1/jobs/care.triggers/runs?pageSize=3');
    expect(runs.body.total).toBe(5); // the two runs through care/triggers/run are the care module's, not the job's
    expect(runs.body.items.map((x: { day: string }) => x.day)).toEqual(['2027-03-15', '2027-03-16', '2027-02-28']);
    // the audit log names the administrator and the day
    const audit = await admin.get('/api/v1/audit?action=job.run&entityId=care.triggers&pageSize=1');
    expect(audit.body.items[0]).toMatchObject({ actorName: '系统管理员', changes: { day: '2027-03-15' } });
  });

  it('records the scheduled runs too', async () => {
    const jobs = await startJobs({ db: t.db, config: { ...t.config, jobs: 'on' }, log: t.app.log });
    try {
      for (let i = 0; i < 600; i++) {
        const [r] = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM job_runs WHERE trigger = 'schedule' AND name = 'card-lapse' AND finished_at IS NOT NULL`);
        if (r.n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await jobs.stop();
    }
    const list = (await admin.get('/api/v1/jobs')).body.items as { name: string; label: string; lastRun: { trigger: string; result: unknown; finishedAt: string | null } | null }[];
    const lapse = list.find((j) => j.name === 'card-lapse')!;
    expect(lapse.label).toBe('副卡到期失效');
    expect(lapse.lastRun).toMatchObject({ trigger: 'schedule', requestedBy: null, result: { lapsed: 0 }, error: null });
    expect(lapse.lastRun!.finishedAt).not.toBeNull();
  });
});

describe('refusals', () => {
  const runsOf = async () => (await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM job_runs`))[0].n;

  it('a malformed asOf is a localised 400 naming asOf, and nothing runs', async () => {
    const before = await runsOf();
    for (const asOf of ['2027-02-29', '2027-13-01', '28/02/2027', 'tomorrow', '2027-02-28T25:00', '']) {
      const zh = await runJob('care.triggers', { asOf });
      expect(zh.status, asOf).toBe(400);
      expect(zh.body.error.code).toBe('VALIDATION_FAILED');
      expect(zh.body.error.details).toEqual([{ field: 'asOf', issue: '应为日期（如 2027-02-28，即公司时区的这一天）或 ISO 时间（如 2027-03-15T16:30:00Z）' }]);
      expect(zh.body.error.message).toContain('基准日期（asOf）');
    }
    const en = await runJob('points-expiry', { asOf: '2027-02-30' }, admin, { 'accept-language': 'en' });
    expect(en.status).toBe(400);
    expect(en.body.error.message).toBe('Invalid request: as-of date (asOf) must be a date (e.g. 2027-02-28, that day in the company time zone) or an ISO date-time (e.g. 2027-03-15T16:30:00Z)');
    // the modules' own routes refuse it the same way
    for (const url of ['/api/v1/care/triggers/run', '/api/v1/complaints/overdue/remind', '/api/v1/leave-requests/run-rules']) {
      const r = await admin.post(url, { asOf: '2027-02-29' });
      expect(r.status, url).toBe(400);
      expect(r.body.error.details[0].field, url).toBe('asOf');
    }
    // a job whose rules do not depend on the day takes no asOf; an unknown job is a 404
    const undated = await runJob('notify.deliver', { asOf: '2027-02-28' }, admin, { 'accept-language': 'en' });
    expect(undated.status).toBe(400);
    expect(undated.body.error.details).toEqual([{ field: 'asOf', issue: 'is not taken by the background job "Notice delivery": its rules do not depend on the day' }]);
    const unknown = await runJob('no-such-job', {});
    expect(unknown.status).toBe(404);
    expect(await runsOf()).toBe(before);
    expect(await birthdayMembers('2027-02-27')).toEqual([]);
  });

  it('only administrators see and run jobs, and give an asOf to the modules’ routes', async () => {
    for (const s of [st.service, st.manager]) {
      expect((await s.get('/api/v1/jobs')).status).toBe(403);
      const r = await runJob('care.triggers', { asOf: '2027-02-27' }, s);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    // the service centre still runs the birthday care and the reminders for today, but not as of another day
    expect((await st.service.post('/api/v1/care/triggers/run', { asOf: '2027-02-27' })).status).toBe(403);
    expect((await st.service.post('/api/v1/complaints/overdue/remind', { asOf: '2030-06-20' })).status).toBe(403);
    expect((await st.service.post('/api/v1/leave-requests/run-rules', { asOf: '2040-01-01' })).status).toBe(403);
    expect((await st.service.post('/api/v1/care/triggers/run', {})).status).toBe(200);
    expect(await birthdayMembers('2027-02-27')).toEqual([]);
  });

  itOnPostgres('a job running in another process is a 409, in the reader\'s language', async () => {
    const other = new pg.Client({ connectionString: t.config.databaseUrl! });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', ['job:care.triggers']);
      const busy = await runJob('care.triggers', { asOf: '2027-02-28' }, admin, { 'accept-language': 'en' });
      expect(busy.status).toBe(409);
      expect(busy.body.error).toMatchObject({ code: 'JOB_RUNNING', message: 'The background job "Birthday care" is running (in this or another process); try again shortly' });
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', ['job:care.triggers']);
      expect((await runJob('care.triggers', { asOf: '2027-02-28' })).status).toBe(200);
    } finally {
      await other.end();
    }
  });
});
