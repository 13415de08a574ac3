// Earnings written together (earnings.ts) at their edges: which requests take that path, and that
// what they leave behind — entry, audit line, upgrade proposal — is what the one-at-a-time path
// leaves. Written against the survivors of mutation testing (issue 17, reports/mutation/).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers } from '../../../test/helpers/members.ts';
import { approvedActivity, attendAll, balanceOf, nextCardNo } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';

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

async function participant() {
  const [m] = await createMembers(t.db, 1);
  await attendAll(t.db, activity, [m.id]);
  return m;
}
const earn = (body: Record<string, unknown>, who = admin, headers: Record<string, string> = {}) =>
  who.post('/api/v1/points/entries', { sourceType: 'activity', sourceId: activity, ...body }, headers);
const auditOf = async (entryId: number) => (await admin.get(`/api/v1/audit?entityType=pointsEntry&entityId=${entryId}`)).body.items as { action: string; actorName: string; changes: Record<string, unknown> }[];

describe('what an earning written together leaves behind', () => {
  it('the same audit line as the one-at-a-time path (a department-scoped user\'s earning), the state included', async () => {
    const together = await participant();
    const alone = await participant();
    await rows(t.db.db, sql`UPDATE customers SET department = '北区案场' WHERE id = ${alone.customerId}`);
    const role = await admin.post('/api/v1/roles', { code: 'north_points', nameZh: '北区积分', nameEn: 'North points', permissions: ['points.adjust', 'points.read', 'member.read'], dataScope: 'department' });
    expect(role.status).toBe(200);
    const office = await t.userWithRoles('north-points', ['north_points'], { department: '北区案场' });
    const a = await earn({ memberId: together.id, amount: 12, reason: '签到' });
    const b = await earn({ memberId: alone.id, amount: 12, reason: '签到' }, office);
    expect([a.status, b.status]).toEqual([200, 200]);
    const fields = (m: { id: number }) => ({ memberId: m.id, amount: 12, sourceType: 'activity', sourceId: activity, cardNo: null, reason: '签到', state: 'posted' });
    expect(await auditOf(a.body.entry.id)).toMatchObject([{ action: 'points.add', actorName: '系统管理员' }]);
    expect((await auditOf(a.body.entry.id))[0].changes).toEqual(fields(together));
    expect((await auditOf(b.body.entry.id))[0].changes).toEqual(fields(alone));
  });

  it('the entry says why and who booked it, and which request did (the reply\'s x-request-id, for finding its log lines)', async () => {
    const m = await participant();
    const r = await earn({ memberId: m.id, amount: 4, reason: '签到' }, admin, { 'x-request-id': 'earn-trace-1' });
    expect(r.status).toBe(200);
    expect(r.headers['x-request-id']).toBe('earn-trace-1');
    expect(r.body.entry).toMatchObject({ reason: '签到', actorName: '系统管理员' });
    const [row] = await rows<{ request_id: string; actor_kind: string }>(t.db.db, sql`SELECT request_id, actor_kind FROM points_entries WHERE id = ${r.body.entry.id}`);
    expect(row).toEqual({ request_id: 'earn-trace-1', actor_kind: 'user' });
  });

  it('an earning without a reason has none, in the entry and in the audit line', async () => {
    const m = await participant();
    const r = await earn({ memberId: m.id, amount: 3 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ balance: 3, replayed: false, entry: { reason: null, amount: 3, state: 'posted' } });
    expect((await auditOf(r.body.entry.id))[0].changes).toMatchObject({ reason: null, cardNo: null });
  });

  it('an earning that brings a normal card to the VIP threshold proposes the upgrade, once', async () => {
    const m = await participant();
    expect((await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo('68') })).status).toBe(200);
    const start = await balanceOf(admin, m.id);
    const upgrades = async () => (await admin.get(`/api/v1/card-upgrades?memberId=${m.id}&status=pending`)).body.items as { toType: string; balance: number }[];
    expect((await earn({ memberId: m.id, amount: 9999 - start })).status).toBe(200);
    expect(await upgrades()).toEqual([]);
    expect((await earn({ memberId: m.id, amount: 1 })).body.balance).toBe(10000);
    expect(await upgrades()).toMatchObject([{ toType: 'vip', balance: 10000 }]);
    await earn({ memberId: m.id, amount: 1 });
    expect(await upgrades()).toHaveLength(1);
  });
});

describe('which requests are written together', () => {
  it('a deduction for an activity is not: the balance guards it and it opens no lot', async () => {
    const m = await participant();
    await earn({ memberId: m.id, amount: 3 });
    const short = await earn({ memberId: m.id, amount: -5 });
    expect(short.status).toBe(422);
    expect(short.body.error).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: '积分不足：当前余额 3，需要 5' });
    const ok = await earn({ memberId: m.id, amount: -2 });
    expect(ok.status).toBe(200);
    expect(ok.body.balance).toBe(1);
    const lots = (await admin.get(`/api/v1/members/${m.id}/points/lots`)).body as { amount: number; remaining: number }[];
    expect(lots.map((l) => [l.amount, l.remaining])).toEqual([[3, 1]]);
    expect((await auditOf(ok.body.entry.id))[0].action).toBe('points.deduct');
  });

  it('an earning is never booked without its lot: without the points settings that give its expiry the request fails whole', async () => {
    const m = await participant();
    const [settings] = await rows<Record<string, unknown>>(t.db.db, sql`SELECT * FROM points_settings WHERE id = 1`);
    await rows(t.db.db, sql`DELETE FROM points_settings`);
    try {
      const r = await earn({ memberId: m.id, amount: 10 }, admin, { 'idempotency-key': 'no-settings-1' });
      expect(r.status).toBe(500);
    } finally {
      await rows(t.db.db, sql`INSERT INTO points_settings SELECT * FROM json_populate_record(NULL::points_settings, ${JSON.stringify(settings)}::json)`);
    }
    expect(await balanceOf(admin, m.id)).toBe(0);
    const [{ n }] = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM points_entries WHERE member_id = ${m.id}`);
    expect(n).toBe(0);
    // with the settings back, the same request books
    expect((await earn({ memberId: m.id, amount: 10 }, admin, { 'idempotency-key': 'no-settings-1' })).body.balance).toBe(10);
  });
});
