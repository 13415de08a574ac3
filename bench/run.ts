// `npm run bench [scenario…]`: runs each benchmark scenario (every bench/*.ts exporting
// `scenario`), prints a table and writes bench/results/<scenario>.json.
//   BENCH_ENGINES=pglite,postgres   which engines (default both)
//   BENCH_SIZES=100000,1000000      data sizes (default per scenario)
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
}

export interface RunOptions {
  engines: Engine[];
  sizes: number[] | null;
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

function table(rows: BenchRow[]): string {
  const head = ['engine', 'size', 'case', 'n', 'p50', 'p95', 'p99', 'max', 'unit', 'note'];
  const body = rows.map((r) => [r.engine, r.size.toLocaleString('en'), r.case, String(r.n), String(r.p50), String(r.p95), String(r.p99), String(r.max), r.unit, r.note ?? '']);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => [...b[i]].length)));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(width[i] - [...c].length)).join(' │ ');
  return [line(head), width.map((w) => '─'.repeat(w)).join('─┼─'), ...body.map(line)].join('\n');
}

async function main() {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const wanted = process.argv.slice(2);
  const opts: RunOptions = {
    engines: (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim()).filter(Boolean) as Engine[],
    sizes: process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map((s) => Number(s.replace(/_/g, ''))) : null,
    pgUrl: process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    log: (m) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${m}\n`),
  };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_')).sort();
  let ran = 0;
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { scenario?: Scenario };
    const s = mod.scenario;
    if (!s || (wanted.length && !wanted.includes(s.name))) continue;
    ran++;
    opts.log(`${s.name}: ${s.description}`);
    const started = new Date();
    const rows = await s.run(opts);
    const durationS = Math.round((Date.now() - started.getTime()) / 1000);
    console.log(`\n${s.name} — ${s.description} (${durationS} s)\n${table(rows)}\n`);
    fs.mkdirSync(path.join(dir, 'results'), { recursive: true });
    const out = path.join(dir, 'results', `${s.name}.json`);
    fs.writeFileSync(out, JSON.stringify({
      scenario: s.name, description: s.description, startedAt: started.toISOString(), durationS,
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
      rows,
    }, null, 2) + '\n');
    opts.log(`wrote ${path.relative(process.cwd(), out)}`);
  }
  if (!ran) {
    console.error(wanted.length ? `no scenario named ${wanted.join(', ')}` : 'no scenarios found');
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
