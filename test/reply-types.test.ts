// Replies are type-checked: through the zod type provider of `App` (src/http/context.ts) a route
// handler must return what its `response[200]` schema declares, so a reply that drifts from the
// OpenAPI document fails `npm run typecheck`. Two guards keep it so:
//  - at type level (checked by `npm run typecheck`, which covers test/): the drifting handlers
//    below must each be refused — were the check lost (an untyped App, a provider without reply
//    types), every `@ts-expect-error` would be unused and the typecheck would fail;
//  - at run time (this test): no route file silences the check by casting what a handler returns.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../src/http/context.ts';
import { isoDate, paged } from '../src/http/schemas.ts';

const root = join(import.meta.dirname, '..');

/** Every file that registers routes: src/modules/<m>/routes.ts and *-routes.ts, src/jobs/routes.ts. */
function routeFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/(^|-)routes\.ts$/.test(e.name)) out.push(p);
    }
  };
  walk(join(root, 'src/modules'));
  walk(join(root, 'src/jobs'));
  return out;
}

describe('route handlers reply what their schema declares', () => {
  it('no route file casts a reply or an instance past the check (as never, as any, as unknown as)', () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(15);
    const casts = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').flatMap((line, i) =>
      /\bas (never|any)\b|\bas unknown as\b/.test(line) ? [`${relative(root, f)}:${i + 1}: ${line.trim()}`] : []));
    expect(casts).toEqual([]);
  });
});

// ---------- type level: each drifting reply below is refused by the typecheck ----------

const status = z.enum(['active', 'lost']);
const card = z.object({ id: z.number(), cardNo: z.string(), status, issuedAt: isoDate, note: z.string().nullable() });
interface CardRow { id: number; cardNo: string; status: string; issuedAt: Date; note: string | null }

export function replyTypeChecks(app: App, row: CardRow) {
  const good = { id: 1, cardNo: 'A001', status: 'active' as const, issuedAt: new Date(), note: null };
  // what the schema declares: accepted (a wider object too: the schema's fields are what count)
  app.get('/ok', { schema: { response: { 200: card } } }, async () => ({ ...good, extra: true }));
  app.get('/ok-list', { schema: { response: { 200: paged(card) } } }, async () => ({ items: [good], total: 1, page: 1, pageSize: 20 }));

  // @ts-expect-error a field the schema requires is missing
  app.get('/missing', { schema: { response: { 200: card } } }, async () => ({ id: 1, cardNo: 'A001', status: 'active' as const, issuedAt: new Date() }));
  // @ts-expect-error a value outside the schema's enum
  app.get('/enum', { schema: { response: { 200: card } } }, async () => ({ ...good, status: 'stolen' as const }));
  // @ts-expect-error a database row whose text column is not typed as the enum (drizzle: text(...).$type<...>())
  app.get('/row', { schema: { response: { 200: card } } }, async () => row);
  // @ts-expect-error isoDate takes a Date, not a string already formatted
  app.get('/date', { schema: { response: { 200: card } } }, async () => ({ ...good, issuedAt: '2026-01-01T00:00:00Z' }));
  // @ts-expect-error a list's items are checked too (paged())
  app.get('/list', { schema: { response: { 200: paged(card) } } }, async () => ({ items: [{ ...good, cardNo: 1 }], total: 1, page: 1, pageSize: 20 }));
  // @ts-expect-error a list without its paging fields
  app.get('/unpaged', { schema: { response: { 200: paged(card) } } }, async () => ({ items: [good] }));
  // a plugin's own instance (app.register) starts without the type provider: routes there take it back first
  app.register(async (scoped) => {
    // @ts-expect-error checked inside a plugin too
    scoped.withTypeProvider<ZodTypeProvider>().get('/scoped', { schema: { response: { 200: card } } }, async () => ({ ...good, status: 'stolen' as const }));
  });
}
