CREATE TABLE "calls" (
	"id" serial PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"number" text NOT NULL,
	"number_kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_seconds" integer DEFAULT 0 NOT NULL,
	"handler_id" integer,
	"department" text,
	"category" text,
	"summary" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT 'resolved' NOT NULL,
	"customer_id" integer,
	"lead_id" integer,
	"follow_up_on" date,
	"follow_up_note" text,
	"source" text DEFAULT 'console' NOT NULL,
	"external_call_id" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_reason" text,
	CONSTRAINT "calls_direction_ck" CHECK ("calls"."direction" IN ('inbound', 'outbound')),
	CONSTRAINT "calls_outcome_ck" CHECK ("calls"."outcome" IN ('resolved', 'follow_up', 'transferred', 'missed')),
	CONSTRAINT "calls_number_kind_ck" CHECK ("calls"."number_kind" IN ('mobile', 'landline', 'service')),
	CONSTRAINT "calls_source_ck" CHECK ("calls"."source" IN ('console', 'cti')),
	CONSTRAINT "calls_duration_ck" CHECK ("calls"."duration_seconds" >= 0)
);
--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_handler_id_users_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_lead_id_sales_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."sales_leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calls_started_idx" ON "calls" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "calls_number_idx" ON "calls" USING btree ("number");--> statement-breakpoint
CREATE INDEX "calls_number_tail_idx" ON "calls" USING btree (reverse("number") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "calls_customer_idx" ON "calls" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "calls_handler_idx" ON "calls" USING btree ("handler_id","started_at");--> statement-breakpoint
CREATE INDEX "calls_department_idx" ON "calls" USING btree ("department","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "calls_external_call_id_uq" ON "calls" USING btree ("external_call_id");