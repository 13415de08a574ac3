// 批量记账: many entries of one event in one statement — the earnings and deductions of batches
// and of batch card issues. Same rules as postEntry (ledger.ts): keys never book twice, balances
// move in the same statement, lots opened or taken soonest-expiry first, all or nothing.
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import type { Actor } from '../auth/actor.ts';
import { proposeUpgrades } from '../cards/levels.ts';
import { lotExpiry, type SourceType } from './ledger.ts';

export interface Earning {
  memberId: number;
  amount: number;
  /** the entry's idempotency key: a key already booked is skipped, never booked twice */
  key: string;
  sourceId: number;
}

/**
 * Books many earnings of one event type at once (batches, card base points of a batch issue):
 * entries, balances and lots in one statement over unnest(...) arrays. The caller has checked
 * the members and the event. Keys already booked are skipped. Returns the members credited now.
 */
export async function postEarnings(
  tx: Tx, actor: Actor,
  input: { sourceType: SourceType; earnings: Earning[]; batchId?: number | null; reason?: string | null; ruleId?: number | null },
): Promise<number[]> {
  if (!input.earnings.length) return [];
  for (const e of input.earnings) if (e.amount <= 0) throw new Error('postEarnings books earnings only');
  // in member order, so two bulk writers over the same accounts lock them in the same order
  const sorted = [...input.earnings].sort((a, b) => a.memberId - b.memberId);
  const col = <K extends keyof Earning>(k: K) => sql.param(sorted.map((e) => e[k]));
  const credited = await rows<{ member_id: number }>(tx, sql`
    WITH input AS (
      SELECT * FROM unnest(${col('memberId')}::int[], ${col('amount')}::int[], ${col('key')}::text[], ${col('sourceId')}::bigint[])
        AS t(member_id, amount, key, source_id)
    ),
    e AS (
      INSERT INTO points_entries (member_id, amount, state, source_type, source_id, idempotency_key, fingerprint, batch_id, rule_id, reason,
                                  actor_kind, actor_id, actor_name, request_id, posted_at)
      SELECT member_id, amount, 'posted', ${input.sourceType}, source_id, key,
             member_id || '|' || amount || '|' || ${input.sourceType}::text || '|' || source_id || '||posted',
             ${input.batchId ?? null}::int, ${input.ruleId ?? null}::int, ${input.reason ?? null}, ${actor.kind}, ${actor.id}::int, ${actor.name}, ${actor.requestId ?? null}, now()
      FROM input
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING id, member_id, amount
    ),
    a AS (
      INSERT INTO points_accounts AS pa (member_id, balance)
      SELECT member_id, sum(amount) FROM e GROUP BY member_id
      ON CONFLICT (member_id) DO UPDATE SET balance = pa.balance + excluded.balance, updated_at = now()
    ),
    l AS (
      INSERT INTO points_lots (member_id, entry_id, amount, remaining, earned_at, expires_at)
      SELECT e.member_id, e.id, e.amount, e.amount, now(), ${lotExpiry(sql`now()`)} FROM e, points_settings s WHERE s.id = 1
    )
    SELECT DISTINCT member_id FROM e`);
  const memberIds = credited.map((c) => c.member_id);
  await proposeUpgrades(tx, memberIds);
  return memberIds;
}

/**
 * Books many entries of one event type as pending (automatic entries waiting in the approval
 * queue): nothing moves until each is approved. Keys already booked are skipped. Returns the
 * members with an entry queued now.
 */
export async function postPendingEntries(
  tx: Tx, actor: Actor,
  input: { sourceType: SourceType; entries: Earning[]; reason?: string | null; ruleId?: number | null },
): Promise<number[]> {
  if (!input.entries.length) return [];
  const sorted = [...input.entries].sort((a, b) => a.memberId - b.memberId);
  const col = <K extends keyof Earning>(k: K) => sql.param(sorted.map((e) => e[k]));
  const queued = await rows<{ member_id: number }>(tx, sql`
    INSERT INTO points_entries (member_id, amount, state, source_type, source_id, idempotency_key, fingerprint, rule_id, reason,
                                actor_kind, actor_id, actor_name, request_id)
    SELECT member_id, amount, 'pending', ${input.sourceType}, source_id, key,
           member_id || '|' || amount || '|' || ${input.sourceType}::text || '|' || source_id || '||pending',
           ${input.ruleId ?? null}::int, ${input.reason ?? null}, ${actor.kind}, ${actor.id}::int, ${actor.name}, ${actor.requestId ?? null}
    FROM unnest(${col('memberId')}::int[], ${col('amount')}::int[], ${col('key')}::text[], ${col('sourceId')}::bigint[]) AS t(member_id, amount, key, source_id)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING member_id`);
  return queued.map((q) => q.member_id);
}

export interface Deduction {
  memberId: number;
  /** points to take (positive) */
  points: number;
  key: string;
  sourceId: number;
}

/**
 * Books many deductions of one event type at once, all or nothing: if any member's balance
 * cannot cover theirs, nothing is written and the members short are returned. Lots are taken
 * soonest-expiry first per member, as for single deductions.
 */
export async function postDeductions(
  tx: Tx, actor: Actor,
  input: { sourceType: SourceType; deductions: Deduction[]; batchId?: number | null; reason?: string | null },
): Promise<{ booked: number[]; short: { memberId: number; balance: number; needed: number }[] }> {
  const fresh: Deduction[] = [];
  if (new Set(input.deductions.map((d) => d.memberId)).size !== input.deductions.length) throw new Error('postDeductions takes one deduction per member');
  if (input.deductions.length) {
    const done = new Set((await rows<{ k: string }>(tx, sql`
      SELECT idempotency_key AS k FROM points_entries WHERE idempotency_key = ANY(${sql.param(input.deductions.map((d) => d.key))}::text[])`)).map((r) => r.k));
    for (const d of input.deductions) if (!done.has(d.key)) fresh.push(d);
  }
  if (!fresh.length) return { booked: [], short: [] };
  const col = <K extends keyof Deduction>(k: K) => sql.param(fresh.map((e) => e[k]));
  // Lock the accounts in member order (no deadlock with other batches), then check every balance.
  const accounts = await rows<{ member_id: number; balance: number }>(tx, sql`
    SELECT member_id, balance FROM points_accounts WHERE member_id = ANY(${col('memberId')}::int[]) ORDER BY member_id FOR UPDATE`);
  const balance = new Map(accounts.map((a) => [a.member_id, a.balance]));
  const short = fresh.filter((d) => (balance.get(d.memberId) ?? 0) < d.points)
    .map((d) => ({ memberId: d.memberId, balance: balance.get(d.memberId) ?? 0, needed: d.points }));
  if (short.length) return { booked: [], short };
  const [r] = await rows<{ entries: number; taken: number; needed: number }>(tx, sql`
    WITH input AS (
      SELECT * FROM unnest(${col('memberId')}::int[], ${col('points')}::int[], ${col('key')}::text[], ${col('sourceId')}::bigint[])
        AS t(member_id, points, key, source_id)
    ),
    acc AS (
      UPDATE points_accounts a SET balance = a.balance - i.points, updated_at = now() FROM input i WHERE a.member_id = i.member_id
      RETURNING a.member_id
    ),
    e AS (
      INSERT INTO points_entries (member_id, amount, state, source_type, source_id, idempotency_key, fingerprint, batch_id, reason,
                                  actor_kind, actor_id, actor_name, request_id, posted_at)
      SELECT member_id, -points, 'posted', ${input.sourceType}, source_id, key,
             member_id || '|' || (-points) || '|' || ${input.sourceType}::text || '|' || source_id || '||posted',
             ${input.batchId ?? null}::int, ${input.reason ?? null}, ${actor.kind}, ${actor.id}::int, ${actor.name}, ${actor.requestId ?? null}, now()
      FROM input
      RETURNING id, member_id, -amount AS need
    ),
    ordered AS (
      SELECT l.id, l.remaining, e.id AS entry_id, e.need,
        coalesce(sum(l.remaining) OVER (PARTITION BY l.member_id ORDER BY l.expires_at ASC NULLS LAST, l.earned_at, l.id
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
      FROM points_lots l JOIN e ON e.member_id = l.member_id WHERE l.remaining > 0
    ),
    take AS (SELECT id, entry_id, LEAST(remaining, need - before) AS amt FROM ordered WHERE before < need),
    upd AS (UPDATE points_lots l SET remaining = l.remaining - take.amt FROM take WHERE l.id = take.id RETURNING l.id, take.amt, take.entry_id),
    ins AS (INSERT INTO points_consumptions (entry_id, lot_id, amount) SELECT entry_id, id, amt FROM upd RETURNING amount)
    SELECT (SELECT count(*) FROM e) AS entries, (SELECT coalesce(sum(amount), 0) FROM ins) AS taken, (SELECT coalesce(sum(need), 0) FROM e) AS needed`);
  if (Number(r.entries) !== fresh.length || Number(r.taken) !== Number(r.needed)) {
    throw new Error(`ledger: bulk deduction inconsistent (entries ${r.entries}/${fresh.length}, lots gave ${r.taken} of ${r.needed})`);
  }
  return { booked: fresh.map((d) => d.memberId), short: [] };
}
