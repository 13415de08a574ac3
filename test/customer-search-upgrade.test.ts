// The name-search indexes after issue 14 item 5 (a faster import of customers): migrations 0034
// (name_bigrams() one inlined expression) and 0035 (no trigram index on name_pinyin), applied to
// a database that already holds customers at the schema before them, as an upgrade does.
// In test/, not the module: it builds the app on a database it migrates itself, and modules may not import the server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrationsFolder, openPglite, openPostgres, rows, sql, type Db } from '../src/db/index.ts';
import { buildApp, SESSION_COOKIE } from '../src/http/server.ts';
import type { App } from '../src/http/context.ts';
import { prepareDatabase } from '../src/main.ts';
import { makeCrypto } from '../src/pii.ts';
import { adminPassword, createPgDatabase, engine, testConfig, testSecret } from './helpers/db.ts';

/** The migrations folder as it stood before `firstNew`: the journal cut there. */
function migrationsBefore(firstNew: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-migrations-'));
  fs.cpSync(migrationsFolder, dir, { recursive: true });
  const file = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag < firstNew);
  fs.writeFileSync(file, JSON.stringify(journal));
  return dir;
}

let db: Db;
let drop = async () => {};
let app: App;
let cookie = '';
const config = testConfig();

beforeAll(async () => {
  const before = migrationsBefore('0034');
  if (engine === 'postgres') {
    const pg = await createPgDatabase();
    db = await openPostgres(pg.url, 4);
    drop = pg.drop;
    await migratePg(db.db as never, { migrationsFolder: before });
  } else {
    db = await openPglite();
    await migratePglite(db.db as never, { migrationsFolder: before });
  }
  fs.rmSync(before, { recursive: true, force: true });
  // customers written at the previous schema: indexed by the old name_bigrams() and the pinyin trigrams
  await rows(db.db, sql`
    INSERT INTO customers (name, name_pinyin, name_simplified, name_keys, mobile)
    VALUES ('欧阳小明', 'ou yang xiao ming', '欧阳小明', '{"ou yang xiao min"}', '13900000001'),
           ('張偉', 'zhang wei', '张伟', '{"zhang wei"}', '13900000002'),
           ('John Smith', 'john smith', 'John Smith', '{"john smith"}', '13900000003')`);
  // the upgrade: the rest of the migrations, then the start's seed
  await prepareDatabase(db, config);
  app = await buildApp({ config, db, crypto: makeCrypto(testSecret), logger: false });
  await app.ready();
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: 'admin', password: adminPassword } });
  cookie = `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
}, 600_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await drop();
});

const names = async (q: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent(q)}`, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return (JSON.parse(res.body).items as { name: string }[]).map((c) => c.name).sort();
};

describe('name search after the upgrade (0034, 0035)', () => {
  it('finds customers written before it, by any two characters, by pinyin, in traditional characters and in English', async () => {
    expect(await names('小明')).toEqual(['欧阳小明']);
    expect(await names('阳小')).toEqual(['欧阳小明']);
    expect(await names('ouyang')).toEqual(['欧阳小明']);
    expect(await names('ou yang xiao ming')).toEqual(['欧阳小明']);
    expect(await names('張偉')).toEqual(['張偉']);
    expect(await names('smith')).toEqual(['John Smith']);
    expect(await names('ohn S')).toEqual(['John Smith']);
    expect(await names('明小')).toEqual([]);
  });

  it('finds customers written after it (the index kept by the new function)', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/customers', headers: { cookie }, payload: { name: '司马光明', mobile: '13900000004' } });
    expect(res.statusCode).toBe(200);
    expect(await names('马光')).toEqual(['司马光明']);
    expect(await names('光明')).toEqual(['司马光明']);
    expect(await names('sima')).toEqual(['司马光明']);
  });

  it('the pairs of a name are the same as before, and the bigram index answers the search through the inlined expression', async () => {
    const [r] = await rows<{ pairs: string[]; empty: string[]; none: string[] | null }>(db.db, sql`
      SELECT name_bigrams('John SMITH 欧阳') AS pairs, name_bigrams('王') AS empty, name_bigrams(NULL) AS none`);
    expect({ ...r, pairs: [...new Set(r.pairs)].sort() }).toEqual({ pairs: ['jo', 'oh', 'hn', 'n ', ' s', 'sm', 'mi', 'it', 'th', 'h ', ' 欧', '欧阳'].sort(), empty: [], none: null });
    const plan = await db.transaction(async (tx) => {
      await rows(tx, sql`SET LOCAL enable_seqscan = off`);
      const lines = await rows<{ 'QUERY PLAN': string }>(tx, sql`
        EXPLAIN SELECT id FROM customers WHERE name_bigrams(name_simplified) @> name_bigrams('小明')`);
      return lines.map((l) => l['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('customers_name_simplified_bigrams');
    // inlined: the condition is the function's body, not a call of it per row
    expect(plan).toContain('regexp_replace');
    const [{ n }] = await rows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'customers_pinyin_trgm'`);
    expect(n).toBe(0);
  });
});
