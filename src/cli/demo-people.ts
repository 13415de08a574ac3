// Realistic zh-CN demo people for `clubcrm demo-data`: names from common surnames and given
// names, 18-digit resident ID numbers (GB 11643: real region codes, real birth dates, MOD 11-2
// check digit), 11-digit mobiles with real operator prefixes, addresses and landlines in 杭州.
// Pure functions over a seeded random source, so the same seed gives the same people.
import { pinyin } from 'pinyin-pro';

/** A random source in [0, 1). */
export type Rng = () => number;

/** mulberry32: small, fast, good enough for demo data; the same seed gives the same sequence. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randomInt = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];

/** Picks by weight: [[value, weight], …]. */
export function pickWeighted<T>(rng: Rng, list: readonly (readonly [T, number])[]): T {
  const total = list.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of list) {
    r -= w;
    if (r < 0) return v;
  }
  return list[list.length - 1][0];
}

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => randomInt(rng, 0, 9)).join('');

// ---------- names ----------

/** The commonest surnames with their rough share (per mille) of the population; 沈/钱/楼/俞 are frequent in 浙江. */
export const surnames: readonly (readonly [string, number])[] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 45], ['杨', 31], ['黄', 22], ['赵', 20], ['吴', 20], ['周', 19],
  ['徐', 13], ['孙', 13], ['马', 12], ['朱', 12], ['胡', 11], ['郭', 11], ['何', 10], ['高', 9], ['林', 9], ['罗', 9],
  ['郑', 8], ['梁', 8], ['谢', 7], ['宋', 7], ['唐', 7], ['许', 7], ['韩', 6], ['冯', 6], ['邓', 6], ['曹', 6],
  ['彭', 5], ['曾', 5], ['肖', 5], ['田', 5], ['董', 5], ['袁', 5], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['沈', 4], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3], ['任', 3],
  ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3], ['范', 3], ['金', 3],
  ['钱', 2], ['方', 2], ['邵', 2], ['俞', 2], ['楼', 1], ['应', 1], ['童', 1], ['严', 2], ['孔', 1], ['毛', 1],
  ['欧阳', 0.5], ['上官', 0.2], ['司马', 0.2], ['诸葛', 0.1],
];

const givenFirst = {
  male: ['子', '浩', '宇', '俊', '志', '建', '文', '家', '明', '国', '海', '永', '晓', '天', '嘉', '泽', '博', '思', '一', '立', '振', '卫'],
  female: ['欣', '雨', '思', '佳', '晓', '诗', '梦', '婉', '静', '丽', '美', '雅', '紫', '若', '可', '一', '秀', '玉', '春', '慧', '晶', '丹'],
} as const;
const givenSecond = {
  male: ['轩', '然', '航', '杰', '强', '华', '博', '豪', '远', '阳', '新', '栋', '康', '东', '峰', '涛', '宁', '辉', '磊', '伟', '斌', '军'],
  female: ['怡', '婷', '涵', '琪', '雯', '然', '瑶', '萱', '妍', '颖', '洁', '丽', '芳', '敏', '娜', '娟', '英', '霞', '燕', '琳', '萍', '红'],
} as const;

export type Gender = 'male' | 'female';

/** A Chinese name: a common surname and a one- or two-character given name fitting the gender. */
export function chineseName(rng: Rng, gender: Gender): string {
  const surname = pickWeighted(rng, surnames);
  const given = rng() < 0.3 ? pick(rng, givenSecond[gender]) : pick(rng, givenFirst[gender]) + pick(rng, givenSecond[gender]);
  return surname + given;
}

// ---------- resident ID numbers (GB 11643-1999) ----------

/** County-level region codes (GB/T 2260) as they appear on ID cards; older ones (下城区, 江干区, 富阳市…) stay on cards issued before the reforms. */
export const regions: readonly { code: string; name: string }[] = [
  // 杭州
  { code: '330102', name: '浙江省杭州市上城区' }, { code: '330103', name: '浙江省杭州市下城区' }, { code: '330104', name: '浙江省杭州市江干区' },
  { code: '330105', name: '浙江省杭州市拱墅区' }, { code: '330106', name: '浙江省杭州市西湖区' }, { code: '330108', name: '浙江省杭州市滨江区' },
  { code: '330109', name: '浙江省杭州市萧山区' }, { code: '330110', name: '浙江省杭州市余杭区' }, { code: '330122', name: '浙江省桐庐县' },
  { code: '330127', name: '浙江省淳安县' }, { code: '330182', name: '浙江省建德市' }, { code: '330183', name: '浙江省富阳市' },
  { code: '330185', name: '浙江省临安市' },
  // 浙江 other cities
  { code: '330203', name: '浙江省宁波市海曙区' }, { code: '330206', name: '浙江省宁波市北仑区' }, { code: '330281', name: '浙江省余姚市' },
  { code: '330302', name: '浙江省温州市鹿城区' }, { code: '330381', name: '浙江省瑞安市' }, { code: '330402', name: '浙江省嘉兴市南湖区' },
  { code: '330481', name: '浙江省海宁市' }, { code: '330502', name: '浙江省湖州市吴兴区' }, { code: '330602', name: '浙江省绍兴市越城区' },
  { code: '330681', name: '浙江省诸暨市' }, { code: '330702', name: '浙江省金华市婺城区' }, { code: '330782', name: '浙江省义乌市' },
  { code: '330802', name: '浙江省衢州市柯城区' }, { code: '330902', name: '浙江省舟山市定海区' }, { code: '331002', name: '浙江省台州市椒江区' },
  { code: '331081', name: '浙江省温岭市' }, { code: '331102', name: '浙江省丽水市莲都区' },
  // elsewhere
  { code: '110105', name: '北京市朝阳区' }, { code: '310104', name: '上海市徐汇区' }, { code: '310115', name: '上海市浦东新区' },
  { code: '320106', name: '江苏省南京市鼓楼区' }, { code: '320583', name: '江苏省昆山市' }, { code: '340104', name: '安徽省合肥市蜀山区' },
  { code: '360102', name: '江西省南昌市东湖区' }, { code: '350203', name: '福建省厦门市思明区' }, { code: '410105', name: '河南省郑州市金水区' },
  { code: '420106', name: '湖北省武汉市武昌区' }, { code: '430104', name: '湖南省长沙市岳麓区' }, { code: '440304', name: '广东省深圳市福田区' },
  { code: '500103', name: '重庆市渝中区' }, { code: '510107', name: '四川省成都市武侯区' }, { code: '370202', name: '山东省青岛市市南区' },
  { code: '610113', name: '陕西省西安市雁塔区' }, { code: '230103', name: '黑龙江省哈尔滨市南岗区' },
];

const regionWeight = (code: string) => (code.startsWith('3301') ? 12 : code.startsWith('33') ? 3 : 1.5);
const weightedRegions = regions.map((r) => [r, regionWeight(r.code)] as const);

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 11643 check character of the first 17 digits: Σ(digit × weight) mod 11 → "10X98765432". */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * idWeights[i];
  return '10X98765432'[sum % 11];
}

/**
 * An 18-digit resident ID number: region code, birth date (YYYYMMDD), a three-digit sequence
 * whose last digit is odd for men and even for women, and the check character.
 */
export function residentIdNumber(rng: Rng, p: { region: string; birthday: string; gender: Gender }): string {
  const seq = randomInt(rng, 0, 49) * 2 + (p.gender === 'male' ? 1 : 0); // 0..99, parity by gender
  // order codes start at 001
  const order = String(randomInt(rng, seq < 2 ? 1 : 0, 9)) + String(seq).padStart(2, '0');
  const first17 = p.region + p.birthday.replace(/-/g, '') + order;
  return first17 + idCheckCharacter(first17);
}

/** A birth date (YYYY-MM-DD) of someone between minAge and maxAge years old on `today`, most of them 30–55. */
export function birthDate(rng: Rng, today: Date, minAge = 22, maxAge = 75): string {
  // a triangular spread peaking in the early forties: the age of most home buyers
  const age = minAge + (maxAge - minAge) * ((rng() + rng()) / 2);
  const ms = today.getTime() - age * 365.2425 * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

// ---------- phones, addresses, e-mail ----------

/** Mobile prefixes of 中国移动, 中国联通 and 中国电信. */
export const mobilePrefixes: readonly string[] = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '172', '178', '182', '183', '184', '187', '188', '195', '197', '198',
  '130', '131', '132', '145', '155', '156', '166', '175', '176', '185', '186', '196',
  '133', '149', '153', '173', '177', '180', '181', '189', '190', '191', '193', '199',
];

export function mobileNumber(rng: Rng): string {
  return pick(rng, mobilePrefixes) + digits(rng, 8);
}

/** A 杭州 landline: area code 0571 and eight digits. */
export function hangzhouLandline(rng: Rng): string {
  return `0571-${pick(rng, ['85', '86', '87', '88', '89', '56', '28'])}${digits(rng, 6)}`;
}

/** Districts of 杭州 with real roads in each. */
export const hangzhouStreets: Record<string, readonly string[]> = {
  上城区: ['解放路', '庆春路', '望江路', '复兴路', '秋涛路', '凤起东路'],
  拱墅区: ['莫干山路', '湖墅南路', '香积寺路', '丽水路', '上塘路', '登云路'],
  西湖区: ['文三路', '文二路', '天目山路', '古墩路', '西溪路', '紫金港路'],
  滨江区: ['江南大道', '滨盛路', '长河路', '江虹路', '网商路', '闻涛路'],
  萧山区: ['市心路', '金城路', '北干路', '建设一路', '皓月路'],
  余杭区: ['文一西路', '五常大道', '良睦路', '龙潭路', '古墩路'],
  临平区: ['迎宾路', '人民大道', '世纪大道', '藕花洲大街'],
  钱塘区: ['学林街', '文海南路', '海达路', '金沙大道'],
};
const estatePrefixes = ['金色', '绿城', '翠苑', '锦绣', '和家', '春江', '御景', '滨江', '西溪', '钱江', '望湖', '桂花', '云栖', '蓝庭'];
const estateSuffixes = ['花园', '公寓', '家园', '府', '苑', '华庭', '名邸', '雅苑', '新城', '里'];

/** An address in 杭州: district, road and number, estate, building, unit and flat. */
export function hangzhouAddress(rng: Rng): string {
  const district = pick(rng, Object.keys(hangzhouStreets));
  const road = pick(rng, hangzhouStreets[district]);
  const floor = randomInt(rng, 1, 32);
  const flat = `${floor}${String(randomInt(rng, 1, 4)).padStart(2, '0')}`;
  return `浙江省杭州市${district}${road}${randomInt(rng, 1, 999)}号${pick(rng, estatePrefixes)}${pick(rng, estateSuffixes)}${randomInt(rng, 1, 28)}幢${randomInt(rng, 1, 4)}单元${flat}室`;
}

/** An e-mail built from the name's pinyin (or a QQ number), at a common mail provider. */
export function emailFor(rng: Rng, name: string, birthday: string): string {
  if (rng() < 0.3) return `${randomInt(rng, 10000, 99999)}${digits(rng, randomInt(rng, 0, 5))}@qq.com`;
  const py = pinyin(name, { toneType: 'none', type: 'array' }).join('').replace(/ü/g, 'v').toLowerCase();
  const suffix = pick(rng, ['', birthday.slice(2, 4), birthday.slice(5, 7) + birthday.slice(8, 10), String(randomInt(rng, 1, 999))]);
  return `${py}${suffix}@${pick(rng, ['163.com', '126.com', 'sina.com', 'hotmail.com', 'gmail.com', 'foxmail.com'])}`;
}

// ---------- people ----------

/** A person shaped like the customers module's input (CustomerInput), plus where they came from. */
export interface DemoPerson {
  name: string;
  gender: Gender;
  birthday: string;
  idType: 'resident_id';
  idNumber: string;
  mobile: string;
  homePhone: string | null;
  email: string | null;
  address: string;
  /** dictionary customer_source */
  source: 'sales_system' | 'property_import' | 'manual' | 'website';
  /** the owning department: a sales office for sales-system prospects, else the service centre */
  department: '客服中心' | '滨江案场' | '西溪案场';
}

export function demoPerson(rng: Rng, today: Date): DemoPerson {
  const gender: Gender = rng() < 0.5 ? 'male' : 'female';
  const name = chineseName(rng, gender);
  const birthday = birthDate(rng, today);
  const region = pickWeighted(rng, weightedRegions).code;
  const source = pickWeighted(rng, [['sales_system', 50], ['property_import', 20], ['manual', 25], ['website', 5]] as const);
  return {
    name,
    gender,
    birthday,
    idType: 'resident_id',
    idNumber: residentIdNumber(rng, { region, birthday, gender }),
    mobile: mobileNumber(rng),
    homePhone: rng() < 0.35 ? hangzhouLandline(rng) : null,
    email: rng() < 0.6 ? emailFor(rng, name, birthday) : null,
    address: hangzhouAddress(rng),
    source,
    department: source === 'sales_system' ? (rng() < 0.5 ? '滨江案场' : '西溪案场') : '客服中心',
  };
}

/** `count` distinct people (no two share an ID number or a mobile); the same seed gives the same people. */
export function demoPeople(count: number, opts: { seed?: number; today?: Date } = {}): DemoPerson[] {
  const rng = seededRng(opts.seed ?? 20_240_601);
  const today = opts.today ?? new Date();
  const ids = new Set<string>();
  const mobiles = new Set<string>();
  const out: DemoPerson[] = [];
  while (out.length < count) {
    const p = demoPerson(rng, today);
    if (ids.has(p.idNumber) || mobiles.has(p.mobile)) continue;
    ids.add(p.idNumber);
    mobiles.add(p.mobile);
    out.push(p);
  }
  return out;
}
