// Background work of the cards module: sub cards lapse by themselves after their validity.
import type { Db } from '../../db/index.ts';
import { registerJob } from '../../jobs/scheduler.ts';
import { lapseSubCards } from './service.ts';

/** Lapses every sub card past its validity at `now`, a chunk per transaction. Tests pass `now`. */
export async function lapseCards(db: Db, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction((tx) => lapseSubCards(tx, now, db.engine === 'postgres' ? 5000 : 1000));
    total += n;
    if (n === 0) return total;
    if (db.engine === 'pglite') await new Promise((r) => setImmediate(r));
  }
}

registerJob({
  name: 'card-lapse',
  everyMs: 60 * 60 * 1000,
  dated: true,
  async run({ db, log, asOf }) {
    const n = await lapseCards(db, asOf);
    if (n) log.info({ lapsed: n }, 'sub cards lapsed');
    return { lapsed: n };
  },
});
