// HTTP API of the member analysis (会员分析): one request for every chart of the page.
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { columns, enumLabel, exportRoute } from '../../http/export.ts';
import { commonErrors, isoDate } from '../../http/schemas.ts';
import { memberAnalysis, retentionSteps, type AnalysisFilters } from './service.ts';
import './refresh.ts';

const counts = z.array(z.object({ key: z.string().describe("the value ('' none)"), members: z.number() }));
const month = z.string().describe('company month YYYY-MM');

export const analysisReply = z.object({
  from: month, to: month,
  asOf: isoDate.nullable().describe('when the member-analysis job counted the members; null: counted now'),
  composition: z.object({
    total: z.number().describe('members (not archived)'),
    byLevel: counts.describe('by card type of the active main card'),
    byChannel: z.array(z.object({ channel: z.string(), subChannel: z.string().describe("客服中心's sub-channel ('' none)"), members: z.number() })),
    byProject: counts.describe("project of the member's latest purchase"),
    byDepartment: counts.describe("department of the member's customer record"),
    byStatus: counts.describe('active / leaving / archived (archived members included)'),
  }),
  months: z.array(z.object({ month, joined: z.number(), left: z.number().describe('archived in the month'), net: z.number() })),
  cohorts: z.array(z.object({
    month: month.describe('the month the cohort joined'), members: z.number(),
    retention: z.array(z.object({
      after: z.number().describe('months after joining'),
      retained: z.number().nullable().describe('still members when that month began; null: not reached yet'),
      rate: z.number().nullable(),
    })),
  })),
  levelMoves: z.array(z.object({ month, upgrades: z.number(), downgrades: z.number() })),
  reach: z.object({
    members: z.number(), notices: z.number().describe('members a notice reached (sent, or recorded as reached) in the period'),
    care: z.number().describe('members care reached (sent, or recorded as reached) in the period'),
    noticeRate: z.number().nullable(), careRate: z.number().nullable(),
  }),
});

const filters = z.object({
  from: z.string().optional().describe('first company month YYYY-MM (default: eleven months before `to`)'),
  to: z.string().optional().describe('last company month YYYY-MM (default: this month)'),
  project: z.string().optional(),
  department: z.string().optional(),
});
const dimensions = ['level', 'channel', 'project', 'department', 'status'] as const;
const statusLabel = enumLabel({ active: ['正常', 'active'], leaving: ['退会中', 'leaving'], archived: ['已退会', 'left'] });
const none = (v: string, lang: string) => v || (lang === 'en' ? '(none)' : '（无）');
type Reply = z.infer<typeof analysisReply>;

export default function routes(app: App, ctx: Ctx) {
  const tags = ['analysis'];
  const analysis = (q: AnalysisFilters, actor: Parameters<typeof memberAnalysis>[1], db: Parameters<typeof memberAnalysis>[0]): Promise<Reply> => memberAnalysis(db, actor, q, ctx.config.timeZone);
  // every table of the page as CSV / XLSX: the page's filters, the same figures
  exportRoute(app, ctx, { path: '/analysis/members/composition/export', permission: 'report.read', tags, query: filters.extend({ dimension: z.enum(dimensions).default('level') }) }, {
    list: 'analysis-composition', title: ['会员构成', 'Membership'], dictionaries: ['card_type', 'application_channel'],
    columns: columns<{ key: string; sub: string; members: number; dimension: (typeof dimensions)[number] }>([
      ['分类', 'Group', (r, lang, dict) => (r.dimension === 'level' ? (r.key ? dict('card_type', r.key) : none('', lang))
        : r.dimension === 'channel' ? (r.key ? [dict('application_channel', r.key), r.sub && dict('application_channel', r.sub)].filter(Boolean).join(' · ') : none('', lang))
          : r.dimension === 'status' ? statusLabel(r.key, lang) : none(r.key, lang))],
      ['会员数', 'Members', (r) => r.members],
    ]),
    rows: async ({ dimension, ...q }, actor, _params, db) => {
      const c = (await analysis(q, actor, db)).composition;
      if (dimension === 'channel') return c.byChannel.map((r) => ({ key: r.channel, sub: r.subChannel, members: r.members, dimension }));
      const list = { level: c.byLevel, project: c.byProject, department: c.byDepartment, status: c.byStatus }[dimension];
      return list.map((r) => ({ ...r, sub: '', dimension }));
    },
  });
  exportRoute(app, ctx, { path: '/analysis/members/months/export', permission: 'report.read', tags, query: filters }, {
    list: 'analysis-months', title: ['每月入会与退会', 'Joins and leaves per month'],
    columns: columns<Reply['months'][number]>([['月份', 'Month', (r) => r.month], ['入会', 'Joined', (r) => r.joined], ['退会', 'Left', (r) => r.left], ['净增', 'Net change', (r) => r.net]]),
    rows: async (q, actor, _params, db) => (await analysis(q, actor, db)).months,
  });
  exportRoute(app, ctx, { path: '/analysis/members/cohorts/export', permission: 'report.read', tags, query: filters }, {
    list: 'analysis-cohorts', title: ['入会同期留存', 'Cohort retention'],
    columns: columns<Reply['cohorts'][number]>([
      ['入会月份', 'Joined in', (r) => r.month], ['入会人数', 'Joined', (r) => r.members],
      ...retentionSteps.flatMap((k, i) => [
        [`${k} 个月后仍为会员`, `Members after ${k} months`, (r: Reply['cohorts'][number]) => r.retention[i].retained],
        [`${k} 个月留存率`, `Retention after ${k} months`, (r: Reply['cohorts'][number]) => r.retention[i].rate],
      ] as [string, string, (r: Reply['cohorts'][number]) => number | null][]),
    ]),
    rows: async (q, actor, _params, db) => (await analysis(q, actor, db)).cohorts,
  });
  exportRoute(app, ctx, { path: '/analysis/members/level-moves/export', permission: 'report.read', tags, query: filters }, {
    list: 'analysis-level-moves', title: ['等级变动', 'Level changes'],
    columns: columns<Reply['levelMoves'][number]>([['月份', 'Month', (r) => r.month], ['升级', 'Upgrades', (r) => r.upgrades], ['降级', 'Downgrades', (r) => r.downgrades]]),
    rows: async (q, actor, _params, db) => (await analysis(q, actor, db)).levelMoves,
  });

  app.get('/analysis/members', {
    config: { permission: 'report.read', replica: true },
    schema: {
      tags,
      summary: 'Member analysis: composition, joins and leaves per month, cohort retention, level movements, reach of notices and care — within the data scope',
      querystring: filters,
      response: { 200: analysisReply, ...commonErrors },
    },
  }, async (req) => ctx.read(req, (db, actor) => memberAnalysis(db, actor, req.query, ctx.config.timeZone)));
}
