DROP INDEX "customers_name_trgm";--> statement-breakpoint
DROP INDEX "customers_name_bigrams";--> statement-breakpoint
DROP INDEX "applications_pending_name_trgm";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "name_simplified" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "name_keys" text[];--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "name_simplified" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "name_keys" text[];--> statement-breakpoint
CREATE INDEX "customers_name_simplified_trgm" ON "customers" USING gin ("name_simplified" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_name_simplified_bigrams" ON "customers" USING gin (name_bigrams("name_simplified"));--> statement-breakpoint
CREATE INDEX "customers_name_keys_idx" ON "customers" USING gin ("name_keys");--> statement-breakpoint
CREATE INDEX "customers_birthday_idx" ON "customers" USING btree ("birthday");--> statement-breakpoint
CREATE INDEX "customers_name_forms_missing_idx" ON "customers" USING btree ("id") WHERE name_keys IS NULL;--> statement-breakpoint
CREATE INDEX "applications_pending_name_simplified_trgm" ON "applications" USING gin ("name_simplified" gin_trgm_ops) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "applications_pending_name_keys_idx" ON "applications" USING gin ("name_keys") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "applications_name_forms_missing_idx" ON "applications" USING btree ("id") WHERE name_keys IS NULL;--> statement-breakpoint
-- The duplicate review's candidates (审核: 相似会员 / 相似待审申请), compared on the simplified
-- name and the sound keys (name_simplified, name_keys: src/modules/customers/name-forms.ts), and
-- showing the evidence a receptionist needs (birthday, gender, address). Replaces the function of
-- migration 0013; the rules are described in src/modules/membership/candidates.ts, which calls it.
--
-- Recall at scale: every name probe reads at most p_per_probe rows, so a common name (王伟, 王薇,
-- 王威 … share "wang wei") used to crowd out the right person. The first probe is the sound key AND
-- the birthday (an application typed from an ID card carries it): dozens of rows at 1M, read through
-- the birthday index, whoever else sounds alike. Then the same name, the same sound, similar
-- characters (trigrams), each under its LIMIT, and the exact probes (ID number, mobile, home phone).
-- enable_seqscan off: under the generic plan a LIMIT made a sequential scan look cheap for `%`.
DROP FUNCTION IF EXISTS membership_candidates(text, text, text[], text, text, text, integer, integer);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION membership_candidates(
  p_simplified text, p_pinyin text, p_keys text[], p_birthday date, p_id_hash text, p_mobile text, p_home_phone text,
  p_exclude_application integer, p_per_probe integer)
RETURNS TABLE (
  kind text, id integer, number text, status text, method text, channel text, sub_channel text, at timestamptz,
  customer_id integer, name text, gender text, birthday text, mobile text, home_phone text, id_number_masked text, address text,
  why text, name_sim real, pinyin_sim real)
LANGUAGE plpgsql STABLE
SET pg_trgm.similarity_threshold = 0.4
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH
  member_hits AS (
    (SELECT c.id, 'sound,birthday' AS why FROM customers c
      WHERE c.name_keys && p_keys AND c.birthday = p_birthday AND c.deleted_at IS NULL AND c.member_id IS NOT NULL LIMIT p_per_probe)
    UNION ALL (SELECT c.id, 'name' FROM customers c
      WHERE c.name_simplified = p_simplified AND c.deleted_at IS NULL AND c.member_id IS NOT NULL LIMIT p_per_probe)
    UNION ALL (SELECT c.id, 'sound' FROM customers c
      WHERE c.name_keys && p_keys AND c.deleted_at IS NULL AND c.member_id IS NOT NULL LIMIT p_per_probe)
    UNION ALL (SELECT c.id, 'name' FROM customers c
      WHERE c.name_simplified % p_simplified AND c.name_simplified <> p_simplified AND c.deleted_at IS NULL AND c.member_id IS NOT NULL LIMIT p_per_probe)
    UNION ALL SELECT c.id, 'id' FROM customers c
      WHERE c.id_number_hash = p_id_hash AND c.deleted_at IS NULL AND c.member_id IS NOT NULL
    UNION ALL SELECT c.id, 'mobile' FROM customers c
      WHERE c.mobile = p_mobile AND c.deleted_at IS NULL AND c.member_id IS NOT NULL
    UNION ALL SELECT c.id, 'homePhone' FROM customers c
      WHERE c.home_phone = p_home_phone AND c.deleted_at IS NULL AND c.member_id IS NOT NULL),
  people AS (SELECT h.id, string_agg(DISTINCT h.why, ',') AS why FROM member_hits h GROUP BY h.id),
  application_hits AS (
    (SELECT a.id, 'sound' AS why FROM applications a
      WHERE a.name_keys && p_keys AND a.status = 'pending' AND a.id <> p_exclude_application LIMIT p_per_probe)
    UNION ALL (SELECT a.id, 'name' FROM applications a
      WHERE a.name_simplified % p_simplified AND a.status = 'pending' AND a.id <> p_exclude_application LIMIT p_per_probe)
    UNION ALL SELECT a.id, 'id' FROM applications a WHERE a.id_number_hash = p_id_hash AND a.status = 'pending' AND a.id <> p_exclude_application
    UNION ALL SELECT a.id, 'mobile' FROM applications a WHERE a.mobile = p_mobile AND a.status = 'pending' AND a.id <> p_exclude_application
    UNION ALL SELECT a.id, 'homePhone' FROM applications a WHERE a.home_phone = p_home_phone AND a.status = 'pending' AND a.id <> p_exclude_application),
  found AS (SELECT h.id, string_agg(DISTINCT h.why, ',') AS why FROM application_hits h GROUP BY h.id),
  both_kinds AS (
    SELECT 'member'::text AS kind, m.id, m.member_no AS number, m.status, NULL::text AS method, m.channel, m.sub_channel, m.joined_at AS at,
      c.id AS customer_id, c.name, c.name_simplified, c.name_pinyin, c.gender, c.birthday, c.mobile, c.home_phone, c.id_number_masked, c.address, p.why
    FROM people p JOIN customers c ON c.id = p.id JOIN members m ON m.customer_id = p.id AND m.status <> 'archived'
    UNION ALL
    SELECT 'application'::text, a.id, a.application_no, a.status, a.method, a.channel, a.sub_channel, a.created_at,
      a.customer_id, a.name, a.name_simplified, a.name_pinyin, a.gender, a.birthday, a.mobile, a.home_phone, a.id_number_masked, a.address, f.why
    FROM found f JOIN applications a ON a.id = f.id)
  SELECT b.kind, b.id, b.number, b.status, b.method, b.channel, b.sub_channel, b.at, b.customer_id, b.name, b.gender, b.birthday::text,
    b.mobile, b.home_phone, b.id_number_masked, b.address, b.why,
    similarity(coalesce(b.name_simplified, b.name), p_simplified), similarity(b.name_pinyin, p_pinyin)
  FROM both_kinds b;
END
$$;
