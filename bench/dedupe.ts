// Duplicate-candidate lookup of the review screen (审核: 相似会员 + 相似待审申请), the real code
// (findCandidates, as GET /applications/:id/candidates runs it) against N realistic zh-CN members on PGlite and
// PostgreSQL. Target: p95 ≤ 10 ms at 1M members on PostgreSQL.
//
// Data: surnames by real frequency (王 李 张 ≈ 7 % each), given names of one (25 %) or two
// characters, one approved application per member plus 2 % pending ones, mobiles, home phones,
// ID-number hashes; bulk-loaded with INSERT … SELECT generate_series, the trigram indexes rebuilt
// after the load (as a bulk import would). Probes: a new person; a member's name with one
// character replaced by a homophone (王小明 → 王晓明) and a new mobile; the same member again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openPglite, openPostgres, rows, sql, type Db } from '../src/db/index.ts';
import { prepareDatabase } from '../src/main.ts';
import { namePinyin } from '../src/modules/customers/service.ts';
import { findCandidates, type Probe } from '../src/modules/membership/candidates.ts';
import { soundAlikes } from '../src/modules/membership/homophones.ts';
import { nameTables } from './people.ts';
import { summarise, type BenchRow, type Engine, type RunOptions, type Scenario } from './run.ts';

const tables = nameTables();
const G = tables.givenChars.length;
/** trigram indexes dropped for the load and rebuilt after it, with their exact definitions */
const trigramIndexes = ['customers_name_trgm', 'customers_pinyin_trgm', 'applications_name_trgm', 'applications_pending_name_trgm'];

async function openBenchDb(engine: Engine, size: number, opts: RunOptions): Promise<{ db: Db; drop(): Promise<void>; reused: boolean; lookupDb?: () => Promise<Db> }> {
  if (engine === 'postgres') {
    const name = `clubcrm_bench_dedupe_${size}`;
    const admin = new pg.Client({ connectionString: opts.pgUrl });
    await admin.connect();
    // BENCH_REUSE=1: keep a database a previous BENCH_KEEP=1 run loaded (to measure again without a 7-minute load)
    const reused = !!process.env.BENCH_REUSE && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (!reused) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'`);
    }
    await admin.end();
    const url = new URL(opts.pgUrl);
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString(), 4);
    return {
      db, reused,
      // the lookups run one after another on one connection, whose server process cpuMeter watches
      lookupDb: () => openPostgres(url.toString(), 1),
      drop: async () => {
        await db.close();
        const c = new pg.Client({ connectionString: opts.pgUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clubcrm-bench-'));
  const db = await openPglite({ dataDir: dir });
  return { db, reused: false, drop: async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** A random name from the same distribution as the data (JS side, for "new person" probes). */
function randomName(rand: () => number): string {
  const s = tables.surnameChars[Math.floor(rand() * 1000)];
  const g1 = tables.givenChars[Math.floor(rand() * G)];
  return rand() < 0.75 ? s + g1 + tables.givenChars[Math.floor(rand() * G)] : s + g1;
}

function seeded(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const nameSql = (i: SqlLike) => sql`
  CROSS JOIN LATERAL (SELECT 1 + floor(random() * 1000)::int + (${i} * 0) AS si, 1 + floor(random() * ${G})::int AS g1i,
    CASE WHEN random() < 0.75 THEN 1 + floor(random() * ${G})::int END AS g2i) r
  CROSS JOIN LATERAL (SELECT (${sql.param(tables.surnameChars)}::text[])[r.si] AS ch, (${sql.param(tables.surnamePinyin)}::text[])[r.si] AS py) s
  CROSS JOIN LATERAL (SELECT (${sql.param(tables.givenChars)}::text[])[r.g1i] AS ch, (${sql.param(tables.givenPinyin)}::text[])[r.g1i] AS py) g1
  LEFT JOIN LATERAL (SELECT (${sql.param(tables.givenChars)}::text[])[r.g2i] AS ch, (${sql.param(tables.givenPinyin)}::text[])[r.g2i] AS py) g2 ON r.g2i IS NOT NULL`;
type SqlLike = ReturnType<typeof sql.raw>;

export async function load(db: Db, size: number, log: (m: string) => void) {
  const t0 = Date.now();
  const defs = await rows<{ indexname: string; indexdef: string }>(db.db, sql`SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(${sql.param(trigramIndexes)}::text[])`);
  for (const d of defs) await db.db.execute(sql.raw(`DROP INDEX ${d.indexname}`));
  await db.db.execute(sql`SELECT setseed(0.4242)`);
  const chunk = db.engine === 'postgres' ? 100_000 : 50_000;
  const i = sql.raw('i');
  for (let lo = 1; lo <= size; lo += chunk) {
    const hi = Math.min(size, lo + chunk - 1);
    await db.db.execute(sql`
      INSERT INTO customers (id, name, name_pinyin, gender, birthday, id_type, id_number_enc, id_number_hash, id_number_masked,
        mobile, home_phone, address, source, member_id, is_buyer, created_at, updated_at)
      SELECT i, s.ch || g1.ch || coalesce(g2.ch, ''), s.py || ' ' || g1.py || coalesce(' ' || g2.py, ''),
        CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, date '1950-01-01' + (i::bigint * 7919 % 20000)::int, 'resident_id', 'v1:bench',
        md5('id' || i), '3301**********' || lpad((i % 10000)::text, 4, '0'),
        '1' || (3 + i % 7)::text || lpad(((i::bigint * 2654435761) % 1000000000)::text, 9, '0'),
        CASE WHEN i % 5 < 2 THEN '0571' || lpad(((i::bigint * 40503) % 100000000)::text, 8, '0') END,
        '杭州市西湖区文三路 ' || (i % 999) || ' 号', 'manual', i, i % 3 = 0, now(), now()
      FROM generate_series(${lo}::int, ${hi}::int) i ${nameSql(i)}`);
    await db.db.execute(sql`
      INSERT INTO members (id, member_no, customer_id, status, joined_at, channel, sub_channel, application_id, notice_status)
      SELECT i, 'M' || lpad(i::text, 10, '0'), i, 'active', now() - (i % 3000) * interval '1 day',
        CASE WHEN i % 3 = 0 THEN 'sales_office' ELSE 'service_center' END, CASE WHEN i % 3 = 0 THEN NULL ELSE 'event' END, i, 'reached'
      FROM generate_series(${lo}::int, ${hi}::int) i`);
    await db.db.execute(sql`
      INSERT INTO applications (id, application_no, method, channel, sub_channel, customer_id, name, name_pinyin, id_number_hash, mobile, home_phone,
        status, outcome, member_id, submitted_by, created_at, updated_at)
      SELECT c.id, 'A' || lpad(c.id::text, 10, '0'), 'manual', 'service_center', 'event', c.id, c.name, c.name_pinyin, c.id_number_hash, c.mobile, c.home_phone,
        'approved', 'new_member', c.id, 'bench', c.created_at, c.created_at
      FROM customers c WHERE c.id BETWEEN ${lo} AND ${hi}`);
    log(`  ${hi.toLocaleString('en')} / ${size.toLocaleString('en')} members (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  const pending = Math.max(100, Math.round(size / 50));
  await db.db.execute(sql`
    INSERT INTO applications (id, application_no, method, channel, sub_channel, name, name_pinyin, id_number_hash, mobile, home_phone, status, submitted_by)
    SELECT ${size} + i, 'A' || lpad((${size} + i)::text, 10, '0'), 'manual', 'service_center', 'event',
      s.ch || g1.ch || coalesce(g2.ch, ''), s.py || ' ' || g1.py || coalesce(' ' || g2.py, ''), md5('pending' || i),
      '1' || (3 + i % 7)::text || lpad(((i::bigint * 97531) % 1000000000)::text, 9, '0'), NULL, 'pending', 'bench'
    FROM generate_series(1, ${pending}::int) i ${nameSql(i)}`);
  await db.db.execute(sql`UPDATE customers SET member_id = id WHERE member_id IS NULL`);
  for (const seq of ['customers_id_seq', 'members_id_seq', 'applications_id_seq']) {
    await db.db.execute(sql`SELECT setval(${seq}, ${size + pending + 1})`);
  }
  log(`  loaded in ${Math.round((Date.now() - t0) / 1000)} s; rebuilding ${defs.length} trigram indexes`);
  const t1 = Date.now();
  for (const d of defs) await db.db.execute(sql.raw(d.indexdef));
  log(`  indexes in ${Math.round((Date.now() - t1) / 1000)} s`);
  if (db.engine === 'postgres') await db.pool!.query('VACUUM ANALYZE');
  else await db.pglite!.exec('VACUUM ANALYZE');
  return { loadS: Math.round((Date.now() - t0) / 1000), pending };
}

interface Sample { id: number; name: string; mobile: string | null; home_phone: string | null; id_number_hash: string }

async function probes(db: Db, size: number, count: number) {
  const rand = seeded(7);
  const ids = Array.from({ length: count * 2 }, () => 1 + Math.floor(rand() * size));
  const sample = await rows<Sample>(db.db, sql`SELECT id, name, mobile, home_phone, id_number_hash FROM customers WHERE id = ANY(${sql.param(ids)}::int[])`);
  const byId = new Map(sample.map((s) => [s.id, s]));
  const members = ids.map((id) => byId.get(id)!).filter(Boolean);
  const newMobile = () => `15${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
  const make = (name: string, extra: Partial<Probe> = {}): Probe => ({ name, namePinyin: namePinyin(name), idNumberHash: crypto.randomBytes(16).toString('hex'), mobile: newMobile(), homePhone: null, ...extra });
  const homophone = (name: string) => {
    const chars = [...name];
    for (let k = chars.length - 1; k >= 1; k--) {
      const alikes = soundAlikes(chars[k]).slice(1);
      if (alikes.length) {
        chars[k] = alikes[Math.floor(rand() * alikes.length)];
        return chars.join('');
      }
    }
    return name;
  };
  return {
    newPerson: Array.from({ length: count }, () => ({ probe: make(randomName(rand)), expect: null as number | null })),
    homophone: members.slice(0, count).map((m) => ({ probe: make(homophone(m.name)), expect: m.id })),
    samePerson: members.slice(count, count * 2).map((m) => ({ probe: make(m.name, { mobile: m.mobile, homePhone: m.home_phone, idNumberHash: m.id_number_hash }), expect: m.id })),
  };
}

/**
 * CPU time actually spent, which a busy shared machine does not inflate the way it inflates wall
 * time: this process (the app code, and the whole engine for PGlite, which runs in-process) plus
 * the PostgreSQL server process of the bench's one connection (/proc/<pid>/schedstat, ns).
 */
function cpuMeter(serverPid: number | null) {
  const serverNs = () => {
    if (!serverPid) return 0;
    try {
      return Number(fs.readFileSync(`/proc/${serverPid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      return 0;
    }
  };
  return () => {
    const app = process.cpuUsage();
    const server = serverNs();
    return () => {
      const d = process.cpuUsage(app);
      return (d.user + d.system) / 1000 + (serverNs() - server) / 1e6;
    };
  };
}

async function lookup(db: Db, probe: Probe, meter: ReturnType<typeof cpuMeter>) {
  const cpu = meter();
  const started = performance.now();
  const found = await findCandidates(db.db, probe, null, 20);
  return { ms: performance.now() - started, cpuMs: cpu(), found };
}

export const scenario: Scenario = {
  name: 'dedupe',
  description: 'duplicate-candidate lookup of the review screen (similar members + similar pending applications)',
  async run(opts) {
    const out: BenchRow[] = [];
    const sizes = opts.sizes ?? [100_000, 1_000_000];
    const perCase = Number(process.env.BENCH_QUERIES ?? 200);
    for (const engine of opts.engines) {
      for (const size of sizes) {
        opts.log(`${engine}, ${size.toLocaleString('en')} members: creating the database`);
        const { db: loadDb, drop, reused, lookupDb } = await openBenchDb(engine, size, opts);
        let db = loadDb;
        try {
          await prepareDatabase(db, loadConfig({}, { adminPassword: 'Bench-pass-1', secretKey: 'b'.repeat(64), logLevel: 'silent', jobs: 'off' }));
          const { loadS, pending } = reused ? { loadS: 0, pending: Math.max(100, Math.round(size / 50)) } : await load(db, size, opts.log);
          if (reused) opts.log('  reusing the loaded database');
          if (lookupDb) db = await lookupDb();
          const cases = await probes(db, size, perCase);
          const serverPid = engine === 'postgres' ? (await rows<{ pid: number }>(db.db, sql`SELECT pg_backend_pid() AS pid`))[0].pid : null;
          const meter = cpuMeter(serverPid && fs.existsSync(`/proc/${serverPid}/schedstat`) ? serverPid : null);
          for (const w of cases.newPerson.slice(0, 30)) await lookup(db, w.probe, meter); // warm-up
          // the floor on this machine right now: one trivial round trip (a loaded machine shows here first)
          const floor: number[] = [];
          for (let k = 0; k < 200; k++) {
            const s0 = performance.now();
            await rows(db.db, sql`SELECT 1`);
            floor.push(performance.now() - s0);
          }
          out.push({ engine, size, case: 'SELECT 1 (round trip, for scale)', ...summarise(floor), unit: 'ms', note: `load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${os.cpus().length} CPUs` });
          const all: number[] = [];
          const allCpu: number[] = [];
          for (const [label, list] of [['new person', cases.newPerson], ['homophone of a member', cases.homophone], ['same member again', cases.samePerson]] as const) {
            const times: number[] = [];
            let hits = 0;
            let candidates = 0;
            for (const { probe, expect } of list) {
              const { ms, cpuMs, found } = await lookup(db, probe, meter);
              times.push(ms);
              allCpu.push(cpuMs);
              candidates += found.members.length + found.applications.length;
              if (expect !== null && found.members.some((c) => c.customerId === expect)) hits++;
            }
            all.push(...times);
            const note = `${(candidates / list.length).toFixed(1)} candidates/lookup` + (label === 'new person' ? '' : `, member found ${Math.round((hits / list.length) * 100)} %`);
            out.push({ engine, size, case: label, ...summarise(times), unit: 'ms', note });
            opts.log(`  ${label}: p50 ${out.at(-1)!.p50} ms, p95 ${out.at(-1)!.p95} ms (${note})`);
          }
          out.push({ engine, size, case: 'all lookups', ...summarise(all), unit: 'ms', note: `load ${loadS} s, ${pending.toLocaleString('en')} pending applications` });
          out.push({
            engine, size, case: 'all lookups, CPU time', ...summarise(allCpu), unit: 'ms',
            note: engine === 'postgres' ? 'app process + PostgreSQL server process' : 'app process (PGlite runs in it)',
          });
        } finally {
          // BENCH_KEEP=1 leaves the PostgreSQL database behind for EXPLAIN
          if (db !== loadDb) await db.close();
          if (process.env.BENCH_KEEP && engine === 'postgres') await loadDb.close();
          else await drop();
        }
      }
    }
    return out;
  },
};
