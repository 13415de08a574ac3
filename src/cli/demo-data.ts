// `clubcrm demo-data`: fills a database with realistic zh-CN demo staff and customers and two years
// of club life (demo-club.ts), so a newcomer sees a working club at once. Safe to run twice:
// existing staff and customers are left as they are, and a club that has members gets no history.
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { rows, sql } from '../db/index.ts';
import { systemActor } from '../modules/auth/actor.ts';
import { createUser, generatePassword } from '../modules/auth/service.ts';
import { cryptoFor } from '../main.ts';
import type { Crypto } from '../pii.ts';
import { AppError } from '../http/errors.ts';
import { customersByIdHash, insertCustomers, insertOldProjectPurchases, BULK_CHUNK } from '../modules/customers/bulk.ts';
import { addPayment, createPurchase } from '../modules/customers/purchases.ts';
import { normalisePerson } from '../modules/customers/service.ts';
import { loadDemoClub, type DemoClubResult } from './demo-club.ts';
import { demoPeople, pick, randomInt, seededRng, type DemoPerson } from './demo-people.ts';

export interface DemoStaff { login: string; name: string; department: string; roles: string[]; email: string; mobile: string }

/** The club's staff: the customer-service centre (客服中心) and two sales offices (案场), each with a manager. */
export const demoStaff: readonly DemoStaff[] = [
  { login: 'wangli', name: '王丽', department: '客服中心', roles: ['service'], email: 'wangli@club.example.cn', mobile: '13857101201' },
  { login: 'chenmin', name: '陈敏', department: '客服中心', roles: ['service'], email: 'chenmin@club.example.cn', mobile: '13957101202' },
  { login: 'zhoujing', name: '周静', department: '客服中心', roles: ['service'], email: 'zhoujing@club.example.cn', mobile: '15067101203' },
  { login: 'xujianguo', name: '徐建国', department: '客服中心', roles: ['service', 'manager'], email: 'xujianguo@club.example.cn', mobile: '13905711204' },
  { login: 'liuqiang', name: '刘强', department: '滨江案场', roles: ['sales'], email: 'liuqiang@club.example.cn', mobile: '18657101205' },
  { login: 'yangfan', name: '杨帆', department: '滨江案场', roles: ['sales'], email: 'yangfan@club.example.cn', mobile: '18767101206' },
  { login: 'huanglei', name: '黄磊', department: '滨江案场', roles: ['sales', 'manager'], email: 'huanglei@club.example.cn', mobile: '13606711207' },
  { login: 'zhaoyan', name: '赵燕', department: '西溪案场', roles: ['sales'], email: 'zhaoyan@club.example.cn', mobile: '15157101208' },
  { login: 'sunhao', name: '孙浩', department: '西溪案场', roles: ['sales'], email: 'sunhao@club.example.cn', mobile: '17757101209' },
  { login: 'zhuhong', name: '朱红', department: '西溪案场', roles: ['sales', 'manager'], email: 'zhuhong@club.example.cn', mobile: '13758101210' },
];

export interface DemoDataOptions {
  /** how many demo customers to generate */
  customers: number;
  /** the same seed gives the same people */
  seed?: number;
  /** password of the demo staff; generated (and reported once) when not given */
  staffPassword?: string;
  /** staff and customers only, without the club's history */
  withoutClub?: boolean;
}

export interface DemoDataResult {
  staff: (DemoStaff & { id: number; created: boolean })[];
  /** the password of the staff created by this run; null when every account existed already */
  staffPassword: string | null;
  /** the generated customers (names, ID numbers, mobiles, addresses…) */
  people: DemoPerson[];
  /** how many of them were stored as customer records (people already on file are skipped) */
  customersCreated: number;
  /** purchases recorded for them: sales of the two sales offices' projects and old projects' units */
  purchasesCreated: number;
  /** sales paid in full (the "purchase fully paid" event fired for each) */
  fullyPaid: number;
  /** the club's two years (members, cards, points, activities, care, complaints, merchants), or null when not asked */
  club: DemoClubResult | null;
}

export async function loadDemoData(db: Db, config: Config, opts: DemoDataOptions): Promise<DemoDataResult> {
  const actor = systemActor('demo-data');
  const password = opts.staffPassword ?? generatePassword();
  const result = await db.transaction(async (tx) => {
    const staff: DemoDataResult['staff'] = [];
    for (const s of demoStaff) {
      const [existing] = await rows<{ id: number }>(tx, sql`SELECT id FROM users WHERE login = ${s.login}`);
      if (existing) {
        staff.push({ ...s, id: existing.id, created: false });
        continue;
      }
      const u = await createUser(tx, actor, { login: s.login, name: s.name, department: s.department, email: s.email, mobile: s.mobile, password, roleCodes: s.roles });
      staff.push({ ...s, id: u.id, created: true });
    }
    return staff;
  });

  const people = demoPeople(Math.max(0, Math.floor(opts.customers)), { seed: opts.seed, today: new Date() });

  const seed = opts.seed ?? 20_240_601;
  const pii = cryptoFor(config);
  const stored = await storeDemoCustomers(db, pii, people, result, seed);
  const club = opts.withoutClub ? null : await loadDemoClub(db, config, pii, { people, staff: result, seed });
  return { staff: result, staffPassword: result.some((s) => s.created) ? password : null, people, ...stored, club };
}

/** What the CLI prints after loading demo data. */
export function describeDemoData(r: DemoDataResult): string {
  const lines = ['Demo staff (login — name — department — roles):'];
  for (const s of r.staff) lines.push(`  ${s.login.padEnd(10)} ${s.name}  ${s.department}  ${s.roles.join(', ')}${s.created ? '' : '  (already there, unchanged)'}`);
  if (r.staffPassword) lines.push(`Password of the new demo staff: ${r.staffPassword}`);
  lines.push(`Demo customers: ${r.people.length} generated, ${r.customersCreated} stored; ${r.purchasesCreated} purchases (${r.fullyPaid} fully paid).`);
  const c = r.club;
  if (c?.skipped) lines.push(`Club history not loaded: ${c.skipped}.`);
  else if (c) {
    lines.push(
      `Club history (two years): ${c.members} members (${Object.entries(c.levels).map(([l, n]) => `${l} ${n}`).join(', ')}; ${c.upgraded} upgraded, ${c.subCards} sub cards), ${c.leaveRequests} leave requests;`,
      `  ${c.activities} activities with ${c.participants} participations; redemptions ${c.redemptions.delivered} delivered, ${c.redemptions.cancelled} cancelled, ${c.redemptions.waiting} waiting;`,
      `  care ${c.care.actions} actions (${c.care.done} done, ${c.care.toDo} to do); complaints ${c.complaints.pending} pending, ${c.complaints.processing} processing, ${c.complaints.done} done;`,
      `  ${c.merchants} merchants, ${c.services} services used ${c.serviceUses} times; jobs run: ${Object.entries(c.jobs).map(([j, out]) => `${j} ${JSON.stringify(out)}`).join('; ')}`,
    );
  }
  return lines.join('\n');
}

// ---------- demo customers and their purchases ----------

/** The sales offices' current projects, and old projects whose owners came from property management. */
const salesProjects: Record<string, string> = { 滨江案场: '滨江壹号', 西溪案场: '西溪云庐' };
const oldProjects = ['金色家园', '翠苑新村', '湖畔花园', '枫桥雅苑'] as const;
/** At most this many sales go through the full sale rules (application, payments, fully-paid event) per run. */
const MAX_DEMO_SALES = 300;

const fen = (yuanAmount: number) => Math.round(yuanAmount) * 100;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Stores the people as customers, in multi-row inserts per 5,000 (each chunk its own transaction,
 * so the embedded database stays responsive), owned by a staff member of their department.
 * Old-project owners get their unit, imported as paid off; part of the sales system's people have
 * bought in their sales office's project — those sales go through the customers service like any
 * other (buyer flag, automatic membership application, payments, fully-paid event).
 */
async function storeDemoCustomers(db: Db, pii: Crypto, people: DemoPerson[], staff: DemoDataResult['staff'], seed: number) {
  const actor = systemActor('demo-data');
  const rng = seededRng(seed + 1);
  const idTypes = new Set(['resident_id']);
  const staffOf = (department: string) => staff.filter((s) => s.department === department);
  let customersCreated = 0;
  let purchasesCreated = 0;
  let fullyPaid = 0;
  const buyers: { customerId: number; department: string; ownerId: number }[] = [];
  for (let start = 0; start < people.length; start += BULK_CHUNK) {
    const chunk = people.slice(start, start + BULK_CHUNK).map((p, i) => {
      const { person } = normalisePerson(p, idTypes);
      const team = staffOf(p.department);
      return { p, person, hash: pii.lookupHash(person.idNumber!), ownerId: team[(start + i) % team.length].id, buys: p.source === 'sales_system' && rng() < 0.6 };
    });
    await db.transaction(async (tx) => {
      const known = await customersByIdHash(tx, chunk.map((c) => c.hash));
      const fresh = chunk.filter((c) => !known.has(c.hash));
      const ids = await insertCustomers(tx, actor, pii, fresh.map((c) => ({
        person: c.person, source: c.p.source, ownerId: c.ownerId, department: c.p.department, isBuyer: c.p.source === 'property_import',
        tags: c.p.source === 'property_import' ? ['老业主'] : c.buys ? [] : rng() < 0.3 ? ['意向强'] : [],
      })), (id, c) => ({ action: 'customer.create', entityType: 'customer', entityId: id, facts: { source: c.source, department: c.department, loadedBy: 'demo-data' } }));
      customersCreated += ids.length;
      const owners = fresh.map((c, i) => ({ c, id: ids[i] })).filter((x) => x.c.p.source === 'property_import');
      await insertOldProjectPurchases(tx, actor, owners.map(({ id }) => {
        const signed = new Date(Date.UTC(randomInt(rng, 2003, 2016), randomInt(rng, 0, 11), randomInt(rng, 1, 28)));
        return {
          customerId: id, project: pick(rng, oldProjects), unit: `${1 + (id % 12)}-${100 + (Math.floor(id / 12) % 3000)}`,
          contractNo: `WY-${signed.getUTCFullYear()}-${String(id).padStart(6, '0')}`, contractDate: isoDay(signed), priceFen: fen(randomInt(rng, 80, 350) * 10_000), note: null,
        };
      }), (id, p) => ({ action: 'purchase.import', entityType: 'purchase', entityId: id, facts: { customerId: p.customerId, project: p.project, unit: p.unit, status: 'paid_off', origin: 'property_import', loadedBy: 'demo-data' } }));
      purchasesCreated += owners.length;
      fresh.forEach((c, i) => { if (c.buys) buyers.push({ customerId: ids[i], department: c.p.department, ownerId: c.ownerId }); });
    });
  }

  // Sales: one transaction each, through the same rules as the console and the sales system.
  for (const b of buyers.slice(0, MAX_DEMO_SALES)) {
    const signed = new Date(Date.now() - randomInt(rng, 20, 700) * 86_400_000);
    const priceFen = fen(randomInt(rng, 150, 680) * 10_000);
    const plan = rng();
    try {
      await db.transaction(async (tx) => {
        const p = await createPurchase(tx, actor, b.customerId, {
          project: salesProjects[b.department], unit: `${1 + (b.customerId % 18)}-${101 + Math.floor(b.customerId / 18)}`,
          contractNo: `XS-${signed.getUTCFullYear()}-${String(b.customerId).padStart(6, '0')}`, contractDate: isoDay(signed), priceFen, status: 'contracted',
        });
        purchasesCreated++;
        if (plan < 0.2) return; // contract signed, nothing received yet
        const down = Math.round((priceFen * 0.3) / 100) * 100;
        await addPayment(tx, actor, p.id, { amountFen: down, paidAt: new Date(signed.getTime() + 3 * 86_400_000), receiptNo: `SJ-${p.id}-1` });
        if (plan < 0.6) return; // down payment only: the mortgage is still to come
        const rest = await addPayment(tx, actor, p.id, { amountFen: priceFen - down, paidAt: new Date(signed.getTime() + 15 * 86_400_000), receiptNo: `SJ-${p.id}-2`, note: '按揭放款' });
        if (rest.purchase.fullyPaidAt) fullyPaid++;
      });
    } catch (e) {
      // a unit already sold in an earlier run's data: this person stays a prospect
      if (!(e instanceof AppError && e.code === 'UNIT_ALREADY_SOLD')) throw e;
    }
  }
  return { customersCreated, purchasesCreated, fullyPaid };
}
