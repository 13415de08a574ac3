// `clubcrm serve --workers 2` on PostgreSQL, as an operator runs it: both workers answer on one
// port, the background jobs run once per schedule (not once per worker), /metrics adds up both
// workers' figures, a worker killed with SIGKILL is replaced with no failed request beyond those
// it had in flight, a rolling restart (SIGHUP) under a running request loop fails no request,
// and SIGTERM stops every process.
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../src/http/routes.ts'; // loads every module, which registers its jobs
import { openPostgres, rows, sql, type Db } from '../../src/db/index.ts';
import { jobList } from '../../src/jobs/scheduler.ts';
import { createPgDatabase } from '../helpers/db.ts';
import { signInTo, startServer, type ServerProcess } from '../helpers/server.ts';

const metricsToken = 'reliability-metrics-0123456789';
let url: string;
let drop: () => Promise<void>;
let db: Db;
let server: ServerProcess;
let cookie: string;

beforeAll(async () => {
  ({ url, drop } = await createPgDatabase());
  server = await startServer(url, { CLUBCRM_JOBS: 'on', CLUBCRM_METRICS_TOKEN: metricsToken, LOG_LEVEL: 'info' }, ['--workers', '2']);
  db = await openPostgres(url, 2);
  cookie = (await signInTo(server.url)).cookie;
}, 300_000);
afterAll(async () => {
  if (server?.child.exitCode === null) {
    for (const pid of workerPids()) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    await server.kill('SIGKILL');
  }
  await db?.close();
  await drop?.();
});

/** One request on a connection of its own (so the primary hands each to the next worker). */
function once(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${path}`, { agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('no answer in 60 s')));
  });
}

/** Kept-alive requests, as browsers and proxies send them. */
async function keptAlive(path: string): Promise<{ status: number; body: string }> {
  const r = await fetch(`${server.url}${path}`, { headers: { cookie }, signal: AbortSignal.timeout(60_000) });
  return { status: r.status, body: await r.text() };
}

/** Requests in a loop (health, and a signed-in list) until stopped; what failed, and how many were answered. */
function requestLoop(concurrency: number, send: (path: string) => Promise<{ status: number; body: string }>) {
  let stopped = false;
  const failures: string[] = [];
  const workersSeen = new Set<number>();
  let answered = 0;
  const lanes = Array.from({ length: concurrency }, async (_, lane) => {
    for (let i = 0; !stopped; i++) {
      const path = (i + lane) % 2 ? '/api/health' : '/api/v1/customers?pageSize=5';
      try {
        const r = await send(path);
        if (r.status !== 200) failures.push(`${path}: ${r.status} ${r.body.slice(0, 200)}`);
        else {
          answered++;
          if (path === '/api/health') workersSeen.add(JSON.parse(r.body).worker);
        }
      } catch (e) {
        failures.push(`${path}: ${(e as Error).message} ${String((e as { cause?: Error }).cause?.message ?? '')}`);
      }
    }
  });
  return {
    answered: () => answered,
    async stop() {
      stopped = true;
      await Promise.all(lanes);
      return { failures, answered, workersSeen };
    },
  };
}

const workerPids = (): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(server.child.pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
/** The worker the primary last gave the jobs to. */
const jobsWorker = () => {
  const all = [...server.output().matchAll(/"role":"primary","worker":(\d+),"workerPid":(\d+),"msg":"background jobs run in this worker"/g)];
  const last = all.at(-1);
  return last ? { id: Number(last[1]), pid: Number(last[2]), announcements: all.length } : null;
};
async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, ms = 180_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${ms / 1000} s\n${server.output().slice(-3000)}`);
}
async function healthWorkers(n: number): Promise<Set<number>> {
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const r = await once('/api/health');
    expect(r.status).toBe(200);
    const h = JSON.parse(r.body);
    expect(h.workers).toBe(2);
    seen.add(h.worker);
  }
  return seen;
}

describe('clubcrm serve --workers 2', () => {
  it('both workers answer on the port; /metrics adds up both workers\' requests', async () => {
    await until('two workers answering', async () => (await healthWorkers(4)).size === 2);
    expect(workerPids()).toHaveLength(2);
    const scrape = async () => {
      const r = await once('/metrics', { authorization: `Bearer ${metricsToken}` });
      expect(r.status, r.body).toBe(200);
      const m = /^clubcrm_http_requests_total\{method="GET",route="\/api\/health",status="200"\} (\d+)$/m.exec(r.body);
      return Number(m?.[1] ?? 0);
    };
    const before = await scrape();
    const seen = await healthWorkers(20);
    expect(seen.size).toBe(2); // the 20 were shared between the workers…
    expect((await scrape()) - before).toBe(20); // …and every one is counted, whichever worker scraped
    // a session opens no figures
    expect((await once('/metrics', { cookie })).status).toBe(401);
  });

  it('runs the background jobs once per schedule, in one worker', async () => {
    const long = jobList().filter((j) => j.everyMs >= 10 * 60_000).map((j) => j.name);
    expect(long.length).toBeGreaterThanOrEqual(5);
    const runs = async () => new Map((await rows<{ name: string; n: number }>(db.db, sql`
      SELECT name, count(*)::int AS n FROM job_runs WHERE trigger = 'schedule' GROUP BY name`)).map((r) => [r.name, r.n]));
    // the first runs fall due a second after the jobs start; each of these is not due again for 10 minutes or more
    await until('every job run once', async () => { const r = await runs(); return long.every((n) => (r.get(n) ?? 0) >= 1); });
    await new Promise((r) => setTimeout(r, 8000)); // time for a second scheduler's runs, were there one
    const r = await runs();
    expect(Object.fromEntries(long.map((n) => [n, r.get(n)]))).toEqual(Object.fromEntries(long.map((n) => [n, 1])));
    expect(jobsWorker()?.announcements).toBe(1);
  });

  it('a worker killed (SIGKILL) is replaced, the jobs move, and only its requests in flight fail', async () => {
    const holder = jobsWorker()!;
    expect(workerPids()).toContain(holder.pid);
    const concurrency = 4;
    const loop = requestLoop(concurrency, (p) => once(p, { cookie }));
    await until('requests answered', () => loop.answered() >= 20);
    process.kill(holder.pid, 'SIGKILL');
    await until('the death logged', () => server.output().includes('"msg":"worker died; starting another"'));
    // the jobs go to the surviving worker at once
    await until('the jobs moved', () => { const j = jobsWorker(); return j && j.id !== holder.id; });
    // and a replacement (worker 3) starts listening
    await until('a replacement worker', async () => (await healthWorkers(4)).has(3));
    const { failures, answered } = await loop.stop();
    expect(failures.length, failures.join('\n')).toBeLessThanOrEqual(concurrency);
    expect(answered).toBeGreaterThan(20);
    // from now on nothing fails
    const after = requestLoop(2, (p) => once(p, { cookie }));
    await until('more requests answered', () => after.answered() >= 40);
    expect((await after.stop()).failures).toEqual([]);
    expect(workerPids()).toHaveLength(2);
    expect(workerPids()).not.toContain(holder.pid);
  });

  it('SIGHUP restarts the workers one at a time with no failed request, kept-alive or not', async () => {
    const before = workerPids();
    const pooled = requestLoop(3, keptAlive);
    const fresh = requestLoop(2, (p) => once(p, { cookie }));
    await until('requests answered', () => pooled.answered() + fresh.answered() >= 20);
    process.kill(server.child.pid!, 'SIGHUP');
    await until('the restart done', () => server.output().includes('"msg":"restart done"'), 300_000);
    const a = await pooled.stop();
    const b = await fresh.stop();
    expect([...a.failures, ...b.failures]).toEqual([]);
    expect(a.answered + b.answered).toBeGreaterThan(40);
    // requests were answered by old and new workers along the way; now only new ones are left
    const now = workerPids();
    expect(now).toHaveLength(2);
    expect(now.filter((p) => before.includes(p))).toEqual([]);
    const seen = await healthWorkers(6);
    for (const id of seen) expect(id).toBeGreaterThan(3);
    // the jobs run in one of the new workers
    expect(now).toContain(jobsWorker()!.pid);
  });

  it('SIGTERM stops the workers and the primary', async () => {
    const pids = workerPids();
    expect(pids).toHaveLength(2);
    await server.kill('SIGTERM');
    expect(server.child.exitCode).toBe(0);
    await until('the workers gone', () => pids.every((p) => { try { process.kill(p, 0); return false; } catch { return true; } }), 30_000);
  });
});
