CREATE TABLE "service_articles" (
	"id" serial PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"view_count" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "service_articles_status_ck" CHECK ("service_articles"."status" IN ('draft', 'published'))
);
--> statement-breakpoint
CREATE TABLE "service_surveys" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"resolution" integer NOT NULL,
	"score" integer NOT NULL,
	"comment" text,
	"by_id" integer,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_surveys_score_ck" CHECK ("service_surveys"."score" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "service_ticket_articles" (
	"ticket_id" integer NOT NULL,
	"article_id" integer NOT NULL,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_ticket_articles_ticket_id_article_id_pk" PRIMARY KEY("ticket_id","article_id")
);
--> statement-breakpoint
CREATE TABLE "service_ticket_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"kind" text NOT NULL,
	"body" text,
	"from_status" text,
	"to_status" text,
	"by_id" integer,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_tickets" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_no" text NOT NULL,
	"type" text NOT NULL,
	"channel" text NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"customer_id" integer,
	"contact_name" text,
	"contact_mobile" text,
	"assignee_id" integer,
	"department" text,
	"status" text DEFAULT 'new' NOT NULL,
	"first_response_due_at" timestamp with time zone NOT NULL,
	"resolution_due_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolution" text,
	"resolve_count" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"complaint_id" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_tickets_ticket_no_unique" UNIQUE("ticket_no"),
	CONSTRAINT "service_tickets_status_ck" CHECK ("service_tickets"."status" IN ('new', 'in_progress', 'waiting_customer', 'resolved', 'closed')),
	CONSTRAINT "service_tickets_priority_ck" CHECK ("service_tickets"."priority" IN ('low', 'normal', 'high', 'urgent'))
);
--> statement-breakpoint
ALTER TABLE "service_surveys" ADD CONSTRAINT "service_surveys_ticket_id_service_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."service_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_surveys" ADD CONSTRAINT "service_surveys_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ticket_articles" ADD CONSTRAINT "service_ticket_articles_ticket_id_service_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."service_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ticket_articles" ADD CONSTRAINT "service_ticket_articles_article_id_service_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."service_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ticket_events" ADD CONSTRAINT "service_ticket_events_ticket_id_service_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."service_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ticket_events" ADD CONSTRAINT "service_ticket_events_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tickets" ADD CONSTRAINT "service_tickets_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_articles_category_idx" ON "service_articles" USING btree ("category");--> statement-breakpoint
CREATE UNIQUE INDEX "service_surveys_once_idx" ON "service_surveys" USING btree ("ticket_id","resolution");--> statement-breakpoint
CREATE INDEX "service_ticket_articles_article_idx" ON "service_ticket_articles" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "service_ticket_events_ticket_idx" ON "service_ticket_events" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE INDEX "service_tickets_assignee_idx" ON "service_tickets" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "service_tickets_department_idx" ON "service_tickets" USING btree ("department");--> statement-breakpoint
CREATE INDEX "service_tickets_customer_idx" ON "service_tickets" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "service_tickets_created_idx" ON "service_tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "service_tickets_open_idx" ON "service_tickets" USING btree ("resolution_due_at") WHERE status IN ('new', 'in_progress', 'waiting_customer');