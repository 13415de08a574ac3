// The home page (`npm run bench home`): GET /api/v1/home — every count of what waits and the club's
// key figures of the month in one request — at 1M members / 10M ledger entries on PostgreSQL (100k /
// 1M on PGlite), through the HTTP API of a real server process, one request at a time, as an
// administrator (every count, scope all) and as a 案场 lead (department scope, approving). The
// points figures come from the summaries the points-summary job keeps (run first when the data set
// has none), members by level from the home-figures job's counts (run first, timed). Target: p95 ≤ 100 ms.
import fs from 'node:fs';
import os from 'node:os';
import { migrate, rows, sql } from '../src/db/index.ts';
import { countHomeFigures } from '../src/modules/home/jobs.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { createRole, createUser } from '../src/modules/auth/service.ts';
import { summarisePoints } from '../src/modules/points/summary.ts';
import { eachDataset } from './generate.ts';
import { serve } from './serve.ts';
import { judge, summarise, type BenchRow, type Scenario } from './run.ts';

const target = { metric: 'p95', atMost: 100 } as const;

/**
 * CPU time actually spent (ns → ms), which a busy shared machine does not inflate the way it
 * inflates wall time: every thread of the server process and every PostgreSQL backend of the data
 * set's database (/proc/<pid>/task/<tid>/schedstat). Parallel query workers, which live for one
 * query, are not seen.
 */
function cpuMeter(pids: number[]) {
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
const leadPermissions = ['member.read', 'member.approve', 'member.leave.approve', 'card.approve', 'points.read', 'points.approve', 'notify.manage', 'complaint.manage', 'care.manage'];

export const scenario: Scenario = {
  name: 'home',
  description: 'the home page (GET /home): counts of what waits and the key figures of the month, one request',
  run: (opts) => eachDataset(opts, async (ds, sizeNote) => {
    const out: BenchRow[] = [];
    const perCase = Number(process.env.BENCH_QUERIES ?? 30);
    const { engine, size: { members: size } } = ds;
    const [{ until }] = await rows<{ until: string | null }>(ds.db.db, sql`SELECT (SELECT summarised_until::text FROM points_summary WHERE id = 1) AS until`);
    if (!until) {
      opts.log(`  ${engine}: no points summary yet — running the points-summary job first`);
      await summarisePoints(ds.db, new Date());
    }
    await migrate(ds.db); // a kept data set may predate the home page's table
    const t0 = performance.now();
    const job = await countHomeFigures(ds.db);
    const jobMs = Math.round(performance.now() - t0);
    out.push({ engine, size, case: 'home-figures job (members by department and level)', n: 1, p50: jobMs, p95: jobMs, p99: jobMs, max: jobMs, unit: 'ms', note: `${job.cells} cells; ${sizeNote}` });
    opts.log(`  ${engine}: home-figures job in ${jobMs} ms`);
    await ds.db.transaction(async (tx) => {
      const [u] = await rows(tx, sql`SELECT 1 FROM users WHERE login = 'bench_lead'`);
      if (u) return;
      await createRole(tx, systemActor('bench'), { code: 'bench_office_lead', nameZh: '案场经理', nameEn: 'Sales-office lead', permissions: leadPermissions, dataScope: 'department' });
      await createUser(tx, systemActor('bench'), { login: 'bench_lead', name: '西溪案场经理', password: 'Harbour-lamp-42', roleCodes: ['bench_office_lead'], department: '西溪案场' });
    });
    const served = await serve(ds);
    try {
      const cases = [
        { label: 'home: administrator (every count, scope all)', client: await served.client() },
        { label: 'home: a 案场 lead (department scope, approving)', client: await served.client('bench_lead', 'Harbour-lamp-42') },
      ];
      for (const c of cases) await c.client.get('/api/v1/home'); // warm-up
      const backends = engine === 'postgres'
        ? (await rows<{ pid: number }>(ds.db.db, sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).map((r) => r.pid)
        : [];
      const meter = cpuMeter([served.pid, ...backends]);
      for (const c of cases) {
        const times: number[] = [];
        const cpu: number[] = [];
        let last: any = null;
        for (let k = 0; k < perCase; k++) {
          const t0 = performance.now();
          const used = meter();
          const r = await c.client.get('/api/v1/home');
          times.push(performance.now() - t0);
          cpu.push(used());
          if (r.status !== 200) throw new Error(`${c.label}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
          last = r.body;
        }
        const todos = Object.entries(last.todos as Record<string, number>).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ');
        const m = last.figures.members;
        const note = `${sizeNote}; ${todos}; members ${m?.total?.toLocaleString('en')} (joined ${m?.joined}, left ${m?.left} this month), liability ${last.figures.points?.liability?.toLocaleString('en')}`;
        const row = judge({ engine, size, case: c.label, ...summarise(times), unit: 'ms', note }, target);
        out.push(row);
        const cpuRow: BenchRow = { engine, size, case: `${c.label}, CPU time (server process + PostgreSQL backends)`, ...summarise(cpu), unit: 'ms', note: sizeNote };
        out.push(cpuRow);
        opts.log(`  ${engine} ${c.label}: p50 ${row.p50} ms, p95 ${row.p95} ms (CPU p50 ${cpuRow.p50} / p95 ${cpuRow.p95} ms) — ${todos}`);
      }
      // the machine's floor at this moment: an HTTP request doing one SELECT 1
      const floor: number[] = [];
      const floorCpu: number[] = [];
      for (let k = 0; k < perCase; k++) {
        const t0 = performance.now();
        const used = meter();
        await cases[0].client.get('/api/health');
        floor.push(performance.now() - t0);
        floorCpu.push(used());
      }
      const health: BenchRow = { engine, size, case: 'for comparison: GET /api/health (one SELECT 1), same server, same moment', ...summarise(floor), unit: 'ms', note: `${sizeNote}; CPU time p50 ${summarise(floorCpu).p50} / p95 ${summarise(floorCpu).p95} ms` };
      out.push(health);
      opts.log(`  ${engine} GET /api/health: p50 ${health.p50} ms, p95 ${health.p95} ms`);
      out.at(-1)!.note += `; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}`;
    } finally {
      await served.stop();
    }
    return out;
  }),
};
