// The points liability and redemption-rate dashboard (`npm run bench dashboard`) over the generated
// ledger (10M entries on PostgreSQL, 1M on PGlite): GET /api/v1/points/dashboard as the console's
// 积分统计 page asks it (the last twelve months by month, five years by quarter, all by year, a sales
// office's department), and GET /points/stats, through the HTTP API. Target: ≤ 500 ms. Also timed:
// the points-summary job that keeps what the dashboard reads — its first run over the whole
// history, then a regular run — and the redemption statistics the same page shows.
import os from 'node:os';
import { rows, sql } from '../src/db/index.ts';
import { summarisePoints } from '../src/modules/points/summary.ts';
import { eachDataset } from './generate.ts';
import { serve } from './serve.ts';
import { judge, summarise, type BenchRow, type Scenario } from './run.ts';

const target = { metric: 'p95', atMost: 500 } as const;

export const scenario: Scenario = {
  name: 'dashboard',
  description: 'points liability and redemption-rate dashboard (GET /points/dashboard) over the generated ledger',
  run: (opts) => eachDataset(opts, async (ds, sizeNote) => {
    const out: BenchRow[] = [];
    const perCase = Number(process.env.BENCH_QUERIES ?? 30);
    const { engine, size: { members: size } } = ds;
    const one = (seconds: number) => ({ n: 1, p50: seconds, p95: seconds, p99: seconds, max: seconds, unit: 's' as const });
    // the job as a deployment runs it: first over the whole history (once), then every ten minutes
    const [{ until }] = await rows<{ until: string | null }>(ds.db.db, sql`SELECT (SELECT summarised_until::text FROM points_summary WHERE id = 1) AS until`);
    if (!until) {
      const t0 = performance.now();
      const first = await summarisePoints(ds.db, new Date());
      const s = Math.round((performance.now() - t0) / 100) / 10;
      out.push({ engine, size, case: 'points-summary job, first run (whole history into daily summaries, liability)', ...one(s), note: `${first.days} steps of up to a year; ${sizeNote}` });
      opts.log(`  ${engine}: first summary run in ${s} s (${first.days} steps)`);
    }
    const t1 = performance.now();
    await summarisePoints(ds.db, new Date());
    const regular = Math.round(performance.now() - t1);
    out.push({ engine, size, case: 'points-summary job, a regular run (last days again, liability snapshot)', n: 1, p50: regular, p95: regular, p99: regular, max: regular, unit: 'ms', note: sizeNote });
    const served = await serve(ds);
    try {
      const admin = await served.client();
      const sales = await served.officeClient();
      const cases: { label: string; path: string; client: typeof admin; judged: boolean }[] = [
        { label: 'dashboard: last 12 months by month', path: '/api/v1/points/dashboard', client: admin, judged: true },
        { label: 'dashboard: 5 years by quarter', path: '/api/v1/points/dashboard?period=quarter&from=2021-01-01', client: admin, judged: true },
        { label: 'dashboard: all by year', path: '/api/v1/points/dashboard?period=year&from=2000-01-01', client: admin, judged: true },
        { label: 'dashboard: a sales office (department scope)', path: '/api/v1/points/dashboard', client: sales, judged: true },
        { label: 'points statistics (GET /points/stats), all time', path: '/api/v1/points/stats', client: admin, judged: true },
        { label: 'redemption statistics by plan (GET /redemptions/stats), all time', path: '/api/v1/redemptions/stats?groupBy=plan', client: admin, judged: false },
      ];
      for (const c of cases) await c.client.get(c.path); // warm-up
      let checked = '';
      for (const c of cases) {
        const times: number[] = [];
        let last: any = null;
        for (let k = 0; k < (c.judged ? perCase : Math.min(perCase, 5)); k++) {
          const t0 = performance.now();
          const r = await c.client.get(c.path);
          times.push(performance.now() - t0);
          if (r.status !== 200) throw new Error(`${c.label}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
          last = r.body;
        }
        let note = sizeNote;
        if (last?.liability) {
          note += `; liability ${last.liability.points.toLocaleString('en')} points of ${last.liability.members.toLocaleString('en')} members, redemption rate ${((last.totals.redemptionRate ?? 0) * 100).toFixed(1)} %`;
          if (c.path === '/api/v1/points/dashboard' && c.client === admin) checked = `${last.liability.points}`;
        }
        const row: BenchRow = { engine, size, case: c.label, ...summarise(times), unit: 'ms', note };
        out.push(c.judged ? judge(row, target) : { ...row, note: `${note}; reads every redemption (not summarised)` });
        opts.log(`  ${engine} ${c.label}: p50 ${row.p50} ms, p95 ${row.p95} ms`);
      }
      // the liability shown equals the sum of the balances (the snapshot was just taken, nothing posted since)
      const [{ outstanding }] = await rows<{ outstanding: number }>(ds.db.db, sql`SELECT coalesce(sum(balance), 0)::bigint AS outstanding FROM points_accounts`);
      if (checked && Number(checked) !== Number(outstanding)) throw new Error(`dashboard liability ${checked} ≠ Σ balances ${outstanding}`);
      out.at(-1)!.note += `; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}`;
    } finally {
      await served.stop();
    }
    return out;
  }),
};
