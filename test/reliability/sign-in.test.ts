// Sign-in abuse through two real server processes on one PostgreSQL database: a burst of wrong
// passwords from one address spread over both processes locks the account after exactly the
// configured number of failures (no more failures are counted, audited or answered as "wrong
// password"; the rest are throttled, 429 with Retry-After), and while it is locked the right
// password from that address is refused everywhere: the counts live in the database. A credential taken away through one process
// — an API token revoked, a session signed out, a user deactivated — is refused by both processes
// on the very next request: nothing is remembered in a process's memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, rows, sql, type Db } from '../../src/db/index.ts';
import { prepareDatabase } from '../../src/main.ts';
import { createPgDatabase, testConfig } from '../helpers/db.ts';
import { createMembers } from '../helpers/members.ts';
import { signInTo, startServer, type ServerProcess } from '../helpers/server.ts';
import { attendAll } from '../helpers/points.ts';

const ATTEMPTS = 5;
const MINUTES = 15;
const PASSWORD = 'Right-pass-2024';

let url: string;
let drop: () => Promise<void>;
let db: Db;
let a: ServerProcess;
let b: ServerProcess;
let admin: Awaited<ReturnType<typeof signInTo>>;

beforeAll(async () => {
  ({ url, drop } = await createPgDatabase());
  db = await openPostgres(url, 4);
  await prepareDatabase(db, { ...testConfig(), databaseUrl: url });
  const env = { CLUBCRM_JOBS: 'off', CLUBCRM_LOCKOUT_ATTEMPTS: String(ATTEMPTS), CLUBCRM_LOCKOUT_MINUTES: String(MINUTES) };
  [a, b] = await Promise.all([startServer(url, env), startServer(url, env)]);
  admin = await signInTo(a.url);
});
afterAll(async () => {
  await a?.kill('SIGKILL');
  await b?.kill('SIGKILL');
  await db?.close();
  await drop?.();
});

interface Reply { status: number; body: any; retryAfter: string | null }
async function call(base: string, method: string, path: string, opts: { body?: unknown; cookie?: string; token?: string; lang?: string; idempotencyKey?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.lang) headers['accept-language'] = opts.lang;
  const r = await fetch(`${base}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await r.text();
  const retryAfter = r.headers.get('retry-after');
  try {
    return { status: r.status, body: JSON.parse(text), retryAfter };
  } catch {
    return { status: r.status, body: text, retryAfter };
  }
}

const signIn = (base: string, login: string, password: string, lang?: string) => call(base, 'POST', '/api/v1/auth/sign-in', { body: { login, password }, lang });

/** The session cookie of a successful sign-in. */
async function sessionOf(base: string, login: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
  expect(r.status, await r.clone().text()).toBe(200);
  return r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function createUser(login: string, name: string): Promise<number> {
  const roles = await admin.get(a.url, '/api/v1/roles');
  const service = roles.body.find((r: { code: string }) => r.code === 'service');
  const r = await admin.post(a.url, '/api/v1/users', { login, name, password: PASSWORD, roleIds: [service.id] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.id;
}

async function auditCount(action: string, userId: number): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND entity_type = 'user' AND entity_id = ${String(userId)}`);
  return n;
}

describe('lockout under a burst of wrong passwords on two processes', () => {
  it('locks after exactly the configured failures, and refuses the right password on both processes while locked', async () => {
    const userId = await createUser('zhoujie', '周杰');
    const burst = 40;
    const replies = await Promise.all(Array.from({ length: burst }, (_, i) => signIn(i % 2 ? b.url : a.url, 'zhoujie', `wrong-${i}-pass`)));

    // every reply is a refusal in the error format: wrong password until the limit, throttled after it
    for (const r of replies) expect([401, 429], JSON.stringify(r.body)).toContain(r.status);
    const wrong = replies.filter((r) => r.status === 401);
    const throttled = replies.filter((r) => r.status === 429);
    expect(wrong.map((r) => r.body.error.code)).toEqual(Array(ATTEMPTS).fill('BAD_CREDENTIALS'));
    expect(throttled).toHaveLength(burst - ATTEMPTS);
    for (const r of throttled) expect(r.body.error.code).toBe('RATE_LIMITED');

    // the database counted exactly the limit, locked once, and refused the rest without counting them
    const [u] = await rows<{ failed_attempts: number; minutes_left: number }>(db.db, sql`
      SELECT failed_attempts, extract(epoch FROM locked_until - now()) / 60 AS minutes_left FROM users WHERE id = ${userId}`);
    expect(u.failed_attempts).toBe(ATTEMPTS);
    expect(Number(u.minutes_left)).toBeGreaterThan(MINUTES - 1);
    expect(Number(u.minutes_left)).toBeLessThanOrEqual(MINUTES);
    expect(await auditCount('auth.signInFailed', userId)).toBe(ATTEMPTS);
    expect(await auditCount('auth.locked', userId)).toBe(1);
    const [{ failures }] = await rows<{ failures: number }>(db.db, sql`SELECT count(*)::int AS failures FROM sign_in_failures WHERE login = 'zhoujie'`);
    expect(failures).toBe(ATTEMPTS);

    // the right password from this address is refused on both processes, in the reader's language, with the wait, and opens no session
    for (const base of [a.url, b.url]) {
      const zh = await signIn(base, 'zhoujie', PASSWORD);
      expect(zh.status).toBe(429);
      expect(zh.body.error).toMatchObject({ code: 'RATE_LIMITED', message: `登录失败次数过多，请 ${MINUTES} 分钟后再试` });
      expect(Number(zh.retryAfter)).toBeGreaterThan((MINUTES - 1) * 60);
      expect(Number(zh.retryAfter)).toBeLessThanOrEqual(MINUTES * 60);
      const en = await signIn(base, 'zhoujie', PASSWORD, 'en');
      expect(en.status).toBe(429);
      expect(en.body.error.message).toBe(`Too many failed sign-ins; try again in ${MINUTES} minutes`);
    }
    const [{ sessions }] = await rows<{ sessions: number }>(db.db, sql`SELECT count(*)::int AS sessions FROM sessions WHERE user_id = ${userId}`);
    expect(sessions).toBe(0);

    // an administrator unlocks the account through one process; the other lets the right password in
    expect((await admin.post(a.url, `/api/v1/users/${userId}/unlock`)).status).toBe(200);
    expect((await signIn(b.url, 'zhoujie', PASSWORD)).status).toBe(200);
  });
});

describe('a credential taken away through one process is refused by both at once', () => {
  // Two kinds of route: most look the caller up on every request; posting points may remember the
  // caller for a while (config.rememberActor) and must still refuse a credential taken away, before
  // writing anything — earnings (which go together with others) and deductions (one at a time).
  let activityId: number;
  let memberId: number;
  let keys = 0;
  beforeAll(async () => {
    const act = await admin.post(a.url, '/api/v1/activities', { name: '业主答谢会', type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31' });
    expect(act.status, JSON.stringify(act.body)).toBe(200);
    expect((await admin.post(b.url, `/api/v1/activities/${act.body.id}/approve`)).status).toBe(200);
    activityId = act.body.id;
    [{ id: memberId }] = await createMembers(db, 1, { prefix: 'A' });
    await attendAll(db, activityId, [memberId]);
  });

  type Credential = { cookie?: string; token?: string };
  const post = (base: string, who: Credential, amount: number) => call(base, 'POST', '/api/v1/points/entries', {
    ...who, idempotencyKey: `sign-in-${++keys}`,
    body: { memberId, amount, sourceType: 'activity', sourceId: activityId, reason: amount > 0 ? '答谢会签到' : '答谢会礼品' },
  });
  const ledger = async () => {
    const [r] = await rows<{ entries: number; total: number }>(db.db, sql`
      SELECT count(*)::int AS entries, coalesce(sum(amount), 0)::int AS total FROM points_entries WHERE member_id = ${memberId}`);
    return r;
  };

  /** The credential works on both processes, on a looked-up route and on the remembering one (several times, so whatever a process keeps is warm). */
  async function useEverywhere(who: Credential) {
    for (let i = 0; i < 2; i++) {
      for (const base of [a.url, b.url]) {
        const me = await call(base, 'GET', '/api/v1/auth/me', who);
        expect(me.status, JSON.stringify(me.body)).toBe(200);
        expect(me.body.permissions).toContain('points.adjust');
        const earned = await post(base, who, 10);
        expect(earned.status, JSON.stringify(earned.body)).toBe(200);
        const spent = await post(base, who, -5);
        expect(spent.status, JSON.stringify(spent.body)).toBe(200);
      }
    }
  }

  /** The very next requests with the credential, on either process, are refused and change nothing. */
  async function refusedEverywhere(who: Credential, message: string) {
    const before = await ledger();
    for (const base of [a.url, b.url]) {
      const me = await call(base, 'GET', '/api/v1/auth/me', who);
      expect(me.status, JSON.stringify(me.body)).toBe(401);
      expect(me.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message });
      for (const amount of [10, -5]) {
        const r = await post(base, who, amount);
        expect(r.status, `${amount} on ${base}: ${JSON.stringify(r.body)}`).toBe(401);
        expect(r.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message });
      }
    }
    expect(await ledger()).toEqual(before);
  }

  it('an API token revoked through one process', async () => {
    const role = await admin.post(a.url, '/api/v1/roles', { code: 'checkin_robot', nameZh: '签到机', nameEn: 'Check-in robot', permissions: ['points.adjust'], dataScope: 'all' });
    expect(role.status, JSON.stringify(role.body)).toBe(200);
    const created = await admin.post(a.url, '/api/v1/api-tokens', { name: '签到机', roleId: role.body.id });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const who = { token: created.body.token as string };
    const before = await ledger();
    await useEverywhere(who);
    expect(await ledger()).toEqual({ entries: before.entries + 8, total: before.total + 20 });

    const revoked = await call(b.url, 'DELETE', `/api/v1/api-tokens/${created.body.id}`, { cookie: admin.cookie });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    await refusedEverywhere(who, 'API 令牌无效或已吊销');
  });

  it('a session signed out through one process', async () => {
    await createUser('sunli', '孙丽');
    const who = { cookie: await sessionOf(a.url, 'sunli') };
    await useEverywhere(who);
    expect((await call(b.url, 'POST', '/api/v1/auth/sign-out', { ...who, body: {} })).status).toBe(200);
    await refusedEverywhere(who, '请先登录');
  });

  it("a user deactivated through one process: that user's session is refused, and so is signing in again", async () => {
    const userId = await createUser('hezhen', '何珍');
    const who = { cookie: await sessionOf(b.url, 'hezhen') };
    await useEverywhere(who);
    const off = await call(a.url, 'PATCH', `/api/v1/users/${userId}`, { cookie: admin.cookie, body: { active: false } });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    await refusedEverywhere(who, '请先登录');
    for (const base of [b.url, a.url]) {
      const again = await signIn(base, 'hezhen', PASSWORD);
      expect(again.status).toBe(403);
      expect(again.body.error).toMatchObject({ code: 'ACCOUNT_INACTIVE', message: '账号已停用' });
    }
  });
});
