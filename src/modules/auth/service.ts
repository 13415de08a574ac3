// Accounts, roles, sessions, API tokens, sign-in with lockout (SPEC §11).
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows } from '../../db/index.ts';
import { ConfigError } from '../../config.ts';
import { AppError, conflict, invalidField, notFound, refused } from '../../http/errors.ts';
import { t } from '../../i18n/index.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from './actor.ts';
import './messages.ts';
import { assertAcceptablePassword } from './password-policy.ts';
import { allPermissions, builtInRoles, type DataScope } from './permissions.ts';
import { apiTokens, roles, sessions, signInFailures, userRoles, users } from './schema.ts';

export const hashPassword = (password: string) => hash(password);

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const scopeRank: Record<DataScope, number> = { own: 0, department: 1, all: 2 };

/** A readable random password with letters and digits, for generated accounts. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.randomBytes(16);
  let p = '';
  for (const b of bytes) p += alphabet[b % alphabet.length];
  return /\d/.test(p) ? p : p.slice(0, 15) + '7';
}

// ---------- first start ----------

/** Creates or refreshes the built-in roles; returns nothing. Safe to run on every start. */
export async function ensureBuiltInRoles(tx: Tx): Promise<void> {
  for (const r of builtInRoles) {
    await tx
      .insert(roles)
      .values({ code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, permissions: r.permissions, dataScope: r.dataScope, builtIn: true })
      .onConflictDoUpdate({
        target: roles.code,
        set: { permissions: r.permissions, nameZh: r.nameZh, nameEn: r.nameEn, dataScope: r.dataScope, builtIn: true },
      });
  }
}

/** Makes sure an administrator exists. Returns the generated password when one was made. */
export async function ensureAdmin(tx: Tx, actor: Actor, password?: string): Promise<{ created: boolean; password?: string }> {
  const [admin] = await rows<{ id: number }>(
    tx,
    sql`SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.code = 'admin' LIMIT 1`,
  );
  if (admin) return { created: false };
  const generated = password ?? generatePassword();
  const input = { login: 'admin', name: '系统管理员', department: null, password: generated, roleCodes: ['admin'] };
  try {
    await assertAcceptablePassword(generated, 'password', input);
  } catch (e) {
    // the password came from the environment: say which variable, as for any invalid setting
    const issue = e instanceof AppError ? e.details[0] : undefined;
    if (!issue) throw e;
    throw new ConfigError(`ClubCRM cannot start: CLUBCRM_ADMIN_PASSWORD ${t('en', issue.key, issue.params)}`);
  }
  await createUser(tx, actor, input);
  return { created: true, password: password ? undefined : generated };
}

// ---------- users ----------

export interface UserInput {
  login: string;
  name: string;
  department?: string | null;
  email?: string | null;
  mobile?: string | null;
  password: string;
  roleIds?: number[];
  roleCodes?: string[];
}

export type PublicUser = Awaited<ReturnType<typeof getUser>>;

export async function getUser(tx: Tx, id: number) {
  const [u] = await tx.select().from(users).where(eq(users.id, id));
  if (!u) throw notFound('user', id);
  const rs = await tx
    .select({ id: roles.id, code: roles.code, nameZh: roles.nameZh, nameEn: roles.nameEn })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, id))
    .orderBy(asc(roles.id));
  return publicUser(u, rs);
}

function publicUser(u: typeof users.$inferSelect, rs: { id: number; code: string; nameZh: string; nameEn: string }[]) {
  const { passwordHash: _h, ...rest } = u;
  return { ...rest, locked: !!u.lockedUntil && u.lockedUntil > new Date(), roles: rs };
}

export async function listUsers(tx: Tx, q: { page: number; pageSize: number; search?: string }) {
  const cond = q.search ? sql`(${users.login} ILIKE ${'%' + q.search + '%'} OR ${users.name} ILIKE ${'%' + q.search + '%'})` : undefined;
  const list = await tx.select().from(users).where(cond).orderBy(asc(users.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await tx.select({ total: sql<number>`count(*)::int` }).from(users).where(cond);
  const ids = list.map((u) => u.id);
  const rs = ids.length
    ? await tx
        .select({ userId: userRoles.userId, id: roles.id, code: roles.code, nameZh: roles.nameZh, nameEn: roles.nameEn })
        .from(userRoles)
        .innerJoin(roles, eq(roles.id, userRoles.roleId))
        .where(inArray(userRoles.userId, ids))
    : [];
  const items = list.map((u) => publicUser(u, rs.filter((r) => r.userId === u.id).map(({ userId: _u, ...r }) => r)));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

async function resolveRoleIds(tx: Tx, input: { roleIds?: number[]; roleCodes?: string[] }): Promise<number[]> {
  const ids = new Set(input.roleIds ?? []);
  if (input.roleCodes?.length) {
    for (const r of await tx.select({ id: roles.id }).from(roles).where(inArray(roles.code, input.roleCodes))) ids.add(r.id);
  }
  if (ids.size) {
    const found = await tx.select({ id: roles.id }).from(roles).where(inArray(roles.id, [...ids]));
    const missing = [...ids].filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw invalidField('roleIds', 'error.notFound', { entity: 'entity.role', id: missing.join(',') });
  }
  return [...ids];
}

export async function createUser(tx: Tx, actor: Actor, input: UserInput) {
  const login = input.login.trim().toLowerCase();
  await assertAcceptablePassword(input.password, 'password', { login, name: input.name });
  const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.login, login));
  if (exists) throw conflict('LOGIN_TAKEN', 'user.loginTaken', { login });
  const roleIds = await resolveRoleIds(tx, input);
  const [u] = await tx
    .insert(users)
    .values({
      login,
      name: input.name.trim(),
      department: input.department ?? null,
      email: input.email ?? null,
      mobile: input.mobile ?? null,
      passwordHash: await hashPassword(input.password),
    })
    .returning();
  if (roleIds.length) await tx.insert(userRoles).values(roleIds.map((roleId) => ({ userId: u.id, roleId })));
  await recordAudit(tx, actor, { action: 'user.create', entityType: 'user', entityId: u.id, after: { ...u, roleIds } });
  return getUser(tx, u.id);
}

export async function updateUser(
  tx: Tx,
  actor: Actor,
  id: number,
  input: { name?: string; department?: string | null; email?: string | null; mobile?: string | null; active?: boolean; roleIds?: number[] },
) {
  const before = await getUser(tx, id);
  if (input.active === false && actor.kind === 'user' && actor.id === id) throw refused('CANNOT_DEACTIVATE_SELF', 'user.cannotDeactivateSelf');
  const { roleIds, ...fields } = input;
  if (Object.keys(fields).length) await tx.update(users).set({ ...fields, updatedAt: new Date() }).where(eq(users.id, id));
  if (roleIds) {
    const ids = await resolveRoleIds(tx, { roleIds });
    await tx.delete(userRoles).where(eq(userRoles.userId, id));
    if (ids.length) await tx.insert(userRoles).values(ids.map((roleId) => ({ userId: id, roleId })));
  }
  if (input.active === false) await tx.delete(sessions).where(eq(sessions.userId, id));
  const after = await getUser(tx, id);
  await recordAudit(tx, actor, {
    action: 'user.update',
    entityType: 'user',
    entityId: id,
    before: { ...before, roleIds: before.roles.map((r) => r.id), roles: undefined },
    after: { ...after, roleIds: after.roles.map((r) => r.id), roles: undefined },
  });
  return after;
}

/** An administrator sets a new password; the account is unlocked (its failed sign-ins forgotten) and every session of it ends. */
export async function resetPassword(tx: Tx, actor: Actor, id: number, password: string) {
  const u = await getUser(tx, id);
  await assertAcceptablePassword(password, 'password', u);
  await tx
    .update(users)
    .set({ passwordHash: await hashPassword(password), failedAttempts: 0, lockedUntil: null, updatedAt: new Date() })
    .where(eq(users.id, id));
  await tx.delete(signInFailures).where(eq(signInFailures.login, u.login));
  const ended = await tx.delete(sessions).where(eq(sessions.userId, id)).returning({ id: sessions.id });
  await recordAudit(tx, actor, { action: 'user.resetPassword', entityType: 'user', entityId: id, facts: { sessionsEnded: ended.length } });
}

/** Lifts a lock: the failed sign-ins counted against the login, from every address, are forgotten. */
export async function unlockUser(tx: Tx, actor: Actor, id: number) {
  const before = await getUser(tx, id);
  await tx.update(users).set({ failedAttempts: 0, lockedUntil: null }).where(eq(users.id, id));
  await tx.delete(signInFailures).where(eq(signInFailures.login, before.login));
  await recordAudit(tx, actor, { action: 'user.unlock', entityType: 'user', entityId: id, facts: { lockedUntil: before.lockedUntil } });
}

export type Outcome = { ok: true } | { ok: false; error: AppError; busy?: true };

/**
 * A signed-in user changes their own password. Only a console session may (an API token's id is
 * not a user's id, and a token must not be able to take over an account). A wrong current password
 * counts as a failed sign-in of that login from that address: it is throttled and locks like one,
 * and is returned rather than thrown so the count commits. The user's other sessions end; the
 * session that made the change (`sessionToken`) stays.
 */
export async function changeOwnPassword(
  tx: Tx, actor: Actor, input: { currentPassword: string; newPassword: string; sessionToken?: string }, policy: SignInPolicy,
): Promise<Outcome> {
  if (actor.kind !== 'user' || actor.id == null) throw new AppError(403, 'SESSION_REQUIRED', 'auth.sessionRequired');
  const [u] = await tx.select().from(users).where(eq(users.id, actor.id));
  if (!u) throw notFound('user', actor.id);
  const address = addressOf(actor.ip);
  const wait = await throttle(tx, u.login, address, policy);
  if (wait === 'busy') return { ok: false, error: rateLimited(1), busy: true };
  if (wait) return { ok: false, error: rateLimited(wait) };
  if (!(await verify(u.passwordHash, input.currentPassword))) {
    const failures = await recordFailure(tx, u.login, address, policy);
    await recordAudit(tx, actor, { action: 'auth.wrongCurrentPassword', entityType: 'user', entityId: u.id, facts: { login: u.login, attempt: failures } });
    await markFailures(tx, actor, { id: u.id, login: u.login, locked: !!u.lockedUntil && u.lockedUntil > new Date() }, failures, policy);
    return { ok: false, error: invalidField('currentPassword', 'auth.wrongCurrentPassword') };
  }
  await assertAcceptablePassword(input.newPassword, 'newPassword', u);
  await tx.update(users).set({ passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() }).where(eq(users.id, u.id));
  await forgetFailures(tx, u.login, address, policy);
  const keep = input.sessionToken ? sha256(input.sessionToken) : '';
  const ended = await tx.delete(sessions).where(and(eq(sessions.userId, u.id), sql`${sessions.id} <> ${keep}`)).returning({ id: sessions.id });
  await recordAudit(tx, actor, { action: 'user.changePassword', entityType: 'user', entityId: u.id, facts: { sessionsEnded: ended.length } });
  return { ok: true };
}

// ---------- sign-in ----------

export type SignInResult =
  | { ok: true; token: string; userId: number; expiresAt: Date }
  | { ok: false; error: AppError; busy?: true };

export interface SignInPolicy {
  /** failures for one login (any address) within `minutes` that lock it against the addresses that failed */
  attempts: number;
  /** the counting window, in minutes */
  minutes: number;
  /** failures from one address (any logins) within `minutes` after which the address must wait (CLUBCRM_SIGNIN_ADDRESS_FAILURES, 20 by default) */
  addressFailures?: number;
  sessionHours: number;
}

/**
 * Compared with when the login is unknown, so an unknown login costs the same argon2 work as a
 * known one (the reply time tells nothing about which logins exist). Made once per process.
 */
let dummyHash: Promise<string> | undefined;
const dummyPasswordHash = () => (dummyHash ??= hashPassword(crypto.randomBytes(24).toString('base64url')));

const addressOf = (ip: string | undefined) => ip || 'unknown';

/** 429 with the wait in whole minutes (the route sends the seconds as Retry-After). */
function rateLimited(seconds: number): AppError {
  return new AppError(429, 'RATE_LIMITED', 'auth.rateLimited', { minutes: Math.max(1, Math.ceil(seconds / 60)), retryAfter: seconds });
}

/**
 * Sign-in throttling, the same for every login typed, whether or not an account has it.
 * Attempts from one address and for one login are serialised across every process on the
 * database (transaction advisory locks), so the counts below are exact under bursts. The locks
 * are only tried: when another attempt holds one this returns 'busy' at once and the caller tries
 * again a little later in a new transaction (retryWhileBusy) — a burst waiting on a lock would
 * otherwise hold every pooled connection and starve all other requests. Otherwise returns the
 * seconds to wait, or 0 when this attempt may check a password:
 * - the address has `addressFailures` failures (any logins) in the window: it waits until the
 *   oldest of them leaves the window (password spraying, scanning for logins);
 * - the login has `attempts` failures (any addresses) in the window — it is locked — and this
 *   address is one of those that failed it: the address waits until the lock or its own last
 *   failure ends. An address that has not failed this login still gets its password checked, so
 *   nobody can keep an account locked forever from elsewhere: the real user signs in from their own
 *   address, while every attacking address gets at most one guess per window during the lock.
 */
async function throttle(tx: Tx, login: string, address: string, policy: SignInPolicy): Promise<number | 'busy'> {
  const [locked] = await rows<{ ok: boolean }>(tx, sql`
    SELECT pg_try_advisory_xact_lock(hashtextextended(${`sign-in-address:${address}`}, 0))
       AND pg_try_advisory_xact_lock(hashtextextended(${`sign-in-login:${login}`}, 0)) AS ok`);
  if (!locked.ok) return 'busy';
  const window = sql`make_interval(mins => ${policy.minutes})`;
  const since = sql`clock_timestamp() - ${window}`;
  const [r] = await rows<{ wait: number | string | null }>(tx, sql`
    WITH a AS (SELECT failed_at FROM sign_in_failures WHERE address = ${address} AND failed_at > ${since}
               ORDER BY failed_at DESC OFFSET ${(policy.addressFailures ?? 20) - 1} LIMIT 1),
         l AS (SELECT failed_at FROM sign_in_failures WHERE login = ${login} AND failed_at > ${since}
               ORDER BY failed_at DESC OFFSET ${policy.attempts - 1} LIMIT 1),
         p AS (SELECT max(failed_at) AS last FROM sign_in_failures WHERE login = ${login} AND address = ${address} AND failed_at > ${since})
    SELECT greatest(
      (SELECT extract(epoch FROM a.failed_at + ${window} - clock_timestamp()) FROM a),
      (SELECT extract(epoch FROM least(l.failed_at, p.last) + ${window} - clock_timestamp()) FROM l, p WHERE p.last IS NOT NULL)
    ) AS wait`);
  const wait = Number(r?.wait ?? 0);
  return wait > 0 ? Math.ceil(wait) : 0;
}

/**
 * Runs a sign-in-like step (its own transaction each time) again while another attempt for the
 * same address or login holds the throttle's locks: up to ~5 s, the connection given back between
 * tries; then the last answer (429 RATE_LIMITED, Retry-After 1) stands.
 */
export async function retryWhileBusy<T extends { ok: boolean; busy?: true }>(step: () => Promise<T>, tries = 100): Promise<T> {
  for (let i = 1; ; i++) {
    const r = await step();
    if (!r.busy || i >= tries) return r;
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 60));
  }
}

/** Counts a failure of `login` from `address`; returns the login's failures in the window. Old failures are dropped here. */
async function recordFailure(tx: Tx, login: string, address: string, policy: SignInPolicy): Promise<number> {
  const since = sql`clock_timestamp() - make_interval(mins => ${policy.minutes})`;
  await tx.execute(sql`DELETE FROM sign_in_failures WHERE failed_at <= ${since}`);
  await tx.execute(sql`INSERT INTO sign_in_failures (login, address, failed_at) VALUES (${login}, ${address}, clock_timestamp())`);
  const [{ n }] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM sign_in_failures WHERE login = ${login} AND failed_at > ${since}`);
  return n;
}

/** A right password from an address forgets that address's failures for the login (the user's own typing errors). */
async function forgetFailures(tx: Tx, login: string, address: string, policy: SignInPolicy): Promise<void> {
  await tx.execute(sql`DELETE FROM sign_in_failures WHERE login = ${login} AND address = ${address}`);
  const [{ n }] = await rows<{ n: number }>(tx, sql`
    SELECT count(*)::int AS n FROM sign_in_failures WHERE login = ${login} AND failed_at > clock_timestamp() - make_interval(mins => ${policy.minutes})`);
  if (n < policy.attempts) await tx.execute(sql`UPDATE users SET failed_attempts = ${n}, locked_until = NULL WHERE login = ${login}`);
  else await tx.execute(sql`UPDATE users SET failed_attempts = ${n} WHERE login = ${login}`);
}

/** Shows an account's failures and lock to administrators (users list, unlock), and audits the moment it locks. */
async function markFailures(tx: Tx, who: Actor, u: { id: number; login: string; locked: boolean }, failures: number, policy: SignInPolicy): Promise<void> {
  const locks = failures >= policy.attempts;
  await tx.execute(sql`UPDATE users SET failed_attempts = ${failures},
    locked_until = CASE WHEN ${locks} THEN clock_timestamp() + make_interval(mins => ${policy.minutes}) ELSE locked_until END
    WHERE id = ${u.id}`);
  if (locks && !u.locked) {
    await recordAudit(tx, who, { action: 'auth.locked', entityType: 'user', entityId: u.id, facts: { login: u.login, attempts: failures, minutes: policy.minutes } });
  }
}

/**
 * Checks a login and password. Until the password is proven right, every refusal is the same
 * whether the login exists, is locked or is deactivated: 401 BAD_CREDENTIALS after a password
 * check (argon2 against a dummy hash for an unknown login), or 429 RATE_LIMITED (with the wait)
 * when throttled, which checks nothing. Only a right password may learn that the account is
 * deactivated (403). Failures are counted and returned, not thrown, so the count and the audit
 * line commit.
 */
export async function signIn(
  tx: Tx,
  input: { login: string; password: string; ip?: string; userAgent?: string; requestId?: string },
  policy: SignInPolicy,
): Promise<SignInResult> {
  const login = input.login.trim().toLowerCase();
  const address = addressOf(input.ip);
  const anon: Actor = { kind: 'user', id: null, name: login, department: null, permissions: new Set(), dataScope: 'own', ip: input.ip, requestId: input.requestId };
  const wait = await throttle(tx, login, address, policy);
  if (wait === 'busy') return { ok: false, error: rateLimited(1), busy: true };
  if (wait) return { ok: false, error: rateLimited(wait) };
  const [u] = await rows<{ id: number; name: string; password_hash: string; active: boolean; locked: boolean }>(
    tx,
    sql`SELECT id, name, password_hash, active, (locked_until IS NOT NULL AND locked_until > clock_timestamp()) AS locked FROM users WHERE login = ${login}`,
  );
  const right = await verify(u?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!u || !right) {
    const failures = await recordFailure(tx, login, address, policy);
    const who: Actor = u ? { ...anon, id: u.id, name: u.name } : anon;
    await recordAudit(tx, who, {
      action: 'auth.signInFailed', entityType: 'user', entityId: u?.id ?? null,
      facts: u ? { login, attempt: failures } : { login, attempt: failures, reason: 'unknownLogin' },
    });
    if (u) await markFailures(tx, who, { id: u.id, login, locked: u.locked }, failures, policy);
    return { ok: false, error: new AppError(401, 'BAD_CREDENTIALS', 'auth.badCredentials') };
  }
  const who: Actor = { ...anon, id: u.id, name: u.name };
  if (!u.active) {
    await recordAudit(tx, who, { action: 'auth.signInRefusedInactive', entityType: 'user', entityId: u.id, facts: { login } });
    return { ok: false, error: new AppError(403, 'ACCOUNT_INACTIVE', 'auth.inactive') };
  }
  await forgetFailures(tx, login, address, policy);
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + policy.sessionHours * 3600_000);
  await tx.insert(sessions).values({ id: sha256(token), userId: u.id, expiresAt, ip: input.ip ?? null, userAgent: input.userAgent ?? null });
  await recordAudit(tx, who, { action: 'auth.signIn', entityType: 'user', entityId: u.id, facts: u.locked ? { login, whileLocked: true } : { login } });
  return { ok: true, token, userId: u.id, expiresAt };
}

export async function signOut(tx: Tx, actor: Actor, token: string) {
  await tx.delete(sessions).where(eq(sessions.id, sha256(token)));
  await recordAudit(tx, actor, { action: 'auth.signOut', entityType: 'user', entityId: actor.id, facts: {} });
}

/** One look-up for any number of credentials: the actor of each live one, permissions and widest data scope of its roles. */
async function actorsFor(tx: Tx, kind: 'user' | 'token', tokens: string[]): Promise<Map<string, Actor>> {
  const hashes = [...new Set(tokens)].map(sha256);
  const who = kind === 'user'
    ? sql`SELECT s.id AS hash, u.id, u.name, u.department, ur.role_id, s.expires_at
          FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN user_roles ur ON ur.user_id = u.id
          WHERE s.id = ANY(${sql.param(hashes)}::text[]) AND s.expires_at > now() AND u.active`
    : sql`SELECT t.token_hash AS hash, t.id, 'token:' || t.name AS name, NULL::text AS department, t.role_id, NULL::timestamptz AS expires_at
          FROM api_tokens t WHERE t.token_hash = ANY(${sql.param(hashes)}::text[]) AND t.revoked_at IS NULL`;
  const found = await rows<{ hash: string; id: number; name: string; department: string | null; permissions: string[]; scopes: string[]; epoch: number; expires_at: Date | string | null }>(tx, sql`
    SELECT w.hash, w.id, w.name, w.department, w.expires_at, (SELECT n FROM auth_epoch WHERE id = 1) AS epoch,
           coalesce(array_agg(DISTINCT p.permission) FILTER (WHERE p.permission IS NOT NULL), '{}') AS permissions,
           coalesce(array_agg(DISTINCT r.data_scope) FILTER (WHERE r.data_scope IS NOT NULL), '{}') AS scopes
    FROM (${who}) w LEFT JOIN roles r ON r.id = w.role_id LEFT JOIN LATERAL unnest(r.permissions) AS p(permission) ON true
    GROUP BY w.hash, w.id, w.name, w.department, w.expires_at`);
  const byHash = new Map(found.map((f) => [f.hash, f]));
  const out = new Map<string, Actor>();
  for (const token of tokens) {
    const f = byHash.get(sha256(token));
    if (!f) continue;
    const dataScope = f.scopes.reduce<DataScope>((s, r) => (scopeRank[r as DataScope] > scopeRank[s] ? (r as DataScope) : s), 'own');
    out.set(token, { kind, id: f.id, name: f.name, department: f.department, permissions: new Set(f.permissions), dataScope,
      authEpoch: Number(f.epoch), credentialExpiresAt: f.expires_at == null ? null : new Date(f.expires_at) });
  }
  return out;
}

/** The actors behind console session cookies (unknown or over: absent). Looked up on every request, so a sign-out or a disabled user stops at once. */
export const actorsFromSessions = (tx: Tx, tokens: string[]) => actorsFor(tx, 'user', tokens);
/** The actors behind bearer API tokens; revoked tokens stop at once (looked up on every request). */
export const actorsFromTokens = (tx: Tx, tokens: string[]) => actorsFor(tx, 'token', tokens);

/** The actor behind a console session cookie, or null when the session is unknown or over. */
export async function actorFromSession(tx: Tx, token: string): Promise<Actor | null> {
  return (await actorsFromSessions(tx, [token])).get(token) ?? null;
}

/** The actor behind a bearer API token, or null when it is unknown or revoked. */
export async function actorFromToken(tx: Tx, token: string): Promise<Actor | null> {
  return (await actorsFromTokens(tx, [token])).get(token) ?? null;
}

// ---------- roles ----------

export async function listRoles(tx: Tx) {
  const rs = await tx.select().from(roles).orderBy(asc(roles.id));
  const counts = await rows<{ role_id: number; n: number }>(tx, sql`SELECT role_id, count(*)::int AS n FROM user_roles GROUP BY role_id`);
  return rs.map((r) => ({ ...r, userCount: counts.find((c) => c.role_id === r.id)?.n ?? 0 }));
}

function checkPermissions(list: string[]) {
  const bad = list.find((p) => !allPermissions.includes(p as never));
  if (bad) throw invalidField('permissions', 'role.unknownPermission', { permission: bad });
}

export async function createRole(tx: Tx, actor: Actor, input: { code: string; nameZh: string; nameEn: string; permissions: string[]; dataScope: DataScope }) {
  checkPermissions(input.permissions);
  const [exists] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.code, input.code));
  if (exists) throw conflict('ROLE_CODE_TAKEN', 'role.codeTaken', { code: input.code });
  const [r] = await tx.insert(roles).values({ ...input, builtIn: false }).returning();
  await recordAudit(tx, actor, { action: 'role.create', entityType: 'role', entityId: r.id, after: r });
  return r;
}

export async function updateRole(tx: Tx, actor: Actor, id: number, input: { nameZh?: string; nameEn?: string; permissions?: string[]; dataScope?: DataScope }) {
  const [before] = await tx.select().from(roles).where(eq(roles.id, id));
  if (!before) throw notFound('role', id);
  if (input.permissions) checkPermissions(input.permissions);
  const [after] = await tx.update(roles).set({ ...input, updatedAt: new Date() }).where(eq(roles.id, id)).returning();
  await recordAudit(tx, actor, { action: 'role.update', entityType: 'role', entityId: id, before, after });
  return after;
}

export async function deleteRole(tx: Tx, actor: Actor, id: number) {
  const [r] = await tx.select().from(roles).where(eq(roles.id, id));
  if (!r) throw notFound('role', id);
  if (r.builtIn) throw refused('ROLE_BUILT_IN', 'role.builtIn');
  const [{ n }] = await rows<{ n: number }>(
    tx,
    sql`SELECT (SELECT count(*) FROM user_roles WHERE role_id = ${id}) + (SELECT count(*) FROM api_tokens WHERE role_id = ${id} AND revoked_at IS NULL) AS n`,
  );
  if (Number(n) > 0) throw refused('ROLE_IN_USE', 'role.inUse');
  await tx.delete(roles).where(eq(roles.id, id));
  await recordAudit(tx, actor, { action: 'role.delete', entityType: 'role', entityId: id, before: r });
}

// ---------- API tokens ----------

export async function createApiToken(tx: Tx, actor: Actor, input: { name: string; roleId: number }) {
  const [r] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.id, input.roleId));
  if (!r) throw invalidField('roleId', 'error.notFound', { entity: 'entity.role', id: input.roleId });
  const token = `ccrm_${crypto.randomBytes(24).toString('base64url')}`;
  const [t] = await tx
    .insert(apiTokens)
    .values({ name: input.name, tokenHash: sha256(token), prefix: token.slice(0, 9), roleId: input.roleId, createdBy: actor.kind === 'user' ? actor.id : null })
    .returning();
  await recordAudit(tx, actor, { action: 'token.create', entityType: 'apiToken', entityId: t.id, after: { name: t.name, roleId: t.roleId, prefix: t.prefix } });
  const { tokenHash: _h, ...rest } = t;
  return { ...rest, token };
}

export async function listApiTokens(tx: Tx) {
  const ts = await tx.select().from(apiTokens).orderBy(asc(apiTokens.id));
  return ts.map(({ tokenHash: _h, ...t }) => t);
}

export async function revokeApiToken(tx: Tx, actor: Actor, id: number) {
  const [t] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning();
  if (!t) throw notFound('token', id);
  await recordAudit(tx, actor, { action: 'token.revoke', entityType: 'apiToken', entityId: id, facts: { name: t.name } });
}

// ---------- lookups for other modules (they never read the users table themselves) ----------

/** Display names of users by id, e.g. the owners of customer records. */
export async function userNamesById(tx: Tx, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const list = await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(list.map((u) => [u.id, u.name]));
}

/** The id of the active user with this login, or null (other systems name staff by login). */
export async function activeUserIdByLogin(tx: Tx, login: string): Promise<number | null> {
  const [u] = await tx.select({ id: users.id }).from(users).where(and(eq(users.login, login.trim().toLowerCase()), eq(users.active, true)));
  return u?.id ?? null;
}
