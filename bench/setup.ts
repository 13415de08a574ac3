// What the latency scenarios over the generated club share (analysis, segments): time one run of the
// job that keeps the summaries a page reads, create (once per kept data set) a bench user of a
// department-scope role, and time requests one at a time with the CPU time they cost beside the wall
// time (the machine is shared: wall time is inflated by others' work, CPU time much less).
import fs from 'node:fs';
import os from 'node:os';
import { rows, sql } from '../src/db/index.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import type { Permission } from '../src/modules/auth/permissions.ts';
import { createRole, createUser } from '../src/modules/auth/service.ts';
import type { Dataset } from './generate.ts';
import type { Served } from './serve.ts';
import { judge, summarise, type BenchRow, type Target } from './run.ts';

export const benchPassword = 'Harbour-lamp-42';

/** One timed run of a job function: its row (ms) and what it returned. */
export async function timeJob<R>(ds: Dataset, label: string, note: (r: R) => string, run: () => Promise<R>): Promise<{ row: BenchRow; result: R }> {
  const t0 = performance.now();
  const result = await run();
  const ms = Math.round(performance.now() - t0);
  return { row: { engine: ds.engine, size: ds.size.members, case: label, n: 1, p50: ms, p95: ms, p99: ms, max: ms, unit: 'ms', note: note(result) }, result };
}

/** A user of a role with these permissions and a department data scope (created once; a kept data set has it already). */
export async function departmentUser(ds: Dataset, u: { login: string; name: string; roleCode: string; roleZh: string; roleEn: string; permissions: Permission[]; department: string }): Promise<void> {
  await ds.db.transaction(async (tx) => {
    const [found] = await rows(tx, sql`SELECT 1 FROM users WHERE login = ${u.login}`);
    if (found) return;
    await createRole(tx, systemActor('bench'), { code: u.roleCode, nameZh: u.roleZh, nameEn: u.roleEn, permissions: u.permissions, dataScope: 'department' });
    await createUser(tx, systemActor('bench'), { login: u.login, name: u.name, password: benchPassword, roleCodes: [u.roleCode], department: u.department });
  });
}

/**
 * CPU time actually spent (ms): every thread of the server process and every PostgreSQL backend of
 * the data set's database (/proc/<pid>/task/<tid>/schedstat); parallel query workers are not seen.
 */
export async function cpuMeter(ds: Dataset, served: Served) {
  const pids = [served.pid, ...(ds.engine === 'postgres'
    ? (await rows<{ pid: number }>(ds.db.db, sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).map((r) => r.pid) : [])];
  const ns = () => pids.reduce((sum, pid) => {
    try {
      return sum + fs.readdirSync(`/proc/${pid}/task`).reduce((s, tid) => s + Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]), 0);
    } catch {
      return sum;
    }
  }, 0);
  return () => {
    const start = ns();
    return () => (ns() - start) / 1e6;
  };
}

export interface Case { label: string; call: () => Promise<{ status: number; body: any }>; note: (body: any) => string }

/**
 * Each case `perCase` times, one request at a time after a warm-up: a row of wall time judged
 * against the target (note: what the reply held, the load average) and a row of CPU time.
 */
export async function timeCases(ds: Dataset, served: Served, cases: Case[], perCase: number, target: Target, sizeNote: string, log: (s: string) => void): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  for (const c of cases) await c.call(); // warm-up
  const meter = await cpuMeter(ds, served);
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  for (const c of cases) {
    const times: number[] = [];
    const cpu: number[] = [];
    let last: any = null;
    for (let k = 0; k < perCase; k++) {
      const used = meter();
      const t1 = performance.now();
      const r = await c.call();
      times.push(performance.now() - t1);
      cpu.push(used());
      if (r.status !== 200) throw new Error(`${c.label}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      last = r.body;
    }
    const row = judge({ engine: ds.engine, size: ds.size.members, case: c.label, ...summarise(times), unit: 'ms', note: `${sizeNote}; ${c.note(last)}; load average ${load()}` }, target);
    const cpuRow: BenchRow = { engine: ds.engine, size: ds.size.members, case: `${c.label}, CPU time (server process + PostgreSQL backends)`, ...summarise(cpu), unit: 'ms', note: sizeNote };
    out.push(row, cpuRow);
    log(`  ${ds.engine} ${c.label}: p50 ${row.p50} ms, p95 ${row.p95} ms (CPU p50 ${cpuRow.p50} / p95 ${cpuRow.p95} ms), load ${load()}`);
  }
  return out;
}
