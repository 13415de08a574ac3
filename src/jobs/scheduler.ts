// Background jobs: periodic tasks of the modules, run by every process that has jobs on.
// A job that must run once across processes takes a database advisory lock first.
//
// Jobs never touch the connections that serve requests: on PostgreSQL they get a pool of their
// own (JOB_CONNECTIONS), one connection of which holds the advisory locks, and they run one at a
// time, so whatever the request pool's size and however many jobs fall due together, requests
// keep their connections (a job may use two at once: a row lock held on one, work on the other).
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { Config } from '../config.ts';
import { openPostgres, type Db } from '../db/index.ts';

export interface JobContext { db: Db; config: Config; log: FastifyBaseLogger }
export interface Job { name: string; everyMs: number; run(ctx: JobContext): Promise<void> }

/** The jobs' own connections: one for the locks, two for the work of the job that runs. */
const JOB_CONNECTIONS = 3;

const jobs: Job[] = [];

/** Modules register their periodic work here. */
export function registerJob(job: Job): void {
  jobs.push(job);
}

/** The names of the registered jobs (for the tests that watch them run). */
export const registeredJobs = (): string[] => jobs.map((j) => j.name);

/** Starts every registered job: first one second after start, then every `everyMs`, one at a time. */
export async function startJobs(ctx: JobContext) {
  const db = ctx.db.engine === 'postgres' ? await openPostgres(ctx.config.databaseUrl!, JOB_CONNECTIONS) : ctx.db;
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
        const ran = await runOnce(jobCtx, job, locks);
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

/** Runs a job under a lock named after it, so two processes never run it at the same time. */
export async function runOnce(ctx: JobContext, job: Job, locks: LockHolder | null): Promise<boolean> {
  if (!locks) {
    await job.run(ctx);
    return true;
  }
  if (!(await locks.tryLock(job.name))) return false;
  try {
    await job.run(ctx);
  } finally {
    await locks.unlock(job.name).catch(() => { /* the connection broke: its locks went with it */ });
  }
  return true;
}
