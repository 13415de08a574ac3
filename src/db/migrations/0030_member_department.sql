ALTER TABLE "members" ADD COLUMN "department" text;--> statement-breakpoint
UPDATE "members" m SET "department" = c."department" FROM "customers" c WHERE c."id" = m."customer_id" AND c."department" IS NOT NULL;--> statement-breakpoint
CREATE FUNCTION member_department_from_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.department := (SELECT c.department FROM customers c WHERE c.id = NEW.customer_id);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER members_department BEFORE INSERT OR UPDATE OF "customer_id", "department" ON "members" FOR EACH ROW EXECUTE FUNCTION member_department_from_customer();--> statement-breakpoint
CREATE FUNCTION customer_department_to_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE members SET department = NEW.department WHERE customer_id = NEW.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER customers_department_to_members AFTER UPDATE OF "department" ON "customers" FOR EACH ROW WHEN (OLD."department" IS DISTINCT FROM NEW."department") EXECUTE FUNCTION customer_department_to_members();--> statement-breakpoint
CREATE INDEX "applications_pending_customer_idx" ON "applications" USING btree ("customer_id") WHERE status = 'pending' AND customer_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "members_department_idx" ON "members" USING btree ("department","id");--> statement-breakpoint
CREATE INDEX "members_department_notice_idx" ON "members" USING btree ("department","notice_status") WHERE status <> 'archived';
