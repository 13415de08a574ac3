// The server backs up the embedded database it holds once a day (no `clubcrm backup` can open the
// folder while it runs), keeps the newest CLUBCRM_BACKUP_KEEP, and the files restore; on
// PostgreSQL the job leaves backups to `clubcrm backup` beside the running servers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackupHeader } from '../db/backup.ts';
import { engine, openTestDb, type TestDb } from '../../test/helpers/db.ts';
import { dailyBackup } from './backups.ts';

let db: TestDb;
let dataDir: string;
beforeAll(async () => {
  db = await openTestDb();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-daily-'));
});
afterAll(async () => {
  await db?.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const dailies = () => (fs.existsSync(path.join(dataDir, 'backups')) ? fs.readdirSync(path.join(dataDir, 'backups')).filter((f) => f.startsWith('daily-')).sort() : []);
const age = (f: string, days: number) => {
  const when = new Date(Date.now() - days * 24 * 3600_000);
  fs.utimesSync(path.join(dataDir, 'backups', f), when, when);
};

describe('the daily backup job', () => {
  it(engine === 'pglite' ? 'writes one backup a day (0600, restorable) and keeps the newest N' : 'writes nothing on PostgreSQL', async () => {
    const config = { ...db.config, dataDir, backupKeep: 2 };
    const first = await dailyBackup({ db, config });
    if (engine !== 'pglite') {
      expect(first).toEqual({ written: 0 });
      expect(dailies()).toEqual([]);
      return;
    }
    expect(first.written).toBe(1);
    const [file] = dailies();
    expect(fs.statSync(path.join(dataDir, 'backups', file)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dataDir, 'backups')).mode & 0o777).toBe(0o700);
    expect((await readBackupHeader(path.join(dataDir, 'backups', file))).engine).toBe('pglite');
    // within the day: nothing more
    expect((await dailyBackup({ db, config })).written).toBe(0);
    expect(dailies()).toHaveLength(1);
    // a day later, twice: a new one each time, the oldest beyond two removed
    age(file, 3);
    expect((await dailyBackup({ db, config }, new Date(Date.now() + 1000))).written).toBe(1);
    for (const f of dailies()) age(f, f === file ? 3 : 2);
    const third = await dailyBackup({ db, config }, new Date(Date.now() + 2000));
    expect(third).toMatchObject({ written: 1, removed: 1 });
    expect(dailies()).toHaveLength(2);
    expect(dailies()).not.toContain(file);
    // 0 turns it off
    expect(await dailyBackup({ db, config: { ...config, backupKeep: 0 } }, new Date(Date.now() + 5 * 24 * 3600_000))).toEqual({ written: 0 });
  });
});
