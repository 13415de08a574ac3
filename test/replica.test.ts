// The read replica's settings and its fallbacks without a replica server (the real streaming
// replica is in test/reliability/replica.test.ts): the embedded database ignores
// DATABASE_REPLICA_URL; on PostgreSQL a replica that cannot be reached is reported down and every
// read — routed or not — is the primary's; WAL positions order as PostgreSQL orders them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { formatLsn, isConnectionError, parseLsn } from '../src/db/replica.ts';
import { buildApp } from '../src/http/server.ts';
import type { App } from '../src/http/context.ts';
import { SESSION_COOKIE } from '../src/http/server.ts';
import { openReplicaOf } from '../src/main.ts';
import { makeCrypto } from '../src/pii.ts';
import { adminPassword, engine, openTestDb, testSecret, type TestDb } from './helpers/db.ts';
import { freePort } from './helpers/server.ts';

let db: TestDb;
let app: App;
let close: () => Promise<void>;
beforeAll(async () => {
  db = await openTestDb();
  // nothing listens on this port: a replica that is down from the start
  const config = { ...db.config, databaseReplicaUrl: `postgres://postgres@127.0.0.1:${await freePort()}/nothing`, replicaCheckMs: 200 };
  const replica = await openReplicaOf(config, db);
  app = await buildApp({ config, db, crypto: makeCrypto(testSecret), logger: false, replica });
  await app.ready();
  close = async () => { await app.close(); await replica?.close(); await db.destroy(); };
});
afterAll(async () => close?.());

async function signIn() {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: 'admin', password: adminPassword } });
  const c = r.cookies.find((x) => x.name === SESSION_COOKIE)!;
  return (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { cookie: `${SESSION_COOKIE}=${c.value}`, 'accept-language': 'en' } });
}

describe('read replica settings', () => {
  it('DATABASE_REPLICA_URL must be a PostgreSQL URL; the lag bound and check interval have defaults', () => {
    expect(loadConfig({})).toMatchObject({ replicaMaxLagMs: 5000, replicaCheckMs: 1000 });
    expect(loadConfig({}).databaseReplicaUrl).toBeUndefined();
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'mysql://x/y' })).toThrow(/DATABASE_REPLICA_URL: must start with postgres/);
    expect(() => loadConfig({ CLUBCRM_REPLICA_MAX_LAG_MS: '-1' })).toThrow(/CLUBCRM_REPLICA_MAX_LAG_MS/);
    expect(() => loadConfig({ CLUBCRM_REPLICA_CHECK_MS: '10' })).toThrow(/CLUBCRM_REPLICA_CHECK_MS/);
  });

  it('WAL positions order as PostgreSQL orders them', () => {
    expect(parseLsn('0/16B3748') < parseLsn('0/16B3750')).toBe(true);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    expect(formatLsn(parseLsn('16/B374D848'))).toBe('16/B374D848');
    expect(() => parseLsn('16-B374')).toThrow();
    expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).toBe(false);
  });
});

describe(`a replica that cannot be reached (${engine})`, () => {
  it(engine === 'pglite' ? 'is ignored by the embedded database: health names no replica' : 'is reported down; routed and other reads come from the primary', async () => {
    const as = await signIn();
    expect((await as('POST', '/api/v1/customers', { name: '陈六合', tags: ['fresh'] })).statusCode).toBe(200);
    const health = (await app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(health.status).toBe('ok');
    if (engine === 'pglite') expect(health).not.toHaveProperty('replica');
    else expect(health.replica).toMatchObject({ status: 'down', lagMs: null, maxLagMs: 5000 });
    // the routed reads answer, with what the primary holds
    const facets = await as('GET', '/api/v1/customers/facets');
    expect(facets.statusCode).toBe(200);
    expect(facets.json().tags).toEqual(['fresh']);
    const csv = await as('GET', '/api/v1/customers/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('陈六合');
    expect((await as('GET', '/api/v1/home')).statusCode).toBe(200);
    expect((await as('GET', '/api/v1/analysis/members')).statusCode).toBe(200);
  });
});
