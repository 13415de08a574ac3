import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { createMembers } from '../../../test/helpers/members.ts';
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
  await admin.patch('/api/v1/points/settings', { expiryMode: 'months', expiryMonths: 24, reminderDays: 30, balanceReminderDay: null });
});
afterAll(async () => { await t?.close(); });

type Lot = { id: number; amount: number; remaining: number; expired: number; expiresAt: string | null };
const lotsOf = async (memberId: number) => (await admin.get(`/api/v1/members/${memberId}/points/lots`)).body as Lot[];
const days = (n: number) => n * 86400_000;

/** Lots of 40 (6 months) and 70 (12 months). */
async function memberWithTwoLots() {
  const [m] = await createMembers(t.db, 1);
  await admin.patch('/api/v1/points/settings', { expiryMonths: 6 });
  await addPoints(admin, m.id, 40, activity);
  await admin.patch('/api/v1/points/settings', { expiryMonths: 12 });
  await addPoints(admin, m.id, 70, activity);
  const lots = await lotsOf(m.id);
  return { m, soon: lots[0], late: lots[1] };
}

describe('expiry', () => {
  it('expires due lots as entries naming the lot, oldest expiry first; a second run the same day does nothing', async () => {
    const { m, soon, late } = await memberWithTwoLots();
    await addPoints(admin, m.id, -10, activity); // taken from the soonest lot: 30 of it left
    const at = new Date(new Date(soon.expiresAt!).getTime() + days(1));
    const first = await expirePoints(t.db, at);
    expect(first.entries).toBeGreaterThanOrEqual(1);
    expect(await balanceOf(admin, m.id)).toBe(70);
    const entries = (await admin.get(`/api/v1/points/entries?memberId=${m.id}&sourceType=expiry`)).body.items;
    expect(entries).toMatchObject([{ amount: -30, sourceType: 'expiry', sourceId: soon.id, state: 'posted' }]);
    const lots = await lotsOf(m.id);
    expect(lots.find((l) => l.id === soon.id)).toMatchObject({ remaining: 0, expired: 30 });
    expect(lots.find((l) => l.id === late.id)).toMatchObject({ remaining: 70, expired: 0 });
    const again = await expirePoints(t.db, at);
    expect(again.entries).toBe(0);
    expect(await balanceOf(admin, m.id)).toBe(70);
    await expirePoints(t.db, new Date(new Date(late.expiresAt!).getTime() + 1));
    expect(await balanceOf(admin, m.id)).toBe(0);
    const summary = (await admin.get(`/api/v1/members/${m.id}/points`)).body;
    expect(summary).toMatchObject({ balance: 0, expired: 100, earned: 110 });
  });

  it('points given back to an expired lot (a redemption cancelled later) expire at the next run, under a new key', async () => {
    const { m, soon } = await memberWithTwoLots();
    const p = await admin.post('/api/v1/redemption-plans', { item: '茶叶', pointsCost: 40 });
    const r = await admin.post('/api/v1/redemptions', { planId: p.body.id, memberId: m.id });
    const at = new Date(new Date(soon.expiresAt!).getTime() + days(1));
    expect((await expirePoints(t.db, at)).entries).toBe(0); // the soonest lot was spent whole
    await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/cancel`, { reason: '缺货' });
    expect((await lotsOf(m.id)).find((l) => l.id === soon.id)!.remaining).toBe(40);
    const run = await expirePoints(t.db, at);
    expect(run.points).toBe(40);
    expect(await balanceOf(admin, m.id)).toBe(70);
  });

  it('end of the Nth year in the company time zone: N=0 expires at the first instant of next year in Asia/Shanghai', async () => {
    await admin.patch('/api/v1/points/settings', { expiryMode: 'year_end', expiryYears: 0 });
    const [m] = await createMembers(t.db, 1);
    await addPoints(admin, m.id, 10, activity);
    const [lot] = await lotsOf(m.id);
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    expect(lot.expiresAt).toBe(new Date(`${year}-12-31T16:00:00.000Z`).toISOString());
    await admin.patch('/api/v1/points/settings', { expiryYears: 2 });
    await addPoints(admin, m.id, 10, activity);
    expect((await lotsOf(m.id))[1].expiresAt).toBe(new Date(`${year + 2}-12-31T16:00:00.000Z`).toISOString());
    await admin.patch('/api/v1/points/settings', { expiryMode: 'none' });
    await addPoints(admin, m.id, 10, activity);
    expect((await lotsOf(m.id))[2].expiresAt).toBeNull();
  });

  it('settings are validated and audited', async () => {
    const bad = await admin.patch('/api/v1/points/settings', { expiryMonths: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('expiryMonths');
    const letter = await admin.patch('/api/v1/points/settings', { reminderChannel: 'letter' });
    expect(letter.status).toBe(400);
    await admin.patch('/api/v1/points/settings', { reminderDays: 15 });
    const audit = await admin.get('/api/v1/audit?action=points.settings.update');
    expect(audit.body.items[0].changes.reminderDays).toEqual({ before: 30, after: 15 });
  });
});

describe('reminders', () => {
  it('queue one SMS per member for points expiring within the configured days, through the notices outbox, never twice', async () => {
    const { m, soon } = await memberWithTwoLots();
    const [silent] = await createMembers(t.db, 1, { mobile: false });
    await admin.patch('/api/v1/points/settings', { expiryMonths: 6 });
    await addPoints(admin, silent.id, 25, activity);
    const now = new Date(new Date(soon.expiresAt!).getTime() - days(20));
    const r = await remindPoints(t.db, now);
    expect(r.expiry).toBeGreaterThanOrEqual(1);
    expect(r.noContact).toBeGreaterThanOrEqual(1);
    const notices = await admin.get(`/api/v1/notices?memberId=${m.id}&purpose=points_expiry`);
    expect(notices.body.total).toBe(1);
    const n = notices.body.items[0];
    expect(n).toMatchObject({ channel: 'sms', status: 'queued', refType: 'points_reminder' });
    expect(n.body).toContain('40 积分将于');
    expect(n.body).toContain('当前积分余额 110');
    const again = await remindPoints(t.db, now);
    expect(again.expiry).toBe(0);
    expect((await admin.get(`/api/v1/notices?memberId=${m.id}&purpose=points_expiry`)).body.total).toBe(1);
    // too early: nothing within the window
    const [other] = await createMembers(t.db, 1);
    await addPoints(admin, other.id, 5, activity);
    const [lot] = await lotsOf(other.id);
    await remindPoints(t.db, new Date(new Date(lot.expiresAt!).getTime() - days(60)));
    expect((await admin.get(`/api/v1/notices?memberId=${other.id}`)).body.total).toBe(0);
  });

  it('send a monthly balance statement from the configured day, once a month', async () => {
    const [m] = await createMembers(t.db, 1);
    await addPoints(admin, m.id, 33, activity);
    await admin.patch('/api/v1/points/settings', { reminderDays: 0, balanceReminderDay: 5 });
    await remindPoints(t.db, new Date('2031-03-04T12:00:00Z'));
    expect((await admin.get(`/api/v1/notices?memberId=${m.id}&purpose=points_balance`)).body.total).toBe(0);
    const r = await remindPoints(t.db, new Date('2031-03-05T12:00:00Z'));
    expect(r.balance).toBeGreaterThanOrEqual(1);
    await remindPoints(t.db, new Date('2031-03-20T12:00:00Z'));
    const list = await admin.get(`/api/v1/notices?memberId=${m.id}&purpose=points_balance`);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].body).toContain('您的积分余额为 33');
    await remindPoints(t.db, new Date('2031-04-06T12:00:00Z'));
    expect((await admin.get(`/api/v1/notices?memberId=${m.id}&purpose=points_balance`)).body.total).toBe(2);
    const [{ n }] = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM points_reminders WHERE member_id = ${m.id} AND notice_id IS NOT NULL`);
    expect(n).toBe(2);
  });
});
