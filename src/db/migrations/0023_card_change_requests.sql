ALTER TABLE "card_upgrades" ADD COLUMN "requested_by" text;--> statement-breakpoint
ALTER TABLE "card_upgrades" ADD COLUMN "requested_card_no" text;--> statement-breakpoint
ALTER TABLE "card_upgrades" ADD COLUMN "request_note" text;