CREATE TABLE "complaint_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"complaint_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_name" text NOT NULL,
	"kind" text NOT NULL,
	"step_id" integer,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "complaint_goodwill" (
	"id" serial PRIMARY KEY NOT NULL,
	"complaint_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"entry_id" bigint,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"complaint_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"step_at" timestamp with time zone NOT NULL,
	"handler_id" integer NOT NULL,
	"department" text,
	"opinion" text NOT NULL,
	"expected_finish_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"finished_by" integer,
	"finish_note" text,
	"reminded_at" timestamp with time zone,
	"reminder_notice_id" bigint,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_steps_due_ck" CHECK ("complaint_steps"."expected_finish_at" IS NULL OR "complaint_steps"."expected_finish_at" > "complaint_steps"."step_at")
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" serial PRIMARY KEY NOT NULL,
	"complaint_no" text NOT NULL,
	"channel" text NOT NULL,
	"type" text NOT NULL,
	"member_id" integer,
	"card_no" text,
	"complainant_name" text NOT NULL,
	"complainant_phone" text,
	"content" text NOT NULL,
	"receiver_id" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"importance" text DEFAULT 'normal' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"close_note" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaints_complaint_no_unique" UNIQUE("complaint_no"),
	CONSTRAINT "complaints_status_ck" CHECK ("complaints"."status" IN ('pending', 'processing', 'done')),
	CONSTRAINT "complaints_importance_ck" CHECK ("complaints"."importance" IN ('low', 'normal', 'high', 'urgent'))
);
--> statement-breakpoint
CREATE TABLE "merchant_service_feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"service_id" integer NOT NULL,
	"quarter" text NOT NULL,
	"feedback" text NOT NULL,
	"participation_count" integer DEFAULT 0 NOT NULL,
	"rating" smallint,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merchant_service_feedback_rating_ck" CHECK ("merchant_service_feedback"."rating" IS NULL OR "merchant_service_feedback"."rating" BETWEEN -2 AND 2),
	CONSTRAINT "merchant_service_feedback_count_ck" CHECK ("merchant_service_feedback"."participation_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "merchant_service_participations" (
	"id" serial PRIMARY KEY NOT NULL,
	"service_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"level" text,
	"participated_at" timestamp with time zone NOT NULL,
	"note" text,
	"rating" smallint,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "merchant_participations_rating_ck" CHECK ("merchant_service_participations"."rating" IS NULL OR "merchant_service_participations"."rating" BETWEEN -2 AND 2)
);
--> statement-breakpoint
CREATE TABLE "merchant_services" (
	"id" serial PRIMARY KEY NOT NULL,
	"merchant_id" integer NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"content" text,
	"eligible_levels" text[] NOT NULL,
	"discount_percent" numeric(5, 2),
	"discount_note" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "merchant_services_discount_ck" CHECK ("merchant_services"."discount_percent" IS NULL OR ("merchant_services"."discount_percent" >= 0 AND "merchant_services"."discount_percent" <= 100)),
	CONSTRAINT "merchant_services_period_ck" CHECK ("merchant_services"."ends_on" IS NULL OR "merchant_services"."ends_on" >= "merchant_services"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "merchants" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"contact" text,
	"address" text,
	"phone1" text,
	"phone2" text,
	"parent_company" text,
	"type" text,
	"importance" text DEFAULT 'normal' NOT NULL,
	"contract_ends_on" date,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "merchants_importance_ck" CHECK ("merchants"."importance" IN ('high', 'normal', 'low'))
);
--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_goodwill" ADD CONSTRAINT "complaint_goodwill_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_goodwill" ADD CONSTRAINT "complaint_goodwill_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_steps" ADD CONSTRAINT "complaint_steps_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_steps" ADD CONSTRAINT "complaint_steps_handler_id_users_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_steps" ADD CONSTRAINT "complaint_steps_finished_by_users_id_fk" FOREIGN KEY ("finished_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_receiver_id_users_id_fk" FOREIGN KEY ("receiver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_service_feedback" ADD CONSTRAINT "merchant_service_feedback_service_id_merchant_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."merchant_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_service_participations" ADD CONSTRAINT "merchant_service_participations_service_id_merchant_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."merchant_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_service_participations" ADD CONSTRAINT "merchant_service_participations_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_services" ADD CONSTRAINT "merchant_services_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_events_complaint_idx" ON "complaint_events" USING btree ("complaint_id","at");--> statement-breakpoint
CREATE INDEX "complaint_goodwill_complaint_idx" ON "complaint_goodwill" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "complaint_steps_complaint_idx" ON "complaint_steps" USING btree ("complaint_id","seq");--> statement-breakpoint
CREATE INDEX "complaint_steps_handler_idx" ON "complaint_steps" USING btree ("handler_id");--> statement-breakpoint
CREATE INDEX "complaint_steps_step_at_idx" ON "complaint_steps" USING btree ("step_at");--> statement-breakpoint
CREATE INDEX "complaint_steps_open_due_idx" ON "complaint_steps" USING btree ("expected_finish_at") WHERE finished_at IS NULL;--> statement-breakpoint
CREATE INDEX "complaints_received_idx" ON "complaints" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "complaints_status_idx" ON "complaints" USING btree ("status");--> statement-breakpoint
CREATE INDEX "complaints_member_idx" ON "complaints" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "complaints_receiver_idx" ON "complaints" USING btree ("receiver_id");--> statement-breakpoint
CREATE INDEX "complaints_content_trgm" ON "complaints" USING gin ("content" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "merchant_service_feedback_quarter_uq" ON "merchant_service_feedback" USING btree ("service_id","quarter");--> statement-breakpoint
CREATE INDEX "merchant_participations_service_idx" ON "merchant_service_participations" USING btree ("service_id","participated_at");--> statement-breakpoint
CREATE INDEX "merchant_participations_member_idx" ON "merchant_service_participations" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "merchant_services_merchant_idx" ON "merchant_services" USING btree ("merchant_id");--> statement-breakpoint
CREATE INDEX "merchant_services_name_trgm" ON "merchant_services" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "merchant_services_levels_idx" ON "merchant_services" USING gin ("eligible_levels");--> statement-breakpoint
CREATE UNIQUE INDEX "merchants_code_uq" ON "merchants" USING btree ("code");--> statement-breakpoint
CREATE INDEX "merchants_name_trgm" ON "merchants" USING gin ("name" gin_trgm_ops);