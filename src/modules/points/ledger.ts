// 积分账本: the one write path of points. Every change is an append-only entry tied to a
// business event; the balance moves in the same transaction through a guarded UPDATE, so it
// can never go negative; earnings form lots with an expiry and spending records which lots it
// took from, so expiry and refunds are exact. See DESIGN.md "Points ledger".
import crypto from 'node:crypto';
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { AppError, conflict, invalidField, notFound, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { proposeUpgrades, upgradeMaybeDueSql } from '../cards/levels.ts';
import { getLiveMember } from './members.ts';
import { pointsEntries } from './schema.ts';
import './messages.ts';

/**
 * The business events points may belong to (SPEC §4). An adjustment (调整, issue 11) is the one
 * entry without another event: its event is the member's account itself (source_id = the member),
 * it must give a reason and it always waits for approval by someone holding points.approve.
 */
export const sourceTypes = ['purchase', 'activity', 'care', 'complaint', 'redemption', 'expiry', 'card', 'correction', 'adjustment'] as const;
export type SourceType = (typeof sourceTypes)[number];

export type Entry = typeof pointsEntries.$inferSelect;

/**
 * How a module proves that an event exists and may carry points for this member. The module
 * that owns the event registers it (activities, care, complaints); until then its type is refused.
 */
export type SourceCheck = (tx: Tx, sourceId: number, memberId: number, actor: Actor, amount: number | null) => Promise<void>;
const sourceChecks = new Map<string, SourceCheck>();

export function registerPointsSource(type: SourceType, check: SourceCheck): void {
  sourceChecks.set(type, check);
}

/** memberId 0: an event for many members (a batch), checked without a member; amount null: not known yet. */
export async function checkSource(tx: Tx, actor: Actor, type: string, sourceId: number, memberId: number, amount: number | null = null): Promise<void> {
  const check = sourceChecks.get(type);
  if (!check) throw invalidField('sourceType', 'points.sourceUnavailable', { type: `entity.pointsSource.${type}` });
  await check(tx, sourceId, memberId, actor, amount);
}

export const maxPoints = 100_000_000;

export interface EntryInput {
  memberId: number;
  /** signed points: + earn, − spend */
  amount: number;
  sourceType: SourceType;
  sourceId: number;
  /** the key that makes a replay harmless; generated when the caller has none */
  idempotencyKey?: string | null;
  reason?: string | null;
  /** automatic entries that wait in the approval queue */
  pending?: boolean;
  /** a correction (or refund) names the entry it corrects */
  correctsEntryId?: number | null;
  ruleId?: number | null;
  batchId?: number | null;
  /** the caller has already checked the event (its own, just created) */
  sourceChecked?: boolean;
  /** the caller has already checked the member */
  memberChecked?: boolean;
  /**
   * When the event happened, for history loaded after the fact (`clubcrm demo-data`'s two years of
   * club life): the entry is posted and its lot earned (and so expires) then. Default: now. The
   * console, the API and the jobs never pass it.
   */
  at?: Date | null;
}

export interface Posted {
  entry: Entry;
  /** true when the key had already been used for the same request: nothing changed */
  replayed: boolean;
  /** the account's balance after the entry */
  balance: number;
}

/** What a replay must match (earnings.ts builds the same text in SQL for coalesced earnings). */
function fingerprintOf(i: EntryInput): string {
  return [i.memberId, i.amount, i.sourceType, i.sourceId, i.correctsEntryId ?? '', i.pending ? 'pending' : 'posted'].join('|');
}

function checkAmount(amount: number) {
  if (!Number.isSafeInteger(amount) || amount === 0 || Math.abs(amount) > maxPoints) {
    throw invalidField('amount', 'points.amountInvalid', { max: maxPoints });
  }
}

export function newKey(prefix = 'auto'): string {
  return `${prefix}:${crypto.randomUUID()}`;
}

export const entryColumns = sql`id, member_id AS "memberId", amount, state, source_type AS "sourceType", source_id AS "sourceId",
  idempotency_key AS "idempotencyKey", fingerprint, corrects_entry_id AS "correctsEntryId", rule_id AS "ruleId", batch_id AS "batchId",
  reason, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName", request_id AS "requestId", created_at AS "createdAt",
  posted_at AS "postedAt", decided_by AS "decidedBy", decided_at AS "decidedAt", decision_note AS "decisionNote"`;

export type RawEntry = Omit<Entry, 'createdAt' | 'postedAt' | 'decidedAt'> & { createdAt: string | Date; postedAt: string | Date | null; decidedAt: string | Date | null };
export function toEntry(r: RawEntry): Entry {
  const d = (v: string | Date | null) => (v == null ? null : v instanceof Date ? v : new Date(v));
  return { ...r, createdAt: d(r.createdAt)!, postedAt: d(r.postedAt), decidedAt: d(r.decidedAt) };
}

async function entryByKey(tx: Tx, key: string): Promise<Entry | null> {
  const [r] = await rows<RawEntry>(tx, sql`SELECT ${entryColumns} FROM points_entries WHERE idempotency_key = ${key}`);
  return r ? toEntry(r) : null;
}

export async function balanceOf(tx: Tx, memberId: number): Promise<number> {
  const [a] = await rows<{ balance: number }>(tx, sql`SELECT balance FROM points_accounts WHERE member_id = ${memberId}`);
  return a?.balance ?? 0;
}

function replayOf(existing: Entry, input: EntryInput): Entry {
  if (existing.fingerprint !== fingerprintOf(input)) throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'error.idempotencyMismatch');
  return existing;
}

/**
 * Books one entry: the single way points change. The event must exist (checked by its module),
 * the member must not be archived; a key already used for the same request changes nothing and
 * returns the first entry; a deduction the balance cannot cover is refused (422) and writes nothing.
 */
export async function postEntry(tx: Tx, actor: Actor, input: EntryInput): Promise<Posted> {
  checkAmount(input.amount);
  if (!sourceTypes.includes(input.sourceType)) throw invalidField('sourceType', 'points.sourceUnknown', { type: input.sourceType });
  if (!Number.isSafeInteger(input.sourceId) || input.sourceId <= 0) throw invalidField('sourceId', 'points.sourceIdInvalid');
  const key = input.idempotencyKey ?? newKey();
  const pending = !!input.pending;
  const earning = !pending && input.amount > 0 && !input.correctsEntryId;
  const at = input.at ? sql`${input.at.toISOString()}::timestamptz` : sql`now()`;
  /** was the key used (→ the first entry comes back), and may this member's points change — one round trip */
  const precheck = async (): Promise<Posted | null> => {
    const [pre] = await rows<{ used: boolean; status: string | null; memberNo: string | null }>(tx, sql`
      SELECT EXISTS (SELECT 1 FROM points_entries WHERE idempotency_key = ${key}) AS used, m.status, m.member_no AS "memberNo"
      FROM (SELECT 1) one LEFT JOIN members m ON m.id = ${input.memberId}`);
    if (pre.used) {
      const existing = (await entryByKey(tx, key))!;
      return { entry: replayOf(existing, input), replayed: true, balance: await balanceOf(tx, input.memberId) };
    }
    if (!input.memberChecked) {
      if (!pre.status) throw notFound('member', input.memberId);
      if (pre.status === 'archived') throw refused('MEMBER_ARCHIVED', 'member.archivedReadOnly', { memberNo: pre.memberNo });
    }
    return null;
  };
  // The hot path (an earning) checks the key and the member inside its one statement and only
  // asks why when nothing was written; other entries check first.
  if (!earning) {
    const replay = await precheck();
    if (replay) return replay;
  }
  if (!input.sourceChecked) await checkSource(tx, actor, input.sourceType, input.sourceId, input.memberId, input.amount);

  const values = sql`${input.memberId}, ${input.amount}, ${pending ? 'pending' : 'posted'}, ${input.sourceType}, ${input.sourceId}, ${key},
    ${fingerprintOf(input)}, ${input.correctsEntryId ?? null}, ${input.ruleId ?? null}, ${input.batchId ?? null}, ${input.reason ?? null},
    ${actor.kind}, ${actor.id}, ${actor.name}, ${actor.requestId ?? null}, ${pending ? null : at}, ${at}`;
  const insert = sql`INSERT INTO points_entries (member_id, amount, state, source_type, source_id, idempotency_key, fingerprint,
      corrects_entry_id, rule_id, batch_id, reason, actor_kind, actor_id, actor_name, request_id, posted_at, created_at)
    VALUES (${values}) ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${entryColumns}`;

  if (pending) {
    const [r] = await rows<RawEntry>(tx, insert);
    if (!r) return concurrentTwin(tx, key, input);
    return { entry: toEntry(r), replayed: false, balance: await balanceOf(tx, input.memberId) };
  }
  if (earning) {
    // Earning: entry, account and lot in one statement (the hot path of postings), written only
    // for a live member; when nothing was written, precheck says why (a replay, a member who left).
    const live = input.memberChecked ? sql`` : sql`WHERE EXISTS (SELECT 1 FROM members WHERE id = ${input.memberId} AND status <> 'archived')`;
    const guardedInsert = sql`INSERT INTO points_entries (member_id, amount, state, source_type, source_id, idempotency_key, fingerprint,
        corrects_entry_id, rule_id, batch_id, reason, actor_kind, actor_id, actor_name, request_id, posted_at, created_at)
      SELECT ${input.memberId}::int, ${input.amount}::int, 'posted', ${input.sourceType}::text, ${input.sourceId}::bigint, ${key}::text,
        ${fingerprintOf(input)}::text, NULL::bigint, ${input.ruleId ?? null}::int, ${input.batchId ?? null}::int, ${input.reason ?? null}::text,
        ${actor.kind}::text, ${actor.id}::int, ${actor.name}::text, ${actor.requestId ?? null}::text, ${at}, ${at}
      ${live} ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${entryColumns}`;
    const [r] = await rows<RawEntry & { balance: number }>(tx, sql`
      WITH e AS (${guardedInsert}),
      a AS (
        INSERT INTO points_accounts AS pa (member_id, balance) SELECT "memberId", amount FROM e
        ON CONFLICT (member_id) DO UPDATE SET balance = pa.balance + excluded.balance, updated_at = now()
        RETURNING balance
      ),
      l AS (
        INSERT INTO points_lots (member_id, entry_id, amount, remaining, earned_at, expires_at)
        SELECT e."memberId", e.id, e.amount, e.amount, ${at}, ${lotExpiry(at)} FROM e, points_settings s WHERE s.id = 1
        RETURNING id
      )
      SELECT e.*, (SELECT balance FROM a) AS balance, (SELECT count(*) FROM l) AS lots,
             ${upgradeMaybeDueSql(sql`e."memberId"`, sql`(SELECT balance FROM a)`)} AS "upgradeDue"
      FROM e`);
    if (!r) return (await precheck()) ?? concurrentTwin(tx, key, input);
    if (Number((r as unknown as { lots: number }).lots) !== 1) throw new Error('points settings row is missing: lot not created');
    const { balance, lots: _l, upgradeDue, ...entry } = r as RawEntry & { balance: number; lots: number; upgradeDue: boolean };
    if (upgradeDue) await proposeUpgrades(tx, [input.memberId]);
    return { entry: toEntry(entry), replayed: false, balance };
  }
  // Deductions and corrections: move the balance first (the guarded UPDATE locks the account,
  // so lots are only ever changed by one transaction at a time per member), then the entry.
  const balance = await moveBalance(tx, input.memberId, input.amount);
  const [r] = await rows<RawEntry>(tx, insert);
  if (!r) throw conflict('IDEMPOTENCY_IN_PROGRESS', 'error.idempotencyInProgress'); // a twin committed first: roll back
  const entry = toEntry(r);
  await bookLots(tx, entry);
  if (input.amount > 0) await proposeUpgrades(tx, [input.memberId]);
  return { entry, replayed: false, balance };
}

/** A concurrent request with the same key committed between our look-up and our insert. */
async function concurrentTwin(tx: Tx, key: string, input: EntryInput): Promise<Posted> {
  const existing = await entryByKey(tx, key);
  if (!existing) throw conflict('IDEMPOTENCY_IN_PROGRESS', 'error.idempotencyInProgress');
  return { entry: replayOf(existing, input), replayed: true, balance: await balanceOf(tx, input.memberId) };
}

/** The expiry of a lot earned at `at`, from the settings row `s` (company time zone for year ends). */
export function lotExpiry(at: ReturnType<typeof sql>) {
  return sql`CASE s.expiry_mode
      WHEN 'none' THEN NULL
      WHEN 'months' THEN ((${at} AT TIME ZONE s.time_zone) + make_interval(months => s.expiry_months)) AT TIME ZONE s.time_zone
      ELSE (date_trunc('year', ${at} AT TIME ZONE s.time_zone) + make_interval(years => s.expiry_years + 1)) AT TIME ZONE s.time_zone
    END`;
}

/** Adds amount (signed) to the balance; refuses with 422 when the balance cannot cover it. */
export async function moveBalance(tx: Tx, memberId: number, amount: number): Promise<number> {
  if (amount > 0) {
    const [a] = await rows<{ balance: number }>(tx, sql`
      INSERT INTO points_accounts AS pa (member_id, balance) VALUES (${memberId}, ${amount})
      ON CONFLICT (member_id) DO UPDATE SET balance = pa.balance + excluded.balance, updated_at = now() RETURNING balance`);
    return a.balance;
  }
  const [a] = await rows<{ balance: number }>(tx, sql`
    UPDATE points_accounts SET balance = balance + ${amount}, updated_at = now()
    WHERE member_id = ${memberId} AND balance + ${amount} >= 0 RETURNING balance`);
  if (!a) {
    const balance = await balanceOf(tx, memberId);
    throw refused('INSUFFICIENT_POINTS', 'points.insufficient', { balance, needed: -amount });
  }
  return a.balance;
}

/**
 * The lot side of a booked entry (the balance has moved already):
 * - an earning opens a lot;
 * - a correction that gives back points of a deduction returns them to the lots that deduction
 *   took them from (a cancelled redemption's points keep their original expiry);
 * - a deduction takes from the lots that expire first, then the oldest — a correction of an
 *   earning takes from that earning's own lot first.
 */
async function bookLots(tx: Tx, entry: Entry): Promise<void> {
  const corrected = entry.correctsEntryId ? await getEntry(tx, entry.correctsEntryId) : null;
  if (entry.amount > 0) {
    // (points given back for an expiry are reinstated as a fresh lot: back in the expired lot they would expire again)
    if (corrected && corrected.amount < 0 && corrected.sourceType !== 'expiry') {
      const given = await restoreLots(tx, entry.id, corrected.id, entry.amount);
      if (given !== entry.amount) throw new Error(`ledger: could only give back ${given} of ${entry.amount} points to the lots of entry ${corrected.id}`);
      return;
    }
    await rows(tx, sql`
      INSERT INTO points_lots (member_id, entry_id, amount, remaining, earned_at, expires_at)
      SELECT ${entry.memberId}, ${entry.id}, ${entry.amount}, ${entry.amount}, now(), ${lotExpiry(sql`now()`)} FROM points_settings s WHERE s.id = 1`);
    return;
  }
  const taken = await consumeLots(tx, entry.id, entry.memberId, -entry.amount, corrected && corrected.amount > 0 ? corrected.id : null);
  if (taken !== -entry.amount) throw new Error(`ledger: lots of member ${entry.memberId} hold less than the balance (took ${taken} of ${-entry.amount})`);
}

/** Takes `need` points from the member's open lots: soonest expiry first, then oldest. Returns what it took. */
export async function consumeLots(tx: Tx, entryId: number, memberId: number, need: number, preferLotOfEntry: number | null): Promise<number> {
  const [r] = await rows<{ taken: number | null }>(tx, sql`
    WITH ordered AS (
      SELECT id, remaining,
        coalesce(sum(remaining) OVER (ORDER BY (entry_id = ${preferLotOfEntry ?? 0}) DESC, expires_at ASC NULLS LAST, earned_at, id
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
      FROM points_lots WHERE member_id = ${memberId} AND remaining > 0
    ),
    take AS (SELECT id, LEAST(remaining, ${need} - before) AS amt FROM ordered WHERE before < ${need}),
    upd AS (UPDATE points_lots l SET remaining = l.remaining - take.amt FROM take WHERE l.id = take.id RETURNING l.id, take.amt),
    ins AS (INSERT INTO points_consumptions (entry_id, lot_id, amount) SELECT ${entryId}, id, amt FROM upd RETURNING amount)
    SELECT sum(amount) AS taken FROM ins`);
  return Number(r?.taken ?? 0);
}

/**
 * Gives `amount` points back to the lots entry `fromEntryId` took them from (what it took, less
 * what earlier corrections already gave back), last taken first. Returns what it gave back.
 */
export async function restoreLots(tx: Tx, entryId: number, fromEntryId: number, amount: number): Promise<number> {
  const [r] = await rows<{ given: number | null }>(tx, sql`
    WITH taken AS (
      SELECT c.lot_id, sum(c.amount) AS net, max(c.id) AS last_id
      FROM points_consumptions c
      WHERE c.entry_id = ${fromEntryId}
         OR c.entry_id IN (SELECT id FROM points_entries WHERE corrects_entry_id = ${fromEntryId} AND id <> ${entryId} AND state IN ('posted', 'reversed'))
      GROUP BY c.lot_id HAVING sum(c.amount) > 0
    ),
    ordered AS (
      SELECT lot_id, net, coalesce(sum(net) OVER (ORDER BY last_id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before FROM taken
    ),
    give AS (SELECT lot_id, LEAST(net, ${amount} - before) AS amt FROM ordered WHERE before < ${amount}),
    upd AS (UPDATE points_lots l SET remaining = l.remaining + give.amt FROM give WHERE l.id = give.lot_id RETURNING l.id, give.amt),
    ins AS (INSERT INTO points_consumptions (entry_id, lot_id, amount) SELECT ${entryId}, id, -amt FROM upd RETURNING amount)
    SELECT -sum(amount) AS given FROM ins`);
  return Number(r?.given ?? 0);
}

export async function getEntry(tx: Tx, id: number): Promise<Entry> {
  const [r] = await rows<RawEntry>(tx, sql`SELECT ${entryColumns} FROM points_entries WHERE id = ${id}`);
  if (!r) throw notFound('pointsEntry', id);
  return toEntry(r);
}

async function lockEntry(tx: Tx, id: number): Promise<Entry> {
  const [r] = await rows<RawEntry>(tx, sql`SELECT ${entryColumns} FROM points_entries WHERE id = ${id} FOR UPDATE`);
  if (!r) throw notFound('pointsEntry', id);
  return toEntry(r);
}

/** 审批: a pending entry posts (a deduction the balance cannot cover is refused and stays pending). */
export async function approveEntry(tx: Tx, actor: Actor, id: number, note?: string | null): Promise<Posted> {
  const entry = await lockEntry(tx, id);
  if (entry.state !== 'pending') throw refused('ENTRY_NOT_PENDING', 'points.notPending', { id, state: `entity.entryState.${entry.state}` });
  await getLiveMember(tx, entry.memberId);
  const balance = await moveBalance(tx, entry.memberId, entry.amount);
  const [r] = await rows<RawEntry>(tx, sql`
    UPDATE points_entries SET state = 'posted', posted_at = now(), decided_by = ${actor.name}, decided_at = now(), decision_note = ${note ?? null}
    WHERE id = ${id} RETURNING ${entryColumns}`);
  const posted = toEntry(r);
  await bookLots(tx, posted);
  if (posted.amount > 0) await proposeUpgrades(tx, [posted.memberId]);
  await recordAudit(tx, actor, { action: 'points.approve', entityType: 'pointsEntry', entityId: id, before: { state: 'pending' }, after: { state: 'posted', note: note ?? null } });
  return { entry: posted, replayed: false, balance };
}

export async function rejectEntry(tx: Tx, actor: Actor, id: number, note: string): Promise<Entry> {
  const entry = await lockEntry(tx, id);
  if (entry.state !== 'pending') throw refused('ENTRY_NOT_PENDING', 'points.notPending', { id, state: `entity.entryState.${entry.state}` });
  const [r] = await rows<RawEntry>(tx, sql`
    UPDATE points_entries SET state = 'rejected', decided_by = ${actor.name}, decided_at = now(), decision_note = ${note}
    WHERE id = ${id} RETURNING ${entryColumns}`);
  await recordAudit(tx, actor, { action: 'points.reject', entityType: 'pointsEntry', entityId: id, before: { state: 'pending' }, after: { state: 'rejected', note } });
  return toEntry(r);
}

/**
 * The redemption (兑换单) a deduction entry paid for, locked, when the entry is one. Taken before
 * the entry's own lock, in the order cancelRedemption takes them (redemption, then entry), so a
 * correction and a cancellation or delivery of the same redemption queue up instead of deadlocking.
 */
async function lockRedemptionOf(tx: Tx, entryId: number): Promise<{ id: number; status: string; item: string } | null> {
  const [e] = await rows<{ sourceType: string; sourceId: number; amount: number }>(tx, sql`
    SELECT source_type AS "sourceType", source_id AS "sourceId", amount FROM points_entries WHERE id = ${entryId}`);
  if (!e || e.sourceType !== 'redemption' || e.amount >= 0) return null;
  const [r] = await rows<{ id: number; status: string; item: string }>(tx, sql`
    SELECT r.id, r.status, p.item FROM redemptions r JOIN redemption_plans p ON p.id = r.plan_id
    WHERE r.id = ${e.sourceId} AND r.entry_id = ${entryId} FOR UPDATE OF r`);
  return r ?? null;
}

/**
 * 冲正: a new entry naming the booked entry it corrects (source_type correction). By default it
 * undoes the whole entry, which then shows as reversed; a partial amount is allowed. Points given
 * back for a deduction return to the lots it took them from; points taken back from an earning
 * come out of its own lot first.
 * The deduction of a redemption still pending (待交付) is not corrected, in part or whole: its
 * points come back by cancelling the redemption (取消兑换单), which also restores the stock —
 * a correction would leave a redemption to deliver for nothing, or to refund twice. Once the
 * redemption is delivered, a correction (goodwill) is allowed.
 */
export async function correctEntry(
  tx: Tx, actor: Actor,
  input: { entryId: number; amount?: number | null; reason: string; idempotencyKey?: string | null },
): Promise<Posted> {
  const redemption = await lockRedemptionOf(tx, input.entryId);
  const original = await lockEntry(tx, input.entryId);
  if (input.idempotencyKey) {
    const done = await entryByKey(tx, input.idempotencyKey);
    if (done) return { entry: done, replayed: true, balance: await balanceOf(tx, done.memberId) };
  }
  if (original.state !== 'posted') throw refused('ENTRY_NOT_CORRECTABLE', 'points.notCorrectable', { id: original.id, state: `entity.entryState.${original.state}` });
  if (redemption?.status === 'pending') {
    throw refused('REDEMPTION_PENDING', 'points.redemptionPending', { id: original.id, redemption: redemption.id, item: redemption.item });
  }
  const open = await openAmount(tx, original);
  const amount = input.amount ?? -open;
  if (amount === 0 || Math.sign(amount) === Math.sign(original.amount) || Math.abs(amount) > Math.abs(open)) {
    throw invalidField('amount', 'points.correctionAmount', { max: Math.abs(open), sign: original.amount > 0 ? '−' : '+' });
  }
  const posted = await postEntry(tx, actor, {
    memberId: original.memberId, amount, sourceType: 'correction', sourceId: original.id, correctsEntryId: original.id,
    reason: input.reason, idempotencyKey: input.idempotencyKey, sourceChecked: true,
  });
  if (amount === -open) await rows(tx, sql`UPDATE points_entries SET state = 'reversed' WHERE id = ${original.id}`);
  await recordAudit(tx, actor, { action: 'points.correct', entityType: 'pointsEntry', entityId: original.id, facts: { correction: posted.entry.id, amount, reason: input.reason } });
  return posted;
}

/** What a booked entry still counts for: its amount less what its booked corrections (and refunds) undid. */
async function openAmount(tx: Tx, entry: Entry): Promise<number> {
  const [{ corrected }] = await rows<{ corrected: number }>(tx, sql`
    SELECT coalesce(sum(amount), 0) AS corrected FROM points_entries WHERE corrects_entry_id = ${entry.id} AND state IN ('posted', 'reversed')`);
  return entry.amount + Number(corrected);
}

/**
 * Gives back what a deduction still takes (a cancelled redemption): a refund entry of the
 * deduction's own event returns the points to the exact lots, with their original expiry. When a
 * partial correction gave some back already, the refund is the rest (a deduction corrected whole
 * is reversed: refused).
 */
export async function refundEntry(tx: Tx, actor: Actor, entryId: number, input: { reason: string; idempotencyKey: string }): Promise<Posted> {
  const original = await lockEntry(tx, entryId);
  const done = await entryByKey(tx, input.idempotencyKey);
  if (done) return { entry: done, replayed: true, balance: await balanceOf(tx, done.memberId) };
  if (original.state !== 'posted' || original.amount > 0) throw refused('ENTRY_NOT_CORRECTABLE', 'points.notCorrectable', { id: original.id, state: `entity.entryState.${original.state}` });
  const open = await openAmount(tx, original);
  const posted = await postEntry(tx, actor, {
    memberId: original.memberId, amount: -open, sourceType: original.sourceType as SourceType, sourceId: original.sourceId,
    correctsEntryId: original.id, reason: input.reason, idempotencyKey: input.idempotencyKey, sourceChecked: true, memberChecked: true,
  });
  await rows(tx, sql`UPDATE points_entries SET state = 'reversed' WHERE id = ${original.id}`);
  return posted;
}

// batch writes live in bulk.ts; kept importable from here too
export { postEarnings, postDeductions, type Earning, type Deduction } from './bulk.ts';
