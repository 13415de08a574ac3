// The runs of the background jobs (后台任务): every run, scheduled or asked for by an administrator
// (API, CLI), with the instant its rules took as now, what it did and how it ended. A job keeps its
// latest runs only (see runs.ts), so jobs due every few seconds do not grow the table.
import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const jobRuns = pgTable('job_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  /** schedule / api / cli */
  trigger: text('trigger').notNull(),
  /** who asked for it (API, CLI); null for scheduled runs */
  requestedBy: text('requested_by'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  /** null while it runs (or when its process stopped during the run) */
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  /** the instant the job's rules took as now: the clock at the start, or the asOf given */
  asOf: timestamp('as_of', { withTimezone: true }).notNull(),
  /** what it did (counts) */
  result: jsonb('result'),
  error: text('error'),
}, (t) => [index('job_runs_name_idx').on(t.name, t.id)]);
