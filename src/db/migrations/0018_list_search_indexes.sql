DROP INDEX "members_joined_idx";--> statement-breakpoint
CREATE INDEX "customers_name_bigrams" ON "customers" USING gin (name_bigrams("name"));--> statement-breakpoint
CREATE INDEX "customers_pinyin_idx" ON "customers" USING btree ("name_pinyin");--> statement-breakpoint
CREATE INDEX "customers_pinyin_compact_idx" ON "customers" USING btree (replace("name_pinyin", ' ', '') text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_mobile_tail_idx" ON "customers" USING btree (reverse("mobile") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_home_phone_tail_idx" ON "customers" USING btree (reverse("home_phone") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "members_joined_idx" ON "members" USING btree ("joined_at","id");