-- The pairs of characters of a name (lower-cased), for searching names by any two characters:
-- pg_trgm needs three, and Chinese names are two or three characters long, so a search for 张伟 or
-- 小明 found no trigram to use and read every customer (250 ms at 1.2M). A GIN index on
-- name_bigrams(name) answers `name_bigrams(name) @> name_bigrams('小明')` from the index; the
-- LIKE beside it checks the order of the pairs. Used by src/modules/customers/list.ts and
-- src/modules/membership/members.ts (customers module's nameSearch); change them together.
CREATE OR REPLACE FUNCTION name_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ARRAY(SELECT DISTINCT substr(lower(t), i, 2) FROM generate_series(1, char_length(t) - 1) AS i) $$;
