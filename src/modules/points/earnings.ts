// 积分入账, the hot path: many members earning points for activities at once (a door reader at an
// event, 16 cashiers swiping cards). Earnings that arrive while earlier ones are in the database
// go together in one transaction of two statements: keys claimed, card and member and event
// checked, entries, balances and lots written, replies remembered and audit lines added — for
// all of them at once. The result for each request is exactly what the one-at-a-time path
// (postManual through ctx.act) gives: same entry, same balance, same remembered reply, same audit
// line. Whatever the shared statement did not write (a replay, an archived member, an unknown
// card, an event not open, a member who did not take part in the activity) is answered by that
// one-at-a-time path, with its own error message.
// The route may run on a caller remembered from an earlier request (config.rememberActor): the
// statement then writes only if auth_epoch has not moved since, else the caller is looked up afresh.
import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../db/index.ts';
import { rowsPrepared, sql } from '../../db/index.ts';
import { coalescer } from '../../db/coalesce.ts';
import { keyScope, idempotencyKeyOf, requestHash } from '../../http/idempotency.ts';
import { activityOpenSql, participatedSql } from '../activities/service.ts';
import { auditLinesSql } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { proposeUpgrades, upgradeMaybeDueSql } from '../cards/levels.ts';
import { entryColumns, lotExpiry, newKey, toEntry, type Posted, type RawEntry } from './ledger.ts';
import { normaliseCardNo, type ManualInput } from './service.ts';

interface Earning {
  actor: Actor;
  memberId: number | null;
  cardNo: string | null;
  /** as the request gave it, for the audit line */
  givenCardNo: string | null;
  amount: number;
  sourceId: number;
  reason: string | null;
  entryKey: string;
  /** a remembered caller's credentials version: the statement writes only if it has not moved */
  authEpoch: number | null;
  /** the request's Idempotency-Key, claimed with the entry */
  claim: { scope: string; key: string; hash: string } | null;
}

/** Earnings this path takes: points added for an approved activity by a caller who sees every member. */
export function isCoalescable(actor: Actor, input: Pick<ManualInput, 'amount' | 'sourceType' | 'sourceId'>): boolean {
  return input.amount > 0 && input.sourceType === 'activity' && !!input.sourceId && actor.dataScope === 'all';
}

/**
 * The writer of one app (one database): `post(req, input, entryKey)` resolves to the posting, or
 * to null when the request must take the one-at-a-time path (it then gets that path's answer).
 */
export function earningsWriter(db: Db, { maxBatch = 100, maxInFlight = 2 } = {}) {
  const write = coalescer<Earning, Posted | null>((items) => db.transaction((tx) => writeTogether(tx, items)), { maxBatch, maxInFlight });
  return async function post(req: FastifyRequest, input: ManualInput, entryKey: string | null): Promise<Posted | null> {
    const actor = req.actor!;
    const key = idempotencyKeyOf(req);
    const item: Earning = {
      actor, memberId: input.memberId ?? null, cardNo: input.cardNo ? normaliseCardNo(input.cardNo) : null, givenCardNo: input.cardNo ?? null,
      amount: input.amount, sourceId: input.sourceId!, reason: input.reason ?? null, entryKey: entryKey ?? newKey(),
      claim: key ? { scope: keyScope(actor), key, hash: requestHash(req) } : null,
      authEpoch: actor.remembered ? actor.authEpoch ?? -1 : null,
    };
    try {
      return await write(item);
    } catch (e) {
      // A transaction that failed as a whole (a deadlock with another writer, a lost connection)
      // is safe to repeat one at a time when the request has a key: if it did commit, that is a replay.
      const code = (e as { code?: string }).code;
      if (item.claim || code === '40P01' || code === '40001') return null;
      throw e;
    }
  };
}

async function writeTogether(tx: Tx, all: Earning[]): Promise<(Posted | null)[]> {
  // the same key twice in one go (a client's retry racing its first try): the first goes, the second replays it
  const seen = new Set<string>();
  const ords = all.map((_, i) => i).filter((i) => !seen.has(all[i].entryKey) && !!seen.add(all[i].entryKey));
  const items = ords.map((i) => all[i]);
  const col = <V>(f: (x: Earning) => V) => sql.param(items.map(f));
  const result = await rowsPrepared<{ item: number; claimed: boolean; id: number | null; balance: number; upgradeDue: boolean; lots: number } & RawEntry>(tx, 'points_earn_together', sql`
    WITH input AS (
      SELECT * FROM unnest(${sql.param(ords)}::int[], ${col((x) => x.memberId)}::int[], ${col((x) => x.cardNo)}::text[],
        ${col((x) => x.amount)}::int[], ${col((x) => x.sourceId)}::bigint[], ${col((x) => x.entryKey)}::text[], ${col((x) => x.reason)}::text[],
        ${col((x) => x.actor.kind)}::text[], ${col((x) => x.actor.id)}::int[], ${col((x) => x.actor.name)}::text[], ${col((x) => x.actor.requestId ?? null)}::text[],
        ${col((x) => x.claim?.scope ?? null)}::text[], ${col((x) => x.claim?.key ?? null)}::text[], ${col((x) => x.claim?.hash ?? null)}::text[],
        ${col((x) => x.authEpoch)}::bigint[])
      AS i(ord, member_id, card_no, amount, source_id, entry_key, reason, actor_kind, actor_id, actor_name, request_id, claim_scope, claim_key, claim_hash, auth_epoch)
    ),
    claimed AS (
      INSERT INTO idempotency_keys (scope, key, request_hash)
      SELECT claim_scope, claim_key, claim_hash FROM input WHERE claim_key IS NOT NULL ORDER BY claim_scope, claim_key
      ON CONFLICT DO NOTHING RETURNING scope, key
    ),
    ok AS (
      SELECT i.*, coalesce(c.member_id, i.member_id) AS mid
      FROM input i LEFT JOIN cards c ON i.card_no IS NOT NULL AND c.card_no = i.card_no AND c.status = 'active'
      WHERE (i.auth_epoch IS NULL OR i.auth_epoch = (SELECT n FROM auth_epoch WHERE id = 1))
        AND (i.claim_key IS NULL OR EXISTS (SELECT 1 FROM claimed k WHERE k.scope = i.claim_scope AND k.key = i.claim_key))
        AND (i.card_no IS NULL OR c.member_id IS NOT NULL)
        AND (i.member_id IS NULL OR i.card_no IS NULL OR c.member_id = i.member_id)
        AND EXISTS (SELECT 1 FROM members m WHERE m.id = coalesce(c.member_id, i.member_id) AND m.status <> 'archived')
        -- the activity is open and the member took part in it (the activities module's conditions, as points/service.ts checks them)
        AND ${activityOpenSql(sql`i.source_id`)} AND ${participatedSql(sql`i.source_id`, sql`coalesce(c.member_id, i.member_id)`)}
    ),
    e AS (
      INSERT INTO points_entries (member_id, amount, state, source_type, source_id, idempotency_key, fingerprint,
        reason, actor_kind, actor_id, actor_name, request_id, posted_at)
      -- the fingerprint as ledger.ts fingerprintOf writes it: member|amount|type|event|corrects|state
      SELECT mid, amount, 'posted', 'activity', source_id, entry_key, concat_ws('|', mid, amount, 'activity', source_id, '', 'posted'),
        reason, actor_kind, actor_id, actor_name, request_id, now()
      FROM ok ORDER BY mid, ord
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING ${entryColumns}
    ),
    a AS (
      INSERT INTO points_accounts AS pa (member_id, balance)
      SELECT "memberId", sum(amount) FROM e GROUP BY "memberId" ORDER BY "memberId"
      ON CONFLICT (member_id) DO UPDATE SET balance = pa.balance + excluded.balance, updated_at = now()
      RETURNING member_id, balance
    ),
    l AS (
      INSERT INTO points_lots (member_id, entry_id, amount, remaining, earned_at, expires_at)
      SELECT e."memberId", e.id, e.amount, e.amount, now(), ${lotExpiry(sql`now()`)} FROM e, points_settings s WHERE s.id = 1
      RETURNING entry_id
    ),
    w AS (
      SELECT e.*, ok.ord,
        -- each entry's balance after it: the account's new balance less what later entries of the same member added
        a.balance - coalesce(sum(e.amount) OVER (PARTITION BY e."memberId" ORDER BY e.id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0) AS balance,
        ${upgradeMaybeDueSql(sql`e."memberId"`, sql`a.balance`)} AS "upgradeDue"
      FROM e JOIN a ON a.member_id = e."memberId" JOIN ok ON ok.entry_key = e."idempotencyKey"
    )
    SELECT i.ord AS item, k.key IS NOT NULL AS claimed, w.*, (SELECT count(*) FROM l) AS lots
    FROM input i LEFT JOIN claimed k ON k.scope = i.claim_scope AND k.key = i.claim_key LEFT JOIN w ON w.ord = i.ord`);
  const written = result.filter((r) => r.id != null);
  if (written.length && Number(written[0].lots) !== written.length) throw new Error('points settings row is missing: lots not created');
  const out: (Posted | null)[] = all.map(() => null);
  for (const { item, claimed: _c, ord: _o, balance, upgradeDue: _u, lots: _l, ...entry } of written as (typeof written[number] & { ord: number })[]) {
    out[item] = { entry: toEntry(entry as RawEntry), replayed: false, balance: Number(balance) };
  }
  const claimedByUs = new Set(result.filter((r) => r.claimed).map((r) => r.item));
  // remember the replies of the keys claimed and written; free the keys claimed but not written
  // (the one-at-a-time path answers those); one audit line per entry, as postManual writes it
  const done = all.map((x, i) => ({ x, posted: out[i], ours: claimedByUs.has(i) }));
  const replied = done.filter((d) => d.ours && d.posted);
  const freed = done.filter((d) => d.ours && !d.posted);
  const audited = done.filter((d) => d.posted).map(({ x, posted }) => ({
    actor: x.actor,
    input: {
      action: 'points.add', entityType: 'pointsEntry', entityId: posted!.entry.id,
      facts: { memberId: posted!.entry.memberId, amount: x.amount, sourceType: 'activity', sourceId: x.sourceId, cardNo: x.givenCardNo, reason: x.reason, state: 'posted' },
    },
  }));
  const p = <V>(list: typeof done, f: (d: (typeof done)[number]) => V) => sql.param(list.map(f));
  await rowsPrepared(tx, 'points_earn_together_replies', sql`
    WITH r AS (
      UPDATE idempotency_keys k SET reply = x.reply::jsonb
      FROM unnest(${p(replied, (d) => d.x.claim!.scope)}::text[], ${p(replied, (d) => d.x.claim!.key)}::text[], ${p(replied, (d) => JSON.stringify(d.posted))}::text[]) AS x(scope, key, reply)
      WHERE k.scope = x.scope AND k.key = x.key
    ),
    f AS (
      DELETE FROM idempotency_keys k USING unnest(${p(freed, (d) => d.x.claim!.scope)}::text[], ${p(freed, (d) => d.x.claim!.key)}::text[]) AS x(scope, key)
      WHERE k.scope = x.scope AND k.key = x.key
    )
    , au AS (${auditLinesSql(audited)})
    SELECT 1`);
  const due = written.filter((w) => w.upgradeDue).map((w) => w.memberId);
  if (due.length) await proposeUpgrades(tx, [...new Set(due)]);
  return out;
}
