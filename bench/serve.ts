// The generated data set served over HTTP as the console reaches it: on PostgreSQL a real server
// process (`clubcrm serve`, jobs off), on PGlite the app in this process (PGlite runs in-process).
import { buildApp } from '../src/http/server.ts';
import { makeCrypto } from '../src/pii.ts';
import { testConfig, testSecret } from '../test/helpers/db.ts';
import { signInTo, startServer } from '../test/helpers/server.ts';
import type { Dataset } from './generate.ts';
import { httpClient } from './http.ts';

export interface Served {
  base: string;
  /** a kept-alive client signed in as login (admin by default) */
  client(login?: string, password?: string): Promise<ReturnType<typeof httpClient>>;
  stop(): Promise<void>;
}

export async function serve(ds: Dataset): Promise<Served> {
  let base: string;
  let stop: () => Promise<void>;
  if (ds.engine === 'postgres') {
    const server = await startServer(ds.url!, { CLUBCRM_JOBS: 'off', LOG_LEVEL: 'error' });
    base = server.url;
    stop = () => server.kill();
  } else {
    const app = await buildApp({ config: testConfig({ logLevel: 'silent' }), db: ds.db, crypto: makeCrypto(testSecret), logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    stop = () => app.close();
  }
  const clients: ReturnType<typeof httpClient>[] = [];
  return {
    base,
    async client(login, password) {
      const session = await signInTo(base, login, password);
      const c = httpClient(base, session.cookie, 1);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await stop();
    },
  };
}
