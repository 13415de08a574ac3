// HTTP API of membership: applications and their review, the website's application API,
// members and their page, notices to members, leave requests.
import rateLimit from '@fastify/rate-limit';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { idNumberInput, longText, mobileInput, phoneInput, requiredLongText, searchInput } from '../../http/schemas.ts';
import { asOfInput, requestedAsOf } from '../../jobs/as-of.ts';
import { commonErrors, idParams, isoDate, pageQuery, paged, totalExactField, idField, idParam } from '../../http/schemas.ts';
import { notice } from '../notify/routes.ts';
import { recordNotice } from '../notify/service.ts';
import { getApplicationInScope } from './applications.ts';
import { getMember } from './members.ts';
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { auditableCustomerFilters } from '../customers/export.ts';
import { applicationColumns, memberColumns, memberExportDictionaries } from './export.ts';
import { assertMemberInScope } from './scope.ts';
import * as membership from './service.ts';

// ----- shapes -----
const nullableText = z.string().nullable();
const application = z.object({
  id: z.number(), applicationNo: z.string(), method: z.string(), channel: nullableText, subChannel: nullableText,
  customerId: z.number().nullable(), purchaseId: z.number().nullable(), project: nullableText, linkedPurchaseId: z.number().nullable(),
  name: z.string(), namePinyin: z.string(), gender: nullableText, birthday: nullableText, idType: nullableText, idNumber: nullableText.describe('masked'),
  mobile: nullableText, homePhone: nullableText, email: nullableText, address: nullableText, cardNo: nullableText, note: nullableText,
  status: z.string().describe('pending / approved / merged / linked / rejected'), outcome: nullableText.describe('new_member / joined_member / merged_new_member / linked_existing'), memberId: z.number().nullable(), mergedIntoId: z.number().nullable(),
  reviewerId: z.number().nullable(), reviewedAt: isoDate.nullable(), rejectReason: nullableText, submittedBy: nullableText,
  submittedById: z.number().nullable().describe('the user who entered it (data scope own)'), department: nullableText.describe("that user's department (data scope department)"),
  externalSystem: nullableText, externalId: nullableText, createdAt: isoDate, updatedAt: isoDate,
});
const linkResult = z.object({
  applicationId: z.number(), case: z.string().describe('buyer / old_owner / non_buyer'), linkedPurchaseId: z.number().nullable(),
  purchaseIds: z.array(z.number()), mergedCustomerId: z.number().nullable(),
});
const memberRef = z.object({ id: z.number(), memberNo: z.string() });
const submitReply = z.object({ application, screening: z.string().describe('pending / linked'), replayed: z.boolean(), member: memberRef.nullable(), linking: linkResult.nullable() });
const candidate = z.object({
  kind: z.string().describe('member / application'), id: z.number(), number: z.string(), name: z.string(), gender: nullableText,
  birthday: nullableText.describe('YYYY-MM-DD'), mobile: nullableText, homePhone: nullableText, idNumber: nullableText.describe('masked'), address: nullableText,
  status: z.string(), method: nullableText, channel: nullableText, subChannel: nullableText, at: isoDate.describe('joined (member) or applied (application)'),
  customerId: z.number().nullable(), score: z.number().describe('0–1'),
  reasons: z.array(z.string()).describe('e.g. idNumber=, mobile=, homePhone=, name=, name≈0.67, sound= (the same sound), pinyin≈0.6, birthday='),
});
const purchase = z.object({
  id: z.number(), project: z.string(), unit: z.string(), contractNo: nullableText, priceFen: z.number().nullable(), receivedFen: z.number(),
  status: z.string(), origin: z.string(), fullyPaidAt: isoDate.nullable(), createdAt: isoDate,
});
const customer = z.object({
  id: z.number(), name: z.string(), namePinyin: z.string(), gender: nullableText, birthday: nullableText, idType: nullableText,
  idNumber: nullableText, idNumberMasked: nullableText, idNumberRevealed: z.boolean(), mobile: nullableText, homePhone: nullableText,
  email: nullableText, address: nullableText, source: z.string(), tags: z.array(z.string()), isBuyer: z.boolean(), memberId: z.number().nullable(),
  mergedIntoId: z.number().nullable(), createdAt: isoDate, updatedAt: isoDate, deletedAt: isoDate.nullable(),
}).loose();
const member = z.object({
  id: z.number(), memberNo: z.string(), customerId: z.number(), status: z.string().describe('active / leaving / archived'), joinedAt: isoDate,
  channel: nullableText, subChannel: nullableText, applicationId: z.number().nullable(), requestedCardNo: nullableText,
  noticeStatus: z.string().describe('pending / reached (notified) / unreached'), dataErrorFlag: nullableText, dataErrorFlaggedAt: isoDate.nullable(),
  archivedAt: isoDate.nullable(), createdAt: isoDate, updatedAt: isoDate,
  department: nullableText.describe("the customer record's department (kept equal to it by the database: data scope)"),
});
const memberItem = z.object({
  id: z.number(), memberNo: z.string(), status: z.string(), joinedAt: isoDate, channel: nullableText, subChannel: nullableText,
  noticeStatus: z.string(), cardNo: nullableText, archivedAt: isoDate.nullable(), dataErrorFlag: nullableText, customerId: z.number(),
  name: z.string(), mobile: nullableText, homePhone: nullableText, email: nullableText, idNumber: nullableText, isBuyer: z.boolean(),
  level: nullableText.describe('card type of the active main card (等级)'),
  department: nullableText.describe("the customer record's department"), project: nullableText.describe('project of the latest purchase'),
});
const historyEvent = z.object({
  id: z.number(), memberId: z.number(), at: isoDate, actorName: z.string(), kind: z.string(), field: nullableText, oldValue: nullableText,
  newValue: nullableText, refType: nullableText, refId: z.number().nullable(), note: nullableText,
});
const leaveRow = z.object({
  id: z.number(), memberId: z.number(), reason: z.string(), note: nullableText, method: z.string(), rule: nullableText, status: z.string(),
  requestedBy: z.string(), decidedBy: z.number().nullable(), decidedByName: nullableText, decidedAt: isoDate.nullable(),
  decisionNote: nullableText, createdAt: isoDate,
});
const leaveItem = z.object({
  id: z.number(), memberId: z.number(), memberNo: z.string(), memberStatus: z.string(), name: z.string(), reason: z.string(), note: nullableText,
  method: z.string(), rule: nullableText, status: z.string(), requestedBy: z.string(), decidedByName: nullableText, decidedAt: isoDate.nullable(),
  decisionNote: nullableText, createdAt: isoDate,
});

const person = {
  name: z.string().trim().min(1).max(64),
  gender: z.enum(['male', 'female']).nullish(),
  birthday: z.iso.date().nullish(),
  idType: z.string().max(32).nullish(),
  idNumber: z.string().trim().min(1).max(32),
  mobile: mobileInput.nullish(),
  homePhone: phoneInput.nullish(),
  email: z.email().max(128).nullish(),
  address: z.string().max(200).nullish(),
};
const code = z.string().trim().min(1).max(32);

export default async function routes(app: App, ctx: Ctx) {
  const env = membership.membershipEnv(ctx.config, ctx.crypto);
  const tags = ['membership'];

  // ----- applications -----
  const applicationQuery = pageQuery.extend({
    status: z.enum(['pending', 'approved', 'merged', 'linked', 'rejected']).optional(), method: z.enum(['manual', 'automatic']).optional(),
    channel: code.optional(), subChannel: code.optional(), q: searchInput(64).optional(), from: z.coerce.date().optional(), to: z.coerce.date().optional(),
  });
  app.get('/applications', {
    config: { permission: 'member.read' },
    schema: {
      tags, summary: 'Applications: the review queue (status=pending, oldest first) and all others',
      querystring: applicationQuery,
      response: { 200: paged(application), ...commonErrors },
    },
  }, async (req) => membership.listApplications(ctx.db.db, req.actor!, env, req.query));

  exportRoute(app, ctx, { path: '/applications/export', permission: 'member.read', tags, query: applicationQuery }, {
    list: 'applications', title: ['入会申请', 'Applications'], columns: applicationColumns, dictionaries: memberExportDictionaries,
    rows: (q, actor, _params, db) => keysetRows((before) => membership.listApplications(db, actor, env, { ...q, page: 1, pageSize: exportPageSize, before })),
    auditFilters: auditableCustomerFilters,
  });

  app.post('/applications', {
    config: { permission: 'member.apply' },
    schema: {
      tags, summary: 'Enter an application (案场 or 客服中心); screened by ID number on arrival',
      description: 'An ID number that already belongs to a member: from the service centre → 409 MEMBER_ALREADY_EXISTS, nothing stored; from the sales office → kept as "linked" and linked to that member. Otherwise pending review.',
      body: z.object({
        ...person, channel: code, subChannel: code.nullish(), customerId: idField.nullish(),
        project: z.string().trim().max(64).nullish(), cardNo: z.string().max(32).nullish(), note: longText.nullish(),
      }).strict(),
      response: { 200: submitReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => membership.submitApplication(tx, actor, env, req.body, 'console')));

  app.get('/applications/:id', {
    config: { permission: 'member.read' },
    schema: {
      tags, summary: 'One application with its customer, purchases and the applications merged into it', params: idParams,
      response: {
        200: z.object({
          application, customer: customer.nullable(), purchases: z.array(purchase), mergedApplications: z.array(application),
          member: z.object({ id: z.number(), memberNo: z.string(), status: z.string() }).nullable(),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.db.transaction((tx) => membership.applicationDetail(tx, req.actor!, env, req.params.id)));

  app.get('/applications/:id/candidates', {
    config: { permission: 'member.read' },
    schema: {
      tags, summary: 'Similar members and similar pending applications, scored, with the reasons they matched', params: idParams,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) }),
      response: { 200: z.object({ members: z.array(candidate), applications: z.array(candidate) }), ...commonErrors },
    },
  }, async (req) => membership.candidatesFor(ctx.db.db, await getApplicationInScope(ctx.db.db, req.actor!, req.params.id), req.query.limit, req.actor!));

  app.post('/applications/:id/approve', {
    config: { permission: 'member.approve' },
    schema: {
      tags, summary: 'Approve: join a picked member, merge picked pending applications, or create a new member', params: idParams,
      description: 'memberIds: at most one similar member; pendingIds: any similar pending applications; final: the contact details when only pending applications are picked; cardNo: a card number to issue.',
      body: z.object({
        memberIds: z.array(idField).max(20).default([]),
        pendingIds: z.array(idField).max(100).default([]),
        final: z.object({ mobile: z.string().max(20).nullish(), homePhone: z.string().max(20).nullish(), address: z.string().max(200).nullish() }).nullish(),
        cardNo: z.string().max(32).nullish(),
        note: longText.nullish(),
        confirmDifferentId: z.boolean().optional().describe('joining a member whose ID number differs from the application\'s: true once the reviewer confirmed it is the same person (else 409 ID_NUMBER_DIFFERS)'),
      }).strict(),
      response: {
        200: z.object({
          outcome: z.string().describe('joined_member / merged_new_member / new_member'), member: memberRef, application,
          mergedApplicationIds: z.array(z.number()), linking: z.array(linkResult), cardNo: nullableText, cardIssued: z.boolean(),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => membership.approveApplication(tx, actor, env, req.params.id, req.body)));

  app.post('/applications/:id/reject', {
    config: { permission: 'member.approve' },
    schema: { tags, summary: 'Reject an application with a reason', params: idParams, body: z.object({ reason: requiredLongText }).strict(), response: { 200: application, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => membership.rejectApplication(tx, actor, req.params.id, req.body.reason)));

  // ----- the external website (外部网站): its own rate limit, strict validation, idempotent by its id -----
  await app.register(async (plugin) => {
    const site = plugin.withTypeProvider<ZodTypeProvider>();
    await site.register(rateLimit, { global: false });
    site.post('/website/applications', {
      config: {
        permission: 'integration.website',
        rateLimit: {
          max: ctx.config.publicRateLimit,
          timeWindow: 60_000,
          errorResponseBuilder: (_req, c) => Object.assign(new Error('rate limited'), { statusCode: 429, after: `${Math.ceil(c.ttl / 1000)}s` }),
        },
      },
      schema: {
        tags: ['website'], summary: 'The website submits an application (idempotent by externalId)',
        description: `Bearer token with integration.website. At most ${ctx.config.publicRateLimit} requests per minute per address. The same externalId twice returns the first application (replayed: true). An ID number that already belongs to a member → 409 MEMBER_ALREADY_EXISTS.`,
        body: z.object({
          externalId: z.string().trim().min(1).max(64).regex(/^[\w.:-]+$/),
          ...person,
          mobile: z.string().trim().min(1).max(20),
          project: z.string().trim().max(64).nullish(),
          note: longText.nullish(),
        }).strict(),
        response: {
          200: z.object({ applicationNo: z.string(), status: z.string(), replayed: z.boolean() }),
          ...commonErrors, 429: commonErrors[400],
        },
      },
    }, async (req) => {
      const { externalId, ...input } = req.body;
      const r = await ctx.act(req, (tx, actor) => membership.submitApplication(tx, actor, env, { ...input, channel: 'website' }, 'website', { system: 'website', id: externalId }));
      return { applicationNo: r.application.applicationNo, status: r.application.status, replayed: r.replayed };
    });
  });

  // ----- members -----
  const memberQuery = pageQuery.extend({
    q: searchInput(64).optional().describe('any field: member or card no., name (any two characters) or pinyin, mobile, home phone, ID number'),
    memberNo: z.string().max(32).optional(), name: z.string().max(64).optional(), mobile: mobileInput.optional(), idNumber: idNumberInput.optional(),
    status: z.enum(['active', 'leaving', 'archived']).optional(), channel: code.optional().describe("'automatic' for members who joined by an automatic application"),
    subChannel: code.optional(), noticeStatus: z.enum(['pending', 'reached', 'unreached']).optional(),
    level: code.optional().describe('card type of the active main card'),
    joinedFrom: z.iso.date().optional(), joinedTo: z.iso.date().optional(),
  });
  app.get('/members', {
    config: { permission: 'member.read' },
    schema: { tags, summary: 'Search members by any field (member, card or ID number, name, pinyin, mobile, home phone)', querystring: memberQuery, response: { 200: paged(memberItem).extend({ totalExact: totalExactField }), ...commonErrors } },
  }, async (req) => membership.listMembers(ctx.db.db, req.actor!, env, req.query));

  exportRoute(app, ctx, { path: '/members/export', permission: 'member.read', tags, query: memberQuery }, {
    list: 'members', title: ['会员', 'Members'], columns: memberColumns, dictionaries: memberExportDictionaries,
    rows: (q, actor, _params, db) => keysetRows((before) => membership.listMembers(db, actor, env, { ...q, page: 1, pageSize: exportPageSize, before })),
    auditFilters: auditableCustomerFilters,
  });

  app.get('/members/unreached', {
    config: { permission: 'notify.manage' },
    schema: {
      tags, summary: 'Not yet reached (未通知到): members to contact again, with their last attempt', querystring: pageQuery,
      response: {
        200: paged(memberItem.extend({
          address: nullableText,
          lastNotice: z.object({ id: z.number(), channel: z.string(), status: z.string(), at: isoDate, error: nullableText, attempts: z.number() }).nullable(),
        })),
        ...commonErrors,
      },
    },
  }, async (req) => membership.unreachedWorklist(ctx.db.db, req.actor!, req.query));

  app.get('/members/:id', {
    config: { permission: 'member.read' },
    schema: {
      tags, summary: 'The member page: profile (ID number masked), level and cards, applications incl. merged ones, history, notices, leave requests, purchases', params: idParams,
      response: {
        200: z.object({
          member, level: nullableText,
          cards: z.array(z.object({
            id: z.number(), cardNo: z.string(), typeCode: z.string(), kind: z.string(), status: z.string(), issuedAt: isoDate, endedAt: isoDate.nullable(), validUntil: isoDate.nullable(),
          })),
          customer, applications: z.array(application), history: z.array(historyEvent), notices: z.array(notice),
          leaveRequests: z.array(leaveRow), purchases: z.array(purchase),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.db.transaction((tx) => membership.memberPage(tx, req.actor!, env, req.params.id)));

  app.patch('/members/:id', {
    config: { permission: 'member.edit' },
    schema: {
      tags, summary: "Edit a member's profile (service centre); each changed field is kept in the history", params: idParams,
      body: z.object({
        name: person.name.optional(), gender: person.gender, birthday: person.birthday, idType: person.idType, idNumber: idNumberInput.nullish(),
        mobile: person.mobile, homePhone: person.homePhone, email: person.email, address: person.address,
      }).strict(),
      response: { 200: z.object({ changed: z.array(z.string()) }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => membership.updateMemberProfile(tx, actor, env, req.params.id, req.body)));

  app.post('/members/:id/data-error', {
    config: { permission: 'member.edit' },
    schema: {
      tags, summary: "Flag a member's data as wrong (or clear the flag with null); the data-error leave rule acts on it", params: idParams,
      body: z.object({ flag: z.string().trim().min(1).max(200).nullable() }).strict(), response: { 200: member, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => membership.setDataErrorFlag(tx, actor, req.params.id, req.body.flag)));

  // ----- notices to a member -----
  app.post('/members/:id/notices/send', {
    config: { permission: 'notify.manage' },
    schema: {
      tags, summary: 'Send the welcome notice again by SMS or e-mail', params: idParams,
      body: z.object({ channel: z.enum(['sms', 'email']) }).strict(), response: { 200: member, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => membership.resendWelcome(tx, actor, env, req.params.id, req.body.channel)));

  app.post('/members/:id/notices/record', {
    config: { permission: 'notify.manage' },
    schema: {
      tags, summary: 'Record a letter, call or other contact with its result (reached / not reached)', params: idParams,
      body: z.object({
        channel: code, result: z.enum(['reached', 'unreached']), note: requiredLongText,
        purpose: z.enum(['welcome', 'leave', 'other']).default('welcome'),
      }).strict(),
      response: { 200: notice, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await assertMemberInScope(tx, actor, req.params.id);
    const m = await getMember(tx, req.params.id);
    return recordNotice(tx, actor, { memberId: m.id, customerId: m.customerId, channel: req.body.channel, purpose: req.body.purpose, result: req.body.result, note: req.body.note, refType: 'member', refId: m.id });
  }));

  // ----- leaving -----
  app.get('/leave-requests', {
    config: { permission: 'member.read' },
    schema: {
      tags, summary: 'Leave requests', response: { 200: paged(leaveItem), ...commonErrors },
      querystring: pageQuery.extend({
        status: z.enum(['pending', 'approved', 'rejected']).optional(), method: z.enum(['manual', 'automatic']).optional(),
        reason: code.optional(), memberId: idParam.optional(),
      }),
    },
  }, async (req) => membership.listLeaveRequests(ctx.db.db, req.actor!, req.query));

  app.post('/members/:id/leave-requests', {
    config: { permission: 'member.leave' },
    schema: {
      tags, summary: 'Raise a leave request (service centre); the member is "leaving" until it is decided', params: idParams,
      body: z.object({ reason: code, note: longText.nullish() }).strict(), response: { 200: leaveRow, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => membership.requestLeave(tx, actor, req.params.id, req.body)));

  const decision = z.object({ note: longText.nullish() }).strict();
  app.post('/leave-requests/:id/approve', {
    config: { permission: 'member.leave.approve' },
    schema: { tags, summary: 'Approve: the member is archived (read-only, history kept) and notified', params: idParams, body: decision, response: { 200: leaveRow, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => membership.approveLeave(tx, actor, env, req.params.id, req.body.note)));

  app.post('/leave-requests/:id/reject', {
    config: { permission: 'member.leave.approve' },
    schema: { tags, summary: 'Reject: the member stays active', params: idParams, body: decision, response: { 200: leaveRow, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => membership.rejectLeave(tx, actor, req.params.id, req.body.note)));

  app.post('/leave-requests/run-rules', {
    config: { permission: 'member.leave' },
    schema: {
      tags, summary: 'Apply the automatic leave rules now (they also run daily)',
      description: 'asOf (administrators, job.run): apply them as of another day (a membership term ends) — a date in the company time zone or an ISO date-time.',
      body: z.object({ asOf: asOfInput.optional() }).strict().optional(),
      response: { 200: z.object({ invalidContact: z.number(), termExpired: z.number(), dataError: z.number() }), ...commonErrors },
    },
  }, async (req) => {
    const asOf = requestedAsOf(req.actor!, req.body?.asOf, ctx.config.timeZone);
    return ctx.act(req, (tx, actor) => membership.raiseAutomaticLeaveRequests(tx, actor, membership.leaveRulesFrom(ctx.config), asOf));
  });
}
