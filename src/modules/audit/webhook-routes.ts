// /api/v1/webhooks: endpoints other systems are told about changes on, their deliveries (SPEC §11).
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { bigIdParams, commonErrors, idParam, idParams, isoDate, pageQuery, paged } from '../../http/schemas.ts';
import { webhookDeliveryStatuses } from './schema.ts';
import * as webhooks from './webhooks.ts';

const tags = ['webhooks'];
const permission = 'webhook.manage';

const endpoint = z.object({
  id: z.number(), name: z.string(), url: z.string(), events: z.array(z.string()), active: z.boolean(),
  createdBy: z.string(), createdAt: isoDate, updatedBy: z.string(), updatedAt: isoDate,
});
const endpointListed = endpoint.extend({
  lastDelivery: z.object({ status: z.enum(webhookDeliveryStatuses), statusCode: z.number().nullable(), at: isoDate }).nullable()
    .describe('the latest delivery to this endpoint: its state, the receiver’s last HTTP status, when it was last tried'),
  queued: z.number().int().describe('deliveries waiting or being sent'),
  failed: z.number().int().describe('deliveries that failed for good (redeliver them once the receiver is fixed)'),
});
const secretField = z.string().describe('the signing secret (whsec_…): shown in this reply only, never again');
const delivery = z.object({
  id: z.number(), endpointId: z.number(), auditId: z.number().nullable(), eventType: z.string(), entityType: z.string(), entityId: z.string().nullable(),
  occurredAt: isoDate, status: z.enum(webhookDeliveryStatuses), attempts: z.number().int(), nextAttemptAt: isoDate,
  lastStatusCode: z.number().nullable(), lastError: z.string().nullable(), lastAttemptAt: isoDate.nullable(), deliveredAt: isoDate.nullable(), createdAt: isoDate,
});

const name = z.string().trim().min(1).max(64);
const url = z.string().trim().min(1).max(webhooks.webhookUrlMax).describe('http(s) URL the events are POSTed to; no user name or password in it');
const events = z.array(z.string().trim().max(64)).max(webhooks.eventsMax)
  .describe('audit actions (card.issue), kinds of action (card.*) or * for every change (sign-ins auth.*, export and pii.view only when named); webhook.* actions are never delivered');
const body = z.object({ name, url, events, active: z.boolean().optional() }).strict();

export default function webhookRoutes(app: App, ctx: Ctx) {
  app.get('/webhooks', {
    config: { permission },
    schema: { tags, summary: 'List webhook endpoints with their last delivery (never their secrets)', response: { 200: z.array(endpointListed), ...commonErrors } },
  }, async () => webhooks.listEndpoints(ctx.db.db));

  app.get('/webhooks/:id', {
    config: { permission },
    schema: { tags, summary: 'One webhook endpoint (never its secret)', params: idParams, response: { 200: endpoint, ...commonErrors } },
  }, async (req) => webhooks.getEndpoint(ctx.db.db, req.params.id));

  app.post('/webhooks', {
    config: { permission },
    schema: {
      tags, summary: 'Create a webhook endpoint; its signing secret is in this reply only', body,
      response: { 200: endpoint.extend({ secret: secretField }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => webhooks.createEndpoint(tx, actor, ctx.crypto, req.body)));

  app.patch('/webhooks/:id', {
    config: { permission },
    schema: { tags, summary: 'Edit a webhook endpoint (name, URL, events, active)', params: idParams, body: body.partial().strict(), response: { 200: endpoint, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => webhooks.updateEndpoint(tx, actor, req.params.id, req.body)));

  app.delete('/webhooks/:id', {
    config: { permission },
    schema: {
      tags, summary: 'Delete a webhook endpoint; what was still queued for it is not sent', params: idParams,
      response: { 200: z.object({ ok: z.literal(true), name: z.string(), dropped: z.number().int().describe('queued deliveries dropped') }), ...commonErrors },
    },
  }, async (req) => ({ ok: true as const, ...(await ctx.act(req, (tx, actor) => webhooks.deleteEndpoint(tx, actor, req.params.id))) }));

  app.post('/webhooks/:id/rotate-secret', {
    config: { permission },
    schema: {
      tags, summary: 'Replace the signing secret; the new one is in this reply only and signs every delivery sent from now on', params: idParams,
      response: { 200: z.object({ id: z.number(), name: z.string(), secret: secretField }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => webhooks.rotateSecret(tx, actor, ctx.crypto, req.params.id)));

  app.post('/webhooks/:id/test', {
    config: { permission },
    schema: { tags, summary: 'Queue a test event (type webhook.test) to this endpoint, sent within seconds', params: idParams, response: { 200: delivery, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => webhooks.sendTest(tx, actor, req.params.id)));

  app.get('/webhooks/deliveries', {
    config: { permission },
    schema: {
      tags, summary: 'Webhook deliveries, newest first', querystring: pageQuery.extend({ endpointId: idParam.optional(), status: z.enum(webhookDeliveryStatuses).optional() }),
      response: { 200: paged(delivery), ...commonErrors },
    },
  }, async (req) => webhooks.listDeliveries(ctx.db.db, req.query));

  app.post('/webhooks/deliveries/:id/redeliver', {
    config: { permission },
    schema: { tags, summary: 'Send a delivered or failed delivery again (same webhook-id, a fresh retry schedule)', params: bigIdParams, response: { 200: delivery, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => webhooks.redeliver(tx, actor, req.params.id)));
}
