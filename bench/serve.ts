// The generated data set served over HTTP as the console reaches it: on PostgreSQL a real server
// process (`clubcrm serve`, jobs off), on PGlite the app in this process (PGlite runs in-process).
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
  /** a kept-alive client signed in as login (admin by default) */
  client(login?: string, password?: string): Promise<ReturnType<typeof httpClient>>;
  /** a client of a 西溪案场 salesperson (built-in role sales: department data scope) */
  officeClient(): Promise<ReturnType<typeof httpClient>>;
  stop(): Promise<void>;
}

export async function serve(ds: Dataset): Promise<Served> {
  let base: string;
  let stop: () => Promise<void>;
  let pid = process.pid;
  if (ds.engine === 'postgres') {
    const server = await startServer(ds.url!, { CLUBCRM_JOBS: 'off', LOG_LEVEL: 'error' });
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
  const client = async (login?: string, password?: string) => {
    const session = await signInTo(base, login, password);
    const c = httpClient(base, session.cookie, 1);
    clients.push(c);
    return c;
  };
  return {
    base,
    pid,
    client,
    async officeClient() {
      await ds.db.transaction(async (tx) => {
        const [u] = await rows(tx, sql`SELECT 1 FROM users WHERE login = 'bench_xixi'`);
        if (!u) await createUser(tx, systemActor('bench'), { login: 'bench_xixi', name: '西溪案场销售', password: 'Passw0rd-x', roleCodes: ['sales'], department: '西溪案场' });
      });
      return client('bench_xixi', 'Passw0rd-x');
    },
    async stop() {
      for (const c of clients) c.close();
      await stop();
    },
  };
}
