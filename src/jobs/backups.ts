// Daily backups of the embedded database, written by the server that holds its folder: while it
// runs, no `clubcrm backup` can open the folder (one process per data folder), so without this a
// PGlite installation would be backed up only when someone stops it. Into <data folder>/backups
// as daily-<time>.clubcrm.gz (0600), the newest CLUBCRM_BACKUP_KEEP kept. On PostgreSQL,
// `clubcrm backup` (or pg_dump) runs beside the servers, and this job writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { backupTo } from '../db/backup.ts';
import { ensureDataDir } from '../db/lock.ts';
import { registerJob, type JobRun } from './scheduler.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const dailyFile = /^daily-.*\.clubcrm\.gz$/;

/** Writes a backup when the newest daily one is a day old (or there is none), then keeps the newest `keep`. */
export async function dailyBackup({ db, config }: Pick<JobRun, 'db' | 'config'>, now = new Date()) {
  if (db.engine !== 'pglite' || config.backupKeep === 0) return { written: 0 };
  const dir = path.join(config.dataDir, 'backups');
  ensureDataDir(dir);
  const dailies = () => fs.readdirSync(dir).filter((f) => dailyFile.test(f))
    .map((f) => ({ f, at: fs.statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.at - a.at);
  const newest = dailies()[0];
  // a little under a day, so an hourly check does not drift a backup later every day
  if (newest && now.getTime() - newest.at < DAY_MS - 30 * 60_000) return { written: 0 };
  const file = path.join(dir, `daily-${now.toISOString().replace(/[:.]/g, '-')}.clubcrm.gz`);
  const { rows } = await backupTo(db, file);
  const removed = dailies().slice(config.backupKeep);
  for (const old of removed) fs.rmSync(path.join(dir, old.f), { force: true });
  return { written: 1, file, rows, removed: removed.length };
}

registerJob({ name: 'backup.daily', everyMs: 60 * 60 * 1000, run: (ctx) => dailyBackup(ctx) });
