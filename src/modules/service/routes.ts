// Service desk (SPEC §10) over HTTP: tickets, replies and notes, states, assignment, satisfaction,
// complaint hand-over, statistics, SLA settings and the knowledge base. Data scope (own /
// department / all) is applied by the services: outside it a ticket is a 404.
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { commonErrors, idField, idParam, idParams, isoDate, mobileInput, okReply, pageQuery, paged, requiredLongText } from '../../http/schemas.ts';
import { ticketColumns } from './export.ts';
import { articleStatuses, messageKinds, ticketEventKinds, ticketPriorities, ticketStatuses } from './schema.ts';
import * as svc from './service.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.iso.date();
const code = z.string().trim().min(1).max(32);
const status = z.enum(ticketStatuses);
const priority = z.enum(ticketPriorities);

const ticketOut = z.object({
  id: z.number(), ticketNo: z.string(), type: z.string(), channel: z.string(), priority, subject: z.string(), description: z.string(),
  customerId: z.number().nullable(), contactName: z.string().nullable(),
  contactMobile: z.string().nullable().describe('masked (138****5678) in lists, in full on the ticket page'),
  assigneeId: z.number().nullable(), assigneeName: z.string().nullable(), department: z.string().nullable(), status,
  firstResponseDueAt: isoDate, resolutionDueAt: isoDate, firstResponseAt: isoDate.nullable(), resolvedAt: isoDate.nullable(),
  resolution: z.string().nullable(), resolveCount: z.number(), closedAt: isoDate.nullable(), reopenCount: z.number(), complaintId: z.number().nullable(),
  firstResponseOverdue: z.boolean().describe('open, no reply yet, past the first-response due time'),
  resolutionOverdue: z.boolean().describe('open past the resolution due time'),
  createdBy: z.string(), createdAt: isoDate, updatedAt: isoDate,
});
const eventOut = z.object({
  id: z.number(), ticketId: z.number(), kind: z.enum(ticketEventKinds), body: z.string().nullable(), fromStatus: status.nullable(), toStatus: status.nullable(),
  byId: z.number().nullable(), byName: z.string(), at: isoDate,
});
const surveyOut = z.object({
  id: z.number(), ticketId: z.number(), resolution: z.number(), score: z.number(), comment: z.string().nullable(), byId: z.number().nullable(), byName: z.string(), at: isoDate,
});
const customerSeen = z.object({
  customerId: z.number().nullable().describe('null when the customer is outside your data scope'), name: z.string(), inScope: z.boolean(),
}).nullable().describe('the customer linked, or recognised by the contact mobile (masked outside your data scope)');
const surveyBody = z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).nullish() }).strict();
const assignBody = { assigneeId: idField, department: z.string().trim().max(60).nullish(), note: z.string().trim().max(500).nullish() };
const assignReply = z.object({ assigned: z.number(), unchanged: z.number(), assigneeId: z.number(), assigneeName: z.string(), department: z.string().nullable() });
const articleOut = z.object({
  id: z.number(), category: z.string(), title: z.string(), body: z.string(), tags: z.array(z.string()), status: z.enum(articleStatuses), viewCount: z.number(),
  publishedAt: isoDate.nullable(), createdBy: z.string(), updatedBy: z.string(), createdAt: isoDate, updatedAt: isoDate,
});
const tags = z.array(z.string().trim().min(1).max(30)).max(20);
const hoursFigures = z.object({ average: z.number().nullable(), median: z.number().nullable() });
const figures = {
  tickets: z.number(), resolved: z.number(),
  resolutionRate: z.number().nullable().describe('resolved or closed / tickets, 0..1'),
  onTimeRate: z.number().nullable().describe('resolved by the resolution due time / resolved, 0..1'),
  firstResponseOnTimeRate: z.number().nullable().describe('first reply by its due time / replied, 0..1'),
  firstResponseHours: hoursFigures, resolutionHours: hoursFigures,
  surveys: z.number(), satisfaction: z.number().nullable().describe('average score 1..5'),
};

export default function routes(app: App, ctx: Ctx) {
  const tagsOf = ['service'];
  const read = 'service.read' as const;
  const write = 'service.write' as const;
  const assign = 'service.assign' as const;
  const manage = 'service.manage' as const;
  const tz = () => ctx.config.timeZone;

  // ---------- tickets ----------
  const ticketQuery = pageQuery.extend({
    status: z.enum([...ticketStatuses, 'open']).optional(), type: z.string().max(32).optional(), channel: z.string().max(32).optional(),
    priority: priority.optional(), assigneeId: idParam.optional(), department: z.string().max(60).optional(), customerId: idParam.optional(),
    q: z.string().max(60).optional().describe('ticket no., subject or contact (part), a mobile or its last digits'),
    overdue: z.enum(['first_response', 'resolution', 'any']).optional().describe('open tickets past a due time'),
    dueToday: z.enum(['true', 'false']).optional().describe('open tickets whose resolution is due today (company time zone)'),
    mine: z.enum(['true', 'false']).optional().describe('only tickets assigned to you'),
  });
  const filters = (q: z.infer<typeof ticketQuery>) => ({ ...q, dueToday: q.dueToday === 'true', mine: q.mine === 'true' });

  app.get('/service/tickets', {
    config: { permission: read },
    schema: { tags: tagsOf, summary: 'Tickets (工单) within the data scope, newest first, mobiles masked, overdue flags; filters', querystring: ticketQuery, response: { 200: paged(ticketOut), ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.listTickets(tx, actor, filters(req.query), new Date(), tz())));

  exportRoute(app, ctx, { path: '/service/tickets/export', permission: read, tags: tagsOf, query: ticketQuery }, {
    list: 'service-tickets', title: ['工单', 'Tickets'], columns: ticketColumns, dictionaries: ['ticket_type', 'ticket_channel'],
    rows: (q, actor, _p, db) => keysetRows((before) => svc.listTickets(db, actor, { ...filters({ ...q, page: 1, pageSize: exportPageSize }), before }, new Date(), tz(), { clearMobiles: true })),
  });

  app.post('/service/tickets', {
    config: { permission: write },
    schema: {
      tags: tagsOf, summary: 'Open a ticket; due times from the SLA of its priority; the customer chosen or recognised by the contact mobile',
      body: z.object({
        type: code, channel: code, priority: priority.optional(), subject: text(200), description: requiredLongText,
        customerId: idField.nullish(), contactName: z.string().trim().max(60).nullish(), contactMobile: mobileInput.nullish(),
        assigneeId: idField.nullish(), department: z.string().trim().max(60).nullish(),
      }).strict(),
      response: { 200: z.object({ ticket: ticketOut, customer: customerSeen }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const now = new Date();
    const r = await svc.createTicket(tx, actor, req.body, now, tz());
    const d = await svc.ticketDetail(tx, actor, r.ticket.id, now).catch(() => null);
    return { ticket: d ?? svc.presentTicket(r.ticket, new Map(), now, { clearMobile: true }), customer: r.customer };
  }));

  const detail = ticketOut.extend({
    customerName: z.string().nullable(), customerInScope: z.boolean(), events: z.array(eventOut), surveys: z.array(surveyOut),
    surveyDue: z.boolean().describe('resolved, and no survey yet for this resolution'),
    articles: z.array(z.object({ id: z.number(), title: z.string(), status: z.enum(articleStatuses), linkedBy: z.string(), linkedAt: isoDate })),
  });
  const showTicket = async (tx: Parameters<Parameters<Ctx['act']>[1]>[0], actor: Parameters<Parameters<Ctx['act']>[1]>[1], id: number) => {
    const d = await svc.ticketDetail(tx, actor, id, new Date());
    return { ...d, articles: await svc.articlesOfTicket(tx, id) };
  };

  app.get('/service/tickets/:id', {
    config: { permission: read },
    schema: { tags: tagsOf, summary: 'A ticket: its timeline (oldest first), surveys and articles used', params: idParams, response: { 200: detail, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => showTicket(tx, actor, req.params.id)));

  app.patch('/service/tickets/:id', {
    config: { permission: write },
    schema: {
      tags: tagsOf, summary: 'Edit an open ticket (a new priority moves its due times)', params: idParams,
      body: z.object({
        type: code.optional(), channel: code.optional(), priority: priority.optional(), subject: text(200).optional(),
        description: requiredLongText.optional(), contactName: z.string().trim().max(60).nullish(),
      }).strict(),
      response: { 200: detail, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.updateTicket(tx, actor, req.params.id, req.body, new Date());
    return showTicket(tx, actor, req.params.id);
  }));

  app.post('/service/tickets/:id/messages', {
    config: { permission: write },
    schema: {
      tags: tagsOf, summary: 'Add to the timeline: a reply to the customer (the first is the first response), an internal note, or the customer’s words',
      params: idParams, body: z.object({ kind: z.enum(messageKinds), body: requiredLongText }).strict(), response: { 200: detail, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.addMessage(tx, actor, req.params.id, req.body, new Date());
    return showTicket(tx, actor, req.params.id);
  }));

  app.post('/service/tickets/:id/status', {
    config: { permission: write },
    schema: {
      tags: tagsOf, summary: 'Take an open ticket up (in_progress) or wait for the customer (waiting_customer)', params: idParams,
      body: z.object({ status: z.enum(['in_progress', 'waiting_customer']), note: z.string().trim().max(1000).nullish() }).strict(),
      response: { 200: detail, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.changeStatus(tx, actor, req.params.id, req.body, new Date());
    return showTicket(tx, actor, req.params.id);
  }));

  app.post('/service/tickets/:id/resolve', {
    config: { permission: write },
    schema: {
      tags: tagsOf, summary: 'Resolve an open ticket with what was done; a satisfaction survey may come with it', params: idParams,
      body: z.object({ resolution: requiredLongText, survey: surveyBody.nullish() }).strict(), response: { 200: detail, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.resolveTicket(tx, actor, req.params.id, req.body, new Date());
    return showTicket(tx, actor, req.params.id);
  }));

  app.post('/service/tickets/:id/survey', {
    config: { permission: write },
    schema: { tags: tagsOf, summary: 'Record the satisfaction survey (1–5) of the latest resolution, once (e.g. from a call back)', params: idParams, body: surveyBody, response: { 200: detail, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.recordSurvey(tx, actor, req.params.id, req.body, new Date());
    return showTicket(tx, actor, req.params.id);
  }));

  app.post('/service/tickets/:id/close', {
    config: { permission: write },
    schema: { tags: tagsOf, summary: 'Close a resolved ticket', params: idParams, body: z.object({ note: z.string().trim().max(1000).nullish() }).strict(), response: { 200: detail, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.closeTicket(tx, actor, req.params.id, req.body, new Date());
    return showTicket(tx, actor, req.params.id);
  }));

  app.post('/service/tickets/:id/reopen', {
    config: { permission: write },
    schema: { tags: tagsOf, summary: 'Reopen a resolved or closed ticket with a note (in progress again)', params: idParams, body: z.object({ note: text(1000) }).strict(), response: { 200: detail, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.reopenTicket(tx, actor, req.params.id, req.body, new Date());
    return showTicket(tx, actor, req.params.id);
  }));

  app.post('/service/tickets/:id/complaint', {
    config: { permission: write },
    schema: {
      tags: tagsOf, summary: 'A complaint ticket becomes a complaint (complaints module; needs complaint.manage) or is linked to one you can see',
      params: idParams,
      body: z.object({ complaintId: idField.nullish(), complaintType: code.nullish(), complaintChannel: code.nullish() }).strict(),
      response: { 200: z.object({ complaintId: z.number(), complaintNo: z.string(), created: z.boolean() }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.complaintFromTicket(tx, actor, req.params.id, req.body, new Date(), tz())));

  app.post('/service/tickets/:id/assign', {
    config: { permission: assign },
    schema: { tags: tagsOf, summary: 'Reassign a ticket that is not closed (assignee and department)', params: idParams, body: z.object(assignBody).strict(), response: { 200: assignReply, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.assignTickets(tx, actor, [req.params.id], req.body, new Date())));

  app.post('/service/tickets/assign', {
    config: { permission: assign },
    schema: {
      tags: tagsOf, summary: 'Reassign several tickets at once (all or nothing; each id that cannot be reassigned is named)',
      body: z.object({ ids: z.array(idField).min(1).max(500), ...assignBody }).strict(), response: { 200: assignReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.assignTickets(tx, actor, req.body.ids, req.body, new Date())));

  app.post('/service/tickets/:id/articles', {
    config: { permission: write },
    schema: { tags: tagsOf, summary: 'Link a published article to the ticket (used in this answer)', params: idParams, body: z.object({ articleId: idField }).strict(), response: { 200: detail, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.linkArticle(tx, actor, req.params.id, req.body.articleId, new Date());
    return showTicket(tx, actor, req.params.id);
  }));

  app.delete('/service/tickets/:id/articles/:articleId', {
    config: { permission: write },
    schema: { tags: tagsOf, summary: 'Unlink an article from the ticket', params: z.object({ id: idParam, articleId: idParam }), response: { 200: detail, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.unlinkArticle(tx, actor, req.params.id, req.params.articleId);
    return showTicket(tx, actor, req.params.id);
  }));

  app.get('/service/staff', {
    config: { permission: read },
    schema: {
      tags: tagsOf, summary: 'Active staff to assign tickets to (your department under a department scope)',
      querystring: z.object({ search: z.string().max(60).optional() }),
      response: { 200: z.array(z.object({ id: z.number(), name: z.string(), login: z.string(), department: z.string().nullable() })), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.staffDirectory(tx, actor, req.query)));

  // ---------- statistics, SLA ----------
  app.get('/service/statistics', {
    config: { permission: read },
    schema: {
      tags: tagsOf, summary: 'Response and resolution times, resolution and on-time rates, satisfaction of tickets created in [from, to] (company days), in all, by type and by month',
      querystring: z.object({ from: day.optional(), to: day.optional() }),
      response: {
        200: z.object({
          from: z.string().nullable(), to: z.string().nullable(), ...figures,
          byType: z.array(z.object({ type: z.string(), ...figures })), byMonth: z.array(z.object({ month: z.string(), ...figures })),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.serviceStatistics(tx, actor, req.query, tz())));

  app.get('/service/sla', {
    config: { permission: read },
    schema: { tags: tagsOf, summary: 'Service levels per priority: hours to the first response and to the resolution', response: { 200: svc.slaSettingsSchema, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx) => svc.getSla(tx)));

  app.patch('/service/sla', {
    config: { permission: manage },
    schema: { tags: tagsOf, summary: 'Change the service levels (applies to tickets created afterwards); audited', body: svc.slaSettingsSchema, response: { 200: svc.slaSettingsSchema, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.updateSla(tx, actor, req.body)));

  // ---------- knowledge base ----------
  app.get('/service/articles', {
    config: { permission: read },
    schema: {
      tags: tagsOf, summary: 'Knowledge-base articles (drafts only for service.manage); search words in title, text and tags',
      querystring: pageQuery.extend({ q: z.string().max(100).optional(), category: z.string().max(32).optional(), status: z.enum(articleStatuses).optional(), tag: z.string().max(30).optional() }),
      response: {
        200: paged(z.object({
          id: z.number(), category: z.string(), title: z.string(), tags: z.array(z.string()), status: z.enum(articleStatuses), viewCount: z.number(),
          publishedAt: isoDate.nullable(), updatedBy: z.string(), updatedAt: isoDate, excerpt: z.string(),
        })),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.listArticles(tx, actor, req.query)));

  app.post('/service/articles', {
    config: { permission: write },
    schema: {
      tags: tagsOf, summary: 'Write an article (a draft until published)',
      body: z.object({ category: code, title: text(200), body: requiredLongText, tags: tags.optional() }).strict(), response: { 200: articleOut, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.createArticle(tx, actor, req.body, new Date())));

  app.get('/service/articles/:id', {
    config: { permission: read },
    schema: { tags: tagsOf, summary: 'An article (opening a published one counts a view)', params: idParams, response: { 200: articleOut.extend({ tickets: z.number() }), ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.openArticle(tx, actor, req.params.id)));

  app.patch('/service/articles/:id', {
    config: { permission: write },
    schema: {
      tags: tagsOf, summary: 'Edit an article (a published one: service.manage)', params: idParams,
      body: z.object({ category: code.optional(), title: text(200).optional(), body: requiredLongText.optional(), tags: tags.optional() }).strict(),
      response: { 200: articleOut, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => svc.updateArticle(tx, actor, req.params.id, req.body, new Date())));

  app.post('/service/articles/:id/publish', {
    config: { permission: manage },
    schema: { tags: tagsOf, summary: 'Publish an article', params: idParams, response: { 200: articleOut, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.setArticleStatus(tx, actor, req.params.id, 'published', new Date())));

  app.post('/service/articles/:id/unpublish', {
    config: { permission: manage },
    schema: { tags: tagsOf, summary: 'Take an article back to draft', params: idParams, response: { 200: articleOut, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => svc.setArticleStatus(tx, actor, req.params.id, 'draft', new Date())));

  app.delete('/service/articles/:id', {
    config: { permission: manage },
    schema: { tags: tagsOf, summary: 'Delete an article (kept for the tickets that used it)', params: idParams, response: { 200: okReply, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await svc.deleteArticle(tx, actor, req.params.id, new Date());
    return { ok: true as const };
  }));
}
