import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPgDatabase, engine, openTestDb, type TestDb } from '../../test/helpers/db.ts';
import { migrate, openPostgres, rows, sql } from './index.ts';

let db: TestDb;
beforeAll(async () => { db = await openTestDb(); });
afterAll(async () => { await db?.destroy(); });

describe(`the database (${engine})`, () => {
  it('applies migrations once: running them again changes nothing', async () => {
    const count = async () => (await rows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))[0].n;
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(2);
    await migrate(db);
    expect(await count()).toBe(before);
  });

  it('matches Chinese names with pg_trgm (the database has a UTF-8 ctype)', async () => {
    const [r] = await rows<{ near: number; far: number }>(db.db, sql`SELECT similarity('张三丰', '张三') AS near, similarity('张三丰', '李四') AS far`);
    expect(Number(r.near)).toBeGreaterThan(0.2);
    expect(Number(r.far)).toBe(0);
  });

  it('works in UTC and returns bigint as a number', async () => {
    const [r] = await rows<{ tz: string; big: number; ts: Date }>(db.db, sql`SELECT current_setting('TimeZone') AS tz, 9007199254740991::bigint AS big, '2025-01-01 08:00:00+08'::timestamptz AS ts`);
    expect(r.tz).toBe('UTC');
    expect(r.big).toBe(Number.MAX_SAFE_INTEGER);
    expect(new Date(r.ts).toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('rolls a failed business action back as a whole', async () => {
    await expect(db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO dictionary_items (kind, code, label_zh, label_en) VALUES ('activity_type', 'rollback_me', '回滚', 'Rollback')`);
      throw new Error('the action fails halfway');
    })).rejects.toThrow('halfway');
    expect(await rows(db.db, sql`SELECT id FROM dictionary_items WHERE code = 'rollback_me'`)).toEqual([]);
  });
});

// Only PostgreSQL has a ctype to get wrong, so this exists only in the `pg` run.
if (engine === 'postgres') {
  describe('PostgreSQL start-up', () => {
    it('refuses a database whose LC_CTYPE is C, with a message saying how to create a right one', async () => {
      const name = `clubcrm_c_${crypto.randomBytes(4).toString('hex')}`;
      const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C' LC_COLLATE 'C'`);
      try {
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        await expect(openPostgres(url.toString(), 2)).rejects.toThrow(
          `ClubCRM cannot start: database "${name}" has LC_CTYPE=C; Chinese name matching needs a UTF-8 ctype. ` +
            `Create it with: CREATE DATABASE ${name} TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8';`,
        );
        // nothing was created in it
        const probe = new pg.Client({ connectionString: url.toString() });
        await probe.connect();
        const { rows: tables } = await probe.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
        await probe.end();
        expect(tables).toEqual([]);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    });

    it('survives the server ending an idle connection (restart, failover): it is logged and the next query works', async () => {
      const { url, drop } = await createPgDatabase();
      const d = await openPostgres(url, 2);
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const [{ pid }] = await rows<{ pid: number }>(d.db, sql`SELECT pg_backend_pid() AS pid`);
        expect(d.pool!.idleCount).toBe(1);
        const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
        await admin.connect();
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await admin.end();
        await vi.waitFor(() => expect(d.pool!.idleCount).toBe(0), { timeout: 10_000 });
        expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^PostgreSQL connection lost \(the pool will reconnect\): /));
        const [r] = await rows<{ n: number }>(d.db, sql`SELECT 42 AS n`);
        expect(r.n).toBe(42);
      } finally {
        logged.mockRestore();
        await d.close();
        await drop();
      }
    });
  });
}
