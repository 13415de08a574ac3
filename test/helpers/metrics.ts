// Reading GET /metrics (Prometheus text) in tests, as a monitoring system does.
import type { TestApp } from './app.ts';

/** The value of one series, e.g. metricValue(text, 'clubcrm_job_runs_total', { job: 'x', outcome: 'ok' }). */
export function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** GET /metrics of an app started with `metricsToken`: the text, which must come with 200. */
export async function scrapeMetrics(t: TestApp, token: string): Promise<string> {
  const r = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
  if (r.statusCode !== 200) throw new Error(`GET /metrics: ${r.statusCode} ${r.body}`);
  return r.body;
}
