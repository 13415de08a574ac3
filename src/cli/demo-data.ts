// `clubcrm demo-data`: fills a database with realistic zh-CN demo staff and customers, so a
// newcomer sees a working club at once. Safe to run twice: existing staff are left as they are.
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { rows, sql } from '../db/index.ts';
import { systemActor } from '../modules/auth/actor.ts';
import { createUser, generatePassword } from '../modules/auth/service.ts';
import { demoPeople, type DemoPerson } from './demo-people.ts';

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
}

export interface DemoDataResult {
  staff: (DemoStaff & { id: number; created: boolean })[];
  /** the password of the staff created by this run; null when every account existed already */
  staffPassword: string | null;
  /** the generated customers (names, ID numbers, mobiles, addresses…) */
  people: DemoPerson[];
  /** how many of them were stored as customer records */
  customersCreated: number;
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

  // ───── CUSTOMERS: to be written by the customers module (src/modules/customers) ─────
  // `people` are generated but not stored yet. Each is shaped like CustomerInput
  // (name, gender, birthday, idType 'resident_id', idNumber, mobile, homePhone, email,
  // address, source = a customer_source code, department = 客服中心 / 滨江案场 / 西溪案场).
  // Insert them here in bulk through the customers service (ID numbers encrypted with
  // cryptoFor(config)), owned by a staff member of their department from `result`, and
  // set customersCreated to the number stored.
  void config;
  const customersCreated = 0;
  // ─────────────────────────────────────────────────────────────────────────────────────

  return { staff: result, staffPassword: result.some((s) => s.created) ? password : null, people, customersCreated };
}

/** What the CLI prints after loading demo data. */
export function describeDemoData(r: DemoDataResult): string {
  const lines = ['Demo staff (login — name — department — roles):'];
  for (const s of r.staff) lines.push(`  ${s.login.padEnd(10)} ${s.name}  ${s.department}  ${s.roles.join(', ')}${s.created ? '' : '  (already there, unchanged)'}`);
  if (r.staffPassword) lines.push(`Password of the new demo staff: ${r.staffPassword}`);
  lines.push(`Demo customers: ${r.people.length} generated, ${r.customersCreated} stored.`);
  return lines.join('\n');
}
