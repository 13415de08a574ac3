// 后台任务 (background jobs) for administrators: the registered jobs with their last run, a job's
// runs, and running one now — under its lock, optionally as of another day (asOf: a date in the
// company time zone, or an ISO date-time), to exercise the rules that depend on the day.
import { z } from 'zod';
import type { App, Ctx } from '../http/context.ts';
import { commonErrors, isoDate, pageQuery, paged } from '../http/schemas.ts';
import { t } from '../i18n/index.ts';
import { recordAudit } from '../modules/audit/service.ts';
import { companyDate } from '../modules/membership/env.ts';
import { asOfInput, asOfInstant } from './as-of.ts';
import { latestRuns, listRuns } from './runs.ts';
import './backups.ts';
import { isRunningHere, jobList, runJobNow } from './scheduler.ts';
import { notFound } from '../http/errors.ts';

const tags = ['jobs'];
const permission = 'job.run' as const;

const run = z.object({
  id: z.number(), trigger: z.enum(['schedule', 'api', 'cli']), requestedBy: z.string().nullable(),
  startedAt: isoDate, finishedAt: isoDate.nullable(),
  asOf: isoDate.describe('the instant the rules took as now'), day: z.string().describe('the company day of asOf (YYYY-MM-DD)'),
  result: z.record(z.string(), z.unknown()).nullable().describe('what the run did (counts)'), error: z.string().nullable(),
});

const job = z.object({
  name: z.string(), label: z.string(), everySeconds: z.number().describe('how often it runs when jobs are on'),
  dated: z.boolean().describe('its rules depend on the day: it can be run as of another one'),
  runningHere: z.boolean().describe('running in the process that answers'),
  lastRun: run.nullable(),
});

const nameParams = z.object({ name: z.string().max(80) });

export default function routes(app: App, ctx: Ctx) {
  const tz = ctx.config.timeZone;
  const withDay = <T extends { asOf: Date }>(r: T) => ({ ...r, day: companyDate(tz, r.asOf) });
  const known = (name: string) => {
    if (!jobList().some((j) => j.name === name)) throw notFound('job', name);
  };

  app.get('/jobs', {
    config: { permission },
    schema: {
      tags, summary: 'The background jobs, each with its last run (scheduled or asked for)',
      response: { 200: z.object({ items: z.array(job), timeZone: z.string() }), ...commonErrors },
    },
  }, async (req) => {
    const jobs = jobList();
    const last = await latestRuns(ctx.db.db, jobs.map((j) => j.name));
    return {
      timeZone: tz,
      items: jobs.map((j) => {
        const r = last.get(j.name);
        return {
          name: j.name, label: t(req.lang, `entity.job.${j.name}`), everySeconds: Math.round(j.everyMs / 1000),
          dated: !!j.dated, runningHere: isRunningHere(j.name), lastRun: r ? withDay(r) : null,
        };
      }),
    };
  });

  app.get('/jobs/:name/runs', {
    config: { permission },
    schema: {
      tags, summary: "A job's runs, newest first (the latest 200 are kept)",
      params: nameParams, querystring: pageQuery,
      response: { 200: paged(run), ...commonErrors },
    },
  }, async (req) => {
    known(req.params.name);
    const r = await listRuns(ctx.db.db, req.params.name, req.query);
    return { ...r, items: r.items.map(withDay) };
  });

  app.post('/jobs/:name/run', {
    config: { permission },
    schema: {
      tags, summary: 'Run a job now, under its lock (409 while it runs elsewhere), as of now or of another day; replies what it did',
      description: "asOf: 'YYYY-MM-DD' is that day in the company time zone from its first moment (a lot expiring during 31 January expires as of 1 February); an ISO date-time with an offset is that instant; one without is the company's wall clock. Only jobs whose rules depend on the day (dated) take an asOf.",
      params: nameParams,
      body: z.object({ asOf: asOfInput.optional() }).strict(),
      response: {
        200: z.object({
          name: z.string(), trigger: z.enum(['api']), startedAt: isoDate, finishedAt: isoDate, asOf: isoDate, day: z.string(),
          result: z.record(z.string(), z.unknown()),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => {
    const actor = req.actor!;
    const asOf = req.body.asOf ? asOfInstant(req.body.asOf, tz) : undefined;
    const out = await runJobNow({ db: ctx.db, config: ctx.config, log: req.log }, req.params.name, { trigger: 'api', by: actor.name, asOf });
    const day = companyDate(tz, out.asOf);
    await ctx.act(req, (tx, who) => recordAudit(tx, who, {
      action: 'job.run', entityType: 'job', entityId: out.name,
      facts: { asOf: req.body.asOf ? out.asOf.toISOString() : null, day, runId: out.runId, result: out.result },
    }));
    return { name: out.name, trigger: 'api' as const, startedAt: out.startedAt, finishedAt: out.finishedAt, asOf: out.asOf, day, result: out.result };
  });
}
