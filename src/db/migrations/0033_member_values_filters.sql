DROP INDEX "member_values_segment_idx";--> statement-breakpoint
DROP INDEX "member_values_churn_idx";--> statement-breakpoint
ALTER TABLE "member_values" ADD COLUMN "department" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "member_values" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "member_values" ADD COLUMN "channel" text;--> statement-breakpoint
ALTER TABLE "member_values" ADD COLUMN "level" text;--> statement-breakpoint
ALTER TABLE "member_values" ADD COLUMN "joined_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "member_values" ADD COLUMN "projects" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "member_values" ADD COLUMN "balance" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_values" ADD COLUMN "next_expiry" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "member_values" ADD COLUMN "last_activity_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "member_values" ADD COLUMN "customer_deleted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "member_values_dept_churn_idx" ON "member_values" USING btree ("department","churn");--> statement-breakpoint
CREATE INDEX "member_values_dept_expiry_idx" ON "member_values" USING btree ("department","next_expiry");--> statement-breakpoint
CREATE INDEX "member_values_ltv_idx" ON "member_values" USING btree ("ltv_fen","member_id");--> statement-breakpoint
CREATE INDEX "member_values_monetary_idx" ON "member_values" USING btree ("monetary_fen","member_id");--> statement-breakpoint
CREATE INDEX "member_values_recency_idx" ON "member_values" USING btree ("last_event_at" NULLS FIRST,"member_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "member_values_segment_idx" ON "member_values" USING btree ("segment","department");--> statement-breakpoint
CREATE INDEX "member_values_churn_idx" ON "member_values" USING btree ("churn","member_id");