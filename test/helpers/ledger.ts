// The ledger invariant as a test assertion: every ledger test ends with it.
import { expect } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { verifyLedger } from '../../src/modules/points/verify.ts';

export async function expectLedgerConsistent(db: Pick<Db, 'db'>) {
  const report = await verifyLedger(db.db);
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  return report;
}
