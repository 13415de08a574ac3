CREATE TABLE "auth_epoch" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auth_epoch" ADD CONSTRAINT "auth_epoch_one_row" CHECK ("id" = 1);--> statement-breakpoint
INSERT INTO "auth_epoch" ("id", "n") VALUES (1, 0);--> statement-breakpoint
CREATE FUNCTION bump_auth_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE auth_epoch SET n = n + 1 WHERE id = 1;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER sessions_auth_epoch AFTER UPDATE OR DELETE OR TRUNCATE ON "sessions" FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();--> statement-breakpoint
CREATE TRIGGER api_tokens_auth_epoch AFTER UPDATE OR DELETE OR TRUNCATE ON "api_tokens" FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();--> statement-breakpoint
CREATE TRIGGER user_roles_auth_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "user_roles" FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();--> statement-breakpoint
CREATE TRIGGER roles_auth_epoch AFTER UPDATE OR DELETE OR TRUNCATE ON "roles" FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();--> statement-breakpoint
CREATE TRIGGER users_auth_epoch AFTER UPDATE OF "name", "department", "active", "password_hash" OR DELETE OR TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
