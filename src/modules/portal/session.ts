// Member identity of the members' portal (会员自助), apart from staff identity: sign-in by mobile
// number and a one-time SMS code, and a session cookie of its own that reaches /portal routes only.
//
// - A code request always answers the same, whether the mobile is a member's or not; a row is
//   written either way (a member's gets a code sent, anyone else's a code nobody receives), so the
//   rate limits, too, behave alike. Codes: 6 digits, 5 minutes, 5 wrong tries, only the latest
//   counts; stored as a keyed hash, the mobile as its keyed lookup hash (src/pii.ts).
// - Limits: one code per mobile a minute and 5 an hour; 20 codes an hour from one address; 20
//   wrong codes in 15 minutes from one address → 429 with Retry-After.
// - Sessions: a random 256-bit token in an HttpOnly SameSite=Strict cookie (Secure over HTTPS);
//   only its SHA-256 is stored; idle end (30 min) and absolute end (12 h); sign-out ends it;
//   a member who left the club (archived) loses every session at once (the look-up joins members).
import crypto from 'node:crypto';
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { AppError, invalidField } from '../../http/errors.ts';
import { normaliseMobile } from '../../normalise.ts';
import type { Crypto } from '../../pii.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import './messages.ts';

/** The members' session cookie (the staff console's is clubcrm_session: neither opens the other's routes). */
export const MEMBER_COOKIE = 'clubcrm_member';

export const portalPolicy = {
  codeMinutes: 5,
  codeTries: 5,
  resendSeconds: 60,
  codesPerMobileHour: 5,
  codesPerAddressHour: 20,
  failuresPerAddress: 20,
  failureWindowMinutes: 15,
  idleMinutes: 30,
  sessionHours: 12,
} as const;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const mobileHashOf = (pii: Crypto, mobile: string) => pii.lookupHash(`portal-mobile:${mobile}`);
const codeHashOf = (pii: Crypto, mobileHash: string, code: string) => pii.lookupHash(`portal-code:${mobileHash}:${code}`);
const addressOf = (ip: string | undefined) => ip || 'unknown';

/** The actor of a member's own actions (audit kind 'member'): no staff permission, only their own records. */
export function memberActor(m: { memberId: number; memberNo: string }, extra: Partial<Actor> = {}): Actor {
  return { kind: 'member', id: m.memberId, name: m.memberNo, department: null, permissions: new Set(), dataScope: 'all', ...extra };
}

function rateLimited(seconds: number, key = 'portal.rateLimited'): AppError {
  return new AppError(429, 'RATE_LIMITED', key, { minutes: Math.max(1, Math.ceil(seconds / 60)), seconds, retryAfter: seconds });
}

function checkMobile(raw: string): string {
  const mobile = normaliseMobile(raw);
  if (!mobile) throw invalidField('mobile', 'validation.mobile');
  return mobile;
}

export type CodeRequest = { ok: true; send: { to: string; code: string } | null } | { ok: false; error: AppError };

/**
 * A code for a mobile. Returns the SMS to send after commit (null when the mobile is no live
 * member's: nothing is sent, and the caller answers exactly the same). Refusals are returned, so
 * what they counted commits.
 */
export async function requestCode(tx: Tx, pii: Crypto, input: { mobile: string; ip?: string; requestId?: string }): Promise<CodeRequest> {
  const mobile = checkMobile(input.mobile);
  const mobileHash = mobileHashOf(pii, mobile);
  const address = addressOf(input.ip);
  // requests for one mobile and from one address are counted one at a time (every process)
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`portal-mobile:${mobileHash}`}, 0))`);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`portal-address:${address}`}, 0))`);
  const p = portalPolicy;
  const [m] = await rows<{ last: number | null; hour: number; firstInHour: number | null }>(tx, sql`
    SELECT extract(epoch FROM now() - max(created_at))::float8 AS last, count(*)::int AS hour,
           extract(epoch FROM now() - min(created_at))::float8 AS "firstInHour"
    FROM portal_codes WHERE mobile_hash = ${mobileHash} AND created_at > now() - interval '1 hour'`);
  if (m.last !== null && m.last < p.resendSeconds) return { ok: false, error: rateLimited(Math.ceil(p.resendSeconds - m.last), 'portal.resendTooSoon') };
  if (m.hour >= p.codesPerMobileHour) return { ok: false, error: rateLimited(Math.ceil(3600 - (m.firstInHour ?? 0))) };
  const [a] = await rows<{ hour: number; firstInHour: number | null }>(tx, sql`
    SELECT count(*)::int AS hour, extract(epoch FROM now() - min(created_at))::float8 AS "firstInHour"
    FROM portal_codes WHERE address = ${address} AND created_at > now() - interval '1 hour'`);
  if (a.hour >= p.codesPerAddressHour) return { ok: false, error: rateLimited(Math.ceil(3600 - (a.firstInHour ?? 0))) };

  // the member whose mobile this is: exactly one live member (two members sharing a mobile must be told apart by staff first)
  const found = await rows<{ id: number; memberNo: string }>(tx, sql`
    SELECT m.id, m.member_no AS "memberNo" FROM customers c JOIN members m ON m.customer_id = c.id
    WHERE c.mobile = ${mobile} AND c.deleted_at IS NULL AND m.status <> 'archived' LIMIT 2`);
  const member = found.length === 1 ? found[0] : null;
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await tx.execute(sql`
    INSERT INTO portal_codes (mobile_hash, member_id, code_hash, address, expires_at)
    VALUES (${mobileHash}, ${member?.id ?? null}, ${codeHashOf(pii, mobileHash, code)}, ${address}, now() + make_interval(mins => ${p.codeMinutes}))`);
  // forget what has aged out of every window (this mobile's and address's are the rows just counted)
  await tx.execute(sql`DELETE FROM portal_codes WHERE created_at < now() - interval '1 day'`);
  if (!member) return { ok: true, send: null };
  await recordAudit(tx, memberActor({ memberId: member.id, memberNo: member.memberNo }, { ip: input.ip, requestId: input.requestId }), {
    action: 'portal.requestCode', entityType: 'member', entityId: member.id, facts: { channel: 'sms' },
  });
  return { ok: true, send: { to: mobile, code } };
}

export type SignInOutcome =
  | { ok: true; token: string; expiresAt: Date; memberId: number; memberNo: string }
  | { ok: false; error: AppError };

/** Signs a member in with the latest code sent to their mobile. Every refusal is the same 401 (or 429). */
export async function signInWithCode(
  tx: Tx, pii: Crypto, input: { mobile: string; code: string; ip?: string; userAgent?: string; requestId?: string },
): Promise<SignInOutcome> {
  const mobile = checkMobile(input.mobile);
  if (!/^\d{6}$/.test(input.code)) throw invalidField('code', 'portal.codeFormat');
  const mobileHash = mobileHashOf(pii, mobile);
  const address = addressOf(input.ip);
  const p = portalPolicy;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`portal-mobile:${mobileHash}`}, 0))`);
  const [f] = await rows<{ n: number; oldest: number | null }>(tx, sql`
    SELECT count(*)::int AS n, extract(epoch FROM now() - min(failed_at))::float8 AS oldest FROM portal_sign_in_failures
    WHERE address = ${address} AND failed_at > now() - make_interval(mins => ${p.failureWindowMinutes})`);
  if (f.n >= p.failuresPerAddress) return { ok: false, error: rateLimited(Math.ceil(p.failureWindowMinutes * 60 - (f.oldest ?? 0))) };
  const [latest] = await rows<{ id: number; memberId: number | null; codeHash: string; attempts: number; live: boolean }>(tx, sql`
    SELECT id, member_id AS "memberId", code_hash AS "codeHash", attempts,
           (used_at IS NULL AND expires_at > now() AND attempts < ${p.codeTries}) AS live
    FROM portal_codes WHERE mobile_hash = ${mobileHash} ORDER BY id DESC LIMIT 1 FOR UPDATE`);
  const given = codeHashOf(pii, mobileHash, input.code);
  const right = !!latest && latest.live && latest.memberId !== null
    && crypto.timingSafeEqual(Buffer.from(latest.codeHash), Buffer.from(given));
  const bad = (): SignInOutcome => ({ ok: false, error: new AppError(401, 'BAD_CODE', 'portal.badCode') });
  if (!right) {
    if (latest?.live) await tx.execute(sql`UPDATE portal_codes SET attempts = attempts + 1 WHERE id = ${latest.id}`);
    await tx.execute(sql`INSERT INTO portal_sign_in_failures (address) VALUES (${address})`);
    await tx.execute(sql`DELETE FROM portal_sign_in_failures WHERE failed_at < now() - interval '1 day'`);
    return bad();
  }
  const [member] = await rows<{ memberNo: string; status: string }>(tx, sql`SELECT member_no AS "memberNo", status FROM members WHERE id = ${latest.memberId}`);
  await tx.execute(sql`UPDATE portal_codes SET used_at = now() WHERE id = ${latest.id}`);
  if (!member || member.status === 'archived') return bad();
  const token = crypto.randomBytes(32).toString('base64url');
  const [s] = await rows<{ expiresAt: Date }>(tx, sql`
    INSERT INTO portal_sessions (id, member_id, expires_at, ip, user_agent)
    VALUES (${sha256(token)}, ${latest.memberId}, now() + make_interval(hours => ${p.sessionHours}), ${input.ip ?? null}, ${input.userAgent?.slice(0, 300) ?? null})
    RETURNING expires_at AS "expiresAt"`);
  const actor = memberActor({ memberId: latest.memberId!, memberNo: member.memberNo }, { ip: input.ip, requestId: input.requestId });
  await recordAudit(tx, actor, { action: 'portal.signIn', entityType: 'member', entityId: latest.memberId, facts: { channel: 'sms' } });
  return { ok: true, token, expiresAt: new Date(s.expiresAt), memberId: latest.memberId!, memberNo: member.memberNo };
}

/**
 * The member a session cookie's token belongs to, if the session is live (not ended, before its
 * absolute end, used within the idle time) and the member has not left; the use is noted (idle clock).
 */
export async function memberFromSession(db: Tx, token: string): Promise<Actor | null> {
  if (!token || token.length > 100) return null;
  const [r] = await rows<{ memberId: number; memberNo: string; expiresAt: Date }>(db, sql`
    WITH s AS (
      UPDATE portal_sessions SET last_seen_at = now()
      WHERE id = ${sha256(token)} AND ended_at IS NULL AND expires_at > now()
        AND last_seen_at > now() - make_interval(mins => ${portalPolicy.idleMinutes})
      RETURNING member_id, expires_at)
    SELECT s.member_id AS "memberId", m.member_no AS "memberNo", s.expires_at AS "expiresAt"
    FROM s JOIN members m ON m.id = s.member_id WHERE m.status <> 'archived'`);
  if (!r) return null;
  return memberActor(r, { credentialExpiresAt: new Date(r.expiresAt) });
}

/** Ends the session of this token (sign-out). */
export async function signOut(tx: Tx, actor: Actor, token: string): Promise<void> {
  await tx.execute(sql`UPDATE portal_sessions SET ended_at = now() WHERE id = ${sha256(token)} AND ended_at IS NULL`);
  await recordAudit(tx, actor, { action: 'portal.signOut', entityType: 'member', entityId: actor.id, facts: {} });
}
