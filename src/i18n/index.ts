// Server-side messages in zh-CN (default) and en. Each module keeps its own catalogue
// in messages.ts; they are merged here so a code means one thing everywhere.
import { z } from 'zod';
import { messages as common } from './common.ts';

export type Lang = 'zh-CN' | 'en';
export type Catalogue = Record<string, { 'zh-CN': string; en: string }>;

const catalogue: Catalogue = { ...common };

/** Modules call this once at import time with their own messages. */
export function registerMessages(m: Catalogue): void {
  // One key, one meaning: two modules giving one key different texts would make messages
  // depend on import order, so that fails at start-up instead.
  for (const [key, text] of Object.entries(m)) {
    const had = catalogue[key];
    if (had && (had['zh-CN'] !== text['zh-CN'] || had.en !== text.en)) {
      throw new Error(`message ${key} registered twice with different texts: ${JSON.stringify(had)} / ${JSON.stringify(text)}`);
    }
    catalogue[key] = text;
  }
}

export function hasMessage(key: string): boolean {
  return key in catalogue;
}

/** Looks up a message and fills {name} placeholders. Unknown keys come back as themselves. */
export function t(lang: Lang, key: string, params: Record<string, unknown> = {}): string {
  const entry = catalogue[key];
  const text = entry ? entry[lang] : key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (params[k] === undefined ? `{${k}}` : String(params[k])));
}

/** Picks zh-CN or en from an Accept-Language header. */
export function pickLanguage(header: string | undefined, fallback: Lang): Lang {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return fallback;
}

const zodLocales = { 'zh-CN': z.locales.zhCN(), en: z.locales.en() };

/** A zod issue in the reader's language. Custom issues carry a catalogue key as their message. */
export function localiseIssue(lang: Lang, issue: z.core.$ZodIssue & { input?: unknown }): string {
  if (issue.code === 'custom' || hasMessage(issue.message)) {
    return t(lang, issue.message, (issue as { params?: Record<string, unknown> }).params);
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return t(lang, 'validation.required');
  if (issue.code === 'unrecognized_keys') return t(lang, 'validation.unknownFields', { keys: issue.keys.join(', ') });
  return zodLocales[lang].localeError(issue as never) as string;
}

/** A field's name for people ("证件号码" / "ID number"); falls back to the API name. */
export function fieldLabel(lang: Lang, field: string): string {
  const key = `field.${field.split('.').pop()}`;
  return hasMessage(key) ? t(lang, key) : field;
}
