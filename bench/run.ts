// `npm run bench [scenario…]`: runs each benchmark scenario (every bench/*.ts exporting
// `scenario`), prints each one's table, then one summary of every figure with its target and
// whether it is met, per engine; writes bench/results/<scenario>.json (and summary.json for a
// run of every scenario).
//   BENCH_ENGINES=pglite,postgres   which engines (default both)
//   BENCH_PRESET=full|quick         full (default): the sizes the targets are stated for; quick: a tenth
//   BENCH_MEMBERS=n, BENCH_ENTRIES=n  size of the generated data set, both engines (default: preset)
//   BENCH_SIZES=100000,…            sizes of scenarios that take their own (e.g. the points batch)
//   BENCH_KEEP=1, BENCH_REUSE=1     keep the generated data set after the run / use a kept one
//   BENCH_PG_URL=postgres://…       a PostgreSQL server where bench databases may be created
//                                   (default TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type Engine = 'pglite' | 'postgres';

export interface BenchRow {
  engine: Engine;
  size: number;
  /** what was measured, e.g. "candidates: homophone of a member" */
  case: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  unit: 'ms' | 's';
  note?: string;
  /** the goal the row is judged against, as people read it (e.g. "p95 ≤ 50 ms", "ratio ≥ 0.6"); see judge() */
  target?: string;
  /** whether the target is met; absent when the row has no target */
  met?: boolean;
  /** the figure compared with the target, as printed (e.g. "p95 9.0 ms", "0.72"); default: p50 / p95 */
  figure?: string;
}

export interface RunOptions {
  engines: Engine[];
  sizes: number[] | null;
  /** BENCH_PRESET: full (default: the sizes the targets are stated for) or quick (a tenth, for trying things) */
  preset?: 'full' | 'quick';
  pgUrl: string;
  log(message: string): void;
}

export interface Scenario {
  name: string;
  description: string;
  run(opts: RunOptions): Promise<BenchRow[]>;
}

/** p-th percentile (nearest rank) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarise(values: number[]): Pick<BenchRow, 'n' | 'p50' | 'p95' | 'p99' | 'max'> {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: values.length, p50: r(percentile(values, 50)), p95: r(percentile(values, 95)), p99: r(percentile(values, 99)), max: r(Math.max(...values)) };
}

/**
 * A target for a row: a percentile of the row (in its unit) or a value the scenario computed
 * (a rate, a ratio), at most or at least some bound. E.g. { metric: 'p95', atMost: 50 } or
 * { metric: 'value', value: 0.72, atLeast: 0.6, label: 'ratio to raw' }.
 */
export type Target =
  | { metric: 'p50' | 'p95' | 'p99' | 'max'; atMost?: number; atLeast?: number }
  | { metric: 'value'; value: number; unit?: string; label?: string; atMost?: number; atLeast?: number };

/** The row with its target, figure and whether the target is met. */
export function judge(row: BenchRow, t: Target): BenchRow {
  const value = t.metric === 'value' ? t.value : row[t.metric];
  const unit = t.metric === 'value' ? (t.unit ? ` ${t.unit}` : '') : ` ${row.unit}`;
  const name = t.metric === 'value' ? (t.label ? `${t.label} ` : '') : `${t.metric} `;
  const bound = t.atMost !== undefined ? `≤ ${t.atMost}` : `≥ ${t.atLeast}`;
  const met = (t.atMost === undefined || value <= t.atMost) && (t.atLeast === undefined || value >= t.atLeast);
  return { ...row, target: `${name}${bound}${unit}`, met, figure: `${name}${value}${unit}` };
}

function table(rows: BenchRow[]): string {
  const head = ['engine', 'size', 'case', 'n', 'p50', 'p95', 'p99', 'max', 'unit', 'target', 'note'];
  const body = rows.map((r) => [r.engine, r.size.toLocaleString('en'), r.case, String(r.n), String(r.p50), String(r.p95), String(r.p99), String(r.max), r.unit,
    r.target ? `${r.target} ${r.met ? '✓' : '✗'}` : '', r.note ?? '']);
  return grid(head, body);
}

function grid(head: string[], body: string[][]): string {
  // CJK characters take two columns in a terminal
  const w = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
  const width = head.map((h, i) => Math.max(w(h), ...body.map((b) => w(b[i]))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(width[i] - w(c))).join(' │ ');
  return [line(head), width.map((x) => '─'.repeat(x)).join('─┼─'), ...body.map(line)].join('\n');
}

interface Ran { scenario: string; description: string; durationS: number; load: { start: number[]; end: number[] }; rows: BenchRow[] }

/** Every figure of the run with its target and whether it is met, engine by engine. */
function summary(ran: Ran[]): string {
  const head = ['engine', 'scenario', 'size', 'case', 'figure', 'target', 'met'];
  const body: string[][] = [];
  for (const engine of ['postgres', 'pglite'] as Engine[]) {
    for (const r of ran) {
      for (const row of r.rows.filter((x) => x.engine === engine)) {
        const figure = row.figure ?? (row.n > 1 ? `p50 ${row.p50} / p95 ${row.p95} ${row.unit}` : `${row.p50} ${row.unit}`);
        body.push([engine, r.scenario, row.size.toLocaleString('en'), row.case, figure, row.target ?? '—', row.met === undefined ? '—' : row.met ? '✓ met' : '✗ MISSED']);
      }
    }
  }
  const judged = ran.flatMap((r) => r.rows).filter((x) => x.met !== undefined);
  return `${grid(head, body)}\n\n${judged.filter((x) => x.met).length} of ${judged.length} targets met`;
}

const round1 = (xs: number[]) => xs.map((x) => Math.round(x * 10) / 10);

/** PostgreSQL's server_version and PGlite's package and PostgreSQL versions, for the results. */
async function engineVersions(opts: RunOptions): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (opts.engines.includes('postgres')) {
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: opts.pgUrl });
    try {
      await c.connect();
      out.postgres = (await c.query('SHOW server_version')).rows[0].server_version;
    } catch (e) {
      out.postgres = `unreachable (${(e as Error).message})`;
    } finally {
      await c.end().catch(() => undefined);
    }
  }
  if (opts.engines.includes('pglite')) {
    const { PGlite } = await import('@electric-sql/pglite');
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, '../node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
    const db = new PGlite();
    const [{ server_version }] = (await db.query<{ server_version: string }>('SHOW server_version')).rows;
    await db.close();
    out.pglite = `${pkg.version} (PostgreSQL ${server_version})`;
  }
  out.node = process.version;
  return out;
}

async function main() {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const wanted = process.argv.slice(2);
  const opts: RunOptions = {
    engines: (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim()).filter(Boolean) as Engine[],
    sizes: process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map((s) => Number(s.replace(/_/g, ''))) : null,
    preset: process.env.BENCH_PRESET === 'quick' ? 'quick' : 'full',
    pgUrl: process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    log: (m) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${m}\n`),
  };
  const runStarted = new Date();
  const engines = await engineVersions(opts);
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  opts.log(`${machine.cpus} CPUs, ${Object.entries(engines).map(([k, v]) => `${k} ${v}`).join(', ')}; load average ${round1(os.loadavg()).join(' / ')}`);
  const write = (name: string, data: object) => {
    fs.mkdirSync(path.join(dir, 'results'), { recursive: true });
    const out = path.join(dir, 'results', `${name}.json`);
    fs.writeFileSync(out, JSON.stringify(data, null, 2) + '\n');
    opts.log(`wrote ${path.relative(process.cwd(), out)}`);
  };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_')).sort();
  const ran: Ran[] = [];
  const { releaseDatasets, datasetRows } = await import('./generate.ts');
  try {
    for (const f of files) {
      const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { scenario?: Scenario };
      const s = mod.scenario;
      if (!s || (wanted.length && !wanted.includes(s.name))) continue;
      opts.log(`${s.name}: ${s.description}`);
      const started = new Date();
      const loadStart = round1(os.loadavg());
      // a scenario that fails is reported and the run goes on (the others' figures still count); the exit code says so
      let rows: BenchRow[];
      try {
        rows = await s.run(opts);
      } catch (e) {
        console.error(`\n${s.name} FAILED:`, e);
        process.exitCode = 1;
        rows = [{ engine: opts.engines[0], size: 0, case: `FAILED: ${String((e as Error)?.message ?? e).slice(0, 200)}`, n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, unit: 'ms', target: 'completes', met: false, figure: 'error' }];
      }
      const durationS = Math.round((Date.now() - started.getTime()) / 1000);
      const load = { start: loadStart, end: round1(os.loadavg()) };
      console.log(`\n${s.name} — ${s.description} (${durationS} s; load average ${load.start[0]} → ${load.end[0]})\n${table(rows)}\n`);
      ran.push({ scenario: s.name, description: s.description, durationS, load, rows });
      write(s.name, { scenario: s.name, description: s.description, startedAt: started.toISOString(), durationS, machine, engines, load, rows });
    }
    // the generated data sets (time to generate, the ledger check) are figures of the run too
    const generated = datasetRows();
    if (generated.length) {
      ran.push({ scenario: 'dataset', description: 'the generated data set shared by the scenarios', durationS: 0, load: { start: [], end: [] }, rows: generated });
      write('dataset', { scenario: 'dataset', startedAt: runStarted.toISOString(), machine, engines, rows: generated });
    }
  } finally {
    await releaseDatasets();
  }
  if (!ran.length) {
    console.error(wanted.length ? `no scenario named ${wanted.join(', ')}` : 'no scenarios found');
    process.exitCode = 1;
    return;
  }
  const totalS = Math.round((Date.now() - runStarted.getTime()) / 1000);
  console.log(`\nSummary — ${machine.cpus} CPUs, ${Object.entries(engines).map(([k, v]) => `${k} ${v}`).join(', ')}; ${Math.floor(totalS / 60)} min ${totalS % 60} s; load average now ${round1(os.loadavg()).join(' / ')}\n${summary(ran)}\n`);
  if (!wanted.length) {
    write('summary', {
      startedAt: runStarted.toISOString(), durationS: totalS, machine, engines,
      scenarios: ran.map((r) => ({ scenario: r.scenario, durationS: r.durationS, load: r.load })),
      rows: ran.flatMap((r) => r.rows.map((row) => ({ scenario: r.scenario, ...row }))),
    });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
