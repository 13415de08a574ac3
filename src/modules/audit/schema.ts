import { sql } from 'drizzle-orm';
import { pgTable, bigserial, bigint, boolean, integer, serial, text, timestamp, jsonb, index } from 'drizzle-orm/pg-core';

/** Who changed what, when: one row per change made through the API, a job or the CLI. */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorKind: text('actor_kind').notNull(), // user / token / system
  actorId: integer('actor_id'),
  actorName: text('actor_name').notNull(),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  /** { field: { before, after } } for the fields that changed; or free facts for non-change events */
  changes: jsonb('changes').$type<Record<string, unknown>>(),
  requestId: text('request_id'),
  ip: text('ip'),
}, (t) => [
  index('audit_entity_idx').on(t.entityType, t.entityId),
  index('audit_at_idx').on(t.at),
  index('audit_actor_idx').on(t.actorKind, t.actorId),
]);

/**
 * Webhooks (SPEC §11): other systems told what changed. An endpoint subscribes to audit actions
 * (`card.issue`), action prefixes (`card.*`) or everything (`*`); its signing secret is stored
 * encrypted with the installation's key (src/pii.ts), because every delivery is signed with it.
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  events: text('events').array().notNull(),
  /** `whsec_…`, AES-256-GCM under the installation's key */
  secretEnc: text('secret_enc').notNull(),
  active: boolean('active').notNull().default(true),
  deleted: boolean('deleted').notNull().default(false),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('webhook_endpoints_active_idx').on(t.id).where(sql`active AND NOT deleted`),
]);

export const webhookDeliveryStatuses = ['queued', 'sending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/**
 * One event to one endpoint: queued by a trigger on audit_log in the statement that writes the
 * audit line (so in the change's transaction), sent by the webhooks.deliver job with retries.
 * The payload is thin: ids and the action, never personal data.
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  endpointId: integer('endpoint_id').notNull().references(() => webhookEndpoints.id),
  /** the audit line of the change (null for nothing today: a test ping has its own audit line) */
  auditId: bigint('audit_id', { mode: 'number' }),
  eventType: text('event_type').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  status: text('status').$type<WebhookDeliveryStatus>().notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lastStatusCode: integer('last_status_code'),
  lastError: text('last_error'),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('webhook_deliveries_queue_idx').on(t.nextAttemptAt, t.id).where(sql`status IN ('queued', 'sending')`),
  index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
  index('webhook_deliveries_status_idx').on(t.status, t.id),
]);
