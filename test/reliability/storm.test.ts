// A mixed storm on a few hot members through a real server of two workers (`clubcrm serve
// --workers 2`) and a single-process one on one PostgreSQL database: earnings, redemptions, cancellations (with their
// refunds) and a batch, all at once,
// each request with its own Idempotency-Key. Afterwards the ledger invariant holds and every
// member's balance is exactly the sum of what the server accepted — nothing lost, nothing doubled.
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

/** A small deterministic generator, so a failing storm can be replayed. */
function random(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('a storm of earn, redeem, cancel and batch on 4 hot members through a two-worker server and a single-process one', () => {
  it('keeps the ledger invariant, and the balances equal the sum of the accepted requests', async () => {
    // a server of two workers (clubcrm serve --workers 2) and a single-process one: three processes on one database
    const [a, b] = await Promise.all([startServer(url, { CLUBCRM_JOBS: 'on' }, ['--workers', '2']), startServer(url, { CLUBCRM_JOBS: 'on' }, ['--workers', '1'])]);
    servers.push(a, b);
    const bases = [a.url, b.url];
    const api = await signInTo(a.url);
    const act = await api.post(a.url, '/api/v1/activities', { name: '风暴测试活动', type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31' });
    expect(act.status).toBe(200);
    expect((await api.post(b.url, `/api/v1/activities/${act.body.id}/approve`)).status).toBe(200);
    const activity = act.body.id as number;
    const members = await createMembers(db, 4, { prefix: 'S' });
    await attendAll(db, activity, members.map((m) => m.id));
    const plan = await api.post(a.url, '/api/v1/redemption-plans', { item: '洗车券', pointsCost: 30, stockTotal: 100_000 });
    expect(plan.status).toBe(200);

    const expected = new Map(members.map((m) => [m.id, 0]));
    const redeemed: { id: number; memberId: number }[] = [];
    const rnd = random(20240601);
    let n = 0;
    const key = () => `storm-${++n}`;
    const base = () => bases[Math.floor(rnd() * 2)];
    const pick = () => members[Math.floor(rnd() * members.length)];

    // a batch for every hot member runs (in whichever process's job picks it up) during the storm
    const batch = await api.post(a.url, '/api/v1/points/batches', { lines: members.map((m) => m.memberNo), amount: 7, sourceType: 'activity', sourceId: activity, reason: '风暴批量' }, { 'idempotency-key': key() });
    expect(batch.status, JSON.stringify(batch.body)).toBe(200);

    const earn = async () => {
      const m = pick();
      const amount = 1 + Math.floor(rnd() * 40);
      const r = await api.post(base(), '/api/v1/points/entries', { memberId: m.id, amount, sourceType: 'activity', sourceId: activity, reason: 'storm' }, { 'idempotency-key': key() });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (r.body.entry.state === 'posted') expected.set(m.id, expected.get(m.id)! + amount);
    };
    const redeem = async () => {
      const m = pick();
      const r = await api.post(base(), '/api/v1/redemptions', { planId: plan.body.id, memberId: m.id }, { 'idempotency-key': key() });
      if (r.status === 200) {
        expected.set(m.id, expected.get(m.id)! - 30);
        redeemed.push({ id: r.body.redemption.id, memberId: m.id });
      } else {
        expect(r.status, JSON.stringify(r.body)).toBe(422);
        expect(r.body.error.code).toBe('INSUFFICIENT_POINTS');
      }
    };
    const cancel = async () => {
      const victim = redeemed.splice(Math.floor(rnd() * redeemed.length), 1)[0];
      if (!victim) return redeem();
      const r = await api.post(base(), `/api/v1/redemptions/${victim.id}/cancel`, { reason: '会员取消' }, { 'idempotency-key': key() });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expected.set(victim.memberId, expected.get(victim.memberId)! + 30);
    };

    // waves of 40 concurrent requests, mixed
    for (let wave = 0; wave < 10; wave++) {
      const ops = Array.from({ length: 40 }, () => {
        const x = rnd();
        return x < 0.4 ? earn : x < 0.8 ? redeem : cancel;
      });
      await Promise.all(ops.map((op) => op()));
    }

    // the batch finishes: every member credited once
    let status = '';
    for (let i = 0; i < 600 && status !== 'done'; i++) {
      status = (await api.get(a.url, `/api/v1/points/batches/${batch.body.id}`)).body.status;
      if (status !== 'done') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('done');
    for (const m of members) expected.set(m.id, expected.get(m.id)! + 7);

    const report = await verifyLedger(db.db);
    expect(report.problems).toEqual([]);
    for (const m of members) {
      const p = await api.get(b.url, `/api/v1/members/${m.id}/points`);
      expect(p.status).toBe(200);
      expect(p.body.balance, `member ${m.memberNo}`).toBe(expected.get(m.id));
      expect(p.body.balance).toBeGreaterThanOrEqual(0);
    }
    // the storm really contended: both outcomes of a redemption happened
    const [{ ok, cancelled }] = await rows<{ ok: number; cancelled: number }>(db.db, sql`
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS ok, count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled FROM redemptions`);
    expect(ok).toBe(redeemed.length);
    expect(cancelled).toBeGreaterThan(0);
    await a.kill();
    await b.kill();
  });
});
