// Every audit action and object type the server writes has a label in the console, in both
// languages (审计日志 in words, issue 12 item 7). The actions are read from the sources: every
// `action: …, entityType: '…'` of an audit record, conditional actions included, so a new
// recordAudit without a label fails here rather than showing a raw code to staff.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
// the console's catalogues (web/src/locales), loaded by path: they belong to the console's build, not the server's
const locale = async (name: string) => ((await import(pathToFileURL(path.join(srcRoot, '../web/src/locales', name)).href)) as { default: object }).default;
const zhCN = await locale('zh-CN.ts');
const en = await locale('en.ts');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.includes('test-fixtures') ? [p] : [];
  });
}

const code = /'([a-z][A-Za-z]*(?:\.[a-zA-Z]+)+)'/g;

/** Actions and object types written to the audit log, found in the sources. */
export function writtenAuditCodes(files = sourceFiles(srcRoot)) {
  const actions = new Map<string, string>();
  const entityTypes = new Map<string, string>();
  // an audit record: `action: <expression>, entityType: '<type>'` (the expression may be a ternary)
  const record = /action:\s*([^;{}]{1,300}?),\s*entityType:\s*'(\w+)'/g;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const where = path.relative(srcRoot, file);
    for (const m of text.matchAll(record)) {
      for (const a of m[1].matchAll(code)) actions.set(a[1], where);
      entityTypes.set(m[2], where);
    }
  }
  return { actions, entityTypes };
}

/** Names of the system's own actors (jobs, first start, CLI), recorded in English. */
function systemActorNames(files = sourceFiles(srcRoot)) {
  const names = new Map<string, string>();
  const actor = /systemActor\('([^']+)'\)|kind: 'system', id: null, name: '([^']+)'/g;
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(actor)) names.set(m[1] ?? m[2], path.relative(srcRoot, file));
  }
  return names;
}

const label = (messages: object, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], messages);

describe('audit log labels', () => {
  const { actions, entityTypes } = writtenAuditCodes();

  it('finds the audit records of every module in the sources', () => {
    // a scan that found nothing would pass everything
    expect(actions.size).toBeGreaterThan(100);
    for (const a of ['customer.create', 'complaint.close', 'merchant.create', 'card.loss', 'card.upgrade', 'points.adjustment', 'auth.signIn']) expect(actions.has(a), a).toBe(true);
    for (const e of ['complaint', 'merchant', 'card', 'pointsEntry', 'user']) expect(entityTypes.has(e), e).toBe(true);
  });

  it('names every action in Chinese and English', () => {
    const missing = [...actions].flatMap(([a, file]) =>
      [['zh-CN', zhCN], ['en', en]].filter(([, m]) => typeof label(m as object, `auditAction.${a}`) !== 'string').map(([lang]) => `${a} (${file}) — ${lang as string}`));
    expect(missing).toEqual([]);
  });

  it('names every object type in Chinese and English', () => {
    const missing = [...entityTypes].flatMap(([e, file]) =>
      [['zh-CN', zhCN], ['en', en]].filter(([, m]) => typeof label(m as object, `entityType.${e}`) !== 'string').map(([lang]) => `${e} (${file}) — ${lang as string}`));
    expect(missing).toEqual([]);
  });

  it("names the system's own actors (first start, jobs, command line) in Chinese and English", () => {
    const names = systemActorNames();
    expect(names.has('first start')).toBe(true);
    const missing = [...names].flatMap(([n, file]) =>
      [['zh-CN', zhCN], ['en', en]].filter(([, m]) => typeof (label(m as object, 'audit.systemActor') as Record<string, unknown>)?.[n] !== 'string').map(([lang]) => `${n} (${file}) — ${lang as string}`));
    expect(missing).toEqual([]);
  });
});
