// A customer import across real server processes on PostgreSQL: the process that accepted the
// upload is killed (SIGKILL) in the middle of the job; at that instant the import's cursor and
// counters match what is in the tables (each chunk and its progress commit together); another
// process resumes it, and at the end every valid row of the file is one customer, exactly once, and
// every bad or duplicate row is one line of the report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, rows, sql, type Db } from '../../src/db/index.ts';
import { prepareDatabase } from '../../src/main.ts';
import { createPgDatabase, testConfig } from '../helpers/db.ts';
import { kindOf, seedExisting, uploadFile, writeCustomersCsv } from '../helpers/customer-file.ts';
import { signInTo, startServer, type ServerProcess } from '../helpers/server.ts';

const SIZE = 60_000;
let url: string;
let drop: () => Promise<void>;
let db: Db;
let dir: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  ({ url, drop } = await createPgDatabase());
  db = await openPostgres(url, 4);
  await prepareDatabase(db, { ...testConfig(), databaseUrl: url });
  await seedExisting(db, SIZE);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-rel-import-'));
});
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL');
  await db?.close();
  await drop?.();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Progress { status: string; cursor: number; rows_done: number; customers_created: number; error_rows: number; duplicate_rows: number; issue_count: number; customers: number; issues: number }
const progress = async (id: number) => (await rows<Progress>(db.db, sql`
  SELECT status, cursor, rows_done, customers_created, error_rows, duplicate_rows, issue_count,
         (SELECT count(*)::int FROM customers WHERE import_id = ${id}) AS customers,
         (SELECT count(*)::int FROM customer_import_issues WHERE import_id = ${id}) AS issues
  FROM customer_imports WHERE id = ${id}`))[0];

describe('an import of 60 000 customers whose process is killed mid-way', () => {
  it('resumes in another process: every valid row imported exactly once, every bad or duplicate row reported once', async () => {
    const file = path.join(dir, 'customers.csv');
    const expected = await writeCustomersCsv(file, SIZE);
    const validRows: number[] = [];
    const reportedRows: number[] = [];
    for (let i = 0; i < SIZE; i++) (kindOf(i) === 'valid' ? validRows : reportedRows).push(i + 2); // row 1 is the header

    // A accepts the upload and runs the job in small chunks; B has jobs on and waits its turn
    const a = await startServer(url, { CLUBCRM_JOBS: 'on', CLUBCRM_IMPORT_CHUNK: '1000' });
    const b = await startServer(url, { CLUBCRM_JOBS: 'on', CLUBCRM_IMPORT_CHUNK: '5000' });
    servers.push(a, b);
    const api = await signInTo(a.url);
    const up = await uploadFile(a.url, api.cookie, file, '?kind=customers&fileName=60k.csv');
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const id = up.body.id as number;

    // kill A while the job is part-way through
    let p = await progress(id);
    for (const until = Date.now() + 120_000; Date.now() < until && p.rows_done < 15_000;) {
      await new Promise((r) => setTimeout(r, 5));
      p = await progress(id);
    }
    expect(p.rows_done).toBeGreaterThanOrEqual(15_000);
    await a.kill('SIGKILL');

    // one snapshot: the counters and the cursor moved with the rows of each chunk, whatever was in flight
    const mid = await progress(id);
    expect(mid.status).toBe('running');
    expect(mid.rows_done).toBeLessThan(SIZE);
    expect(mid.customers).toBe(mid.customers_created);
    expect(mid.issues).toBe(mid.issue_count);
    expect(mid.customers + mid.error_rows + mid.duplicate_rows).toBe(mid.rows_done);
    expect(mid.cursor).toBe(mid.rows_done); // the file has no blank lines

    // B's job picks it up (every 3 s) and finishes it
    let end = mid;
    for (const until = Date.now() + 240_000; Date.now() < until && end.status === 'running';) {
      await new Promise((r) => setTimeout(r, 100));
      end = await progress(id);
    }
    expect(end).toMatchObject({
      status: 'done', rows_done: SIZE, customers_created: expected.customers, customers: expected.customers,
      error_rows: expected.errors, duplicate_rows: expected.duplicates, issues: expected.errors + expected.duplicates,
    });
    // exactly the valid rows, each once; each person once
    const made = await rows<{ row: number; n: number }>(db.db, sql`SELECT import_row AS row, count(*)::int AS n FROM customers WHERE import_id = ${id} GROUP BY import_row ORDER BY import_row`);
    expect(made.filter((m) => m.n !== 1)).toEqual([]);
    expect(made.map((m) => m.row)).toEqual(validRows);
    const [{ people }] = await rows<{ people: number }>(db.db, sql`SELECT count(DISTINCT id_number_hash)::int AS people FROM customers WHERE import_id = ${id}`);
    expect(people).toBe(expected.customers);
    // exactly the bad and duplicate rows, each once, in the report the user downloads
    const reported = await rows<{ row: number }>(db.db, sql`SELECT row FROM customer_import_issues WHERE import_id = ${id} GROUP BY row ORDER BY row`);
    expect(reported.map((r) => r.row)).toEqual(reportedRows);
    const report = await fetch(`${b.url}/api/v1/customers/imports/${id}/report`, { headers: { cookie: api.cookie, 'accept-language': 'en' } });
    const lines = (await report.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Row,Field,Kind,Issue');
    expect(lines).toHaveLength(1 + expected.errors + expected.duplicates);
    // the chunks' audit lines add up to the import; the stored file is gone
    const [audit] = await rows<{ created: number; rows: number }>(db.db, sql`
      SELECT coalesce(sum((changes->>'customersCreated')::int), 0)::int AS created, coalesce(sum((changes->>'rows')::int), 0)::int AS rows
      FROM audit_log WHERE action = 'customer.importChunk' AND entity_id = ${String(id)}`);
    expect(audit).toEqual({ created: expected.customers, rows: SIZE });
    const [{ pieces }] = await rows<{ pieces: number }>(db.db, sql`SELECT count(*)::int AS pieces FROM customer_import_chunks WHERE import_id = ${id}`);
    expect(pieces).toBe(0);
    await b.kill();
  });
});
