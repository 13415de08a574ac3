DROP INDEX "member_values_segment_idx";--> statement-breakpoint
DROP INDEX "member_values_dept_churn_idx";--> statement-breakpoint
DROP INDEX "member_values_dept_expiry_idx";--> statement-breakpoint
CREATE INDEX "member_values_level_idx" ON "member_values" USING btree ("level","joined_at","balance") WHERE NOT customer_deleted;--> statement-breakpoint
CREATE INDEX "member_values_segment_idx" ON "member_values" USING btree ("segment","department") WHERE NOT customer_deleted;--> statement-breakpoint
CREATE INDEX "member_values_dept_churn_idx" ON "member_values" USING btree ("department","churn") WHERE NOT customer_deleted;--> statement-breakpoint
CREATE INDEX "member_values_dept_expiry_idx" ON "member_values" USING btree ("department","next_expiry","last_activity_at") WHERE NOT customer_deleted;