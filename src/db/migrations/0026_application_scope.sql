ALTER TABLE "applications" ADD COLUMN "submitted_by_id" integer;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "department" text;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_submitted_by_id_users_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_department_idx" ON "applications" USING btree ("department");--> statement-breakpoint
CREATE INDEX "applications_submitted_by_idx" ON "applications" USING btree ("submitted_by_id");