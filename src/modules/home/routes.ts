// HTTP API of the home page (首页): one request for everything the page shows.
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { commonErrors, isoDate } from '../../http/schemas.ts';
import { homePage } from './service.ts';

const count = (what: string) => z.number().optional().describe(`${what}; absent without the permission to act on it`);

export default function routes(app: App, ctx: Ctx) {
  app.get('/home', {
    config: { replica: true }, // a dashboard: the read replica may serve it
    schema: {
      tags: ['home'],
      summary: 'The home page of the signed-in user: counts of what waits for them (by permission, within their data scope) and the club\'s key figures of the company month',
      response: {
        200: z.object({
          month: z.string().describe('the company month (YYYY-MM) the figures are of'),
          todos: z.object({
            applications: count('pending applications (member.approve)'),
            leaveRequests: count('pending leave requests (member.leave.approve)'),
            cardRequests: count('pending card upgrade and change requests (card.approve)'),
            pointsApprovals: count('pending points entries (points.approve)'),
            overdueSteps: count('unfinished complaint steps past their expected finish (complaint.manage)'),
            careToDos: count('care results staff must record (care.manage)'),
            unreachedMembers: count('members the welcome notice did not reach (notify.manage)'),
            failedNotices: count('SMS and e-mails that failed (notify.manage)'),
            importsRunning: count('imports waiting or running (customer.import)'),
            importsFailed: count('failed imports (customer.import)'),
            followUpsDue: count('your leads and opportunities due for a follow-up today or overdue, company day (sales.write)'),
            ticketsOverdue: count('open tickets assigned to you past their first-response or resolution due time (service.write)'),
          }),
          figures: z.object({
            members: z.object({
              byLevel: z.array(z.object({ level: z.string().describe('card type code'), members: z.number() })),
              total: z.number().describe('members holding an active main card'),
              asOf: isoDate.nullable().describe('when the home-figures job counted them; null: counted now'),
              joined: z.number().describe('joined this month'), left: z.number().describe('left (archived) this month'),
            }).optional().describe('member.read'),
            points: z.object({
              liability: z.number().describe('points members hold'), liabilityAsOf: isoDate.nullable(),
              redemptionRate: z.number().nullable().describe('redeemed ÷ issued over the months below'),
              from: z.string(), to: z.string(),
              months: z.array(z.object({ month: z.string(), issued: z.number(), redeemed: z.number() })),
            }).optional().describe('points.read'),
            activities: z.number().optional().describe('activities taking place this month (report.read or activity.manage)'),
            openComplaints: z.number().optional().describe('complaints not closed (complaint.manage)'),
          }),
          delivery: z.object({ sms: z.enum(['log', 'http']), email: z.enum(['log', 'smtp']) }).optional()
            .describe('the notice providers, for administrators (user.manage): log means recorded in the log, not sent'),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.read(req, (db, actor) => homePage(db, actor, ctx.config)));
}
