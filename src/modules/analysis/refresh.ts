// The summaries after an import (issue 13: "brought up to date within a minute of demo data or an
// import"): every 30 seconds this job asks the customers module when the latest import finished;
// when one finished since the last time it looked, it runs the member-analysis and member-value jobs
// at once (each under its own lock, recorded as its own run), so the analysis and value pages show
// the imported people without waiting for their schedules (10 minutes, an hour). `clubcrm demo-data`
// runs both itself at its end (src/cli/demo-club.ts).
import { getSetting, putSetting } from '../../db/settings.ts';
import { AppError } from '../../errors.ts';
import { registerJob, runJobNow, type JobRun } from '../../jobs/scheduler.ts';
import { lastImportFinishedAt } from '../customers/import.ts';
import './service.ts';
import '../segments/jobs.ts';

const seenKey = 'analysis.importsSeen';

export async function refreshAfterImport(run: JobRun): Promise<{ refreshed: boolean; importFinishedAt?: string }> {
  const last = await lastImportFinishedAt(run.db.db);
  const seen = await getSetting(run.db.db, seenKey);
  if (!last || (seen && new Date(seen).getTime() >= last.getTime())) return { refreshed: false };
  for (const name of ['member-analysis', 'member-value']) {
    try {
      await runJobNow(run, name, { trigger: 'schedule', by: 'import' });
    } catch (err) {
      // running elsewhere (409): it may have begun before the import ended — look again at the next tick
      if (err instanceof AppError && err.code === 'JOB_RUNNING') return { refreshed: false };
      throw err;
    }
  }
  await putSetting(run.db.db, seenKey, last.toISOString());
  return { refreshed: true, importFinishedAt: last.toISOString() };
}

registerJob({ name: 'summaries-after-import', everyMs: 30_000, run: refreshAfterImport });
