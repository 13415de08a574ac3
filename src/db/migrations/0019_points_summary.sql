CREATE TABLE "points_daily" (
	"day" date NOT NULL,
	"department" text NOT NULL,
	"source_type" text NOT NULL,
	"positive" boolean NOT NULL,
	"points" bigint NOT NULL,
	"entries" integer NOT NULL,
	CONSTRAINT "points_daily_day_department_source_type_positive_pk" PRIMARY KEY("day","department","source_type","positive")
);
--> statement-breakpoint
CREATE TABLE "points_summary" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"summarised_until" date,
	"liability_at" timestamp with time zone,
	"liability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"holders" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_summary_one_ck" CHECK ("points_summary"."id" = 1)
);
--> statement-breakpoint
CREATE INDEX "points_entries_posted_brin" ON "points_entries" USING brin ("posted_at");