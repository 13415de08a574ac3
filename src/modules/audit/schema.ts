import { pgTable, bigserial, integer, text, timestamp, jsonb, index } from 'drizzle-orm/pg-core';

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
