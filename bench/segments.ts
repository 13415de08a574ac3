// Customer value and segments (`npm run bench segments`): the member-value job over the whole club
// (1M members / 10M entries on PostgreSQL), timed once, then through the HTTP API of a real server
// process, one request at a time: the value overview, the churn-risk list, and a segment's live count
// (POST /segments/count) for a value filter, for member fields (department, points expiring within
// 60 days, no activity this year), and for a 案场 reader (department scope); a saved segment's first
// page of members; the value lists as a 案场 reader. Wall and CPU time per request (bench/setup.ts).
// Target: p95 ≤ 300 ms.
import { migrate, rows, sql } from '../src/db/index.ts';
import { computeMemberValues } from '../src/modules/segments/value.ts';
import { eachDataset } from './generate.ts';
import { serve } from './serve.ts';
import { type BenchRow, type Scenario } from './run.ts';
import { benchPassword, departmentUser, timeCases, timeJob, type Case } from './setup.ts';

const target = { metric: 'p95', atMost: 300 } as const;

export const scenario: Scenario = {
  name: 'segments',
  description: 'customer value (member-value job, GET /value/overview, /value/members) and segments (POST /segments/count, GET /segments/:id/members)',
  run: (opts) => eachDataset(opts, async (ds, sizeNote) => {
    const out: BenchRow[] = [];
    const perCase = Number(process.env.BENCH_QUERIES ?? 20);
    const { engine } = ds;
    await migrate(ds.db); // a kept data set may predate the value tables
    const job = await timeJob(ds, 'member-value job (RFM, segments, churn, lifetime value, the filters\' member fields)', (r) => `${r.members} members; ${sizeNote}`,
      () => computeMemberValues(ds.db, new Date(), 'Asia/Shanghai'));
    out.push(job.row);
    opts.log(`  ${engine}: member-value job in ${job.row.p50} ms (${job.result.members} members)`);
    await departmentUser(ds, { login: 'bench_segments', name: '西溪案场客群', roleCode: 'bench_office_segments', roleZh: '案场客群', roleEn: 'Sales-office segments', permissions: ['segment.read', 'member.read'], department: '西溪案场' });
    const year = new Date().getFullYear();
    const [saved] = await rows<{ id: number }>(ds.db.db, sql`
      INSERT INTO segments (name, filters, created_by) SELECT 'bench: 西溪案场 VIP, points expiring within 60 days', ${JSON.stringify({ departments: ['西溪案场'], levels: ['vip'], expiringWithinDays: 60 })}::jsonb, 'bench'
      WHERE NOT EXISTS (SELECT 1 FROM segments WHERE name = 'bench: 西溪案场 VIP, points expiring within 60 days' AND deleted_at IS NULL)
      RETURNING id`);
    const segmentId = saved?.id ?? (await rows<{ id: number }>(ds.db.db, sql`SELECT id FROM segments WHERE name = 'bench: 西溪案场 VIP, points expiring within 60 days' AND deleted_at IS NULL`))[0].id;
    const served = await serve(ds);
    try {
      const admin = await served.client();
      const office = await served.client('bench_segments', benchPassword);
      const members = (b: any) => `${Number(b.count ?? b.members ?? b.total).toLocaleString('en')} members${b.asOf !== undefined ? (b.asOf ? ' (as of the run)' : ' (counted now)') : ''}`;
      const get = (client: typeof admin, url: string) => () => client.get(url);
      const count = (client: typeof admin, filters: object) => () => client.post('/api/v1/segments/count', { filters });
      const cases: Case[] = [
        { label: 'value: overview', call: get(admin, '/api/v1/value/overview'), note: members },
        { label: 'value: churn-risk list (first page)', call: get(admin, '/api/v1/value/members?churnMin=60&sort=churn'), note: members },
        { label: 'value: lifetime-value list, a 案场 reader (department scope)', call: get(office, '/api/v1/value/members?sort=ltv'), note: members },
        { label: 'segment count: 高价值 + 潜力', call: count(admin, { valueSegments: ['high_value', 'potential'] }), note: members },
        { label: 'segment count: 西溪案场, points expiring within 60 days, no activity this year', call: count(admin, { departments: ['西溪案场'], expiringWithinDays: 60, lastActivityBefore: `${year}-01-01` }), note: members },
        { label: 'segment count: churn ≥ 60 (a 案场 reader, department scope)', call: count(office, { churnMin: 60 }), note: members },
        { label: 'segment count: VIP who joined in the last two years, 500+ points', call: count(admin, { levels: ['vip'], joinedFrom: `${year - 2}-01-01`, pointsMin: 500 }), note: members },
        { label: 'segment members: first page (西溪案场 VIP, points expiring within 60 days)', call: get(admin, `/api/v1/segments/${segmentId}/members`), note: members },
      ];
      out.push(...await timeCases(ds, served, cases, perCase, target, sizeNote, opts.log));
    } finally {
      await served.stop();
    }
    return out;
  }),
};
