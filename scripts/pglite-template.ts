// The migrated, seeded PGlite database that mutation runs load for each test file instead of
// creating one (test/helpers/db.ts, PGLITE_TEMPLATE). scripts/mutation.mjs builds it here, once,
// before Stryker starts: built inside the first test file it ran under that file's hook timeout,
// which on a loaded machine (initdb and every migration: ~14 s of CPU, 3 minutes at a load of 30)
// it did not meet, so it was never kept and every test file of every mutant built its own.
// Usage: PGLITE_TEMPLATE=<file> npx tsx scripts/pglite-template.ts (kept when newer than every migration).
import fs from 'node:fs';
import path from 'node:path';

const file = process.env.PGLITE_TEMPLATE;
if (!file) throw new Error('PGLITE_TEMPLATE: the file to build');
const migrations = path.resolve(import.meta.dirname, '../src/db/migrations');
const newest = Math.max(...fs.readdirSync(migrations).filter((f) => f.endsWith('.sql')).map((f) => fs.statSync(path.join(migrations, f)).mtimeMs));
if (fs.existsSync(file) && fs.statSync(file).mtimeMs > newest) {
  console.log(`PGlite template ${file}: up to date`);
} else {
  // built under another name and renamed: a test file starting meanwhile never reads half a file
  const tmp = `${file}.build-${process.pid}.tar.gz`;
  process.env.PGLITE_TEMPLATE = tmp;
  const started = process.cpuUsage();
  const { openTestDb } = await import('../test/helpers/db.ts');
  const db = await openTestDb();
  await db.destroy();
  fs.renameSync(tmp, file);
  const cpu = process.cpuUsage(started);
  console.log(`PGlite template ${file}: built (${Math.round((cpu.user + cpu.system) / 1000)} ms of CPU)`);
}
