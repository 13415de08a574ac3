CREATE TABLE "customer_import_chunks" (
	"import_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "customer_import_chunks_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "customer_import_issues" (
	"import_id" integer NOT NULL,
	"row" integer NOT NULL,
	"field" text NOT NULL,
	"key" text NOT NULL,
	"params" jsonb,
	"level" text NOT NULL,
	CONSTRAINT "customer_import_issues_import_id_row_field_pk" PRIMARY KEY("import_id","row","field")
);
--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "kind" text DEFAULT 'owners' NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "status" text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "actor_kind" text DEFAULT 'user' NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "actor_department" text;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "options" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "file_size" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "cursor" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "rows_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "bytes_done" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "imported_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "issue_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "error" jsonb;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "import_row" integer;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "import_row" integer;--> statement-breakpoint
ALTER TABLE "customer_import_chunks" ADD CONSTRAINT "customer_import_chunks_import_id_customer_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."customer_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_import_issues" ADD CONSTRAINT "customer_import_issues_import_id_customer_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."customer_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_imports_open_idx" ON "customer_imports" USING btree ("status");--> statement-breakpoint
-- imports made before jobs keep their per-row reports: the issues move from the jsonb column to the report table
INSERT INTO "customer_import_issues" ("import_id", "row", "field", "key", "params", "level")
SELECT i."id", (e->>'row')::int, e->>'field', e->>'key', e->'params', e->>'level'
FROM "customer_imports" i CROSS JOIN LATERAL jsonb_array_elements(i."issues") e
ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "customer_imports" SET "issue_count" = jsonb_array_length("issues"), "rows_done" = "total_rows",
  "imported_rows" = greatest("total_rows" - "error_rows" - "duplicate_rows", 0), "started_at" = "created_at", "finished_at" = "created_at";
