// Background jobs: periodic tasks of the modules, run by every process that has jobs on.
// A job that must run once across processes takes a database advisory lock first.
//
// Jobs never touch the connections that serve requests: on PostgreSQL they get a pool of their
// own (JOB_CONNECTIONS), one connection of which holds the advisory locks, and they run one at a
// time, so whatever the request pool's size and however many jobs fall due together, requests
// keep their connections (a job may use two at once: a row lock held on one, work on the other).
//
// A job's rules take "now" from its run (JobRun.asOf): the clock for scheduled runs; an
// administrator may run a dated job (birthdays, expiry, overdue steps…) as of another day through
// runJobNow (API, CLI). Every run is recorded in job_runs (runs.ts).
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { Config } from '../config.ts';
import { openPostgres, serverApplicationName, type Db } from '../db/index.ts';
import { conflict, invalidField, notFound } from '../http/errors.ts';
import { recordRunEnd, recordRunStart, runError, type JobTrigger } from './runs.ts';
import { observeJobRun } from '../metrics.ts';
import './messages.ts';

export interface JobContext { db: Db; config: Config; log: FastifyBaseLogger }
/** What a run gets: the context and the instant its rules take as now (the clock, or an administrator's asOf). */
export interface JobRun extends JobContext { asOf: Date }
/** What a run did (counts), kept with the run and given back to whoever asked for it. */
export type JobResult = Record<string, unknown>;
export interface Job {
  name: string;
  everyMs: number;
  /** its rules depend on the day (birthdays, expiry, overdue steps…): it may be run as of another one */
  dated?: boolean;
  run(ctx: JobRun): Promise<JobResult | void>;
}
/** How a run was asked for: by the schedule, or by someone (API, CLI), possibly as of another day. */
export interface RunRequest { trigger: JobTrigger; by?: string | null; asOf?: Date }
export interface JobOutcome { runId: number | null; name: string; trigger: JobTrigger; startedAt: Date; finishedAt: Date; asOf: Date; result: JobResult }

/** The jobs' own connections: one for the locks, two for the work of the job that runs. */
const JOB_CONNECTIONS = 3;

const jobs: Job[] = [];

/** Modules register their periodic work here. */
export function registerJob(job: Job): void {
  jobs.push(job);
}

/** The names of the registered jobs (for the tests that watch them run). */
export const registeredJobs = (): string[] => jobs.map((j) => j.name);

/** The registered jobs (for the jobs list). */
export const jobList = (): readonly Job[] => jobs;

/** Jobs running in this process now (whoever started them): a second run of one waits for the next tick or is refused. */
const running = new Set<string>();
export const isRunningHere = (name: string) => running.has(name);

/** Starts every registered job: first one second after start, then every `everyMs`, one at a time. */
export async function startJobs(ctx: JobContext) {
  const db = ctx.db.engine === 'postgres' ? await openPostgres(ctx.config.databaseUrl!, JOB_CONNECTIONS, serverApplicationName) : ctx.db;
  const jobCtx: JobContext = { ...ctx, db };
  const locks = db.engine === 'postgres' ? lockHolder(db.pool!) : null;
  const timers: NodeJS.Timeout[] = [];
  const due = new Set<Job>();
  let draining: Promise<void> | null = null;
  let stopped = false;

  async function drain() {
    for (let job = first(due); job && !stopped; job = first(due)) {
      due.delete(job);
      const started = Date.now();
      try {
        const ran = (await runOnce(jobCtx, job, locks, { trigger: 'schedule' })) !== null;
        ctx.log.debug({ job: job.name, ran, ms: Date.now() - started }, 'job done');
      } catch (err) {
        ctx.log.error({ err, job: job.name }, 'job failed');
      }
    }
  }
  const tick = (job: Job) => {
    if (stopped) return;
    due.add(job);
    draining ??= drain().finally(() => { draining = null; });
  };
  for (const job of jobs) {
    timers.push(setInterval(() => tick(job), job.everyMs));
    timers.push(setTimeout(() => tick(job), 1000));
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await draining;
      await locks?.close();
      if (db !== ctx.db) await db.close();
    },
  };
}

const first = <T>(s: Set<T>): T | undefined => s.values().next().value;

type LockHolder = ReturnType<typeof lockHolder>;

/** One connection that takes and gives back the jobs' advisory locks (a new one if it breaks). */
function lockHolder(pool: pg.Pool) {
  let client: pg.PoolClient | null = null;
  const query = async (text: string, name: string): Promise<boolean> => {
    client ??= await pool.connect();
    try {
      return Object.values((await client.query(text, [`job:${name}`])).rows[0])[0] === true;
    } catch (err) {
      client.release(err as Error); // a broken connection is dropped, not reused; its session locks died with it
      client = null;
      throw err;
    }
  };
  return {
    tryLock: (name: string) => query('SELECT pg_try_advisory_lock(hashtext($1))', name),
    unlock: (name: string) => query('SELECT pg_advisory_unlock(hashtext($1))', name),
    async close() {
      client?.release();
      client = null;
    },
  };
}

/**
 * Runs a job under a lock named after it, so two processes never run it at the same time (and,
 * in this process, never twice at once); records the run. Null when it is running elsewhere.
 */
export async function runOnce(ctx: JobContext, job: Job, locks: LockHolder | null, request: RunRequest): Promise<JobOutcome | null> {
  if (running.has(job.name)) return null;
  running.add(job.name);
  try {
    if (locks && !(await locks.tryLock(job.name))) return null;
    try {
      return await runRecorded(ctx, job, request);
    } finally {
      await locks?.unlock(job.name).catch(() => { /* the connection broke: its locks went with it */ });
    }
  } finally {
    running.delete(job.name);
  }
}

/** One run with its record in job_runs; a record that cannot be written is logged, not fatal to the job. */
async function runRecorded(ctx: JobContext, job: Job, request: RunRequest): Promise<JobOutcome> {
  const startedAt = new Date();
  const asOf = request.asOf ?? startedAt;
  const by = request.by ?? null;
  const runId = await recordRunStart(ctx.db.db, { name: job.name, trigger: request.trigger, requestedBy: by, startedAt, asOf })
    .catch((err) => { ctx.log.warn({ err, job: job.name }, 'job run not recorded'); return null; });
  const end = async (result: JobResult | null, error: string | null) => {
    const finishedAt = new Date();
    if (runId !== null) {
      await recordRunEnd(ctx.db.db, runId, job.name, { finishedAt, result, error })
        .catch((err) => ctx.log.warn({ err, job: job.name }, 'job run end not recorded'));
    }
    return finishedAt;
  };
  let result: JobResult;
  try {
    result = (await job.run({ ...ctx, asOf })) ?? {};
  } catch (err) {
    observeJobRun(job.name, (Date.now() - startedAt.getTime()) / 1000, true);
    await end(null, runError(err));
    throw err;
  }
  observeJobRun(job.name, (Date.now() - startedAt.getTime()) / 1000, false);
  const finishedAt = await end(result, null);
  return { runId, name: job.name, trigger: request.trigger, startedAt, finishedAt, asOf, result };
}

/**
 * Runs a job now for someone (API, CLI), on the caller's database, under the job's lock: 404 for
 * a job that does not exist, 400 naming asOf for an asOf given to a job that does not depend on
 * the day, 409 while it runs in this or another process.
 */
export async function runJobNow(ctx: JobContext, name: string, request: RunRequest): Promise<JobOutcome> {
  const job = jobs.find((j) => j.name === name);
  if (!job) throw notFound('job', name);
  const label = `entity.job.${name}`;
  if (request.asOf && !job.dated) throw invalidField('asOf', 'job.undated', { label });
  const locks = ctx.db.engine === 'postgres' ? lockHolder(ctx.db.pool!) : null;
  try {
    const outcome = await runOnce(ctx, job, locks, request);
    if (!outcome) throw conflict('JOB_RUNNING', 'job.running', { label });
    return outcome;
  } finally {
    await locks?.close();
  }
}
