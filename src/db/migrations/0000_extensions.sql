-- drizzle-kit does not emit CREATE EXTENSION; pg_trgm serves fuzzy name and content search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
