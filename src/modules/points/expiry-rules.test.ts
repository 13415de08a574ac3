// The expiry job and the reminders as staff and members see them: the entries and lots of every
// due member (also when the job works in chunks), its answer and its one audit record, and the
// notices each member gets on the configured channel. Written against the survivors of mutation
// testing points/expiry.ts (issue 17, reports/mutation/points-expiry.json).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers, type TestMember } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, balanceOf } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { expirePoints, remindPoints } from './expiry.ts';

let t: TestApp;
let admin: Session;
let activity: number;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  activity = await approvedActivity(admin);
});
afterEach(async () => {
  if (!t) return;
  await expectLedgerConsistent(t.db);
  await admin.patch('/api/v1/points/settings', { expiryMode: 'months', expiryMonths: 24, reminderDays: 30, reminderChannel: 'sms', balanceReminderDay: null });
});
afterAll(async () => { await t?.close(); });

type Lot = { id: number; amount: number; remaining: number; expired: number; expiresAt: string | null };
const lotsOf = async (memberId: number) => (await admin.get(`/api/v1/members/${memberId}/points/lots`)).body as Lot[];
const noticesOf = async (memberId: number, purpose: string) =>
  (await admin.get(`/api/v1/notices?memberId=${memberId}&purpose=${purpose}`)).body.items as { id: number; channel: string; recipient: string; subject: string; body: string; refType: string; refId: number; meta: unknown }[];
const day = 86400_000;

/** Members with one lot each (of these amounts) expiring in one month; returns them and that lot's expiry. */
async function membersWithLotsExpiringInAMonth(amounts: number[], opts: { mobile?: boolean } = {}) {
  const members = await createMembers(t.db, amounts.length, opts);
  await admin.patch('/api/v1/points/settings', { expiryMonths: 1 });
  for (const [i, m] of members.entries()) await addPoints(admin, m.id, amounts[i], activity);
  await admin.patch('/api/v1/points/settings', { expiryMonths: 24 });
  const expiries = await Promise.all(members.map(async (m) => new Date((await lotsOf(m.id))[0].expiresAt!).getTime()));
  return { members, last: Math.max(...expiries), first: Math.min(...expiries) };
}

describe('the expiry job', () => {
  it('expires the due lots of every member, a chunk at a time, answers what it did and audits the run once', async () => {
    const { members, last } = await membersWithLotsExpiringInAMonth([10, 20, 30]);
    const [keeper] = await createMembers(t.db, 1);
    await addPoints(admin, keeper.id, 50, activity); // expires in 24 months: not due
    const at = new Date(last + day);
    const run = await expirePoints(t.db, at, { chunk: 2 });
    expect(run).toEqual({ entries: 3, points: 60, members: 3 });
    for (const [i, m] of members.entries()) {
      expect(await balanceOf(admin, m.id)).toBe(0);
      const [lot] = await lotsOf(m.id);
      expect(lot).toMatchObject({ remaining: 0, expired: (i + 1) * 10 });
      const [e] = (await admin.get(`/api/v1/points/entries?memberId=${m.id}&sourceType=expiry`)).body.items;
      expect(e).toMatchObject({ amount: -(i + 1) * 10, state: 'posted', sourceId: lot.id, reason: '积分到期', actorKind: 'system', actorName: 'points expiry job', idempotencyKey: `expiry:${lot.id}:0` });
    }
    expect(await balanceOf(admin, keeper.id)).toBe(50);
    const audit = await admin.get('/api/v1/audit?action=points.expire');
    expect(audit.body.total).toBe(1);
    expect(audit.body.items[0]).toMatchObject({ actorName: 'points expiry job', entityType: 'pointsEntry', entityId: null });
    expect(audit.body.items[0].changes).toMatchObject({ entries: 3, points: 60, members: 3, now: at.toISOString() });
    // nothing left to expire: nothing booked, nothing audited
    expect(await expirePoints(t.db, at, { chunk: 2 })).toEqual({ entries: 0, points: 0, members: 0 });
    expect((await admin.get('/api/v1/audit?action=points.expire')).body.total).toBe(1);
  });
});

describe('reminders', () => {
  const withEmail = async (m: TestMember, email: string) => {
    await rows(t.db.db, sql`UPDATE customers SET email = ${email} WHERE id = ${m.customerId}`);
  };

  it('by e-mail, a chunk of members at a time: each reachable member gets one, the others are counted; a re-run sends nothing', async () => {
    const { members: [a, b], first } = await membersWithLotsExpiringInAMonth([15, 25]);
    const { members: [c] } = await membersWithLotsExpiringInAMonth([35]);
    await withEmail(a, 'a@example.com');
    await withEmail(b, 'b@example.com'); // c has a mobile number but no e-mail
    await admin.patch('/api/v1/points/settings', { reminderChannel: 'email', reminderDays: 30 });
    const now = new Date(first - 20 * day);
    expect(await remindPoints(t.db, now, { chunk: 1 })).toEqual({ expiry: 2, balance: 0, noContact: 1 });
    for (const [m, email, points] of [[a, 'a@example.com', 15], [b, 'b@example.com', 25]] as const) {
      const [n] = await noticesOf(m.id, 'points_expiry');
      expect(n).toMatchObject({ channel: 'email', recipient: email, subject: '积分即将到期提醒', refType: 'points_reminder' });
      expect(n.body).toContain(`您有 ${points} 积分将于 ${(n.meta as { periodKey: string }).periodKey} 到期`);
      expect(n.meta).toEqual({ kind: 'expiry', periodKey: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), points });
      expect(n.body).toContain(`当前积分余额 ${points}`);
      const [r] = await rows<{ id: number; notice_id: number }>(t.db.db, sql`SELECT id, notice_id FROM points_reminders WHERE member_id = ${m.id} AND kind = 'expiry'`);
      expect(r).toEqual({ id: n.refId, notice_id: n.id });
    }
    expect(await noticesOf(c.id, 'points_expiry')).toEqual([]);
    expect(await remindPoints(t.db, now, { chunk: 1 })).toEqual({ expiry: 0, balance: 0, noContact: 0 });
  });

  it('the monthly balance statement goes by e-mail too, a chunk at a time, to every member with points', async () => {
    const { members: [a, b] } = await membersWithLotsExpiringInAMonth([12, 18]);
    await withEmail(a, 'a2@example.com');
    await withEmail(b, 'b2@example.com');
    await admin.patch('/api/v1/points/settings', { reminderChannel: 'email', reminderDays: 0, balanceReminderDay: 3 });
    const [{ reachable, all }] = await rows<{ reachable: number; all: number }>(t.db.db, sql`
      SELECT count(*) FILTER (WHERE c.email IS NOT NULL)::int AS reachable, count(*)::int AS "all"
      FROM points_accounts a JOIN members m ON m.id = a.member_id AND m.status <> 'archived' JOIN customers c ON c.id = m.customer_id WHERE a.balance > 0`);
    const r = await remindPoints(t.db, new Date('2031-07-03T02:00:00Z'), { chunk: 1 });
    expect(r).toEqual({ expiry: 0, balance: reachable, noContact: all - reachable });
    for (const [m, email, points] of [[a, 'a2@example.com', 12], [b, 'b2@example.com', 18]] as const) {
      const [n] = await noticesOf(m.id, 'points_balance');
      expect(n).toMatchObject({ channel: 'email', recipient: email, subject: '积分余额通知', refType: 'points_reminder' });
      expect(n.body).toBe(`尊敬的会员${m.name}：截至 2031-07-03，您的积分余额为 ${points}。`);
      expect(n.meta).toEqual({ kind: 'balance', periodKey: '2031-07-03', points });
    }
    expect(await noticesOf(a.id, 'points_expiry')).toEqual([]);
  });
});
