// The model-based ledger test (issue 17): random sequences of earnings, deductions, redemptions,
// cancellations, deliveries, adjustments approved or rejected, corrections, expiry with the clock
// moved ahead, validity changes and replays, through the HTTP API and through a reference model of
// SPEC §4 (test/helpers/ledger-model.ts); after every step both agree and verifyLedger holds.
// Bounded here (npm test); test/reliability/ledger-model.test.ts runs it longer on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from './helpers/app.ts';
import { expectLedgerConsistent } from './helpers/ledger.ts';
import {
  adjust, approve, cancel, correct, deduct, deliver, earn, expire, redeem, reject, runLedgerModel, runSequence, tally, validity, type Env,
} from './helpers/ledger-harness.ts';
import { approvedActivity } from './helpers/points.ts';

let t: TestApp;
let admin: Session;
let env: Env;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  env = { api: admin, db: t.db, activity: await approvedActivity(admin) };
});
afterAll(async () => { await t?.close(); });

describe('the ledger against a model of its rules', () => {
  it('random sequences of every kind of step: balances, lots, entries, redemptions and stock agree with the model after each', async () => {
    await runLedgerModel(env, { runs: Number(process.env.LEDGER_MODEL_RUNS ?? 6), maxCommands: 30, seed: process.env.LEDGER_MODEL_SEED ? Number(process.env.LEDGER_MODEL_SEED) : undefined });
    if (process.env.LEDGER_MODEL_STATS) console.log([...tally].sort().map(([k, n]) => `${n}\t${k}`).join('\n'));
    await expectLedgerConsistent(t.db);
    expect((await admin.get('/api/v1/points/settings')).body.timeZone).toBe('Asia/Shanghai');
  }, 1_800_000);
});

// Fixed sequences: shrunk counter-examples and the rules the issue named, run every time.
// Members: 0 normal card (100 base points), 1 VIP card (500), 2 no card and no points account.
// Plans: 0 costs 30, 1 costs 70 with a stock of 2, 2 costs 20 for VIP only. An entry is picked by
// its place among the run's entries (0: member 0's base points, 1: member 1's, then in order).
describe('fixed sequences', () => {
  it('a pending redemption\'s deduction is not corrected (cancel it instead); once delivered it may be, in part or whole', async () => {
    // once found by the random run (seed -251147272): a partial correction then a cancellation
    // refunded the whole redemption again (a 500); and a full correction left a redemption to
    // deliver for nothing whose cancellation was refused. Now a pending redemption's entry is not
    // corrected (422 REDEMPTION_PENDING, nothing changes) and the cancellation gives back all of it.
    await runSequence(env, [redeem(0, 0, 1), correct(2, 'part', 9), correct(2, 'full'), cancel(0), deliver(0), cancel(0)]);
    await runSequence(env, [redeem(0, 0, 1), earn(0, 1), correct(2, 'full'), deliver(0), correct(2, 'part', 9), correct(2, 'full'), cancel(0), correct(2, 'part', 1)]);
  }, 300_000);

  it('points given back for an expiry come back as a fresh lot with a new expiry, not into the expired lot', async () => {
    // the random run found it (seed 120240836) with bookLots giving expiry refunds back to the expired lot
    await runSequence(env, [validity(1), earn(0, 40), expire(60), correct(3, 'part', 14), expire(1), correct(3, 'full'), expire(60)]);
  }, 300_000);

  it('a second partial correction of the same entry may take back only what the first left', async () => {
    await runSequence(env, [earn(0, 100), correct(2, 'part', 29), correct(2, 'over', 0), correct(2, 'sameSign', 5), correct(2, 'part', 69), correct(2, 'full')]);
  }, 300_000);

  it('level-restricted plans, the exact balance, and an approval for a member with no points account', async () => {
    await runSequence(env, [
      redeem(1, 2, 1), redeem(0, 2, 1), redeem(2, 2, 1), deduct(0, 40), redeem(0, 0, 2), deduct(0, 1),
      adjust(2, 50), approve(3), adjust(2, -51), approve(4), reject(4), reject(4, true),
    ]);
  }, 300_000);
});
