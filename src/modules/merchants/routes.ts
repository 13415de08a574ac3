import { z } from 'zod';
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { merchantColumns } from './export.ts';
import type { App, Ctx } from '../../http/context.ts';
import { longText, phoneInput, requiredLongText } from '../../http/schemas.ts';
import { commonErrors, idParams, isoDate, okReply, pageQuery, paged, idParam } from '../../http/schemas.ts';
import { localDate } from '../complaints/search.ts';
import { dayOrInstant } from '../complaints/routes.ts';
import * as svc from './service.ts';
import * as act from './activity.ts';
import { levelOptions } from './links.ts';
import { columns } from '../../http/export.ts';
import { merchantParticipation, type MerchantLevelRow, type QuarterRow } from './stats.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'merchant.badDate');
const id = idParam;
const opt = (max: number) => z.string().trim().max(max).nullish();

const merchant = z.object({
  id: z.number(), code: z.string(), name: z.string(), contact: z.string().nullable(), address: z.string().nullable(),
  phone1: z.string().nullable(), phone2: z.string().nullable(), parentCompany: z.string().nullable(), type: z.string().nullable(),
  importance: z.string(), contractEndsOn: z.string().nullable(), note: z.string().nullable(),
  createdAt: isoDate, updatedAt: isoDate, deletedAt: isoDate.nullable(),
});
const service = z.object({
  id: z.number(), merchantId: z.number(), name: z.string(), startsOn: z.string(), endsOn: z.string().nullable(), content: z.string().nullable(),
  eligibleLevels: z.array(z.string()), discountPercent: z.number().nullable(), discountNote: z.string().nullable(), active: z.boolean(),
  createdAt: isoDate, updatedAt: isoDate, deletedAt: isoDate.nullable(),
});
const rating = z.object({
  count: z.number(), average: z.number().nullable(), positive: z.number(), neutral: z.number(), negative: z.number(),
  distribution: z.object({ '-2': z.number(), '-1': z.number(), '0': z.number(), '1': z.number(), '2': z.number() }),
});
const feedback = z.object({
  id: z.number(), serviceId: z.number(), quarter: z.string(), feedback: z.string(), participationCount: z.number(), rating: z.number().nullable(),
  recordedBy: z.string(), createdAt: isoDate, updatedAt: isoDate,
});
const participation = z.object({
  id: z.number(), serviceId: z.number(), memberId: z.number(), level: z.string().nullable(), participatedAt: isoDate, note: z.string().nullable(),
  rating: z.number().nullable(), recordedBy: z.string(), createdAt: isoDate, deletedAt: isoDate.nullable(),
});
const ratingValue = z.number().int().nullish();

const merchantBody = {
  name: z.string().trim().min(1).max(100), contact: opt(60), address: opt(200), phone1: phoneInput.nullish(), phone2: phoneInput.nullish(), parentCompany: opt(100),
  type: opt(40), importance: z.enum(svc.merchantImportances).optional(), contractEndsOn: day.nullish(), note: longText.nullish(),
};
const serviceBody = {
  name: z.string().trim().min(1).max(100), startsOn: day, endsOn: day.nullish(), content: longText.nullish(),
  eligibleLevels: z.array(z.string().max(32)).max(20), discountPercent: z.number().nullish(), discountNote: longText.nullish(), active: z.boolean().optional(),
};

export default function routes(app: App, ctx: Ctx) {
  const tags = ['merchants'];
  const permission = 'merchant.manage' as const;
  const today = () => localDate(new Date(), ctx.config.timeZone);
  const tz = () => ctx.config.timeZone;

  const merchantQuery = pageQuery.extend({
    q: z.string().max(100).optional(), service: z.string().max(100).optional(), type: z.string().max(40).optional(),
    importance: z.enum(svc.merchantImportances).optional(), contractEndsBy: day.optional(), deleted: z.enum(['exclude', 'only', 'include']).optional(),
  });
  app.get('/merchants', {
    config: { permission },
    schema: {
      tags, summary: 'Search merchants (name fuzzy, code, parent company; by service name; type; importance; contracts ending)',
      querystring: merchantQuery,
      response: { 200: paged(merchant.extend({ serviceCount: z.number() })), ...commonErrors },
    },
  }, async (req) => svc.listMerchants(ctx.db.db, req.query));

  exportRoute(app, ctx, { path: '/merchants/export', permission, tags, query: merchantQuery }, {
    list: 'merchants', title: ['商家', 'Merchants'], columns: merchantColumns,
    rows: (q, _actor, _params, db) => keysetRows((before) => svc.listMerchants(db, { ...q, page: 1, pageSize: exportPageSize, before })),
  });

  app.get('/merchants/types', {
    config: { permission },
    schema: { tags, summary: 'Merchant types in use', response: { 200: z.array(z.string()), ...commonErrors } },
  }, async () => svc.merchantTypes(ctx.db.db));

  app.get('/merchants/levels', {
    config: { permission },
    schema: {
      tags, summary: 'Member levels a service can be open to (active main card types)',
      response: { 200: z.array(z.object({ code: z.string(), rank: z.number(), labelZh: z.string(), labelEn: z.string() })), ...commonErrors },
    },
  }, async () => levelOptions(ctx.db.db));

  app.post('/merchants', {
    config: { permission },
    schema: {
      tags, summary: 'Add a merchant',
      body: z.object({ code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, 'merchant.codeFormat'), ...merchantBody }).strict(),
      response: { 200: merchant, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.createMerchant(tx, actor, req.body, new Date())));

  app.get('/merchants/:id', {
    config: { permission },
    schema: {
      tags, summary: 'A merchant with its services, participation and rating', params: idParams,
      response: {
        200: merchant.extend({
          services: z.array(service.extend({ current: z.boolean(), participationCount: z.number(), rating })),
          participationCount: z.number(), rating,
        }),
        ...commonErrors,
      },
    },
  }, async (req) => act.merchantPage(ctx.db.db, req.params.id, today()));

  app.patch('/merchants/:id', {
    config: { permission },
    schema: { tags, summary: 'Edit a merchant (the code stays)', params: idParams, body: z.object(merchantBody).partial().strict(), response: { 200: merchant, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.updateMerchant(tx, actor, req.params.id, req.body, new Date())));

  app.delete('/merchants/:id', {
    config: { permission },
    schema: { tags, summary: 'Delete a merchant (logically; restorable)', params: idParams, response: { 200: merchant, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.deleteMerchant(tx, actor, req.params.id, new Date())));

  app.post('/merchants/:id/restore', {
    config: { permission },
    schema: { tags, summary: 'Restore a deleted merchant', params: idParams, body: z.object({}).strict().optional(), response: { 200: merchant, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.restoreMerchant(tx, actor, req.params.id, new Date())));

  app.post('/merchants/:id/services', {
    config: { permission },
    schema: {
      tags, summary: 'Add a service (period, content, eligible levels, discount)', params: idParams,
      body: z.object(serviceBody).strict(), response: { 200: service, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.createService(tx, actor, req.params.id, req.body, new Date())));

  app.get('/merchant-services', {
    config: { permission },
    schema: {
      tags, summary: 'Search services (name fuzzy, merchant, level, current)',
      querystring: pageQuery.extend({
        merchantId: id.optional(), name: z.string().max(100).optional(), merchant: z.string().max(100).optional(), level: z.string().max(32).optional(),
        status: z.enum(['current', 'all']).optional(), includeDeleted: z.enum(['true', 'false']).optional(),
      }),
      response: { 200: paged(service.extend({ merchantCode: z.string(), merchantName: z.string(), participationCount: z.number(), current: z.boolean() })), ...commonErrors },
    },
  }, async (req) => svc.listServices(ctx.db.db, { ...req.query, includeDeleted: req.query.includeDeleted === 'true' }, today()));

  app.get('/merchant-services/:id', {
    config: { permission },
    schema: {
      tags, summary: 'A service with its quarterly feedback, participation per quarter and rating', params: idParams,
      response: {
        200: service.extend({
          merchantCode: z.string(), merchantName: z.string(), merchantDeleted: z.boolean(), current: z.boolean(), participationCount: z.number(), rating,
          quarters: z.array(z.object({ quarter: z.string(), feedback: feedback.nullable(), recordedParticipations: z.number() })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => act.servicePage(ctx.db.db, req.params.id, today(), tz()));

  app.patch('/merchant-services/:id', {
    config: { permission },
    schema: { tags, summary: 'Edit a service', params: idParams, body: z.object(serviceBody).partial().strict(), response: { 200: service, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.updateService(tx, actor, req.params.id, req.body, new Date())));

  app.delete('/merchant-services/:id', {
    config: { permission },
    schema: { tags, summary: 'Delete a service (logically; its history stays)', params: idParams, response: { 200: service, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.deleteService(tx, actor, req.params.id, new Date())));

  app.post('/merchant-services/:id/feedback', {
    config: { permission },
    schema: {
      tags, summary: 'Record (or correct) the quarterly feedback: text, participation count, rating', params: idParams,
      body: z.object({
        quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'merchant.badQuarter'), feedback: requiredLongText,
        participationCount: z.number().int(), rating: ratingValue,
      }).strict(),
      response: { 200: feedback, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => act.recordFeedback(tx, actor, req.params.id, req.body, new Date())));

  app.post('/merchant-services/:id/participations', {
    config: { permission },
    schema: {
      tags, summary: 'Record a member using the service (eligibility by level and period checked)', params: idParams,
      body: z.object({
        memberId: id.nullish(), memberNo: z.string().trim().max(40).nullish(), cardNo: z.string().trim().max(40).nullish(),
        participatedAt: z.coerce.date().nullish(), note: longText.nullish(), rating: ratingValue,
      }).strict(),
      response: { 200: participation.extend({ memberNo: z.string(), memberName: z.string() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => act.recordParticipation(tx, actor, req.params.id, req.body, new Date(), tz())));

  app.get('/merchant-participations', {
    config: { permission },
    schema: {
      tags, summary: 'Participations by service, merchant, member or time',
      querystring: pageQuery.extend({ serviceId: id.optional(), merchantId: id.optional(), memberId: id.optional(), from: dayOrInstant.optional(), to: dayOrInstant.optional() }),
      response: { 200: paged(participation.extend({ serviceName: z.string(), merchantId: z.number(), memberNo: z.string().nullable(), memberName: z.string().nullable() })), ...commonErrors },
    },
  }, async (req) => act.listParticipations(ctx.db.db, req.query, tz(), req.actor!));

  app.patch('/merchant-participations/:id', {
    config: { permission },
    schema: {
      tags, summary: 'Rate a participation or correct its note', params: idParams,
      body: z.object({ rating: ratingValue, note: opt(1000) }).strict(), response: { 200: participation, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => act.updateParticipation(tx, actor, req.params.id, req.body)));

  app.delete('/merchant-participations/:id', {
    config: { permission },
    schema: { tags, summary: 'Remove a participation recorded by mistake', params: idParams, response: { 200: okReply, ...commonErrors } },
  }, async (req) => {
    await ctx.act(req, (tx, actor) => act.removeParticipation(tx, actor, req.params.id, new Date()));
    return { ok: true as const };
  });

  // 商家服务参与 (the analysis page's chart): per merchant and member level, per quarter with ratings — within the data scope
  const participationQuery = z.object({
    from: z.string().optional().describe("first company month YYYY-MM, widened to its quarter's first month (default: the quarter seven quarters back)"),
    to: z.string().optional().describe("last company month YYYY-MM, widened to its quarter's last month (default: this quarter)"),
    department: z.string().max(100).optional().describe("the member's customer's department"),
    project: z.string().max(100).optional().describe("the project of the member's latest purchase"),
  });
  const merchantCount = { merchantId: z.number(), code: z.string(), name: z.string(), deleted: z.boolean(), participations: z.number(), members: z.number().describe('distinct members') };
  app.get('/merchants/participation', {
    config: { permission: 'report.read', replica: true },
    schema: {
      tags, summary: "Merchant participation: services used per merchant and member level (the member's level when used), and per company quarter with the members' ratings and the merchants' quarterly feedback — within the data scope",
      querystring: participationQuery,
      response: {
        200: z.object({
          from: z.string().describe('first month of the first quarter counted (the months asked widened to whole quarters)'),
          to: z.string().describe('last month of the last quarter counted'),
          asOf: isoDate.nullable().describe("when the member-analysis job counted the figures; null: counted now (an own data scope, a project filter, or before the job's first run)"),
          levels: z.array(z.string()).describe("levels that used a service ('' none recorded)"),
          byMerchant: z.array(z.object({ ...merchantCount, byLevel: z.array(z.object({ level: z.string(), participations: z.number(), members: z.number() })) })),
          byMerchantLevel: z.array(z.object({ ...merchantCount, level: z.string() })),
          quarters: z.array(z.object({
            quarter: z.string(), participations: z.number(), members: z.number(),
            rated: z.number(), average: z.number().nullable().describe('mean rating −2 … +2 of the rated participations'),
            positive: z.number(), neutral: z.number(), negative: z.number(),
            feedbackRated: z.number(), feedbackAverage: z.number().nullable().describe("mean of the merchants' quarterly feedback ratings (club-wide, not narrowed by scope or filters)"),
            reported: z.number().describe('members served as the merchants reported them (club-wide)'),
          })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.read(req, (db, actor) => merchantParticipation(db, actor, req.query, tz())));

  const levelName = (dict: (kind: string, code: string | null | undefined) => string, level: string, lang: string) => (level ? dict('card_type', level) : lang === 'en' ? '(none)' : '（无）');
  exportRoute(app, ctx, { path: '/merchants/participation/by-level/export', permission: 'report.read', tags, query: participationQuery }, {
    list: 'merchant-participation', title: ['商家服务参与（按商家与等级）', 'Merchant participation by merchant and level'], dictionaries: ['card_type'],
    columns: columns<MerchantLevelRow>([
      ['商家编码', 'Merchant code', (r) => r.code], ['商家', 'Merchant', (r) => r.name],
      ['会员等级', 'Member level', (r, lang, dict) => levelName(dict, r.level, lang)],
      ['使用次数', 'Services used', (r) => r.participations], ['会员数', 'Members', (r) => r.members],
    ]),
    rows: async (q, actor, _params, db) => (await merchantParticipation(db, actor, q, tz())).byMerchantLevel,
  });
  exportRoute(app, ctx, { path: '/merchants/participation/quarters/export', permission: 'report.read', tags, query: participationQuery }, {
    list: 'merchant-participation-quarters', title: ['商家服务参与（按季度）', 'Merchant participation by quarter'],
    columns: columns<QuarterRow>([
      ['季度', 'Quarter', (r) => r.quarter], ['使用次数', 'Services used', (r) => r.participations], ['会员数', 'Members', (r) => r.members],
      ['会员评价数', 'Member ratings', (r) => r.rated], ['会员平均褒贬度', 'Average member rating', (r) => r.average],
      ['好评', 'Positive', (r) => r.positive], ['中评', 'Neutral', (r) => r.neutral], ['差评', 'Negative', (r) => r.negative],
      ['商家反馈平均褒贬度', 'Average merchant feedback rating', (r) => r.feedbackAverage], ['商家上报参与人数', 'Members served (merchant reported)', (r) => r.reported],
    ]),
    rows: async (q, actor, _params, db) => (await merchantParticipation(db, actor, q, tz())).quarters,
  });

  app.get('/website/members/:memberNo/merchant-services', {
    config: { permission: 'integration.website' },
    schema: {
      tags: ['website'], summary: "Merchant services open to the member's level today (for the member portal)",
      params: z.object({ memberNo: z.string().min(1).max(40) }),
      response: {
        200: z.object({
          memberNo: z.string(), level: z.string().nullable(),
          items: z.array(z.object({
            serviceId: z.number(), name: z.string(), content: z.string().nullable(), startsOn: z.string(), endsOn: z.string().nullable(),
            discountPercent: z.number().nullable(), discountNote: z.string().nullable(),
            merchant: z.object({ code: z.string(), name: z.string(), type: z.string().nullable(), address: z.string().nullable(), phone1: z.string().nullable(), phone2: z.string().nullable() }),
          })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => act.servicesOpenToMember(ctx.db.db, req.params.memberNo, today()));
}
