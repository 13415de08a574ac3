// Facts about the installation itself, kept in the database (and so in its backups):
// today the check value of the secret key the data is encrypted with.
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Tx } from './index.ts';
import { rows, sql } from './index.ts';

export const systemSettings = pgTable('system_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export async function getSetting(tx: Tx, key: string): Promise<string | null> {
  const [r] = await rows<{ value: string }>(tx, sql`SELECT value FROM system_settings WHERE key = ${key}`);
  return r?.value ?? null;
}

/** Stores a value unless one is there already; returns the value stored (the first writer's when two race). */
export async function initSetting(tx: Tx, key: string, value: string): Promise<string> {
  await tx.execute(sql`INSERT INTO system_settings (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO NOTHING`);
  return (await getSetting(tx, key))!;
}

export async function putSetting(tx: Tx, key: string, value: string): Promise<void> {
  await tx.execute(sql`
    INSERT INTO system_settings (key, value) VALUES (${key}, ${value})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`);
}
