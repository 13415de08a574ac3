CREATE TABLE "home_level_counts" (
	"department" text NOT NULL,
	"level" text NOT NULL,
	"members" integer NOT NULL,
	"counted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "home_level_counts_department_level_pk" PRIMARY KEY("department","level")
);
--> statement-breakpoint
CREATE INDEX "members_archived_at_idx" ON "members" USING btree ("archived_at") WHERE status = 'archived';