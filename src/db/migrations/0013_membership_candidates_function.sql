-- Similar members and similar pending applications of the review screen (审核), in one function:
-- PL/pgSQL keeps one generic plan of its query for the session (planning it on each call cost as
-- much as running it: ~3 ms at 1M members; the materialised probes keep the generic plan on the
-- indexes), and the SET clause gives the trigram threshold without a transaction around the call. The rules are described in
-- src/modules/membership/candidates.ts, which calls it; change both together.
CREATE OR REPLACE FUNCTION membership_candidates(
  p_name text, p_pinyin text, p_variants text[], p_id_hash text, p_mobile text, p_home_phone text,
  p_exclude_application integer, p_per_probe integer)
RETURNS TABLE (
  kind text, id integer, number text, status text, method text, channel text, sub_channel text, at timestamptz,
  customer_id integer, name text, mobile text, home_phone text, id_number_masked text, why text, name_sim real, pinyin_sim real)
LANGUAGE plpgsql STABLE
SET pg_trgm.similarity_threshold = 0.4
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH
  -- name probes are materialised, then read with a LIMIT: planned with the LIMIT, `%` became a
  -- sequential scan of every customer for a rare name
  member_same_name AS MATERIALIZED (
    SELECT c.id, c.name, c.name_pinyin, c.mobile, c.home_phone, c.id_number_masked FROM customers c
    WHERE c.name = p_name AND c.deleted_at IS NULL AND c.member_id IS NOT NULL),
  member_by_name AS MATERIALIZED (
    SELECT c.id, c.name, c.name_pinyin, c.mobile, c.home_phone, c.id_number_masked FROM customers c
    WHERE c.name % p_name AND c.name <> p_name AND c.deleted_at IS NULL AND c.member_id IS NOT NULL),
  member_by_sound AS MATERIALIZED (
    SELECT c.id, c.name, c.name_pinyin, c.mobile, c.home_phone, c.id_number_masked FROM customers c
    WHERE c.name = ANY(p_variants) AND c.deleted_at IS NULL AND c.member_id IS NOT NULL),
  member_hits AS (
    (SELECT s.*, 'name' AS why FROM member_same_name s LIMIT p_per_probe)
    UNION ALL (SELECT s.*, 'name' FROM member_by_name s LIMIT p_per_probe)
    UNION ALL (SELECT s.*, 'sound' FROM member_by_sound s LIMIT p_per_probe)
    UNION ALL SELECT c.id, c.name, c.name_pinyin, c.mobile, c.home_phone, c.id_number_masked, 'id' FROM customers c
      WHERE c.id_number_hash = p_id_hash AND c.deleted_at IS NULL AND c.member_id IS NOT NULL
    UNION ALL SELECT c.id, c.name, c.name_pinyin, c.mobile, c.home_phone, c.id_number_masked, 'mobile' FROM customers c
      WHERE c.mobile = p_mobile AND c.deleted_at IS NULL AND c.member_id IS NOT NULL
    UNION ALL SELECT c.id, c.name, c.name_pinyin, c.mobile, c.home_phone, c.id_number_masked, 'homePhone' FROM customers c
      WHERE c.home_phone = p_home_phone AND c.deleted_at IS NULL AND c.member_id IS NOT NULL),
  people AS (
    SELECT h.id, min(h.name) AS name, min(h.name_pinyin) AS name_pinyin, min(h.mobile) AS mobile, min(h.home_phone) AS home_phone,
      min(h.id_number_masked) AS id_number_masked, string_agg(DISTINCT h.why, ',') AS why
    FROM member_hits h GROUP BY h.id),
  pending_by_name AS MATERIALIZED (
    SELECT a.id FROM applications a WHERE a.name % p_name AND a.status = 'pending' AND a.id <> p_exclude_application),
  pending_by_sound AS MATERIALIZED (
    SELECT a.id FROM applications a WHERE a.name = ANY(p_variants) AND a.status = 'pending' AND a.id <> p_exclude_application),
  application_hits AS (
    (SELECT s.id, 'name' AS why FROM pending_by_name s LIMIT p_per_probe)
    UNION ALL (SELECT s.id, 'sound' FROM pending_by_sound s LIMIT p_per_probe)
    UNION ALL SELECT a.id, 'id' FROM applications a WHERE a.id_number_hash = p_id_hash AND a.status = 'pending' AND a.id <> p_exclude_application
    UNION ALL SELECT a.id, 'mobile' FROM applications a WHERE a.mobile = p_mobile AND a.status = 'pending' AND a.id <> p_exclude_application
    UNION ALL SELECT a.id, 'homePhone' FROM applications a WHERE a.home_phone = p_home_phone AND a.status = 'pending' AND a.id <> p_exclude_application),
  found AS (SELECT h.id, string_agg(DISTINCT h.why, ',') AS why FROM application_hits h GROUP BY h.id),
  both_kinds AS (
    SELECT 'member'::text AS kind, m.id, m.member_no AS number, m.status, NULL::text AS method, m.channel, m.sub_channel, m.joined_at AS at,
      p.id AS customer_id, p.name, p.name_pinyin, p.mobile, p.home_phone, p.id_number_masked, p.why
    FROM people p JOIN members m ON m.customer_id = p.id AND m.status <> 'archived'
    UNION ALL
    SELECT 'application'::text, a.id, a.application_no, a.status, a.method, a.channel, a.sub_channel, a.created_at,
      a.customer_id, a.name, a.name_pinyin, a.mobile, a.home_phone, a.id_number_masked, f.why
    FROM found f JOIN applications a ON a.id = f.id)
  SELECT b.kind, b.id, b.number, b.status, b.method, b.channel, b.sub_channel, b.at, b.customer_id, b.name, b.mobile, b.home_phone,
    b.id_number_masked, b.why, similarity(b.name, p_name), similarity(b.name_pinyin, p_pinyin)
  FROM both_kinds b;
END
$$;
