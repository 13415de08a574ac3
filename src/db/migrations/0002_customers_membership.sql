CREATE TABLE "customers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_pinyin" text DEFAULT '' NOT NULL,
	"gender" text,
	"birthday" date,
	"id_type" text,
	"id_number_enc" text,
	"id_number_hash" text,
	"id_number_masked" text,
	"mobile" text,
	"home_phone" text,
	"email" text,
	"address" text,
	"source" text DEFAULT 'manual' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"owner_id" integer,
	"department" text,
	"is_buyer" boolean DEFAULT false NOT NULL,
	"member_id" integer,
	"merged_into_id" integer,
	"external_system" text,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" serial PRIMARY KEY NOT NULL,
	"purchase_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"note" text,
	"external_system" text,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchases" (
	"id" serial PRIMARY KEY NOT NULL,
	"customer_id" integer NOT NULL,
	"project" text NOT NULL,
	"unit" text NOT NULL,
	"contract_no" text,
	"price_fen" bigint NOT NULL,
	"received_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'contracted' NOT NULL,
	"fully_paid_at" timestamp with time zone,
	"external_system" text,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_no" text NOT NULL,
	"method" text NOT NULL,
	"channel" text,
	"sub_channel" text,
	"customer_id" integer,
	"purchase_id" integer,
	"project" text,
	"name" text NOT NULL,
	"name_pinyin" text DEFAULT '' NOT NULL,
	"gender" text,
	"birthday" date,
	"id_type" text,
	"id_number_enc" text,
	"id_number_hash" text,
	"id_number_masked" text,
	"mobile" text,
	"home_phone" text,
	"email" text,
	"address" text,
	"card_no" text,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"outcome" text,
	"member_id" integer,
	"merged_into_id" integer,
	"reviewer_id" integer,
	"reviewed_at" timestamp with time zone,
	"reject_reason" text,
	"submitted_by" text,
	"external_system" text,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_application_no_unique" UNIQUE("application_no")
);
--> statement-breakpoint
CREATE TABLE "leave_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"method" text NOT NULL,
	"rule" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_name" text NOT NULL,
	"kind" text NOT NULL,
	"field" text,
	"old_value" text,
	"new_value" text,
	"ref_type" text,
	"ref_id" integer,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_no" text NOT NULL,
	"customer_id" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"channel" text,
	"sub_channel" text,
	"application_id" integer,
	"requested_card_no" text,
	"notice_status" text DEFAULT 'pending' NOT NULL,
	"data_error_flag" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_member_no_unique" UNIQUE("member_no"),
	CONSTRAINT "members_customer_id_unique" UNIQUE("customer_id"),
	CONSTRAINT "members_requested_card_no_unique" UNIQUE("requested_card_no")
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer,
	"customer_id" integer,
	"channel" text NOT NULL,
	"purpose" text NOT NULL,
	"recipient" text,
	"subject" text,
	"body" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"provider_id" text,
	"ref_type" text,
	"ref_id" integer,
	"meta" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_purchase_id_purchases_id_fk" FOREIGN KEY ("purchase_id") REFERENCES "public"."purchases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_purchase_id_purchases_id_fk" FOREIGN KEY ("purchase_id") REFERENCES "public"."purchases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_events" ADD CONSTRAINT "member_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_name_trgm" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_pinyin_trgm" ON "customers" USING gin ("name_pinyin" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_id_hash_idx" ON "customers" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "customers_mobile_idx" ON "customers" USING btree ("mobile");--> statement-breakpoint
CREATE INDEX "customers_home_phone_idx" ON "customers" USING btree ("home_phone");--> statement-breakpoint
CREATE INDEX "customers_member_idx" ON "customers" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "customers_owner_idx" ON "customers" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_uq" ON "customers" USING btree ("external_system","external_id");--> statement-breakpoint
CREATE INDEX "payments_purchase_idx" ON "payments" USING btree ("purchase_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_external_uq" ON "payments" USING btree ("external_system","external_id");--> statement-breakpoint
CREATE INDEX "purchases_customer_idx" ON "purchases" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "purchases_project_idx" ON "purchases" USING btree ("project");--> statement-breakpoint
CREATE UNIQUE INDEX "purchases_external_uq" ON "purchases" USING btree ("external_system","external_id");--> statement-breakpoint
CREATE INDEX "applications_status_idx" ON "applications" USING btree ("status");--> statement-breakpoint
CREATE INDEX "applications_name_trgm" ON "applications" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "applications_pinyin_trgm" ON "applications" USING gin ("name_pinyin" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "applications_id_hash_idx" ON "applications" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "applications_mobile_idx" ON "applications" USING btree ("mobile");--> statement-breakpoint
CREATE INDEX "applications_home_phone_idx" ON "applications" USING btree ("home_phone");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_external_uq" ON "applications" USING btree ("external_system","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_purchase_uq" ON "applications" USING btree ("purchase_id");--> statement-breakpoint
CREATE INDEX "leave_requests_status_idx" ON "leave_requests" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "leave_requests_open_uq" ON "leave_requests" USING btree ("member_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "member_events_member_idx" ON "member_events" USING btree ("member_id","at");--> statement-breakpoint
CREATE INDEX "members_status_idx" ON "members" USING btree ("status");--> statement-breakpoint
CREATE INDEX "members_joined_idx" ON "members" USING btree ("joined_at");--> statement-breakpoint
CREATE INDEX "notices_queue_idx" ON "notices" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notices_member_idx" ON "notices" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "notices_ref_idx" ON "notices" USING btree ("ref_type","ref_id");