// The member analysis (`npm run bench analysis`): GET /api/v1/analysis/members as the console's
// 会员分析 page asks it, at 1M members / 10M entries on PostgreSQL (100k / 1M on PGlite), through the
// HTTP API of a real server process, one request at a time: the last twelve months, five years, a
// department filter, a project filter, and a 案场 reader (department scope). The counts come from
// the member-analysis job's cells (its run is timed first). Also the merchant participation of the
// same page (GET /merchants/participation), as an administrator and as the 案场 reader, from the cells
// the same job counts next (countMerchantParticipation, timed too). Wall time and
// CPU time per request (bench/setup.ts). Target: p95 ≤ 300 ms. The generated club has no merchants:
// once per data set, 40 merchants with 120 services are added, used by 30 % of the live members one to
// three times each over the last two years (about 0.6M uses at 1M members, 60 % rated), with each
// service's quarterly feedback (merchantUses).
import { migrate, rows, sql } from '../src/db/index.ts';
import type { Dataset } from './generate.ts';
import { countMemberAnalysis } from '../src/modules/analysis/service.ts';
import { countMerchantParticipation } from '../src/modules/merchants/participation-cells.ts';
import { memberLevelsTableSql } from '../src/modules/cards/levels.ts';
import { eachDataset } from './generate.ts';
import { serve } from './serve.ts';
import { type BenchRow, type Scenario } from './run.ts';
import { benchPassword, departmentUser, timeCases, timeJob, type Case } from './setup.ts';

const target = { metric: 'p95', atMost: 300 } as const;

/** Partner merchants, their services, members' uses and quarterly feedback (once per data set: a kept one has them). */
async function merchantUses(ds: Dataset): Promise<{ uses: number; seconds: number }> {
  const t0 = performance.now();
  const [{ n }] = await rows<{ n: number }>(ds.db.db, sql`SELECT count(*)::int AS n FROM merchants WHERE code LIKE 'BENCH%'`);
  if (!n) {
    await ds.db.transaction(async (tx) => {
      await rows(tx, sql`INSERT INTO merchants (code, name, type, importance)
        SELECT 'BENCH' || lpad(i::text, 3, '0'), (ARRAY['湖畔', '西溪', '滨江', '良渚', '钱塘'])[1 + i % 5] || (ARRAY['健身会所', '茶舍', '儿童乐园', '口腔诊所', '洗车中心', '花艺工作室', '书店', '西餐厅'])[1 + i % 8] || i,
          (ARRAY['餐饮', '健康', '教育', '汽车', '生活'])[1 + i % 5], (ARRAY['high', 'normal', 'normal', 'low'])[1 + i % 4]
        FROM generate_series(1, 40) i`);
      await rows(tx, sql`INSERT INTO merchant_services (merchant_id, name, starts_on, eligible_levels, discount_percent)
        SELECT m.id, m.name || (ARRAY['会员折扣', '免费体验', '生日礼遇'])[k], current_date - 800, CASE k WHEN 2 THEN ARRAY['vip'] ELSE ARRAY['normal', 'vip'] END, (ARRAY[88, 0, 95])[k]
        FROM merchants m CROSS JOIN generate_series(1, 3) k WHERE m.code LIKE 'BENCH%'`);
      await rows(tx, sql`
        WITH svc AS (SELECT array_agg(s.id ORDER BY s.id) AS ids FROM merchant_services s JOIN merchants m ON m.id = s.merchant_id WHERE m.code LIKE 'BENCH%'),
        lvl AS (SELECT member_id, min(level) AS level FROM ${memberLevelsTableSql} cl GROUP BY member_id)
        INSERT INTO merchant_service_participations (service_id, member_id, level, participated_at, rating, recorded_by)
        SELECT svc.ids[1 + floor(random() * array_length(svc.ids, 1))::int], m.id, lvl.level, now() - random() * interval '730 days',
          CASE WHEN random() < 0.6 THEN (floor(random() * 5) - 2)::smallint END, 'bench'
        FROM svc, members m TABLESAMPLE BERNOULLI (30) CROSS JOIN LATERAL generate_series(1, 1 + m.id % 3) g
          LEFT JOIN lvl ON lvl.member_id = m.id
        WHERE m.status <> 'archived'`);
      await rows(tx, sql`INSERT INTO merchant_service_feedback (service_id, quarter, feedback, participation_count, rating, recorded_by)
        SELECT s.id, to_char(q, 'YYYY') || '-Q' || to_char(q, 'Q'), '本季度服务会员' || (50 + s.id % 200) || '人次', 50 + s.id % 200, (s.id % 5 - 2)::smallint, 'bench'
        FROM merchant_services s JOIN merchants m ON m.id = s.merchant_id
          CROSS JOIN generate_series(date_trunc('quarter', now()) - interval '21 months', date_trunc('quarter', now()), interval '3 months') q
        WHERE m.code LIKE 'BENCH%'`);
    });
    await rows(ds.db.db, sql`ANALYZE merchant_service_participations`);
  }
  const [{ uses }] = await rows<{ uses: number }>(ds.db.db, sql`SELECT count(*)::int AS uses FROM merchant_service_participations`);
  return { uses, seconds: (performance.now() - t0) / 1000 };
}

export const scenario: Scenario = {
  name: 'analysis',
  description: 'member analysis (GET /analysis/members): composition, joins and leaves, cohorts, level movements, reach; merchant participation (GET /merchants/participation)',
  run: (opts) => eachDataset(opts, async (ds, sizeNote) => {
    const out: BenchRow[] = [];
    const perCase = Number(process.env.BENCH_QUERIES ?? 30);
    const { engine } = ds;
    await migrate(ds.db); // a kept data set may predate the analysis tables
    const merchants = await merchantUses(ds);
    opts.log(`  ${engine}: ${merchants.uses.toLocaleString('en')} merchant service uses (${merchants.seconds.toFixed(1)} s)`);
    const job = await timeJob(ds, 'member-analysis job (composition, flows, level movements)', (r) => `${r.cells} + ${r.flows} + ${r.moves} cells; ${sizeNote}`,
      () => countMemberAnalysis(ds.db, 'Asia/Shanghai'));
    out.push(job.row);
    opts.log(`  ${engine}: member-analysis job in ${job.row.p50} ms (${job.row.note})`);
    // the same job's second part: the merchant participation cells the participation requests read
    const cellsJob = await timeJob(ds, 'member-analysis job: merchant participation cells', (r) => `${r.useCells} use cells + ${r.memberCells} member cells from ${merchants.uses.toLocaleString('en')} uses; ${sizeNote}`,
      () => countMerchantParticipation(ds.db, 'Asia/Shanghai'));
    out.push(cellsJob.row);
    opts.log(`  ${engine}: merchant participation cells in ${cellsJob.row.p50} ms (${cellsJob.row.note})`);
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
