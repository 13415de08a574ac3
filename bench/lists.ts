// Member and customer list and search pages (`npm run bench lists`) at 1M members / 10M ledger
// entries on PostgreSQL (100k / 1M on PGlite): the requests the console's 会员列表 and 客户查询 pages
// send (GET /api/v1/members and /api/v1/customers: pages, filters, the search box with a name, a
// two-character name, pinyin, a mobile, a member / card / ID number), through the HTTP API of a
// real server process on the generated data set, one request at a time. Target: p95 ≤ 50 ms.
import os from 'node:os';
import { rows, sql } from '../src/db/index.ts';
import { makeCrypto } from '../src/pii.ts';
import { testSecret } from '../test/helpers/db.ts';
import { eachDataset, type Dataset } from './generate.ts';
import { serve, workerCounts, type Served } from './serve.ts';
import { judge, summarise, type BenchRow, type Scenario } from './run.ts';

const target = { metric: 'p95', atMost: 50 } as const;

interface Sample { id: number; member_no: string; name: string; name_pinyin: string; mobile: string | null; id_number_enc: string; card_no: string; department: string }

function seeded(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

async function samples(ds: Dataset, count: number): Promise<Sample[]> {
  const rand = seeded(11);
  const ids = Array.from({ length: count }, () => 1 + Math.floor(rand() * ds.size.members));
  return rows<Sample>(ds.db.db, sql`
    SELECT m.id, m.member_no, c.name, c.name_pinyin, c.mobile, c.id_number_enc, k.card_no, coalesce(c.department, '') AS department
    FROM members m JOIN customers c ON c.id = m.customer_id JOIN cards k ON k.member_id = m.id AND k.kind = 'main' AND k.status = 'active'
    WHERE m.id = ANY(${sql.param(ids)}::int[]) ORDER BY m.id`);
}

type Check = (body: any, s: Sample) => boolean;
interface Case { label: string; path: (s: Sample, k: number) => string; check?: Check; as?: 'sales' }

const q = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
const hasMember: Check = (b, s) => b.items?.some((m: { id: number }) => m.id === s.id);
/** every member found has the text in their name, and there is one */
const namesContain = (text: (s: Sample) => string): Check => (b, s) => b.total > 0 && b.items.every((m: { name: string }) => m.name.includes(text(s)));
const lastTwo = (s: Sample) => [...s.name].slice(-2).join('');
const hasCustomer: Check = (b, s) => b.items?.some((c: { memberId: number | null }) => c.memberId === s.id);

function cases(ds: Dataset): Case[] {
  const pii = makeCrypto(testSecret);
  const month = (k: number) => {
    const d = new Date(Date.UTC(2021 + (k % 4), k % 12, 1));
    const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    return { joinedFrom: d.toISOString().slice(0, 10), joinedTo: end.toISOString().slice(0, 10) };
  };
  const memberFilters: Record<string, string | number>[] = [
    { status: 'leaving' }, { channel: 'sales_office' }, { level: 'vip' }, { noticeStatus: 'unreached' }, { subChannel: 'event' },
    { status: 'active', channel: 'service_center', level: 'vip' }, { status: 'archived' }, { channel: 'automatic' },
  ];
  const customerFilters: Record<string, string | number>[] = [
    { department: '西溪案场' }, { source: 'property_import' }, { isBuyer: 'true' }, { tag: '高净值' }, { project: '良渚·未来城' },
    { isMember: 'false' }, { department: '客服中心', isBuyer: 'false' },
  ];
  const deep = Math.max(2, Math.floor(ds.size.members / 10 / 20)); // offset at a tenth of the list
  return [
    { label: 'members: first page', path: () => `/api/v1/members?${q({ page: 1, pageSize: 20 })}` },
    { label: 'members: pages 2–50', path: (_s, k) => `/api/v1/members?${q({ page: 2 + (k * 7) % 49, pageSize: 20 })}` },
    { label: `members: deep page (offset ${(deep * 20).toLocaleString('en')})`, path: (_s, k) => `/api/v1/members?${q({ page: deep + k, pageSize: 20 })}` },
    { label: 'members: filters (status, channel, level, notice, joined month)', path: (_s, k) => `/api/v1/members?${q({ page: 1, pageSize: 20, ...(k % 3 === 2 ? month(k) : memberFilters[k % memberFilters.length]) })}` },
    { label: 'members: search a name', path: (s) => `/api/v1/members?${q({ q: s.name })}`, check: namesContain((s) => s.name) },
    { label: 'members: search two characters of a name', path: (s) => `/api/v1/members?${q({ q: lastTwo(s) })}`, check: namesContain(lastTwo) },
    { label: 'members: search pinyin', path: (s) => `/api/v1/members?${q({ q: s.name_pinyin.replace(/ /g, '') })}` },
    { label: 'members: search a mobile', path: (s) => `/api/v1/members?${q({ q: s.mobile ?? '13800000000' })}`, check: (b, s) => !s.mobile || hasMember(b, s) },
    { label: 'members: search a member number', path: (s) => `/api/v1/members?${q({ q: s.member_no })}`, check: hasMember },
    { label: 'members: search a card number', path: (s) => `/api/v1/members?${q({ q: s.card_no })}`, check: hasMember },
    { label: 'members: search an ID number', path: (s) => `/api/v1/members?${q({ q: pii.decrypt(s.id_number_enc) })}`, check: hasMember },
    { label: 'members: a sales office (department scope), first page', path: () => `/api/v1/members?${q({ page: 1, pageSize: 20 })}`, as: 'sales' },
    { label: 'members: a sales office, search a name', path: (s) => `/api/v1/members?${q({ q: s.name })}`, as: 'sales' },
    { label: 'customers: first page', path: () => `/api/v1/customers?${q({ page: 1, pageSize: 20 })}` },
    { label: 'customers: pages 2–50', path: (_s, k) => `/api/v1/customers?${q({ page: 2 + (k * 7) % 49, pageSize: 20 })}` },
    { label: 'customers: filters (department, source, buyer, tag, project)', path: (_s, k) => `/api/v1/customers?${q({ page: 1, pageSize: 20, ...customerFilters[k % customerFilters.length] })}` },
    { label: 'customers: search a name', path: (s) => `/api/v1/customers?${q({ q: s.name })}`, check: (b, s) => b.items?.[0]?.name === s.name },
    { label: 'customers: search a mobile', path: (s) => `/api/v1/customers?${q({ q: s.mobile ?? '13800000000' })}`, check: (b, s) => !s.mobile || hasCustomer(b, s) },
    { label: 'customers: search the last 4 digits of a mobile', path: (s) => `/api/v1/customers?${q({ q: (s.mobile ?? '13800000000').slice(-4) })}` },
    { label: 'customers: search an ID number', path: (s) => `/api/v1/customers?${q({ q: pii.decrypt(s.id_number_enc) })}`, check: hasCustomer },
  ];
}

const CLIENTS = 8;

/**
 * Every case's requests (the admin's) from CLUBCRM clients at once: requests per second and latency
 * of the server as it is (its worker count), to compare one worker with one per core.
 */
async function throughput(served: Served, ds: Dataset, list: Sample[], perCase: number, sizeNote: string): Promise<BenchRow> {
  const admin = await served.client(undefined, undefined, CLIENTS);
  const paths = cases(ds).filter((c) => c.as !== 'sales').flatMap((c) => Array.from({ length: perCase }, (_, k) => c.path(list[k % list.length], k)));
  for (const p of paths.slice(0, 2 * CLIENTS)) await admin.get(p); // warm-up (a new server's connections and plans)
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    for (let i = next++; i < paths.length; i = next++) {
      const t0 = performance.now();
      const r = await admin.get(paths[i]);
      times.push(performance.now() - t0);
      if (r.status !== 200) throw new Error(`${paths[i]}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const rate = paths.length / seconds;
  return {
    engine: ds.engine, size: ds.size.members, case: `all list and search requests, ${CLIENTS} clients at once, ${served.workers} worker${served.workers > 1 ? 's' : ''}`,
    ...summarise(times), unit: 'ms',
    note: `${sizeNote}; ${rate.toFixed(1)} requests/s; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${os.cpus().length} CPUs`,
  };
}

export const scenario: Scenario = {
  name: 'lists',
  description: 'member and customer list and search pages through the HTTP API (GET /members, /customers), one request at a time',
  run: (opts) => eachDataset(opts, async (ds, sizeNote) => {
    const out: BenchRow[] = [];
    const perCase = Number(process.env.BENCH_QUERIES ?? 30);
    const { engine, size: { members: size } } = ds;
    const served = await serve(ds);
    try {
      const admin = await served.client();
      const sales = await served.officeClient();
      const list = await samples(ds, perCase);
      const xixi = list.filter((s) => s.department === '西溪案场');
      for (let k = 0; k < 20; k++) await admin.get(`/api/v1/members?${q({ page: 1 + k, pageSize: 20 })}`); // warm-up
      const all: number[] = [];
      for (const c of cases(ds)) {
        // each case warmed up first (its indexes read once), as on a server in use
        for (let k = 0; k < 3; k++) await (c.as === 'sales' ? sales : admin).get(c.path(list[(perCase - 1 - k + list.length) % list.length], perCase + k));
        const times: number[] = [];
        let checked = 0;
        let passed = 0;
        let totals = 0;
        const pool = c.as === 'sales' && xixi.length ? xixi : list;
        for (let k = 0; k < perCase; k++) {
          const s = pool[k % pool.length];
          const client = c.as === 'sales' ? sales : admin;
          const t0 = performance.now();
          const r = await client.get(c.path(s, k));
          times.push(performance.now() - t0);
          if (r.status !== 200) throw new Error(`${c.label}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
          totals += r.body.total;
          if (c.check) {
            checked++;
            if (c.check(r.body, s)) passed++;
          }
        }
        all.push(...times);
        const note = [`${sizeNote}`, `~${Math.round(totals / perCase).toLocaleString('en')} matches`, checked ? `found ${Math.round((passed / checked) * 100)} %` : ''].filter(Boolean).join('; ');
        out.push(judge({ engine, size, case: c.label, ...summarise(times), unit: 'ms', note }, target));
        opts.log(`  ${engine} ${c.label}: p50 ${out.at(-1)!.p50} ms, p95 ${out.at(-1)!.p95} ms (${note})`);
        if (checked && passed < checked) opts.log(`  WARNING ${c.label}: the searched member was missing from ${checked - passed} of ${checked} replies`);
      }
      out.push(judge({
        engine, size, case: 'all list and search requests', ...summarise(all), unit: 'ms',
        note: `${sizeNote}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${os.cpus().length} CPUs`,
      }, target));
      out.push(await throughput(served, ds, list, perCase, sizeNote));
    } finally {
      await served.stop();
    }
    // the same mix from 8 clients at once with one server process per core (`clubcrm serve --workers N`, PostgreSQL)
    for (const n of workerCounts(engine).filter((w) => w > 1)) {
      const many = await serve(ds, { workers: n });
      try {
        out.push(await throughput(many, ds, await samples(ds, perCase), perCase, sizeNote));
      } finally {
        await many.stop();
      }
    }
    return out;
  }),
};
