// Rules for people's identifiers: mainland ID numbers (GB 11643-1999, MOD 11-2 check digit,
// birth date), mobiles and phones. Pure functions, used by validation and matching.

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

// The normalisers of what people type (full-width digits, spaces, dashes, +86) live in one place
// for every module: src/normalise.ts.
export { normaliseIdNumber, normaliseMobile, normalisePhone } from '../../normalise.ts';

export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return checkChars[sum % 11];
}

export type IdProblem = 'validation.idNumber.format' | 'validation.idNumber.checksum' | 'validation.idNumber.birthDate' | 'validation.idNumber.region';

/** Why a mainland resident ID number is wrong, or null when it is right. Input must be normalised. */
export function residentIdProblem(id: string, today = new Date()): IdProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'validation.idNumber.format';
  if (!/^[1-8]\d/.test(id) || id.slice(0, 2) === '00') return 'validation.idNumber.region';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date > today) {
    return 'validation.idNumber.birthDate';
  }
  if (idCheckDigit(id.slice(0, 17)) !== id[17]) return 'validation.idNumber.checksum';
  return null;
}

/** Birth date and gender carried by a valid resident ID number. */
export function residentIdFacts(id: string): { birthday: string; gender: 'male' | 'female' } {
  return {
    birthday: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}
