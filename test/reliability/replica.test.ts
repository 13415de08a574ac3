// The read replica (DATABASE_REPLICA_URL, issue 14 item 4) against a REAL streaming replica: a
// throwaway primary and a hot standby made with pg_basebackup (test/helpers/replica.ts), and
// `clubcrm serve` processes on them. A replica cannot be written to, so what proves where a read
// went is replay paused with pg_wal_replay_pause(): a route the replica serves shows the figures of
// before the pause, one the primary serves shows the new ones.
// - routed reads (the customer facets, the customer export) come from the replica; lists do not;
//   the caller who wrote reads its own write (primary) while someone else still sees the replica's,
//   on another process too when the write's cookie comes along;
// - a replica further behind than CLUBCRM_REPLICA_MAX_LAG_MS is not read; /api/health says lagging;
//   back to ok once replay resumes;
// - a stopped replica: reads on the primary, no error, /api/health says down; started again, the
//   replica serves again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplicaPair, type ReplicaPair } from '../helpers/replica.ts';
import { adminPassword } from '../helpers/db.ts';
import { startServer, type ServerProcess } from '../helpers/server.ts';

let pair: ReplicaPair | undefined;
let patient: ServerProcess | undefined; // a lag bound of ten minutes: a paused replica stays "ok"
let strict: ServerProcess | undefined; // a lag bound of 1.5 s
let other: ServerProcess | undefined; // another process like patient (as a second worker would be)

/** A signed-in client that keeps its cookies as a browser does (the session, and clubcrm_lsn after a write). */
async function browser(server: ServerProcess) {
  const jar = new Map<string, string>();
  const keep = (r: Response) => { for (const c of r.headers.getSetCookie()) { const [kv] = c.split(';'); const i = kv.indexOf('='); jar.set(kv.slice(0, i), kv.slice(i + 1)); } };
  const cookie = (omit?: string) => [...jar].filter(([k]) => k !== omit).map(([k, v]) => `${k}=${v}`).join('; ');
  const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: adminPassword }) });
  expect(signIn.status).toBe(200);
  keep(signIn);
  const send = async (base: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}, omit?: string) => {
    const r = await fetch(`${base}${p}`, { method, headers: { cookie: cookie(omit), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    keep(r);
    const text = await r.text();
    let parsed: any = text;
    try { parsed = JSON.parse(text); } catch { /* a file */ }
    return { status: r.status, body: parsed };
  };
  return {
    jar,
    get: (base: string, p: string, h?: Record<string, string>) => send(base, 'GET', p, undefined, h),
    /** a GET without one of the cookies */
    getWithout: (cookieName: string, base: string, p: string) => send(base, 'GET', p, undefined, {}, cookieName),
    post: (base: string, p: string, b: unknown) => send(base, 'POST', p, b),
  };
}
type Client = Awaited<ReturnType<typeof browser>>;
let writer: Client;
let reader: Client;

beforeAll(async () => {
  pair = await startReplicaPair();
  const env = (maxLag: number) => ({ DATABASE_REPLICA_URL: pair!.replicaUrl, CLUBCRM_REPLICA_MAX_LAG_MS: String(maxLag), CLUBCRM_REPLICA_CHECK_MS: '200', CLUBCRM_JOBS: 'off' });
  patient = await startServer(pair.primaryUrl, env(600_000));
  strict = await startServer(pair.primaryUrl, env(1500));
  other = await startServer(pair.primaryUrl, env(600_000));
  writer = await browser(patient); // two sessions of the administrator: one writes, the other only reads
  reader = await browser(patient);
});
afterAll(async () => {
  await Promise.all([patient?.kill('SIGKILL'), strict?.kill('SIGKILL'), other?.kill('SIGKILL')]);
  await pair?.stop();
});

const health = async (server: ServerProcess) => (await (await fetch(`${server.url}/api/health`)).json()) as {
  status: string; workers?: number; replica?: { status: 'ok' | 'lagging' | 'down'; lagMs: number | null; maxLagMs: number; replayLsn: string | null };
};
/**
 * Until /api/health says so in a row as many times as makes it likely every worker of the server
 * (each checks the replica on its own) has said so: 2 × workers + 2 replies.
 */
async function until(what: string, server: ServerProcess, ok: (h: Awaited<ReturnType<typeof health>>) => boolean) {
  let last;
  for (let i = 0, inRow = 0; i < 900; i++) {
    last = await health(server);
    inRow = ok(last) ? inRow + 1 : 0;
    if (inRow >= 2 * (last.workers ?? 1) + 2) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: /api/health never said so; last ${JSON.stringify(last)}\n${server.output().slice(-2000)}`);
}

const tags = async (c: Client, server: ServerProcess) => {
  const r = await c.get(server.url, '/api/v1/customers/facets');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.tags as string[];
};
const listed = async (c: Client, server: ServerProcess, tag: string) => {
  const r = await c.get(server.url, `/api/v1/customers?tag=${tag}`);
  expect(r.status).toBe(200);
  return (r.body.items as { name: string }[]).map((x) => x.name);
};
const exported = async (c: Client, server: ServerProcess) => {
  const r = await c.get(server.url, '/api/v1/customers/export?format=csv', { 'accept-language': 'en' });
  expect(r.status).toBe(200);
  return String(r.body);
};
const addCustomer = async (server: ServerProcess, name: string, tag: string) => {
  const r = await writer.post(server.url, '/api/v1/customers', { name, tags: [tag] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};

describe('read replica', () => {
  it('routed reads come from the replica, lists from the primary, and the writer reads its own writes', async () => {
    await addCustomer(patient!, '周一鸣', 'before-pause');
    await pair!.caughtUp();
    await until('replica ok', patient!, (h) => h.replica?.status === 'ok');
    expect(await tags(reader, patient!)).toContain('before-pause');

    await pair!.pauseReplay();
    try {
      await addCustomer(patient!, '吴二娘', 'during-pause');
      // someone who did not write: the facets and the export are the replica's (before the pause) …
      const seen = await tags(reader, patient!);
      expect(seen).toContain('before-pause');
      expect(seen).not.toContain('during-pause');
      const csv = await exported(reader, patient!);
      expect(csv).toContain('周一鸣');
      expect(csv).not.toContain('吴二娘');
      // … while the list (not routed) is the primary's
      expect(await listed(reader, patient!, 'during-pause')).toEqual(['吴二娘']);
      // the writer's own reads go to the primary: their new customer is there
      expect(await tags(writer, patient!)).toContain('during-pause');
      const mine = await exported(writer, patient!);
      expect(mine, `${mine}\n${JSON.stringify(await health(patient!))}\n${patient!.output().slice(-3000)}`).toContain('吴二娘');
      const h = await health(patient!);
      expect(h.replica).toMatchObject({ status: 'ok', maxLagMs: 600_000 });
    } finally {
      await pair!.resumeReplay();
    }
    await pair!.caughtUp();
    expect(await tags(reader, patient!)).toContain('during-pause');
  });

  it('another process knows the writer wrote from the cookie the write set (clubcrm_lsn)', async () => {
    await until('replica ok', other!, (h) => h.replica?.status === 'ok');
    await pair!.caughtUp();
    await pair!.pauseReplay();
    try {
      await addCustomer(patient!, '褚七星', 'cookie');
      expect(writer.jar.get('clubcrm_lsn')).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      // the process that took the write was not the one asked now: with the cookie it reads the primary …
      expect(await tags(writer, other!)).toContain('cookie');
      // … without it, it knows nothing of the write and reads the paused replica
      const without = await writer.getWithout('clubcrm_lsn', other!.url, '/api/v1/customers/facets');
      expect(without.body.tags).not.toContain('cookie');
    } finally {
      await pair!.resumeReplay();
    }
  });

  it('a replica further behind than the bound is not read, and /api/health says lagging until it catches up', async () => {
    await until('replica ok', strict!, (h) => h.replica?.status === 'ok');
    await pair!.pauseReplay();
    try {
      await addCustomer(strict!, '郑三平', 'while-lagging');
      const h = await until('lagging', strict!, (x) => x.replica?.status === 'lagging');
      expect(h.status).toBe('ok');
      expect(h.replica!.lagMs).toBeGreaterThan(1500);
      // the reader has written nothing, yet reads the primary: the new tag is there
      expect(await tags(reader, strict!)).toContain('while-lagging');
      expect(await exported(reader, strict!)).toContain('郑三平');
    } finally {
      await pair!.resumeReplay();
    }
    const back = await until('ok again', strict!, (x) => x.replica?.status === 'ok');
    expect(back.replica!.lagMs).toBeLessThanOrEqual(1500);
    expect(await tags(reader, strict!)).toContain('while-lagging');
  });

  it('a stopped replica: reads go to the primary without an error, /api/health says down; started again it serves again', async () => {
    await pair!.stopReplica();
    try {
      const h = await until('down', patient!, (x) => x.replica?.status === 'down');
      expect(h.status).toBe('ok');
      expect(h.replica!.lagMs).toBeNull();
      expect(patient!.output()).toMatch(/read replica down: heavy reads go to the primary/); // the reason is in the log, not in the public reply
      await addCustomer(patient!, '王四海', 'replica-down');
      expect(await tags(reader, patient!)).toContain('replica-down');
      expect(await exported(reader, patient!)).toContain('王四海');
      expect((await reader.get(patient!.url, '/api/v1/home')).status).toBe(200);
    } finally {
      await pair!.startReplica();
    }
    await until('ok after the restart', patient!, (x) => x.replica?.status === 'ok');
    await pair!.caughtUp();
    // reading from the replica again: with replay paused, a new customer is not in the reader's facets
    await pair!.pauseReplay();
    try {
      await addCustomer(patient!, '冯五洲', 'after-restart');
      expect(await tags(reader, patient!)).toContain('replica-down');
      expect(await tags(reader, patient!)).not.toContain('after-restart');
      expect(await listed(reader, patient!, 'after-restart')).toEqual(['冯五洲']);
    } finally {
      await pair!.resumeReplay();
    }
  });
});
