// The home-figures job: every ten minutes, members by department and level into
// home_level_counts (the home page reads them there instead of every active main card).
import type { Db, Tx } from '../../db/index.ts';
import { registerJob } from '../../jobs/scheduler.ts';
import { memberLevelCells } from '../cards/levels.ts';
import { homeLevelCounts } from './schema.ts';

export async function countHomeFigures(db: Db, now = new Date()): Promise<{ cells: number }> {
  return db.transaction(async (tx: Tx) => {
    const cells = await memberLevelCells(tx);
    await tx.delete(homeLevelCounts);
    if (cells.length) await tx.insert(homeLevelCounts).values(cells.map((c) => ({ ...c, countedAt: now })));
    return { cells: cells.length };
  });
}

registerJob({ name: 'home-figures', everyMs: 10 * 60 * 1000, run: ({ db }) => countHomeFigures(db) });
