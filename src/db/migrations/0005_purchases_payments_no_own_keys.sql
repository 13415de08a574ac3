DROP INDEX "payments_idempotency_uq";--> statement-breakpoint
DROP INDEX "purchases_idempotency_uq";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "payments" DROP COLUMN "idempotency_key";--> statement-breakpoint
ALTER TABLE "purchases" DROP COLUMN "idempotency_key";