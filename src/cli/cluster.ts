// `clubcrm serve --workers N` (N > 1, PostgreSQL only): a primary process that runs no requests
// itself. It migrates and seeds the database once, then forks N workers (node:cluster; they share
// the port, the primary hands each new connection to the next worker) and looks after them:
// - background jobs run in exactly one worker, the first to listen; when it goes, the primary
//   hands them to another (the jobs' advisory locks keep a run from happening twice at once, but
//   N schedulers would run every job N times per period);
// - a worker that dies unasked is replaced, after a pause that doubles with each crash in a row
//   (0.5 s … 30 s), and the crash is logged; when workers die before ever listening five times
//   in a row, the primary gives up (a wrong setting, a port in use) and exits 1;
// - SIGHUP (or SIGUSR2) restarts the workers one at a time: a new one is started and listening
//   before the old one is told to stop (it finishes its requests in flight, then exits);
// - SIGTERM / SIGINT stop every worker the same way, then the primary;
// - GET /metrics in any worker gets every worker's figures added up here.
import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import { registerMessages } from '../i18n/index.ts';
import type { Config } from '../config.ts';
import { openDatabase, prepareDatabase } from '../main.ts';
import { JOBS_START, WORKER_STOP } from '../http/lifecycle.ts';
import { aggregateMetrics, METRICS_JSON_REQ, METRICS_JSON_RES, METRICS_SCRAPE, METRICS_TEXT, type MetricsJson } from '../http/metrics.ts';

registerMessages({
  'serve.badWorkers': { 'zh-CN': '--workers 应为 1 到 64 的整数，而不是 {value}', en: '--workers must be a whole number from 1 to 64, not {value}' },
  'serve.workersNeedPostgres': {
    'zh-CN': '--workers {workers}：内置数据库（未设置 DATABASE_URL）只能由一个进程打开。请只运行一个进程，或把 DATABASE_URL 设为 PostgreSQL 数据库以运行多个进程。',
    en: '--workers {workers}: the embedded database (no DATABASE_URL) can be opened by one process only. Run one worker, or set DATABASE_URL to a PostgreSQL database to run several.',
  },
});

const MAX_BACKOFF_MS = 30_000;
const STOP_GRACE_MS = 15_000;

export async function serveCluster(config: Config, workers: number, workerArgs: string[]): Promise<void> {
  const log = pino({ level: config.logLevel, base: { pid: process.pid, role: 'primary' } });

  // migrations and seed once, before any worker opens the database
  const db = await openDatabase(config);
  try {
    const { adminPassword } = await prepareDatabase(db, config);
    if (adminPassword) {
      process.stdout.write(`\n  ClubCRM administrator created — login: admin   password: ${adminPassword}\n  (shown only this once; change it after signing in)\n\n`);
    }
  } finally {
    await db.close();
  }

  cluster.setupPrimary({ exec: process.argv[1], args: workerArgs });
  const env = { CLUBCRM_WORKERS: String(workers) };
  const listening = new Set<Worker>();
  const retiring = new Set<Worker>();
  let jobsWorker: Worker | null = null;
  let stopping = false;
  let crashesInARow = 0;
  let deadBeforeListening = 0;

  const assignJobs = () => {
    if (config.jobs !== 'on' || stopping || (jobsWorker && !jobsWorker.isDead())) return;
    // the newest: during a rolling restart the jobs then move once, to a worker the restart keeps
    jobsWorker = [...listening].filter((w) => !retiring.has(w)).sort((a, b) => b.id - a.id)[0] ?? null;
    if (!jobsWorker) return;
    jobsWorker.send({ type: JOBS_START });
    log.info({ worker: jobsWorker.id, workerPid: jobsWorker.process.pid }, 'background jobs run in this worker');
  };

  const fork = (): Worker => {
    const w = cluster.fork(env);
    let listened = false;
    w.once('listening', () => {
      listened = true;
      deadBeforeListening = 0;
      listening.add(w);
      crashesInARow = 0;
      assignJobs();
    });
    w.once('exit', (code, signal) => {
      listening.delete(w);
      if (jobsWorker === w) jobsWorker = null;
      const asked = retiring.delete(w) || stopping;
      if (asked) {
        assignJobs();
        return;
      }
      crashesInARow++;
      if (!listened) deadBeforeListening++;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (crashesInARow - 1));
      assignJobs(); // to a worker still serving, so the jobs do not wait for the replacement
      if (deadBeforeListening >= 5) {
        log.fatal({ worker: w.id, code, signal }, 'workers keep dying before they listen: giving up (see the errors above)');
        void stopAll().then(() => process.exit(1));
        return;
      }
      log.error({ worker: w.id, workerPid: w.process.pid, code, signal, restartInMs: delay }, 'worker died; starting another');
      setTimeout(() => { if (!stopping) fork(); }, delay);
    });
    return w;
  };

  /** Tells a worker to stop after its requests in flight; kills it if it takes too long. */
  const retire = (w: Worker): Promise<void> => new Promise((resolve) => {
    if (w.isDead()) return resolve();
    retiring.add(w);
    listening.delete(w);
    const kill = setTimeout(() => w.process.kill('SIGKILL'), STOP_GRACE_MS);
    w.once('exit', () => { clearTimeout(kill); resolve(); });
    w.send({ type: WORKER_STOP });
  });

  /** Starts a worker and waits until it listens (null when it died first). */
  const started = (): Promise<Worker | null> => new Promise((resolve) => {
    const w = fork();
    w.once('listening', () => resolve(w));
    w.once('exit', () => resolve(null));
  });

  let restarting: Promise<void> | null = null;
  const rollingRestart = async () => {
    const old = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !retiring.has(w));
    log.info({ workers: old.length }, 'restarting the workers one at a time');
    for (const w of old) {
      if (stopping) return;
      const fresh = await started();
      if (!fresh) {
        log.error({ worker: w.id }, 'the new worker died before listening: the rest keep running; restart stopped');
        return;
      }
      await retire(w);
      log.info({ old: w.id, new: fresh.id }, 'worker replaced');
    }
    log.info('restart done');
  };
  const restart = () => {
    if (stopping) return;
    restarting ??= rollingRestart().finally(() => { restarting = null; });
  };

  const stopAll = async () => {
    stopping = true;
    await Promise.all(Object.values(cluster.workers ?? {}).map((w) => (w ? retire(w) : undefined)));
  };
  const shutdown = (signal: string) => {
    if (stopping) return;
    log.info({ signal }, 'shutting down: workers finish their requests');
    void stopAll().then(() => process.exit(0));
  };

  // GET /metrics in a worker: every serving worker's figures, added up
  let nextRequest = 0;
  const waiting = new Map<number, { parts: MetricsJson[]; left: number; done(): void }>();
  cluster.on('message', (from, m: { type?: string; id?: number; metrics?: MetricsJson[] }) => {
    if (m?.type === METRICS_JSON_RES && typeof m.id === 'number') {
      const req = waiting.get(m.id);
      if (!req) return;
      req.parts.push(...(m.metrics ?? []));
      if (--req.left === 0) req.done();
    } else if (m?.type === METRICS_SCRAPE && typeof m.id === 'number') {
      const scrapeId = m.id;
      const id = ++nextRequest;
      const asked = [...listening].filter((w) => w.isConnected());
      const parts: MetricsJson[] = [];
      const reply = () => {
        clearTimeout(timer);
        waiting.delete(id);
        aggregateMetrics(parts).then(
          (text) => from.isConnected() && from.send({ type: METRICS_TEXT, id: scrapeId, text }),
          (err: Error) => from.isConnected() && from.send({ type: METRICS_TEXT, id: scrapeId, error: err.message }),
        );
      };
      // a worker that does not answer within 3 s (busy, stopping) is left out of this scrape
      const timer = setTimeout(reply, 3000);
      waiting.set(id, { parts, left: asked.length, done: reply });
      if (!asked.length) reply();
      for (const w of asked) w.send({ type: METRICS_JSON_REQ, id });
    }
  });

  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', restart);
  process.on('SIGUSR2', restart);

  log.info({ workers, jobs: config.jobs }, `starting ${workers} workers on port ${config.port}`);
  for (let i = 0; i < workers; i++) fork();
}
