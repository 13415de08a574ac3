// The members' portal (会员自助) through the HTTP API: sign-in by mobile and SMS code (codes reach
// a real HTTP SMS gateway — a capture server here), the member session and its boundary (member
// sessions reach /portal only, staff sessions and tokens never reach it), and that every portal
// operation reads and writes the signed-in member's own data only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Reply, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { clubMember, leaveClub, type ClubMember, type ClubStaff } from '../../../test/helpers/club.ts';
import { itOnPostgres } from '../../../test/helpers/db.ts';
import { expectLedgerConsistent } from '../../../test/helpers/ledger.ts';
import { rows, sql } from '../../db/index.ts';
import { MEMBER_COOKIE } from './session.ts';

// ---------- the SMS gateway: what a phone would receive ----------
const received: { to: string; text: string }[] = [];
let gateway: http.Server;
async function startGateway(): Promise<string> {
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => { received.push(JSON.parse(body)); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"id":"gw-1"}'); });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
}
/** The code in the latest SMS to this mobile after `since` messages (the send is not awaited by the API: wait for it). */
async function codeSentTo(mobile: string, since: number): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const m = received.slice(since).reverse().find((x) => x.to === mobile);
    if (m) return /(\d{6})/.exec(m.text)![1];
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no SMS to ${mobile}`);
}

let t: TestApp;
let st: ClubStaff;
let admin: Session;
let addressSeq = 0;
const nextAddress = () => `10.9.${Math.floor(++addressSeq / 250)}.${addressSeq % 250}`;

interface Member extends Session { address: string }
async function send(cookie: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}, remoteAddress?: string): Promise<Reply> {
  const res = await t.app.inject({
    method: method as never, url, payload: body === undefined ? undefined : (body as never), remoteAddress,
    headers: { ...(cookie ? { cookie: `${MEMBER_COOKIE}=${cookie}` } : {}), ...headers },
  });
  let parsed: unknown = res.body;
  try { parsed = JSON.parse(res.body); } catch { /* not JSON */ }
  return { status: res.statusCode, body: parsed, headers: res.headers as Record<string, unknown> };
}
function memberSession(cookie: string, address: string): Member {
  return {
    cookie, address,
    get: (url, h) => send(cookie, 'GET', url, undefined, h, address),
    post: (url, b, h) => send(cookie, 'POST', url, b ?? {}, h, address),
    patch: (url, b, h) => send(cookie, 'PATCH', url, b ?? {}, h, address),
    delete: (url, h) => send(cookie, 'DELETE', url, undefined, h, address),
  };
}
const anon = (address = nextAddress()) => memberSession('', address);

async function signInMember(mobile: string): Promise<Member> {
  const a = anon();
  const since = received.length;
  const r = await a.post('/api/v1/portal/auth/code', { mobile });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const code = await codeSentTo(mobile, since);
  const s = await t.app.inject({ method: 'POST', url: '/api/v1/portal/auth/sign-in', payload: { mobile, code }, remoteAddress: a.address });
  expect(s.statusCode, s.body).toBe(200);
  const c = s.cookies.find((x) => x.name === MEMBER_COOKIE)!;
  return memberSession(c.value, a.address);
}

let mobileSeq = 0;
async function newMember(name: string): Promise<ClubMember & { mobile: string }> {
  const mobile = nextMobile();
  return { ...(await clubMember(st, { name, mobile })), mobile };
}
const nextMobile = () => `139${String(process.pid % 10000).padStart(4, '0')}${String(++mobileSeq).padStart(4, '0')}`;

let alice: ClubMember; let aliceMobile: string; let A: Member;
let bob: ClubMember; let bobMobile: string; let B: Member;

beforeAll(async () => {
  t = await startTestApp({ notifySms: 'http', smsGatewayUrl: await startGateway() });
  admin = await t.signIn();
  st = { service: await t.userWithRoles('portal_service', ['service']), manager: await t.userWithRoles('portal_manager', ['manager']) };
  aliceMobile = nextMobile(); bobMobile = nextMobile();
  alice = await clubMember(st, { name: '林晓雨', mobile: aliceMobile });
  bob = await clubMember(st, { name: '周建国', mobile: bobMobile });
  A = await signInMember(aliceMobile);
  B = await signInMember(bobMobile);
});
afterEach(async () => { if (t) await expectLedgerConsistent(t.db); });
afterAll(async () => { await t?.close(); await new Promise((r) => gateway?.close(r)); });

const count = async (table: string) => (await rows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0].n;

describe('sign-in by mobile and SMS code', () => {
  it('answers a member’s mobile and anyone else’s alike, and sends the code only to the member', async () => {
    const since = received.length;
    const mobile = nextMobile();
    const m = await clubMember(st, { name: '陈思远', mobile });
    const stranger = nextMobile();
    const a = await anon().post('/api/v1/portal/auth/code', { mobile });
    const b = await anon().post('/api/v1/portal/auth/code', { mobile: stranger });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(a.body.message).toBe('如果该手机号是会员手机号，验证码已发送，5 分钟内有效');
    const code = await codeSentTo(mobile, since);
    expect(code).toMatch(/^\d{6}$/);
    expect(received.slice(since).map((x) => x.to)).not.toContain(stranger);
    // only hashes are stored: neither the code nor the mobile is in the table
    const stored = await rows<Record<string, unknown>>(t.db.db, sql`SELECT * FROM portal_codes`);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(JSON.stringify(stored)).not.toContain(mobile);
    // the right code signs in: a cookie of its own, HttpOnly, SameSite=Strict, only for /api/v1/portal
    const s = await t.app.inject({ method: 'POST', url: '/api/v1/portal/auth/sign-in', payload: { mobile: `+86 ${mobile.slice(0, 3)} ${mobile.slice(3)}`, code } });
    expect(s.statusCode, s.body).toBe(200);
    expect(JSON.parse(s.body)).toMatchObject({ memberNo: m.memberNo, name: '陈思远', mobileMasked: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`, balance: 100 });
    const c = s.cookies.find((x) => x.name === MEMBER_COOKIE)!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/portal' });
    expect(s.cookies.find((x) => x.name === 'clubcrm_session')).toBeUndefined();
    // a code is good once
    const again = await anon().post('/api/v1/portal/auth/sign-in', { mobile, code });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('BAD_CODE');
    // the stranger's mobile signs in with nothing
    for (const guess of ['000000', '123456']) expect((await anon().post('/api/v1/portal/auth/sign-in', { mobile: stranger, code: guess })).status).toBe(401);
  });

  it('a wrong code, an old code, five wrong tries, an expired code: the same 401, in the reader’s language', async () => {
    const mobile = nextMobile();
    await clubMember(st, { name: '王可欣', mobile });
    let since = received.length;
    const a = anon();
    await a.post('/api/v1/portal/auth/code', { mobile });
    const code = await codeSentTo(mobile, since);
    const wrong = code === '000000' ? '111111' : '000000';
    const r = await a.post('/api/v1/portal/auth/sign-in', { mobile, code: wrong });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toBe('验证码不正确或已失效，请重新获取');
    const en = await a.post('/api/v1/portal/auth/sign-in', { mobile, code: wrong }, { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('The code is wrong or no longer valid; request a new one');
    for (let i = 0; i < 3; i++) await a.post('/api/v1/portal/auth/sign-in', { mobile, code: wrong });
    // five wrong tries: the right code is dead too
    expect((await a.post('/api/v1/portal/auth/sign-in', { mobile, code })).status).toBe(401);
    // a new code (after the resend wait) works; an expired one does not
    await t.db.db.execute(sql`UPDATE portal_codes SET created_at = created_at - interval '2 minutes'`);
    since = received.length;
    expect((await a.post('/api/v1/portal/auth/code', { mobile })).status).toBe(200);
    const second = await codeSentTo(mobile, since);
    await t.db.db.execute(sql`UPDATE portal_codes SET expires_at = now() - interval '1 second' WHERE id = (SELECT max(id) FROM portal_codes)`);
    expect((await a.post('/api/v1/portal/auth/sign-in', { mobile, code: second })).status).toBe(401);
  });

  it('a mobile two members share gets no code until staff tell them apart (same reply as any mobile)', async () => {
    const mobile = nextMobile();
    await clubMember(st, { name: '共用甲', mobile });
    await clubMember(st, { name: '共用乙', mobile });
    const since = received.length;
    const r = await anon().post('/api/v1/portal/auth/code', { mobile });
    expect(r.status).toBe(200);
    expect(r.body.message).toBe('如果该手机号是会员手机号，验证码已发送，5 分钟内有效');
    // a member with a mobile of their own is sent one after it: the gateway has seen nothing for the shared one
    const own = await newMember('独用丙');
    await anon().post('/api/v1/portal/auth/code', { mobile: own.mobile });
    await codeSentTo(own.mobile, since);
    expect(received.slice(since).map((x) => x.to)).not.toContain(mobile);
  });

  it('bad input: 400 naming the field in zh-CN and en, nothing stored', async () => {
    const before = await count('portal_codes');
    const r = await anon().post('/api/v1/portal/auth/code', { mobile: '12345' });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([{ field: 'mobile', issue: '手机号应为 11 位中国大陆号码' }]);
    const en = await anon().post('/api/v1/portal/auth/code', { mobile: 'abc' }, { 'accept-language': 'en' });
    expect(en.body.error.details).toEqual([{ field: 'mobile', issue: 'must be an 11-digit mainland China mobile number' }]);
    const missing = await anon().post('/api/v1/portal/auth/code', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('mobile');
    const code = await anon().post('/api/v1/portal/auth/sign-in', { mobile: aliceMobile, code: '12ab' }, { 'accept-language': 'en' });
    expect(code.status).toBe(400);
    expect(code.body.error.details).toEqual([{ field: 'code', issue: 'the code is 6 digits' }]);
    expect(await count('portal_codes')).toBe(before);
  });
});

describe('rate limits', () => {
  it('one code a minute per mobile, five an hour; 429 with Retry-After', async () => {
    const mobile = nextMobile();
    const first = await anon().post('/api/v1/portal/auth/code', { mobile });
    expect(first.status).toBe(200);
    const soon = await anon().post('/api/v1/portal/auth/code', { mobile });
    expect(soon.status).toBe(429);
    expect(soon.body.error.code).toBe('RATE_LIMITED');
    expect(Number(soon.headers['retry-after'])).toBeGreaterThan(0);
    expect(soon.body.error.message).toMatch(/^验证码发送过于频繁，请 \d+ 秒后再试$/);
    for (let i = 0; i < 4; i++) {
      await t.db.db.execute(sql`UPDATE portal_codes SET created_at = created_at - interval '61 seconds'`);
      expect((await anon().post('/api/v1/portal/auth/code', { mobile })).status).toBe(200);
    }
    await t.db.db.execute(sql`UPDATE portal_codes SET created_at = created_at - interval '61 seconds'`);
    const sixth = await anon().post('/api/v1/portal/auth/code', { mobile }, { 'accept-language': 'en' });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.message).toMatch(/^Too many attempts; try again in \d+ minutes$/);
  });

  it('twenty codes an hour from one address, for any mobiles', async () => {
    const a = anon();
    for (let i = 0; i < 20; i++) expect((await a.post('/api/v1/portal/auth/code', { mobile: nextMobile() })).status).toBe(200);
    const r = await a.post('/api/v1/portal/auth/code', { mobile: nextMobile() });
    expect(r.status).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    // another address is not held up
    expect((await anon().post('/api/v1/portal/auth/code', { mobile: nextMobile() })).status).toBe(200);
  });

  it('twenty wrong codes from one address: that address waits, even with a right code', async () => {
    const mobile = nextMobile();
    await clubMember(st, { name: '赵一鸣', mobile });
    const a = anon();
    for (let i = 0; i < 20; i++) expect((await a.post('/api/v1/portal/auth/sign-in', { mobile: nextMobile(), code: '000000' })).status).toBe(401);
    const since = received.length;
    await anon().post('/api/v1/portal/auth/code', { mobile });
    const code = await codeSentTo(mobile, since);
    const r = await a.post('/api/v1/portal/auth/sign-in', { mobile, code });
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBeDefined();
    // from another address the code is still good
    expect((await anon().post('/api/v1/portal/auth/sign-in', { mobile, code })).status).toBe(200);
  });
});

/** Every member operation, with what a call of it needs (ids of the member's own records filled in by the test). */
const memberOps: [string, string, unknown?][] = [
  ['GET', '/api/v1/portal/me'],
  ['GET', '/api/v1/portal/cards'],
  ['GET', '/api/v1/portal/points'],
  ['GET', '/api/v1/portal/redemption-plans'],
  ['GET', '/api/v1/portal/redemptions'],
  ['GET', '/api/v1/portal/my-data'],
  ['GET', '/api/v1/portal/complaints'],
  ['GET', '/api/v1/portal/offers'],
  ['POST', '/api/v1/portal/redemptions', { planId: 987654, clientKey: 'probe-0001' }],
  ['POST', '/api/v1/portal/redemptions/987654/cancel', {}],
  ['POST', '/api/v1/portal/auth/sign-out', {}],
];

describe('the boundary between members and staff', () => {
  it('every member operation: 401 without a member session — anonymous, a staff session, an API token', async () => {
    const tok = await admin.post('/api/v1/api-tokens', { name: 'portal-probe', roleId: 1 });
    expect(tok.status, JSON.stringify(tok.body)).toBe(200);
    for (const [method, url, body] of memberOps) {
      for (const headers of [{}, { cookie: `clubcrm_session=${admin.cookie}` }, { authorization: `Bearer ${tok.body.token}` }] as Record<string, string>[]) {
        const r = await send('', method, url, body, headers);
        expect(r.status, `${method} ${url} ${JSON.stringify(headers).slice(0, 20)}`).toBe(401);
        expect(r.body.error.code).toBe('UNAUTHENTICATED');
      }
    }
    // the staff session's cookie sent under the member cookie's name opens nothing either
    expect((await send(admin.cookie, 'GET', '/api/v1/portal/me')).status).toBe(401);
  });

  it('a member session reaches no staff route, however the path is spelled', async () => {
    for (const url of ['/api/v1/auth/me', '/api/v1/members', `/api/v1/members/${alice.memberId}`, `/api/v1/members/${alice.memberId}/points`, '/api/v1/customers', '/api/v1/redemptions', '/api/v1/audit']) {
      const r = await A.get(url);
      expect(r.status, url).toBe(401);
    }
    expect((await A.post('/api/v1/points/entries', { memberId: alice.memberId, amount: 1000, sourceType: 'activity', sourceId: 1 })).status).toBe(401);
    for (const url of ['/api/v1/%70ortal/me', '/api/v1/portal/%6De', '/api/v1//portal/me', '/api/v1/portal/me/']) {
      const r = await A.get(url);
      if (r.status === 200) expect(r.body.memberNo).toBe(alice.memberNo);
      const staff = await send('', 'GET', url, undefined, { cookie: `clubcrm_session=${admin.cookie}` });
      expect(staff.status, url).not.toBe(200);
    }
    // a member's cookie never reaches the staff console's API, and the staff cookie is not sent to the portal's (cookie path)
  });

  it('changes with the member cookie must come from our own origin', async () => {
    const r = await A.post('/api/v1/portal/redemptions', { planId: 1, clientKey: 'cross-site-1' }, { origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('CROSS_SITE_REQUEST');
    const s = await A.post('/api/v1/portal/auth/sign-out', {}, { 'sec-fetch-site': 'cross-site' });
    expect(s.status).toBe(403);
    expect((await A.get('/api/v1/portal/me')).status).toBe(200);
  });

  it('sessions end: sign-out, idle 30 minutes, 12 hours at most, the member leaving the club', async () => {
    const one = await signInMember((await newMember('孙悦')).mobile);
    expect((await one.get('/api/v1/portal/me')).status).toBe(200);
    const out = await one.post('/api/v1/portal/auth/sign-out', {});
    expect(out.status).toBe(200);
    expect((await one.get('/api/v1/portal/me')).status).toBe(401);

    const idleMember = await newMember('钱多多');
    const idle = await signInMember(idleMember.mobile);
    await t.db.db.execute(sql`UPDATE portal_sessions SET last_seen_at = now() - interval '31 minutes' WHERE member_id = ${idleMember.memberId}`);
    expect((await idle.get('/api/v1/portal/me')).status).toBe(401);

    const oldMember = await newMember('李长久');
    const old = await signInMember(oldMember.mobile);
    await t.db.db.execute(sql`UPDATE portal_sessions SET expires_at = now() - interval '1 second' WHERE member_id = ${oldMember.memberId}`);
    expect((await old.get('/api/v1/portal/me')).status).toBe(401);

    const leaving = await newMember('吴离');
    const gone = await signInMember(leaving.mobile);
    await leaveClub(st, leaving.memberId);
    expect((await gone.get('/api/v1/portal/me')).status).toBe(401);
    // and a code for a former member's mobile is sent to nobody
    const since = received.length;
    await t.db.db.execute(sql`UPDATE portal_codes SET created_at = created_at - interval '2 minutes'`);
    expect((await anon().post('/api/v1/portal/auth/code', { mobile: leaving.mobile })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(received.slice(since).map((x) => x.to)).not.toContain(leaving.mobile);
  });

  it('every member operation answers the member signed in (not 401/403) — and audits as a member', async () => {
    const m = await newMember('郑好');
    const s = await signInMember(m.mobile);
    for (const [method, url, body] of memberOps) {
      const r = method === 'GET' ? await s.get(url) : await s.post(url, body);
      expect([200, 404], `${method} ${url}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`).toContain(r.status);
    }
    const audit = await admin.get(`/api/v1/audit?entityType=member&entityId=${m.memberId}`);
    const mine = audit.body.items.filter((x: { actorKind: string }) => x.actorKind === 'member').map((x: { action: string }) => x.action);
    expect(mine).toEqual(expect.arrayContaining(['portal.requestCode', 'portal.signIn', 'portal.exportData', 'portal.signOut']));
  });
});


describe('my own membership, cards and points', () => {
  it('each member sees their own profile, cards and points — nothing of another member', async () => {
    const me = await A.get('/api/v1/portal/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ memberNo: alice.memberNo, name: '林晓雨', cardNo: alice.cardNo, balance: 100, level: { code: 'normal', labelZh: '普通卡' } });
    expect(me.body.mobileMasked).toBe(`${aliceMobile.slice(0, 3)}****${aliceMobile.slice(-4)}`);
    expect(JSON.stringify(me.body)).not.toContain(aliceMobile);
    const theirs = await B.get('/api/v1/portal/me');
    expect(theirs.body.memberNo).toBe(bob.memberNo);

    const cards = await A.get('/api/v1/portal/cards');
    expect(cards.status).toBe(200);
    expect(cards.body.cards.map((c: { cardNo: string }) => c.cardNo)).toEqual([alice.cardNo]);
    expect(cards.body.cards[0]).toMatchObject({ kind: 'main', status: 'active', type: { code: 'normal' } });

    const pts = await A.get('/api/v1/portal/points?pageSize=5');
    expect(pts.status).toBe(200);
    expect(pts.body.balance).toBe(100);
    expect(pts.body.entries.items.map((e: { amount: number; sourceType: string }) => [e.amount, e.sourceType])).toEqual([[100, 'card']]);
    expect(pts.body.nextExpiry?.points ?? 100).toBe(100);
    // Bob's entries are Bob's: the ids differ
    const bobs = await B.get('/api/v1/portal/points');
    const aliceIds = new Set(pts.body.entries.items.map((e: { id: number }) => e.id));
    expect(bobs.body.entries.items.every((e: { id: number }) => !aliceIds.has(e.id))).toBe(true);
    // bad paging: 400 naming the field
    const bad = await A.get('/api/v1/portal/points?pageSize=100000', { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('pageSize');
  });
});

describe('redeeming', () => {
  let umbrella: number; let vipOnly: number; let pricey: number;
  beforeAll(async () => {
    const mk = async (body: Record<string, unknown>) => {
      const r = await admin.post('/api/v1/redemption-plans', { visibleOnWebsite: true, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.id as number;
    };
    umbrella = await mk({ item: '定制雨伞', pointsCost: 30, stockTotal: 10 });
    vipOnly = await mk({ item: 'VIP 下午茶', pointsCost: 10, eligibleLevels: ['vip'] });
    pricey = await mk({ item: '酒店住宿', pointsCost: 5000 });
    await mk({ item: '仅限前台', pointsCost: 10, visibleOnWebsite: false });
  });

  it('lists the plans open to my level, redeems one idempotently, refuses what I cannot afford or may not have', async () => {
    const plans = await A.get('/api/v1/portal/redemption-plans');
    expect(plans.status).toBe(200);
    expect(plans.body.items.map((p: { item: string; affordable: boolean }) => [p.item, p.affordable])).toEqual([['定制雨伞', true], ['酒店住宿', false]]);
    expect(plans.body.balance).toBe(100);

    const r = await A.post('/api/v1/portal/redemptions', { planId: umbrella, clientKey: 'alice-umbrella-1' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ replayed: false, balance: 70, redemption: { item: '定制雨伞', points: 30, status: 'pending', cancellable: true } });
    const again = await A.post('/api/v1/portal/redemptions', { planId: umbrella, clientKey: 'alice-umbrella-1' });
    expect(again.body).toMatchObject({ replayed: true, balance: 70, redemption: { id: r.body.redemption.id } });
    expect((await A.get('/api/v1/portal/me')).body.balance).toBe(70);
    // Bob using the same key redeems for himself, not a replay of Alice's
    const bobs = await B.post('/api/v1/portal/redemptions', { planId: umbrella, clientKey: 'alice-umbrella-1' });
    expect(bobs.body).toMatchObject({ replayed: false, balance: 70 });

    const poor = await A.post('/api/v1/portal/redemptions', { planId: pricey, clientKey: 'alice-hotel-1' });
    expect(poor.status).toBe(422);
    expect(poor.body.error.code).toBe('INSUFFICIENT_POINTS');
    const poorEn = await A.post('/api/v1/portal/redemptions', { planId: pricey, clientKey: 'alice-hotel-2' }, { 'accept-language': 'en' });
    expect(poorEn.body.error.message).toMatch(/70/);
    const level = await A.post('/api/v1/portal/redemptions', { planId: vipOnly, clientKey: 'alice-vip-1' });
    expect(level.status).toBe(422);
    expect(level.body.error.code).toBe('LEVEL_NOT_ELIGIBLE');
    const bad = await A.post('/api/v1/portal/redemptions', { planId: 'x', clientKey: 'k' }, { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['clientKey', 'planId']);
    expect((await A.get('/api/v1/portal/me')).body.balance).toBe(70);
  });

  itOnPostgres('the same client key sent twice at once redeems once; a burst of different keys never overspends', async () => {
    const m = await newMember('并发会员');
    const s = await signInMember(m.mobile);
    const same = await Promise.all([1, 2].map(() => s.post('/api/v1/portal/redemptions', { planId: umbrella, clientKey: 'burst-same-key-1' })));
    expect(same.filter((r) => r.status === 200)).not.toHaveLength(0);
    for (const r of same) expect([200, 409], JSON.stringify(r.body)).toContain(r.status);
    const mine = await s.get('/api/v1/portal/redemptions');
    expect(mine.body.items).toHaveLength(1);
    expect((await s.get('/api/v1/portal/me')).body.balance).toBe(70);
    // 70 points left, 30 a time: of five at once, exactly two succeed
    const burst = await Promise.all([1, 2, 3, 4, 5].map((i) => s.post('/api/v1/portal/redemptions', { planId: umbrella, clientKey: `burst-key-${i}` })));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(2);
    expect(burst.filter((r) => r.status === 422).every((r) => r.body.error.code === 'INSUFFICIENT_POINTS')).toBe(true);
    expect((await s.get('/api/v1/portal/me')).body.balance).toBe(10);
  });

  it('my redemptions are mine; another member’s cannot be cancelled (404); mine can, and the points come back', async () => {
    const mine = await A.get('/api/v1/portal/redemptions');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((x: { item: string }) => x.item)).toEqual(['定制雨伞']);
    const bobs = await B.get('/api/v1/portal/redemptions');
    expect(bobs.body.items).toHaveLength(1);
    expect(bobs.body.items[0].id).not.toBe(mine.body.items[0].id);

    const steal = await B.post(`/api/v1/portal/redemptions/${mine.body.items[0].id}/cancel`, {});
    expect(steal.status).toBe(404);
    expect((await A.get('/api/v1/portal/redemptions')).body.items[0].status).toBe('pending');

    const c = await A.post(`/api/v1/portal/redemptions/${mine.body.items[0].id}/cancel`, {});
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body).toMatchObject({ balance: 100, redemption: { status: 'cancelled', cancellable: false } });
    const twice = await A.post(`/api/v1/portal/redemptions/${mine.body.items[0].id}/cancel`, {});
    expect(twice.status).toBe(422);
    expect((await A.get('/api/v1/portal/me')).body.balance).toBe(100);
    // the audit log says a member did it
    const audit = await admin.get(`/api/v1/audit?entityType=redemption&entityId=${mine.body.items[0].id}`);
    expect(audit.body.items.map((x: { action: string; actorKind: string }) => `${x.action}:${x.actorKind}`).sort()).toEqual(['redemption.cancel:member', 'redemption.redeem:member']);
  });
});

describe('my data (PIPL)', () => {
  it('holds my own personal data and records, never another member’s; the download is a JSON file', async () => {
    const r = await A.get('/api/v1/portal/my-data?download=true');
    expect(r.status).toBe(200);
    expect(String(r.headers['content-disposition'])).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(r.body.person).toMatchObject({ name: '林晓雨', memberNo: alice.memberNo, mobile: aliceMobile });
    expect(r.body.cards.map((c: { cardNo: string }) => c.cardNo)).toEqual([alice.cardNo]);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain('周建国');
    expect(text).not.toContain(bobMobile);
    expect(text).not.toContain(bob.memberNo);
  });
});

describe('my complaints and merchant offers', () => {
  it('my complaints and their state are mine only', async () => {
    const filed = await st.service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '车库渗水', memberId: alice.memberId });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    const other = await st.service.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '电梯故障', memberId: bob.memberId });
    expect(other.status).toBe(200);
    const mine = await A.get('/api/v1/portal/complaints');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ complaintNo: filed.body.complaintNo, content: '车库渗水', status: 'pending' })]);
    const bobs = await B.get('/api/v1/portal/complaints');
    expect(bobs.body.items.map((c: { content: string }) => c.content)).toEqual(['电梯故障']);
  });

  it('merchant offers open to my level today, not those of another level', async () => {
    const m = await admin.post('/api/v1/merchants', { code: 'PT01', name: '湖畔咖啡' });
    expect(m.status, JSON.stringify(m.body)).toBe(200);
    const start = new Date(Date.now() - 86400_000 * 3).toISOString().slice(0, 10);
    const open = await admin.post(`/api/v1/merchants/${m.body.id}/services`, { name: '会员九折', startsOn: start, eligibleLevels: ['normal', 'vip'], discountPercent: 10 });
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    expect((await admin.post(`/api/v1/merchants/${m.body.id}/services`, { name: 'VIP 专享', startsOn: start, eligibleLevels: ['vip'] })).status).toBe(200);
    const r = await A.get('/api/v1/portal/offers');
    expect(r.status).toBe(200);
    expect(r.body.items.map((o: { name: string; merchant: { name: string } }) => `${o.merchant.name} ${o.name}`)).toEqual(['湖畔咖啡 会员九折']);
  });
});
