CREATE TABLE "member_values" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"last_event_at" timestamp with time zone,
	"events_12m" integer NOT NULL,
	"events_recent" integer NOT NULL,
	"events_prior" integer NOT NULL,
	"purchase_fen" bigint NOT NULL,
	"points_earned" bigint NOT NULL,
	"monetary_fen" bigint NOT NULL,
	"ltv_fen" bigint NOT NULL,
	"open_complaints" integer NOT NULL,
	"r" smallint NOT NULL,
	"f" smallint NOT NULL,
	"m" smallint NOT NULL,
	"segment" text NOT NULL,
	"dormant" boolean NOT NULL,
	"churn" smallint NOT NULL,
	"as_of" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"filters" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "member_values_segment_idx" ON "member_values" USING btree ("segment");--> statement-breakpoint
CREATE INDEX "member_values_churn_idx" ON "member_values" USING btree ("churn");--> statement-breakpoint
CREATE UNIQUE INDEX "segments_name_uq" ON "segments" USING btree ("name") WHERE deleted_at IS NULL;