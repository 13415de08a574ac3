// Background jobs: periodic tasks of the modules, run by every process that has jobs on.
// A job that must run once across processes takes a database advisory lock first.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';

export interface JobContext { db: Db; config: Config; log: FastifyBaseLogger }
export interface Job { name: string; everyMs: number; run(ctx: JobContext): Promise<void> }

const jobs: Job[] = [];

/** Modules register their periodic work here. */
export function registerJob(job: Job): void {
  jobs.push(job);
}

export function startJobs(ctx: JobContext) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;
  for (const job of jobs) {
    const tick = () => {
      if (stopped) return;
      const p = runOnce(ctx, job).then(() => undefined).catch((err) => ctx.log.error({ err, job: job.name }, 'job failed'));
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    timers.push(setInterval(tick, job.everyMs));
    setTimeout(tick, 1000).unref();
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all(running);
    },
  };
}

/** Runs a job under a lock named after it, so two processes never run it at the same time. */
export async function runOnce(ctx: JobContext, job: Job): Promise<boolean> {
  if (ctx.db.engine === 'pglite') {
    await job.run(ctx);
    return true;
  }
  const client = await ctx.db.pool!.connect();
  try {
    const [{ locked }] = (await client.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [`job:${job.name}`])).rows;
    if (!locked) return false;
    try {
      await job.run(ctx);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`job:${job.name}`]);
    }
    return true;
  } finally {
    client.release();
  }
}

