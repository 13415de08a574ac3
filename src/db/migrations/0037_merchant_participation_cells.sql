CREATE TABLE "merchant_member_cells" (
	"merchant_id" integer,
	"level" text,
	"department" text NOT NULL,
	"quarter" text NOT NULL,
	"prev_quarter" text,
	"members" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "merchant_use_cells" (
	"quarter" text NOT NULL,
	"merchant_id" integer NOT NULL,
	"level" text NOT NULL,
	"department" text NOT NULL,
	"uses" integer NOT NULL,
	"rated" integer NOT NULL,
	"rating_sum" integer NOT NULL,
	"positive" integer NOT NULL,
	"neutral" integer NOT NULL,
	"negative" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "merchant_member_cells_quarter_idx" ON "merchant_member_cells" USING btree ("quarter","department");--> statement-breakpoint
CREATE INDEX "merchant_use_cells_quarter_idx" ON "merchant_use_cells" USING btree ("quarter","department");