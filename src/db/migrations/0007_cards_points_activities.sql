CREATE TABLE "card_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"card_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"related_card_id" integer,
	"actor_name" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "card_types" (
	"code" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"rank" integer DEFAULT 0 NOT NULL,
	"base_points" integer DEFAULT 0 NOT NULL,
	"upgrade_threshold" integer,
	"validity_months" integer,
	"co_brand_merchant" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_types_kind_ck" CHECK ("card_types"."kind" IN ('main', 'sub')),
	CONSTRAINT "card_types_points_ck" CHECK ("card_types"."base_points" >= 0 AND ("card_types"."upgrade_threshold" IS NULL OR "card_types"."upgrade_threshold" > 0)),
	CONSTRAINT "card_types_validity_ck" CHECK ("card_types"."validity_months" IS NULL OR "card_types"."validity_months" > 0)
);
--> statement-breakpoint
CREATE TABLE "card_upgrades" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"from_card_id" integer NOT NULL,
	"from_type" text NOT NULL,
	"to_type" text NOT NULL,
	"balance" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"new_card_id" integer,
	CONSTRAINT "card_upgrades_status_ck" CHECK ("card_upgrades"."status" IN ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "cards" (
	"id" serial PRIMARY KEY NOT NULL,
	"card_no" text NOT NULL,
	"member_id" integer NOT NULL,
	"type_code" text NOT NULL,
	"kind" text NOT NULL,
	"main_card_id" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_until" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"replaced_by_id" integer,
	"issued_by" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cards_card_no_unique" UNIQUE("card_no"),
	CONSTRAINT "cards_kind_ck" CHECK ("cards"."kind" IN ('main', 'sub')),
	CONSTRAINT "cards_status_ck" CHECK ("cards"."status" IN ('active', 'replaced', 'lost', 'cancelled', 'lapsed', 'ended'))
);
--> statement-breakpoint
CREATE TABLE "points_accounts" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_accounts_balance_ck" CHECK ("points_accounts"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_batches" (
	"id" serial PRIMARY KEY NOT NULL,
	"amount" integer NOT NULL,
	"source_type" text NOT NULL,
	"source_id" bigint NOT NULL,
	"reason" text,
	"member_ids" integer[] NOT NULL,
	"total" integer NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"error" jsonb,
	"idempotency_key" text,
	"input_summary" jsonb,
	"actor_kind" text NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "points_batches_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "points_batches_ck" CHECK ("points_batches"."amount" <> 0 AND "points_batches"."processed" >= 0 AND "points_batches"."processed" <= "points_batches"."total")
);
--> statement-breakpoint
CREATE TABLE "points_consumptions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry_id" bigint NOT NULL,
	"lot_id" bigint NOT NULL,
	"amount" integer NOT NULL,
	CONSTRAINT "points_consumptions_amount_ck" CHECK ("points_consumptions"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "points_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"amount" integer NOT NULL,
	"state" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"corrects_entry_id" bigint,
	"rule_id" integer,
	"batch_id" integer,
	"reason" text,
	"actor_kind" text NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"posted_at" timestamp with time zone,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "points_entries_amount_ck" CHECK ("points_entries"."amount" <> 0),
	CONSTRAINT "points_entries_state_ck" CHECK ("points_entries"."state" IN ('pending', 'posted', 'rejected', 'reversed'))
);
--> statement-breakpoint
CREATE TABLE "points_lots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"entry_id" bigint NOT NULL,
	"amount" integer NOT NULL,
	"remaining" integer NOT NULL,
	"expired" integer DEFAULT 0 NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "points_lots_entry_id_unique" UNIQUE("entry_id"),
	CONSTRAINT "points_lots_amount_ck" CHECK ("points_lots"."amount" > 0 AND "points_lots"."remaining" >= 0 AND "points_lots"."remaining" <= "points_lots"."amount" AND "points_lots"."expired" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_reminders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"period_key" text NOT NULL,
	"points" integer NOT NULL,
	"notice_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"event_type" text NOT NULL,
	"formula" text NOT NULL,
	"points" integer NOT NULL,
	"per_fen" bigint,
	"eligible_levels" text[] DEFAULT '{}' NOT NULL,
	"auto_approve" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_rules_formula_ck" CHECK ("points_rules"."formula" IN ('fixed', 'per_amount') AND ("points_rules"."formula" = 'fixed' OR "points_rules"."per_fen" > 0)),
	CONSTRAINT "points_rules_points_ck" CHECK ("points_rules"."points" <> 0)
);
--> statement-breakpoint
CREATE TABLE "points_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"expiry_mode" text DEFAULT 'months' NOT NULL,
	"expiry_months" integer DEFAULT 24 NOT NULL,
	"expiry_years" integer DEFAULT 1 NOT NULL,
	"reminder_days" integer DEFAULT 30 NOT NULL,
	"reminder_channel" text DEFAULT 'sms' NOT NULL,
	"balance_reminder_day" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "points_settings_one_ck" CHECK ("points_settings"."id" = 1),
	CONSTRAINT "points_settings_ck" CHECK ("points_settings"."expiry_mode" IN ('none', 'months', 'year_end') AND "points_settings"."expiry_months" > 0 AND "points_settings"."expiry_years" >= 0 AND "points_settings"."reminder_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "purchase_points_due" (
	"purchase_id" integer PRIMARY KEY NOT NULL,
	"customer_id" integer NOT NULL,
	"price_fen" bigint NOT NULL,
	"paid_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"member_id" integer,
	"entry_id" bigint,
	"posted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "redemption_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"item" text NOT NULL,
	"description" text,
	"points_cost" integer NOT NULL,
	"stock_total" integer,
	"stock_left" integer,
	"starts_on" date,
	"ends_on" date,
	"eligible_levels" text[] DEFAULT '{}' NOT NULL,
	"limit_per_member" integer,
	"visible_on_website" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redemption_plans_ck" CHECK ("redemption_plans"."points_cost" > 0 AND ("redemption_plans"."stock_left" IS NULL OR "redemption_plans"."stock_left" >= 0) AND ("redemption_plans"."limit_per_member" IS NULL OR "redemption_plans"."limit_per_member" > 0))
);
--> statement-breakpoint
CREATE TABLE "redemptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"points" integer NOT NULL,
	"member_level" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"channel" text DEFAULT 'console' NOT NULL,
	"idempotency_key" text NOT NULL,
	"entry_id" bigint,
	"refund_entry_id" bigint,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"delivered_by" text,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"cancel_reason" text,
	CONSTRAINT "redemptions_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "redemptions_ck" CHECK ("redemptions"."quantity" > 0 AND "redemptions"."points" > 0 AND "redemptions"."status" IN ('pending', 'delivered', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"points_per_participant" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "activities_ck" CHECK ("activities"."ends_on" >= "activities"."starts_on" AND "activities"."points_per_participant" >= 0 AND "activities"."status" IN ('planned', 'approved', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "card_events" ADD CONSTRAINT "card_events_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_events" ADD CONSTRAINT "card_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_upgrades" ADD CONSTRAINT "card_upgrades_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_upgrades" ADD CONSTRAINT "card_upgrades_from_card_id_cards_id_fk" FOREIGN KEY ("from_card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_upgrades" ADD CONSTRAINT "card_upgrades_to_type_card_types_code_fk" FOREIGN KEY ("to_type") REFERENCES "public"."card_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_upgrades" ADD CONSTRAINT "card_upgrades_new_card_id_cards_id_fk" FOREIGN KEY ("new_card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_type_code_card_types_code_fk" FOREIGN KEY ("type_code") REFERENCES "public"."card_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_main_card_id_cards_id_fk" FOREIGN KEY ("main_card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_replaced_by_id_cards_id_fk" FOREIGN KEY ("replaced_by_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_accounts" ADD CONSTRAINT "points_accounts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_consumptions" ADD CONSTRAINT "points_consumptions_entry_id_points_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."points_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_consumptions" ADD CONSTRAINT "points_consumptions_lot_id_points_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."points_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_corrects_entry_id_points_entries_id_fk" FOREIGN KEY ("corrects_entry_id") REFERENCES "public"."points_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_lots" ADD CONSTRAINT "points_lots_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_lots" ADD CONSTRAINT "points_lots_entry_id_points_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."points_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_reminders" ADD CONSTRAINT "points_reminders_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_plan_id_redemption_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."redemption_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "card_events_card_idx" ON "card_events" USING btree ("card_id","at");--> statement-breakpoint
CREATE INDEX "card_events_member_idx" ON "card_events" USING btree ("member_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "card_types_main_rank_uq" ON "card_types" USING btree ("rank") WHERE kind = 'main';--> statement-breakpoint
CREATE UNIQUE INDEX "card_upgrades_pending_uq" ON "card_upgrades" USING btree ("member_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "card_upgrades_status_idx" ON "card_upgrades" USING btree ("status","proposed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cards_one_active_main_uq" ON "cards" USING btree ("member_id") WHERE kind = 'main' AND status = 'active';--> statement-breakpoint
CREATE INDEX "cards_member_idx" ON "cards" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "cards_main_idx" ON "cards" USING btree ("main_card_id");--> statement-breakpoint
CREATE INDEX "cards_lapse_idx" ON "cards" USING btree ("valid_until") WHERE kind = 'sub' AND status = 'active';--> statement-breakpoint
CREATE INDEX "points_batches_open_idx" ON "points_batches" USING btree ("id") WHERE status IN ('queued', 'running');--> statement-breakpoint
CREATE INDEX "points_consumptions_entry_idx" ON "points_consumptions" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "points_consumptions_lot_idx" ON "points_consumptions" USING btree ("lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "points_entries_key_uq" ON "points_entries" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "points_entries_member_idx" ON "points_entries" USING btree ("member_id","id");--> statement-breakpoint
CREATE INDEX "points_entries_source_idx" ON "points_entries" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "points_entries_pending_idx" ON "points_entries" USING btree ("id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "points_entries_batch_idx" ON "points_entries" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "points_entries_created_idx" ON "points_entries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "points_lots_open_idx" ON "points_lots" USING btree ("member_id","expires_at","earned_at","id") WHERE remaining > 0;--> statement-breakpoint
CREATE INDEX "points_lots_due_idx" ON "points_lots" USING btree ("expires_at") WHERE remaining > 0;--> statement-breakpoint
CREATE UNIQUE INDEX "points_reminders_uq" ON "points_reminders" USING btree ("member_id","kind","period_key");--> statement-breakpoint
CREATE INDEX "points_rules_event_idx" ON "points_rules" USING btree ("event_type");--> statement-breakpoint
CREATE INDEX "purchase_points_due_waiting_idx" ON "purchase_points_due" USING btree ("customer_id") WHERE status = 'waiting';--> statement-breakpoint
CREATE INDEX "redemptions_member_idx" ON "redemptions" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "redemptions_plan_idx" ON "redemptions" USING btree ("plan_id","status");--> statement-breakpoint
CREATE INDEX "redemptions_created_idx" ON "redemptions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "activities_status_idx" ON "activities" USING btree ("status","starts_on");