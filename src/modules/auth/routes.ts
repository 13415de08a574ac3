import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppError } from '../../http/errors.ts';
import type { App, Ctx } from '../../http/context.ts';
import { commonErrors, idParams, isoDate, okReply, pageQuery, paged, idField } from '../../http/schemas.ts';
import { SESSION_COOKIE } from './actor.ts';
import { allPermissions, dataScopes, permissions } from './permissions.ts';
import * as auth from './service.ts';

const roleRef = z.object({ id: z.number(), code: z.string(), nameZh: z.string(), nameEn: z.string() });
const user = z.object({
  id: z.number(), login: z.string(), name: z.string(), department: z.string().nullable(), email: z.string().nullable(),
  mobile: z.string().nullable(), language: z.string().nullable(), active: z.boolean(), locked: z.boolean(), failedAttempts: z.number(),
  lockedUntil: isoDate.nullable(), roles: z.array(roleRef), createdAt: isoDate, updatedAt: isoDate,
});
const role = z.object({
  id: z.number(), code: z.string(), nameZh: z.string(), nameEn: z.string(), permissions: z.array(z.string()),
  dataScope: z.enum(dataScopes), builtIn: z.boolean(), userCount: z.number().optional(), createdAt: isoDate, updatedAt: isoDate,
});
const me = z.object({
  user, permissions: z.array(z.string()), dataScope: z.string(),
  timeZone: z.string().describe('the company time zone (IANA, e.g. Asia/Shanghai): it decides dates, "today" and default ranges, on the server and in the console'),
});
const login = z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9._@-]+$/);
const permissionEnum = z.enum(allPermissions as [string, ...string[]]);

export default function routes(app: App, ctx: Ctx) {
  const tags = ['accounts'];
  const policy: auth.SignInPolicy = {
    attempts: ctx.config.lockoutAttempts, minutes: ctx.config.lockoutMinutes, sessionHours: ctx.config.sessionHours,
    addressFailures: ctx.config.signInAddressFailures,
  };
  /** A refusal whose count has committed; a throttled one says when to come back. */
  const refuse = (reply: FastifyReply, error: AppError): never => {
    if (error.status === 429) reply.header('retry-after', String(error.params.retryAfter));
    throw error;
  };

  app.post('/auth/sign-in', {
    config: { public: true },
    schema: {
      tags, summary: 'Sign in (sets the session cookie)',
      description: 'Until the password is proven right every refusal is the same, whether the login exists or not: 401 BAD_CREDENTIALS, '
        + `or 429 RATE_LIMITED with Retry-After (seconds) when this address has ${ctx.config.signInAddressFailures} failed sign-ins in ${ctx.config.lockoutMinutes} minutes, `
        + `or when the login has ${ctx.config.lockoutAttempts} (it is locked) and this address is one that failed it. A right password for a deactivated account: 403 ACCOUNT_INACTIVE.`,
      body: z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
      response: { 200: me, ...commonErrors, 429: commonErrors[400] },
    },
  }, async (req, reply) => {
    const result = await auth.retryWhileBusy(() => ctx.db.transaction((tx) =>
      auth.signIn(tx, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id }, policy)));
    if (!result.ok) return refuse(reply, result.error);
    reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', expires: result.expiresAt,
    });
    const u = await auth.getUser(ctx.db.db, result.userId);
    const actor = await auth.actorFromSession(ctx.db.db, result.token);
    return { user: u, permissions: [...actor!.permissions], dataScope: actor!.dataScope, timeZone: ctx.config.timeZone };
  });

  app.post('/auth/sign-out', { schema: { tags, summary: 'Sign out', response: { 200: okReply } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await ctx.act(req, (tx, actor) => auth.signOut(tx, actor, token));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/auth/me', { schema: { tags, summary: 'The signed-in user, permissions and data scope', response: { 200: me, ...commonErrors } } }, async (req) => {
    const a = req.actor!;
    if (a.kind !== 'user') {
      return { user: { id: a.id ?? 0, login: a.name, name: a.name, department: null, email: null, mobile: null, language: null, active: true, locked: false, failedAttempts: 0, lockedUntil: null, roles: [], createdAt: new Date(0), updatedAt: new Date(0) }, permissions: [...a.permissions], dataScope: a.dataScope, timeZone: ctx.config.timeZone };
    }
    return { user: await auth.getUser(ctx.db.db, a.id!), permissions: [...a.permissions], dataScope: a.dataScope, timeZone: ctx.config.timeZone };
  });

  app.post('/auth/password', {
    schema: {
      tags, summary: 'Change my password (console session only; ends my other sessions)',
      description: 'Only a signed-in console user, for their own account (an API token: 403 SESSION_REQUIRED). '
        + 'A wrong current password counts as a failed sign-in of the account from this address (throttled and locking alike: 429 RATE_LIMITED with Retry-After).',
      body: z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }),
      response: { 200: okReply, ...commonErrors, 429: commonErrors[400] },
    },
  }, async (req, reply) => {
    // a busy try is thrown inside the transaction, so nothing of it (an Idempotency-Key's reply) is kept
    const result = await auth.retryWhileBusy(() => ctx.act(req, async (tx, actor) => {
      const r = await auth.changeOwnPassword(tx, actor, { ...req.body, sessionToken: req.cookies[SESSION_COOKIE] }, policy);
      if (!r.ok && r.busy) throw r;
      return r;
    }).catch((e: unknown) => {
      if ((e as auth.Outcome).ok === false && (e as { busy?: true }).busy) return e as auth.Outcome;
      throw e;
    }));
    if (!result.ok) return refuse(reply, result.error);
    return { ok: true as const };
  });

  // ----- users -----
  app.get('/users', {
    config: { permission: 'user.manage' },
    schema: { tags, summary: 'List users', querystring: pageQuery.extend({ search: z.string().max(64).optional() }), response: { 200: paged(user), ...commonErrors } },
  }, async (req) => auth.listUsers(ctx.db.db, req.query));

  app.post('/users', {
    config: { permission: 'user.manage' },
    schema: {
      tags, summary: 'Create a user',
      body: z.object({
        login, name: z.string().trim().min(1).max(64), department: z.string().max(64).nullish(), email: z.email().nullish(),
        mobile: z.string().max(20).nullish(), password: z.string().max(256), roleIds: z.array(idField).max(20).default([]),
      }),
      response: { 200: user, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => auth.createUser(tx, actor, req.body)));

  app.get('/users/:id', { config: { permission: 'user.manage' }, schema: { tags, summary: 'One user', params: idParams, response: { 200: user, ...commonErrors } } },
    async (req) => auth.getUser(ctx.db.db, req.params.id));

  app.patch('/users/:id', {
    config: { permission: 'user.manage' },
    schema: {
      tags, summary: 'Edit a user (name, department, roles, active)', params: idParams,
      body: z.object({
        name: z.string().trim().min(1).max(64).optional(), department: z.string().max(64).nullish(), email: z.email().nullish(),
        mobile: z.string().max(20).nullish(), active: z.boolean().optional(), roleIds: z.array(idField).max(20).optional(),
      }).strict(),
      response: { 200: user, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => auth.updateUser(tx, actor, req.params.id, req.body)));

  app.post('/users/:id/reset-password', {
    config: { permission: 'user.manage' },
    schema: { tags, summary: "Set a user's password (unlocks the account)", params: idParams, body: z.object({ password: z.string().max(256) }), response: { 200: okReply, ...commonErrors } },
  }, async (req) => {
    await ctx.act(req, (tx, actor) => auth.resetPassword(tx, actor, req.params.id, req.body.password));
    return { ok: true as const };
  });

  app.post('/users/:id/unlock', {
    config: { permission: 'user.manage' },
    schema: { tags, summary: 'Unlock a locked account', params: idParams, response: { 200: okReply, ...commonErrors } },
  }, async (req) => {
    await ctx.act(req, (tx, actor) => auth.unlockUser(tx, actor, req.params.id));
    return { ok: true as const };
  });

  // ----- roles and permissions -----
  app.get('/permissions', { schema: { tags, summary: 'Every permission with its labels', response: { 200: z.array(z.object({ code: z.string(), labelZh: z.string(), labelEn: z.string() })) } } },
    async () => allPermissions.map((code) => ({ code, labelZh: permissions[code]['zh-CN'], labelEn: permissions[code].en })));

  // Any staff member may read roles: user and token dialogs need them without role.manage.
  app.get('/roles', { schema: { tags, summary: 'List roles', response: { 200: z.array(role), ...commonErrors } } },
    async () => auth.listRoles(ctx.db.db));

  const roleBody = z.object({
    nameZh: z.string().trim().min(1).max(64), nameEn: z.string().trim().min(1).max(64),
    permissions: z.array(permissionEnum).max(200), dataScope: z.enum(dataScopes),
  });
  app.post('/roles', {
    config: { permission: 'role.manage' },
    schema: { tags, summary: 'Create a role', body: roleBody.extend({ code: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/) }), response: { 200: role, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => auth.createRole(tx, actor, req.body)));

  app.patch('/roles/:id', {
    config: { permission: 'role.manage' },
    schema: { tags, summary: 'Edit a role', params: idParams, body: roleBody.partial().strict(), response: { 200: role, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => auth.updateRole(tx, actor, req.params.id, req.body)));

  app.delete('/roles/:id', {
    config: { permission: 'role.manage' },
    schema: { tags, summary: 'Delete an unused custom role', params: idParams, response: { 200: okReply, ...commonErrors } },
  }, async (req) => {
    await ctx.act(req, (tx, actor) => auth.deleteRole(tx, actor, req.params.id));
    return { ok: true as const };
  });

  // ----- API tokens -----
  const token = z.object({ id: z.number(), name: z.string(), prefix: z.string(), roleId: z.number(), createdBy: z.number().nullable(), createdAt: isoDate, revokedAt: isoDate.nullable(), lastUsedAt: isoDate.nullable() });
  app.get('/api-tokens', { config: { permission: 'token.manage' }, schema: { tags, summary: 'List API tokens', response: { 200: z.array(token), ...commonErrors } } },
    async () => auth.listApiTokens(ctx.db.db));
  app.post('/api-tokens', {
    config: { permission: 'token.manage' },
    schema: { tags, summary: 'Create an API token (shown once)', body: z.object({ name: z.string().trim().min(1).max(64), roleId: idField }), response: { 200: token.extend({ token: z.string() }), ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => auth.createApiToken(tx, actor, req.body)));
  app.delete('/api-tokens/:id', {
    config: { permission: 'token.manage' },
    schema: { tags, summary: 'Revoke an API token (takes effect at once)', params: idParams, response: { 200: okReply, ...commonErrors } },
  }, async (req) => {
    await ctx.act(req, (tx, actor) => auth.revokeApiToken(tx, actor, req.params.id));
    return { ok: true as const };
  });
}
