// Duplicate-candidate lookup of the review screen (审核: 相似会员 + 相似待审申请), the real code
// (findCandidates, as GET /applications/:id/candidates runs it) against the generated club
// (bench/generate.ts: 1M members on PostgreSQL, 100k on PGlite — surnames by real frequency, one
// approved application per member plus 2 % pending ones, mobiles, home phones, ID-number hashes).
// Targets at 1M members on PostgreSQL: p95 ≤ 10 ms, and a homophone of a member with a new mobile
// found ≥ 95 % of the time (recall). Probes: a new person; a member's name with one given-name
// character replaced by another of the same sound (王小明 → 王晓明, any character pinyin-pro reads
// so, rare ones too), a new mobile and ID number, and the member's birthday (an application typed
// from the ID card carries it) — and once more without the birthday; the same member again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { openPostgres, rows, sql, type Db } from '../src/db/index.ts';
import { namePinyin } from '../src/modules/customers/service.ts';
import { findCandidates, type Probe } from '../src/modules/membership/candidates.ts';
import { pinyin } from 'pinyin-pro';
import { fuzzySyllable } from '../src/modules/customers/name-forms.ts';
import { eachDataset } from './generate.ts';
import { nameTables } from './people.ts';
import { judge, summarise, type BenchRow, type Scenario } from './run.ts';

const tables = nameTables();
const G = tables.givenChars.length;

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

interface Sample { id: number; name: string; mobile: string | null; home_phone: string | null; id_number_hash: string; birthday: string | null }

/**
 * Characters of the same sound (fuzzy pinyin of their usual reading), over the whole CJK Unified
 * Ideographs block: the homophones the probes type, independent of any list the app might keep.
 */
function soundClasses(): Map<string, string[]> {
  const chars = Array.from({ length: 0x9fa5 - 0x4e00 + 1 }, (_, i) => String.fromCodePoint(0x4e00 + i));
  const readings = pinyin(chars.join(''), { toneType: 'none', type: 'array' });
  const out = new Map<string, string[]>();
  chars.forEach((ch, i) => {
    const r = readings[i];
    if (!r || !/^[a-zü]+$/.test(r)) return;
    const key = fuzzySyllable(r.replace(/ü/g, 'v'));
    out.set(key, [...(out.get(key) ?? []), ch]);
  });
  return out;
}

async function probes(db: Db, size: number, count: number) {
  const rand = seeded(7);
  // members' customers: the first `size` customers are the members' (bench/generate.ts)
  const ids = Array.from({ length: Math.ceil(count * 2.2) }, () => 1 + Math.floor(rand() * size));
  // live members only: an archived (left) member is rightly never a candidate
  const sample = await rows<Sample>(db.db, sql`
    SELECT c.id, c.name, c.mobile, c.home_phone, c.id_number_hash, c.birthday::text AS birthday FROM customers c
    WHERE c.id = ANY(${sql.param(ids)}::int[]) AND EXISTS (SELECT 1 FROM members m WHERE m.customer_id = c.id AND m.status <> 'archived')`);
  const byId = new Map(sample.map((s) => [s.id, s]));
  const members = ids.map((id) => byId.get(id)!).filter(Boolean);
  const newMobile = () => `15${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
  const make = (name: string, extra: Partial<Probe> = {}): Probe => ({
    name, namePinyin: namePinyin(name), birthday: null, idNumberHash: crypto.randomBytes(16).toString('hex'), mobile: newMobile(), homePhone: null, ...extra,
  });
  const classes = soundClasses();
  /** the name with one given-name character (the last one that has any) replaced by another of the same sound */
  const homophone = (name: string) => {
    const chars = [...name];
    for (let k = chars.length - 1; k >= 1; k--) {
      const reading = pinyin(chars[k], { toneType: 'none', type: 'array' })[0]?.replace(/ü/g, 'v');
      const alikes = (classes.get(fuzzySyllable(reading ?? '')) ?? []).filter((c) => c !== chars[k]);
      if (alikes.length) {
        chars[k] = alikes[Math.floor(rand() * alikes.length)];
        return chars.join('');
      }
    }
    throw new Error(`no homophone for ${name}`);
  };
  const homophones = members.slice(0, count).map((m) => ({ m, name: homophone(m.name) }));
  return {
    newPerson: Array.from({ length: count }, () => ({ probe: make(randomName(rand)), expect: null as number | null })),
    homophone: homophones.map(({ m, name }) => ({ probe: make(name, { birthday: m.birthday }), expect: m.id })),
    homophoneNoBirthday: homophones.map(({ m, name }) => ({ probe: make(name), expect: m.id })),
    samePerson: members.slice(count, count * 2).map((m) => ({ probe: make(m.name, { mobile: m.mobile, homePhone: m.home_phone, idNumberHash: m.id_number_hash, birthday: m.birthday }), expect: m.id })),
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
  run: (opts) => eachDataset(opts, async (ds) => {
    const out: BenchRow[] = [];
    const perCase = Number(process.env.BENCH_QUERIES ?? 200);
    const { engine, size: { members: size } } = ds;
    // PostgreSQL: the lookups run one after another on one connection, whose server process cpuMeter watches
    const db: Db = engine === 'postgres' ? await openPostgres(ds.url!, 1) : ds.db;
    try {
      const [{ pending }] = await rows<{ pending: number }>(db.db, sql`SELECT count(*)::int AS pending FROM applications WHERE status = 'pending'`);
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
      const kinds = [
        ['new person', cases.newPerson], ['homophone of a member, new mobile', cases.homophone],
        ['homophone of a member, new mobile, no birthday given', cases.homophoneNoBirthday], ['same member again', cases.samePerson],
      ] as const;
      for (const [label, list] of kinds) {
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
        const recall = Math.round((hits / list.length) * 1000) / 10;
        const note = `${(candidates / list.length).toFixed(1)} candidates/lookup` + (label === 'new person' ? '' : `, member found ${recall} %`);
        out.push({ engine, size, case: label, ...summarise(times), unit: 'ms', note });
        opts.log(`  ${label}: p50 ${out.at(-1)!.p50} ms, p95 ${out.at(-1)!.p95} ms (${note})`);
        if (label === 'new person') continue;
        // recall beside latency: how often the member behind the probe is among the similar members listed
        const row: BenchRow = { engine, size, case: `recall: ${label}`, ...summarise(times), unit: 'ms', note: `${hits} of ${list.length} probes` };
        out.push(label === 'homophone of a member, new mobile' ? judge(row, { metric: 'value', value: recall, unit: '%', label: 'recall', atLeast: 95 }) : { ...row, figure: `recall ${recall} %` });
      }
      // the target is stated at 1M members (PostgreSQL); PGlite's smaller club is judged against it too
      out.push(judge({ engine, size, case: 'all lookups', ...summarise(all), unit: 'ms', note: `${size.toLocaleString('en')} members, ${pending.toLocaleString('en')} pending applications` }, { metric: 'p95', atMost: 10 }));
      out.push({
        engine, size, case: 'all lookups, CPU time', ...summarise(allCpu), unit: 'ms',
        note: engine === 'postgres' ? 'app process + PostgreSQL server process' : 'app process (PGlite runs in it)',
      });
    } finally {
      if (db !== ds.db) await db.close();
    }
    return out;
  }),
};
