// Search helpers shared by complaints and merchants: fuzzy text that works for Chinese and
// Latin text alike, and time bounds read in the company's time zone.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { companyDate } from '../../dates.ts';

const cjk = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Words of a search: split on white space and punctuation (Chinese punctuation included). */
export function searchTokens(q: string): string[] {
  return q
    .split(/[\s,.;:!?'"()[\]{}<>\\/|，。；：！？、“”‘’（）《》【】]+/u)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 8);
}

function likePattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Overlapping two-character pieces of a Chinese word: 天花漏水 → 天花, 花漏, 漏水. */
export function bigrams(word: string): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return [...new Set(out)];
}

/**
 * A fuzzy match of every word of q in column, and a score to rank by.
 * - a word found as it is (ILIKE, served by the pg_trgm GIN index from 3 characters) matches;
 * - a Latin word of 4+ letters also matches when trigram word similarity ≥ 0.4 (typos: leeking ~ leaking);
 * - a Chinese word of 3+ characters also matches when half of its two-character pieces and three
 *   quarters of its characters occur (天花漏水 ~ 天花板漏水, 瑜伽课 ~ 瑜伽体验课). pg_trgm alone cannot do this: a run of Chinese characters is one
 *   "word" to it, so a short word inside a long sentence shares no trigrams with it.
 */
export function fuzzyText(column: AnyPgColumn | SQL, q: string): { where: SQL; score: SQL } | null {
  const tokens = searchTokens(q);
  if (!tokens.length) return null;
  const conds: SQL[] = [];
  const scores: SQL[] = [];
  for (const tok of tokens) {
    const exact = sql`${column} ILIKE ${likePattern(tok)}`;
    const alts: SQL[] = [exact];
    if (cjk.test(tok)) {
      const pieces = bigrams(tok);
      const chars = [...new Set([...tok])];
      if (pieces.length >= 2) {
        const hits = sql.join(pieces.map((p) => sql`(${column} ILIKE ${likePattern(p)})::int`), sql` + `);
        const charHits = sql.join(chars.map((c) => sql`(${column} ILIKE ${likePattern(c)})::int`), sql` + `);
        alts.push(sql`((${hits}) >= ${Math.ceil(pieces.length * 0.5)} AND (${charHits}) >= ${Math.ceil(chars.length * 0.75)})`);
        scores.push(sql`((${hits})::real / ${pieces.length})`);
      }
    } else if ([...tok].length >= 4) {
      alts.push(sql`word_similarity(${tok}, ${column}) >= 0.4`);
      scores.push(sql`word_similarity(${tok}, ${column})`);
    }
    scores.push(sql`(CASE WHEN ${exact} THEN 1 ELSE 0 END)`);
    conds.push(alts.length > 1 ? sql`(${sql.join(alts, sql` OR `)})` : exact);
  }
  return { where: sql.join(conds, sql` AND `), score: sql`(${sql.join(scores, sql` + `)})` };
}


/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return companyDate(timeZone, at);
}

/** An instant as people of the company read it: 2025-03-14 18:00 (company time zone). */
export function localDateTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}
