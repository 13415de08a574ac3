// The ledger's rules one by one, each as a user sees it (a balance, a refusal, an entry's state, a
// lot's expiry). Written against the survivors of mutation testing (issue 17, reports/mutation/):
// every test here failed with one of them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { archiveMember, createMembers } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, balanceOf, nextCardNo } from '../../../test/helpers/points.ts';
import { systemActor } from '../auth/actor.ts';
import { expirePoints } from './expiry.ts';
import { correctEntry, postEntry, refundEntry, type EntryInput } from './ledger.ts';

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

type Lot = { id: number; entryId: number; amount: number; remaining: number; expired: number; expiresAt: string | null };
const member = async () => (await createMembers(t.db, 1))[0];
const lotsOf = async (memberId: number) => (await admin.get(`/api/v1/members/${memberId}/points/lots`)).body as Lot[];
const entry = async (id: number) => (await admin.get(`/api/v1/points/entries/${id}`)).body;
const correct = (id: number, body: Record<string, unknown>) => admin.post(`/api/v1/points/entries/${id}/correct`, { reason: '更正', ...body });
const adjust = (memberId: number, amount: number) => admin.post('/api/v1/points/entries', { memberId, amount, sourceType: 'adjustment', reason: '人工调整' });
const post = (input: Omit<EntryInput, 'sourceType' | 'sourceId'>) =>
  t.db.transaction((tx) => postEntry(tx, systemActor('test'), { sourceType: 'activity', sourceId: activity, sourceChecked: true, ...input }));

describe('deductions check the member and the key before anything else', () => {
  it('a replayed deduction key returns the first entry and changes nothing; a member who left is refused a deduction', async () => {
    const m = await member();
    await addPoints(admin, m.id, 50, activity);
    const first = await addPoints(admin, m.id, -20, activity, { 'idempotency-key': 'deduct-1' });
    expect(first.body).toMatchObject({ replayed: false, balance: 30 });
    const again = await addPoints(admin, m.id, -20, activity, { 'idempotency-key': 'deduct-1' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ balance: 30, entry: { id: first.body.entry.id } });
    await archiveMember(t.db, m.id);
    const left = await addPoints(admin, m.id, -10, activity, { 'accept-language': 'en' });
    expect(left.status).toBe(422);
    expect(left.body.error.code).toBe('MEMBER_ARCHIVED');
    const adjustment = await adjust(m.id, -5);
    expect(adjustment.body.error.code).toBe('MEMBER_ARCHIVED');
    expect(await balanceOf(admin, m.id)).toBe(30);
  });

  it('internal callers rely on the ledger alone: a key reused for another amount is refused (earning and deduction), the same request replays', async () => {
    const m = await member();
    const earned = await post({ memberId: m.id, amount: 40, idempotencyKey: 'rule:7:activity:1' });
    expect(earned.balance).toBe(40);
    await expect(post({ memberId: m.id, amount: 41, idempotencyKey: 'rule:7:activity:1' })).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED', key: 'error.idempotencyMismatch' });
    const replay = await post({ memberId: m.id, amount: 40, idempotencyKey: 'rule:7:activity:1' });
    expect(replay).toMatchObject({ replayed: true, balance: 40, entry: { id: earned.entry.id } });
    const spent = await post({ memberId: m.id, amount: -15, idempotencyKey: 'purchase:9:refund' });
    expect(await post({ memberId: m.id, amount: -15, idempotencyKey: 'purchase:9:refund' })).toMatchObject({ replayed: true, balance: 25, entry: { id: spent.entry.id } });
    await expect(post({ memberId: m.id, amount: -16, idempotencyKey: 'purchase:9:refund' })).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await balanceOf(admin, m.id)).toBe(25);
  });

  it('a deduction the balance cannot cover is refused with the balance and what was needed, also when it waited for approval', async () => {
    const m = await member();
    await addPoints(admin, m.id, 30, activity);
    const over = await addPoints(admin, m.id, -31, activity);
    expect(over.body.error).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: '积分不足：当前余额 30，需要 31' });
    const pending = await adjust(m.id, -40);
    const approve = await admin.post(`/api/v1/points/entries/${pending.body.entry.id}/approve`, {});
    expect(approve.body.error).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: '积分不足：当前余额 30，需要 40' });
    expect((await entry(pending.body.entry.id)).state).toBe('pending');
    expect(await balanceOf(admin, m.id)).toBe(30);
  });
});

describe('the approval queue', () => {
  it('approving an addition for a member who never had points opens the account with that balance', async () => {
    const m = await member();
    const pending = await adjust(m.id, 50);
    expect(pending.body.entry.state).toBe('pending');
    const ok = await admin.post(`/api/v1/points/entries/${pending.body.entry.id}/approve`, {});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ balance: 50, entry: { state: 'posted' } });
    expect(await balanceOf(admin, m.id)).toBe(50);
    expect((await lotsOf(m.id)).map((l) => [l.amount, l.remaining])).toEqual([[50, 50]]);
  });

  it('a posted or rejected entry cannot be rejected: refused, the entry and its points stay', async () => {
    const m = await member();
    const a = await adjust(m.id, 60);
    await admin.post(`/api/v1/points/entries/${a.body.entry.id}/approve`, {});
    const late = await admin.post(`/api/v1/points/entries/${a.body.entry.id}/reject`, { note: '驳回' });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('ENTRY_NOT_PENDING');
    expect(late.body.error.message).toBe(`积分流水 #${a.body.entry.id} 不在待审批状态（当前：已入账）`);
    expect((await entry(a.body.entry.id)).state).toBe('posted');
    expect(await balanceOf(admin, m.id)).toBe(60);
    const b = await adjust(m.id, 10);
    expect((await admin.post(`/api/v1/points/entries/${b.body.entry.id}/reject`, { note: '不符合' })).body.state).toBe('rejected');
    const twice = await admin.post(`/api/v1/points/entries/${b.body.entry.id}/reject`, { note: '再驳回' });
    expect(twice.body.error.code).toBe('ENTRY_NOT_PENDING');
    expect((await entry(b.body.entry.id)).decisionNote).toBe('不符合');
  });
});

describe('corrections', () => {
  it('a correction must go against the entry: a same-sign "correction" is refused and creates no points', async () => {
    const m = await member();
    const add = await addPoints(admin, m.id, 100, activity);
    const more = await correct(add.body.entry.id, { amount: 50 });
    expect(more.status).toBe(400);
    expect(more.body.error.details).toEqual([{ field: 'amount', issue: '冲正积分的符号应为 −，绝对值不超过 100' }]);
    const spend = await addPoints(admin, m.id, -40, activity);
    const deeper = await correct(spend.body.entry.id, { amount: -10 });
    expect(deeper.status).toBe(400);
    expect(deeper.body.error.details).toEqual([{ field: 'amount', issue: '冲正积分的符号应为 +，绝对值不超过 40' }]);
    // zero is no correction (the API refuses it first; callers inside the system get the same rule)
    await expect(t.db.transaction((tx) => correctEntry(tx, systemActor('test'), { entryId: add.body.entry.id, amount: 0, reason: 'x' })))
      .rejects.toMatchObject({ details: [{ field: 'amount', key: 'points.correctionAmount' }] });
    expect(await balanceOf(admin, m.id)).toBe(60);
    expect((await entry(add.body.entry.id)).corrections).toEqual([]);
  });

  it('partial corrections add up: the second cannot take more than what is left of the entry; the last undoes the rest and reverses it', async () => {
    const m = await member();
    const add = await addPoints(admin, m.id, 300, activity);
    await addPoints(admin, m.id, 500, activity); // enough points that an over-correction would not be stopped by the balance
    expect((await correct(add.body.entry.id, { amount: -100 })).body.balance).toBe(700);
    expect((await correct(add.body.entry.id, { amount: -150 })).body.balance).toBe(550);
    const over = await correct(add.body.entry.id, { amount: -60 });
    expect(over.status).toBe(400);
    expect(over.body.error.details).toEqual([{ field: 'amount', issue: '冲正积分的符号应为 −，绝对值不超过 50' }]);
    const rest = await correct(add.body.entry.id, {});
    expect(rest.body).toMatchObject({ balance: 500, entry: { amount: -50 } });
    expect((await entry(add.body.entry.id)).state).toBe('reversed');
  });

  it('points given back for an expiry come back as a fresh lot with a new expiry, and do not expire again at the next run', async () => {
    const m = await member();
    await admin.patch('/api/v1/points/settings', { expiryMonths: 6 });
    await addPoints(admin, m.id, 40, activity);
    await admin.patch('/api/v1/points/settings', { expiryMonths: 24 });
    const [lot] = await lotsOf(m.id);
    const at = new Date(new Date(lot.expiresAt!).getTime() + 86400_000);
    await expirePoints(t.db, at);
    expect(await balanceOf(admin, m.id)).toBe(0);
    const expiry = (await admin.get(`/api/v1/points/entries?memberId=${m.id}&sourceType=expiry`)).body.items[0];
    const back = await correct(expiry.id, { reason: '到期前已申请延期' });
    expect(back.body.balance).toBe(40);
    const lots = await lotsOf(m.id);
    expect(lots.find((l) => l.id === lot.id)).toMatchObject({ remaining: 0, expired: 40 });
    const fresh = lots.find((l) => l.id !== lot.id)!;
    expect(fresh).toMatchObject({ amount: 40, remaining: 40 });
    expect(new Date(fresh.expiresAt!).getTime()).toBeGreaterThan(at.getTime());
    await expirePoints(t.db, at);
    expect(await balanceOf(admin, m.id)).toBe(40);
  });

  it('a refund of a deduction that was already corrected back is refused: points are given back once', async () => {
    // (a pending redemption's deduction is not corrected at all — cancelling it refunds it: redemption-rules.test.ts)
    const [m] = await createMembers(t.db, 1);
    await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() });
    const start = await balanceOf(admin, m.id);
    const [cardLot] = await lotsOf(m.id);
    const spent = await addPoints(admin, m.id, -30, activity);
    expect((await correct(spent.body.entry.id, {})).body.balance).toBe(start);
    // the correction gave the points back to the lot they came from, with its expiry: no new lot
    expect((await lotsOf(m.id)).map((l) => [l.id, l.remaining, l.expiresAt])).toEqual([[cardLot.id, cardLot.amount, cardLot.expiresAt]]);
    // said to the user as "积分流水 #n 不能冲正（当前：已冲正）"
    await expect(t.db.transaction((tx) => refundEntry(tx, systemActor('test'), spent.body.entry.id, { reason: '重复', idempotencyKey: 'refund-corrected' })))
      .rejects.toMatchObject({ status: 422, code: 'ENTRY_NOT_CORRECTABLE', key: 'points.notCorrectable', params: { id: spent.body.entry.id, state: 'entity.entryState.reversed' } });
    expect(await balanceOf(admin, m.id)).toBe(start);
    // a refund gives back a deduction only: an earning is refused
    await expect(t.db.transaction((tx) => refundEntry(tx, systemActor('test'), cardLot.entryId, { reason: 'x', idempotencyKey: 'refund-earning' })))
      .rejects.toMatchObject({ code: 'ENTRY_NOT_CORRECTABLE' });
    expect(await balanceOf(admin, m.id)).toBe(start);
  });
});
