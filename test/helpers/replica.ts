// A real PostgreSQL streaming replica on this machine, for the read-replica tests: a throwaway
// primary cluster (initdb, on a free port, replication allowed from 127.0.0.1) and a hot standby
// made from it with `pg_basebackup -R` (a second cluster started with pg_ctl on another port).
// The primary is the test's own, not the shared server on 5432: a base backup copies a whole
// cluster (the shared one may hold other engineers' multi-GB benchmark databases), and no setting
// of the shared server has to change (its pg_hba has no replication line).
//
// Runs as root on CI: PostgreSQL refuses to run as root, so every server command runs as the
// `postgres` user (runuser). Idempotent and self-cleaning: everything lives in one temporary
// folder holding the test process's pid; folders left by a test process that died are stopped and
// removed by the next start; stop() removes this one.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './server.ts';

const run = promisify(execFile);
const prefix = 'clubcrm-replica-';

/** The PostgreSQL server binaries: $PG_BIN, else the newest /usr/lib/postgresql/<version>/bin, else pg_config --bindir. */
async function binDir(): Promise<string> {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(root, versions[0], 'bin');
  }
  return (await run('pg_config', ['--bindir'])).stdout.trim();
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as the postgres user (as ourselves when not root). */
async function pgRun(bin: string, program: string, args: string[], timeoutMs = 180_000) {
  const exe = path.join(bin, program);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  try {
    return await run(cmd, argv, { timeout: timeoutMs, cwd: os.tmpdir(), maxBuffer: 10 * 1024 * 1024 });
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Stops the clusters and removes the folders of earlier runs whose test process is gone. */
async function cleanLeftovers(bin: string) {
  for (const name of fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(prefix))) {
    const dir = path.join(os.tmpdir(), name);
    let owner = 0;
    try { owner = Number(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8').trim()) || 0; } catch { /* none: left by a run that failed early */ }
    if (owner && alive(owner)) continue;
    await stopClusters(bin, dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function stopClusters(bin: string, dir: string) {
  for (const c of ['replica', 'primary']) {
    if (fs.existsSync(path.join(dir, c, 'postmaster.pid'))) await pgRun(bin, 'pg_ctl', ['-D', path.join(dir, c), '-m', 'immediate', '-w', 'stop']).catch(() => {});
  }
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

export interface ReplicaPair {
  /** URL of the database `clubcrm` on the primary and on the replica */
  primaryUrl: string;
  replicaUrl: string;
  /** pg_wal_replay_pause() on the replica: it keeps receiving WAL but shows nothing newer */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** the replica's server stopped (pg_ctl stop -m fast) / started again */
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** until the replica has replayed everything the primary has written so far */
  caughtUp(): Promise<void>;
  /** stops both servers and removes their folder */
  stop(): Promise<void>;
}

/** A primary with a database `clubcrm` (UTF-8) and a streaming hot standby of it. */
export async function startReplicaPair(): Promise<ReplicaPair> {
  const bin = await binDir();
  await cleanLeftovers(bin);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  fs.chmodSync(dir, 0o755);
  if (asRoot) await run('chown', ['postgres:', dir]);
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const conf = (port: number) => [
    '', `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`,
    'wal_level = replica', 'max_wal_senders = 5', 'hot_standby = on', 'max_connections = 60', 'shared_buffers = 32MB',
    'fsync = off', 'full_page_writes = off', // a throwaway cluster: speed over crash safety
    // a standby's queries are never cancelled for replay, so a paused or lagging replica is the only
    // reason a test reads old data; and a paused replay is never resumed behind the test's back
    'max_standby_streaming_delay = -1', '',
  ].join('\n');
  const start = (d: string) => pgRun(bin, 'pg_ctl', ['-D', d, '-l', `${d}.log`, '-w', '-t', '120', 'start']);
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/clubcrm`;
  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/clubcrm`;
  try {
    await pgRun(bin, 'initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    fs.appendFileSync(path.join(primaryDir, 'postgresql.conf'), conf(primaryPort));
    await start(primaryDir);
    await query(primaryUrl.replace(/\/clubcrm$/, '/postgres'), "CREATE DATABASE clubcrm TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'");
    // -R: standby.signal and primary_conninfo; -X stream: the WAL written during the copy comes along
    await pgRun(bin, 'pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-R', '-X', 'stream', '-c', 'fast', '-D', replicaDir]);
    fs.appendFileSync(path.join(replicaDir, 'postgresql.conf'), `\nport = ${replicaPort}\n`);
    await start(replicaDir);
  } catch (e) {
    await stopClusters(bin, dir);
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const pair: ReplicaPair = {
    primaryUrl, replicaUrl,
    pauseReplay: async () => { await query(replicaUrl, 'SELECT pg_wal_replay_pause()'); },
    resumeReplay: async () => { await query(replicaUrl, 'SELECT pg_wal_replay_resume()'); },
    stopReplica: async () => { await pgRun(bin, 'pg_ctl', ['-D', replicaDir, '-m', 'fast', '-w', 'stop']); },
    startReplica: async () => { await start(replicaDir); },
    caughtUp: async () => {
      const [{ lsn }] = await query<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn');
      for (let i = 0; ; i++) {
        const [r] = await query<{ done: boolean }>(replicaUrl, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS done`);
        if (r.done) return;
        if (i > 600) throw new Error(`the replica did not replay ${lsn} within a minute`);
        await new Promise((res) => setTimeout(res, 100));
      }
    },
    stop: async () => {
      await stopClusters(bin, dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  // the standby answers once it has reached a consistent state
  for (let i = 0; ; i++) {
    try {
      const [r] = await query<{ standby: boolean }>(replicaUrl, 'SELECT pg_is_in_recovery() AS standby');
      if (r.standby) break;
      throw new Error('the replica is not in recovery');
    } catch (e) {
      if (i > 300) { await pair.stop(); throw e; }
      await new Promise((res) => setTimeout(res, 200));
    }
  }
  await pair.caughtUp();
  return pair;
}
