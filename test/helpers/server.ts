// Real server processes (`clubcrm serve`) on free ports against one PostgreSQL database, for
// tests of what only several processes show: races between processes, crashes and resumption.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { adminPassword, testSecret } from './db.ts';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** what the process wrote, for failure messages */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `node bin/clubcrm.js serve --no-build [args]` and waits until /api/health answers. On
 * PostgreSQL serve runs one worker per core unless told (`args` ['--workers', 'N'], CLUBCRM_WORKERS);
 * `child` is then the primary process.
 */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}, args: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  let out = '';
  // BENCH_NODE_ARGS: Node options for the server process, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof' to profile it (bench/README.md)
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, 'bin/clubcrm.js', 'serve', '--no-build', ...args], {
    cwd: repoRoot,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, CLUBCRM_SECRET_KEY: testSecret, CLUBCRM_ADMIN_PASSWORD: adminPassword,
      PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, // otherwise the defaults users run
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const url = `http://127.0.0.1:${port}`;
  const spawned = Date.now();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() - spawned > 180_000) throw new Error(`server did not start in 3 minutes:\n${out}`); // a loaded machine starting several workers
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, child, output: () => out,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A signed-in HTTP client of a running server (the session works on every process of the same database). */
export async function signInTo(url: string, login = 'admin', password = adminPassword) {
  const r = await fetch(`${url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return client(cookie);
}

export function client(cookie: string) {
  const send = async (base: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${base}${p}`, {
      method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: any = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, body: parsed };
  };
  return {
    cookie,
    get: (base: string, p: string, h?: Record<string, string>) => send(base, 'GET', p, undefined, h),
    post: (base: string, p: string, b?: unknown, h?: Record<string, string>) => send(base, 'POST', p, b ?? {}, h),
    patch: (base: string, p: string, b?: unknown, h?: Record<string, string>) => send(base, 'PATCH', p, b ?? {}, h),
  };
}
