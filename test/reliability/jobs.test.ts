// Background jobs never starve requests: a server on PostgreSQL with a request pool of two
// connections keeps answering while every registered job runs (they fall due together one second
// after start). Before the jobs had connections of their own, each job held a pooled connection
// for its advisory lock and waited for another for its work: ten jobs took the whole pool and
// /api/health stopped answering about a second after start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../src/http/routes.ts'; // loads every module, which registers its jobs
import { registeredJobs } from '../../src/jobs/scheduler.ts';
import { createPgDatabase } from '../helpers/db.ts';
import { signInTo, startServer, type ServerProcess } from '../helpers/server.ts';

let url: string;
let drop: () => Promise<void>;
let server: ServerProcess | undefined;
beforeAll(async () => { ({ url, drop } = await createPgDatabase()); });
afterAll(async () => {
  await server?.kill('SIGKILL');
  await drop?.();
});

describe('jobs on a small request pool', () => {
  it('every job runs and the server keeps answering /api/health and signed-in lists', async () => {
    server = await startServer(url, { CLUBCRM_DB_POOL: '2', CLUBCRM_JOBS: 'on', LOG_LEVEL: 'debug' });
    const api = await signInTo(server.url);
    const names = registeredJobs();
    expect(names.length).toBeGreaterThanOrEqual(10);
    const ran = () => names.filter((n) => server!.output().includes(`"job":"${n}"`));
    const answered: number[] = [];
    // until every job has run (and at least 5 s): requests every 50 ms, each given 10 s to answer
    const until = Date.now() + 60_000;
    for (let started = Date.now(); Date.now() < until && (ran().length < names.length || Date.now() - started < 5000);) {
      const [health, list] = await Promise.all([
        fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.status),
        api.get(server.url, '/api/v1/customers?pageSize=5').then((r) => r.status),
      ]);
      answered.push(health, list);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(ran(), server.output().slice(-2000)).toEqual(names);
    expect(answered.length).toBeGreaterThan(20);
    expect(answered.every((s) => s === 200)).toBe(true);
  });
});
