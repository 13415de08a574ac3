// Cold start (`npm run bench coldstart`): how long `clubcrm serve` takes from the process's start
// to the first 200 of /api/health. After the server build (scripts/build-server.js, run here first),
// one first start on a new data folder (PGlite creates its database, migrations, seed), then
// restarts on that folder — what an operator waits for after an update or a crash. Target: a
// restart ≤ 3 s on PGlite; PostgreSQL for information. Each start prints its phases
// (`serve --timings`): their medians are in the note, with the process's CPU time and the
// machine's load (two shared cores: wall time follows the load, CPU time much less).
// For comparison, the same restart with the sources run through tsx, as before the build existed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminPassword, testSecret } from '../test/helpers/db.ts';
import { freePort } from '../test/helpers/server.ts';
import { benchDatabase } from './_pg.ts';
import { percentile, summarise, type BenchRow, type Engine, type RunOptions, type Scenario } from './run.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESTARTS = 5;
const TARGET_S = 3;

interface Start { seconds: number; phases: Record<string, number> }

/** 200 from /api/health, or false while the server is not listening yet. */
function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
  });
}

/** Starts the server with `command`, waits for /api/health, stops it; the wall time and the phases it printed. */
async function timeStart(command: string[], env: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, command, {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CLUBCRM_ADMIN_PASSWORD: adminPassword, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    while (!(await healthy(port))) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${out}`);
      if (performance.now() - started > 120_000) throw new Error(`the server did not start in 2 minutes:\n${out}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const seconds = (performance.now() - started) / 1000;
    const line = out.split('\n').find((l) => l.startsWith('start-up (ms):')) ?? '';
    const phases = Object.fromEntries([...line.matchAll(/(\w+) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
    return { seconds, phases };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function row(engine: Engine, kase: string, starts: Start[], target: boolean): BenchRow {
  const median = (k: string) => percentile(starts.map((s) => s.phases[k]).filter((v) => v !== undefined), 50);
  const names = Object.keys(starts[0].phases).filter((k) => k !== 'total' && k !== 'cpu');
  const phases = names.map((k) => `${k} ${median(k)}`).join(' · ');
  const load = os.loadavg()[0].toFixed(1);
  const cpu = median('cpu');
  const r: BenchRow = {
    engine, size: 0, case: kase, unit: 's',
    ...summarise(starts.map((s) => s.seconds)),
    note: `median ms: ${phases}; CPU ${Number.isNaN(cpu) ? '?' : (cpu / 1000).toFixed(2)} s; load ${load} on ${os.cpus().length} cores`,
  };
  // the target, as bench/run.ts's summary reads it (the fields judge() fills)
  if (target) Object.assign(r, { target: `p50 ≤ ${TARGET_S} s`, figure: `p50 ${r.p50} s`, met: r.p50 <= TARGET_S });
  return r;
}

export const scenario: Scenario = {
  name: 'coldstart',
  description: `clubcrm serve to the first 200 of /api/health: a first start on a new database, then ${RESTARTS} restarts (target ≤ ${TARGET_S} s on PGlite)`,
  async run(opts) {
    opts.log('building the server (npm run build does the same, then the console)');
    const build = spawnSync(process.execPath, ['scripts/build-server.js'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the server build failed:\n${build.stdout}${build.stderr}`);
    const serve = ['bin/clubcrm.js', 'serve', '--no-build', '--timings'];
    const rows: BenchRow[] = [];
    for (const engine of opts.engines) {
      let env: Record<string, string>;
      let cleanUp: () => Promise<void>;
      if (engine === 'pglite') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-bench-coldstart-'));
        env = { CLUBCRM_DATA_DIR: dir, DATABASE_URL: '' }; // empty is unset
        cleanUp = async () => fs.rmSync(dir, { recursive: true, force: true });
      } else {
        const d = await benchDatabase(opts.pgUrl, 'clubcrm_bench_coldstart');
        env = { DATABASE_URL: d.url, CLUBCRM_SECRET_KEY: testSecret };
        cleanUp = d.drop;
      }
      try {
        opts.log(`${engine}: first start`);
        rows.push(row(engine, 'first start (new database)', [await timeStart(serve, env)], false));
        const restarts: Start[] = [];
        for (let i = 0; i < RESTARTS; i++) {
          restarts.push(await timeStart(serve, env));
          opts.log(`${engine}: restart ${i + 1}: ${restarts[i].seconds.toFixed(2)} s`);
        }
        rows.push(row(engine, 'restart', restarts, engine === 'pglite'));
        if (engine === 'pglite') {
          // the same restart as before the build existed: the TypeScript sources through tsx
          const before: Start[] = [];
          for (let i = 0; i < RESTARTS; i++) before.push(await timeStart(['--import', 'tsx', 'src/cli/index.ts', 'serve', '--no-build', '--timings'], env));
          rows.push(row(engine, 'restart, sources through tsx (before the build)', before, false));
        }
      } finally {
        await cleanUp();
      }
    }
    return rows;
  },
};
