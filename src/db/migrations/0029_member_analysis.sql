CREATE TABLE "analysis_level_moves" (
	"department" text NOT NULL,
	"project" text NOT NULL,
	"month" date NOT NULL,
	"from_level" text NOT NULL,
	"to_level" text NOT NULL,
	"up" integer NOT NULL,
	"members" integer NOT NULL,
	"counted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analysis_member_cells" (
	"department" text NOT NULL,
	"project" text NOT NULL,
	"channel" text NOT NULL,
	"sub_channel" text NOT NULL,
	"level" text NOT NULL,
	"status" text NOT NULL,
	"members" integer NOT NULL,
	"counted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analysis_member_flows" (
	"department" text NOT NULL,
	"project" text NOT NULL,
	"join_month" date NOT NULL,
	"leave_month" date,
	"members" integer NOT NULL,
	"counted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "analysis_level_moves_dept_idx" ON "analysis_level_moves" USING btree ("department");--> statement-breakpoint
CREATE INDEX "analysis_member_cells_dept_idx" ON "analysis_member_cells" USING btree ("department");--> statement-breakpoint
CREATE INDEX "analysis_member_flows_dept_idx" ON "analysis_member_flows" USING btree ("department");