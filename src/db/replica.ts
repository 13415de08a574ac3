// A PostgreSQL streaming replica (DATABASE_REPLICA_URL) for the heavy read-only requests: the
// dashboards, statistics, analysis and exports whose routes say `config: { replica: true }`.
// Everything else — and any read that must see what its own session just wrote — goes to the
// primary. Whether the replica may serve is decided from a check every CLUBCRM_REPLICA_CHECK_MS
// (never per request):
// - down: the check could not reach it, or it is not a standby (promoted, or the URL names a primary);
// - lagging: the oldest primary WAL position it has not replayed was seen more than
//   CLUBCRM_REPLICA_MAX_LAG_MS ago (replay paused, a long query holding replay back, a slow link);
// - ok: otherwise.
// Lag is measured with LSNs, not with pg_last_xact_replay_timestamp alone (which grows on an idle
// primary although nothing is missing): each check reads the primary's pg_current_wal_lsn() and
// the replica's pg_last_wal_replay_lsn(); the primary positions seen are kept until the replica has
// replayed them, and the lag is the age of the oldest one still waiting (positions keep being
// taken while the replica is down, so one that comes back far behind is lagging). A replica found
// behind at the first check is judged by the time of its last replayed transaction.
//
// Read your writes: after a write request, the primary's WAL position (taken after the commit) is
// remembered for the caller's credential; that caller's routed reads go to the replica only once
// the replica is known (from the last check) to have replayed that position.
import { coalescer } from './coalesce.ts';
import { serverApplicationName, type Tx } from './index.ts';
import * as schema from './schema.ts';

export type ReplicaStatus = 'ok' | 'lagging' | 'down';

export interface ReplicaState {
  status: ReplicaStatus;
  /** ms behind the primary as of the last check; null when down or not checked yet */
  lagMs: number | null;
  /** the replica's replayed WAL position (e.g. 0/3000060) */
  replayLsn: string | null;
  checkedAt: Date | null;
  /** why it is down */
  error?: string;
}

export interface Replica {
  /** the replica's state as of the last check */
  state(): ReplicaState;
  /** the replica's handle when it may serve a read that must see `minLsn` (null: any), else null */
  readerFor(minLsn: bigint | null): Tx | null;
  /** the primary's WAL position now (after every commit so far); calls arriving together share one query */
  primaryLsn(): Promise<bigint>;
  /** a read on the replica failed for want of a connection: down until the next check says otherwise */
  markDown(error: string): void;
  /** calls fn whenever the status changes (ok / lagging / down), with the new and the previous state */
  onChange(fn: (now: ReplicaState, before: ReplicaState) => void): void;
  /** runs one check now (the timer runs them every checkMs) */
  check(): Promise<ReplicaState>;
  close(): Promise<void>;
}

export interface ReplicaOptions {
  maxLagMs: number;
  checkMs: number;
  poolSize: number;
}

/** '16/B374D848' → a number that orders as the WAL does. */
export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn.trim());
  if (!m) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatLsn(n: bigint): string {
  return `${(n >> 32n).toString(16).toUpperCase()}/${(n & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** An error that means the replica cannot be reached (as opposed to a query it refused). */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  const code = err?.code ?? '';
  return /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH)/.test(code) || /^(08|57P0)/.test(code)
    || /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection timeout/i.test(err?.message ?? '');
}

const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(Object.assign(new Error(`${what}: no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms); }),
  ]).finally(() => clearTimeout(timer));
};

/**
 * Opens the replica's pool (no connection is made yet: a replica that is down at start only makes
 * the first check say so) and starts the periodic check. `primary` must be PostgreSQL.
 */
export async function openReplica(url: string, primaryUrl: string, opts: ReplicaOptions): Promise<Replica> {
  // loaded here, not at start: the embedded default never needs node-postgres
  const [{ default: pgLib }, { drizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  const pool = new pgLib.Pool({
    connectionString: url, max: opts.poolSize, connectionTimeoutMillis: 5000,
    options: '-c TimeZone=UTC -c default_transaction_read_only=on',
  });
  pool.on('error', () => { /* an idle connection the replica ended: the next check and reads see it */ });
  // the primary's WAL position is asked on connections of its own: a busy request pool must not
  // delay the check (and make a healthy replica look down) nor the read-your-writes position
  const primary = new pgLib.Pool({ connectionString: primaryUrl, max: 2, connectionTimeoutMillis: 10_000, application_name: serverApplicationName });
  primary.on('error', () => {});
  const db = drizzle(pool, { schema }) as unknown as Tx;

  let state: ReplicaState = { status: 'down', lagMs: null, replayLsn: null, checkedAt: null, error: 'not checked yet' };
  let replayed = -1n;
  // primary positions seen and when first seen, oldest first, kept until the replica has replayed them
  let waiting: { lsn: bigint; at: number }[] = [];

  const primaryLsn = coalescer<null, bigint>(async (items) => {
    const { rows: [r] } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const lsn = parseLsn(r.lsn);
    return items.map(() => lsn);
  }, { maxBatch: 1024 });

  const listeners: ((now: ReplicaState, before: ReplicaState) => void)[] = [];
  const setState = (next: ReplicaState) => {
    const before = state;
    state = next;
    if (before.status !== next.status) for (const fn of listeners) fn(next, before);
  };
  let running: Promise<ReplicaState> | null = null;
  let first = true;
  const check = () => (running ??= (async () => {
    const timeout = Math.max(5000, opts.checkMs * 2); // a busy machine is not a replica that is down
    try {
      const p = await within(primaryLsn(null), timeout, 'primary');
      const seenAt = Date.now();
      if (!waiting.length || waiting[waiting.length - 1].lsn < p) waiting.push({ lsn: p, at: seenAt });
      const { rows: [r] } = await within(pool.query<{ standby: boolean; replay: string | null; since: number | null }>(
        `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay,
                (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS since`,
      ), timeout, 'replica');
      if (!r.standby || !r.replay) throw new Error('not a standby (pg_is_in_recovery() is false)');
      replayed = parseLsn(r.replay);
      waiting = waiting.filter((w) => w.lsn > replayed);
      if (waiting.length > 10_000) waiting.splice(1, waiting.length - 10_000); // keep the oldest: it decides the lag
      const now = Date.now();
      // found behind at the first check: how long it has been so is unknown, its last replayed transaction bounds it
      if (first && waiting.length && r.since != null) waiting[0].at = Math.min(waiting[0].at, now - Math.round(r.since));
      first = false;
      const lagMs = waiting.length ? now - waiting[0].at : 0;
      setState({ status: lagMs > opts.maxLagMs ? 'lagging' : 'ok', lagMs: Math.max(0, Math.round(lagMs)), replayLsn: r.replay, checkedAt: new Date() });
    } catch (e) {
      setState({ status: 'down', lagMs: null, replayLsn: state.replayLsn, checkedAt: new Date(), error: (e as Error).message });
    }
    return state;
  })().finally(() => { running = null; }));
  await check();

  const timer = setInterval(() => { void check(); }, opts.checkMs);
  timer.unref();

  return {
    state: () => state,
    readerFor: (minLsn) => (state.status === 'ok' && (minLsn == null || replayed >= minLsn) ? db : null),
    primaryLsn: () => primaryLsn(null),
    markDown: (error) => {
      if (state.status !== 'down') setState({ ...state, status: 'down', lagMs: null, checkedAt: new Date(), error });
    },
    onChange: (fn) => { listeners.push(fn); },
    check,
    close: async () => {
      clearInterval(timer);
      await running?.catch(() => {});
      await Promise.all([pool.end(), primary.end()]);
    },
  };
}
