// Webhooks (SPEC §11 "Webhooks tell other systems what changed"). The change feed is the audit
// log: a statement-level trigger on audit_log (migration 0038_webhooks) queues one delivery per
// subscribed endpoint in the very statement that writes the audit lines — no extra round trip on
// hot paths, and a rolled-back change queues nothing. The webhooks.deliver job sends them
// afterwards (claimed with FOR UPDATE SKIP LOCKED, sent outside any transaction, retried with
// backoff), signed per the Standard Webhooks spec. The payload is thin — the event's ids, action,
// time and the kind of actor, never personal data: the receiver fetches what it needs through the
// API with its own token, whose permissions and data scope apply (PIPL: minimisation).
//
// SSRF: only http/https, no credentials in the URL; the address a host resolves to is checked
// when sending, inside the request's own `lookup`, so the address checked is the one connected to.
import crypto from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Db, Tx } from '../../db/index.ts';
import { rows } from '../../db/index.ts';
import { conflict, invalid, notFound, refused, type FieldIssue } from '../../errors.ts';
import { registerJob } from '../../jobs/scheduler.ts';
import { loadOrCreateSecret, makeCrypto, type Crypto } from '../../pii.ts';
import type { Actor } from '../auth/actor.ts';
import { webhookDeliveries, webhookEndpoints, type WebhookDeliveryStatus } from './schema.ts';
import { recordAudit } from './service.ts';
import './messages.ts';

// ---------- URLs and addresses ----------

export const webhookUrlMax = 2000;

/** Why an address is never (or, for loopback, not by default) delivered to; null: it may be. */
export type RefusalReason = 'loopback' | 'linkLocal' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

const blocks: [RefusalReason, net.BlockList][] = (() => {
  const list = (f: (b: net.BlockList) => void) => { const b = new net.BlockList(); f(b); return b; };
  return [
    ['unspecified', list((b) => { b.addSubnet('0.0.0.0', 8, 'ipv4'); b.addAddress('::', 'ipv6'); })],
    ['loopback', list((b) => { b.addSubnet('127.0.0.0', 8, 'ipv4'); b.addAddress('::1', 'ipv6'); })],
    ['linkLocal', list((b) => { b.addSubnet('169.254.0.0', 16, 'ipv4'); b.addSubnet('fe80::', 10, 'ipv6'); })],
    // Alibaba Cloud's instance metadata (the others' are 169.254.169.254 / 169.254.0.23: link-local)
    ['metadata', list((b) => { b.addAddress('100.100.100.200', 'ipv4'); b.addAddress('fd00:ec2::254', 'ipv6'); })],
    ['multicast', list((b) => { b.addSubnet('224.0.0.0', 4, 'ipv4'); b.addSubnet('ff00::', 8, 'ipv6'); })],
    ['reserved', list((b) => { b.addSubnet('240.0.0.0', 4, 'ipv4'); })],
  ];
})();

/** An IPv4 address carried in IPv6 (::ffff:a.b.c.d, ::ffff:7f00:1, NAT64 64:ff9b::/96), as IPv4. */
function embeddedIpv4(ip: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2], 16);
  const lo = parseInt(m[3], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * Why a webhook may not be sent to this IP address, or null. Loopback is refused unless the
 * setting allows it; link-local (cloud metadata), unspecified, multicast and reserved always.
 * Private networks (10/8, 172.16/12, 192.168/16, fc00::/7) are allowed: the club's own systems live there.
 */
export function refusedAddress(ip: string, allowLoopback: boolean): RefusalReason | null {
  const v4 = net.isIPv6(ip) ? embeddedIpv4(ip) : null;
  const addr = v4 ?? ip;
  const family = net.isIPv4(addr) ? 'ipv4' : 'ipv6';
  for (const [reason, b] of blocks) {
    if (b.check(addr, family)) return reason === 'loopback' && allowLoopback ? null : reason;
  }
  return null;
}

/** The URL's problems at creation (scheme, credentials, an address literal never delivered to), as field issues. */
export function webhookUrlIssues(raw: string, field = 'url'): FieldIssue[] {
  if (raw.length > webhookUrlMax) return [{ field, key: 'webhook.url.tooLong' }];
  let u: URL;
  try { u = new URL(raw); } catch { return [{ field, key: 'webhook.url.invalid' }]; }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return [{ field, key: 'webhook.url.scheme' }];
  if (u.username || u.password) return [{ field, key: 'webhook.url.credentials' }];
  if (!u.hostname) return [{ field, key: 'webhook.url.invalid' }];
  const host = u.hostname.replace(/^\[|\]$/g, '');
  // loopback depends on the sending process's setting: decided when sending
  const reason = net.isIP(host) ? refusedAddress(host, true) : null;
  if (reason) return [{ field, key: `webhook.url.refused.${reason}`, params: { address: host } }];
  return [];
}

// ---------- event patterns ----------

/** An audit action (card.issue), a kind of action (card.*, member.leave.*) or everything (*). */
export const eventPattern = /^(\*|[a-z][A-Za-z0-9]*(\.[a-zA-Z][A-Za-z0-9]*)*(\.\*)?)$/;
export const eventsMax = 100;

function eventIssues(events: string[]): FieldIssue[] {
  if (!events.length) return [{ field: 'events', key: 'webhook.events.required' }];
  const bad = events.findIndex((e) => e.length > 64 || !eventPattern.test(e));
  return bad >= 0 ? [{ field: `events.${bad}`, key: 'webhook.events.pattern', params: { value: events[bad] } }] : [];
}

/** Audit actions that record access, not change: `*` leaves them out; an endpoint receives them only by naming them. */
export const accessActions = (action: string) => action.startsWith('auth.') || action === 'export' || action === 'pii.view';

/** Whether an endpoint subscribed to these patterns receives this action: the rule of the trigger (migration 0038_webhooks). */
export function subscribes(events: string[], action: string): boolean {
  if (action.startsWith('webhook.')) return false;
  return events.some((e) => e === action || (e.endsWith('.*') && action.startsWith(e.slice(0, -1))) || (e === '*' && !accessActions(action)));
}

// ---------- secrets and signatures (Standard Webhooks) ----------

/** `whsec_` + base64 of 32 random bytes; the HMAC key is the decoded bytes. */
export const newSecret = () => `whsec_${crypto.randomBytes(32).toString('base64')}`;

/** `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>` with the key the secret's decoded bytes. */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

// ---------- endpoints ----------

export interface EndpointInput { name: string; url: string; events: string[]; active?: boolean }

type EndpointRow = typeof webhookEndpoints.$inferSelect;
const view = ({ secretEnc: _s, deleted: _d, ...e }: EndpointRow) => e;
const audited = (e: EndpointRow) => ({ name: e.name, url: e.url, events: e.events, active: e.active });
const unique = (events: string[]) => [...new Set(events.map((e) => e.trim()))];

function check(input: Partial<EndpointInput>) {
  const issues = [
    ...(input.url !== undefined ? webhookUrlIssues(input.url) : []),
    ...(input.events !== undefined ? eventIssues(input.events) : []),
  ];
  if (issues.length) throw invalid(issues);
}

async function endpointOf(tx: Tx, id: number, lock = false): Promise<EndpointRow> {
  const q = tx.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.deleted, false)));
  const [e] = lock ? await q.for('update') : await q;
  if (!e) throw notFound('webhookEndpoint', id);
  return e;
}

/** A new endpoint; its signing secret is in the reply, and never again. */
export async function createEndpoint(tx: Tx, actor: Actor, pii: Crypto, input: EndpointInput) {
  check(input);
  const secret = newSecret();
  const [e] = await tx.insert(webhookEndpoints).values({
    name: input.name, url: input.url, events: unique(input.events), active: input.active ?? true,
    secretEnc: pii.encrypt(secret), createdBy: actor.name, updatedBy: actor.name,
  }).returning();
  await recordAudit(tx, actor, { action: 'webhook.create', entityType: 'webhookEndpoint', entityId: e.id, after: audited(e) });
  return { ...view(e), secret };
}

export async function updateEndpoint(tx: Tx, actor: Actor, id: number, input: Partial<EndpointInput>) {
  check(input);
  const before = await endpointOf(tx, id, true);
  const [e] = await tx.update(webhookEndpoints).set({
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.events !== undefined ? { events: unique(input.events) } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
    updatedBy: actor.name, updatedAt: new Date(),
  }).where(eq(webhookEndpoints.id, id)).returning();
  await recordAudit(tx, actor, { action: 'webhook.update', entityType: 'webhookEndpoint', entityId: id, before: audited(before), after: audited(e) });
  return view(e);
}

/** Logical delete; what was still queued for it is marked failed (it will not be sent). */
export async function deleteEndpoint(tx: Tx, actor: Actor, id: number) {
  const e = await endpointOf(tx, id, true);
  await tx.update(webhookEndpoints).set({ deleted: true, active: false, updatedBy: actor.name, updatedAt: new Date() }).where(eq(webhookEndpoints.id, id));
  const dropped = await tx.update(webhookDeliveries).set({ status: 'failed', lastError: 'endpoint deleted' })
    .where(and(eq(webhookDeliveries.endpointId, id), inArray(webhookDeliveries.status, ['queued', 'sending']))).returning({ id: webhookDeliveries.id });
  await recordAudit(tx, actor, { action: 'webhook.delete', entityType: 'webhookEndpoint', entityId: id, facts: { name: e.name, url: e.url, dropped: dropped.length } });
  return { name: e.name, dropped: dropped.length };
}

/** A new signing secret, in the reply once; deliveries sent from now on are signed with it. */
export async function rotateSecret(tx: Tx, actor: Actor, pii: Crypto, id: number) {
  const e = await endpointOf(tx, id, true);
  const secret = newSecret();
  await tx.update(webhookEndpoints).set({ secretEnc: pii.encrypt(secret), updatedBy: actor.name, updatedAt: new Date() }).where(eq(webhookEndpoints.id, id));
  await recordAudit(tx, actor, { action: 'webhook.rotateSecret', entityType: 'webhookEndpoint', entityId: id, facts: { name: e.name } });
  return { id, name: e.name, secret };
}

export interface LastDelivery { status: WebhookDeliveryStatus; statusCode: number | null; at: Date }

/** Every endpoint (not deleted), with its last delivery and how many wait or failed. */
export async function listEndpoints(tx: Tx) {
  const list = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.deleted, false)).orderBy(webhookEndpoints.id);
  if (!list.length) return [];
  const ids = list.map((e) => e.id);
  const [last, counts] = await Promise.all([
    rows<{ endpoint_id: number; status: WebhookDeliveryStatus; last_status_code: number | null; at: Date }>(tx, sql`
      SELECT DISTINCT ON (endpoint_id) endpoint_id, status, last_status_code, coalesce(last_attempt_at, created_at) AS at
      FROM webhook_deliveries WHERE endpoint_id = ANY(${sql.param(ids)}::int[]) ORDER BY endpoint_id, id DESC`),
    rows<{ endpoint_id: number; queued: number; failed: number }>(tx, sql`
      SELECT endpoint_id, count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS queued, count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM webhook_deliveries WHERE endpoint_id = ANY(${sql.param(ids)}::int[]) AND status IN ('queued', 'sending', 'failed') GROUP BY endpoint_id`),
  ]);
  const lastOf = new Map(last.map((l) => [l.endpoint_id, { status: l.status, statusCode: l.last_status_code, at: new Date(l.at) }]));
  const countOf = new Map(counts.map((c) => [c.endpoint_id, c]));
  return list.map((e) => ({
    ...view(e), lastDelivery: lastOf.get(e.id) ?? null,
    queued: countOf.get(e.id)?.queued ?? 0, failed: countOf.get(e.id)?.failed ?? 0,
  }));
}

export async function getEndpoint(tx: Tx, id: number) {
  return view(await endpointOf(tx, id));
}

// ---------- deliveries ----------

const thinPayload = (p: { id: string; type: string; entityType: string; entityId: string | null; occurredAt: string; actorKind: string }) =>
  ({ id: p.id, type: p.type, entityType: p.entityType, entityId: p.entityId, occurredAt: p.occurredAt, actor: { kind: p.actorKind } });

/** A test event for one endpoint (type webhook.test), queued to go out at once; the ping itself is audited. */
export async function sendTest(tx: Tx, actor: Actor, id: number, now = new Date()) {
  const e = await endpointOf(tx, id);
  if (!e.active) throw refused('WEBHOOK_INACTIVE', 'webhook.inactive', { name: e.name });
  const payload = thinPayload({ id: `test_${crypto.randomUUID()}`, type: 'webhook.test', entityType: 'webhookEndpoint', entityId: String(id), occurredAt: now.toISOString(), actorKind: actor.kind });
  const [d] = await tx.insert(webhookDeliveries).values({
    endpointId: id, eventType: 'webhook.test', entityType: 'webhookEndpoint', entityId: String(id), occurredAt: now, payload, nextAttemptAt: now,
  }).returning();
  await recordAudit(tx, actor, { action: 'webhook.test', entityType: 'webhookEndpoint', entityId: id, facts: { name: e.name, deliveryId: d.id } });
  return deliveryView(d);
}

type DeliveryRow = typeof webhookDeliveries.$inferSelect;
const deliveryView = ({ payload: _p, ...d }: DeliveryRow) => d;

export interface DeliveryQuery { endpointId?: number; status?: WebhookDeliveryStatus; page: number; pageSize: number }

export async function listDeliveries(tx: Tx, q: DeliveryQuery) {
  const conds: SQL[] = [];
  if (q.endpointId) conds.push(eq(webhookDeliveries.endpointId, q.endpointId));
  if (q.status) conds.push(eq(webhookDeliveries.status, q.status));
  const where = conds.length ? and(...conds) : undefined;
  const [items, [{ total }]] = await Promise.all([
    tx.select().from(webhookDeliveries).where(where).orderBy(desc(webhookDeliveries.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    tx.select({ total: sql<number>`count(*)::int` }).from(webhookDeliveries).where(where),
  ]);
  return { items: items.map(deliveryView), total, page: q.page, pageSize: q.pageSize };
}

/** A delivered or failed delivery sent again: queued now with a fresh retry schedule (same webhook-id, so receivers can tell). */
export async function redeliver(tx: Tx, actor: Actor, id: number, now = new Date()) {
  const [d] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).for('update');
  if (!d) throw notFound('webhookDelivery', id);
  const e = await endpointOf(tx, d.endpointId);
  if (d.status === 'queued' || d.status === 'sending') throw conflict('WEBHOOK_NOT_FINISHED', 'webhook.redeliver.notFinished', { status: d.status });
  if (!e.active) throw refused('WEBHOOK_INACTIVE', 'webhook.inactive', { name: e.name });
  const [r] = await tx.update(webhookDeliveries).set({ status: 'queued', attempts: 0, nextAttemptAt: now })
    .where(eq(webhookDeliveries.id, id)).returning();
  await recordAudit(tx, actor, { action: 'webhook.redeliver', entityType: 'webhookDelivery', entityId: id, facts: { endpointId: d.endpointId, eventType: d.eventType, was: d.status } });
  return deliveryView(r);
}

/** Minutes to wait after the 1st, 2nd, … failed attempt; after the last, the delivery is failed. */
export const retryDelaysMinutes = [1, 5, 30, 120, 360, 720, 1440];
export const maxAttempts = retryDelaysMinutes.length + 1;
/** a claimed delivery not finished within this time (the process died) is claimed again */
const leaseMinutes = 2;
export const sendTimeoutMs = 10_000;
const excerptBytes = 200;

export class SendError extends Error {
  constructor(message: string, readonly permanent: boolean, readonly statusCode: number | null = null) { super(message); }
}

/**
 * POSTs a body, not following redirects, within sendTimeoutMs; the host's addresses are checked in
 * the request's own lookup (and an address literal before), so what is checked is what is connected
 * to. Resolves with the status of a 2xx answer; throws SendError otherwise.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, allowLoopback: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    let u: URL;
    try { u = new URL(url); } catch { return reject(new SendError('invalid URL', true)); }
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const refuse = (address: string, reason: RefusalReason) =>
      new SendError(`address refused: ${address} is ${reason === 'loopback' ? 'a loopback address (CLUBCRM_WEBHOOK_ALLOW_LOOPBACK=off)' : `a ${reason} address`}; nothing was sent`, true);
    if (net.isIP(host)) {
      const reason = refusedAddress(host, allowLoopback);
      if (reason) return reject(refuse(host, reason));
    }
    const lookup: net.LookupFunction = (hostname, options, callback) => {
      dns.lookup(hostname, { all: true, family: options.family, hints: options.hints }, (err, addresses) => {
        if (err) return callback(err, '', 4);
        const bad = addresses.map((a) => ({ a, reason: refusedAddress(a.address, allowLoopback) })).find((x) => x.reason);
        if (bad) return callback(refuse(bad.a.address, bad.reason!) as NodeJS.ErrnoException, '', 4);
        if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      });
    };
    const req = (u.protocol === 'https:' ? https : http).request(u, {
      method: 'POST', lookup, agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'ClubCRM-Webhooks/1', ...headers },
    }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < excerptBytes) { chunks.push(c); size += c.length; }
        if (size >= excerptBytes) res.destroy();
      });
      const done = () => {
        if (status >= 200 && status < 300) return resolve(status);
        const excerpt = Buffer.concat(chunks).subarray(0, excerptBytes).toString('utf8').replace(/\s+/g, ' ').trim();
        const what = status >= 300 && status < 400 ? `redirect not followed (to ${String(res.headers.location ?? '?').slice(0, 200)})` : `HTTP ${status}`;
        reject(new SendError(excerpt ? `${what}: ${excerpt}` : what, false, status));
      };
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    // the whole exchange, not only each silence, is bounded
    const timer = setTimeout(() => req.destroy(new SendError(`no answer within ${sendTimeoutMs / 1000} s`, false)), sendTimeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => reject(err instanceof SendError ? err : new SendError(err.message, false)));
    req.end(body);
  });
}

export interface WebhookReport { delivered: number; retried: number; failed: number }

const cryptoBySecret = new Map<string, Crypto>();
/** The installation's keys (the same the HTTP server uses), for the job. */
function installationCrypto(config: Config): Crypto {
  const secret = config.secretKey ?? loadOrCreateSecret(config.dataDir);
  let c = cryptoBySecret.get(secret);
  if (!c) cryptoBySecret.set(secret, (c = makeCrypto(secret)));
  return c;
}

interface Claimed { id: number; endpoint_id: number; payload: Record<string, unknown>; attempts: number; url: string; secret_enc: string }

/**
 * Sends the deliveries due at `now`: claimed in short transactions with FOR UPDATE SKIP LOCKED
 * (several processes never send one twice), sent outside any transaction — one endpoint's in
 * order of occurrence, endpoints side by side — and each outcome recorded: delivered, queued
 * again after the next delay of retryDelaysMinutes, or failed (attempts used up, or an address
 * refused). When a receiver fails, the rest of its batch waits with the failed delivery (same
 * next attempt, no attempt counted), so they follow it in order and a dead receiver costs one
 * timeout per run; a run stops claiming after `budgetMs` (60 s). Deliveries of an inactive
 * endpoint wait until it is active again.
 */
export async function deliverDueWebhooks(db: Db, config: Config, now: Date = new Date(), opts: { batchSize?: number; limit?: number; pii?: Crypto; budgetMs?: number } = {}): Promise<WebhookReport> {
  const pii = opts.pii ?? installationCrypto(config);
  const batchSize = opts.batchSize ?? 50;
  const limit = opts.limit ?? 500;
  const allowLoopback = config.webhookAllowLoopback === 'on';
  const report: WebhookReport = { delivered: 0, retried: 0, failed: 0 };
  const deadline = Date.now() + (opts.budgetMs ?? 60_000);
  let done = 0;
  while (done < limit && Date.now() <= deadline) {
    const claimed = await db.transaction((tx) => rows<Claimed>(tx, sql`
      WITH due AS (
        SELECT d.id FROM webhook_deliveries d
        JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.active AND NOT e.deleted
        WHERE d.status IN ('queued', 'sending') AND d.next_attempt_at <= ${now.toISOString()}::timestamptz
        ORDER BY d.next_attempt_at, d.id
        LIMIT ${Math.min(batchSize, limit - done)}
        FOR UPDATE OF d SKIP LOCKED
      ), claimed AS (
        UPDATE webhook_deliveries d SET status = 'sending', attempts = d.attempts + 1, last_attempt_at = ${now.toISOString()}::timestamptz,
          next_attempt_at = ${now.toISOString()}::timestamptz + make_interval(mins => ${leaseMinutes})
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.endpoint_id, d.payload, d.attempts
      )
      SELECT c.id, c.endpoint_id, c.payload, c.attempts, e.url, e.secret_enc
      FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id ORDER BY c.id`));
    if (!claimed.length) break;
    done += claimed.length;
    const byEndpoint = new Map<number, Claimed[]>();
    for (const c of claimed) byEndpoint.set(c.endpoint_id, [...(byEndpoint.get(c.endpoint_id) ?? []), c]);
    await Promise.all([...byEndpoint.values()].map(async (list) => {
      const secret = pii.decrypt(list[0].secret_enc);
      for (const [i, d] of list.entries()) {
        // past the run's time budget, the rest wait for the next run (not counted as attempts)
        if (Date.now() > deadline) { await release(db, list.slice(i), now); break; }
        const p = d.payload as Parameters<typeof thinPayload>[0] & { actor?: { kind?: string } };
        const body = JSON.stringify(thinPayload({ ...p, actorKind: p.actor?.kind ?? 'system' }));
        const msgId = `msg_${d.id}`;
        const timestamp = Math.floor(Date.now() / 1000);
        try {
          const status = await postWebhook(d.url, body, {
            'webhook-id': msgId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature(secret, msgId, timestamp, body),
          }, allowLoopback);
          await finish(db, d, { ok: true, status, now });
          report.delivered++;
        } catch (e) {
          const err = e instanceof SendError ? e : new SendError((e as Error).message, false);
          const final = err.permanent || d.attempts >= maxAttempts;
          const retryAt = await finish(db, d, { ok: false, status: err.statusCode, error: err.message, final, now });
          if (final) report.failed++;
          else report.retried++;
          // a receiver that failed is not tried again in this run: its later events wait with the
          // failed one and go out after it, in order (and a dead receiver cannot hold the job for long)
          if (retryAt) { await release(db, list.slice(i + 1), retryAt); break; }
        }
      }
    }));
  }
  return report;
}

type Outcome = { ok: true; status: number; now: Date } | { ok: false; status: number | null; error: string; final: boolean; now: Date };

/** Records an attempt's outcome; for a failure to be retried, when. */
async function finish(db: Db, d: Claimed, r: Outcome): Promise<Date | null> {
  const mine = and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.status, 'sending'), eq(webhookDeliveries.attempts, d.attempts));
  if (r.ok) {
    await db.db.update(webhookDeliveries).set({ status: 'delivered', deliveredAt: r.now, lastStatusCode: r.status, lastError: null }).where(mine);
    return null;
  }
  if (r.final) {
    await db.db.update(webhookDeliveries).set({ status: 'failed', lastStatusCode: r.status, lastError: r.error.slice(0, 500) }).where(mine);
    return null;
  }
  const delay = retryDelaysMinutes[Math.min(d.attempts, retryDelaysMinutes.length) - 1];
  const retryAt = new Date(r.now.getTime() + delay * 60_000);
  await db.db.update(webhookDeliveries).set({ status: 'queued', lastStatusCode: r.status, lastError: r.error.slice(0, 500), nextAttemptAt: retryAt }).where(mine);
  return retryAt;
}

/** Claimed deliveries not tried in this run: queued again for `at`, their claim not counted as an attempt. */
async function release(db: Db, list: Claimed[], at: Date) {
  if (!list.length) return;
  await db.db.execute(sql`
    UPDATE webhook_deliveries d SET status = 'queued', attempts = d.attempts - 1, next_attempt_at = ${at.toISOString()}::timestamptz,
      last_attempt_at = CASE WHEN d.attempts = 1 THEN NULL ELSE d.last_attempt_at END
    FROM unnest(${sql.param(list.map((x) => Number(x.id)))}::bigint[], ${sql.param(list.map((x) => x.attempts))}::int[]) AS x(id, attempts)
    WHERE d.id = x.id AND d.status = 'sending' AND d.attempts = x.attempts`);
}

/** The webhooks' backlog for monitoring (GET /metrics): deliveries waiting (of them due now), being sent, failed. */
export async function webhookBacklog(tx: Tx, now = new Date()): Promise<{ queued: number; due: number; sending: number; failed: number }> {
  const [r] = await rows<{ queued: number; due: number; sending: number; failed: number }>(tx, sql`
    SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
           count(*) FILTER (WHERE status = 'queued' AND next_attempt_at <= ${now.toISOString()}::timestamptz)::int AS due,
           count(*) FILTER (WHERE status = 'sending')::int AS sending,
           count(*) FILTER (WHERE status = 'failed')::int AS failed
    FROM webhook_deliveries WHERE status IN ('queued', 'sending', 'failed')`);
  return r;
}

/** Delivered events are kept this long for the deliveries list, then pruned; failed ones stay until redelivered. */
export const deliveredKeepDays = 30;

/**
 * Deletes deliveries delivered more than `deliveredKeepDays` before `now`, oldest first, at most
 * `limit` a run. The change itself stays in the audit log; a delivery is only its transport.
 */
export async function pruneDeliveredWebhooks(db: Db, now: Date = new Date(), limit = 50_000): Promise<{ pruned: number }> {
  const cutoff = new Date(now.getTime() - deliveredKeepDays * 86_400_000);
  const r = await db.transaction((tx) => rows<{ n: number }>(tx, sql`
    WITH gone AS (
      DELETE FROM webhook_deliveries WHERE id IN (
        SELECT id FROM webhook_deliveries
        WHERE status = 'delivered' AND delivered_at < ${cutoff.toISOString()}::timestamptz
        ORDER BY id LIMIT ${limit})
      RETURNING 1)
    SELECT count(*)::int AS n FROM gone`));
  return { pruned: r[0].n };
}

registerJob({
  name: 'webhooks.prune',
  everyMs: 24 * 60 * 60 * 1000,
  run: async ({ db }) => pruneDeliveredWebhooks(db, new Date()),
});

registerJob({
  name: 'webhooks.deliver',
  everyMs: 5_000,
  run: async ({ db, config, log }) => {
    const r = await deliverDueWebhooks(db, config, new Date());
    if (r.delivered || r.failed || r.retried) log.info(r, 'webhooks delivered');
    return { ...r };
  },
});
