// What people type, made comparable before it is stored, hashed or looked up: one function per
// kind of identifier (mobiles, landlines, ID numbers, card numbers), used by the routes' zod
// schemas (src/http/schemas.ts), the services, the imports and the website / sales-system APIs.
//
// Chinese keyboards often type full-width characters (１３８, Ｘ, ＋８６, －, the ideographic
// space): NFKC folds them to ASCII first. Then the separators people put between digits go:
// white space of any width and hyphens or dashes of any length.

/** Full-width letters, digits, signs and spaces folded to their ASCII forms (Unicode NFKC). */
export function foldWidth(raw: string): string {
  return raw.normalize('NFKC');
}

/** White space of any kind, hyphen-minus, the Unicode hyphens and dashes, minus sign, katakana prolonged mark. */
const spacesAndDashes = /[\s\u00ad\u2010-\u2015\u2212\u30fc\ufe58\ufe63\uff0d-]/gu;

/** Folded, without spaces and dashes: the common first step of every identifier below. */
function compact(raw: string): string {
  return foldWidth(raw).replace(spacesAndDashes, '');
}

/**
 * A mobile as typed, cleaned but not checked: folded, without spaces, dashes, dots and brackets,
 * without the +86 / 0086 / 86 country prefix of a mainland number. Stays as typed otherwise.
 */
export function cleanMobile(raw: string): string {
  const s = compact(raw).replace(/[().]/g, '');
  const m = /^(?:\+86|0086|86)(1\d{10})$/.exec(s);
  return m ? m[1] : s;
}

/** 11-digit mainland mobile (see cleanMobile), or null when the text is not one. */
export function normaliseMobile(raw: string): string | null {
  const s = cleanMobile(raw);
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

/**
 * A landline (or any phone) as digits only, area code kept: full-width digits folded; a +86 / 0086
 * country prefix becomes the domestic 0 of the area code (+86 21 5555 6666 → 02155556666), a
 * mainland mobile given as a phone loses it.
 */
export function normalisePhone(raw: string): string {
  const s = foldWidth(raw).trim();
  const digits = s.replace(/\D/g, '');
  const intl = /^(?:\+\s*86|0086)/.test(s);
  if (!intl) return digits;
  const national = digits.replace(/^(?:0086|86)/, '');
  return /^1[3-9]\d{9}$/.test(national) || national.startsWith('0') ? national : `0${national}`;
}

/** An ID number's stored and hashed form: folded, without spaces and dashes, letters upper case (x → X). */
export function normaliseIdNumber(raw: string): string {
  return compact(raw).toUpperCase();
}

/** A card number as printed, typed or swiped: folded, without spaces and dashes, letters upper case. */
export function normaliseCardNo(raw: string): string {
  return compact(raw).toUpperCase();
}

/** A search box's text: folded (full-width digits and letters match what is stored), trimmed. */
export function normaliseSearch(raw: string): string {
  return foldWidth(raw).trim();
}
