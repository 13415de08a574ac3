// 对账: the ledger's invariant, checked over every account. Used by the CLI
// (`clubcrm verify-ledger`), by an administrator's API call and after every ledger test.
import type { Tx } from '../../db/index.ts';
import { rows, sql } from '../../db/index.ts';

export interface LedgerProblem {
  /** balance≠entries, balance≠lots, negative balance, lot out of range, lot≠consumptions, entry without lot moves, pending with lot moves */
  kind: string;
  memberId: number | null;
  id: number | null;
  expected: number | null;
  actual: number | null;
}

export interface LedgerReport {
  ok: boolean;
  accounts: number;
  entries: number;
  lots: number;
  /** Σ balances: the points members hold (the liability) */
  outstanding: number;
  problems: LedgerProblem[];
}

/**
 * Proves, for every account: balance = Σ booked entries (posted and reversed) = Σ remaining of
 * its lots, no negative balance, every lot within 0…amount and equal to its amount less what
 * entries took from it, every booked entry fully reflected in lots (an earning's lot, or the lot
 * moves of a deduction or refund), and no pending or rejected entry touching a lot.
 */
export async function verifyLedger(tx: Tx, opts: { limit?: number } = {}): Promise<LedgerReport> {
  const limit = opts.limit ?? 1000;
  const problems = await rows<LedgerProblem>(tx, sql`
    WITH e AS (SELECT member_id, sum(amount) AS s FROM points_entries WHERE state IN ('posted', 'reversed') GROUP BY member_id),
    l AS (SELECT member_id, sum(remaining) AS s FROM points_lots GROUP BY member_id),
    m AS (SELECT member_id FROM points_accounts UNION SELECT member_id FROM e UNION SELECT member_id FROM l),
    accounts AS (
      SELECT m.member_id, a.balance, coalesce(e.s, 0) AS entries, coalesce(l.s, 0) AS lots
      FROM m LEFT JOIN points_accounts a ON a.member_id = m.member_id LEFT JOIN e ON e.member_id = m.member_id LEFT JOIN l ON l.member_id = m.member_id
    ),
    lot_moves AS (SELECT lot_id, sum(amount) AS taken FROM points_consumptions GROUP BY lot_id),
    entry_moves AS (SELECT entry_id, sum(amount) AS moved FROM points_consumptions GROUP BY entry_id)
    SELECT 'balance≠entries' AS kind, member_id AS "memberId", NULL::bigint AS id, entries AS expected, coalesce(balance, 0) AS actual
      FROM accounts WHERE coalesce(balance, 0) <> entries
    UNION ALL
    SELECT 'balance≠lots', member_id, NULL, lots, coalesce(balance, 0) FROM accounts WHERE coalesce(balance, 0) <> lots
    UNION ALL
    SELECT 'negative balance', member_id, NULL, 0, balance FROM accounts WHERE balance < 0
    UNION ALL
    SELECT 'lot out of range', l.member_id, l.id, l.amount, l.remaining FROM points_lots l WHERE l.remaining < 0 OR l.remaining > l.amount
    UNION ALL
    SELECT 'lot≠consumptions', l.member_id, l.id, l.amount - coalesce(m.taken, 0), l.remaining
      FROM points_lots l LEFT JOIN lot_moves m ON m.lot_id = l.id WHERE l.remaining <> l.amount - coalesce(m.taken, 0)
    UNION ALL
    SELECT 'earning≠lot', x.member_id, x.id, x.amount, coalesce(lt.amount, 0) + coalesce(-em.moved, 0)
      FROM points_entries x LEFT JOIN points_lots lt ON lt.entry_id = x.id LEFT JOIN entry_moves em ON em.entry_id = x.id
      WHERE x.state IN ('posted', 'reversed') AND x.amount > 0 AND coalesce(lt.amount, 0) + coalesce(-em.moved, 0) <> x.amount
    UNION ALL
    SELECT 'deduction≠lot moves', x.member_id, x.id, -x.amount, coalesce(em.moved, 0)
      FROM points_entries x LEFT JOIN entry_moves em ON em.entry_id = x.id
      WHERE x.state IN ('posted', 'reversed') AND x.amount < 0 AND coalesce(em.moved, 0) <> -x.amount
    UNION ALL
    SELECT 'unbooked entry moved lots', x.member_id, x.id, 0, 1
      FROM points_entries x WHERE x.state IN ('pending', 'rejected')
        AND (EXISTS (SELECT 1 FROM points_lots lt WHERE lt.entry_id = x.id) OR EXISTS (SELECT 1 FROM points_consumptions c WHERE c.entry_id = x.id))
    LIMIT ${limit}`);
  const [c] = await rows<{ accounts: number; entries: number; lots: number; outstanding: number }>(tx, sql`
    SELECT (SELECT count(*) FROM points_accounts) AS accounts, (SELECT count(*) FROM points_entries) AS entries,
           (SELECT count(*) FROM points_lots) AS lots, (SELECT coalesce(sum(balance), 0) FROM points_accounts) AS outstanding`);
  return {
    ok: problems.length === 0,
    accounts: Number(c.accounts), entries: Number(c.entries), lots: Number(c.lots), outstanding: Number(c.outstanding),
    problems: problems.map((p) => ({ ...p, memberId: p.memberId == null ? null : Number(p.memberId), id: p.id == null ? null : Number(p.id), expected: p.expected == null ? null : Number(p.expected), actual: p.actual == null ? null : Number(p.actual) })),
  };
}
