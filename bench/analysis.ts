// The member analysis (`npm run bench analysis`): GET /api/v1/analysis/members as the console's
// 会员分析 page asks it, at 1M members / 10M entries on PostgreSQL (100k / 1M on PGlite), through the
// HTTP API of a real server process, one request at a time: the last twelve months, five years, a
// department filter, a project filter, and a 案场 reader (department scope). The counts come from
// the member-analysis job's cells (its run is timed first). Also the merchant participation of the
// same page (GET /merchants/participation), as an administrator and as the 案场 reader. Wall time and
// CPU time per request (bench/setup.ts). Target: p95 ≤ 300 ms.
import { migrate, rows, sql } from '../src/db/index.ts';
import { countMemberAnalysis } from '../src/modules/analysis/service.ts';
import { eachDataset } from './generate.ts';
import { serve } from './serve.ts';
import { type BenchRow, type Scenario } from './run.ts';
import { benchPassword, departmentUser, timeCases, timeJob, type Case } from './setup.ts';

const target = { metric: 'p95', atMost: 300 } as const;

export const scenario: Scenario = {
  name: 'analysis',
  description: 'member analysis (GET /analysis/members): composition, joins and leaves, cohorts, level movements, reach; merchant participation (GET /merchants/participation)',
  run: (opts) => eachDataset(opts, async (ds, sizeNote) => {
    const out: BenchRow[] = [];
    const perCase = Number(process.env.BENCH_QUERIES ?? 30);
    const { engine } = ds;
    await migrate(ds.db); // a kept data set may predate the analysis tables
    const job = await timeJob(ds, 'member-analysis job (composition, flows, level movements)', (r) => `${r.cells} + ${r.flows} + ${r.moves} cells; ${sizeNote}`,
      () => countMemberAnalysis(ds.db, 'Asia/Shanghai'));
    out.push(job.row);
    opts.log(`  ${engine}: member-analysis job in ${job.row.p50} ms (${job.row.note})`);
    await departmentUser(ds, { login: 'bench_analyst', name: '西溪案场分析', roleCode: 'bench_office_analyst', roleZh: '案场分析', roleEn: 'Sales-office analyst', permissions: ['report.read', 'member.read'], department: '西溪案场' });
    const [{ project }] = await rows<{ project: string }>(ds.db.db, sql`SELECT coalesce((SELECT project FROM analysis_member_cells WHERE project <> '' GROUP BY 1 ORDER BY sum(members) DESC LIMIT 1), '') AS project`);
    const served = await serve(ds);
    try {
      const admin = await served.client();
      const office = await served.client('bench_analyst', benchPassword);
      const path = '/api/v1/analysis/members';
      const analysisNote = (b: any) => {
        const joined = b.months.reduce((a: number, m: { joined: number }) => a + m.joined, 0);
        return `members ${b.composition.total.toLocaleString('en')}, joined ${joined.toLocaleString('en')} in ${b.months.length} months, ${b.cohorts.length} cohorts`;
      };
      const participationNote = (b: any) => `${b.byMerchant.length} merchants, ${b.quarters.reduce((a: number, q: { participations: number }) => a + q.participations, 0).toLocaleString('en')} uses in ${b.quarters.length} quarters`;
      const get = (client: typeof admin, url: string) => () => client.get(url);
      const cases: Case[] = [
        { label: 'analysis: last 12 months', call: get(admin, path), note: analysisNote },
        { label: 'analysis: 5 years', call: get(admin, `${path}?from=2021-01`), note: analysisNote },
        { label: 'analysis: a department (西溪案场)', call: get(admin, `${path}?department=${encodeURIComponent('西溪案场')}`), note: analysisNote },
        { label: `analysis: a project (${project})`, call: get(admin, `${path}?project=${encodeURIComponent(project)}`), note: analysisNote },
        { label: 'analysis: a 案场 reader (department scope)', call: get(office, path), note: analysisNote },
        { label: 'merchant participation: last 12 months', call: get(admin, '/api/v1/merchants/participation'), note: participationNote },
        { label: 'merchant participation: a 案场 reader (department scope)', call: get(office, '/api/v1/merchants/participation'), note: participationNote },
      ];
      out.push(...await timeCases(ds, served, cases, perCase, target, sizeNote, opts.log));
    } finally {
      await served.stop();
    }
    return out;
  }),
};
