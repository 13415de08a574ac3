// `clubcrm job list` and `clubcrm job run <name> [--as-of <day>]`: the background jobs from a
// terminal, e.g. a dated job run as of another day (a date in the company time zone, or an ISO
// date-time) to see what its rules do then. The run takes the job's lock (refused while it runs
// elsewhere), is recorded with the other runs and audited.
import os from 'node:os';
import type { Command } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { invalidField } from '../http/errors.ts';
import '../http/routes.ts'; // loads every module, which registers its jobs
import { t, type Lang } from '../i18n/index.ts';
import { asOfInstant, isAsOf } from '../jobs/as-of.ts';
import { latestRuns } from '../jobs/runs.ts';
import { jobList, runJobNow } from '../jobs/scheduler.ts';
import { recordAudit } from '../modules/audit/service.ts';
import { systemActor } from '../modules/auth/actor.ts';
import { companyDate } from '../modules/membership/env.ts';

type WithDb = <T>(fn: (db: Db, config: Config) => Promise<T>) => Promise<T>;

const lang = (config: Config): Lang => (process.env.CLUBCRM_LANGUAGE === 'en' ? 'en' : process.env.CLUBCRM_LANGUAGE === 'zh-CN' ? 'zh-CN' : config.defaultLanguage);

export function registerJobCommands(program: Command, withDb: WithDb) {
  const job = program.command('job').description('background jobs: list them with their last run, or run one now (as of another day)');

  job.command('list').description('the background jobs with their last run')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withDb(async (db, config) => {
        const last = await latestRuns(db.db, jobList().map((j) => j.name));
        const list = jobList().map((j) => ({ name: j.name, label: t(lang(config), `entity.job.${j.name}`), dated: !!j.dated, everyMs: j.everyMs, lastRun: last.get(j.name) ?? null }));
        if (opts.json) { console.log(JSON.stringify(list, null, 2)); return; }
        for (const j of list) {
          const r = j.lastRun;
          const lastText = r ? `${r.trigger} ${r.startedAt.toISOString()} as of ${companyDate(config.timeZone, r.asOf)}${r.error ? ` FAILED: ${r.error}` : r.finishedAt ? ` ${JSON.stringify(r.result)}` : ' (not finished)'}` : 'never ran';
          console.log(`${j.name.padEnd(34)} ${j.dated ? 'dated ' : '      '} ${j.label} — ${lastText}`);
        }
      });
    });

  job.command('run <name>').description('run a job now under its lock; dated jobs may run as of another day')
    .option('--as-of <when>', "YYYY-MM-DD (that day in the company time zone, from 00:00) or an ISO date-time")
    .option('--json', 'print the outcome as JSON')
    .action(async (name: string, opts: { asOf?: string; json?: boolean }) => {
      if (opts.asOf !== undefined && !isAsOf(opts.asOf.trim())) throw invalidField('asOf', 'validation.asOf');
      await withDb(async (db, config) => {
        const log = pino({ level: config.logLevel }, pino.destination(2)) as unknown as FastifyBaseLogger;
        const asOf = opts.asOf === undefined ? undefined : asOfInstant(opts.asOf, config.timeZone);
        const by = `cli (${os.userInfo().username})`;
        const out = await runJobNow({ db, config, log }, name, { trigger: 'cli', by, asOf });
        const day = companyDate(config.timeZone, out.asOf);
        await db.transaction((tx) => recordAudit(tx, systemActor(by), {
          action: 'job.run', entityType: 'job', entityId: out.name,
          facts: { asOf: asOf ? out.asOf.toISOString() : null, day, runId: out.runId, result: out.result },
        }));
        if (opts.json) console.log(JSON.stringify({ ...out, day }, null, 2));
        else console.log(`${out.name} ran as of ${out.asOf.toISOString()} (${day} in ${config.timeZone}): ${JSON.stringify(out.result)}`);
      });
    });
}
