import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  birthDate, chineseName, demoPeople, hangzhouAddress, hangzhouLandline, idCheckCharacter, mobileNumber, mobilePrefixes, regions,
  residentIdNumber, seededRng, surnames,
} from './demo-people.ts';

/**
 * GB 11643 written independently of the generator, as ISO 7064 MOD 11-2 over all 18 characters:
 * with X = 10 and weights 2^(17-i) mod 11 (the check character's weight is 1), a valid number's
 * weighted sum is ≡ 1 (mod 11).
 */
function validByMod11_2(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const value = id[i] === 'X' ? 10 : Number(id[i]);
    let weight = 1;
    for (let k = 0; k < 17 - i; k++) weight = (weight * 2) % 11;
    sum += value * weight;
  }
  return sum % 11 === 1;
}

/** The same check computed a second way: Horner's rule over the first 17 digits, then (12 - r) mod 11. */
function checkByHorner(first17: string): string {
  let r = 0;
  for (const c of first17) r = ((r + Number(c)) * 2) % 11;
  const check = (12 - r) % 11;
  return check === 10 ? 'X' : String(check);
}

const today = new Date('2025-06-15T00:00:00Z');
const people = demoPeople(2000, { seed: 7, today });

describe('the independent GB 11643 check itself', () => {
  it('accepts the published sample numbers and refuses altered ones', () => {
    // samples from GB 11643-1999 and its commentary
    expect(validByMod11_2('11010519491231002X')).toBe(true);
    expect(validByMod11_2('440524188001010014')).toBe(true);
    expect(validByMod11_2('110105194912310021')).toBe(false);
    expect(validByMod11_2('440524188001010015')).toBe(false);
    expect(checkByHorner('11010519491231002')).toBe('X');
    expect(checkByHorner('44052418800101001')).toBe('4');
  });
});

describe('resident ID numbers', () => {
  it('carry a valid check character by MOD 11-2 for every generated person', () => {
    const bad = people.filter((p) => !validByMod11_2(p.idNumber));
    expect(bad).toEqual([]);
    expect(people.every((p) => checkByHorner(p.idNumber.slice(0, 17)) === p.idNumber[17])).toBe(true);
    // some end in X, as about one in eleven real ones do
    expect(people.filter((p) => p.idNumber.endsWith('X')).length).toBeGreaterThan(50);
  });

  it('agree with the generator check digit function for any 17 digits', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
      expect(idCheckCharacter(first17)).toBe(checkByHorner(first17));
      expect(validByMod11_2(first17 + idCheckCharacter(first17))).toBe(true);
    }), { numRuns: 2000 });
  });

  it('hold a real region code, the birth date and the gender of the person', () => {
    const codes = new Set(regions.map((r) => r.code));
    for (const p of people) {
      expect(codes.has(p.idNumber.slice(0, 6)), p.idNumber).toBe(true);
      expect(p.idNumber.slice(6, 14)).toBe(p.birthday.replace(/-/g, ''));
      expect(Number(p.idNumber[16]) % 2 === 1 ? 'male' : 'female').toBe(p.gender);
      expect(p.idNumber.slice(14, 17)).not.toBe('000');
    }
    // most people come from 杭州, some from elsewhere
    const hangzhou = people.filter((p) => p.idNumber.startsWith('3301')).length;
    expect(hangzhou).toBeGreaterThan(people.length / 3);
    expect(people.some((p) => !p.idNumber.startsWith('33'))).toBe(true);
  });

  it('builds numbers for given facts', () => {
    const rng = seededRng(1);
    const id = residentIdNumber(rng, { region: '330106', birthday: '1988-02-29', gender: 'female' });
    expect(id).toMatch(/^33010619880229\d\d[02468][\dX]$/);
    expect(validByMod11_2(id)).toBe(true);
  });
});

describe('birth dates', () => {
  it('are real calendar dates of adults between 22 and 75', () => {
    for (const p of people) {
      const [y, m, d] = p.birthday.split('-').map(Number);
      const date = new Date(Date.UTC(y, m - 1, d));
      expect(date.getUTCMonth() + 1, p.birthday).toBe(m);
      expect(date.getUTCDate(), p.birthday).toBe(d);
      const age = (today.getTime() - date.getTime()) / (365.2425 * 86_400_000);
      expect(age).toBeGreaterThanOrEqual(21.99);
      expect(age).toBeLessThanOrEqual(75.01);
    }
    const ages = people.map((p) => 2025 - Number(p.birthday.slice(0, 4)));
    const middle = ages.filter((a) => a >= 30 && a <= 60).length;
    expect(middle).toBeGreaterThan(people.length / 2);
  });

  it('stay within the bounds for any seed', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      const b = birthDate(seededRng(seed), today, 22, 75);
      expect(b >= '1950-06-14' && b <= '2003-06-16').toBe(true);
    }));
  });
});

describe('names, mobiles, phones and addresses', () => {
  it('gives Chinese names of two to four characters from common surnames', () => {
    const names = surnames.map(([s]) => s);
    for (const p of people) {
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(names.some((s) => p.name.startsWith(s)), p.name).toBe(true);
    }
    // common surnames dominate, and names vary
    expect(people.filter((p) => /^[王李张刘陈]/.test(p.name)).length).toBeGreaterThan(people.length / 5);
    expect(new Set(people.map((p) => p.name)).size).toBeGreaterThan(people.length / 2);
    expect(chineseName(seededRng(3), 'male')).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
  });

  it('gives 11-digit mobiles with real operator prefixes, none twice', () => {
    for (const p of people) {
      expect(p.mobile).toMatch(/^1[3-9]\d{9}$/);
      expect(mobilePrefixes).toContain(p.mobile.slice(0, 3));
    }
    expect(new Set(people.map((p) => p.mobile)).size).toBe(people.length);
    expect(mobileNumber(seededRng(9))).toHaveLength(11);
  });

  it('gives 杭州 landlines and addresses', () => {
    expect(hangzhouLandline(seededRng(2))).toMatch(/^0571-\d{8}$/);
    for (const p of people) {
      expect(p.address).toMatch(/^浙江省杭州市.+区.+\d+号.+\d+幢\d单元\d+室$/);
      if (p.homePhone) expect(p.homePhone).toMatch(/^0571-\d{8}$/);
      if (p.email) expect(p.email).toMatch(/^[a-z0-9]+@[a-z0-9]+\.com$/);
    }
    expect(hangzhouAddress(seededRng(4))).toContain('杭州市');
    expect(people.some((p) => p.homePhone === null) && people.some((p) => p.homePhone !== null)).toBe(true);
  });
});

describe('the people as a whole', () => {
  it('never repeats an ID number, and the same seed gives the same people', () => {
    expect(new Set(people.map((p) => p.idNumber)).size).toBe(people.length);
    expect(demoPeople(50, { seed: 7, today })).toEqual(people.slice(0, 50));
    expect(demoPeople(50, { seed: 8, today })).not.toEqual(people.slice(0, 50));
  });

  it('come from every customer source, owned by the service centre or a sales office', () => {
    expect(new Set(people.map((p) => p.source))).toEqual(new Set(['sales_system', 'property_import', 'manual', 'website']));
    for (const p of people) {
      expect(p.idType).toBe('resident_id');
      if (p.source === 'sales_system') expect(['滨江案场', '西溪案场']).toContain(p.department);
      else expect(p.department).toBe('客服中心');
    }
  });
});
