import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { adminPassword, engine, testSecret, describeOnPostgres } from '../../../test/helpers/db.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { archiveMember, createMembers } from '../../../test/helpers/members.ts';
import { addPoints, approvedActivity, attend, attendAll, balanceOf, nextCardNo } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';
import { systemActor } from '../auth/actor.ts';
import { applyTriggerRules } from './service.ts';

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

const member = async () => (await createMembers(t.db, 1))[0];
const lotsOf = async (memberId: number) => (await admin.get(`/api/v1/members/${memberId}/points/lots`)).body as { id: number; amount: number; remaining: number; expiresAt: string | null }[];
const entriesOf = async (memberId: number) => (await admin.get(`/api/v1/points/entries?memberId=${memberId}&pageSize=100`)).body.items;

describe('manual points for a business event', () => {
  it('adds points for an activity: a posted entry naming the event, a lot expiring after 24 months, the balance, an audit record', async () => {
    const m = await member();
    const r = await addPoints(admin, m.id, 120, activity);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ replayed: false, balance: 120, entry: { amount: 120, state: 'posted', sourceType: 'activity', sourceId: activity, actorName: '系统管理员' } });
    const [lot] = await lotsOf(m.id);
    expect(lot).toMatchObject({ amount: 120, remaining: 120, sourceType: 'activity' });
    const months = (new Date(lot.expiresAt!).getTime() - Date.now()) / (30.44 * 86400_000);
    expect(Math.round(months)).toBe(24);
    const audit = await admin.get(`/api/v1/audit?action=points.add&entityId=${r.body.entry.id}`);
    expect(audit.body.items[0].changes).toMatchObject({ memberId: m.id, amount: 120, sourceType: 'activity' });
  });

  it('has no way to change points without a real event: system-only types, unknown or unapproved events are refused, nothing changes', async () => {
    const m = await member();
    const sys = await admin.post('/api/v1/points/entries', { memberId: m.id, amount: 10, sourceType: 'expiry', sourceId: 1 });
    expect(sys.status).toBe(400);
    expect(sys.body.error.details[0].field).toBe('sourceType');
    const missing = await admin.post('/api/v1/points/entries', { memberId: m.id, amount: 10, sourceType: 'activity', sourceId: 999999 }, { 'accept-language': 'en' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ field: 'sourceId', issue: 'no such business event: activity #999999' }]);
    const planned = await admin.post('/api/v1/activities', { name: '未审批活动', type: 'gathering', startsOn: '2026-01-01', endsOn: '2026-01-02' });
    const notApproved = await admin.post('/api/v1/points/entries', { memberId: m.id, amount: 10, sourceType: 'activity', sourceId: planned.body.id });
    expect(notApproved.status).toBe(422);
    expect(notApproved.body.error.message).toBe('活动“未审批活动”尚未审批，不能记积分');
    const noEvent = await admin.post('/api/v1/points/entries', { memberId: m.id, amount: 10, reason: '手工调整' });
    expect(noEvent.status).toBe(400);
    expect(noEvent.body.error.details.map((d: { field: string }) => d.field)).toEqual(['sourceType']);
    const noId = await admin.post('/api/v1/points/entries', { memberId: m.id, amount: 10, sourceType: 'activity', reason: '手工调整' });
    expect(noId.status).toBe(400);
    expect(noId.body.error.details.map((d: { field: string }) => d.field)).toEqual(['sourceId']);
    const zero = await addPoints(admin, m.id, 0, activity);
    expect(zero.status).toBe(400);
    expect(zero.body.error.details[0].field).toBe('amount');
    expect(await entriesOf(m.id)).toEqual([]);
  });

  it('posts by card number as a card reader types it (any active card of the member); an unknown card names the field', async () => {
    const m = await member();
    const main = nextCardNo();
    await admin.post('/api/v1/cards', { memberId: m.id, cardNo: main });
    const sub = nextCardNo();
    await admin.post('/api/v1/cards', { memberId: m.id, cardNo: sub, typeCode: 'discount' });
    await attend(admin, activity, m.id);
    const r1 = await admin.post('/api/v1/points/entries', { cardNo: `${main}`, amount: 40, sourceType: 'activity', sourceId: activity });
    expect(r1.body.entry.memberId).toBe(m.id);
    const r2 = await admin.post('/api/v1/points/entries', { cardNo: sub.toLowerCase(), amount: 10, sourceType: 'activity', sourceId: activity });
    expect(r2.status).toBe(200);
    expect(await balanceOf(admin, m.id)).toBe(100 + 40 + 10);
    // the console's card-reader field: a swipe (or a member number) finds the member with balance and level
    const found = await admin.get(`/api/v1/points/members/find?q=${sub}`);
    expect(found.body).toMatchObject({ memberId: m.id, memberNo: m.memberNo, balance: 150, level: 'normal', swipedCardNo: sub, swipedCardStatus: 'active' });
    expect((await admin.get(`/api/v1/points/members/find?q=${m.memberNo}`)).body.memberId).toBe(m.id);
    const nobody = await admin.get('/api/v1/points/members/find?q=XYZ0000', { 'accept-language': 'en' });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.message).toBe('Invalid request: card or member number (q) is not an active card number or member number: XYZ0000');
    const unknown = await admin.post('/api/v1/points/entries', { cardNo: '00000000', amount: 10, sourceType: 'activity', sourceId: activity });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toEqual({ field: 'cardNo', issue: '没有这张有效的会员卡：00000000' });
    // the card-reader API of other systems does the same with a bearer token
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const tok = await admin.post('/api/v1/api-tokens', { name: 'reader', roleId: roles.find((r) => r.code === 'integration')!.id });
    const reader = await t.anonymous.post('/api/v1/card-reader/points', { cardNo: main, amount: 5, sourceType: 'activity', sourceId: activity }, { authorization: `Bearer ${tok.body.token}` });
    expect(reader.status).toBe(200);
    expect(reader.body.balance).toBe(155);
  });

  it('adds points for an activity only to a member who took part — typed or swiped by a card reader; a deduction needs no participation', async () => {
    const m = await member();
    const card = nextCardNo();
    expect((await admin.post('/api/v1/cards', { memberId: m.id, cardNo: card })).status).toBe(200);
    const start = await balanceOf(admin, m.id); // the card's base points
    expect(start).toBeGreaterThanOrEqual(10);
    const service = await t.userWithRoles('attend_service', ['service']);
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const tok = await admin.post('/api/v1/api-tokens', { name: 'door', roleId: roles.find((r) => r.code === 'integration')!.id });
    const reader = (amount: number) => t.anonymous.post('/api/v1/card-reader/points', { cardNo: card, amount, sourceType: 'activity', sourceId: activity }, { authorization: `Bearer ${tok.body.token}` });
    const name = (await admin.get(`/api/v1/activities/${activity}`)).body.name;

    const typed = await service.post('/api/v1/points/entries', { memberId: m.id, amount: 30, sourceType: 'activity', sourceId: activity, reason: '没来也加分' });
    expect(typed.status).toBe(422);
    expect(typed.body.error.code).toBe('ACTIVITY_NOT_ATTENDED');
    expect(typed.body.error.message).toBe(`会员 ${m.memberNo} 没有参加活动“${name}”的登记记录，不能记活动积分：请先登记参加（登记即记入每人积分）`);
    const bySingle = await service.post('/api/v1/points/entries', { cardNo: card, amount: 30, sourceType: 'activity', sourceId: activity }, { 'idempotency-key': 'absent-1' });
    expect(bySingle.body.error.code).toBe('ACTIVITY_NOT_ATTENDED');
    const swiped = await reader(30);
    expect(swiped.status).toBe(422);
    expect(swiped.body.error.code).toBe('ACTIVITY_NOT_ATTENDED');
    expect(await balanceOf(admin, m.id)).toBe(start);
    expect((await entriesOf(m.id)).filter((e: { sourceType: string }) => e.sourceType === 'activity')).toEqual([]);

    // a deduction for the activity (e.g. a no-show penalty) takes nothing that was not there
    const penalty = await service.post('/api/v1/points/entries', { memberId: m.id, amount: -10, sourceType: 'activity', sourceId: activity, reason: '报名未到' });
    expect(penalty.status).toBe(200);

    // once recorded as present, the same postings book
    expect((await service.post(`/api/v1/activities/${activity}/participants`, { memberId: m.id })).status).toBe(200);
    expect((await service.post('/api/v1/points/entries', { cardNo: card, amount: 30, sourceType: 'activity', sourceId: activity }, { 'idempotency-key': 'absent-1' })).status).toBe(200);
    const later = await reader(5);
    expect(later.status).toBe(200);
    expect(later.body.balance).toBe(start - 10 + 30 + 5);
  });

  it('refuses a deduction the balance cannot cover with 422 and a clear message, changing nothing', async () => {
    const m = await member();
    await addPoints(admin, m.id, 50, activity);
    const before = await entriesOf(m.id);
    const r = await addPoints(admin, m.id, -80, activity);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: '积分不足：当前余额 50，需要 80' });
    const en = await addPoints(admin, m.id, -80, activity, { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('Not enough points: the balance is 50, 80 are needed');
    expect(await balanceOf(admin, m.id)).toBe(50);
    expect(await entriesOf(m.id)).toEqual(before);
  });

  it('spends the lot that expires first, then the oldest, and records what it took from each lot', async () => {
    const m = await member();
    await addPoints(admin, m.id, 100, activity); // expires in 24 months
    expect((await admin.patch('/api/v1/points/settings', { expiryMonths: 6 })).status).toBe(200);
    await addPoints(admin, m.id, 30, activity); // newer, but expires in 6 months
    await admin.patch('/api/v1/points/settings', { expiryMonths: 24 });
    const [soon, late] = await lotsOf(m.id);
    expect([soon.amount, late.amount]).toEqual([30, 100]);
    const spend = await addPoints(admin, m.id, -50, activity);
    expect(spend.body.balance).toBe(80);
    const detail = await admin.get(`/api/v1/points/entries/${spend.body.entry.id}`);
    expect(detail.body.moves.map((x: { lotId: number; amount: number }) => [x.lotId, x.amount])).toEqual([[soon.id, 30], [late.id, 20]]);
    const after = await lotsOf(m.id);
    expect(after.find((l) => l.id === soon.id)!.remaining).toBe(0);
    expect(after.find((l) => l.id === late.id)!.remaining).toBe(80);
  });

  it('an Idempotency-Key makes a retry harmless: the same entry comes back; reused for another request it is refused', async () => {
    const m = await member();
    const first = await addPoints(admin, m.id, 70, activity, { 'idempotency-key': 'swipe-001' });
    const again = await addPoints(admin, m.id, 70, activity, { 'idempotency-key': 'swipe-001' });
    expect(again.status).toBe(200);
    expect(again.body.entry.id).toBe(first.body.entry.id);
    expect(first.body.entry.idempotencyKey).toContain('swipe-001');
    const other = await addPoints(admin, m.id, 80, activity, { 'idempotency-key': 'swipe-001' });
    expect(other.status).toBe(422);
    expect(await balanceOf(admin, m.id)).toBe(70);
    expect(await entriesOf(m.id)).toHaveLength(1);
  });

  it('refuses points for a member who has left, and to roles without points.adjust', async () => {
    const m = await member();
    const sales = await t.userWithRoles('pts_sales', ['sales']);
    expect((await addPoints(sales, m.id, 10, activity)).status).toBe(403);
    await archiveMember(t.db, m.id);
    const r = await addPoints(admin, m.id, 10, activity);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('MEMBER_ARCHIVED');
  });
});

describe('trigger rules and the approval queue', () => {
  it('a rule for the member\'s level books pending entries that wait for approval; approval posts, rejection does not', async () => {
    const [a, b, vip] = await createMembers(t.db, 3);
    await attendAll(t.db, activity, [a.id, b.id, vip.id]);
    for (const m of [a, b]) await admin.post('/api/v1/cards', { memberId: m.id, cardNo: nextCardNo() });
    const rule = await admin.post('/api/v1/points/rules', { name: '活动签到 30 分', eventType: 'activity', formula: 'fixed', points: 30, eligibleLevels: ['normal'], autoApprove: false });
    expect(rule.status).toBe(200);
    const fire = (memberId: number) => t.db.transaction((tx) => applyTriggerRules(tx, systemActor('activities'), { eventType: 'activity', memberId, sourceType: 'activity', sourceId: activity }));
    const pa = await fire(a.id);
    const pb = await fire(b.id);
    expect(pa?.entry.state).toBe('pending');
    expect((await fire(a.id))?.replayed).toBe(true); // the same event for the same member books once
    expect(await fire(vip.id)).toBeNull(); // no main card: no level the rule applies to
    expect(await balanceOf(admin, a.id)).toBe(100);
    const queue = await admin.get('/api/v1/points/entries?state=pending');
    expect(queue.body.items.map((e: { id: number }) => e.id).sort()).toEqual([pa!.entry.id, pb!.entry.id].sort());
    expect(queue.body.items[0]).toMatchObject({ ruleId: rule.body.id, memberName: expect.any(String) });

    const service = await t.userWithRoles('queue_service', ['service']);
    expect((await service.post(`/api/v1/points/entries/${pa!.entry.id}/approve`, {})).status).toBe(403);
    const manager = await t.userWithRoles('queue_manager', ['manager']);
    const ok = await manager.post(`/api/v1/points/entries/${pa!.entry.id}/approve`, { note: '已核实签到' });
    expect(ok.body).toMatchObject({ balance: 130, entry: { state: 'posted', decidedBy: 'queue_manager', decisionNote: '已核实签到' } });
    const no = await manager.post(`/api/v1/points/entries/${pb!.entry.id}/reject`, { note: '未到场' });
    expect(no.body).toMatchObject({ state: 'rejected' });
    expect(await balanceOf(admin, b.id)).toBe(100);
    const twice = await manager.post(`/api/v1/points/entries/${pa!.entry.id}/approve`, {});
    expect(twice.status).toBe(422);
    expect(twice.body.error.message).toBe(`积分流水 #${pa!.entry.id} 不在待审批状态（当前：已入账）`);
    await admin.patch(`/api/v1/points/rules/${rule.body.id}`, { active: false });
  });

  it('an auto-approved rule posts at once; the per-amount formula counts whole steps', async () => {
    const m = await member();
    await attendAll(t.db, activity, [m.id]);
    const rule = await admin.post('/api/v1/points/rules', { name: '购房加赠', eventType: 'purchase', formula: 'per_amount', points: 2, perFen: 10000, autoApprove: true });
    expect(rule.status).toBe(200);
    const bad = await admin.post('/api/v1/points/rules', { name: 'x', eventType: 'purchase', formula: 'per_amount', points: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('perFen');
    const posted = await t.db.transaction((tx) => applyTriggerRules(tx, systemActor('t'), { eventType: 'purchase', memberId: m.id, sourceType: 'activity', sourceId: activity, amountFen: 35_999 }));
    expect(posted?.entry).toMatchObject({ state: 'posted', amount: 6 });
    await admin.patch(`/api/v1/points/rules/${rule.body.id}`, { active: false });
  });
});

describe('corrections', () => {
  it('undoes a wrong entry with a new entry naming it: the original shows reversed, its lot is emptied', async () => {
    const m = await member();
    const wrong = await addPoints(admin, m.id, 500, activity);
    const r = await admin.post(`/api/v1/points/entries/${wrong.body.entry.id}/correct`, { reason: '录错会员' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ balance: 0, entry: { amount: -500, sourceType: 'correction', sourceId: wrong.body.entry.id, correctsEntryId: wrong.body.entry.id } });
    const orig = await admin.get(`/api/v1/points/entries/${wrong.body.entry.id}`);
    expect(orig.body.state).toBe('reversed');
    expect(orig.body.corrections).toHaveLength(1);
    expect(orig.body.lot.remaining).toBe(0);
    expect((await admin.post(`/api/v1/points/entries/${wrong.body.entry.id}/correct`, { reason: 'again' })).status).toBe(422);
  });

  it('a partial correction keeps the entry posted; more than the entry is refused; a deduction corrected gives back to its own lots', async () => {
    const m = await member();
    const add = await addPoints(admin, m.id, 300, activity);
    const over = await admin.post(`/api/v1/points/entries/${add.body.entry.id}/correct`, { amount: -301, reason: 'x' });
    expect(over.status).toBe(400);
    expect(over.body.error.details[0].field).toBe('amount');
    const part = await admin.post(`/api/v1/points/entries/${add.body.entry.id}/correct`, { amount: -100, reason: '多记了 100' });
    expect(part.body.balance).toBe(200);
    expect((await admin.get(`/api/v1/points/entries/${add.body.entry.id}`)).body.state).toBe('posted');
    await addPoints(admin, m.id, 50, activity);
    const spend = await addPoints(admin, m.id, -220, activity);
    const took = (await admin.get(`/api/v1/points/entries/${spend.body.entry.id}`)).body.moves;
    const back = await admin.post(`/api/v1/points/entries/${spend.body.entry.id}/correct`, { reason: '误扣' });
    expect(back.body.balance).toBe(250);
    const gave = (await admin.get(`/api/v1/points/entries/${back.body.entry.id}`)).body.moves;
    expect(gave.map((g: { lotId: number; amount: number }) => [g.lotId, -g.amount]).sort()).toEqual(took.map((x: { lotId: number; amount: number }) => [x.lotId, x.amount]).sort());
  });
});

describe('reading', () => {
  it('the website reads a member\'s own points by member number; statistics sum the months', async () => {
    const m = await member();
    await addPoints(admin, m.id, 90, activity);
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const tok = await admin.post('/api/v1/api-tokens', { name: 'website', roleId: roles.find((r) => r.code === 'integration')!.id });
    const web = await t.anonymous.get(`/api/v1/website/points/${m.memberNo}`, { authorization: `Bearer ${tok.body.token}` });
    expect(web.status).toBe(200);
    expect(web.body).toMatchObject({ memberNo: m.memberNo, balance: 90, lots: [{ amount: 90, remaining: 90 }], entries: { total: 1 } });
    const unknown = await t.anonymous.get('/api/v1/website/points/M000', { authorization: `Bearer ${tok.body.token}` });
    expect(unknown.status).toBe(400);
    const stats = await admin.get('/api/v1/points/stats');
    expect(stats.status).toBe(200);
    const [{ outstanding }] = await rows<{ outstanding: number }>(t.db.db, sql`SELECT sum(balance) AS outstanding FROM points_accounts`);
    expect(stats.body.outstanding).toBe(Number(outstanding));
    expect(stats.body.months.reduce((s: number, x: { net: number }) => s + x.net, 0)).toBe(Number(outstanding));
    const verify = await admin.get('/api/v1/points/verify');
    expect(verify.body).toMatchObject({ ok: true, problems: [] });
  });

  it('`clubcrm verify-ledger` checks the same invariant from the command line', async () => {
    const env: Record<string, string> = { ...process.env as Record<string, string>, CLUBCRM_SECRET_KEY: testSecret, CLUBCRM_ADMIN_PASSWORD: adminPassword, LOG_LEVEL: 'silent' };
    let dir: string | null = null;
    if (engine === 'postgres') env.DATABASE_URL = t.config.databaseUrl!;
    else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-verify-'));
      env.CLUBCRM_DATA_DIR = dir;
      delete env.DATABASE_URL;
    }
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['bin/clubcrm.js', 'verify-ledger'], { env, cwd: path.resolve(import.meta.dirname, '../../..') });
      expect(stdout).toMatch(/^ledger OK: \d+ accounts/m);
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeOnPostgres('concurrent deductions (PostgreSQL)', () => {
  it('40 concurrent deductions of 10 from a balance of 200: exactly 20 succeed, the rest get 422, nothing overspent', async () => {
    const m = await member();
    await addPoints(admin, m.id, 200, activity);
    const results = await Promise.all(Array.from({ length: 40 }, () => addPoints(admin, m.id, -10, activity)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(20);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.error.code === 'INSUFFICIENT_POINTS')).toBe(true);
    expect(results.filter((r) => r.status === 422)).toHaveLength(20);
    expect(await balanceOf(admin, m.id)).toBe(0);
  });
});
