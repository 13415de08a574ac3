// The member export (`npm run bench export`): GET /api/v1/members/export of every member — 1M on
// PostgreSQL (100k on PGlite) — as CSV and as XLSX, through the HTTP API of a fresh server process
// per case, the file read and counted by the client without keeping it. Measured: time to the first
// byte and to the last, rows/s, and the server's peak resident memory (VmHWM of the process; on
// PGlite the bench process itself, which holds the WASM database). Target: peak RSS ≤ 300 MB.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { rows, sql } from '../src/db/index.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { createUser } from '../src/modules/auth/service.ts';
import { signInTo, startServer } from '../test/helpers/server.ts';
import { eachDataset, type Dataset } from './generate.ts';
import { serve } from './serve.ts';
import { judge, type BenchRow, type Scenario } from './run.ts';

const rssTarget = 300;

/** Peak resident memory of a process (VmHWM), MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Downloads url, counting bytes and line breaks, keeping nothing. */
function download(url: string, cookie: string): Promise<{ status: number; bytes: number; lines: number; firstByteMs: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { cookie, 'accept-language': 'zh-CN' } }, (res) => {
      let bytes = 0;
      let lines = 0;
      let firstByteMs = NaN;
      res.on('data', (chunk: Buffer) => {
        if (!bytes) firstByteMs = performance.now() - t0;
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, lines, firstByteMs, ms: performance.now() - t0 }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** A server of the data set for one case: a fresh process on PostgreSQL (its own peak memory), the bench process on PGlite. */
async function server(ds: Dataset): Promise<{ base: string; pid: number; stop(): Promise<void> }> {
  if (ds.engine === 'postgres') {
    const s = await startServer(ds.url!, { CLUBCRM_JOBS: 'off', LOG_LEVEL: 'error' });
    return { base: s.url, pid: s.child.pid!, stop: () => s.kill() };
  }
  const s = await serve(ds);
  return { base: s.base, pid: process.pid, stop: () => s.stop() };
}

export const scenario: Scenario = {
  name: 'export',
  description: 'the member export (GET /members/export) of every member as CSV and XLSX: time and server peak RSS',
  run: (opts) => eachDataset(opts, async (ds, sizeNote) => {
    const out: BenchRow[] = [];
    const { engine, size: { members: size } } = ds;
    const [{ members }] = await rows<{ members: number }>(ds.db.db, sql`SELECT count(*)::int AS members FROM members`);
    await ds.db.transaction(async (tx) => {
      const [u] = await rows(tx, sql`SELECT 1 FROM users WHERE login = 'bench_export_xixi'`);
      if (!u) await createUser(tx, systemActor('bench'), { login: 'bench_export_xixi', name: '西溪案场销售', password: 'Harbour-lamp-42', roleCodes: ['sales'], department: '西溪案场' });
    });
    const cases = [
      { label: 'members export, CSV, every member (administrator)', query: 'format=csv', login: undefined, password: undefined, csv: true },
      { label: 'members export, XLSX, every member (administrator)', query: 'format=xlsx', login: undefined, password: undefined, csv: false },
      { label: 'members export, CSV, a 案场 (department scope)', query: 'format=csv', login: 'bench_export_xixi', password: 'Harbour-lamp-42', csv: true },
    ];
    for (const c of cases) {
      const s = await server(ds);
      try {
        const { cookie } = await signInTo(s.base, c.login, c.password);
        const before = peakRssMb(s.pid);
        const r = await download(`${s.base}/api/v1/members/export?${c.query}`, cookie);
        if (r.status !== 200) throw new Error(`${c.label}: HTTP ${r.status}`);
        const rss = peakRssMb(s.pid);
        const seconds = r.ms / 1000;
        const rowsOut = c.csv ? r.lines - 1 : null;
        if (c.csv && !c.login && rowsOut !== members) throw new Error(`${c.label}: ${rowsOut} rows for ${members} members`);
        const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
        const note = `${sizeNote}; ${rowsOut != null ? `${rowsOut.toLocaleString('en')} rows, ` : ''}${(r.bytes / 1e6).toFixed(0)} MB, ` +
          `first byte ${r.firstByteMs.toFixed(0)} ms, ${rowsOut != null ? `${Math.round(rowsOut / seconds).toLocaleString('en')} rows/s, ` : ''}` +
          `RSS ${before} MB before → peak ${rss} MB; load average ${load}`;
        const one = (v: number, unit: 'ms' | 's') => ({ n: 1, p50: v, p95: v, p99: v, max: v, unit });
        out.push({ engine, size, case: `${c.label}: time to the last byte`, ...one(Math.round(seconds * 10) / 10, 's'), note });
        const rssRow: BenchRow = { engine, size, case: `${c.label}: server peak RSS`, ...one(rss, 's'), unit: 'MB' as BenchRow['unit'] /* bench/run.ts knows ms and s only */, note: engine === 'pglite' ? `${note}; the bench process (PGlite in-process)` : note };
        out.push(engine === 'postgres' ? judge(rssRow, { metric: 'value', value: rss, unit: 'MB', label: 'peak RSS', atMost: rssTarget }) : rssRow);
        opts.log(`  ${engine} ${c.label}: ${seconds.toFixed(1)} s, ${note}`);
      } finally {
        await s.stop();
      }
    }
    return out;
  }),
};
