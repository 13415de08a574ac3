// Every module's tables, for Drizzle and drizzle-kit. A module owns its tables;
// other modules call its service functions instead of touching them.
export * from '../modules/auth/schema.ts';
export * from '../modules/audit/schema.ts';
export * from '../modules/dictionaries/schema.ts';
export * from '../modules/customers/schema.ts';
export * from '../modules/membership/schema.ts';
export * from '../modules/notify/schema.ts';
export * from './idempotency-keys.ts';
export * from '../modules/cards/schema.ts';
export * from '../modules/points/schema.ts';
export * from '../modules/activities/schema.ts';
export * from '../modules/care/schema.ts';
export * from '../modules/complaints/schema.ts';
export * from '../modules/merchants/schema.ts';
export * from '../modules/home/schema.ts';
export * from '../modules/analysis/schema.ts';
export * from './settings.ts';
export * from '../jobs/schema.ts';
