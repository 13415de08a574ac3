// Valid (GB 11643) resident ID numbers for tests, made the way the real ones are.
import { idCheckDigit } from '../../src/modules/customers/identity.ts';

/** An 18-character resident ID: region (6 digits), birth date (YYYYMMDD), sequence (3 digits), check digit. */
export function residentId(birth = '19900307', seq = 123, region = '330106'): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

/** A valid resident ID whose check character is X (written lower-case, it must come back upper-case). */
export function residentIdEndingInX(birth = '19850612', region = '330102'): string {
  for (let seq = 0; seq < 1000; seq++) {
    const id = residentId(birth, seq, region);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no sequence gives X');
}

/** The same ID with a wrong check digit. */
export function withWrongCheckDigit(id: string): string {
  const wrong = id[17] === '1' ? '2' : '1';
  return id.slice(0, 17) + wrong;
}
