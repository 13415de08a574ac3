import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { archiveMember, createMembers } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, balanceOf, nextCardNo, attendAll } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { systemActor } from '../auth/actor.ts';
import { createBatch, runBatch, runOpenBatches } from './batches.ts';

let t: TestApp;
let admin: Session;
let activity: number;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  activity = await approvedActivity(admin);
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

async function waitForBatch(id: number, until: (b: { status: string }) => boolean = (b) => !['queued', 'running'].includes(b.status)) {
  for (let i = 0; i < 600; i++) {
    const b = await admin.get(`/api/v1/points/batches/${id}`);
    if (until(b.body)) return b.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`batch ${id} did not finish`);
}
const creditedOnce = async (batchId: number) => rows<{ member_id: number; n: number; s: number }>(t.db.db, sql`
  SELECT member_id, count(*)::int AS n, sum(amount)::int AS s FROM points_entries WHERE batch_id = ${batchId} AND corrects_entry_id IS NULL GROUP BY member_id`);

describe('batch points', () => {
  it('checks every line first: unknown numbers and members who left are named by line, and nothing is submitted', async () => {
    const [a, b, absent] = await createMembers(t.db, 3);
    await attendAll(t.db, activity, [a.id, b.id]);
    await archiveMember(t.db, b.id);
    const r = await admin.post('/api/v1/points/batches', { lines: [a.memberNo, 'NO-SUCH-CARD', b.memberNo, absent.memberNo], amount: 20, sourceType: 'activity', sourceId: activity }, { 'accept-language': 'en' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BATCH_LINES_INVALID');
    expect(r.body.error.message).toBe('Line(s) 2, 3, 4 are invalid; nothing was submitted (3 problems)');
    expect(r.body.error.details).toEqual([
      { field: 'lines.1', issue: 'is not an active card number or member number: NO-SUCH-CARD' },
      { field: 'lines.2', issue: `the member has left (archived): ${b.memberNo}` },
      // points added for an activity: only to those who took part
      { field: 'lines.3', issue: `the member has no recorded participation in this activity: ${absent.memberNo}` },
    ]);
    expect((await admin.get('/api/v1/points/batches')).body.total).toBe(0);
    expect(await balanceOf(admin, a.id)).toBe(0);
    const noEvent = await admin.post('/api/v1/points/batches', { lines: [a.memberNo], amount: 20, sourceType: 'activity', sourceId: 999999 });
    expect(noEvent.status).toBe(400);
    expect(noEvent.body.error.details[0].field).toBe('sourceId');
  });

  it('credits each member once — by card or member number, duplicates and blank lines merged — as a job with progress', async () => {
    const ms = await createMembers(t.db, 60);
    await attendAll(t.db, activity, ms.map((m) => m.id));
    const card = nextCardNo();
    await admin.post('/api/v1/cards', { memberId: ms[0].id, cardNo: card });
    const lines = [card, ...ms.slice(1).map((m) => m.memberNo), ms[5].memberNo, '', `  ${ms[6].memberNo.toLowerCase()} `];
    const r = await admin.post('/api/v1/points/batches', { lines, amount: 25, sourceType: 'activity', sourceId: activity, reason: '年会签到' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 60, amount: 25, inputSummary: { lines: 63, blank: 1, duplicates: 2, byCard: 1, byMemberNo: 59 } });
    const done = await waitForBatch(r.body.id);
    expect(done).toMatchObject({ status: 'done', processed: 60, posted: 60, percent: 100 });
    const credited = await creditedOnce(r.body.id);
    expect(credited).toHaveLength(60);
    expect(credited.every((c) => c.n === 1 && c.s === 25)).toBe(true);
    expect(await balanceOf(admin, ms[0].id)).toBe(125);
    const entries = await admin.get(`/api/v1/points/entries?batchId=${r.body.id}&pageSize=1`);
    expect(entries.body.items[0]).toMatchObject({ sourceType: 'activity', sourceId: activity, reason: '年会签到', actorName: '系统管理员' });
  });

  it('a resumed run after an interruption never books anyone twice (the cursor lost, the keys hold)', async () => {
    const ms = await createMembers(t.db, 30);
    await attendAll(t.db, activity, ms.map((m) => m.id));
    const batch = await t.db.transaction((tx) => createBatch(tx, systemActor('test'), { lines: ms.map((m) => m.memberNo), amount: 7, sourceType: 'activity', sourceId: activity }));
    expect(await runBatch(t.db, batch.id, { chunkSize: 8 })).toBe('done');
    // as if the process had died after posting but before the cursor moved
    await rows(t.db.db, sql`UPDATE points_batches SET status = 'running', processed = 0, finished_at = NULL WHERE id = ${batch.id}`);
    expect(await runOpenBatches(t.db, { chunkSize: 8 })).toBeGreaterThanOrEqual(1);
    expect((await admin.get(`/api/v1/points/batches/${batch.id}`)).body).toMatchObject({ status: 'done', processed: 30, posted: 30 });
    const credited = await creditedOnce(batch.id);
    expect(credited.map((c) => c.n)).toEqual(Array(30).fill(1));
    for (const m of ms.slice(0, 3)) expect(await balanceOf(admin, m.id)).toBe(7);
  });

  it('a deduction batch checks balances first; one refused mid-run stops it (failed), and revert gives every point back to its lots', async () => {
    const ms = await createMembers(t.db, 6);
    for (const m of ms) await addPoints(admin, m.id, 50, activity);
    const short = await admin.post('/api/v1/points/batches', { lines: [...ms.map((m) => m.memberNo)], amount: -60, sourceType: 'activity', sourceId: activity });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0]).toEqual({ field: 'lines.0', issue: '积分不足：余额 50，需扣 60' });
    const batch = await t.db.transaction((tx) => createBatch(tx, systemActor('test'), { lines: ms.map((m) => m.memberNo), amount: -30, sourceType: 'activity', sourceId: activity }));
    await addPoints(admin, ms[4].id, -40, activity); // spends meanwhile: only 10 left
    const lotsBefore = await rows<{ id: number; remaining: number }>(t.db.db, sql`SELECT id, remaining FROM points_lots WHERE member_id = ANY(${sql.param(ms.map((m) => m.id))}::int[]) ORDER BY id`);
    expect(await runBatch(t.db, batch.id, { chunkSize: 2 })).toBe('failed');
    const failed = (await admin.get(`/api/v1/points/batches/${batch.id}`)).body;
    expect(failed).toMatchObject({ status: 'failed', processed: 4, posted: 4, error: { code: 'INSUFFICIENT_POINTS', memberNo: ms[4].memberNo, balance: 10, needed: 30 } });
    expect(await balanceOf(admin, ms[0].id)).toBe(20);
    const reverted = await admin.post(`/api/v1/points/batches/${batch.id}/revert`);
    expect(reverted.body).toMatchObject({ status: 'reverted' });
    for (const m of ms) expect(await balanceOf(admin, m.id)).toBe(m.id === ms[4].id ? 10 : 50);
    const lotsAfter = await rows<{ id: number; remaining: number }>(t.db.db, sql`SELECT id, remaining FROM points_lots WHERE member_id = ANY(${sql.param(ms.map((m) => m.id))}::int[]) ORDER BY id`);
    expect(lotsAfter).toEqual(lotsBefore);
    expect((await admin.post(`/api/v1/points/batches/${batch.id}/revert`)).status).toBe(422);
  });

  it('a failed deduction batch may instead resume once the member has the points', async () => {
    const ms = await createMembers(t.db, 3);
    for (const m of ms) await addPoints(admin, m.id, 20, activity);
    const batch = await t.db.transaction((tx) => createBatch(tx, systemActor('test'), { lines: ms.map((m) => m.memberNo), amount: -20, sourceType: 'activity', sourceId: activity }));
    await addPoints(admin, ms[2].id, -5, activity);
    expect(await runBatch(t.db, batch.id, { chunkSize: 1 })).toBe('failed');
    await addPoints(admin, ms[2].id, 5, activity);
    const resumed = await admin.post(`/api/v1/points/batches/${batch.id}/resume`);
    expect(resumed.status).toBe(200);
    const done = await waitForBatch(batch.id);
    expect(done).toMatchObject({ status: 'done', posted: 3 });
    for (const m of ms) expect(await balanceOf(admin, m.id)).toBe(0);
  });
});
