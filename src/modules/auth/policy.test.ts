// Sign-in and password rules seen from below the HTTP API: an unknown login costs the same
// password check as a known one (argon2 against a stand-in hash), and the first administrator's
// password from CLUBCRM_ADMIN_PASSWORD obeys the password policy like every other.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as argon2 from '@node-rs/argon2';
import { ConfigError, loadConfig } from '../../config.ts';
import { openPglite, openPostgres, type Db } from '../../db/index.ts';
import { prepareDatabase } from '../../main.ts';
import { createPgDatabase, engine, openTestDb, testConfig, type TestDb } from '../../../test/helpers/db.ts';
import { signIn } from './service.ts';

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});

let db: TestDb;
beforeAll(async () => { db = await openTestDb(); });
afterAll(async () => { await db?.destroy(); });

const policy = { attempts: 5, minutes: 15, sessionHours: 12, addressFailures: 20 };

describe('unknown logins', () => {
  it('are checked against a stand-in password hash, as costly as a real one, and refused like a wrong password', async () => {
    const verify = vi.mocked(argon2.verify);
    verify.mockClear();
    const unknown = await db.transaction((tx) => signIn(tx, { login: 'no-such-user', password: 'Some-pass-123', ip: '192.0.2.1' }, policy));
    expect(verify).toHaveBeenCalledTimes(1);
    const [hash] = verify.mock.calls[0];
    expect(String(hash)).toMatch(/^\$argon2id\$/);
    const known = await db.transaction((tx) => signIn(tx, { login: 'admin', password: 'Some-pass-123', ip: '192.0.2.1' }, policy));
    expect(verify).toHaveBeenCalledTimes(2);
    // same argon2 parameters as the stored hashes: the same work either way
    expect(String(verify.mock.calls[1][0]).split('$').slice(0, 4)).toEqual(String(hash).split('$').slice(0, 4));
    for (const r of [unknown, known]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect([r.error.status, r.error.code]).toEqual([401, 'BAD_CREDENTIALS']);
    }
  });
});

describe('the first administrator', () => {
  async function emptyDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
    if (engine !== 'postgres') {
      const d = await openPglite();
      return { db: d, drop: () => d.close() };
    }
    const { url, drop } = await createPgDatabase();
    const d = await openPostgres(url, 2);
    return { db: d, drop: async () => { await d.close(); await drop(); } };
  }

  it.each(['Admin12345', 'Qwerty123456', 'admin2024!'])('refuses to start with the common CLUBCRM_ADMIN_PASSWORD=%s, naming the variable', async (password) => {
    const { db: fresh, drop } = await emptyDb();
    try {
      const start = prepareDatabase(fresh, testConfig({ adminPassword: password }));
      await expect(start).rejects.toBeInstanceOf(ConfigError);
      await expect(start).rejects.toThrow('ClubCRM cannot start: CLUBCRM_ADMIN_PASSWORD is a common password or too easy to guess');
    } finally {
      await drop();
    }
  });

  it('refuses a CLUBCRM_ADMIN_PASSWORD under 10 characters with the other settings', () => {
    expect(() => loadConfig({ CLUBCRM_ADMIN_PASSWORD: 'Xq7-lamp' })).toThrow('CLUBCRM_ADMIN_PASSWORD: must have at least 10 characters');
  });
});
