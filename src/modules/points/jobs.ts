// Background work of the points module, run by every process with jobs on (one at a time per job,
// under the scheduler's lock): batches left queued or interrupted, expiry and reminders, purchase
// points owed to customers who have since become members, the statistics' summaries.
import { registerJob } from '../../jobs/scheduler.ts';
import { systemActor } from '../auth/actor.ts';
import { runOpenBatches } from './batches.ts';
import { expirePoints, remindPoints } from './expiry.ts';
import { claimWaitingPurchasePoints } from './service.ts';
import { summarisePoints } from './summary.ts';

registerJob({
  name: 'points-batches',
  everyMs: 3000,
  run: async ({ db, config, log }) => ({ batches: await runOpenBatches(db, { chunkSize: config.pointsBatchChunk, log }) }),
});

// Hourly: each run expires what is due and sends what is due, so a missed hour (a restart) is caught up.
// Run as of a day, lots expiring before that day's first moment (company time zone) expire.
registerJob({
  name: 'points-expiry',
  everyMs: 60 * 60 * 1000,
  dated: true,
  async run({ db, log, asOf }) {
    const expired = await expirePoints(db, asOf);
    const reminded = await remindPoints(db, asOf);
    if (expired.entries || reminded.expiry || reminded.balance) log.info({ expired, reminded }, 'points expiry and reminders');
    return { expired, reminded };
  },
});

registerJob({
  name: 'purchase-points-due',
  everyMs: 60 * 1000,
  async run({ db, log }) {
    const n = await db.transaction((tx) => claimWaitingPurchasePoints(tx, systemActor('purchase points job')));
    if (n) log.info({ posted: n }, 'purchase points posted for new members');
    return { posted: n };
  },
});

// Every ten minutes: the days that ended into the daily summary, and the liability snapshot (statistics, dashboard)
registerJob({
  name: 'points-summary',
  everyMs: 10 * 60 * 1000,
  async run({ db }) { return summarisePoints(db, new Date()); },
});
