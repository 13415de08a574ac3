// The generated data set served over HTTP as the console reaches it: on PostgreSQL a real server
// (`clubcrm serve --workers N`, jobs off; one worker unless asked), on PGlite the app in this
// process (PGlite runs in-process, and only one process may open it: always one worker).
import http from 'node:http';
import os from 'node:os';
import { rows, sql } from '../src/db/index.ts';
import { buildApp } from '../src/http/server.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { createUser } from '../src/modules/auth/service.ts';
import { makeCrypto } from '../src/pii.ts';
import { testConfig, testSecret } from '../test/helpers/db.ts';
import { signInTo, startServer } from '../test/helpers/server.ts';
import type { Dataset } from './generate.ts';
import { httpClient } from './http.ts';

export interface Served {
  base: string;
  /** the server process (PostgreSQL: `clubcrm serve`; PGlite: this process) */
  pid: number;
  /** server processes answering (`--workers`) */
  workers: number;
  /** a kept-alive client signed in as login (admin by default), with up to `sockets` connections (1) */
  client(login?: string, password?: string, sockets?: number): Promise<ReturnType<typeof httpClient>>;
  /** a client of a 西溪案场 salesperson (built-in role sales: department data scope) */
  officeClient(): Promise<ReturnType<typeof httpClient>>;
  stop(): Promise<void>;
}

/** The server processes a machine of this many cores runs by default on PostgreSQL (`clubcrm serve`). */
export const cores = os.availableParallelism();

/** The worker counts a scenario compares: 1 and one per core (PostgreSQL); 1 on PGlite. */
export const workerCounts = (engine: Dataset['engine']): number[] => (engine === 'postgres' && cores > 1 ? [1, cores] : [1]);

/** Starts `clubcrm serve --workers N` (jobs off) on a PostgreSQL bench database and waits until every worker answers. */
export async function startWorkers(url: string, workers: number, env: Record<string, string> = {}) {
  const server = await startServer(url, { CLUBCRM_JOBS: 'off', LOG_LEVEL: 'error', ...env }, ['--workers', String(workers)]);
  const seen = new Set<number>();
  for (let i = 0; seen.size < workers; i++) {
    if (i > 3000) throw new Error(`only ${seen.size} of ${workers} workers answered:\n${server.output()}`);
    const worker = await healthOnNewConnection(server.url).catch(() => null);
    if (worker !== null) seen.add(worker);
    else await new Promise((res) => setTimeout(res, 100));
  }
  return server;
}

/** GET /api/health on a connection of its own (the primary hands each new one to the next worker): the worker that answered. */
function healthOnNewConnection(base: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(`${base}/api/health`, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => (res.statusCode === 200 ? resolve(Number(JSON.parse(body).worker)) : reject(new Error(String(res.statusCode)))));
    }).on('error', reject);
  });
}

export async function serve(ds: Dataset, opts: { workers?: number } = {}): Promise<Served> {
  const workers = ds.engine === 'postgres' ? opts.workers ?? 1 : 1;
  let base: string;
  let stop: () => Promise<void>;
  let pid = process.pid;
  if (ds.engine === 'postgres') {
    const server = await startWorkers(ds.url!, workers);
    base = server.url;
    pid = server.child.pid!;
    stop = () => server.kill();
  } else {
    const app = await buildApp({ config: testConfig({ logLevel: 'silent' }), db: ds.db, crypto: makeCrypto(testSecret), logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    stop = () => app.close();
  }
  const clients: ReturnType<typeof httpClient>[] = [];
  const client = async (login?: string, password?: string, sockets = 1) => {
    const session = await signInTo(base, login, password);
    const c = httpClient(base, session.cookie, sockets);
    clients.push(c);
    return c;
  };
  return {
    base,
    pid,
    workers,
    client,
    async officeClient() {
      await ds.db.transaction(async (tx) => {
        const [u] = await rows(tx, sql`SELECT 1 FROM users WHERE login = 'bench_xixi'`);
        if (!u) await createUser(tx, systemActor('bench'), { login: 'bench_xixi', name: '西溪案场销售', password: 'Xixi-sales-lamp-42', roleCodes: ['sales'], department: '西溪案场' });
      });
      return client('bench_xixi', 'Xixi-sales-lamp-42');
    },
    async stop() {
      for (const c of clients) c.close();
      await stop();
    },
  };
}
