CREATE TABLE "activity_costs" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"basis" text NOT NULL,
	"item" text NOT NULL,
	"cost_fen" bigint NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "activity_costs_ck" CHECK ("activity_costs"."cost_fen" >= 0 AND "activity_costs"."basis" IN ('per_participant', 'shared'))
);
--> statement-breakpoint
CREATE TABLE "activity_notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"audience" text NOT NULL,
	"filters" jsonb,
	"channels" text[] NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"members" integer NOT NULL,
	"queued" integer NOT NULL,
	"no_recipient" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_participants" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"card_no" text,
	"method" text NOT NULL,
	"attended_at" timestamp with time zone NOT NULL,
	"place" text,
	"points" integer DEFAULT 0 NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_participants_method_ck" CHECK ("activity_participants"."method" IN ('single', 'batch', 'card_reader'))
);
--> statement-breakpoint
CREATE TABLE "care_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"trigger" text,
	"group_key" text,
	"title" text NOT NULL,
	"channel" text NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"filters" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_actions_ck" CHECK ("care_actions"."kind" IN ('manual', 'automatic') AND "care_actions"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "care_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"care_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"recipient" text,
	"notice_id" bigint,
	"points" integer DEFAULT 0 NOT NULL,
	"trigger_key" text,
	"ref_type" text,
	"ref_id" integer,
	"result_note" text,
	"result_by" text,
	"result_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_members_status_ck" CHECK ("care_members"."status" IN ('queued', 'sent', 'failed', 'no_recipient', 'pending', 'reached', 'unreached'))
);
--> statement-breakpoint
CREATE TABLE "care_triggers" (
	"trigger" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"channel" text NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_triggers_ck" CHECK ("care_triggers"."trigger" IN ('birthday', 'purchase', 'activity') AND "care_triggers"."points" >= 0)
);
--> statement-breakpoint
ALTER TABLE "activities" DROP CONSTRAINT "activities_ck";--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "place" text;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "expected_headcount" integer;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "plan_text" text;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "budget_fen" bigint;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "rejected_by" text;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "rejected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "decision_note" text;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "closed_by" text;--> statement-breakpoint
ALTER TABLE "activity_costs" ADD CONSTRAINT "activity_costs_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_notices" ADD CONSTRAINT "activity_notices_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_members" ADD CONSTRAINT "care_members_care_id_care_actions_id_fk" FOREIGN KEY ("care_id") REFERENCES "public"."care_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_members" ADD CONSTRAINT "care_members_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_costs_activity_idx" ON "activity_costs" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "activity_notices_activity_idx" ON "activity_notices" USING btree ("activity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_participants_uq" ON "activity_participants" USING btree ("activity_id","member_id");--> statement-breakpoint
CREATE INDEX "activity_participants_member_idx" ON "activity_participants" USING btree ("member_id","attended_at");--> statement-breakpoint
CREATE UNIQUE INDEX "care_actions_group_uq" ON "care_actions" USING btree ("group_key");--> statement-breakpoint
CREATE INDEX "care_actions_created_idx" ON "care_actions" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "care_members_uq" ON "care_members" USING btree ("care_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "care_members_trigger_uq" ON "care_members" USING btree ("trigger_key");--> statement-breakpoint
CREATE INDEX "care_members_member_idx" ON "care_members" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "care_members_notice_idx" ON "care_members" USING btree ("notice_id");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_plan_ck" CHECK (("activities"."expected_headcount" IS NULL OR "activities"."expected_headcount" >= 0) AND ("activities"."budget_fen" IS NULL OR "activities"."budget_fen" >= 0));--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_ck" CHECK ("activities"."ends_on" >= "activities"."starts_on" AND "activities"."points_per_participant" >= 0 AND "activities"."status" IN ('planned', 'approved', 'rejected', 'closed'));