import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The home page's members by level, per department, as of the home-figures job's last run
 * (counting every active main card took 0.45 s at 1M members, too slow for each page view).
 * Written whole by the job; read by department for a department scope.
 */
export const homeLevelCounts = pgTable('home_level_counts', {
  department: text('department').notNull(),
  level: text('level').notNull(),
  members: integer('members').notNull(),
  countedAt: timestamp('counted_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.department, t.level] })]);
