// The benchmark data set (`npm run bench` generates it once per engine and run, and every scenario
// that needs a full club reads the same one): realistic zh-CN customers and members with a history
// of points, written straight into the database with set-based SQL (INSERT … SELECT over
// generate_series and staging tables), not through the API.
//
//   customers   1.2 × members: names by real surname frequency, valid GB 11643 resident ID numbers
//               stored as the app stores them (AES-256-GCM ciphertext, keyed hash, mask — the bench
//               secret), mobiles, home phones, departments (案场 / 客服中心), sources, buyers
//   purchases   one per buyer (project of the customer's sales office, paid off or being paid)
//   members     member numbers M<year><seq>, joined over six years, statuses (active, leaving,
//               archived), channels and sub-channels, welcome-notice states; one approved
//               application each, plus 2 % pending applications; leave requests of those leaving
//   cards       an active main card each (普通卡, 12 % VIP卡; a third of the VIPs were upgraded
//               from a 普通卡, which shows as replaced), with their issue events
//   points      the history of every member as the ledger writes it: lots (base points of the
//               card, activities, care, purchases, complaints) with a 24-month expiry, redemptions
//               of catalogue plans taking points from a lot (3 % cancelled: the points go back),
//               expiries of what was left when a lot expired, corrections of a few earnings,
//               pending and rejected entries; accounts hold the sum. Consistent by construction and
//               checked with verifyLedger afterwards.
//
// The ledger is inserted in posting order (as a live system appends it), so time-ordered access
// paths behave as in production. Secondary indexes and foreign keys are dropped for the load and
// rebuilt after it (validated), then VACUUM ANALYZE. App tables stay logged; only the staging
// tables are temporary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openPglite, openPostgres, type Db } from '../src/db/index.ts';
import { prepareDatabase } from '../src/main.ts';
import { makeCrypto, maskIdNumber } from '../src/pii.ts';
import { residentIdProblem } from '../src/modules/customers/identity.ts';
import { verifyLedger } from '../src/modules/points/verify.ts';
import { nameTables, residentId } from './people.ts';
import { maxNameKeys } from '../src/modules/customers/name-forms.ts';
import { adminPassword, testSecret } from '../test/helpers/db.ts';
import type { BenchRow, Engine, RunOptions } from './run.ts';

/** The secret the bench database is written with: the server processes of the scenarios (startServer) use the same one. */
const benchSecret = testSecret;
const timeZone = 'Asia/Shanghai';

export interface DataSize { members: number; entries: number }

/**
 * Sizes per engine. full (the default): PostgreSQL 1M members / 10M ledger entries, PGlite 100k /
 * 1M. quick: a tenth of that, for trying things. BENCH_MEMBERS (and BENCH_ENTRIES, default 10 per
 * member) set both engines' size outright.
 */
export function dataSize(engine: Engine, opts: Pick<RunOptions, 'preset'>): DataSize {
  const members = Number(process.env.BENCH_MEMBERS?.replace(/_/g, '') || 0);
  if (members > 0) return { members, entries: Number(process.env.BENCH_ENTRIES?.replace(/_/g, '') || members * 10) };
  const scale = opts.preset === 'quick' ? 0.1 : 1;
  const m = Math.round((engine === 'postgres' ? 1_000_000 : 100_000) * scale);
  return { members: m, entries: m * 10 };
}

export interface Dataset {
  engine: Engine;
  size: DataSize;
  db: Db;
  /** PostgreSQL: the database URL (scenarios start real server processes on it) */
  url: string | null;
  /** what was written (rows per table) and how long it took */
  counts: Record<string, number>;
  generatedS: number;
  /** verifyLedger over the whole ledger: seconds and whether it held */
  verify: { seconds: number; ok: boolean; problems: number } | null;
  reused: boolean;
  /** load average when the data set was ready */
  load: number[];
}

const cache = new Map<Engine, Promise<Dataset>>();
const closers: (() => Promise<void>)[] = [];

/**
 * The data set of this engine for this run: generated on first use, then shared by every scenario.
 * BENCH_KEEP=1 keeps the PostgreSQL database (clubcrm_bench_<members>) and the PGlite folder after
 * the run; BENCH_REUSE=1 then uses them instead of generating again (not a fair full run: say so).
 */
export function dataset(engine: Engine, opts: RunOptions): Promise<Dataset> {
  let p = cache.get(engine);
  if (!p) {
    p = open(engine, opts);
    cache.set(engine, p);
  }
  return p;
}

const made: Dataset[] = [];

/**
 * Runs a scenario's measurements on each engine's data set: fn gets the data set and a note of its
 * size (members, entries) for the rows.
 */
export async function eachDataset(opts: RunOptions, fn: (ds: Dataset, sizeNote: string) => Promise<BenchRow[]>): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  for (const engine of opts.engines) {
    const ds = await dataset(engine, opts);
    out.push(...await fn(ds, `${ds.size.members.toLocaleString('en')} members, ${(ds.counts.points_entries ?? 0).toLocaleString('en')} entries`));
  }
  return out;
}

/** The data sets' own figures: time to generate (or "reused") and the ledger check over all of it. */
export function datasetRows(): BenchRow[] {
  return made.flatMap((d) => {
    const one = (value: number) => ({ n: 1, p50: value, p95: value, p99: value, max: value, unit: 's' as const });
    const what = Object.entries(d.counts).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ');
    const out: BenchRow[] = [{
      engine: d.engine, size: d.size.members, case: d.reused ? 'data set (reused from an earlier run)' : 'generate the data set (set-based SQL, indexes, VACUUM ANALYZE)',
      ...one(d.generatedS), note: `${what}; load average ${d.load.join(' / ')}`,
    }];
    if (d.verify) {
      out.push({
        engine: d.engine, size: d.size.members, case: `verifyLedger over ${d.counts.points_entries.toLocaleString('en')} entries (GET /points/verify)`,
        ...one(d.verify.seconds), note: d.verify.ok ? 'invariant holds: balance = booked entries = open lots, lots = their moves' : `${d.verify.problems} problems`,
      });
    }
    return out;
  });
}

/** The comment a kept PostgreSQL data set carries: no later run drops it (bench/README.md). */
const keptMark = 'kept by BENCH_KEEP';

/** Closes (and unless BENCH_KEEP, drops) the data sets this run generated; a reused one is never dropped. */
export async function releaseDatasets(): Promise<void> {
  for (const close of closers.splice(0)) await close().catch((e) => console.error(e));
  cache.clear();
  made.length = 0;
}

async function open(engine: Engine, opts: RunOptions): Promise<Dataset> {
  const size = dataSize(engine, opts);
  const keep = !!process.env.BENCH_KEEP;
  const reuseWanted = !!process.env.BENCH_REUSE;
  const config = loadConfig({}, { adminPassword, secretKey: benchSecret, logLevel: 'silent', jobs: 'off' });
  let db: Db;
  let url: string | null = null;
  let reused = false;
  if (engine === 'postgres') {
    const name = `clubcrm_bench_${size.members}_${size.entries}`;
    const admin = new pg.Client({ connectionString: opts.pgUrl });
    await admin.connect();
    try {
      const found = await admin.query<{ kept: boolean }>(
        `SELECT shobj_description(oid, 'pg_database') = $2 AS kept FROM pg_database WHERE datname = $1`, [name, keptMark]);
      reused = reuseWanted && found.rowCount === 1;
      // a data set someone kept (BENCH_KEEP) is theirs: a run never drops it, it reuses it or stops
      if (!reused && found.rows[0]?.kept) {
        throw new Error(`${name} was kept by an earlier run (BENCH_KEEP): run with BENCH_REUSE=1 to use it, or drop it yourself to generate again`);
      }
      if (!reused) {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'`);
      }
      if (keep) await admin.query(`COMMENT ON DATABASE ${name} IS '${keptMark}'`);
    } finally {
      await admin.end();
    }
    const u = new URL(opts.pgUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    db = await openPostgres(url, 4);
    closers.push(async () => {
      await db.close();
      if (keep || reused) return;
      const c = new pg.Client({ connectionString: opts.pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
  } else {
    const dir = path.join(os.tmpdir(), `clubcrm-bench-pglite-${size.members}_${size.entries}`);
    const marker = path.join(dir, 'KEPT_BY_BENCH');
    reused = reuseWanted && fs.existsSync(path.join(dir, 'PG_VERSION'));
    if (!reused && fs.existsSync(marker)) {
      throw new Error(`${dir} was kept by an earlier run (BENCH_KEEP): run with BENCH_REUSE=1 to use it, or remove it yourself to generate again`);
    }
    if (!reused) fs.rmSync(dir, { recursive: true, force: true });
    db = await openPglite({ dataDir: dir });
    closers.push(async () => {
      await db.close();
      if (keep) fs.writeFileSync(marker, 'kept by BENCH_KEEP\n');
      else if (!reused) fs.rmSync(dir, { recursive: true, force: true });
    });
  }
  await prepareDatabase(db, config);
  const started = Date.now();
  let counts: Record<string, number>;
  if (reused) {
    opts.log(`${engine}: reusing the generated data set (${size.members.toLocaleString('en')} members)`);
    counts = await tableCounts(connOf(db));
  } else {
    opts.log(`${engine}: generating ${size.members.toLocaleString('en')} members, ~${size.entries.toLocaleString('en')} ledger entries`);
    counts = await generate(db, size, opts.log);
  }
  const generatedS = Math.round((Date.now() - started) / 100) / 10;
  let verify: Dataset['verify'] = null;
  if (!reused || process.env.BENCH_VERIFY) {
    const t0 = Date.now();
    const report = await verifyLedger(db.db, { limit: 20 });
    verify = { seconds: Math.round((Date.now() - t0) / 100) / 10, ok: report.ok, problems: report.problems.length };
    opts.log(`${engine}: verifyLedger over ${report.entries.toLocaleString('en')} entries in ${verify.seconds} s: ${report.ok ? 'holds' : 'BROKEN'}`);
    if (!report.ok) throw new Error(`generated ledger is inconsistent: ${JSON.stringify(report.problems.slice(0, 5))}`);
  }
  const ds: Dataset = { engine, size, db, url, counts, generatedS, verify, reused, load: os.loadavg().map((x) => Math.round(x * 10) / 10) };
  made.push(ds);
  return ds;
}

// ---------- SQL access on one session (settings and temporary tables live there) ----------

interface Conn {
  q<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  release(): Promise<void>;
}

function connOf(db: Db): Conn {
  return {
    q: async <T,>(text: string, params: unknown[] = []) => (db.engine === 'postgres' ? (await db.pool!.query(text, params)).rows : (await db.pglite!.query(text, params)).rows) as T[],
    release: async () => {},
  };
}

async function session(db: Db): Promise<Conn> {
  if (db.engine === 'pglite') return connOf(db);
  const client = await db.pool!.connect();
  return {
    q: async <T,>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
    release: async () => client.release(),
  };
}

const loadTables = [
  'customers', 'purchases', 'members', 'applications', 'leave_requests', 'cards', 'card_events',
  'points_accounts', 'points_entries', 'points_lots', 'points_consumptions', 'redemptions',
];

async function tableCounts(c: Conn): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of loadTables) out[t] = Number((await c.q<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))[0].n);
  return out;
}

/** Secondary indexes and foreign keys of the loaded tables, to drop before the load and rebuild after it. */
async function dropIndexes(c: Conn) {
  const fks = await c.q<{ tbl: string; name: string; def: string }>(`
    SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE contype IN ('f', 'u') AND conrelid::regclass::text = ANY($1) ORDER BY contype DESC, conname`, [loadTables]);
  const idx = await c.q<{ tbl: string; name: string; def: string }>(`
    SELECT tablename AS tbl, indexname AS name, indexdef AS def FROM pg_indexes i
    WHERE schemaname = 'public' AND tablename = ANY($1)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname AND k.contype IN ('p', 'u'))`, [loadTables]);
  // foreign keys first (a unique constraint may be what one references), then the unique constraints, then plain indexes
  for (const f of fks.filter((x) => x.def.startsWith('FOREIGN'))) await c.q(`ALTER TABLE ${f.tbl} DROP CONSTRAINT ${f.name}`);
  for (const u of fks.filter((x) => x.def.startsWith('UNIQUE'))) await c.q(`ALTER TABLE ${u.tbl} DROP CONSTRAINT ${u.name}`);
  for (const i of idx) await c.q(`DROP INDEX ${i.name}`);
  return { fks, idx };
}

async function rebuildIndexes(db: Db, dropped: Awaited<ReturnType<typeof dropIndexes>>, log: (m: string) => void) {
  const t0 = Date.now();
  const work = [
    ...dropped.fks.filter((x) => x.def.startsWith('UNIQUE')).map((u) => `ALTER TABLE ${u.tbl} ADD CONSTRAINT ${u.name} ${u.def}`),
    ...dropped.idx.map((i) => i.def),
  ];
  // PostgreSQL: two sessions build at once (this machine has two cores); the big ones first
  const big = ['points_entries', 'points_lots', 'points_consumptions', 'customers', 'applications'];
  work.sort((a, b) => Number(big.some((t) => b.includes(` ${t} `))) - Number(big.some((t) => a.includes(` ${t} `))));
  const lanes = db.engine === 'postgres' ? 2 : 1;
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    const c = await session(db);
    try {
      await c.q(db.engine === 'postgres' ? `SET maintenance_work_mem = '512MB'` : `SET maintenance_work_mem = '128MB'`);
      for (let k = next++; k < work.length; k = next++) {
        const t = Date.now();
        await c.q(work[k]);
        if (Date.now() - t > 10_000) log(`    ${Math.round((Date.now() - t) / 1000)} s: ${work[k].slice(0, 110)}`);
      }
    } finally {
      await c.release();
    }
  }));
  log(`  ${work.length} indexes in ${Math.round((Date.now() - t0) / 1000)} s`);
  // foreign keys: added without a check (instant), then validated — two sessions at once on
  // PostgreSQL (VALIDATE takes no lock that would serialise them)
  const t1 = Date.now();
  const foreign = dropped.fks.filter((x) => x.def.startsWith('FOREIGN'));
  const c = await session(db);
  try {
    for (const f of foreign) await c.q(`ALTER TABLE ${f.tbl} ADD CONSTRAINT ${f.name} ${f.def} NOT VALID`);
  } finally {
    await c.release();
  }
  let nextFk = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    const v = await session(db);
    try {
      for (let k = nextFk++; k < foreign.length; k = nextFk++) await v.q(`ALTER TABLE ${foreign[k].tbl} VALIDATE CONSTRAINT ${foreign[k].name}`);
    } finally {
      await v.release();
    }
  }));
  log(`  ${foreign.length} foreign keys validated in ${Math.round((Date.now() - t1) / 1000)} s`);
}

// ---------- the data ----------

/** A deterministic pseudo-random number in [0, 1) from an integer expression and a salt (1…16). */
function h(expr: string, salt: number): string {
  const primes = [0, 2654435761, 2246822519, 3266489917, 668265263, 374761393, 1181783497, 2860486313, 1597334677, 3812015801, 2034521869, 1664525, 22695477,
    1103515245, 134775813, 214013, 69069];
  return `((((${expr})::bigint * ${primes[salt]}::bigint + ${salt * 7919}) % 1000003)::float8 / 1000003)`;
}

const regions = ['330102', '330105', '330106', '330108', '330109', '330110', '330122', '330183', '330185', '330203', '330302', '330402', '330602',
  '310104', '310115', '320106', '320505', '340104', '360102', '110105', '440106', '510107', '420106', '430103', '350203', '370202'];
const offices = ['西溪案场', '良渚案场', '滨江案场', '萧山案场', '临平案场', '富阳案场'];
const projects = ['西溪·云庐', '良渚·未来城', '滨江·御江南', '萧山·湘湖壹号', '临平·玉架山', '富阳·富春山居'];
const districts = ['西湖区文三路', '西湖区古墩路', '余杭区良渚街道', '滨江区江南大道', '萧山区湘湖路', '临平区南苑街道', '富阳区富春街道', '拱墅区莫干山路', '上城区钱江路'];
const subChannels = ['magazine', 'event', 'exhibition', 'referral', 'sp', 'property', 'merchant'];
/** the reward catalogue, cheapest first (plan id = position) */
const plans: [string, number][] = [
  ['定制台历', 100], ['星巴克咖啡券', 200], ['电影票两张', 300], ['登山杖', 400], ['洗车服务一次', 500], ['亲子乐园门票', 600],
  ['有机蔬菜礼盒', 800], ['家政保洁 2 小时', 900], ['物业费抵扣 100 元', 1000], ['家电清洗', 1200], ['精美茶具', 1500],
  ['五星酒店下午茶', 2000], ['会所健身月卡', 3000], ['空气净化器', 5000], ['智能门锁', 8000], ['高端体检套餐', 10000], ['海岛度假三晚', 20000],
];

/**
 * ID number, ciphertext, keyed hash and mask of customers lo…hi, as the customers module stores them
 * (~20 µs each: AES-GCM and HMAC). Computed in slices that let the event loop send the previous
 * chunk's insert meanwhile.
 */
async function pii(lo: number, hi: number, crypto: ReturnType<typeof makeCrypto>) {
  const out = { id: [] as number[], enc: [] as string[], hash: [] as string[], masked: [] as string[], gender: [] as string[], birthday: [] as string[] };
  const base = Date.UTC(1950, 0, 1);
  for (let i = lo; i <= hi; i++) {
    if ((i - lo) % 5000 === 4999) await new Promise((r) => setImmediate(r));
    // a bijection of i onto (birth day, sequence): no two customers share an ID number
    const x = (i * 7919 + 12345) % 20_000_000;
    const day = Math.floor(x / 1000);
    const seq = x % 1000;
    const birth = new Date(base + day * 86_400_000).toISOString().slice(0, 10);
    const id = residentId(regions[(i * 31) % regions.length], birth.replace(/-/g, ''), seq);
    out.id.push(i);
    out.enc.push(crypto.encrypt(id));
    out.hash.push(crypto.lookupHash(id));
    out.masked.push(maskIdNumber(id));
    out.gender.push(seq % 2 === 1 ? 'male' : 'female');
    out.birthday.push(birth);
    if (i === lo && residentIdProblem(id)) throw new Error(`generated an invalid ID number ${id}: ${residentIdProblem(id)}`);
  }
  return out;
}

/** The sequence part of a member or application number: at least six digits (String.padStart, never cut). */
const seqText = (n: string) => `CASE WHEN (${n}) >= 1000000 THEN (${n})::text ELSE lpad((${n})::text, 6, '0') END`;
const arr = (list: string[]) => `ARRAY[${list.map((s) => `'${s}'`).join(',')}]`;

async function generate(db: Db, size: DataSize, log: (m: string) => void): Promise<Record<string, number>> {
  const t0 = Date.now();
  const step = (what: string, since: number) => log(`  ${what} (${Math.round((Date.now() - since) / 100) / 10} s; ${Math.round((Date.now() - t0) / 1000)} s in all)`);
  const c = await session(db);
  const pgMode = db.engine === 'postgres';
  try {
    await c.q(`SET synchronous_commit = off`);
    await c.q(pgMode ? `SET work_mem = '256MB'` : `SET work_mem = '64MB'`);
    if (pgMode) await c.q(`SET temp_buffers = '256MB'`).catch(() => undefined);
    const [{ now }] = await c.q<{ now: string }>(`SELECT date_trunc('second', now())::text AS now`);
    const M = size.members;
    const C = Math.round(M * 1.2);
    const P = Math.max(100, Math.round(M / 50));
    const dropped = await dropIndexes(c);
    const crypto = makeCrypto(benchSecret);
    const names = nameTables();
    const G = names.givenChars.length;
    await c.q(`SELECT setseed(0.4242)`);
    // members join evenly over six years: joined(i) and the member of customer i ≤ M
    const span = `(timestamptz '${now}' - interval '6 years')`;
    const joined = (i: string) => `(${span} + ((${i} - 1 + ${h(i, 1)}) / ${M}) * (timestamptz '${now}' - interval '1 hour' - ${span}))`;
    const nameSql = `
      CROSS JOIN LATERAL (SELECT 1 + floor(random() * 1000)::int + (u.i * 0) AS si, 1 + floor(random() * ${G})::int AS g1i,
        CASE WHEN random() < 0.75 THEN 1 + floor(random() * ${G})::int END AS g2i) r
      CROSS JOIN LATERAL (SELECT ($1::text[])[r.si] AS ch, ($2::text[])[r.si] AS py, ($5::text[])[r.si] AS key) s
      CROSS JOIN LATERAL (SELECT ($3::text[])[r.g1i] AS ch, ($4::text[])[r.g1i] AS py, string_to_array(($6::text[])[r.g1i], E'\\x1f') AS keys) g1
      LEFT JOIN LATERAL (SELECT ($3::text[])[r.g2i] AS ch, ($4::text[])[r.g2i] AS py, string_to_array(($6::text[])[r.g2i], E'\\x1f') AS keys) g2 ON r.g2i IS NOT NULL`;
    // the name's sound keys as customers/name-forms.ts builds them: the surname's part × each given character's parts, in order, at most 8
    const nameKeysSql = `ARRAY(SELECT s.key || ' ' || a.k || coalesce(' ' || b.k, '') FROM unnest(g1.keys) WITH ORDINALITY a(k, ia)
      LEFT JOIN unnest(g2.keys) WITH ORDINALITY b(k, ib) ON true ORDER BY a.ia, b.ib LIMIT ${maxNameKeys})`;
    const nameParams = [names.surnameChars, names.surnamePinyin, names.givenChars, names.givenPinyin, names.surnameKey, names.givenKeys];

    // customers: people, the first M of them members
    let since = Date.now();
    const chunk = pgMode ? 50_000 : 20_000;
    // the next chunk's encryption (this process) overlaps the database's insert of the current one
    let pending: Promise<unknown> = Promise.resolve();
    let nextChunk = pii(1, Math.min(C, chunk), crypto);
    for (let lo = 1; lo <= C; lo += chunk) {
      const hi = Math.min(C, lo + chunk - 1);
      const p = await nextChunk;
      await pending;
      const i = 'u.i';
      const office = `(${arr(offices)})[1 + floor(${h(i, 4)} * ${offices.length})::int]`;
      pending = c.q(`
        INSERT INTO customers (id, name, name_pinyin, name_simplified, name_keys, gender, birthday, id_type, id_number_enc, id_number_hash, id_number_masked,
          mobile, home_phone, email, address, source, tags, department, is_buyer, member_id, created_at, updated_at)
        SELECT u.i, s.ch || g1.ch || coalesce(g2.ch, ''), s.py || ' ' || g1.py || coalesce(' ' || g2.py, ''), s.ch || g1.ch || coalesce(g2.ch, ''),
          ${nameKeysSql}, u.gender, u.birthday, 'resident_id',
          u.enc, u.hash, u.masked,
          CASE WHEN ${h(i, 2)} < 0.96 THEN '1' || (ARRAY['3','5','7','8','9'])[1 + (u.i % 5)] || lpad(((u.i::bigint * 2654435761) % 1000000000)::text, 9, '0') END,
          CASE WHEN ${h(i, 13)} < 0.35 THEN '0571' || lpad(((u.i::bigint * 40503) % 100000000)::text, 8, '0') END,
          CASE WHEN ${h(i, 5)} < 0.3 THEN 'c' || u.i || '@example.cn' END,
          '杭州市' || (${arr(districts)})[1 + (u.i % ${districts.length})] || ' ' || (1 + u.i % 480) || ' 号',
          CASE WHEN ${h(i, 6)} < 0.55 THEN 'sales_system' WHEN ${h(i, 6)} < 0.7 THEN 'property_import' WHEN ${h(i, 6)} < 0.95 THEN 'manual' ELSE 'website' END,
          CASE WHEN ${h(i, 7)} < 0.05 THEN '{高净值}'::text[] WHEN ${h(i, 7)} < 0.1 THEN '{老业主}'::text[] ELSE '{}'::text[] END,
          CASE WHEN u.i <= ${M} AND ${h(i, 3)} >= 0.40 AND ${h(i, 3)} < 0.95 THEN '客服中心' ELSE ${office} END,
          ${h(i, 6)} >= 0.55 AND ${h(i, 6)} < 0.7 OR ${h(i, 8)} < CASE WHEN ${h(i, 6)} < 0.55 THEN 0.8 ELSE 0.2 END,
          CASE WHEN u.i <= ${M} THEN u.i END,
          CASE WHEN u.i <= ${M} THEN ${joined(i)} - ${h(i, 9)} * interval '30 days' ELSE ${span} + ${h(i, 9)} * (timestamptz '${now}' - ${span}) END,
          timestamptz '${now}' - ${h(i, 10)} * interval '300 days'
        FROM unnest($7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::date[]) AS u(i, enc, hash, masked, gender, birthday) ${nameSql}`,
      [...nameParams, p.id, p.enc, p.hash, p.masked, p.gender, p.birthday]);
      pending.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      if (hi < C) nextChunk = pii(hi + 1, Math.min(C, hi + chunk), crypto);
    }
    await pending;
    // updated_at never before created_at
    await c.q(`UPDATE customers SET updated_at = created_at WHERE updated_at < created_at`);
    step(`${C.toLocaleString('en')} customers`, since);

    since = Date.now();
    await c.q(`
      INSERT INTO purchases (customer_id, project, unit, contract_no, contract_date, price_fen, received_fen, status, origin, fully_paid_at, created_at, updated_at)
      SELECT c.id, coalesce((${arr(projects)})[array_position(${arr(offices)}, c.department)], (${arr(projects)})[1 + c.id % ${projects.length}]),
        (1 + c.id % 30) || '-' || (1 + c.id % 4) || '-' || (2 + c.id % 30) || lpad((1 + c.id % 4)::text, 2, '0'),
        'HT' || c.id, (c.created_at AT TIME ZONE '${timeZone}')::date, p.price, CASE WHEN p.paid THEN p.price ELSE p.price / 2 END,
        CASE WHEN p.paid THEN 'paid_off' ELSE 'contracted' END, CASE WHEN c.source = 'property_import' THEN 'property_import' ELSE 'sale' END,
        CASE WHEN p.paid THEN c.created_at + interval '90 days' END, c.created_at, c.created_at
      FROM customers c CROSS JOIN LATERAL (SELECT (150 + floor(${h('c.id', 11)} * 450))::bigint * 1000000 AS price, ${h('c.id', 12)} < 0.75 AS paid) p
      WHERE c.is_buyer`);
    step('purchases', since);

    // members, their applications (+ 2 % pending), leave requests, cards
    since = Date.now();
    const i = 'g.i';
    await c.q(`
      INSERT INTO members (id, member_no, customer_id, status, joined_at, channel, sub_channel, application_id, notice_status, archived_at, created_at, updated_at)
      SELECT g.i, 'M' || to_char(j.at AT TIME ZONE '${timeZone}', 'YYYY') || ${seqText('g.i')}, g.i,
        CASE WHEN ${h(i, 2)} < 0.03 THEN 'archived' WHEN ${h(i, 2)} < 0.04 THEN 'leaving' ELSE 'active' END, j.at,
        CASE WHEN ${h(i, 3)} < 0.40 THEN 'sales_office' WHEN ${h(i, 3)} < 0.85 THEN 'service_center' WHEN ${h(i, 3)} < 0.95 THEN 'website' END,
        CASE WHEN ${h(i, 3)} >= 0.40 AND ${h(i, 3)} < 0.85 THEN (${arr(subChannels)})[1 + floor(${h(i, 4)} * ${subChannels.length})::int] END,
        g.i, CASE WHEN ${h(i, 5)} < 0.86 THEN 'reached' WHEN ${h(i, 5)} < 0.94 THEN 'unreached' ELSE 'pending' END,
        CASE WHEN ${h(i, 2)} < 0.03 THEN j.at + ${h(i, 6)} * (timestamptz '${now}' - j.at) END, j.at, j.at
      FROM generate_series(1, ${M}) g(i) CROSS JOIN LATERAL (SELECT ${joined(i)} AS at) j`);
    await c.q(`
      INSERT INTO applications (id, application_no, method, channel, sub_channel, customer_id, name, name_pinyin, name_simplified, name_keys, gender, birthday, id_type,
        id_number_enc, id_number_hash, id_number_masked, mobile, home_phone, email, address, status, outcome, member_id, reviewed_at, submitted_by,
        created_at, updated_at)
      SELECT m.id, 'A' || to_char(m.joined_at AT TIME ZONE '${timeZone}', 'YYYY') || ${seqText('m.id')},
        CASE WHEN m.channel IS NULL THEN 'automatic' ELSE 'manual' END, m.channel, m.sub_channel, c.id, c.name, c.name_pinyin, c.name_simplified, c.name_keys, c.gender, c.birthday,
        c.id_type, c.id_number_enc, c.id_number_hash, c.id_number_masked, c.mobile, c.home_phone, c.email, c.address, 'approved', 'new_member', m.id,
        m.joined_at, CASE WHEN m.channel = 'website' THEN 'website' ELSE 'bench' END, m.joined_at - interval '2 days', m.joined_at
      FROM members m JOIN customers c ON c.id = m.customer_id`);
    await c.q(`
      INSERT INTO applications (id, application_no, method, channel, sub_channel, name, name_pinyin, name_simplified, name_keys, id_number_hash, mobile, home_phone, status, submitted_by, created_at, updated_at)
      SELECT ${M} + u.i, 'A' || to_char(timestamptz '${now}' AT TIME ZONE '${timeZone}', 'YYYY') || ${seqText(`${M} + u.i`)}, 'manual', 'service_center', 'event',
        s.ch || g1.ch || coalesce(g2.ch, ''), s.py || ' ' || g1.py || coalesce(' ' || g2.py, ''), s.ch || g1.ch || coalesce(g2.ch, ''), ${nameKeysSql}, md5('pending' || u.i),
        '1' || (3 + u.i % 7)::text || lpad(((u.i::bigint * 97531) % 1000000000)::text, 9, '0'), NULL, 'pending', 'bench',
        timestamptz '${now}' - ${h('u.i', 7)} * interval '60 days', timestamptz '${now}' - ${h('u.i', 7)} * interval '60 days'
      FROM generate_series(1, ${P}) u(i) ${nameSql}`, nameParams);
    await c.q(`
      INSERT INTO leave_requests (member_id, reason, method, rule, status, requested_by, decided_by_name, decided_at, created_at)
      SELECT m.id, CASE WHEN m.id % 3 = 0 THEN 'invalid_contact' ELSE 'normal' END, CASE WHEN m.id % 3 = 0 THEN 'automatic' ELSE 'manual' END,
        CASE WHEN m.id % 3 = 0 THEN 'invalid_contact' END, CASE WHEN m.status = 'archived' THEN 'approved' ELSE 'pending' END, '客服中心',
        CASE WHEN m.status = 'archived' THEN '客服经理' END, m.archived_at, coalesce(m.archived_at - interval '3 days', timestamptz '${now}' - interval '5 days')
      FROM members m WHERE m.status <> 'active'`);
    // main cards: VIP for 12 %, a third of them upgraded from a 普通卡 (card id M + member id, replaced)
    const vip = (x: string) => `${h(x, 11)} < 0.12`;
    const upgraded = (x: string) => `(${vip(x)} AND ${h(x, 12)} < 0.35)`;
    await c.q(`
      INSERT INTO cards (id, card_no, member_id, type_code, kind, status, issued_at, issued_by, created_at, updated_at)
      SELECT m.id, '8860' || lpad(m.id::text, 10, '0'), m.id, CASE WHEN ${vip('m.id')} THEN 'vip' ELSE 'normal' END, 'main', 'active', t.at, '客服中心', t.at, t.at
      FROM members m CROSS JOIN LATERAL (SELECT CASE WHEN ${upgraded('m.id')} THEN m.joined_at + ${h('m.id', 9)} * (timestamptz '${now}' - m.joined_at)
                                                ELSE m.joined_at + interval '1 minute' END AS at) t`);
    await c.q(`
      INSERT INTO cards (id, card_no, member_id, type_code, kind, status, issued_at, ended_at, replaced_by_id, issued_by, created_at, updated_at)
      SELECT ${M} + m.id, '8860' || lpad((${M} + m.id)::text, 10, '0'), m.id, 'normal', 'main', 'replaced', m.joined_at + interval '1 minute', k.issued_at, m.id,
        '客服中心', m.joined_at + interval '1 minute', k.issued_at
      FROM members m JOIN cards k ON k.id = m.id WHERE ${upgraded('m.id')}`);
    await c.q(`
      INSERT INTO card_events (card_id, member_id, at, kind, from_status, to_status, related_card_id, actor_name)
      SELECT k.id, k.member_id, k.issued_at, 'issued', NULL, 'active', NULL, '客服中心' FROM cards k
      UNION ALL
      SELECT k.id, k.member_id, k.ended_at, 'replaced', 'active', 'replaced', k.replaced_by_id, '客服中心' FROM cards k WHERE k.status = 'replaced'`);
    step(`${M.toLocaleString('en')} members, ${P.toLocaleString('en')} pending applications, cards`, since);

    // the reward catalogue
    await c.q(`
      INSERT INTO redemption_plans (id, item, description, points_cost, visible_on_website, created_at, updated_at)
      SELECT k, (${arr(plans.map((p) => p[0]))})[k], NULL, (ARRAY[${plans.map((p) => p[1]).join(',')}])[k], true, ${span}, ${span}
      FROM generate_series(1, ${plans.length}) k`);

    // ---- points: one staging row per lot with everything that happens to it ----
    since = Date.now();
    // lots per member ∝ the time since joining; calibrated so that the ledger has ~size.entries entries (1.78 per lot measured)
    const lotsPerMember = size.entries / 1.78 / M - 1;
    const costs = `ARRAY[${plans.map((p) => p[1]).join(',')}]`;
    await c.q(`
      CREATE TEMP TABLE g_raw AS
      SELECT m.id AS member_id, m.joined_at, s.n, CASE WHEN ${vip('m.id')} THEN 'vip' ELSE 'normal' END AS level,
        CASE WHEN s.n = 0 THEN m.joined_at + interval '1 minute' ELSE m.joined_at + random() * (timestamptz '${now}' - m.joined_at) END AS earned_at,
        random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5, random() AS u6
      FROM members m
      CROSS JOIN LATERAL generate_series(0, floor(${lotsPerMember} * 2 * extract(epoch FROM timestamptz '${now}' - m.joined_at) / (6 * 365.25 * 86400)
                                                  * (0.4 + 1.2 * random()) + random())::int) s(n)`);
    step('lot plan', since);
    since = Date.now();
    // a staging table (not an app table: unlogged) that a second session can read too
    await c.q(`DROP TABLE IF EXISTS bench_stage_lots`);
    await c.q(`
      CREATE UNLOGGED TABLE bench_stage_lots AS
      WITH a AS (
        SELECT r.*,
          CASE WHEN r.n = 0 THEN 'card' WHEN r.u1 < 0.55 THEN 'activity' WHEN r.u1 < 0.85 THEN 'care' WHEN r.u1 < 0.95 THEN 'purchase' ELSE 'complaint' END AS src,
          CASE WHEN r.n = 0 THEN CASE WHEN r.level = 'vip' AND NOT ${upgraded('r.member_id')} THEN 500 ELSE 100 END
               WHEN r.u1 < 0.55 THEN (ARRAY[100, 200, 200, 300, 500, 800])[1 + floor(r.u2 * 6)::int]
               WHEN r.u1 < 0.85 THEN (ARRAY[50, 100, 100, 200])[1 + floor(r.u2 * 4)::int]
               WHEN r.u1 < 0.95 THEN 1000 * (1 + floor(r.u2 * 30)::int)
               ELSE (ARRAY[100, 200, 500])[1 + floor(r.u2 * 3)::int] END AS amt,
          ((r.earned_at AT TIME ZONE '${timeZone}') + interval '24 months') AT TIME ZONE '${timeZone}' AS expires_at,
          CASE WHEN r.n = 0 THEN CASE WHEN ${upgraded('r.member_id')} THEN ${M} + r.member_id ELSE r.member_id END
               ELSE 1 + floor(r.u6 * 5000)::int END AS src_id
        FROM g_raw r
      ),
      b AS (
        SELECT a.*,
          a.u3 < 0.45 AND a.amt >= 100 AS redeemed,
          NOT (a.u3 < 0.45 AND a.amt >= 100) AND a.n > 0 AND a.u4 < 0.005 AS corrected,
          width_bucket(a.amt, ${costs}) AS affordable
        FROM a
      ),
      d AS (
        SELECT b.*,
          CASE WHEN b.redeemed THEN 1 + floor(sqrt(b.u5) * b.affordable)::int END AS plan_id, -- the dearer of what a lot affords, more often
          CASE WHEN b.redeemed THEN b.earned_at + (0.05 + 0.9 * b.u4) * (least(b.expires_at, timestamptz '${now}') - b.earned_at) END AS red_at,
          CASE WHEN b.corrected THEN b.earned_at + b.u5 * least(interval '3 days', timestamptz '${now}' - b.earned_at) END AS corr_at
        FROM b
      ),
      e AS (
        SELECT d.*, (${costs})[d.plan_id] AS cost,
          d.redeemed AND d.u6 < 0.03 AND d.red_at < timestamptz '${now}' - interval '1 day' AS cancelled
        FROM d
      )
      SELECT row_number() OVER (ORDER BY e.earned_at, e.member_id, e.n) AS j, e.member_id, e.level, e.src, e.src_id, e.amt, e.earned_at, e.expires_at,
        e.redeemed, e.plan_id, e.cost, e.red_at, e.cancelled, e.corrected, e.corr_at, e.u6,
        CASE WHEN e.cancelled THEN e.red_at + (0.1 + 0.8 * e.u2) * interval '1 day' END AS refund_at,
        CASE WHEN e.redeemed AND NOT e.cancelled AND e.red_at > timestamptz '${now}' - interval '14 days' AND e.u6 < 0.6 THEN 'pending'
             WHEN e.cancelled THEN 'cancelled' WHEN e.redeemed THEN 'delivered' END AS red_status,
        e.amt - CASE WHEN e.redeemed AND NOT e.cancelled THEN e.cost ELSE 0 END - CASE WHEN e.corrected THEN e.amt ELSE 0 END AS left_before_expiry,
        e.expires_at + interval '30 minutes' <= timestamptz '${now}' AS due,
        CASE WHEN e.n > 0 AND e.u4 > 0.997 THEN CASE WHEN e.earned_at > timestamptz '${now}' - interval '30 days' THEN 'pending' ELSE 'rejected' END END AS extra
      FROM e`);
    step('lots staged', since);
    since = Date.now();
    // entry ids: lot j owns 5j-4 (earning), 5j-3 (redemption), 5j-2 (refund or correction), 5j-1 (expiry), 5j (pending/rejected)
    const fp = (member: string, amount: string, source: string, sourceId: string, corrects: string, state: string) =>
      `${member} || '|' || (${amount}) || '|' || ${source} || '|' || (${sourceId}) || '|' || coalesce((${corrects})::text, '') || '|' || ${state}`;
    const ledger = async (x: Conn) => {
      await x.q(`
        INSERT INTO points_entries (id, member_id, amount, state, source_type, source_id, idempotency_key, fingerprint, corrects_entry_id, reason,
          actor_kind, actor_id, actor_name, created_at, posted_at, decided_by, decided_at, decision_note)
        SELECT * FROM (
          SELECT 5 * j - 4 AS id, member_id, amt AS amount, CASE WHEN corrected THEN 'reversed' ELSE 'posted' END AS state, src AS source_type,
            src_id AS source_id, 'bench:' || j AS key, ${fp('member_id', 'amt', 'src', 'src_id', 'NULL', "'posted'")} AS fingerprint, NULL::bigint AS corrects,
            CASE src WHEN 'card' THEN '发卡基本积分' WHEN 'activity' THEN '活动积分' WHEN 'care' THEN '关怀积分' WHEN 'purchase' THEN '购房积分' ELSE '投诉补偿' END AS reason,
            'user' AS actor_kind, NULL::int AS actor_id, '客服中心' AS actor_name, earned_at AS created_at, earned_at AS posted_at,
            NULL AS decided_by, NULL::timestamptz AS decided_at, NULL AS decision_note
          FROM bench_stage_lots
          UNION ALL
          SELECT 5 * j - 3, member_id, -cost, CASE WHEN cancelled THEN 'reversed' ELSE 'posted' END, 'redemption', j, 'bench-redeem:' || j,
            ${fp('member_id', '-cost', "'redemption'", 'j', 'NULL', "'posted'")}, NULL, (${arr(plans.map((p) => p[0]))})[plan_id] || ' × 1',
            'user', NULL, '客服中心', red_at, red_at, NULL, NULL, NULL
          FROM bench_stage_lots WHERE redeemed
          UNION ALL
          SELECT 5 * j - 2, member_id, cost, 'posted', 'redemption', j, 'redemption:' || j || ':cancel',
            ${fp('member_id', 'cost', "'redemption'", 'j', '5 * j - 3', "'posted'")}, 5 * j - 3, '会员取消兑换', 'user', NULL, '客服中心', refund_at, refund_at, NULL, NULL, NULL
          FROM bench_stage_lots WHERE cancelled
          UNION ALL
          SELECT 5 * j - 2, member_id, -amt, 'posted', 'correction', 5 * j - 4, 'bench-correct:' || j,
            ${fp('member_id', '-amt', "'correction'", '5 * j - 4', '5 * j - 4', "'posted'")}, 5 * j - 4, '录入错误冲正', 'user', NULL, '客服中心', corr_at, corr_at, NULL, NULL, NULL
          FROM bench_stage_lots WHERE corrected
          UNION ALL
          SELECT 5 * j - 1, member_id, -left_before_expiry, 'posted', 'expiry', j, 'expiry:' || j || ':0',
            ${fp('member_id', '-left_before_expiry', "'expiry'", 'j', 'NULL', "'posted'")}, NULL, '积分到期', 'system', NULL, 'points expiry job',
            expires_at + interval '30 minutes', expires_at + interval '30 minutes', NULL, NULL, NULL
          FROM bench_stage_lots WHERE due AND left_before_expiry > 0
          UNION ALL
          SELECT 5 * j, member_id, amt, extra, src, src_id, 'bench-rule:' || j, ${fp('member_id', 'amt', 'src', 'src_id', 'NULL', "'pending'")},
            NULL, '规则积分（待审批）', 'system', NULL, '积分规则', earned_at, NULL,
            CASE WHEN extra = 'rejected' THEN '积分审批员' END, CASE WHEN extra = 'rejected' THEN earned_at + interval '1 day' END,
            CASE WHEN extra = 'rejected' THEN '重复申报' END
          FROM bench_stage_lots WHERE extra IS NOT NULL
        ) x ORDER BY coalesce(x.posted_at, x.created_at), x.id`);
      step('ledger entries (in posting order)', since);
    };
    const lotSide = async (x: Conn) => {
      await x.q(`
        INSERT INTO points_lots (id, member_id, entry_id, amount, remaining, expired, earned_at, expires_at)
        SELECT j, member_id, 5 * j - 4, amt, CASE WHEN due THEN 0 ELSE left_before_expiry END, CASE WHEN due THEN left_before_expiry ELSE 0 END, earned_at, expires_at
        FROM bench_stage_lots ORDER BY j`);
      await x.q(`
        INSERT INTO points_consumptions (entry_id, lot_id, amount)
        SELECT x.entry_id, x.lot_id, x.amount FROM (
          SELECT 5 * j - 3 AS entry_id, j AS lot_id, cost AS amount, red_at AS at FROM bench_stage_lots WHERE redeemed
          UNION ALL SELECT 5 * j - 2, j, -cost, refund_at FROM bench_stage_lots WHERE cancelled
          UNION ALL SELECT 5 * j - 2, j, amt, corr_at FROM bench_stage_lots WHERE corrected
          UNION ALL SELECT 5 * j - 1, j, left_before_expiry, expires_at FROM bench_stage_lots WHERE due AND left_before_expiry > 0
        ) x ORDER BY x.at`);
      await x.q(`
        INSERT INTO redemptions (id, plan_id, member_id, quantity, points, member_level, status, channel, idempotency_key, entry_id, refund_entry_id,
          created_by, created_at, delivered_at, delivered_by, cancelled_at, cancelled_by, cancel_reason)
        SELECT j, plan_id, member_id, 1, cost, level, red_status, CASE WHEN u6 < 0.2 THEN 'website' ELSE 'console' END, 'bench-redeem:' || j, 5 * j - 3,
          CASE WHEN cancelled THEN 5 * j - 2 END, '客服中心', red_at,
          CASE WHEN red_status = 'delivered' THEN red_at + interval '2 days' END, CASE WHEN red_status = 'delivered' THEN '客服中心' END,
          refund_at, CASE WHEN cancelled THEN '客服中心' END, CASE WHEN cancelled THEN '会员取消兑换' END
        FROM bench_stage_lots WHERE redeemed ORDER BY red_at`);
      await x.q(`
        INSERT INTO points_accounts (member_id, balance, updated_at)
        SELECT member_id, sum(CASE WHEN due THEN 0 ELSE left_before_expiry END), max(greatest(earned_at, red_at, refund_at, corr_at))
        FROM bench_stage_lots GROUP BY member_id ORDER BY member_id`);
      step('lots, lot moves, redemptions, accounts', since);
    };
    // PostgreSQL: the ledger and the lot side are written by two sessions at once (two cores)
    if (pgMode) {
      const d = await session(db);
      try {
        await d.q(`SET synchronous_commit = off`);
        await d.q(`SET work_mem = '256MB'`);
        await Promise.all([ledger(c), lotSide(d)]);
      } finally {
        await d.release();
      }
    } else {
      await ledger(c);
      await lotSide(c);
    }
    await c.q(`DROP TABLE g_raw`);
    await c.q(`DROP TABLE bench_stage_lots`);

    // sequences follow the ids written
    for (const [table, col] of [['customers', 'id'], ['purchases', 'id'], ['members', 'id'], ['applications', 'id'], ['leave_requests', 'id'], ['cards', 'id'],
      ['card_events', 'id'], ['points_entries', 'id'], ['points_lots', 'id'], ['points_consumptions', 'id'], ['redemptions', 'id'], ['redemption_plans', 'id']]) {
      await c.q(`SELECT setval(pg_get_serial_sequence('${table}', '${col}'), greatest(1, (SELECT max(${col}) FROM ${table})))`);
    }
    await c.q(`SELECT setval('member_no_seq', ${M + P + 1})`);
    await c.q(`SELECT setval('application_no_seq', ${M + P + 1})`);

    since = Date.now();
    await rebuildIndexes(db, dropped, log);
    since = Date.now();
    // vacuum (visibility map: index-only scans as on a database autovacuum has seen) and statistics, two tables at a time on PostgreSQL
    const lanes = pgMode ? 2 : 1;
    const tables = [...loadTables].sort((a, b) => Number(b.startsWith('points_entries')) - Number(a.startsWith('points_entries')));
    let next = 0;
    await Promise.all(Array.from({ length: lanes }, async () => {
      const v = await session(db);
      try {
        for (let k = next++; k < tables.length; k = next++) await v.q(`VACUUM ANALYZE ${tables[k]}`);
      } finally {
        await v.release();
      }
    }));
    await c.q('ANALYZE');
    step('vacuum analyze', since);
    const counts = await tableCounts(c);
    log(`  ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
    log(`  generated in ${Math.round((Date.now() - t0) / 1000)} s`);
    return counts;
  } finally {
    await c.release();
  }
}
