// Every setting of ClubCRM: its environment variable, its default, its check.
// The server refuses to start with a clear message when a value is invalid.
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  databaseReplicaUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  replicaMaxLagMs: z.coerce.number().int().min(0).max(24 * 3600 * 1000),
  replicaCheckMs: z.coerce.number().int().min(100).max(600_000),
  secretKey: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  timeZone: z.string().refine(isTimeZone, 'is not an IANA time zone (e.g. Asia/Shanghai)'),
  defaultLanguage: z.enum(['zh-CN', 'en']),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  // its length is checked here; whether it is a common password, when the administrator is created (first start)
  adminPassword: z.string().min(10, 'must have at least 10 characters').optional(),
  lockoutAttempts: z.coerce.number().int().min(1).max(100),
  signInAddressFailures: z.coerce.number().int().min(1).max(10_000),
  lockoutMinutes: z.coerce.number().int().min(1).max(24 * 60),
  sessionHours: z.coerce.number().int().min(1).max(24 * 90),
  dbPoolSize: z.coerce.number().int().min(1).max(200),
  notifyEmail: z.enum(['log', 'smtp']),
  smtpUrl: z.string().optional(),
  smtpFrom: z.string().optional(),
  notifySms: z.enum(['log', 'http']),
  smsGatewayUrl: z.string().url().optional(),
  smsGatewayToken: z.string().optional(),
  publicRateLimit: z.coerce.number().int().min(1),
  leaveAfterFailedNotices: z.coerce.number().int().min(0).max(100),
  memberTermMonths: z.coerce.number().int().min(0).max(1200),
  leaveOnDataError: z.enum(['on', 'off']),
  pointsBatchChunk: z.coerce.number().int().min(1).max(100_000).optional(),
  importChunk: z.coerce.number().int().min(1).max(100_000).optional(),
  importMaxRows: z.coerce.number().int().min(1),
  importMaxMb: z.coerce.number().int().min(1).max(10_000),
  backupKeep: z.coerce.number().int().min(0).max(365),
  jobs: z.enum(['on', 'off']),
  workers: z.coerce.number().int().min(1).max(64).optional(),
  webhookAllowLoopback: z.enum(['on', 'off']),
  metricsToken: z.string().min(16, 'must have at least 16 characters').optional(),
  trustProxy: z.union([z.boolean(), z.number().int().min(0), z.array(z.string()), z.string().transform((v, c): boolean | number | string[] => {
    const s = v.trim();
    if (s === '' || s === 'off' || s === 'false') return false;
    if (/^\d+$/.test(s)) return Number(s);
    const list = s.split(',').map((x) => x.trim()).filter(Boolean);
    if (list.every((x) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(x) || x === 'loopback' || x === 'linklocal' || x === 'uniquelocal')) return list;
    c.addIssue({ code: 'custom', message: "must be 'off', a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs" });
    return z.NEVER;
  })]),
});

export type Config = z.infer<typeof schema>;

/** Environment variable, default and meaning of each setting; README's table is made from the same facts. */
export const settings: Record<keyof Config, { env: string; default?: string; doc: string }> = {
  port: { env: 'PORT', default: '3000', doc: 'HTTP port' },
  host: { env: 'HOST', default: '0.0.0.0', doc: 'Address to listen on' },
  dataDir: { env: 'CLUBCRM_DATA_DIR', default: './data', doc: 'Folder of the embedded database (mode 0700, held by one process at a time), the generated key and the automatic backups a restore writes' },
  databaseUrl: { env: 'DATABASE_URL', doc: 'PostgreSQL URL; when unset the embedded PGlite database is used' },
  databaseReplicaUrl: { env: 'DATABASE_REPLICA_URL', doc: "PostgreSQL streaming replica for the heavy read-only requests (dashboards, statistics, analysis, exports); everything else, and a session's reads of its own recent writes, use DATABASE_URL. Ignored on the embedded database" },
  replicaMaxLagMs: { env: 'CLUBCRM_REPLICA_MAX_LAG_MS', default: '5000', doc: 'A replica further behind the primary than this (ms) is not read from until it catches up; /api/health says lagging' },
  replicaCheckMs: { env: 'CLUBCRM_REPLICA_CHECK_MS', default: '1000', doc: "How often (ms) each process checks the replica's lag and whether it answers" },
  secretKey: { env: 'CLUBCRM_SECRET_KEY', doc: '64 hex chars; encrypts ID numbers. Generated into the data folder for PGlite, required with DATABASE_URL' },
  timeZone: { env: 'CLUBCRM_TIME_ZONE', default: 'Asia/Shanghai', doc: "Company time zone: decides 'today', birthdays, month ends" },
  defaultLanguage: { env: 'CLUBCRM_LANGUAGE', default: 'zh-CN', doc: 'Language when the request names none (zh-CN or en)' },
  logLevel: { env: 'LOG_LEVEL', default: 'info', doc: 'Log level (JSON logs on stdout)' },
  adminPassword: { env: 'CLUBCRM_ADMIN_PASSWORD', doc: "Password of the first administrator 'admin' (the password policy applies: at least 10 characters, not a common one); generated and printed once when unset" },
  lockoutAttempts: { env: 'CLUBCRM_LOCKOUT_ATTEMPTS', default: '5', doc: 'Failed sign-ins (or wrong current passwords) for one login, from any address, within CLUBCRM_LOCKOUT_MINUTES that lock it: the addresses that failed must wait (429); a right password from another address still signs in' },
  lockoutMinutes: { env: 'CLUBCRM_LOCKOUT_MINUTES', default: '15', doc: 'The window in which failed sign-ins are counted, and how long a lock or an address throttle lasts' },
  signInAddressFailures: { env: 'CLUBCRM_SIGNIN_ADDRESS_FAILURES', default: '20', doc: 'Failed sign-ins from one address, for any logins, within CLUBCRM_LOCKOUT_MINUTES after which that address must wait (429)' },
  sessionHours: { env: 'CLUBCRM_SESSION_HOURS', default: '12', doc: 'Console session lifetime' },
  dbPoolSize: { env: 'CLUBCRM_DB_POOL', default: '10', doc: 'PostgreSQL connections per process' },
  notifyEmail: { env: 'CLUBCRM_EMAIL_PROVIDER', default: 'log', doc: "'log' records without sending; 'smtp' sends through CLUBCRM_SMTP_URL" },
  smtpUrl: { env: 'CLUBCRM_SMTP_URL', doc: 'smtp://user:pass@host:port for the smtp provider' },
  smtpFrom: { env: 'CLUBCRM_SMTP_FROM', doc: 'Sender address of e-mails' },
  notifySms: { env: 'CLUBCRM_SMS_PROVIDER', default: 'log', doc: "'log' records without sending; 'http' posts to CLUBCRM_SMS_URL" },
  smsGatewayUrl: { env: 'CLUBCRM_SMS_URL', doc: 'URL of the SMS gateway (receives JSON {to, text})' },
  smsGatewayToken: { env: 'CLUBCRM_SMS_TOKEN', doc: 'Bearer token sent to the SMS gateway' },
  publicRateLimit: { env: 'CLUBCRM_PUBLIC_RATE_LIMIT', default: '60', doc: 'Requests per minute per address on the public website API' },
  leaveAfterFailedNotices: { env: 'CLUBCRM_LEAVE_FAILED_NOTICES', default: '3', doc: "Leave rule 'invalid contact': raise a leave request after this many notices in a row failed or did not reach the member (0 = off)" },
  memberTermMonths: { env: 'CLUBCRM_MEMBER_TERM_MONTHS', default: '0', doc: "Leave rule 'term expired': months a membership lasts after joining (0 = no term)" },
  leaveOnDataError: { env: 'CLUBCRM_LEAVE_DATA_ERROR', default: 'on', doc: "Leave rule 'data error': raise a leave request for members staff flagged as wrong data ('on' / 'off')" },
  pointsBatchChunk: { env: 'CLUBCRM_POINTS_BATCH_CHUNK', doc: 'Members per transaction in a points batch (default 5000 on PostgreSQL, 1000 on PGlite); a crash loses at most one chunk of work, never books twice' },
  importChunk: { env: 'CLUBCRM_IMPORT_CHUNK', doc: 'Rows per transaction of a customer import (default 10000 on PostgreSQL, 2000 on PGlite); a crash loses at most one chunk of work, never writes a row twice' },
  importMaxRows: { env: 'CLUBCRM_IMPORT_MAX_ROWS', default: '2000000', doc: 'Most data rows one import file may hold' },
  importMaxMb: { env: 'CLUBCRM_IMPORT_MAX_MB', default: '500', doc: 'Largest import file accepted, in MB' },
  backupKeep: { env: 'CLUBCRM_BACKUP_KEEP', default: '7', doc: 'Embedded database: daily backups the server keeps in <data folder>/backups (0 = none)' },
  trustProxy: { env: 'CLUBCRM_TRUST_PROXY', default: 'off', doc: "Proxies whose X-Forwarded-For is believed: 'off', a number of hops, or addresses/CIDRs (e.g. 127.0.0.1,10.0.0.0/8); off, the client's address is the connection's" },
  jobs: { env: 'CLUBCRM_JOBS', default: 'on', doc: "Run background jobs in this process ('on' / 'off')" },
  workers: { env: 'CLUBCRM_WORKERS', doc: 'Server processes `clubcrm serve` runs, sharing the port (`--workers` overrides it); default one per CPU core on PostgreSQL, 1 on the embedded database (which only one process can open)' },
  webhookAllowLoopback: { env: 'CLUBCRM_WEBHOOK_ALLOW_LOOPBACK', default: 'off', doc: "Let webhooks be delivered to this host's own addresses (127.0.0.0/8, ::1) — for tests and single-host installs ('on' / 'off'). Link-local (cloud metadata 169.254.169.254), unspecified, multicast and reserved addresses are always refused; private networks are allowed" },
  metricsToken: { env: 'CLUBCRM_METRICS_TOKEN', doc: 'Bearer token that GET /metrics (Prometheus) requires; when unset, /metrics answers 404' },
};

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(settings)) {
    const v = env[s.env];
    raw[key] = v === undefined || v === '' ? s.default : v;
  }
  const parsed = schema.safeParse({ ...raw, ...overrides });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = i.path[0] as keyof Config;
      return `  ${settings[key]?.env ?? String(key)}: ${i.message}`;
    });
    throw new ConfigError(`ClubCRM cannot start: invalid configuration\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.databaseUrl && !c.secretKey) {
    throw new ConfigError(
      'ClubCRM cannot start: CLUBCRM_SECRET_KEY (64 hex characters) is required with DATABASE_URL, ' +
        'so every process shares the key that encrypts ID numbers. Generate one with: openssl rand -hex 32',
    );
  }
  if (c.notifyEmail === 'smtp' && !c.smtpUrl) throw new ConfigError('ClubCRM cannot start: CLUBCRM_SMTP_URL is required when CLUBCRM_EMAIL_PROVIDER=smtp');
  if (c.notifySms === 'http' && !c.smsGatewayUrl) throw new ConfigError('ClubCRM cannot start: CLUBCRM_SMS_URL is required when CLUBCRM_SMS_PROVIDER=http');
  return { ...c, dataDir: path.resolve(c.dataDir) };
}
