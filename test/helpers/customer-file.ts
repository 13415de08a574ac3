// A realistic zh-CN customer file for imports (benchmarks, reliability tests): names by real
// surname frequency, valid GB 11643 ID numbers (region, birth date, sequence, check digit), unique
// mobiles, some home phones, e-mails, addresses, tags; about 1 % bad rows (wrong check digit, bad
// mobile, bad e-mail, impossible birthday, no name), about 1 % repeating an earlier row's ID number,
// 0.5 % an earlier row's mobile without an ID number, and 0.5 % the ID number of one of the
// customers already on file (seedExisting). Every row is the same on every run.
import fs from 'node:fs';
import http from 'node:http';
import type { Db } from '../../src/db/index.ts';
import { makeCrypto } from '../../src/pii.ts';
import { systemActor } from '../../src/modules/auth/actor.ts';
import { insertCustomers, type NewCustomer } from '../../src/modules/customers/bulk.ts';
import { normalisePerson } from '../../src/modules/customers/service.ts';
import { nameTables, residentId } from '../../bench/people.ts';
import { testSecret } from './db.ts';

export const EXISTING = 10_000;
const regions: [string, string][] = [
  ['330106', '浙江省杭州市西湖区'], ['330105', '浙江省杭州市拱墅区'], ['330108', '浙江省杭州市滨江区'], ['330102', '浙江省杭州市上城区'],
  ['330110', '浙江省杭州市余杭区'], ['330203', '浙江省宁波市海曙区'], ['330302', '浙江省温州市鹿城区'], ['110105', '北京市朝阳区'],
  ['110108', '北京市海淀区'], ['310115', '上海市浦东新区'], ['310104', '上海市徐汇区'], ['440305', '广东省深圳市南山区'],
  ['440106', '广东省广州市天河区'], ['320102', '江苏省南京市玄武区'], ['320505', '江苏省苏州市虎丘区'], ['510107', '四川省成都市武侯区'],
  ['420106', '湖北省武汉市武昌区'], ['610113', '陕西省西安市雁塔区'], ['370202', '山东省青岛市市南区'], ['350203', '福建省厦门市思明区'],
];
const roads = ['文三路', '莫干山路', '教工路', '天目山路', '延安路', '解放路', '凤起路', '江南大道', '滨盛路', '中山路', '人民路', '建设路'];
const mobilePrefixes = ['139', '138', '137', '136', '135', '150', '158', '159', '186', '188', '133', '153', '177', '180', '189', '199'];
const tagSets = ['VIP', '老业主', '车主、高净值', '意向客户', '亲子'];
const names = nameTables();
const GIVEN = names.givenChars.length;
const BIRTH_DAYS = 20_000; // 1950-01-01 … 2004-10
const day0 = Date.UTC(1950, 0, 1);

function seeded(seed: number) {
  // murmur3's finaliser first, so neighbouring seeds start far apart
  let x = Math.imul(seed ^ (seed >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x = (x ^ (x >>> 16)) >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** Person number i, the same every run: a unique valid ID number and a unique mobile. */
function person(i: number, rand: () => number) {
  const [region, place] = regions[i % regions.length];
  const birthDate = new Date(day0 + (Math.floor(i / regions.length) % BIRTH_DAYS) * 86_400_000);
  const birth = birthDate.toISOString().slice(0, 10).replace(/-/g, '');
  const id = residentId(region, birth, Math.floor(i / (regions.length * BIRTH_DAYS)) * 2 + (Math.floor(i / regions.length) % 2)); // sequence parity: gender
  const surname = names.surnameChars[Math.floor(rand() * 1000)];
  const name = surname + names.givenChars[Math.floor(rand() * GIVEN)] + (rand() < 0.75 ? names.givenChars[Math.floor(rand() * GIVEN)] : '');
  const mobile = mobilePrefixes[i % mobilePrefixes.length] + String((i * 48_271 + 12_345) % 100_000_000).padStart(8, '0');
  return { id, name, mobile, place, female: id[16] !== undefined && Number(id[16]) % 2 === 0 };
}

export type RowKind = 'valid' | 'bad' | 'dupId' | 'dupExisting' | 'dupMobile';
export function kindOf(i: number): RowKind {
  if (i < 2000) return 'valid';
  const r = (i * 7919) % 1000;
  return r < 10 ? 'bad' : r < 20 ? 'dupId' : r < 25 ? 'dupExisting' : r < 30 ? 'dupMobile' : 'valid';
}
/** The nearest valid row before i (its person is in the file exactly once). */
function earlierValid(i: number): number {
  let j = i - 1 - (i % 700);
  while (kindOf(j) !== 'valid') j--;
  return j;
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Writes the CSV; returns what the import must find in it. */
export async function writeCustomersCsv(file: string, size: number) {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('\uFEFF姓名,性别,出生日期,证件类型,证件号码,手机,家庭电话,邮箱,地址,来源,标签,备注\n');
  const counts = { valid: 0, bad: 0, dupId: 0, dupExisting: 0, dupMobile: 0 };
  let buf = '';
  for (let i = 0; i < size; i++) {
    const rand = seeded(i + 1);
    const kind = kindOf(i);
    counts[kind]++;
    let p = person(i, rand);
    let idNumber = p.id;
    let idType = rand() < 0.3 ? '居民身份证' : '';
    let mobile = p.mobile;
    let email = rand() < 0.2 ? `u${i}@${rand() < 0.5 ? '163.com' : 'qq.com'}` : '';
    let birthday = '';
    let name = p.name;
    if (kind === 'dupId') idNumber = person(earlierValid(i), seeded(earlierValid(i) + 1)).id;
    if (kind === 'dupExisting') idNumber = person(size + (i % EXISTING), seeded(size + (i % EXISTING) + 1)).id;
    if (kind === 'dupMobile') { mobile = person(earlierValid(i), seeded(earlierValid(i) + 1)).mobile; idNumber = ''; idType = ''; }
    if (kind === 'bad') {
      switch (i % 5) {
        case 0: idNumber = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'); break;
        case 1: mobile = mobile.slice(0, 7); break;
        case 2: email = `u${i}#example.com`; break;
        case 3: birthday = '1990-02-30'; break;
        default: name = ''; break;
      }
    }
    const home = rand() < 0.3 ? `0571-${String(80_000_000 + ((i * 7) % 10_000_000))}` : '';
    const address = `${p.place}${roads[i % roads.length]} ${1 + (i % 399)} 号 ${1 + (i % 30)} 幢 ${1 + (i % 28)}0${1 + (i % 4)} 室`;
    const tags = rand() < 0.1 ? tagSets[i % tagSets.length] : '';
    const source = rand() < 0.05 ? '营销系统' : '';
    const gender = rand() < 0.5 ? (p.female ? '女' : '男') : '';
    buf += [name, gender, birthday, idType, idNumber, mobile, home, email, address, source, tags, i % 50 === 0 ? '2019 年活动登记' : ''].map(csvCell).join(',') + '\n';
    if (buf.length > 256 * 1024) { await write(buf); buf = ''; }
  }
  await write(buf);
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  return { ...counts, customers: counts.valid, duplicates: counts.dupId + counts.dupExisting + counts.dupMobile, errors: counts.bad };
}

/** The customers already on file whose ID numbers 0.5 % of the rows repeat (file row i repeats person size + i % EXISTING). */
export async function seedExisting(db: Db, size: number) {
  const pii = makeCrypto(testSecret);
  const types = new Set(['resident_id']);
  for (let lo = 0; lo < EXISTING; lo += 5000) {
    const list: NewCustomer[] = [];
    for (let k = lo; k < Math.min(EXISTING, lo + 5000); k++) {
      const p = person(size + k, seeded(size + k + 1));
      list.push({ person: normalisePerson({ name: p.name, idNumber: p.id }, types).person, source: 'sales_system', ownerId: null, department: null });
    }
    await db.transaction((tx) => insertCustomers(tx, systemActor('bench'), pii, list, (id) => ({ action: 'customer.create', entityType: 'customer', entityId: id, facts: { bench: true } })));
  }
}


/** POSTs the file as a stream (never read into this process's memory). */
export function uploadFile(base: string, cookie: string, file: string, query: string): Promise<{ status: number; body: any }> {
  const url = new URL(`/api/v1/customers/import${query}`, base);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST',
      headers: { cookie, 'content-type': 'text/csv', 'content-length': fs.statSync(file).size },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try { resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }); } catch { resolve({ status: res.statusCode ?? 0, body: text }); }
      });
    });
    req.on('error', reject);
    fs.createReadStream(file).pipe(req);
  });
}

