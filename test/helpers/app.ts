// The whole server in-process (fastify.inject), signed in as whoever a test needs.
import type { Config } from '../../src/config.ts';
import { buildApp } from '../../src/http/server.ts';
import { makeCrypto } from '../../src/pii.ts';
import type { App } from '../../src/http/context.ts';
import { SESSION_COOKIE } from '../../src/http/server.ts';
import { systemActor } from '../../src/modules/auth/actor.ts';
import { createUser } from '../../src/modules/auth/service.ts';
import { adminPassword, openTestDb, testSecret, type TestDb } from './db.ts';

/** The password of the users userWithRoles makes (the password policy refuses the likes of 'Passw0rd-1'). */
export const staffPassword = 'Harbour-lamp-42';

export interface Session {
  cookie: string;
  get(url: string, headers?: Record<string, string>): Promise<Reply>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  delete(url: string, headers?: Record<string, string>): Promise<Reply>;
}
export interface Reply { status: number; body: any; headers: Record<string, unknown> }

export interface TestApp {
  app: App;
  db: TestDb;
  config: Config;
  /** signs in through the API and returns a session */
  signIn(login?: string, password?: string): Promise<Session>;
  /** creates a user with the given built-in roles and signs them in */
  userWithRoles(login: string, roleCodes: string[], extra?: { department?: string }): Promise<Session>;
  anonymous: Session;
  close(): Promise<void>;
}

export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const db = await openTestDb(overrides);
  const app = await buildApp({ config: db.config, db, crypto: makeCrypto(testSecret), logger: false });
  await app.ready();
  const session = (cookie: string): Session => {
    const send = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await app.inject({
        method: method as never, url, payload: body === undefined ? undefined : (body as never),
        headers: { ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}), ...headers },
      });
      let parsed: unknown = res.body;
      try { parsed = JSON.parse(res.body); } catch { /* not JSON */ }
      return { status: res.statusCode, body: parsed, headers: res.headers as Record<string, unknown> };
    };
    return {
      cookie,
      get: (url, h) => send('GET', url, undefined, h),
      post: (url, b, h) => send('POST', url, b ?? {}, h),
      patch: (url, b, h) => send('PATCH', url, b ?? {}, h),
      delete: (url, h) => send('DELETE', url, undefined, h),
    };
  };
  const signIn = async (login = 'admin', password = adminPassword) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, password } });
    if (res.statusCode !== 200) throw new Error(`sign-in as ${login} failed: ${res.statusCode} ${res.body}`);
    const c = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    return session(c.value);
  };
  return {
    app, db, config: db.config, signIn, anonymous: session(''),
    async userWithRoles(login, roleCodes, extra = {}) {
      await db.transaction((tx) => createUser(tx, systemActor('test'), { login, name: login, password: staffPassword, roleCodes, department: extra.department ?? null }));
      return signIn(login, staffPassword);
    },
    close: async () => { await app.close(); await db.destroy(); },
  };
}
