// Points ledger throughput (`npm run bench points`): postings per second through the HTTP API with
// 16 concurrent clients (each a real POST /api/v1/points/entries with an Idempotency-Key: session
// check, event check, entry + balance + lot, audit line, remembered reply — postings arriving
// together are written together, see src/modules/points/earnings.ts), beside raw ledger
// transactions per second on the same database in the same run (16 clients, the same writes and
// checks as one posting, one prepared statement = one transaction each: rawLedgerPosting), raw
// single-statement transactions (one autocommit INSERT each) and the ceiling of any HTTP endpoint
// on this machine (GET /api/health: one request, one SELECT 1). Targets: postings ≥ 0.6 × raw
// ledger and ≥ 0.6 × the ceiling on PostgreSQL, ≥ 0.5 × the ceiling on PGlite (which also runs
// postings from one client: its p50 without a queue for the one connection). The load generator uses
// node:http (bench/http.ts), not fetch. Then a batch of 100 000 members (one event, member numbers
// posted as lines) from the request to "done": target ≤ 10 s on PostgreSQL. PostgreSQL runs the
// real server process (`clubcrm serve`); PGlite, being in-process, runs the server in the bench process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, rows, rowsPrepared, sql, type Db } from '../src/db/index.ts';
import { activityOpenSql, participatedSql } from '../src/modules/activities/service.ts';
import { upgradeMaybeDueSql } from '../src/modules/cards/levels.ts';
import { lotExpiry } from '../src/modules/points/ledger.ts';
import { buildApp } from '../src/http/server.ts';
import { prepareDatabase } from '../src/main.ts';
import { makeCrypto } from '../src/pii.ts';
import { verifyLedger } from '../src/modules/points/verify.ts';
import { adminPassword, testConfig, testSecret } from '../test/helpers/db.ts';
import { createMembers, attendAll } from '../test/helpers/members.ts';
import { signInTo } from '../test/helpers/server.ts';
import { httpClient } from './http.ts';
import { startWorkers, workerCounts } from './serve.ts';
import { judge, summarise, type BenchRow, type Engine, type RunOptions, type Scenario } from './run.ts';

const CLIENTS = 16;

async function openBenchDb(engine: Engine, opts: RunOptions): Promise<{ db: Db; url: string | null; drop(): Promise<void> }> {
  if (engine === 'postgres') {
    const name = `clubcrm_bench_points_${process.pid}`; // two benches at once do not drop each other's
    const admin = new pg.Client({ connectionString: opts.pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'`);
    await admin.end();
    const url = new URL(opts.pgUrl);
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString(), CLIENTS);
    return {
      db, url: url.toString(),
      drop: async () => {
        await db.close();
        const c = new pg.Client({ connectionString: opts.pgUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-bench-points-'));
  const db = await openPglite({ dataDir: dir });
  return { db, url: null, drop: async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * CPU time (ms) spent by whom, from /proc/<pid>/stat: the server (`clubcrm serve` and every process
 * under it: its workers), PostgreSQL (every postgres process: backends, WAL writer, checkpointer) and
 * this process (the load generator, or the raw client). Where a posting's time goes on a machine
 * whose cores all three share.
 */
function cpuByRole(serverPid: number | null) {
  const tickMs = 10; // USER_HZ is 100 on Linux
  const take = () => {
    const procs: { pid: number; ppid: number; comm: string; ms: number }[] = [];
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      let stat: string;
      try { stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8'); } catch { continue; }
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' '); // from field 3 (state): ppid f[1], utime f[11], stime f[12]
      procs.push({ pid: Number(d), ppid: Number(f[1]), comm: stat.slice(stat.indexOf('(') + 1, close), ms: (Number(f[11]) + Number(f[12])) * tickMs });
    }
    const tree = new Set(serverPid ? [serverPid] : []);
    for (let grew = true; grew;) {
      grew = false;
      for (const x of procs) if (!tree.has(x.pid) && tree.has(x.ppid)) { tree.add(x.pid); grew = true; }
    }
    const by = new Map<number, { role: 'server' | 'postgres' | 'bench'; ms: number }>();
    for (const x of procs) {
      const role = x.pid === process.pid ? 'bench' : tree.has(x.pid) ? 'server' : x.comm === 'postgres' ? 'postgres' : null;
      if (role) by.set(x.pid, { role, ms: x.ms });
    }
    return by;
  };
  const before = take();
  return (calls: number) => {
    const used = { server: 0, postgres: 0, bench: 0 };
    for (const [pid, now] of take()) used[now.role] += now.ms - (before.get(pid)?.ms ?? 0);
    const per = (ms: number) => (ms / calls).toFixed(2);
    return { ...used, note: `CPU per call: server ${per(used.server)} ms, PostgreSQL ${per(used.postgres)} ms, load generator ${per(used.bench)} ms (${os.availableParallelism()} cores shared)` };
  };
}

/** Runs `total` calls of fn over `clients` concurrent loops; returns each call's latency (ms) and the wall time (s). */
async function load(total: number, clients: number, fn: (i: number) => Promise<void>, serverPid: number | null = null) {
  const latencies: number[] = [];
  let next = 0;
  const split = cpuByRole(serverPid);
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < total; i = next++) {
      const t0 = performance.now();
      await fn(i);
      latencies.push(performance.now() - t0);
    }
  }));
  const cpu = process.cpuUsage(cpu0);
  // CPU of this process per call (ms): on PGlite the whole server, database included; on PostgreSQL the load generator (or raw client) only
  return { latencies, seconds: (performance.now() - started) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 / total, split: split(total) };
}

/**
 * The writes of one API posting (the statements POST /points/entries sends, logged from a run:
 * points_earn_together + points_earn_together_replies in one transaction) done by a plain client,
 * one transaction per posting: the idempotency key with its remembered reply, the entry, the
 * account's balance, the lot and the audit line, under the same checks (live member, open activity,
 * participation, upgrade due) — one statement, kept prepared (on PostgreSQL per connection, on
 * PGlite once), no HTTP, no session, no coalescing.
 */
function rawLedgerPosting(memberId: number, activityId: number, i: number) {
  const key = `raw-${i}`;
  const request = `raw-request-${i}`;
  return sql`
    WITH e AS (
      INSERT INTO points_entries (member_id, amount, state, source_type, source_id, idempotency_key, fingerprint, reason, actor_kind, actor_id, actor_name, request_id, posted_at)
      SELECT m.id, 1, 'posted', 'activity', ${activityId}::bigint, ${`req:user:1:${key}`}::text, concat_ws('|', m.id, 1, 'activity', ${activityId}::bigint, '', 'posted'),
        'bench', 'user', 1, '系统管理员', ${request}::text, now()
      FROM members m WHERE m.id = ${memberId}::int AND m.status <> 'archived'
        AND ${activityOpenSql(sql`${activityId}::bigint`)} AND ${participatedSql(sql`${activityId}::bigint`, sql`m.id`)}
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING *
    ),
    a AS (
      INSERT INTO points_accounts AS pa (member_id, balance) SELECT member_id, amount FROM e
      ON CONFLICT (member_id) DO UPDATE SET balance = pa.balance + excluded.balance, updated_at = now()
      RETURNING member_id, balance
    ),
    l AS (
      INSERT INTO points_lots (member_id, entry_id, amount, remaining, earned_at, expires_at)
      SELECT e.member_id, e.id, e.amount, e.amount, now(), ${lotExpiry(sql`now()`)} FROM e, points_settings s WHERE s.id = 1
      RETURNING id
    ),
    k AS (
      INSERT INTO idempotency_keys (scope, key, request_hash, reply)
      SELECT 'user:1', ${key}::text, md5(${key}::text), jsonb_build_object('entry', to_jsonb(e), 'replayed', false, 'balance', a.balance) FROM e, a
      RETURNING id
    ),
    au AS (
      INSERT INTO audit_log (actor_kind, actor_id, actor_name, action, entity_type, entity_id, changes, request_id, ip)
      SELECT 'user', 1, '系统管理员', 'points.add', 'pointsEntry', e.id::text,
        jsonb_build_object('memberId', e.member_id, 'amount', 1, 'sourceType', 'activity', 'sourceId', e.source_id, 'cardNo', NULL, 'reason', 'bench'), ${request}::text, '127.0.0.1'
      FROM e
    )
    SELECT e.id, a.balance, (SELECT count(*) FROM l) AS lots, (SELECT count(*) FROM k) AS keys, ${upgradeMaybeDueSql(sql`e.member_id`, sql`a.balance`)} AS "upgradeDue"
    FROM e, a`;
}

async function runEngine(engine: Engine, opts: RunOptions, sizes: { postings: number; batch: number }): Promise<BenchRow[]> {
  const { db, url, drop } = await openBenchDb(engine, opts);
  const config = { ...testConfig({ logLevel: 'silent' }), ...(url ? { databaseUrl: url } : {}) };
  await prepareDatabase(db, config);
  let base: string;
  let stop: () => Promise<void>;
  let serverLog = () => '';
  let serverPid: number | null = null;
  if (engine === 'postgres') {
    const server = await startWorkers(url!, 1, { CLUBCRM_DB_POOL: String(CLIENTS) }); // N = 1; N = cores below
    base = server.url;
    serverPid = server.child.pid!;
    stop = () => server.kill();
    serverLog = () => server.output().slice(-4000);
  } else {
    const app = await buildApp({ config, db, crypto: makeCrypto(testSecret), logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}`;
    stop = () => app.close();
  }
  const out: BenchRow[] = [];
  try {
    const api = await signInTo(base, 'admin', adminPassword);
    const act = await api.post(base, '/api/v1/activities', { name: '压测活动', type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31' });
    await api.post(base, `/api/v1/activities/${act.body.id}/approve`);
    const activity = act.body.id as number;
    const members = await createMembers(db, 1000, { prefix: 'B' });
    // points added for an activity go to its participants only
    await attendAll(db, activity, members.map((m) => m.id));

    // raw: single-statement transactions (autocommit INSERT), 16 clients, same database
    await rows(db.db, sql`CREATE TABLE IF NOT EXISTS bench_raw (id bigserial PRIMARY KEY, member_id int NOT NULL, amount int NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
    const rawOne = engine === 'postgres'
      ? (i: number) => db.pool!.query('INSERT INTO bench_raw (member_id, amount) VALUES ($1, 1)', [members[i % members.length].id]).then(() => undefined)
      : (i: number) => db.pglite!.query('INSERT INTO bench_raw (member_id, amount) VALUES ($1, 1)', [members[i % members.length].id]).then(() => undefined);
    await load(200, CLIENTS, rawOne); // warm-up
    const raw = await load(sizes.postings, CLIENTS, rawOne, serverPid);
    const rawRate = sizes.postings / raw.seconds;

    // raw ledger: the writes of one API posting, one transaction each, 16 clients (rawLedgerPosting)
    const ledgerOne = async (i: number) => {
      const [r] = await rowsPrepared<{ id: number; lots: number; keys: number }>(db.db, 'bench_raw_ledger', rawLedgerPosting(members[i % members.length].id, activity, i));
      if (!r || Number(r.lots) !== 1 || Number(r.keys) !== 1) throw new Error(`raw ledger posting ${i} wrote nothing`);
    };
    await load(200, CLIENTS, (i) => ledgerOne(1_000_000 + i)); // warm-up
    const ledger = await load(sizes.postings, CLIENTS, ledgerOne, serverPid);
    const ledgerRate = sizes.postings / ledger.seconds;

    // the ceiling of any HTTP endpoint here: GET /api/health without a session (one request, one SELECT 1), same clients
    const fast = httpClient(base, api.cookie, CLIENTS);
    const anonymous = httpClient(base, '', CLIENTS);
    const health = async () => {
      const r = await anonymous.get('/api/health');
      if (r.status !== 200) throw new Error(`health: ${r.status}`);
    };
    await load(200, CLIENTS, health);
    const ceiling = await load(sizes.postings, CLIENTS, health, serverPid);
    const ceilingRate = sizes.postings / ceiling.seconds;
    out.push({ engine, size: sizes.postings, case: 'HTTP ceiling: GET /api/health (SELECT 1), 16 clients', ...summarise(ceiling.latencies), unit: 'ms', note: `${Math.round(ceilingRate)} req/s; ratio to raw ${(ceilingRate / rawRate).toFixed(2)}${engine === 'postgres' ? `; ${ceiling.split.note}` : ''}` });

    // postings through the HTTP API
    const post = async (i: number) => {
      const r = await fast.post('/api/v1/points/entries', { memberId: members[i % members.length].id, amount: 1, sourceType: 'activity', sourceId: activity, reason: 'bench' }, { 'idempotency-key': `bench-${i}` });
      if (r.status !== 200) throw new Error(`posting failed: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await load(200, CLIENTS, (i) => post(1_000_000 + i)); // warm-up
    const http = await load(sizes.postings, CLIENTS, post, serverPid);
    const httpRate = sizes.postings / http.seconds;
    const ratio = httpRate / rawRate;
    const toLedger = httpRate / ledgerRate;
    const toCeiling = httpRate / ceilingRate;
    // PGlite: this process is the server and the database; PostgreSQL: the CPU split by process (cpuByRole)
    const cpu = (x: { cpuMs: number; split: { note: string } }) => (engine === 'pglite' ? `; CPU ${x.cpuMs.toFixed(2)} ms per call (server and database)` : `; ${x.split.note}`);
    out.push({ engine, size: sizes.postings, case: 'raw single-statement transactions, 16 clients', ...summarise(raw.latencies), unit: 'ms', note: `${Math.round(rawRate)} tx/s${engine === 'postgres' ? `; ${raw.split.note}` : ''}` });
    out.push({
      engine, size: sizes.postings, case: 'raw ledger transactions (one posting\'s writes), 16 clients', ...summarise(ledger.latencies), unit: 'ms',
      note: `${Math.round(ledgerRate)} tx/s${cpu(ledger)}`,
    });
    const postings: BenchRow = {
      engine, size: sizes.postings, case: 'HTTP postings (POST /points/entries), 16 clients', ...summarise(http.latencies), unit: 'ms',
      note: `${Math.round(httpRate)} postings/s; ratio to raw ledger ${toLedger.toFixed(2)}${engine === 'postgres' ? ' (target ≥ 0.6)' : ''}; to the HTTP ceiling ${toCeiling.toFixed(2)}; to raw single statements ${ratio.toFixed(2)}${cpu(http)}${engine === 'pglite' ? `; the ceiling's CPU ${ceiling.cpuMs.toFixed(2)} ms per request` : ''}`,
    };
    const r2 = (x: number) => Math.round(x * 100) / 100;
    out.push(engine === 'postgres' ? judge(postings, { metric: 'value', value: r2(toLedger), label: 'ratio to raw ledger', atLeast: 0.6 }) : postings);
    // the second target on the same run: postings against the HTTP ceiling (PostgreSQL ≥ 0.6, PGlite ≥ 0.5)
    out.push(judge({ ...postings, case: 'HTTP postings / HTTP ceiling, 16 clients', note: `${Math.round(httpRate)} postings/s, ${Math.round(ceilingRate)} req/s` },
      { metric: 'value', value: r2(toCeiling), label: 'ratio to the HTTP ceiling', atLeast: engine === 'postgres' ? 0.6 : 0.5 }));
    if (engine === 'pglite') {
      // one client: what a posting costs alone, without waiting behind 15 others for PGlite's one connection
      const alone = await load(Math.min(300, sizes.postings), 1, (i) => post(2_000_000 + i));
      const aloneRate = Math.min(300, sizes.postings) / alone.seconds;
      out.push({ engine, size: Math.min(300, sizes.postings), case: 'HTTP postings (POST /points/entries), 1 client', ...summarise(alone.latencies), unit: 'ms', note: `${Math.round(aloneRate)} postings/s${cpu(alone)}` });
    }
    opts.log(`${engine}: raw ${Math.round(rawRate)} tx/s, raw ledger ${Math.round(ledgerRate)} tx/s, HTTP ceiling ${Math.round(ceilingRate)} req/s, postings ${Math.round(httpRate)}/s, to raw ledger ${toLedger.toFixed(2)}, to ceiling ${toCeiling.toFixed(2)}`);
    fast.close();
    anonymous.close();

    // the same requests to `clubcrm serve --workers N`, one worker per core (PostgreSQL; PGlite is single-process)
    for (const n of workerCounts(engine).filter((w) => w > 1)) {
      const many = await startWorkers(url!, n, { CLUBCRM_DB_POOL: String(CLIENTS) });
      const session = await signInTo(many.url, 'admin', adminPassword);
      const poster = httpClient(many.url, session.cookie, CLIENTS);
      const stranger = httpClient(many.url, '', CLIENTS);
      try {
        const hit = async () => {
          const r = await stranger.get('/api/health');
          if (r.status !== 200) throw new Error(`health: ${r.status}`);
        };
        await load(200, CLIENTS, hit);
        const ceilingN = await load(sizes.postings, CLIENTS, hit, many.child.pid!);
        const ceilingNRate = sizes.postings / ceilingN.seconds;
        out.push({ engine, size: sizes.postings, case: `HTTP ceiling: GET /api/health (SELECT 1), 16 clients, ${n} workers`, ...summarise(ceilingN.latencies), unit: 'ms', note: `${Math.round(ceilingNRate)} req/s; ${(ceilingNRate / ceilingRate).toFixed(2)} × 1 worker; ${ceilingN.split.note}` });
        const postN = async (i: number) => {
          const r = await poster.post('/api/v1/points/entries', { memberId: members[i % members.length].id, amount: 1, sourceType: 'activity', sourceId: activity, reason: 'bench' }, { 'idempotency-key': `bench-w${n}-${i}` });
          if (r.status !== 200) throw new Error(`posting failed: ${r.status} ${JSON.stringify(r.body)}`);
        };
        await load(200, CLIENTS, (i) => postN(1_000_000 + i)); // warm-up
        const httpN = await load(sizes.postings, CLIENTS, postN, many.child.pid!);
        const httpNRate = sizes.postings / httpN.seconds;
        out.push({
          engine, size: sizes.postings, case: `HTTP postings (POST /points/entries), 16 clients, ${n} workers`, ...summarise(httpN.latencies), unit: 'ms',
          note: `${Math.round(httpNRate)} postings/s; ${(httpNRate / httpRate).toFixed(2)} × 1 worker; ratio to raw ledger ${(httpNRate / ledgerRate).toFixed(2)}; to raw single statements ${(httpNRate / rawRate).toFixed(2)}; to one process's HTTP ceiling ${(httpNRate / ceilingRate).toFixed(2)}; ${httpN.split.note}`,
        });
        opts.log(`${engine}, ${n} workers: HTTP ceiling ${Math.round(ceilingNRate)} req/s, postings ${Math.round(httpNRate)}/s (1 worker: ${Math.round(ceilingRate)}, ${Math.round(httpRate)}/s)`);
      } finally {
        poster.close();
        stranger.close();
        await many.kill();
      }
    }

    // a batch of 100 000 members: from the request to done
    const batchMembers = await createMembers(db, sizes.batch, { prefix: 'C' });
    await attendAll(db, activity, batchMembers.map((m) => m.id));
    const started = performance.now();
    const body = { lines: batchMembers.map((m) => m.memberNo), amount: 10, sourceType: 'activity', sourceId: activity, reason: 'bench batch' };
    // a kept-alive connection may have been closed while the members were loaded: retry once, safely (same key)
    const submit = () => api.post(base, '/api/v1/points/batches', body, { 'idempotency-key': 'bench-batch' });
    const created = await submit().catch(() => submit());
    if (created.status !== 200) throw new Error(`batch refused: ${created.status} ${JSON.stringify(created.body).slice(0, 500)}\nthe server's log:\n${serverLog()}`);
    const accepted = (performance.now() - started) / 1000;
    let status = created.body.status as string;
    while (status === 'queued' || status === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      status = (await api.get(base, `/api/v1/points/batches/${created.body.id}`)).body.status;
    }
    const seconds = (performance.now() - started) / 1000;
    if (status !== 'done') throw new Error(`batch ended ${status}`);
    const batchRow: BenchRow = {
      engine, size: sizes.batch, case: `batch of ${sizes.batch.toLocaleString('en')} members, request to done`, n: 1,
      p50: Math.round(seconds * 100) / 100, p95: Math.round(seconds * 100) / 100, p99: Math.round(seconds * 100) / 100, max: Math.round(seconds * 100) / 100,
      unit: 's', note: `checked and accepted in ${accepted.toFixed(2)} s${engine === 'postgres' ? '; target ≤ 10 s' : ''}`,
    };
    out.push(engine === 'postgres' ? judge(batchRow, { metric: 'p50', atMost: 10 }) : batchRow);
    opts.log(`${engine}: batch of ${sizes.batch} in ${seconds.toFixed(2)} s`);
    const report = await verifyLedger(db.db);
    if (!report.ok) throw new Error(`ledger inconsistent after the bench: ${JSON.stringify(report.problems.slice(0, 5))}`);
  } finally {
    await stop();
    await drop();
  }
  return out;
}

export const scenario: Scenario = {
  name: 'points',
  description: 'points postings/s over HTTP (16 clients) vs raw single-statement tx/s, p50/p99, and a 100 000-member batch',
  async run(opts) {
    const rowsOut: BenchRow[] = [];
    const batch = opts.sizes?.[0] ?? 100_000;
    for (const engine of opts.engines) {
      opts.log(`points on ${engine}`);
      rowsOut.push(...await runEngine(engine, opts, { postings: engine === 'postgres' ? 4000 : 1000, batch }));
    }
    return rowsOut;
  },
};
