// The forms of a person's name that duplicate screening and name search compare (issue 11, items
// 9 and 10), computed when a name is written and stored beside it:
//
//  - nameSimplified: the name in simplified characters (OpenCC's traditional → mainland table,
//    opencc-js), so 張偉 and 张伟 are the same name to search and to the review's candidates.
//  - nameKeys: the sound of the whole name, toneless pinyin syllables joined by spaces, one key per
//    reading: two names sound alike when their key sets share a key. Built from pinyin-pro's reading
//    of every character (not a list of sound-alike characters), so it holds for every character in
//    both directions: the relation "shares a key" is symmetric by construction.
//      · the surname (first character) is read as a surname (曾 zeng, 单 shan, 解 xie, 区 ou, 乐 yue)
//        and kept exact: 陈 chen and 程 cheng are different families;
//      · each given-name character contributes its usual reading and its other readings
//        (polyphones: 乐 le / yue), at most three, blurred by the fuzzy pinyin people mishear and
//        mistype (模糊音: zh/z, ch/c, sh/s, n/l, ang/an, eng/en, ing/in), so 张珊 "zhang shan" and
//        张三 "zhang san" share "zhang san";
//      · at most eight keys per name (the usual readings first).
//    Each character's part depends on the character and whether it is the first only, so the keys of
//    a generated name can be built from its characters' parts (bench/generate.ts does).
//    A name that is not all Chinese characters (John Smith) has one key: its letters, lower-cased.
import { pinyin, polyphonic } from 'pinyin-pro';
import * as OpenCC from 'opencc-js/t2cn';
import { rows, sql, type Db } from '../../db/index.ts';

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/** Readings kept per given-name character, and keys per name. */
const readingsPerChar = 3;
export const maxNameKeys = 8;

const isHan = (ch: string) => /\p{Script=Han}/u.test(ch);

/** The name in simplified characters, NFKC-normalised (full-width letters, compatibility ideographs), trimmed. */
export function simplifiedName(name: string): string {
  return toSimplified(name.normalize('NFKC').trim());
}

/**
 * Fuzzy pinyin (模糊音) of one syllable, as people mishear and mistype names: zh/z, ch/c, sh/s,
 * n/l at the start; ang/an, eng/en, ing/in at the end. shan → san, ning → lin.
 */
export function fuzzySyllable(syllable: string): string {
  return syllable
    .replace(/^([zcs])h/, '$1')
    .replace(/^n(?=[aeiouv])/, 'l')
    .replace(/([aei])ng$/, '$1n');
}

const plain = (syllable: string) => syllable.toLowerCase().replace(/ü/g, 'v');

const surnames = new Map<string, string>();
/** The first character's part of the keys: its reading as a surname (曾 zeng, 单 shan, 区 ou), exact. */
export function surnameSyllable(ch: string): string {
  let r = surnames.get(ch);
  if (r === undefined) {
    r = plain(pinyin(ch, { toneType: 'none', type: 'array', surname: 'head' })[0] ?? ch);
    surnames.set(ch, r);
  }
  return r;
}

const givens = new Map<string, string[]>();
/** A given-name character's part of the keys: its usual reading, then its other readings (polyphones), fuzzy, at most three. */
export function givenSyllables(ch: string): string[] {
  let r = givens.get(ch);
  if (!r) {
    const usual = pinyin(ch, { toneType: 'none', type: 'array' })[0] ?? ch;
    const others = polyphonic(ch, { toneType: 'none', type: 'array' })[0] ?? [];
    r = [...new Set([usual, ...others].map((x) => fuzzySyllable(plain(x))))].slice(0, readingsPerChar);
    givens.set(ch, r);
  }
  return r;
}

/** The options of each position of an all-Chinese name. */
function keyParts(chars: string[]): string[][] {
  return chars.map((ch, i) => (i === 0 ? [surnameSyllable(ch)] : givenSyllables(ch)));
}

/** The sound keys of a name (see the top of this file); [] for an empty name. */
export function nameKeys(name: string): string[] {
  const chars = [...simplifiedName(name).replace(/\s+/g, '')];
  if (!chars.length) return [];
  if (!chars.every(isHan)) return [chars.join('').toLowerCase()];
  let keys = [''];
  for (const options of keyParts(chars)) {
    keys = keys.flatMap((k) => options.map((o) => (k ? `${k} ${o}` : o))).slice(0, maxNameKeys);
  }
  return keys;
}

/** Whether two names sound alike: their key sets share a key (symmetric). */
export function soundAlike(a: string, b: string): boolean {
  const keys = new Set(nameKeys(a));
  return nameKeys(b).some((k) => keys.has(k));
}

/** Both stored forms of a name, memoised (an import of a million people has far fewer distinct names). */
export function nameForms(name: string): { nameSimplified: string; nameKeys: string[] } {
  let f = formsOf.get(name);
  if (!f) {
    f = { nameSimplified: simplifiedName(name), nameKeys: nameKeys(name) };
    if (formsOf.size >= 50_000) formsOf.clear();
    formsOf.set(name, f);
  }
  return f;
}
const formsOf = new Map<string, { nameSimplified: string; nameKeys: string[] }>();

/**
 * Fills the name forms of rows written before they existed (migration 0027_name_forms added the
 * columns; SQL cannot compute them): chunks of rows whose name_keys is null, found through a
 * partial index that is empty once they are filled, each chunk one multi-row UPDATE in its own
 * transaction. Runs at every start (one look-up of an empty index when there is nothing to do).
 * Used for customers here and for applications by membership (fillApplicationNameForms).
 */
export async function fillMissingNameForms(db: Pick<Db, 'transaction'>, table: 'customers' | 'applications', chunk = 2000): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const list = await rows<{ id: number; name: string }>(tx, sql`
        SELECT id, name FROM ${sql.identifier(table)} WHERE name_keys IS NULL ORDER BY id LIMIT ${chunk} FOR UPDATE SKIP LOCKED`);
      if (!list.length) return 0;
      const forms = list.map((r) => nameForms(r.name));
      await tx.execute(sql`
        UPDATE ${sql.identifier(table)} t SET name_simplified = u.simplified, name_keys = string_to_array(u.keys, E'\\x1f')
        FROM unnest(${sql.param(list.map((r) => r.id))}::int[], ${sql.param(forms.map((f) => f.nameSimplified))}::text[],
                    ${sql.param(forms.map((f) => f.nameKeys.join('\u001f')))}::text[]) AS u(id, simplified, keys)
        WHERE t.id = u.id`);
      return list.length;
    });
    done += n;
    if (n < chunk) return done;
  }
}
