// The process's Prometheus instruments (prom-client): requests, their latency, the jobs' runs and
// which path points earned for activities took.
// A leaf: the server (src/http/metrics.ts) observes requests and serves GET /metrics; the job
// scheduler observes its runs. Under `clubcrm serve --workers N` each worker keeps its own figures
// and GET /metrics adds them up across the workers (src/http/metrics.ts, src/cluster.ts).
import { Counter, Histogram, Registry } from 'prom-client';

/** Every instrument of this process (the database-bound gauges live in each app's own registry). */
export const processRegistry = new Registry();

export const httpRequests = new Counter({
  name: 'clubcrm_http_requests_total',
  help: 'HTTP requests answered, by method, matched route (the route pattern, not the URL) and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [processRegistry],
});

export const httpDuration = new Histogram({
  name: 'clubcrm_http_request_duration_seconds',
  help: 'Time from the request arriving to the reply sent, by method, matched route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});

export const jobRuns = new Counter({
  name: 'clubcrm_job_runs_total',
  help: 'Background job runs finished, by job and outcome (ok or failed); skipped ticks (running elsewhere) are not runs',
  labelNames: ['job', 'outcome'] as const,
  registers: [processRegistry],
});

export const jobDuration = new Histogram({
  name: 'clubcrm_job_run_duration_seconds',
  help: 'Duration of background job runs, by job',
  labelNames: ['job'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
  registers: [processRegistry],
});

export const pointsEarnings = new Counter({
  name: 'clubcrm_points_earnings_total',
  help: 'Points added for activities through the API, by path: together (written with the others arriving at the same time, points/earnings.ts) or alone (the one-at-a-time path: replays, refusals, a transaction that failed as a whole)',
  labelNames: ['path'] as const,
  registers: [processRegistry],
});

/** Records one finished job run (scheduler.ts). */
export function observeJobRun(job: string, seconds: number, failed: boolean): void {
  jobRuns.inc({ job, outcome: failed ? 'failed' : 'ok' });
  jobDuration.observe({ job }, seconds);
}
