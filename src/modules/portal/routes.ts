// HTTP of the members' portal (会员自助), /api/v1/portal/*: every route says config.portal —
// 'public' (requesting a code, signing in) or 'member' (a member's own session; staff sessions
// and API tokens never reach these, and member sessions reach nothing else: src/http/server.ts).
// No route takes a member's id: whose data it is comes from the session.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import type { AppError } from '../../http/errors.ts';
import { commonErrors, idParams, isoDate, mobileInput, okReply, pageQuery, paged, idField } from '../../http/schemas.ts';
import { t } from '../../i18n/index.ts';
import { providersFor } from '../notify/providers.ts';
import { redemptionStatuses } from '../points/schema.ts';
import * as portal from './service.ts';
import { MEMBER_COOKIE, portalPolicy, requestCode, signInWithCode, signOut } from './session.ts';

const label = z.object({ code: z.string(), labelZh: z.string(), labelEn: z.string() });
const profile = z.object({
  memberNo: z.string(), name: z.string(), mobileMasked: z.string().nullable(), joinedAt: isoDate, status: z.string(),
  level: label.nullable(), cardNo: z.string().nullable(), balance: z.number(), expiringIn30Days: z.number(), nextExpiry: isoDate.nullable(),
});
const redemption = z.object({
  id: z.number(), item: z.string(), quantity: z.number(), points: z.number(), status: z.enum(redemptionStatuses), createdAt: isoDate,
  deliveredAt: isoDate.nullable(), cancelledAt: isoDate.nullable(), cancelReason: z.string().nullable(), cancellable: z.boolean(),
});
const tooMany = { 429: commonErrors[400] };

export default function routes(app: App, ctx: Ctx) {
  const tags = ['portal'];
  const refuse = (reply: FastifyReply, error: AppError): never => {
    if (error.status === 429) reply.header('retry-after', String(error.params.retryAfter));
    throw error;
  };

  app.post('/portal/auth/code', {
    config: { portal: 'public' },
    schema: {
      tags, summary: 'Members: ask for a one-time sign-in code by SMS',
      description: `The same reply whether or not the mobile is a member's (a code is sent only to a member's). A code lasts ${portalPolicy.codeMinutes} minutes and ${portalPolicy.codeTries} wrong tries; `
        + `one request per mobile every ${portalPolicy.resendSeconds} s and ${portalPolicy.codesPerMobileHour} an hour, ${portalPolicy.codesPerAddressHour} an hour from one address: beyond, 429 with Retry-After.`,
      body: z.object({ mobile: mobileInput }),
      response: { 200: z.object({ ok: z.literal(true), message: z.string(), validMinutes: z.number() }), ...commonErrors, ...tooMany },
    },
  }, async (req, reply) => {
    const r = await ctx.db.transaction((tx) => requestCode(tx, ctx.crypto, { mobile: req.body.mobile, ip: req.ip, requestId: req.id }));
    if (!r.ok) return refuse(reply, r.error);
    if (r.send) {
      // sent after the commit and not awaited: a member's mobile answers as fast as anyone else's
      const sms = providersFor(ctx.config, req.log).sms;
      const body = t(req.lang, 'portal.smsText', { code: r.send.code, minutes: portalPolicy.codeMinutes });
      void sms.send({ id: 0, channel: 'sms', recipient: r.send.to, subject: null, body })
        .catch((e: Error) => req.log.warn({ error: e.message }, 'portal sign-in code not sent'))
        .finally(() => sms.close());
    }
    return { ok: true as const, message: t(req.lang, 'portal.codeSent', { minutes: portalPolicy.codeMinutes }), validMinutes: portalPolicy.codeMinutes };
  });

  app.post('/portal/auth/sign-in', {
    config: { portal: 'public' },
    schema: {
      tags, summary: 'Members: sign in with the mobile and its code (sets the member session cookie)',
      description: `Every refusal is 401 BAD_CODE (or 429 after ${portalPolicy.failuresPerAddress} wrong codes from one address in ${portalPolicy.failureWindowMinutes} minutes). `
        + `The session ends after ${portalPolicy.idleMinutes} minutes unused, ${portalPolicy.sessionHours} hours at most, or on sign-out.`,
      body: z.object({ mobile: mobileInput, code: z.string().trim().max(20) }),
      response: { 200: profile, ...commonErrors, ...tooMany },
    },
  }, async (req, reply) => {
    const r = await ctx.db.transaction((tx) => signInWithCode(tx, ctx.crypto, {
      mobile: req.body.mobile, code: req.body.code, ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id,
    }));
    if (!r.ok) return refuse(reply, r.error);
    reply.setCookie(MEMBER_COOKIE, r.token, { path: '/api/v1/portal', httpOnly: true, sameSite: 'strict', secure: 'auto', expires: r.expiresAt });
    return portal.profile(ctx.db.db, { kind: 'member', id: r.memberId, name: r.memberNo, department: null, permissions: new Set(), dataScope: 'all' });
  });

  const member = { portal: 'member' as const };

  app.post('/portal/auth/sign-out', {
    config: member, schema: { tags, summary: 'Members: sign out (ends this session)', response: { 200: okReply, ...commonErrors } },
  }, async (req, reply) => {
    await ctx.act(req, (tx, actor) => signOut(tx, actor, req.cookies[MEMBER_COOKIE] ?? ''));
    reply.clearCookie(MEMBER_COOKIE, { path: '/api/v1/portal' });
    return { ok: true as const };
  });

  app.get('/portal/me', {
    config: member, schema: { tags, summary: 'Members: my membership (name, member no., level and card, masked mobile, balance, next expiry)', response: { 200: profile, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => portal.profile(tx, actor)));

  app.get('/portal/cards', {
    config: member,
    schema: {
      tags, summary: 'Members: my cards',
      response: {
        200: z.object({
          level: label.nullable(),
          cards: z.array(z.object({ cardNo: z.string(), kind: z.string(), type: label, status: z.string(), issuedAt: isoDate, validUntil: isoDate.nullable(), endedAt: isoDate.nullable() })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => portal.myCards(tx, actor)));

  app.get('/portal/points', {
    config: member,
    schema: {
      tags, summary: 'Members: my points — balance, what expires next, entries (paged, newest first)', querystring: pageQuery,
      response: {
        200: z.object({
          balance: z.number(), earned: z.number(), redeemed: z.number(), expired: z.number(), expiringIn30Days: z.number(),
          nextExpiry: z.object({ at: isoDate, points: z.number() }).nullable(),
          entries: paged(z.object({ id: z.number(), amount: z.number(), state: z.string(), sourceType: z.string(), reason: z.string().nullable(), createdAt: isoDate })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => portal.myPoints(tx, actor, req.query)));

  app.get('/portal/redemption-plans', {
    config: member,
    schema: {
      tags, summary: 'Members: rewards I may redeem today (open, shown to members, of my level)', querystring: pageQuery,
      response: {
        200: paged(z.object({
          id: z.number(), item: z.string(), description: z.string().nullable(), pointsCost: z.number(), stockLeft: z.number().nullable(),
          endsOn: z.string().nullable(), limitPerMember: z.number().nullable(), affordable: z.boolean(),
        })).extend({ balance: z.number() }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => portal.openPlans(tx, actor, req.query)));

  app.post('/portal/redemptions', {
    config: member,
    schema: {
      tags, summary: 'Members: redeem a reward (clientKey makes a retry harmless)',
      description: 'Refusals (422): INSUFFICIENT_POINTS, LEVEL_NOT_ELIGIBLE, OUT_OF_STOCK, PLAN_LIMIT_REACHED, PLAN_INACTIVE, PLAN_OUT_OF_PERIOD — nothing changes.',
      body: z.object({ planId: idField, quantity: z.number().int().min(1).max(100).optional(), clientKey: z.string().regex(/^[\w.:-]{8,64}$/) }),
      response: { 200: z.object({ redemption, replayed: z.boolean(), balance: z.number() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => portal.redeem(tx, actor, req.body)));

  app.get('/portal/redemptions', {
    config: member,
    schema: { tags, summary: 'Members: my redemptions, newest first', querystring: pageQuery, response: { 200: paged(redemption), ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => portal.myRedemptions(tx, actor, req.query)));

  app.post('/portal/redemptions/:id/cancel', {
    config: member,
    schema: {
      tags, summary: 'Members: cancel my redemption while it waits for delivery (points come back)', params: idParams,
      body: z.object({ reason: z.string().trim().max(200).optional() }),
      response: { 200: z.object({ redemption, balance: z.number() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => portal.cancelMine(tx, actor, req.params.id, req.body.reason)));

  app.get('/portal/complaints', {
    config: member,
    schema: {
      tags, summary: 'Members: my complaints and their state (pending, processing, done)',
      response: { 200: z.object({ items: z.array(z.object({ complaintNo: z.string(), content: z.string(), status: z.enum(['pending', 'processing', 'done']), receivedAt: isoDate })) }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => portal.myComplaints(tx, actor)));

  app.get('/portal/offers', {
    config: member,
    schema: {
      tags, summary: "Members: merchant offers open to my level today (as the website API's merchant-services)",
      response: {
        200: z.object({
          items: z.array(z.object({
            serviceId: z.number(), name: z.string(), content: z.string().nullable(), startsOn: z.string(), endsOn: z.string().nullable(),
            discountPercent: z.number().nullable(), discountNote: z.string().nullable(),
            merchant: z.object({ code: z.string(), name: z.string(), type: z.string().nullable(), address: z.string().nullable(), phone1: z.string().nullable(), phone2: z.string().nullable() }),
          })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => portal.myOffers(tx, actor, ctx.config.timeZone)));

  app.get('/portal/my-data', {
    config: member,
    schema: {
      tags, summary: 'Members: everything the club holds about me (PIPL access and portability), as JSON; download=true as a file',
      querystring: z.object({ download: z.enum(['true', 'false']).optional() }),
      response: { 200: z.object({ generatedAt: isoDate }).passthrough(), ...commonErrors },
    },
  }, async (req, reply) => {
    const data = await ctx.act(req, (tx, actor) => portal.myData(tx, actor));
    if (req.query.download === 'true') reply.header('content-disposition', `attachment; filename="my-data-${data.generatedAt.toISOString().slice(0, 10)}.json"`);
    return data;
  });
}
