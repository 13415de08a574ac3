// The record of the jobs' runs (job_runs): a row when a run starts, completed when it ends; each
// job keeps its latest KEPT_RUNS runs. Read by the jobs list (GET /jobs) and its history.
import type { Tx } from '../db/index.ts';
import { rows, sql } from '../db/index.ts';

/** Runs kept per job (a job due every 3 s keeps its last few minutes, a daily one most of a year). */
export const KEPT_RUNS = 200;

export type JobTrigger = 'schedule' | 'api' | 'cli';

export interface JobRunRow {
  id: number;
  name: string;
  trigger: JobTrigger;
  requestedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  asOf: Date;
  result: Record<string, unknown> | null;
  error: string | null;
}

interface RawRun {
  id: number | string; name: string; trigger: string; requested_by: string | null; started_at: Date | string;
  finished_at: Date | string | null; as_of: Date | string; result: Record<string, unknown> | string | null; error: string | null;
}

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

function toRun(r: RawRun): JobRunRow {
  return {
    id: Number(r.id), name: r.name, trigger: r.trigger as JobTrigger, requestedBy: r.requested_by,
    startedAt: toDate(r.started_at), finishedAt: r.finished_at == null ? null : toDate(r.finished_at), asOf: toDate(r.as_of),
    result: typeof r.result === 'string' ? JSON.parse(r.result) : r.result, error: r.error,
  };
}

export async function recordRunStart(db: Tx, run: { name: string; trigger: JobTrigger; requestedBy: string | null; startedAt: Date; asOf: Date }): Promise<number> {
  const [r] = await rows<{ id: number | string }>(db, sql`
    INSERT INTO job_runs (name, trigger, requested_by, started_at, as_of)
    VALUES (${run.name}, ${run.trigger}, ${run.requestedBy}, ${run.startedAt}::timestamptz, ${run.asOf}::timestamptz) RETURNING id`);
  return Number(r.id);
}

/** Completes a run and forgets the job's runs older than its latest KEPT_RUNS. */
export async function recordRunEnd(db: Tx, id: number, name: string, end: { finishedAt: Date; result: Record<string, unknown> | null; error: string | null }) {
  await rows(db, sql`
    UPDATE job_runs SET finished_at = ${end.finishedAt}::timestamptz, result = ${end.result == null ? null : JSON.stringify(end.result)}::jsonb, error = ${end.error}
    WHERE id = ${id}`);
  await rows(db, sql`
    DELETE FROM job_runs WHERE name = ${name}
      AND id <= (SELECT id FROM job_runs WHERE name = ${name} ORDER BY id DESC OFFSET ${KEPT_RUNS} LIMIT 1)`);
}

/** The latest run of each job named. */
export async function latestRuns(db: Tx, names: string[]): Promise<Map<string, JobRunRow>> {
  if (!names.length) return new Map();
  const list = await rows<RawRun>(db, sql`
    SELECT r.* FROM unnest(${sql.param(names)}::text[]) AS n(name)
    CROSS JOIN LATERAL (SELECT * FROM job_runs j WHERE j.name = n.name ORDER BY j.id DESC LIMIT 1) r`);
  return new Map(list.map((r) => [r.name, toRun(r)]));
}

/** A job's runs, newest first. */
export async function listRuns(db: Tx, name: string, q: { page: number; pageSize: number }) {
  const list = await rows<RawRun>(db, sql`
    SELECT * FROM job_runs WHERE name = ${name} ORDER BY id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  const [{ total }] = await rows<{ total: number }>(db, sql`SELECT count(*)::int AS total FROM job_runs WHERE name = ${name}`);
  return { items: list.map(toRun), total, page: q.page, pageSize: q.pageSize };
}

/** A run's failure as the record keeps it: the error's code and message, never a failed query's parameters. */
export function runError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 2000);
  const e = err as Error & { query?: unknown; code?: unknown; cause?: unknown };
  const cause = e.cause instanceof Error ? (e.cause as Error & { code?: unknown }) : null;
  const code = typeof (cause?.code ?? e.code) === 'string' ? `${String(cause?.code ?? e.code)}: ` : '';
  // a failed query's message carries its parameters: keep the database's reason, not the values
  const message = typeof e.query === 'string' ? (cause?.message ?? 'query failed').replace(/\([^()]*\)=\([^()]*\)/g, '(…)=(…)') : e.message;
  return `${code}${message}`.slice(0, 2000);
}

