// Earnings that arrive together are written together (earnings.ts): what each caller sees must be
// exactly what the one-at-a-time path gives — entries, balances, lots, audit lines, replays and
// the refusals of the requests the shared statement could not take.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { archiveMember, createMembers } from '../../../test/helpers/members.ts';
import { metricValue, scrapeMetrics } from '../../../test/helpers/metrics.ts';
import { approvedActivity, attend, attendAll, balanceOf, nextCardNo } from '../../../test/helpers/points.ts';
import { rows, sql } from '../../db/index.ts';

let t: TestApp;
let admin: Session;
let activity: number;
const metricsToken = 'earnings-scrape-0123456789abcdef';
beforeAll(async () => {
  t = await startTestApp({ metricsToken });
  admin = await t.signIn();
  activity = await approvedActivity(admin);
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); });

/** Members who took part in the activity (points added for an activity need the participation). */
async function participants(n: number) {
  const list = await createMembers(t.db, n);
  await attendAll(t.db, activity, list.map((m) => m.id));
  return list;
}

/** How many earnings went together and how many alone so far, as GET /metrics tells the operator. */
async function paths() {
  const text = await scrapeMetrics(t, metricsToken);
  const n = (path: string) => metricValue(text, 'clubcrm_points_earnings_total', { path }) ?? 0;
  return { together: n('together'), alone: n('alone') };
}
/** The earnings by path since `before`. */
const since = async (before: { together: number; alone: number }) => {
  const now = await paths();
  return { together: now.together - before.together, alone: now.alone - before.alone };
};

const earn = (body: Record<string, unknown>, key?: string, who = admin) =>
  who.post('/api/v1/points/entries', { sourceType: 'activity', sourceId: activity, reason: '签到', ...body }, key ? { 'idempotency-key': key } : {});

describe('earnings arriving together', () => {
  it('books each one exactly once: every reply has its own entry and the balance after it, lots and audit lines match', async () => {
    const members = await participants(4);
    const card = nextCardNo('66');
    expect((await admin.post('/api/v1/cards', { memberId: members[3].id, cardNo: card })).status).toBe(200);
    const before = await balanceOf(admin, members[3].id); // the card's base points, if its type has any
    const counted = await paths();
    const sends = Array.from({ length: 40 }, (_, i) => (i % 4 === 3
      ? earn({ cardNo: `${card.slice(0, 4)} ${card.slice(4)}`, amount: i + 1 }, `together-${i}`) // a swipe, as a reader types it
      : earn({ memberId: members[i % 4].id, amount: i + 1 }, `together-${i}`)));
    const replies = await Promise.all(sends);
    for (const r of replies) expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(new Set(replies.map((r) => r.body.entry.id)).size).toBe(40);
    // all forty were written by the shared statement, none fell back to the one-at-a-time path
    expect(await since(counted)).toEqual({ together: 40, alone: 0 });

    for (const [k, m] of members.entries()) {
      const mine = replies.filter((_, i) => i % 4 === k).map((r) => r.body).sort((a, b) => a.entry.id - b.entry.id);
      const start = k === 3 ? before : 0;
      // the balances after each entry follow one another in the order the entries were booked
      let running = start;
      for (const p of mine) {
        running += p.entry.amount;
        expect(p).toMatchObject({ replayed: false, balance: running, entry: { memberId: m.id, state: 'posted', sourceType: 'activity', sourceId: activity } });
      }
      expect(await balanceOf(admin, m.id)).toBe(running);
      const lots = (await admin.get(`/api/v1/members/${m.id}/points/lots`)).body as { entryId: number; amount: number; remaining: number }[];
      for (const p of mine) expect(lots.find((l) => l.entryId === p.entry.id)).toMatchObject({ amount: p.entry.amount, remaining: p.entry.amount });
    }
    const swiped = replies[3].body.entry.id;
    const audit = await admin.get(`/api/v1/audit?action=points.add&entityId=${swiped}`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ actorName: '系统管理员', changes: { memberId: members[3].id, amount: 4, sourceType: 'activity', cardNo: `${card.slice(0, 4)} ${card.slice(4)}` } });
  });

  it('answers a replay with the first reply, whether it races the first try or comes later; a reused key with another body is refused', async () => {
    const [m] = await participants(1);
    const counted = await paths();
    const [a, b] = await Promise.all([earn({ memberId: m.id, amount: 30 }, 'twin-1'), earn({ memberId: m.id, amount: 30 }, 'twin-1')]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    const later = await earn({ memberId: m.id, amount: 30 }, 'twin-1');
    expect(later.body).toEqual(a.body);
    const other = await earn({ memberId: m.id, amount: 31 }, 'twin-1');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await balanceOf(admin, m.id)).toBe(30);
    const [{ n }] = await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM points_entries WHERE member_id = ${m.id}`);
    expect(n).toBe(1);
    // one written together; the twin, the later replay and the reused key answered one at a time
    expect(await since(counted)).toEqual({ together: 1, alone: 3 });
  });

  it('gives the requests it cannot take the refusal of the one-at-a-time path, and books the others', async () => {
    const [ok, gone] = await participants(2);
    await archiveMember(t.db, gone.id);
    const draft = await admin.post('/api/v1/activities', { name: '未审批活动', type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31' });
    const en = { 'accept-language': 'en' };
    const counted = await paths();
    const replies = await Promise.all([
      earn({ memberId: ok.id, amount: 5 }, 'mixed-1'),
      admin.post('/api/v1/points/entries', { memberId: gone.id, amount: 5, sourceType: 'activity', sourceId: activity }, { ...en, 'idempotency-key': 'mixed-2' }),
      admin.post('/api/v1/points/entries', { cardNo: 'NO-SUCH-CARD', amount: 5, sourceType: 'activity', sourceId: activity }, { ...en, 'idempotency-key': 'mixed-3' }),
      admin.post('/api/v1/points/entries', { memberId: ok.id, amount: 5, sourceType: 'activity', sourceId: draft.body.id }, { ...en, 'idempotency-key': 'mixed-4' }),
      admin.post('/api/v1/points/entries', { memberId: 99_999_999, amount: 5, sourceType: 'activity', sourceId: activity }, en),
      earn({ memberId: ok.id, amount: 7 }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 422, 400, 422, 404, 200]);
    expect(replies[1].body.error.code).toBe('MEMBER_ARCHIVED');
    expect(replies[2].body.error.details[0].field).toBe('cardNo');
    expect(replies[3].body.error.code).toBe('ACTIVITY_NOT_OPEN');
    expect(replies[3].body.error.message).toMatch(/未审批活动/);
    expect(await balanceOf(admin, ok.id)).toBe(12);
    expect(await since(counted)).toEqual({ together: 2, alone: 4 });
    // a refused request's key was not kept: sent again once the event is open, it books
    expect((await admin.post(`/api/v1/activities/${draft.body.id}/approve`)).status).toBe(200);
    await attend(admin, draft.body.id, ok.id);
    const retried = await admin.post('/api/v1/points/entries', { memberId: ok.id, amount: 5, sourceType: 'activity', sourceId: draft.body.id }, { 'idempotency-key': 'mixed-4' });
    expect(retried.status).toBe(200);
    expect(retried.body.balance).toBe(17);
  });

  it('books only members who took part in the activity; the others get the one-at-a-time refusal and can be booked once recorded', async () => {
    const [took] = await participants(1);
    const [absent, swiper] = await createMembers(t.db, 2);
    const card = nextCardNo('67');
    expect((await admin.post('/api/v1/cards', { memberId: swiper.id, cardNo: card })).status).toBe(200);
    const start = await balanceOf(admin, swiper.id);
    const en = { 'accept-language': 'en' };
    const replies = await Promise.all([
      earn({ memberId: took.id, amount: 8 }, 'attend-1'),
      admin.post('/api/v1/points/entries', { memberId: absent.id, amount: 8, sourceType: 'activity', sourceId: activity }, { ...en, 'idempotency-key': 'attend-2' }),
      admin.post('/api/v1/points/entries', { cardNo: card, amount: 8, sourceType: 'activity', sourceId: activity }, { 'idempotency-key': 'attend-3' }),
      earn({ memberId: took.id, amount: 9 }, 'attend-4'),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 422, 422, 200]);
    expect(replies[1].body.error.code).toBe('ACTIVITY_NOT_ATTENDED');
    expect(replies[1].body.error.message).toBe(`Member ${absent.memberNo} has no recorded participation in activity "${(await admin.get(`/api/v1/activities/${activity}`)).body.name}", so no activity points can be added: record the participation first (it posts the points per participant)`);
    expect(replies[2].body.error.message).toContain(`会员 ${swiper.memberNo} 没有参加活动`);
    expect(await balanceOf(admin, took.id)).toBe(17);
    expect(await balanceOf(admin, absent.id)).toBe(0);
    expect(await balanceOf(admin, swiper.id)).toBe(start);
    // recorded as present, the same requests book
    await attend(admin, activity, absent.id);
    const again = await admin.post('/api/v1/points/entries', { memberId: absent.id, amount: 8, sourceType: 'activity', sourceId: activity }, { 'idempotency-key': 'attend-2' });
    expect(again.status).toBe(200);
    expect(again.body.balance).toBe(8);
  });

  it('books for a service-centre user under their own name, keeps a department-scoped user to their members, refuses one without the permission', async () => {
    const [m] = await participants(1);
    const service = await t.userWithRoles('earn-service', ['service']);
    const booked = await earn({ memberId: m.id, amount: 5 }, 'by-service', service);
    expect(booked.status).toBe(200);
    expect(booked.body.entry.actorName).toBe('earn-service');
    const role = await admin.post('/api/v1/roles', { code: 'dept_points', nameZh: '案场积分', nameEn: 'Office points', permissions: ['points.adjust', 'points.read', 'member.read'], dataScope: 'department' });
    expect(role.status).toBe(200);
    const office = await t.userWithRoles('earn-office', ['dept_points'], { department: '别的案场' });
    expect((await earn({ memberId: m.id, amount: 5 }, 'by-office', office)).status).toBe(404);
    const manager = await t.userWithRoles('earn-manager', ['manager']);
    const refused = await earn({ memberId: m.id, amount: 5 }, 'by-manager', manager);
    expect(refused.status).toBe(403);
    expect(await balanceOf(admin, m.id)).toBe(5);
  });

  it('stops a remembered caller at once: signed out, role taken away, token revoked — the next earning is refused and books nothing', async () => {
    const [m] = await participants(1);
    const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
    const role = (code: string) => roles.find((r) => r.code === code)!.id;

    const leaving = await t.userWithRoles('earn-leaving', ['service']);
    expect((await earn({ memberId: m.id, amount: 1 }, undefined, leaving)).status).toBe(200);
    expect((await leaving.post('/api/v1/auth/sign-out')).status).toBe(200);
    const afterSignOut = await earn({ memberId: m.id, amount: 1 }, undefined, leaving);
    expect(afterSignOut.status).toBe(401);

    const moved = await t.userWithRoles('earn-moved', ['service']);
    expect((await earn({ memberId: m.id, amount: 1 }, undefined, moved)).status).toBe(200);
    const me = (await moved.get('/api/v1/auth/me')).body.user;
    expect((await admin.patch(`/api/v1/users/${me.id}`, { roleIds: [role('manager')] })).status).toBe(200);
    const afterMove = await earn({ memberId: m.id, amount: 1 }, 'after-move', moved);
    expect(afterMove.status).toBe(403);
    expect(afterMove.body.error.code).toBe('FORBIDDEN');

    const tok = await admin.post('/api/v1/api-tokens', { name: 'door-reader', roleId: role('service') });
    const bearer = { authorization: `Bearer ${tok.body.token}` };
    const byToken = () => t.anonymous.post('/api/v1/points/entries', { memberId: m.id, amount: 1, sourceType: 'activity', sourceId: activity }, bearer);
    expect((await byToken()).status).toBe(200);
    expect((await admin.delete(`/api/v1/api-tokens/${tok.body.id}`)).status).toBe(200);
    const afterRevoke = await byToken();
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.error.message).toBe('API 令牌无效或已吊销');

    expect(await balanceOf(admin, m.id)).toBe(3);
  });
});
