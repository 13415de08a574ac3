// The points ledger across real server processes on PostgreSQL: concurrent redemptions through two
// processes cannot overspend, and a batch whose process is killed mid-way resumes in another
// process and credits every member exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, rows, sql, type Db } from '../../src/db/index.ts';
import { prepareDatabase } from '../../src/main.ts';
import { verifyLedger } from '../../src/modules/points/verify.ts';
import { createPgDatabase, testConfig } from '../helpers/db.ts';
import { createMembers } from '../helpers/members.ts';
import { signInTo, startServer, type ServerProcess } from '../helpers/server.ts';
import { attendAll } from '../helpers/points.ts';

let url: string;
let drop: () => Promise<void>;
let db: Db;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  ({ url, drop } = await createPgDatabase());
  db = await openPostgres(url, 4);
  await prepareDatabase(db, { ...testConfig(), databaseUrl: url });
});
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL');
  await db?.close();
  await drop?.();
});

async function approvedActivity(base: string, api: Awaited<ReturnType<typeof signInTo>>) {
  const a = await api.post(base, '/api/v1/activities', { name: '可靠性测试活动', type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31' });
  expect(a.status).toBe(200);
  expect((await api.post(base, `/api/v1/activities/${a.body.id}/approve`)).status).toBe(200);
  return a.body.id as number;
}

describe('two server processes, one member, 64 concurrent redemptions', () => {
  it('exactly the affordable redemptions succeed, the rest get a clear 422, the invariant holds, and replays change nothing', async () => {
    const [a, b] = await Promise.all([startServer(url, { CLUBCRM_JOBS: 'off' }), startServer(url, { CLUBCRM_JOBS: 'off' })]);
    servers.push(a, b);
    const api = await signInTo(a.url);
    const activity = await approvedActivity(a.url, api);
    const [m] = await createMembers(db, 1);
    await attendAll(db, activity, [m.id]);
    expect((await api.post(b.url, '/api/v1/points/entries', { memberId: m.id, amount: 250, sourceType: 'activity', sourceId: activity })).status).toBe(200);
    const plan = await api.post(a.url, '/api/v1/redemption-plans', { item: '电影票', pointsCost: 10, stockTotal: 1000 });
    const redeem = (i: number) => api.post(i % 2 ? b.url : a.url, '/api/v1/redemptions', { planId: plan.body.id, memberId: m.id }, { 'idempotency-key': `two-proc-${i}` });

    const first = await Promise.all(Array.from({ length: 64 }, (_, i) => redeem(i)));
    const ok = first.filter((r) => r.status === 200);
    const refused = first.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(25);
    expect(refused.map((r) => r.status)).toEqual(Array(39).fill(422));
    for (const r of refused) expect(r.body.error).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: expect.stringMatching(/^积分不足：当前余额 \d+，需要 10$/) });
    // both processes did real work
    expect(new Set(first.map((r, i) => (r.status === 200 ? i % 2 : -1)).filter((x) => x >= 0)).size).toBe(2);
    const [acc] = await rows<{ balance: number }>(db.db, sql`SELECT balance FROM points_accounts WHERE member_id = ${m.id}`);
    expect(acc.balance).toBe(0);
    expect((await verifyLedger(db.db)).problems).toEqual([]);

    const replay = await Promise.all(Array.from({ length: 64 }, (_, i) => redeem(i)));
    expect(replay.filter((r) => r.status === 200).map((r) => r.body.redemption.id).sort()).toEqual(ok.map((r) => r.body.redemption.id).sort());
    expect(replay.filter((r) => r.status === 422)).toHaveLength(39);
    const [{ n }] = await rows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM redemptions WHERE member_id = ${m.id}`);
    expect(n).toBe(25);
    const [again] = await rows<{ balance: number }>(db.db, sql`SELECT balance FROM points_accounts WHERE member_id = ${m.id}`);
    expect(again.balance).toBe(0);
    const [stock] = await rows<{ stock_left: number }>(db.db, sql`SELECT stock_left FROM redemption_plans WHERE id = ${plan.body.id}`);
    expect(stock.stock_left).toBe(975);
    const report = await verifyLedger(db.db);
    expect(report.problems).toEqual([]);
    await a.kill();
    await b.kill();
  });
});

describe('a batch of 10 000 members whose process is killed mid-way', () => {
  it('resumes in another process and credits every member exactly once', async () => {
    const members = await createMembers(db, 10_000, { prefix: 'K' });
    const a = await startServer(url, { CLUBCRM_JOBS: 'on', CLUBCRM_POINTS_BATCH_CHUNK: '200' });
    servers.push(a);
    const api = await signInTo(a.url);
    const activity = await approvedActivity(a.url, api);
    await attendAll(db, activity, members.map((m) => m.id));
    const created = await api.post(a.url, '/api/v1/points/batches', { lines: members.map((m) => m.memberNo), amount: 15, sourceType: 'activity', sourceId: activity, reason: '年度答谢' });
    expect(created.status).toBe(200);
    const id = created.body.id as number;
    // kill the process while the batch is part-way through
    let processed = 0;
    for (let i = 0; i < 20_000; i++) {
      [{ processed }] = await rows<{ processed: number }>(db.db, sql`SELECT processed FROM points_batches WHERE id = ${id}`);
      if (processed >= 2000) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    await a.kill('SIGKILL');
    // one snapshot: the cursor and the entries move in the same transaction, whatever was in flight
    const [mid] = await rows<{ processed: number; status: string; posted: number }>(db.db, sql`
      SELECT processed, status, (SELECT count(*)::int FROM points_entries WHERE batch_id = ${id}) AS posted FROM points_batches WHERE id = ${id}`);
    expect(mid.status).toBe('running');
    expect(mid.processed).toBeGreaterThan(0);
    expect(mid.processed).toBeLessThan(10_000);
    expect(mid.posted).toBe(mid.processed);

    const b = await startServer(url, { CLUBCRM_JOBS: 'on', CLUBCRM_POINTS_BATCH_CHUNK: '1000' });
    servers.push(b);
    let status = 'running';
    for (let i = 0; i < 600 && status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [{ status }] = await rows<{ status: string }>(db.db, sql`SELECT status FROM points_batches WHERE id = ${id}`);
    }
    expect(status).toBe('done');
    const perMember = await rows<{ n: number; s: number; members: number }>(db.db, sql`
      SELECT n, s, count(*)::int AS members FROM (
        SELECT m.id, count(e.id)::int AS n, coalesce(sum(e.amount), 0)::int AS s
        FROM members m LEFT JOIN points_entries e ON e.member_id = m.id AND e.batch_id = ${id}
        WHERE m.id = ANY(${sql.param(members.map((m) => m.id))}::int[]) GROUP BY m.id
      ) x GROUP BY n, s`);
    expect(perMember).toEqual([{ n: 1, s: 15, members: 10_000 }]);
    const [bal] = await rows<{ wrong: number }>(db.db, sql`
      SELECT count(*)::int AS wrong FROM points_accounts WHERE member_id = ANY(${sql.param(members.map((m) => m.id))}::int[]) AND balance <> 15`);
    expect(bal.wrong).toBe(0);
    expect((await verifyLedger(db.db)).problems).toEqual([]);
    await b.kill();
  });
});
