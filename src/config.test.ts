import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settings } from './config.ts';

const key = '0123456789abcdef'.repeat(4);
const refusal = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
};

describe('defaults', () => {
  it('starts with nothing set: port 3000, ./data, Asia/Shanghai, zh-CN, the embedded database', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000, host: '0.0.0.0', timeZone: 'Asia/Shanghai', defaultLanguage: 'zh-CN', logLevel: 'info',
      lockoutAttempts: 5, lockoutMinutes: 15, sessionHours: 12, dbPoolSize: 10, notifyEmail: 'log', notifySms: 'log', jobs: 'on',
    });
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.secretKey).toBeUndefined();
    expect(c.adminPassword).toBeUndefined();
  });

  it('has a documented environment variable for every setting, and every default is itself valid', () => {
    const envs = Object.values(settings).map((s) => s.env);
    expect(new Set(envs).size).toBe(envs.length);
    for (const s of Object.values(settings)) {
      expect(s.env).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(s.doc.length).toBeGreaterThan(5);
    }
    const defaults = Object.fromEntries(Object.values(settings).filter((s) => s.default !== undefined).map((s) => [s.env, s.default]));
    expect(() => loadConfig(defaults)).not.toThrow();
  });

  it('reads values from the environment; an empty variable means the default', () => {
    const c = loadConfig({ PORT: '8080', CLUBCRM_TIME_ZONE: 'Europe/Berlin', CLUBCRM_LANGUAGE: 'en', CLUBCRM_DATA_DIR: 'var/club', LOG_LEVEL: '', CLUBCRM_LOCKOUT_ATTEMPTS: '3' });
    expect(c).toMatchObject({ port: 8080, timeZone: 'Europe/Berlin', defaultLanguage: 'en', logLevel: 'info', lockoutAttempts: 3 });
    expect(c.dataDir).toBe(path.resolve('var/club'));
  });

  it('accepts PostgreSQL with its secret key', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://club@db.internal:5432/clubcrm', CLUBCRM_SECRET_KEY: key });
    expect(c).toMatchObject({ databaseUrl: 'postgres://club@db.internal:5432/clubcrm', secretKey: key });
    expect(loadConfig({ DATABASE_URL: 'postgresql://x/y', CLUBCRM_SECRET_KEY: key.toUpperCase() }).secretKey).toBe(key.toUpperCase());
  });
});

describe('invalid values are refused with a message naming the variable', () => {
  it('PORT', () => {
    for (const port of ['abc', '70000', '-1', '80.5']) {
      const m = refusal({ PORT: port });
      expect(m).toMatch(/^ClubCRM cannot start: invalid configuration\n {2}PORT: /);
    }
  });

  it('CLUBCRM_TIME_ZONE', () => {
    expect(refusal({ CLUBCRM_TIME_ZONE: 'Mars/Olympus_Mons' })).toContain('CLUBCRM_TIME_ZONE: is not an IANA time zone (e.g. Asia/Shanghai)');
  });

  it('CLUBCRM_LANGUAGE', () => {
    const m = refusal({ CLUBCRM_LANGUAGE: 'fr' });
    expect(m).toContain('CLUBCRM_LANGUAGE: ');
    expect(m).toContain('zh-CN');
    expect(m).toContain('en');
  });

  it('several at once, each on its own line', () => {
    const m = refusal({ PORT: 'x', CLUBCRM_TIME_ZONE: 'Nowhere/Land', LOG_LEVEL: 'loud', CLUBCRM_ADMIN_PASSWORD: 'short' });
    const lines = m.split('\n').slice(1);
    expect(lines.map((l) => l.trim().split(':')[0]).sort()).toEqual(['CLUBCRM_ADMIN_PASSWORD', 'CLUBCRM_TIME_ZONE', 'LOG_LEVEL', 'PORT']);
    expect(m).toContain('CLUBCRM_ADMIN_PASSWORD: must have at least 10 characters');
  });

  it('DATABASE_URL that is not PostgreSQL, and a secret key that is not 64 hex characters', () => {
    expect(refusal({ DATABASE_URL: 'mysql://root@localhost/club', CLUBCRM_SECRET_KEY: key })).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
    expect(refusal({ CLUBCRM_SECRET_KEY: 'abc123' })).toContain('CLUBCRM_SECRET_KEY: must be 64 hex characters (32 bytes)');
  });

  it('DATABASE_URL without CLUBCRM_SECRET_KEY', () => {
    const m = refusal({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/clubcrm' });
    expect(m).toContain('CLUBCRM_SECRET_KEY (64 hex characters) is required with DATABASE_URL');
    expect(m).toContain('openssl rand -hex 32');
  });

  it('providers that need an address without one', () => {
    expect(refusal({ CLUBCRM_EMAIL_PROVIDER: 'smtp' })).toContain('CLUBCRM_SMTP_URL is required when CLUBCRM_EMAIL_PROVIDER=smtp');
    expect(refusal({ CLUBCRM_SMS_PROVIDER: 'http' })).toContain('CLUBCRM_SMS_URL is required when CLUBCRM_SMS_PROVIDER=http');
    expect(refusal({ CLUBCRM_EMAIL_PROVIDER: 'pigeon' })).toContain('CLUBCRM_EMAIL_PROVIDER: ');
  });
});

describe('the server refuses to start', { timeout: 300_000 }, () => {
  it('prints the message and exits with code 1, without a stack trace', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    const result = await promisify(execFile)(process.execPath, [path.join(root, 'bin/clubcrm.js'), 'serve', '--no-build'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: 'eighty', CLUBCRM_TIME_ZONE: 'Asia/Shanghai' },
    }).then(() => null, (e) => e as { code: number; stderr: string });
    expect(result?.code).toBe(1);
    expect(result?.stderr.trim()).toMatch(/^ClubCRM cannot start: invalid configuration\n {2}PORT: .+$/);
  });
});
