// Which database a request reads: the primary, or the streaming replica (src/db/replica.ts).
// Decided on the route the router matched, denied by default: only a route whose config says
// `replica: true` (dashboards, statistics, analysis, exports) and that reads through ctx.read /
// ctx.reader may go to the replica, and only when
// - the last check found the replica ok (reachable, a standby, at most CLUBCRM_REPLICA_MAX_LAG_MS behind), and
// - the caller has no write the replica may not have replayed yet ("read your writes"): after
//   every write request (not GET/HEAD/OPTIONS) of a signed-in caller, the primary's WAL position —
//   taken after the commit — is remembered for the caller's session or token (in this process,
//   and in a cookie, so another process or worker of the same server sees it too); the
//   caller's routed reads stay on the primary until the replica has replayed that position.
// A read the replica fails for want of a connection marks it down and is read again on the primary.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/index.ts';
import { formatLsn, isConnectionError, parseLsn, type Replica, type ReplicaState } from '../db/replica.ts';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE, type Actor } from '../modules/auth/actor.ts';
import type { App } from './context.ts';

/** The cookie carrying the console session's last write position (WAL LSN) between processes. */
export const WRITE_LSN_COOKIE = 'clubcrm_lsn';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ReadRouting {
  /** the handle a routed read of this request uses: the replica's when it may serve, else the primary's */
  reader(req: FastifyRequest): Tx;
  /** runs a read-only fn on reader(req) as the request's actor; on a replica failure, again on the primary */
  read<T>(req: FastifyRequest, fn: (db: Tx, actor: Actor) => Promise<T>): Promise<T>;
  /** what /api/health says of the replica; undefined without one */
  health(): (Pick<ReplicaState, 'status' | 'lagMs' | 'replayLsn'> & { maxLagMs: number; checkedAt: string | null }) | undefined;
}

export function readRouting(app: App, db: Db, replica: Replica | undefined, maxLagMs: number): ReadRouting {
  const actorOf = (req: FastifyRequest): Actor => {
    if (!req.actor) throw new AppError(401, 'UNAUTHENTICATED', 'auth.required');
    return req.actor;
  };
  // only reads may be sent to a replica: a change marked so is a mistake caught at start
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    if (r.config?.replica && methods.some((m) => !safeMethods.has(m))) throw new Error(`${methods.join(',')} ${r.url}: only GET routes may read from the replica`);
  });
  if (!replica) {
    return { reader: () => db.db, read: (req, fn) => fn(db.db, actorOf(req)), health: () => undefined };
  }

  // every change of the replica's status in the log, with the reason (the health reply is public: no addresses there)
  replica.onChange((now, before) => {
    const facts = { replica: now.status, before: before.status, lagMs: now.lagMs, maxLagMs, ...(now.error ? { reason: now.error } : {}) };
    if (now.status === 'ok') app.log.info(facts, 'read replica serves heavy reads');
    else app.log.warn(facts, `read replica ${now.status}: heavy reads go to the primary`);
  });

  // the primary's position after each caller's last write (session token or Authorization header)
  const written = new Map<string, bigint>();
  const credentialOf = (req: FastifyRequest): string | undefined => req.headers.authorization ?? req.cookies[SESSION_COOKIE];
  const minLsnOf = (req: FastifyRequest): bigint | null => {
    const cred = credentialOf(req);
    let min = cred ? (written.get(cred) ?? null) : null;
    const cookie = req.cookies[WRITE_LSN_COOKIE];
    if (cookie) {
      try {
        const lsn = parseLsn(cookie);
        if (min == null || lsn > min) min = lsn;
      } catch { /* not a position: ignored */ }
    }
    return min;
  };

  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (safeMethods.has(req.method) || !req.actor) return payload;
    const cred = credentialOf(req);
    if (!cred) return payload;
    try {
      const lsn = await replica.primaryLsn(); // after this request's commit: the caller's next reads must see at least this
      if (written.size >= 10_000) {
        const replayed = replica.state().replayLsn;
        for (const [k, v] of written) if (replayed && v <= parseLsn(replayed)) written.delete(k);
        if (written.size >= 10_000) written.clear();
      }
      written.set(cred, lsn);
      // for the other processes (workers) of this server: the console's browser sends it back; an API client may
      reply.setCookie(WRITE_LSN_COOKIE, formatLsn(lsn), { path: '/api', httpOnly: true, sameSite: 'lax', secure: 'auto' });
    } catch (e) {
      // without the position the caller's reads must not trust the replica: the primary for them until it answers
      written.set(cred, (1n << 64n) - 1n);
      req.log.warn({ err: (e as Error).message }, 'primary WAL position not read after a write; this caller reads the primary');
    }
    return payload;
  });

  const reader = (req: FastifyRequest): Tx => {
    if (!req.routeOptions.config.replica) return db.db;
    return replica.readerFor(minLsnOf(req)) ?? db.db;
  };

  return {
    reader,
    read: async (req, fn) => {
      const actor = actorOf(req);
      const from = reader(req);
      if (from === db.db) return fn(db.db, actor);
      try {
        return await fn(from, actor);
      } catch (e) {
        if (e instanceof AppError) throw e;
        if (isConnectionError(e)) replica.markDown((e as Error).message);
        req.log.warn({ err: (e as Error).message }, 'read on the replica failed; read again on the primary');
        return fn(db.db, actor);
      }
    },
    health: () => {
      const s = replica.state();
      return {
        status: s.status, lagMs: s.lagMs, maxLagMs, replayLsn: s.replayLsn,
        checkedAt: s.checkedAt ? s.checkedAt.toISOString() : null, // why it is down goes to the log, not to this public reply
      };
    },
  };
}
