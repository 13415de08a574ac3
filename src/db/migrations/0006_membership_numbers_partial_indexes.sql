CREATE SEQUENCE "public"."application_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."member_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "members" DROP CONSTRAINT "members_customer_id_unique";--> statement-breakpoint
DROP INDEX "applications_pinyin_trgm";--> statement-breakpoint
DROP INDEX "applications_home_phone_idx";--> statement-breakpoint
DROP INDEX "applications_status_idx";--> statement-breakpoint
DROP INDEX "leave_requests_status_idx";--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "linked_purchase_id" integer;--> statement-breakpoint
ALTER TABLE "leave_requests" ADD COLUMN "decided_by_name" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "data_error_flagged_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "applications_member_idx" ON "applications" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "applications_customer_idx" ON "applications" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "applications_pending_name_trgm" ON "applications" USING gin ("name" gin_trgm_ops) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "applications_pending_pinyin_trgm" ON "applications" USING gin ("name_pinyin" gin_trgm_ops) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "applications_pending_home_phone_idx" ON "applications" USING btree ("home_phone") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "leave_requests_member_idx" ON "leave_requests" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_customer_live_uq" ON "members" USING btree ("customer_id") WHERE status <> 'archived';--> statement-breakpoint
CREATE INDEX "members_customer_idx" ON "members" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "members_notice_status_idx" ON "members" USING btree ("notice_status") WHERE status <> 'archived';--> statement-breakpoint
CREATE INDEX "applications_status_idx" ON "applications" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "leave_requests_status_idx" ON "leave_requests" USING btree ("status","created_at");