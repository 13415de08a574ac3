CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint_id" integer NOT NULL,
	"audit_id" bigint,
	"event_type" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"last_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"secret_enc" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_queue_idx" ON "webhook_deliveries" USING btree ("next_attempt_at","id") WHERE status IN ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_status_idx" ON "webhook_deliveries" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_active_idx" ON "webhook_endpoints" USING btree ("id") WHERE active AND NOT deleted;--> statement-breakpoint
CREATE FUNCTION webhook_enqueue_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- the audit lines just written, one delivery per subscribed endpoint, in the writing statement
  -- (so in the change's transaction: a rolled-back change queues nothing); webhook.* actions are
  -- audited but never delivered; the payload is thin (ids, action, time, actor kind). Keep in step
  -- with subscribes() in src/modules/audit/webhooks.ts
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE active AND NOT deleted) THEN RETURN NULL; END IF;
  INSERT INTO webhook_deliveries (endpoint_id, audit_id, event_type, entity_type, entity_id, occurred_at, payload)
  SELECT e.id, a.id, a.action, a.entity_type, a.entity_id, a.at,
         jsonb_build_object('id', a.id::text, 'type', a.action, 'entityType', a.entity_type, 'entityId', a.entity_id,
                            'occurredAt', to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                            'actor', jsonb_build_object('kind', a.actor_kind))
  FROM new_audit a JOIN webhook_endpoints e ON e.active AND NOT e.deleted
  WHERE a.action NOT LIKE 'webhook.%'
    AND EXISTS (SELECT 1 FROM unnest(e.events) ev
                WHERE ev = a.action OR (ev LIKE '%.*' AND starts_with(a.action, left(ev, -1)))
                   -- '*' is every change; sign-ins, exports and views of ID numbers (access, not change) only when named
                   OR (ev = '*' AND a.action NOT LIKE 'auth.%' AND a.action NOT IN ('export', 'pii.view')))
  ORDER BY a.id, e.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER audit_log_webhooks AFTER INSERT ON audit_log REFERENCING NEW TABLE AS new_audit FOR EACH STATEMENT EXECUTE FUNCTION webhook_enqueue_audit();
