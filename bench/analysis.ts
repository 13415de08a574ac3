// The member analysis (`npm run bench analysis`): GET /api/v1/analysis/members as the console's
// 会员分析 page asks it, at 1M members / 10M entries on PostgreSQL (100k / 1M on PGlite), through the
// HTTP API of a real server process, one request at a time: the last twelve months, five years, a
// department filter, a project filter, and a 案场 reader (department scope). The counts come from
// the member-analysis job's cells (its run is timed first). Target: p95 ≤ 300 ms.
import os from 'node:os';
import { migrate, rows, sql } from '../src/db/index.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { createRole, createUser } from '../src/modules/auth/service.ts';
import { countMemberAnalysis } from '../src/modules/analysis/service.ts';
import { eachDataset } from './generate.ts';
import { serve } from './serve.ts';
import { judge, summarise, type BenchRow, type Scenario } from './run.ts';

const target = { metric: 'p95', atMost: 300 } as const;

export const scenario: Scenario = {
  name: 'analysis',
  description: 'member analysis (GET /analysis/members): composition, joins and leaves, cohorts, level movements, reach',
  run: (opts) => eachDataset(opts, async (ds, sizeNote) => {
    const out: BenchRow[] = [];
    const perCase = Number(process.env.BENCH_QUERIES ?? 30);
    const { engine, size: { members: size } } = ds;
    await migrate(ds.db); // a kept data set may predate the analysis tables
    const t0 = performance.now();
    const job = await countMemberAnalysis(ds.db, 'Asia/Shanghai');
    const jobMs = Math.round(performance.now() - t0);
    out.push({ engine, size, case: 'member-analysis job (composition, flows, level movements)', n: 1, p50: jobMs, p95: jobMs, p99: jobMs, max: jobMs, unit: 'ms', note: `${job.cells} + ${job.flows} + ${job.moves} cells; ${sizeNote}` });
    opts.log(`  ${engine}: member-analysis job in ${jobMs} ms (${job.cells} + ${job.flows} + ${job.moves} cells)`);
    await ds.db.transaction(async (tx) => {
      const [u] = await rows(tx, sql`SELECT 1 FROM users WHERE login = 'bench_analyst'`);
      if (u) return;
      await createRole(tx, systemActor('bench'), { code: 'bench_office_analyst', nameZh: '案场分析', nameEn: 'Sales-office analyst', permissions: ['report.read', 'member.read'], dataScope: 'department' });
      await createUser(tx, systemActor('bench'), { login: 'bench_analyst', name: '西溪案场分析', password: 'Harbour-lamp-42', roleCodes: ['bench_office_analyst'], department: '西溪案场' });
    });
    const [{ project }] = await rows<{ project: string }>(ds.db.db, sql`SELECT coalesce((SELECT project FROM analysis_member_cells WHERE project <> '' GROUP BY 1 ORDER BY sum(members) DESC LIMIT 1), '') AS project`);
    const served = await serve(ds);
    try {
      const admin = await served.client();
      const office = await served.client('bench_analyst', 'Harbour-lamp-42');
      const path = '/api/v1/analysis/members';
      const cases = [
        { label: 'analysis: last 12 months', path, client: admin },
        { label: 'analysis: 5 years', path: `${path}?from=2021-01`, client: admin },
        { label: 'analysis: a department (西溪案场)', path: `${path}?department=${encodeURIComponent('西溪案场')}`, client: admin },
        { label: `analysis: a project (${project})`, path: `${path}?project=${encodeURIComponent(project)}`, client: admin },
        { label: 'analysis: a 案场 reader (department scope)', path, client: office },
      ];
      for (const c of cases) await c.client.get(c.path); // warm-up
      for (const c of cases) {
        const times: number[] = [];
        let last: any = null;
        for (let k = 0; k < perCase; k++) {
          const t1 = performance.now();
          const r = await c.client.get(c.path);
          times.push(performance.now() - t1);
          if (r.status !== 200) throw new Error(`${c.label}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
          last = r.body;
        }
        const joined = last.months.reduce((a: number, m: { joined: number }) => a + m.joined, 0);
        const note = `${sizeNote}; members ${last.composition.total.toLocaleString('en')}, joined ${joined.toLocaleString('en')} in ${last.months.length} months, ${last.cohorts.length} cohorts`;
        const row = judge({ engine, size, case: c.label, ...summarise(times), unit: 'ms', note }, target);
        out.push(row);
        opts.log(`  ${engine} ${c.label}: p50 ${row.p50} ms, p95 ${row.p95} ms`);
      }
      out.at(-1)!.note += `; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}`;
    } finally {
      await served.stop();
    }
    return out;
  }),
};
