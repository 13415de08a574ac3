// The ledger's posting rules as the system's own callers meet them (earnings of rules and purchases,
// card base points, demo history, the expiry job) and as staff see them (refusals with their
// message, entries, lots, balances, upgrade proposals, the audit). Written against the survivors
// of mutation testing points/ledger.ts (issue 17, reports/mutation/points-ledger.json).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { archiveMember, createMembers } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, balanceOf, nextCardNo } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { AppError, errorBody } from '../../errors.ts';
import { systemActor } from '../auth/actor.ts';
import { expirePoints } from './expiry.ts';
import { checkSource, correctEntry, maxPoints, postEntry, refundEntry, type EntryInput } from './ledger.ts';

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

type Lot = { id: number; entryId: number; amount: number; remaining: number; expired: number; earnedAt: string; expiresAt: string | null };
const actor = systemActor('test');
const member = async () => (await createMembers(t.db, 1))[0];
const lotsOf = async (memberId: number) => (await admin.get(`/api/v1/members/${memberId}/points/lots`)).body as Lot[];
const entry = async (id: number) => (await admin.get(`/api/v1/points/entries/${id}`)).body;
const entriesOf = async (memberId: number) => (await admin.get(`/api/v1/points/entries?memberId=${memberId}&pageSize=100`)).body.items as { id: number; amount: number }[];
const adjust = (memberId: number, amount: number, headers?: Record<string, string>) =>
  admin.post('/api/v1/points/entries', { memberId, amount, sourceType: 'adjustment', reason: '人工调整' }, headers);
const post = (input: Partial<EntryInput> & { memberId: number; amount: number }) =>
  t.db.transaction((tx) => postEntry(tx, actor, { sourceType: 'activity', sourceId: activity, sourceChecked: true, ...input }));
/** The refusal a caller gets, as the API would word it (zh-CN and en). */
async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  const err = e as AppError;
  return { status: err.status, zh: errorBody('zh-CN', err).error, en: errorBody('en', err).error };
}
const upgradesOf = async (memberId: number) => (await admin.get(`/api/v1/card-upgrades?memberId=${memberId}&status=pending`)).body.items as { toType: string; balance: number }[];

describe('what every posting is checked for, whoever books it', () => {
  it('an amount must be a whole, non-zero number of points within the maximum', async () => {
    const m = await member();
    for (const amount of [0, 1.5, maxPoints + 1, -(maxPoints + 1), Number.NaN]) {
      const r = await refusal(post({ memberId: m.id, amount }));
      expect(r.status).toBe(400);
      expect(r.zh.details).toEqual([{ field: 'amount', issue: '积分应为非零整数，绝对值不超过 100000000' }]);
      expect(r.en.details).toEqual([{ field: 'amount', issue: 'must be a non-zero whole number of points, at most 100000000' }]);
    }
    // the maximum itself is allowed (both signs: the deduction is refused by the balance, not the amount)
    expect((await post({ memberId: m.id, amount: maxPoints })).balance).toBe(maxPoints);
    expect((await post({ memberId: m.id, amount: -maxPoints })).balance).toBe(0);
    const r = await refusal(post({ memberId: m.id, amount: -1 }));
    expect(r.zh).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: '积分不足：当前余额 0，需要 1' });
    expect(await balanceOf(admin, m.id)).toBe(0);
  });

  it('the event must be of a known type and a positive event number; a type without a check is refused', async () => {
    const m = await member();
    const unknown = await refusal(post({ memberId: m.id, amount: 5, sourceType: 'gift' as EntryInput['sourceType'] }));
    expect(unknown.status).toBe(400);
    expect(unknown.en.details).toEqual([{ field: 'sourceType', issue: 'unknown business event type: gift' }]);
    for (const sourceId of [0, -3, 2.5]) {
      const bad = await refusal(post({ memberId: m.id, amount: 5, sourceId }));
      expect(bad.zh.details).toEqual([{ field: 'sourceId', issue: '应为业务事件的编号（正整数）' }]);
    }
    // a module that books points for an event type nobody registered a check for is refused
    const none = await refusal(t.db.transaction((tx) => checkSource(tx, actor, 'gift', 1, m.id)));
    expect(none.en.details).toEqual([{ field: 'sourceType', issue: 'points cannot be booked for "entity.pointsSource.gift" events yet' }]);
    // an event of another member is refused by its module's check (internal callers who did not check it)
    const [other] = await createMembers(t.db, 1);
    const card = await admin.post('/api/v1/cards', { memberId: other.id, cardNo: nextCardNo() });
    const notTheirs = await refusal(post({ memberId: m.id, amount: -5, sourceType: 'card', sourceId: card.body.id, sourceChecked: false }));
    expect(notTheirs.status).toBe(400);
    expect(notTheirs.zh.details[0].field).toBe('sourceId');
    expect(await entriesOf(m.id)).toEqual([]);
  });

  it('a member who does not exist is not found, whatever the entry; nothing is written', async () => {
    for (const input of [{ amount: 10 }, { amount: -10 }, { amount: 10, pending: true }]) {
      const r = await refusal(post({ memberId: 987654, ...input }));
      expect(r.status).toBe(404);
      expect(r.en.message).toBe('member not found: 987654');
    }
    const [{ n }] = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM points_entries WHERE member_id = 987654`);
    expect(n).toBe(0);
  });

  it('a member who left is refused every kind of entry (an earning, a deduction, a pending adjustment of either sign), with the member number', async () => {
    const m = await member();
    await addPoints(admin, m.id, 50, activity);
    const pending = await adjust(m.id, 20);
    await archiveMember(t.db, m.id);
    for (const amount of [5, -5]) {
      const r = await adjust(m.id, amount, { 'accept-language': 'en' });
      expect(r.status).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'MEMBER_ARCHIVED', message: `Member ${m.memberNo} has left and is archived (read-only)` });
    }
    const earn = await refusal(post({ memberId: m.id, amount: 5 }));
    expect(earn.zh.message).toBe(`会员 ${m.memberNo} 已退会归档，只读`);
    // approving what was queued before they left is refused too
    const late = await admin.post(`/api/v1/points/entries/${pending.body.entry.id}/approve`, {});
    expect(late.body.error).toMatchObject({ code: 'MEMBER_ARCHIVED', message: `会员 ${m.memberNo} 已退会归档，只读` });
    expect((await entry(pending.body.entry.id)).state).toBe('pending');
    expect(await balanceOf(admin, m.id)).toBe(50);
    // a caller that checked the member itself (a batch of its own selection) books without asking again
    expect((await post({ memberId: m.id, amount: 5, memberChecked: true })).balance).toBe(55);
  });
});

describe('the balance and the lots move together or not at all', () => {
  it('a deduction for a member who never had points is refused naming a balance of 0', async () => {
    const m = await member();
    const r = await refusal(post({ memberId: m.id, amount: -5 }));
    expect(r).toMatchObject({ status: 422, zh: { code: 'INSUFFICIENT_POINTS', message: '积分不足：当前余额 0，需要 5' } });
  });

  it('an earning is never booked without its lot: without the settings that give its expiry, nothing is written', async () => {
    const m = await member();
    await expect(t.db.transaction(async (tx) => {
      await rows(tx, sql`DELETE FROM points_settings`);
      await postEntry(tx, actor, { memberId: m.id, amount: 20, sourceType: 'activity', sourceId: activity, sourceChecked: true });
    })).rejects.toThrow('points settings row is missing: lot not created');
    expect(await balanceOf(admin, m.id)).toBe(0);
    expect(await entriesOf(m.id)).toEqual([]);
    expect((await admin.get('/api/v1/points/settings')).body.expiryMonths).toBe(24);
  });

  it('a deduction whose lots hold less than the balance (a damaged ledger) fails whole instead of booking a balance the lots do not hold', async () => {
    const m = await member();
    await post({ memberId: m.id, amount: 50 });
    const [lot] = await lotsOf(m.id);
    await rows(t.db.db, sql`UPDATE points_lots SET remaining = 20 WHERE id = ${lot.id}`);
    try {
      await expect(post({ memberId: m.id, amount: -40 })).rejects.toThrow(`ledger: lots of member ${m.id} hold less than the balance (took 20 of 40)`);
      expect(await balanceOf(admin, m.id)).toBe(50);
      expect(await entriesOf(m.id)).toHaveLength(1);
    } finally {
      await rows(t.db.db, sql`UPDATE points_lots SET remaining = 50 WHERE id = ${lot.id}`);
    }
  });

  it('a correction of an earning takes from that earning\'s own lot first, even when another lot expires sooner', async () => {
    const m = await member();
    await admin.patch('/api/v1/points/settings', { expiryMonths: 6 });
    const soon = await post({ memberId: m.id, amount: 40 });
    await admin.patch('/api/v1/points/settings', { expiryMonths: 24 });
    const late = await post({ memberId: m.id, amount: 70 });
    const fix = await admin.post(`/api/v1/points/entries/${late.entry.id}/correct`, { amount: -30, reason: '多记' });
    expect(fix.body.balance).toBe(80);
    const lots = await lotsOf(m.id);
    expect(lots.find((l) => l.entryId === soon.entry.id)!.remaining).toBe(40);
    expect(lots.find((l) => l.entryId === late.entry.id)!.remaining).toBe(40);
    expect((await entry(fix.body.entry.id)).moves).toMatchObject([{ amount: 30 }]);
    expect((await admin.get('/api/v1/points/entries/99999999', { 'accept-language': 'en' })).status).toBe(404);
  });
});

describe('entries as booked', () => {
  it('history loaded after the fact is posted, earned and expires as of when it happened', async () => {
    const m = await member();
    const at = new Date('2024-03-10T04:00:00.000Z');
    const earned = await post({ memberId: m.id, amount: 80, at, reason: '历史积分', ruleId: null });
    expect(earned.entry).toMatchObject({ state: 'posted', reason: '历史积分' });
    expect(earned.entry.idempotencyKey).toMatch(/^auto:[0-9a-f-]{36}$/); // a caller without a key gets one of its own
    expect(earned.entry.postedAt!.toISOString()).toBe(at.toISOString());
    expect(earned.entry.createdAt.toISOString()).toBe(at.toISOString());
    const [lot] = await lotsOf(m.id);
    expect(lot).toMatchObject({ amount: 80, remaining: 80, earnedAt: at.toISOString(), expiresAt: '2026-03-10T04:00:00.000Z' });
    const spentAt = new Date('2024-05-01T02:00:00.000Z');
    const spent = await post({ memberId: m.id, amount: -30, at: spentAt });
    expect(spent.entry.postedAt!.toISOString()).toBe(spentAt.toISOString());
    expect(await balanceOf(admin, m.id)).toBe(50);
  });

  it('a pending entry has no posting time until approved; approval and rejection record who decided, with the note, in the audit', async () => {
    const m = await member();
    const a = await adjust(m.id, 40);
    expect(a.body.entry).toMatchObject({ state: 'pending', postedAt: null, decidedBy: null, reason: '人工调整' });
    expect(await balanceOf(admin, m.id)).toBe(0);
    const ok = await admin.post(`/api/v1/points/entries/${a.body.entry.id}/approve`, { note: '核实无误' });
    expect(ok.body).toMatchObject({ balance: 40, entry: { state: 'posted', decidedBy: '系统管理员', decisionNote: '核实无误' } });
    expect(ok.body.entry.postedAt).not.toBeNull();
    const approved = await admin.get(`/api/v1/audit?action=points.approve&entityId=${a.body.entry.id}`);
    expect(approved.body.items[0].changes).toEqual({ state: { before: 'pending', after: 'posted' }, note: { before: null, after: '核实无误' } });
    const b = await adjust(m.id, -15);
    const no = await admin.post(`/api/v1/points/entries/${b.body.entry.id}/reject`, { note: '无依据' });
    expect(no.body).toMatchObject({ state: 'rejected', decidedBy: '系统管理员', decisionNote: '无依据', postedAt: null });
    const rejected = await admin.get(`/api/v1/audit?action=points.reject&entityId=${b.body.entry.id}`);
    expect(rejected.body.items[0].changes).toEqual({ state: { before: 'pending', after: 'rejected' }, note: { before: null, after: '无依据' } });
    expect(await balanceOf(admin, m.id)).toBe(40);
    const nothing = await admin.post('/api/v1/points/entries/99999999/approve', {}, { 'accept-language': 'en' });
    expect(nothing.status).toBe(404);
    expect((await admin.post('/api/v1/points/entries/99999999/reject', { note: 'x' })).status).toBe(404);
  });

  it('a key names one request: a pending entry and a posted one, or corrections of two entries, never share it', async () => {
    const m = await member();
    const queued = await post({ memberId: m.id, amount: 30, sourceType: 'adjustment', sourceId: m.id, pending: true, idempotencyKey: 'rule:3:adj' });
    expect((await post({ memberId: m.id, amount: 30, sourceType: 'adjustment', sourceId: m.id, pending: true, idempotencyKey: 'rule:3:adj' })).entry.id).toBe(queued.entry.id);
    const asPosted = await refusal(post({ memberId: m.id, amount: 30, sourceType: 'adjustment', sourceId: m.id, idempotencyKey: 'rule:3:adj' }));
    expect(asPosted).toMatchObject({ status: 422, en: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was already used for a different request' } });
    const one = await post({ memberId: m.id, amount: 60 });
    const two = await post({ memberId: m.id, amount: 60 });
    const fix = { memberId: m.id, amount: -10, sourceType: 'correction' as const, idempotencyKey: 'fix:1' };
    await post({ ...fix, sourceId: one.entry.id, correctsEntryId: one.entry.id });
    const otherEntry = await refusal(post({ ...fix, sourceId: one.entry.id, correctsEntryId: two.entry.id }));
    expect(otherEntry.en.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await balanceOf(admin, m.id)).toBe(110);
  });

  it('the expiry job\'s entries replay through the ledger under their key (the fingerprint written in SQL is the ledger\'s)', async () => {
    const m = await member();
    await admin.patch('/api/v1/points/settings', { expiryMonths: 1 });
    await addPoints(admin, m.id, 25, activity);
    await admin.patch('/api/v1/points/settings', { expiryMonths: 24 });
    const [lot] = await lotsOf(m.id);
    await expirePoints(t.db, new Date(new Date(lot.expiresAt!).getTime() + 1000));
    const [expiry] = (await admin.get(`/api/v1/points/entries?memberId=${m.id}&sourceType=expiry`)).body.items;
    const again = await post({ memberId: m.id, amount: -25, sourceType: 'expiry', sourceId: lot.id, idempotencyKey: expiry.idempotencyKey });
    expect(again).toMatchObject({ replayed: true, balance: 0, entry: { id: expiry.id } });
    expect(await entriesOf(m.id)).toHaveLength(2);
  });
});

describe('upgrade proposals follow the balance, however it rises', () => {
  const withNormalCard = async () => {
    const m = await member();
    await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() }); // 100 base points
    return m;
  };

  it('an earning, an approved adjustment and a deduction given back each propose the VIP card once the balance reaches 10 000', async () => {
    const earner = await withNormalCard();
    await post({ memberId: earner.id, amount: 9899 });
    expect(await upgradesOf(earner.id)).toEqual([]);
    await post({ memberId: earner.id, amount: 1 });
    expect(await upgradesOf(earner.id)).toMatchObject([{ toType: 'vip', balance: 10000 }]);

    const adjusted = await withNormalCard();
    const a = await adjust(adjusted.id, 9950);
    expect(await upgradesOf(adjusted.id)).toEqual([]);
    await admin.post(`/api/v1/points/entries/${a.body.entry.id}/approve`, {});
    expect(await upgradesOf(adjusted.id)).toMatchObject([{ toType: 'vip', balance: 10050 }]);

    // a correction gives back what a deduction took: the threshold is lowered in between
    const corrected = await withNormalCard();
    await post({ memberId: corrected.id, amount: 9850 });
    const spend = await addPoints(admin, corrected.id, -100, activity);
    expect((await admin.patch('/api/v1/card-types/vip', { upgradeThreshold: 9900 })).status).toBe(200);
    try {
      expect(await upgradesOf(corrected.id)).toEqual([]);
      await admin.post(`/api/v1/points/entries/${spend.body.entry.id}/correct`, { reason: '误扣' });
      expect(await upgradesOf(corrected.id)).toMatchObject([{ toType: 'vip', balance: 9950 }]);
    } finally {
      await admin.patch('/api/v1/card-types/vip', { upgradeThreshold: 10000 });
    }
  });
});

describe('corrections and refunds under a key', () => {
  it('a correction sent again with its Idempotency-Key returns the first one and changes nothing', async () => {
    const m = await member();
    const add = await addPoints(admin, m.id, 90, activity);
    const key = { 'idempotency-key': 'fix-90' };
    const first = await admin.post(`/api/v1/points/entries/${add.body.entry.id}/correct`, { amount: -40, reason: '多记' }, key);
    expect(first.body).toMatchObject({ replayed: false, balance: 50 });
    const again = await admin.post(`/api/v1/points/entries/${add.body.entry.id}/correct`, { amount: -40, reason: '多记' }, key);
    expect(again.body).toMatchObject({ balance: 50, entry: { id: first.body.entry.id } });
    expect((await entry(add.body.entry.id)).corrections).toHaveLength(1);
    // the same from inside the system (no HTTP replay in front): the ledger itself returns the first correction
    const inside = () => t.db.transaction((tx) => correctEntry(tx, actor, { entryId: add.body.entry.id, amount: -20, reason: '多记', idempotencyKey: 'fix-20' }));
    const one = await inside();
    expect(one).toMatchObject({ replayed: false, balance: 30 });
    expect(await inside()).toMatchObject({ replayed: true, balance: 30, entry: { id: one.entry.id } });
    expect((await entry(add.body.entry.id)).corrections).toHaveLength(2);
    const audit = await admin.get(`/api/v1/audit?action=points.correct&entityId=${add.body.entry.id}`);
    expect(audit.body.total).toBe(2);
    expect(audit.body.items.map((a: { changes: unknown }) => a.changes)).toContainEqual(expect.objectContaining({ correction: first.body.entry.id, amount: -40, reason: '多记' }));
    // a pending entry is not booked yet: nothing to correct
    const p = await adjust(m.id, 10);
    const notYet = await admin.post(`/api/v1/points/entries/${p.body.entry.id}/correct`, { reason: 'x' });
    expect(notYet.body.error).toMatchObject({ code: 'ENTRY_NOT_CORRECTABLE', message: `积分流水 #${p.body.entry.id} 不能冲正（当前：待审批）` });
    expect((await admin.post('/api/v1/points/entries/99999999/correct', { reason: 'x' })).status).toBe(404);
  });

  it('a refund sent again under its key gives back nothing more', async () => {
    const m = await member();
    await addPoints(admin, m.id, 100, activity);
    const spend = await addPoints(admin, m.id, -60, activity);
    const refund = () => t.db.transaction((tx) => refundEntry(tx, actor, spend.body.entry.id, { reason: '退货', idempotencyKey: 'refund:60' }));
    const first = await refund();
    expect(first).toMatchObject({ replayed: false, balance: 100, entry: { amount: 60, correctsEntryId: spend.body.entry.id } });
    expect(await refund()).toMatchObject({ replayed: true, balance: 100, entry: { id: first.entry.id } });
    expect((await entry(spend.body.entry.id)).state).toBe('reversed');
    expect(await balanceOf(admin, m.id)).toBe(100);
  });

  it('a redemption of a member who has left since can still be cancelled: the points come back to the account', async () => {
    const m = await member();
    await post({ memberId: m.id, amount: 100 });
    const p = await admin.post('/api/v1/redemption-plans', { item: '雨伞', pointsCost: 30 });
    const r = await admin.post('/api/v1/redemptions', { planId: p.body.id, memberId: m.id });
    expect(r.body.balance).toBe(70);
    await archiveMember(t.db, m.id);
    const cancel = await admin.post(`/api/v1/redemptions/${r.body.redemption.id}/cancel`, { reason: '会员退会' });
    expect(cancel.status).toBe(200);
    expect(await balanceOf(admin, m.id)).toBe(100);
  });
});
