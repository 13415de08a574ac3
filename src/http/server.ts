// Server assembly: validation, error format, authentication, OpenAPI, console, module routes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyRequest, type FastifySchemaCompiler } from 'fastify';
import cookie from '@fastify/cookie';
import { securityHeaders } from './security-headers.ts';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { rows, sql } from '../db/index.ts';
import { localiseIssue, pickLanguage } from '../i18n/index.ts';
import type { Crypto } from '../pii.ts';
import { can, SESSION_COOKIE, type Actor } from '../modules/auth/actor.ts';
export { SESSION_COOKIE };
import type { Permission } from '../modules/auth/permissions.ts';
import { actorsFromSessions, actorsFromTokens } from '../modules/auth/service.ts';
import { MEMBER_COOKIE, memberFromSession } from '../modules/portal/session.ts';
import { coalescer } from '../db/coalesce.ts';
import { AppError, errorBody, forbidden, loggableError, type ErrorBody } from './errors.ts';
import type { App, Ctx } from './context.ts';
import { moduleRoutes } from './routes.ts';
import { claimKey, idempotencyKeyOf, rememberReply, Replay } from './idempotency.ts';
import { readRouting } from './replica-routing.ts';
import type { Replica } from '../db/replica.ts';
import { registerMetrics, workerInfo } from './metrics.ts';

export const webDist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../web/dist');

interface ZodValidationError extends Error {
  zodIssues: (z.core.$ZodIssue & { input?: unknown })[];
  validationContext?: string;
}

export interface BuildOptions {
  config: Config;
  db: Db;
  crypto: Crypto;
  logger?: boolean;
  /** the built console's folder (tests give their own) */
  webRoot?: string;
  /** the streaming replica heavy reads may use (DATABASE_REPLICA_URL, src/db/replica.ts) */
  replica?: Replica;
}

/** The path of the first string (or key) holding a NUL character, if any. */
function nulPath(v: unknown, at: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof v === 'string') return v.includes('\u0000') ? at : null;
  if (!v || typeof v !== 'object' || depth > 20) return null;
  for (const [k, x] of Object.entries(v)) {
    if (k.includes('\u0000')) return [...at, k];
    const found = nulPath(x, [...at, Array.isArray(v) ? Number(k) : k], depth + 1);
    if (found) return found;
  }
  return null;
}

/** Validation through the same zod schemas that make the OpenAPI document. */
const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema }) => (data) => {
  // PostgreSQL cannot store or compare a NUL character in text: refuse it here, naming the field
  const nul = nulPath(data);
  if (nul) {
    const err = new Error('validation failed') as ZodValidationError;
    err.zodIssues = [{ code: 'custom', path: nul, message: 'validation.nulCharacter', input: undefined } as never];
    return { error: err };
  }
  const r = (schema as z.ZodType).safeParse(data, { reportInput: true } as never);
  if (r.success) return { value: r.data };
  const err = new Error('validation failed') as ZodValidationError;
  err.zodIssues = r.error.issues as ZodValidationError['zodIssues'];
  return { error: err };
};
const jsonSerializerCompiler = () => (data: unknown) => JSON.stringify(data);

export async function buildApp({ config, db, crypto: pii, logger = true, webRoot = webDist, replica }: BuildOptions): Promise<App> {
  const app = Fastify({
    logger: logger
      ? {
          level: config.logLevel,
          // Personal data never reaches the logs: query values that may hold it are replaced.
          serializers: {
            req: (req) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
          },
        }
      : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    },
    bodyLimit: 10 * 1024 * 1024,
    // X-Forwarded-For is believed only from the proxies the operator names (CLUBCRM_TRUST_PROXY)
    trustProxy: config.trustProxy as boolean, // (a hop count too: Fastify takes it, its types do not say so)
    // our own compilers given up front: Fastify then never loads Ajv and fast-json-stringify (~130 ms of every start)
    // (Fastify types these factories after Ajv's; ours compile zod schemas)
    schemaController: { compilersFactory: { buildValidator: () => zodValidatorCompiler, buildSerializer: () => jsonSerializerCompiler } as never },
    // a malformed or over-long path parameter (find-my-way refuses it before any route): our error format
    frameworkErrors: (err, req, reply) => {
      const lang = pickLanguage(req.headers['accept-language'], config.defaultLanguage);
      const status = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      const e = new AppError(status, 'BAD_URL', 'validation.badUrl', { url: String(req.url ?? '').split('?')[0].slice(0, 100) });
      return (reply as unknown as { status(n: number): { send(b: unknown): unknown } }).status(status).send(errorBody(lang, e, req.id)) as never;
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'zh-CN');
  app.addHook('onRequest', async (req, reply) => {
    req.lang = pickLanguage(req.headers['accept-language'], config.defaultLanguage);
    reply.header('x-request-id', req.id);
  });

  await app.register(cookie);
  await securityHeaders(app); // CSP, nosniff, no-referrer, frame denial; API replies not cached
  // JSON is the only body the API reads (the import uploads bring their own parser): a text/plain
  // POST — what a foreign page's form can send without asking — is a 415 before any route runs.
  app.removeContentTypeParser('text/plain');
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ClubCRM API',
        version: '1',
        description:
          'REST + JSON API of ClubCRM. Errors: `{ "error": { "code", "message", "details": [{ "field", "issue" }] } }`, ' +
          'messages in zh-CN or en by `Accept-Language`. Console users sign in with a session cookie; other systems use `Authorization: Bearer <token>`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          memberSession: { type: 'apiKey', in: 'cookie', name: MEMBER_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // Authentication and the permission check: one place for every route, decided on the route that
  // matched (never on the raw URL, which the router decodes before matching), denied by default:
  // a route is open only when its config says `public: true`. An unmatched URL has no route and
  // no data (404, or the console's page). Before the body is read, so strangers cannot make us parse it.
  app.addHook('onRequest', async (req) => {
    const cfg = req.routeOptions.config;
    if (!req.routeOptions.url) return;
    // the members' portal: its own identity, and nothing else reaches it (nor it anything else)
    if (cfg.portal) {
      if (!safeMethods.has(req.method)) refuseCrossSite(req);
      if (cfg.portal === 'public') return;
      const token = req.cookies[MEMBER_COOKIE];
      const member = token ? await memberFromSession(db.db, token) : null;
      if (!member) throw new AppError(401, 'UNAUTHENTICATED', 'portal.signInRequired');
      req.actor = { ...member, requestId: req.id, ip: req.ip };
      return;
    }
    if (cfg.public) {
      req.actor = await resolveActor(req);
      return;
    }
    req.actor = await authenticate(req, cfg.rememberActor ? rememberedActor : resolveActor, cfg.permission);
    if (!req.headers.authorization && !safeMethods.has(req.method)) refuseCrossSite(req);
  });
  // Public routes say so in the API document too.
  app.addHook('onRoute', (r) => {
    if (r.config?.public && r.schema && !r.schema.hide) r.schema = { ...r.schema, security: [] };
    // the portal's routes and only those carry the portal's identity: one without it is a bug, refused at start
    if (r.url.startsWith('/api/v1/portal/') !== !!r.config?.portal) throw new Error(`${r.method} ${r.url}: /api/v1/portal/* routes, and only they, say config.portal`);
    if (r.config?.portal && r.schema && !r.schema.hide) r.schema = { ...r.schema, security: r.config.portal === 'public' ? [] : [{ memberSession: [] }] };
  });

  async function authenticate(req: FastifyRequest, find: typeof resolveActor, permission: Permission | undefined): Promise<Actor> {
    const actor = await find(req);
    if (!actor) throw new AppError(401, 'UNAUTHENTICATED', req.headers.authorization ? 'auth.badToken' : 'auth.required');
    if (permission && !can(actor, permission)) throw forbidden(permission);
    return actor;
  }

  // Every request looks its credential up afresh (a sign-out or a revoked token stops at once);
  // look-ups arriving while one is in the database go together in the next one.
  const lookUp = (find: typeof actorsFromSessions) =>
    coalescer<string, Actor | null>(async (tokens) => {
      const found = await find(db.db, tokens);
      return tokens.map((t) => found.get(t) ?? null);
    }, { maxBatch: 256 });
  const sessionActor = lookUp(actorsFromSessions);
  const tokenActor = lookUp(actorsFromTokens);

  // Remembered actors (routes with config.rememberActor only): at most 30 s, never past the session's end.
  const remembered = new Map<string, { actor: Actor; until: number }>();
  async function rememberedActor(req: FastifyRequest): Promise<Actor | null> {
    const credential = req.headers.authorization ?? req.cookies[SESSION_COOKIE];
    if (!credential) return null;
    const hit = remembered.get(credential);
    if (hit && hit.until > Date.now()) return { ...hit.actor, remembered: true, requestId: req.id, ip: req.ip };
    const actor = await resolveActor(req);
    if (actor) {
      if (remembered.size >= 10_000) remembered.clear();
      remembered.set(credential, { actor, until: Math.min(Date.now() + 30_000, actor.credentialExpiresAt?.getTime() ?? Infinity) });
    }
    return actor;
  }

  async function resolveActor(req: FastifyRequest): Promise<Actor | null> {
    const auth = req.headers.authorization;
    let actor: Actor | null = null;
    if (auth?.startsWith('Bearer ')) actor = await tokenActor(auth.slice(7).trim());
    else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) actor = await sessionActor(token);
    }
    return actor && { ...actor, requestId: req.id, ip: req.ip };
  }

  app.setErrorHandler((err: FastifyError & Partial<ZodValidationError>, req, reply) => {
    const lang = req.lang ?? config.defaultLanguage;
    const send = (status: number, body: ErrorBody) => reply.status(status).send(body);
    if (err instanceof AppError) return send(err.status, errorBody(lang, err, req.id));
    if (err.zodIssues) {
      const details = err.zodIssues.map((i) => ({
        field: i.path.length ? i.path.join('.') : (err.validationContext ?? 'body'),
        key: '',
        text: localiseIssue(lang, i),
      }));
      return send(400, errorBody(lang, new AppError(400, 'VALIDATION_FAILED', 'validation.failed', {}, details), req.id));
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const key =
        err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError ? 'validation.badJson'
        : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'validation.tooLarge'
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'validation.unsupportedMediaType'
        : status === 429 ? 'error.rateLimited'
        : 'validation.badJson';
      const code = status === 429 ? 'RATE_LIMITED' : (err.code ?? 'BAD_REQUEST').replace(/^FST_ERR_/, '');
      return send(status, errorBody(lang, new AppError(status, code, key, { after: (err as { after?: string }).after ?? '' }), req.id));
    }
    // the fault without the people in it: a failed query's parameters and quoted values stay out of the logs
    req.log.error({ err: loggableError(err) }, 'unhandled error');
    return send(500, errorBody(lang, new AppError(500, 'INTERNAL', 'error.internal', { requestId: req.id }), req.id));
  });

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api') || req.method !== 'GET' || !fs.existsSync(path.join(webRoot, 'index.html'))) {
      const e = new AppError(404, 'ROUTE_NOT_FOUND', 'error.routeNotFound', { method: req.method, url: req.url.split('?')[0] });
      return reply.status(404).send(errorBody(req.lang ?? config.defaultLanguage, e, req.id));
    }
    // The console is a single-page app: its routes all load index.html.
    return reply.type('text/html').header('cache-control', 'no-cache').send(fs.createReadStream(path.join(webRoot, 'index.html')));
  });

  // heavy reads (routes with config.replica) on the read replica when there is one and it may serve
  const routing = readRouting(app, db, replica, config.replicaMaxLagMs);

  app.get('/api/health', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    const started = Date.now();
    try {
      await rows(db.db, sql`SELECT 1`);
      return { status: 'ok', engine: db.engine, dbMs: Date.now() - started, replica: routing.health(), ...workerInfo(config) };
    } catch {
      return reply.status(503).send({ status: 'unavailable', engine: db.engine });
    }
  });

  registerMetrics(app, { db, config }); // request counts and latencies; GET /metrics (CLUBCRM_METRICS_TOKEN)

  const ctx: Ctx = {
    db,
    config,
    crypto: pii,
    read: routing.read,
    reader: routing.reader,
    reauthenticate: async (req) => {
      if (req.actor?.remembered) req.actor = await authenticate(req, resolveActor, req.routeOptions.config.permission);
    },
    act: async (req, fn) => {
      // a business action always has someone acting: a route that reaches here unauthenticated is a bug, refused
      const actor = req.actor;
      if (!actor) throw new AppError(401, 'UNAUTHENTICATED', 'auth.required');
      const key = idempotencyKeyOf(req);
      if (!key) return db.transaction((tx) => fn(tx, actor));
      try {
        return await db.transaction(async (tx) => {
          const scope = await claimKey(tx, actor, req, key);
          const result = await fn(tx, actor);
          await rememberReply(tx, scope, key, result);
          return result;
        });
      } catch (e) {
        if (e instanceof Replay) return e.reply as never;
        throw e;
      }
    },
  };
  await app.register(
    async (api) => {
      for (const register of moduleRoutes) await register(api as unknown as App, ctx);
    },
    { prefix: '/api/v1' },
  );

  // The API's documentation and the console's files: public, and nothing else is.
  await app.register(async (open) => {
    open.addHook('onRoute', (r) => { r.config = { ...r.config, public: true }; });
    await open.register(swaggerUi, { routePrefix: '/api/docs' });
    // the console's files: the hashed ones under assets/ never change (a new build has new names), so
    // browsers keep them a year; index.html names the current ones, so it is checked every time.
    // The build wrote each beside its .br and .gz, sent to browsers that accept them.
    if (fs.existsSync(webRoot)) {
      await open.register(fastifyStatic, {
        root: webRoot, prefix: '/', wildcard: false, index: 'index.html', preCompressed: true, cacheControl: false,
        setHeaders: (reply, file) => { reply.header('cache-control', consoleFileCaching(webRoot, file)); },
      });
    }
  });
  return app;
}


/** Cache-Control of a console file: hashed build output for a year, anything else revalidated. */
export function consoleFileCaching(webRoot: string, file: string): string {
  return path.relative(webRoot, file).startsWith(`assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A change made with the session cookie must come from the console's own pages: a browser names
 * the page's origin (Origin, Sec-Fetch-Site) on every cross-site request, so one naming another
 * site is refused (SameSite=Lax alone lets same-site pages and top-level POST forms through).
 * Bearer-token callers carry no ambient credential and are not checked.
 */
function refuseCrossSite(req: FastifyRequest): void {
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') throw new AppError(403, 'CROSS_SITE_REQUEST', 'auth.crossSite');
  const origin = req.headers.origin;
  if (origin === undefined) return;
  // hosts compared as URLs see them (a default port is dropped); the scheme may differ behind a TLS proxy
  const hostOf = (u: string) => { try { return new URL(u).host; } catch { return null; } };
  const host = hostOf(origin);
  if (!host || host !== hostOf(`${req.protocol}://${req.host}`)) throw new AppError(403, 'CROSS_SITE_REQUEST', 'auth.crossSite');
}

const personalParams = /([?&](?:idNumber|mobile|homePhone|phone|number|q|search|name|email)=)[^&]*/gi;

/** A URL fit for the logs: values of parameters that may carry personal data become ***. */
export function redactUrl(url: string): string {
  return url.replace(personalParams, '$1***');
}
