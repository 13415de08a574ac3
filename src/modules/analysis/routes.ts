// HTTP API of the member analysis (会员分析): one request for every chart of the page.
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { commonErrors, isoDate } from '../../http/schemas.ts';
import { memberAnalysis } from './service.ts';

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

export default function routes(app: App, ctx: Ctx) {
  app.get('/analysis/members', {
    config: { permission: 'report.read' },
    schema: {
      tags: ['analysis'],
      summary: 'Member analysis: composition, joins and leaves per month, cohort retention, level movements, reach of notices and care — within the data scope',
      querystring: z.object({
        from: z.string().optional().describe('first company month YYYY-MM (default: eleven months before `to`)'),
        to: z.string().optional().describe('last company month YYYY-MM (default: this month)'),
        project: z.string().optional(),
        department: z.string().optional(),
      }),
      response: { 200: analysisReply, ...commonErrors },
    },
  }, async (req) => memberAnalysis(ctx.db.db, req.actor!, req.query, ctx.config.timeZone));
}
