// Customer value and segments (`npm run bench segments`): the member-value job over the whole club
// (1M members / 10M entries on PostgreSQL), timed once, then through the HTTP API of a real server
// process, one request at a time: the value overview, the churn-risk list, and a segment's live count
// (POST /segments/count) for a value filter, for member fields (department, points expiring within
// 60 days, no activity this year), and for a 案场 reader (department scope). Target: p95 ≤ 300 ms.
import os from 'node:os';
import { migrate, rows, sql } from '../src/db/index.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { createRole, createUser } from '../src/modules/auth/service.ts';
import { computeMemberValues } from '../src/modules/segments/value.ts';
import { eachDataset } from './generate.ts';
import { serve } from './serve.ts';
import { judge, summarise, type BenchRow, type Scenario } from './run.ts';

const target = { metric: 'p95', atMost: 300 } as const;

export const scenario: Scenario = {
  name: 'segments',
  description: 'customer value (member-value job, GET /value/overview, /value/members) and segment live counts (POST /segments/count)',
  run: (opts) => eachDataset(opts, async (ds, sizeNote) => {
    const out: BenchRow[] = [];
    const perCase = Number(process.env.BENCH_QUERIES ?? 20);
    const { engine, size: { members: size } } = ds;
    await migrate(ds.db); // a kept data set may predate the value tables
    const t0 = performance.now();
    const job = await computeMemberValues(ds.db, new Date(), 'Asia/Shanghai');
    const jobMs = Math.round(performance.now() - t0);
    out.push({ engine, size, case: 'member-value job (RFM, segments, churn, lifetime value)', n: 1, p50: jobMs, p95: jobMs, p99: jobMs, max: jobMs, unit: 'ms', note: `${job.members} members; ${sizeNote}` });
    opts.log(`  ${engine}: member-value job in ${jobMs} ms (${job.members} members)`);
    await ds.db.transaction(async (tx) => {
      const [u] = await rows(tx, sql`SELECT 1 FROM users WHERE login = 'bench_segments'`);
      if (u) return;
      await createRole(tx, systemActor('bench'), { code: 'bench_office_segments', nameZh: '案场客群', nameEn: 'Sales-office segments', permissions: ['segment.read', 'member.read'], dataScope: 'department' });
      await createUser(tx, systemActor('bench'), { login: 'bench_segments', name: '西溪案场客群', password: 'Harbour-lamp-42', roleCodes: ['bench_office_segments'], department: '西溪案场' });
    });
    const served = await serve(ds);
    try {
      const admin = await served.client();
      const office = await served.client('bench_segments', 'Harbour-lamp-42');
      const year = new Date().getFullYear();
      const count = (filters: object) => ({ method: 'post' as const, path: '/api/v1/segments/count', body: { filters } });
      const cases = [
        { label: 'value: overview', method: 'get' as const, path: '/api/v1/value/overview', client: admin },
        { label: 'value: churn-risk list (first page)', method: 'get' as const, path: '/api/v1/value/members?churnMin=60&sort=churn', client: admin },
        { label: 'segment count: 高价值 + 潜力', ...count({ valueSegments: ['high_value', 'potential'] }), client: admin },
        { label: 'segment count: 西溪案场, points expiring within 60 days, no activity this year', ...count({ departments: ['西溪案场'], expiringWithinDays: 60, lastActivityBefore: `${year}-01-01` }), client: admin },
        { label: 'segment count: churn ≥ 60 (a 案场 reader, department scope)', ...count({ churnMin: 60 }), client: office },
      ];
      const call = (c: (typeof cases)[number]) => (c.method === 'get' ? c.client.get(c.path) : c.client.post(c.path, (c as { body: object }).body));
      for (const c of cases) await call(c); // warm-up
      for (const c of cases) {
        const times: number[] = [];
        let last: any = null;
        for (let k = 0; k < perCase; k++) {
          const t1 = performance.now();
          const r = await call(c);
          times.push(performance.now() - t1);
          if (r.status !== 200) throw new Error(`${c.label}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
          last = r.body;
        }
        const what = last.count ?? last.members ?? last.total;
        const row = judge({ engine, size, case: c.label, ...summarise(times), unit: 'ms', note: `${sizeNote}; ${Number(what).toLocaleString('en')} members` }, target);
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
