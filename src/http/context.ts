import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../db/index.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { Lang } from '../i18n/index.ts';
import type { Permission } from '../modules/auth/permissions.ts';
import type { FastifyRequest } from 'fastify';
import type { Crypto } from '../pii.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What every module's routes get: the database, the settings, and a way to run one business action. */
export interface Ctx {
  db: Db;
  config: Config;
  crypto: Crypto;
  /** Runs fn in one transaction as the request's actor. */
  act<T>(req: FastifyRequest, fn: (tx: Tx, actor: Actor) => Promise<T>): Promise<T>;
  /**
   * Runs a read-only fn as the request's actor on the database this request reads: the streaming
   * replica (DATABASE_REPLICA_URL) when the route says `config: { replica: true }`, the replica is
   * ok and the caller has no write it has not replayed yet; otherwise the primary. No transaction:
   * fn may run several queries side by side. A replica that fails mid-read: read again on the primary.
   */
  read<T>(req: FastifyRequest, fn: (db: Tx, actor: Actor) => Promise<T>): Promise<T>;
  /** The handle ctx.read would give this request, for reads that go on after the handler returns (exports). */
  reader(req: FastifyRequest): Tx;
  /** Looks the caller up afresh when the route ran on a remembered actor (config.rememberActor): 401/403 as on arrival. */
  reauthenticate(req: FastifyRequest): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    lang: Lang;
  }
  interface FastifyContextConfig {
    /** the permission this route needs; omit for "any signed-in user" */
    permission?: Permission;
    /** true: no sign-in needed */
    public?: boolean;
    /**
     * A route of the members' portal (/portal/*, src/modules/portal): 'member' needs a member's
     * session (its own cookie; staff sessions and API tokens never reach it), 'public' is the
     * portal's sign-in. Cookie-carried changes on either must come from our own origin.
     */
    portal?: 'public' | 'member';
    /**
     * true: the caller may be the actor remembered from an earlier request (up to 30 s), for hot
     * writes whose statement checks the credentials' version itself (auth_epoch); whatever else
     * the route does must call ctx.reauthenticate(req) first.
     */
    rememberActor?: boolean;
    /**
     * true: a heavy read-only route (dashboard, statistics, analysis, export) whose ctx.read /
     * ctx.reader may use the read replica; omitted, every read is on the primary.
     */
    replica?: boolean;
  }
}
