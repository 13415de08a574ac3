CREATE TABLE "sales_follow_ups" (
	"id" serial PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"content" text NOT NULL,
	"next_follow_up_on" date,
	"by_id" integer,
	"by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_follow_ups_subject_ck" CHECK ("sales_follow_ups"."subject_type" IN ('lead', 'opportunity'))
);
--> statement-breakpoint
CREATE TABLE "sales_leads" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"mobile" text,
	"source" text NOT NULL,
	"intention" text,
	"note" text,
	"owner_id" integer,
	"department" text,
	"status" text DEFAULT 'new' NOT NULL,
	"next_follow_up_on" date,
	"lost_reason" text,
	"lost_note" text,
	"customer_id" integer,
	"converted_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "sales_leads_status_ck" CHECK ("sales_leads"."status" IN ('new', 'following', 'converted', 'lost'))
);
--> statement-breakpoint
CREATE TABLE "sales_opportunities" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"customer_id" integer NOT NULL,
	"lead_id" integer,
	"intention" text,
	"expected_amount_fen" bigint DEFAULT 0 NOT NULL,
	"stage" text DEFAULT 'first_visit' NOT NULL,
	"max_stage_rank" integer DEFAULT 0 NOT NULL,
	"lost_reason" text,
	"lost_note" text,
	"owner_id" integer,
	"department" text,
	"expected_close_on" date,
	"next_follow_up_on" date,
	"closed_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_opps_stage_ck" CHECK ("sales_opportunities"."stage" IN ('first_visit', 'revisit', 'deposit', 'subscription', 'won', 'lost')),
	CONSTRAINT "sales_opps_amount_ck" CHECK ("sales_opportunities"."expected_amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sales_stage_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"opportunity_id" integer NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"backwards" boolean DEFAULT false NOT NULL,
	"note" text,
	"by_id" integer,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sales_follow_ups" ADD CONSTRAINT "sales_follow_ups_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_leads" ADD CONSTRAINT "sales_leads_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_leads" ADD CONSTRAINT "sales_leads_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_opportunities" ADD CONSTRAINT "sales_opportunities_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_opportunities" ADD CONSTRAINT "sales_opportunities_lead_id_sales_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."sales_leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_opportunities" ADD CONSTRAINT "sales_opportunities_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_stage_changes" ADD CONSTRAINT "sales_stage_changes_opportunity_id_sales_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."sales_opportunities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_stage_changes" ADD CONSTRAINT "sales_stage_changes_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_follow_ups_subject_idx" ON "sales_follow_ups" USING btree ("subject_type","subject_id","at");--> statement-breakpoint
CREATE INDEX "sales_leads_owner_idx" ON "sales_leads" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "sales_leads_department_idx" ON "sales_leads" USING btree ("department");--> statement-breakpoint
CREATE INDEX "sales_leads_mobile_idx" ON "sales_leads" USING btree ("mobile");--> statement-breakpoint
CREATE INDEX "sales_leads_due_idx" ON "sales_leads" USING btree ("next_follow_up_on") WHERE status IN ('new', 'following') AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "sales_opps_owner_idx" ON "sales_opportunities" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "sales_opps_department_idx" ON "sales_opportunities" USING btree ("department");--> statement-breakpoint
CREATE INDEX "sales_opps_customer_idx" ON "sales_opportunities" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "sales_opps_created_idx" ON "sales_opportunities" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sales_opps_due_idx" ON "sales_opportunities" USING btree ("next_follow_up_on") WHERE stage NOT IN ('won', 'lost');--> statement-breakpoint
CREATE INDEX "sales_stage_changes_opp_idx" ON "sales_stage_changes" USING btree ("opportunity_id","at");