// 批量积分: one business event, many members (e.g. 10 000 card numbers pasted or uploaded).
// Every line is checked before anything is stored (all or nothing at submission); the batch then
// runs as a job in chunks, each chunk one transaction that also moves the batch's cursor. Each
// member's entry has the key batch:<id>:<member>, so a process killed mid-chunk loses that chunk's
// uncommitted work only, and a resumed run (this process or another) never books anyone twice.
import { desc, eq, sql as dsql } from 'drizzle-orm';
import type pg from 'pg';
import type { Db, Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';
import { AppError, invalidField, notFound, refused, type FieldIssue } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { participatedMembers } from '../activities/service.ts';
import type { Actor } from '../auth/actor.ts';
import { normaliseCardNo } from '../cards/service.ts';
import { postDeductions, postEarnings } from './bulk.ts';
import { checkSource, maxPoints, type SourceType } from './ledger.ts';
import { memberLabels } from './members.ts';
import { pointsBatches } from './schema.ts';
import './messages.ts';

export type Batch = typeof pointsBatches.$inferSelect;

export const batchSourceTypes = ['activity', 'care', 'complaint'] as const;
export const maxBatchMembers = 100_000;

export interface BatchInput {
  /** card numbers or member numbers, one per line */
  lines: string[];
  /** signed points per member */
  amount: number;
  sourceType: string;
  sourceId: number;
  reason?: string | null;
  idempotencyKey?: string | null;
}

export interface BatchLineSummary {
  lines: number;
  blank: number;
  /** members named more than once: credited once */
  duplicates: number;
  byCard: number;
  byMemberNo: number;
}

/**
 * Checks every line and stores the batch (queued). Unknown numbers, archived members and — for a
 * deduction — members whose balance cannot cover it make a 400 naming each line; nothing is stored.
 */
export async function createBatch(tx: Tx, actor: Actor, input: BatchInput): Promise<Batch> {
  if (!Number.isSafeInteger(input.amount) || input.amount === 0 || Math.abs(input.amount) > maxPoints) throw invalidField('amount', 'points.amountInvalid', { max: maxPoints });
  if (!(batchSourceTypes as readonly string[]).includes(input.sourceType)) {
    throw invalidField('sourceType', 'points.manualSourceNotAllowed', { type: `entity.pointsSource.${input.sourceType}` });
  }
  if (input.idempotencyKey) {
    const [done] = await tx.select().from(pointsBatches).where(eq(pointsBatches.idempotencyKey, input.idempotencyKey));
    if (done) {
      if (done.amount !== input.amount || done.sourceType !== input.sourceType || done.sourceId !== input.sourceId) throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'error.idempotencyMismatch');
      return done;
    }
  }
  // the event is one for many members: its module checks it without a member (0)
  await checkSource(tx, actor, input.sourceType, input.sourceId, 0);
  if (input.lines.length > maxBatchMembers * 2) throw invalidField('lines', 'batch.tooMany', { max: maxBatchMembers });
  const values = input.lines.map((l) => normaliseCardNo(l));
  const wanted = [...new Set(values.filter(Boolean))];
  if (!wanted.length) throw invalidField('lines', 'batch.empty');
  const found = await rows<{ value: string; memberId: number; status: string; byCard: boolean; balance: number }>(tx, sql`
    WITH v AS (SELECT unnest(${sql.param(wanted)}::text[]) AS value),
    hit AS (
      SELECT v.value, c.member_id, true AS by_card FROM v JOIN cards c ON c.card_no = v.value AND c.status = 'active'
      UNION ALL
      SELECT v.value, m.id, false FROM v JOIN members m ON m.member_no = v.value
    )
    SELECT DISTINCT ON (hit.value) hit.value, hit.member_id AS "memberId", m.status, hit.by_card AS "byCard", coalesce(a.balance, 0) AS balance
    FROM hit JOIN members m ON m.id = hit.member_id LEFT JOIN points_accounts a ON a.member_id = hit.member_id
    ORDER BY hit.value, hit.by_card DESC`);
  const byValue = new Map(found.map((f) => [f.value, f]));
  // points added for an activity: only members who took part (the rule of points/service.ts)
  const attended = input.sourceType === 'activity' && input.amount > 0
    ? await participatedMembers(tx, input.sourceId, found.map((f) => f.memberId))
    : null;
  const issues: FieldIssue[] = [];
  const badLines: number[] = [];
  const memberIds: number[] = [];
  const seen = new Set<number>();
  const summary: BatchLineSummary = { lines: values.length, blank: 0, duplicates: 0, byCard: 0, byMemberNo: 0 };
  values.forEach((v, i) => {
    if (!v) { summary.blank++; return; }
    const f = byValue.get(v);
    let key: string | null = null;
    let params: Record<string, unknown> = { value: input.lines[i].trim() };
    if (!f) key = 'batch.lineUnknown';
    else if (f.status === 'archived') key = 'batch.lineArchived';
    else if (attended && !attended.has(f.memberId)) key = 'batch.lineNotParticipant';
    else if (input.amount < 0 && f.balance < -input.amount && !seen.has(f.memberId)) { key = 'batch.lineShort'; params = { balance: f.balance, needed: -input.amount }; }
    if (key) {
      badLines.push(i + 1);
      if (issues.length < 200) issues.push({ field: `lines.${i}`, key, params });
      return;
    }
    if (seen.has(f!.memberId)) { summary.duplicates++; return; }
    seen.add(f!.memberId);
    memberIds.push(f!.memberId);
    if (f!.byCard) summary.byCard++; else summary.byMemberNo++;
  });
  if (badLines.length) {
    const shown = badLines.slice(0, 10).join(', ') + (badLines.length > 10 ? ' …' : '');
    throw new AppError(400, 'BATCH_LINES_INVALID', 'batch.badLines', { lines: shown, count: badLines.length }, issues);
  }
  if (memberIds.length > maxBatchMembers) throw invalidField('lines', 'batch.tooMany', { max: maxBatchMembers });
  const [batch] = await tx.insert(pointsBatches).values({
    amount: input.amount, sourceType: input.sourceType, sourceId: input.sourceId, reason: input.reason ?? null,
    memberIds, total: memberIds.length, idempotencyKey: input.idempotencyKey ?? null, inputSummary: { ...summary },
    actorKind: actor.kind, actorId: actor.id, actorName: actor.name,
  }).returning();
  await recordAudit(tx, actor, {
    action: 'points.batch.create', entityType: 'pointsBatch', entityId: batch.id,
    facts: { amount: input.amount, sourceType: input.sourceType, sourceId: input.sourceId, members: memberIds.length, ...summary },
  });
  return batch;
}

/** The batch without its member list (which can hold 100 000 ids), with its progress. */
export async function getBatch(tx: Tx, id: number) {
  const [b] = await tx.select({
    id: pointsBatches.id, amount: pointsBatches.amount, sourceType: pointsBatches.sourceType, sourceId: pointsBatches.sourceId,
    reason: pointsBatches.reason, total: pointsBatches.total, processed: pointsBatches.processed, status: pointsBatches.status,
    error: pointsBatches.error, inputSummary: pointsBatches.inputSummary, actorName: pointsBatches.actorName,
    createdAt: pointsBatches.createdAt, startedAt: pointsBatches.startedAt, finishedAt: pointsBatches.finishedAt,
  }).from(pointsBatches).where(eq(pointsBatches.id, id));
  if (!b) throw notFound('pointsBatch', id);
  const [{ posted }] = await rows<{ posted: number }>(tx, sql`SELECT count(*) AS posted FROM points_entries WHERE batch_id = ${id} AND corrects_entry_id IS NULL`);
  return { ...b, posted: Number(posted), percent: b.total ? Math.floor((b.processed * 100) / b.total) : 100 };
}

export async function listBatches(tx: Tx, q: { page: number; pageSize: number }) {
  const items = await tx.select({ id: pointsBatches.id }).from(pointsBatches).orderBy(desc(pointsBatches.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await tx.select({ total: dsql<number>`count(*)::int` }).from(pointsBatches);
  return { items: await Promise.all(items.map((i) => getBatch(tx, i.id))), total, page: q.page, pageSize: q.pageSize };
}

class BatchRefused extends Error {
  constructor(readonly short: { memberId: number; balance: number; needed: number }) {
    super('batch chunk refused');
  }
}

const runningHere = new Set<number>();

export interface RunOptions {
  chunkSize?: number;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * Runs a queued or interrupted batch to its end, one chunk per transaction. Only one runner works
 * on a batch at a time (an advisory lock on PostgreSQL, held by the runner's connection: a killed
 * process releases it). Returns the batch's status afterwards, or 'busy' if another runner has it.
 */
export async function runBatch(db: Db, id: number, opts: RunOptions = {}): Promise<string> {
  const chunk = opts.chunkSize ?? (db.engine === 'postgres' ? 5000 : 1000);
  let client: pg.PoolClient | null = null;
  if (db.engine === 'postgres') {
    client = await db.pool!.connect();
    const [{ locked }] = (await client.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [`points-batch:${id}`])).rows;
    if (!locked) { client.release(); return 'busy'; }
  } else {
    if (runningHere.has(id)) return 'busy';
    runningHere.add(id);
  }
  try {
    for (let attempt = 0; ;) {
      let step: string;
      try {
        step = await db.transaction((tx) => runChunk(tx, id, chunk));
      } catch (e) {
        if (e instanceof BatchRefused) {
          await db.transaction((tx) => failBatch(tx, id, e.short));
          return 'failed';
        }
        // a deadlock with another batch over the same accounts: the chunk rolled back; try it again
        if ((e as { code?: string }).code === '40P01' && attempt++ < 5) continue;
        throw e;
      }
      if (step !== 'more') return step;
      if (db.engine === 'pglite') await new Promise((r) => setImmediate(r)); // let requests in between chunks
    }
  } finally {
    if (client) {
      await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`points-batch:${id}`]).catch(() => {});
      client.release();
    } else runningHere.delete(id);
  }
}

async function runChunk(tx: Tx, id: number, chunk: number): Promise<string> {
  const [b] = await rows<{
    status: string; processed: number; total: number; amount: number; source_type: string; source_id: number; reason: string | null;
    actor_kind: Actor['kind']; actor_id: number | null; actor_name: string; slice: number[] | null;
  }>(tx, sql`
    SELECT status, processed, total, amount, source_type, source_id, reason, actor_kind, actor_id, actor_name,
           member_ids[processed + 1 : processed + ${chunk}] AS slice
    FROM points_batches WHERE id = ${id} FOR UPDATE`);
  if (!b) throw notFound('pointsBatch', id);
  if (b.status !== 'queued' && b.status !== 'running') return b.status;
  const slice = b.slice ?? [];
  // entries carry who asked for the batch
  const actor: Actor = { kind: b.actor_kind, id: b.actor_id, name: b.actor_name, department: null, permissions: new Set(), dataScope: 'own' };
  const sourceType = b.source_type as SourceType;
  if (slice.length) {
    if (b.amount > 0) {
      await postEarnings(tx, actor, {
        sourceType, batchId: id, reason: b.reason,
        earnings: slice.map((m) => ({ memberId: m, amount: b.amount, key: `batch:${id}:${m}`, sourceId: b.source_id })),
      });
    } else {
      const r = await postDeductions(tx, actor, {
        sourceType, batchId: id, reason: b.reason,
        deductions: slice.map((m) => ({ memberId: m, points: -b.amount, key: `batch:${id}:${m}`, sourceId: b.source_id })),
      });
      if (r.short.length) throw new BatchRefused(r.short[0]);
    }
  }
  const processed = b.processed + slice.length;
  const done = processed >= b.total;
  await rows(tx, sql`
    UPDATE points_batches SET processed = ${processed}, status = ${done ? 'done' : 'running'},
      started_at = coalesce(started_at, now()), finished_at = ${done ? sql`now()` : null}
    WHERE id = ${id}`);
  if (done) {
    await recordAudit(tx, actor, { action: 'points.batch.done', entityType: 'pointsBatch', entityId: id, facts: { total: b.total } });
  }
  return done ? 'done' : 'more';
}

async function failBatch(tx: Tx, id: number, short: { memberId: number; balance: number; needed: number }) {
  const labels = await memberLabels(tx, [short.memberId]);
  const error = { code: 'INSUFFICIENT_POINTS', memberId: short.memberId, memberNo: labels.get(short.memberId)?.memberNo ?? null, balance: short.balance, needed: short.needed };
  await rows(tx, sql`UPDATE points_batches SET status = 'failed', error = ${JSON.stringify(error)}::jsonb WHERE id = ${id}`);
  await recordAudit(tx, { kind: 'system', id: null, name: 'points batch job', department: null, permissions: new Set(), dataScope: 'all' }, {
    action: 'points.batch.failed', entityType: 'pointsBatch', entityId: id, facts: error,
  });
}

async function lockBatch(tx: Tx, id: number) {
  const [b] = await tx.select({ id: pointsBatches.id, status: pointsBatches.status }).from(pointsBatches).where(eq(pointsBatches.id, id)).for('update');
  if (!b) throw notFound('pointsBatch', id);
  return b;
}

/** A failed batch goes on from where it stopped (e.g. once the member short of points has them). */
export async function resumeBatch(tx: Tx, actor: Actor, id: number) {
  const b = await lockBatch(tx, id);
  if (b.status !== 'failed') throw refused('BATCH_NOT_FAILED', 'batch.notFailed', { action: 'entity.action.resume', status: `entity.batchStatus.${b.status}` });
  await rows(tx, sql`UPDATE points_batches SET status = 'queued', error = NULL WHERE id = ${id}`);
  await recordAudit(tx, actor, { action: 'points.batch.resume', entityType: 'pointsBatch', entityId: id, before: { status: 'failed' }, after: { status: 'queued' } });
  return getBatch(tx, id);
}

/**
 * A failed deduction batch is undone: every point it took goes back to the exact lots, in bulk;
 * the batch ends as reverted — all or nothing.
 */
export async function revertBatch(tx: Tx, actor: Actor, id: number) {
  const b = await lockBatch(tx, id);
  if (b.status !== 'failed') throw refused('BATCH_NOT_FAILED', 'batch.notFailed', { action: 'entity.action.revert', status: `entity.batchStatus.${b.status}` });
  const [r] = await rows<{ refunds: number; restored: number; points: number }>(tx, sql`
    WITH orig AS (
      SELECT id, member_id, amount, source_type, source_id FROM points_entries p
      WHERE p.batch_id = ${id} AND p.state = 'posted' AND p.amount < 0 AND p.corrects_entry_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM points_entries c WHERE c.corrects_entry_id = p.id)
      ORDER BY member_id FOR UPDATE
    ),
    e AS (
      INSERT INTO points_entries (member_id, amount, state, source_type, source_id, idempotency_key, fingerprint, corrects_entry_id, batch_id, reason,
                                  actor_kind, actor_id, actor_name, request_id, posted_at)
      SELECT member_id, -amount, 'posted', source_type, source_id, 'batch:' || ${id}::text || ':revert:' || id,
             member_id || '|' || (-amount) || '|' || source_type || '|' || source_id || '|' || id || '|posted', id, ${id}::int, ${'撤回批次'},
             ${actor.kind}, ${actor.id}::int, ${actor.name}, ${actor.requestId ?? null}, now()
      FROM orig
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING id, member_id, amount, corrects_entry_id
    ),
    acc AS (
      UPDATE points_accounts a SET balance = a.balance + x.s, updated_at = now()
      FROM (SELECT member_id, sum(amount) AS s FROM e GROUP BY member_id) x WHERE a.member_id = x.member_id RETURNING a.member_id
    ),
    moves AS (SELECT c.lot_id, c.amount, e.id AS refund_id FROM points_consumptions c JOIN e ON c.entry_id = e.corrects_entry_id),
    lots AS (
      UPDATE points_lots l SET remaining = l.remaining + x.s FROM (SELECT lot_id, sum(amount) AS s FROM moves GROUP BY lot_id) x
      WHERE l.id = x.lot_id RETURNING l.id
    ),
    ins AS (INSERT INTO points_consumptions (entry_id, lot_id, amount) SELECT refund_id, lot_id, -amount FROM moves RETURNING amount),
    rev AS (UPDATE points_entries p SET state = 'reversed' FROM e WHERE p.id = e.corrects_entry_id RETURNING p.id)
    SELECT (SELECT count(*) FROM e) AS refunds, (SELECT coalesce(-sum(amount), 0) FROM ins) AS restored,
           (SELECT coalesce(sum(amount), 0) FROM e) AS points, (SELECT count(*) FROM rev) AS reversed`);
  if (Number(r.restored) !== Number(r.points)) throw new Error(`ledger: batch ${id} revert gave back ${r.restored} of ${r.points} points to lots`);
  await rows(tx, sql`UPDATE points_batches SET status = 'reverted', finished_at = now() WHERE id = ${id}`);
  await recordAudit(tx, actor, { action: 'points.batch.revert', entityType: 'pointsBatch', entityId: id, facts: { refunds: Number(r.refunds), points: Number(r.points) } });
  return getBatch(tx, id);
}

/** The job: runs every batch left queued or interrupted (a crash, a restart). */
export async function runOpenBatches(db: Db, opts: RunOptions = {}): Promise<number> {
  const open = await rows<{ id: number }>(db.db, sql`SELECT id FROM points_batches WHERE status IN ('queued', 'running') ORDER BY id`);
  for (const b of open) {
    try {
      await runBatch(db, b.id, opts);
    } catch (err) {
      opts.log?.error({ err, batch: b.id }, 'points batch failed to run');
    }
  }
  return open.length;
}
