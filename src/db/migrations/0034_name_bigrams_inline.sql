-- name_bigrams() (0017) as one expression PostgreSQL inlines, instead of a query run per call.
-- The import of 1M customers spent about 20 µs of database CPU per row in the old body (a SQL
-- function whose body holds a subquery is never inlined: each call, for each row written into
-- customers_name_simplified_bigrams, ran its own little plan of generate_series and DISTINCT);
-- this body costs a few µs. It gives the same pairs (lower-cased, any two neighbouring characters):
-- those starting at odd positions, then those at even ones, a lone last character dropped;
-- repeats and order differ, which neither `@>` nor the GIN index (a set of keys) sees, so the
-- index built with the old body stays valid and is not rebuilt. (A name holding the control
-- character U+001F, the separator here, would lose the pairs around it.)
-- Not STRICT: a strict function is only inlined when its body is strict, and string_to_array and
-- array_remove are not; NULL still gives NULL. Used by src/modules/customers/list.ts and
-- src/modules/membership/members.ts; the index and the queries inline it alike, so they still match.
CREATE OR REPLACE FUNCTION name_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT array_remove(string_to_array(regexp_replace(lower(t), '(..)|.', E'\\1\x1f', 'g') || regexp_replace(substr(lower(t), 2), '(..)|.', E'\\1\x1f', 'g'), E'\x1f'), '') $$;
--> statement-breakpoint
-- A backend keeps an index's expressions as it first read them (for this index: a call of the old
-- function, which the planner could not inline) and CREATE OR REPLACE FUNCTION does not tell it:
-- the queries, now inlining the new body, would no longer match the index and read every row. An
-- ALTER of the index (fastupdate is on by default: nothing changes, nothing is rebuilt) makes every
-- backend read its expressions again.
ALTER INDEX "customers_name_simplified_bigrams" SET (fastupdate = on);
