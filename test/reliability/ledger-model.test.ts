// The model-based ledger test (test/helpers/ledger-harness.ts) at length, on PostgreSQL, against a
// real server process: more and longer random sequences than npm test runs (LEDGER_MODEL_RUNS,
// default 40; LEDGER_MODEL_COMMANDS, default 60 steps at most; LEDGER_MODEL_SEED to repeat one).
// After every step the balances, lots, entries, redemptions and stock agree with the model of
// SPEC §4's rules, and verifyLedger holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Db } from '../../src/db/index.ts';
import { prepareDatabase } from '../../src/main.ts';
import { createPgDatabase, testConfig } from '../helpers/db.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { runLedgerModel, tally, type Env } from '../helpers/ledger-harness.ts';
import { signInTo, startServer, type ServerProcess } from '../helpers/server.ts';

let drop: () => Promise<void>;
let db: Db;
let server: ServerProcess;
let env: Env;

beforeAll(async () => {
  let url: string;
  ({ url, drop } = await createPgDatabase());
  db = await openPostgres(url, 2);
  await prepareDatabase(db, { ...testConfig(), databaseUrl: url });
  server = await startServer(url, { CLUBCRM_JOBS: 'off' });
  const c = await signInTo(server.url);
  const api: Env['api'] = {
    get: (p, h) => c.get(server.url, p, h),
    post: (p, b, h) => c.post(server.url, p, b, h),
    patch: (p, b, h) => c.patch(server.url, p, b, h),
  };
  const a = await api.post('/api/v1/activities', { name: '模型测试活动', type: 'salon', startsOn: '2020-01-01', endsOn: '2099-12-31' });
  expect((await api.post(`/api/v1/activities/${a.body.id}/approve`)).status).toBe(200);
  env = { api, db, activity: a.body.id };
});
afterAll(async () => {
  await server?.kill('SIGKILL');
  await db?.close();
  await drop?.();
});

describe('the ledger against a model of its rules, at length (PostgreSQL, a server process)', () => {
  it('random sequences of every kind of step agree with the model after each step', async () => {
    const seed = process.env.LEDGER_MODEL_SEED ? Number(process.env.LEDGER_MODEL_SEED) : undefined;
    await runLedgerModel(env, { runs: Number(process.env.LEDGER_MODEL_RUNS ?? 40), maxCommands: Number(process.env.LEDGER_MODEL_COMMANDS ?? 60), seed });
    console.log([...tally].sort().map(([k, n]) => `${n}\t${k}`).join('\n'));
    await expectLedgerConsistent(db);
  }, 3_600_000);
});
