// The member-value job: hourly, member_values as of the run (value.ts); run by hand as of another day.
import { registerJob } from '../../jobs/scheduler.ts';
import { computeMemberValues } from './value.ts';

registerJob({
  name: 'member-value',
  everyMs: 60 * 60 * 1000,
  dated: true,
  run: ({ db, config, asOf }) => computeMemberValues(db, asOf, config.timeZone),
});
