ALTER TABLE "points_lots" DROP CONSTRAINT "points_lots_member_id_members_id_fk";
--> statement-breakpoint
DROP INDEX "points_entries_created_idx";--> statement-breakpoint
DROP INDEX "points_entries_batch_idx";--> statement-breakpoint
CREATE INDEX "points_entries_batch_idx" ON "points_entries" USING btree ("batch_id") WHERE batch_id IS NOT NULL;