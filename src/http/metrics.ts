// GET /metrics: the Prometheus text format (prom-client), for a monitoring system, not for people.
// Requests by matched route and status with their latency, job runs (src/metrics.ts), the outbox's
// backlog and the PostgreSQL pool. Under `clubcrm serve --workers N` the worker that is asked
// gets every worker's figures added up through the primary process (src/cluster.ts).
//
// Protected by its own bearer token, CLUBCRM_METRICS_TOKEN: a session cookie or an API token of a
// user opens nothing here. Without the setting the endpoint does not exist (404).
import crypto from 'node:crypto';
import cluster from 'node:cluster';
import { AggregatorRegistry, Gauge, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { registerMessages } from '../i18n/index.ts';
import { httpDuration, httpRequests, processRegistry } from '../metrics.ts';
import { outboxBacklog } from '../modules/notify/service.ts';
import { webhookBacklog } from '../modules/audit/webhooks.ts';
import type { App } from './context.ts';
import { AppError } from './errors.ts';

registerMessages({
  'metrics.tokenRequired': {
    'zh-CN': '读取 /metrics 需要监控令牌：Authorization: Bearer <CLUBCRM_METRICS_TOKEN>',
    en: 'Reading /metrics needs the monitoring token: Authorization: Bearer <CLUBCRM_METRICS_TOKEN>',
  },
  'metrics.badToken': { 'zh-CN': '监控令牌不正确', en: 'The monitoring token is wrong' },
});

/** IPC between a worker and the primary (src/cluster.ts). */
export const METRICS_SCRAPE = 'clubcrm:metrics-scrape'; // worker → primary: { type, id }
export const METRICS_TEXT = 'clubcrm:metrics-text'; // primary → worker: { type, id, text } or { type, id, error }
export const METRICS_JSON_REQ = 'clubcrm:metrics-json-req'; // primary → worker: { type, id }
export const METRICS_JSON_RES = 'clubcrm:metrics-json-res'; // worker → primary: { type, id, metrics }

/** One registry's figures as JSON (the form the primary adds up). */
export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** The registries of this process: its instruments and those of the app it serves (the last one built). */
let appRegistry: Registry | null = null;
const registries = () => (appRegistry ? [processRegistry, appRegistry] : [processRegistry]);

/** This process's figures as JSON, for the primary to add up. */
export async function localMetricsJson(regs: Registry[] = registries()): Promise<MetricsJson[]> {
  return Promise.all(regs.map((r) => r.getMetricsAsJSON()));
}

/** Several processes' figures added up (counters and histograms summed; gauges by their aggregator). */
export async function aggregateMetrics(parts: MetricsJson[]): Promise<string> {
  return AggregatorRegistry.aggregate(parts).metrics();
}

let workerListening = false;
const pendingScrapes = new Map<number, (m: { text?: string; error?: string }) => void>();
let scrapeId = 0;

/** In a cluster worker: answer the primary's requests for this worker's figures, and its replies to our scrapes. */
function listenToPrimary() {
  if (workerListening || !cluster.isWorker) return;
  workerListening = true;
  process.on('message', (m: { type?: string; id?: number; text?: string; error?: string }) => {
    if (m?.type === METRICS_JSON_REQ) {
      void localMetricsJson().then(
        (metrics) => process.send?.({ type: METRICS_JSON_RES, id: m.id, metrics }),
        (err: Error) => process.send?.({ type: METRICS_JSON_RES, id: m.id, metrics: [], error: err.message }),
      );
    } else if (m?.type === METRICS_TEXT && typeof m.id === 'number') {
      pendingScrapes.get(m.id)?.(m);
      pendingScrapes.delete(m.id);
    }
  });
}

/** The whole cluster's figures, asked of the primary (which asks every worker that serves). */
function scrapeCluster(): Promise<string> {
  const id = ++scrapeId;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { pendingScrapes.delete(id); reject(new Error('the primary process did not answer')); }, 10_000);
    pendingScrapes.set(id, (m) => {
      clearTimeout(timer);
      if (m.error !== undefined || m.text === undefined) reject(new Error(m.error ?? 'no figures'));
      else resolve(m.text);
    });
    process.send!({ type: METRICS_SCRAPE, id });
  });
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest();
const sameToken = (given: string, expected: string) => crypto.timingSafeEqual(sha256(given), sha256(expected));

/**
 * Counts every request (by the route pattern it matched, never the raw URL: ids would make a series
 * each), keeps the database-bound gauges, and adds GET /metrics.
 */
export function registerMetrics(app: App, { db, config }: { db: Db; config: Config }): void {
  const registry = new Registry();
  appRegistry = registry;
  listenToPrimary();

  new Gauge({
    name: 'clubcrm_outbox_backlog',
    help: 'Notices (SMS, e-mail) in the outbox: queued (of them due now) and being sent',
    labelNames: ['state'] as const,
    aggregator: 'max', // every worker reads the same database
    registers: [registry],
    async collect() {
      const b = await outboxBacklog(db.db);
      this.set({ state: 'queued' }, b.queued);
      this.set({ state: 'due' }, b.due);
      this.set({ state: 'sending' }, b.sending);
    },
  });
  new Gauge({
    name: 'clubcrm_webhook_backlog',
    help: 'Webhook deliveries: queued (of them due now), being sent, and failed (attempts used up or address refused)',
    labelNames: ['state'] as const,
    aggregator: 'max', // every worker reads the same database
    registers: [registry],
    async collect() {
      const b = await webhookBacklog(db.db);
      this.set({ state: 'queued' }, b.queued);
      this.set({ state: 'due' }, b.due);
      this.set({ state: 'sending' }, b.sending);
      this.set({ state: 'failed' }, b.failed);
    },
  });
  if (db.pool) {
    const pool = db.pool;
    new Gauge({
      name: 'clubcrm_db_pool_connections',
      help: 'PostgreSQL connections of the request pools (CLUBCRM_DB_POOL per process): in use, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    new Gauge({
      name: 'clubcrm_db_pool_max',
      help: 'Most PostgreSQL connections the request pools may open',
      registers: [registry],
      collect() { this.set(pool.options.max ?? 10); },
    });
  }

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return; // the scrapes themselves are not the club's traffic
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    httpRequests.inc(labels);
    httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const expected = config.metricsToken;
    if (!expected) throw new AppError(404, 'ROUTE_NOT_FOUND', 'error.routeNotFound', { method: req.method, url: '/metrics' });
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ')) throw new AppError(401, 'UNAUTHENTICATED', 'metrics.tokenRequired');
    if (!sameToken(auth.slice(7).trim(), expected)) throw new AppError(401, 'UNAUTHENTICATED', 'metrics.badToken');
    const text = cluster.isWorker ? await scrapeCluster() : await aggregateMetrics(await localMetricsJson([processRegistry, registry]));
    return reply.header('cache-control', 'no-store').type(processRegistry.contentType).send(text);
  });
}

/**
 * For GET /api/health: how many server processes `clubcrm serve` runs and which one answered
 * (cluster worker ids count up from 1 as workers are started, so a replaced worker has a new one).
 */
export function workerInfo(config: Config): { workers: number; worker: number } {
  return cluster.isWorker ? { workers: config.workers ?? 1, worker: cluster.worker!.id } : { workers: 1, worker: 0 };
}
