// Reading a whole list for an export: pages of ids below the last one seen (keyset), newest
// first, never by offset (offset 900 000 reads 900 000 rows) and never counted.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

export interface ListPage {
  page: number;
  pageSize: number;
  /** an export's page: ids below this one (null: from the newest), ordered by id, not counted */
  before?: number | null;
}

export const exportPageSize = 2000;

/** Whether the list is being read for an export. */
export const isExportPage = (q: ListPage) => q.before !== undefined;

/** The keyset condition of an export's page (none for a screen's page or the first export page). */
export const beforeId = (id: SQLWrapper, q: ListPage): SQL | undefined => (q.before ? sql`${id} < ${q.before}` : undefined);

/** The list's own order on a screen, the id (newest first) for an export. */
export const listOrder = (id: SQLWrapper, q: ListPage, screen: SQL[]): SQL[] => (isExportPage(q) ? [sql`${id} DESC`] : screen);

/** The total of a screen's page; an export does not count (-1). */
export const totalUnlessExport = async (q: ListPage, count: () => Promise<[{ total: number }]>) => (isExportPage(q) ? [{ total: -1 }] : count());

/**
 * Every row of a list, page after page: `page(before)` is the module's list query with
 * `{ page: 1, pageSize: exportPageSize, before }`.
 */
export async function* keysetRows<R extends { id: number }>(page: (before: number | null) => Promise<{ items: R[] }>): AsyncGenerator<R> {
  let before: number | null = null;
  for (;;) {
    const { items } = await page(before);
    yield* items;
    if (items.length < exportPageSize) return;
    before = items[items.length - 1].id;
  }
}
