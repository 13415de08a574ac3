// The embedded database's data folder belongs to one process at a time. PGlite keeps the whole
// database in the memory of the process that opened it and writes it back on its own schedule:
// a second process on the same folder (a CLI restore beside a running server) overwrites the
// other's files, and the folder stops opening. So the server and every command that opens the
// folder hold clubcrm.lock in it, created atomically (link, which fails when the file exists),
// naming the holder (pid, host, command, start). A lock whose holder is gone — killed with
// SIGKILL, the machine restarted — is taken over: on this host when its process no longer runs
// (or the pid now belongs to another process), from another host when it has not been renewed
// for STALE_MS. proper-lockfile was considered: it decides staleness only by the file's age,
// which a long PGlite query (it runs on the event loop) lets grow, and it records no holder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.ts';
import './messages.ts';

export const LOCK_FILE = 'clubcrm.lock';
/** A holder renews the file's time this often; from another host, a lock older than STALE_MS is abandoned. */
const RENEW_MS = 30_000;
const STALE_MS = 5 * 60_000;

interface Holder { pid: number; host: string; command: string; since: string; procStart?: string | null }

export interface DataDirLock {
  file: string;
  release(): void;
}

/** Files this process holds: a second open of the same folder in this process is refused too. */
const held = new Set<string>();

/** The start time of a process (Linux /proc, in clock ticks since boot), to tell a reused pid from the holder. */
function procStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // runs, under another user
  }
}

function readHolder(file: string): { raw: string; holder: Holder | null; ageMs: number } | null {
  try {
    const raw = fs.readFileSync(file, 'utf8');
    const ageMs = Date.now() - fs.statSync(file).mtimeMs;
    try {
      const h = JSON.parse(raw) as Holder;
      return { raw, holder: Number.isInteger(h.pid) ? h : null, ageMs };
    } catch {
      return { raw, holder: null, ageMs };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function isStale(file: string, h: Holder | null, ageMs: number): boolean {
  if (!h) return ageMs > 10_000; // unreadable: written by nothing we know; give a writer a moment
  if (h.host !== os.hostname()) return ageMs > STALE_MS;
  if (h.pid === process.pid) return !held.has(file); // a previous run that had our pid (a restarted container)
  if (!alive(h.pid)) return true;
  const start = procStart(h.pid);
  return start != null && h.procStart != null && start !== h.procStart;
}

/** Removes a stale lock unless another process replaced it meanwhile (one remover at a time). */
function removeStale(file: string, raw: string): void {
  const guard = `${file}.takeover`;
  try {
    fs.mkdirSync(guard);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // a remover killed between mkdir and rmdir leaves the guard: after a minute it is abandoned
    try {
      if (Date.now() - fs.statSync(guard).mtimeMs > 60_000) fs.rmdirSync(guard);
    } catch { /* gone meanwhile */ }
    return;
  }
  try {
    if (readHolder(file)?.raw === raw) fs.unlinkSync(file);
  } finally {
    fs.rmdirSync(guard);
  }
}

/** Creates the data folder (mode 0700) and tightens an existing one to its owner. */
export function ensureDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    if ((fs.statSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
  } catch { /* not ours to change (another owner): the folder still works */ }
}

/**
 * Takes the data folder for this process, or throws DATA_DIR_LOCKED naming the process that
 * holds it. Released by release(), and at the latest when the process exits.
 */
export function lockDataDir(dir: string): DataDirLock {
  ensureDataDir(dir);
  const file = path.join(dir, LOCK_FILE);
  const me: Holder = {
    pid: process.pid, host: os.hostname(), command: process.argv.slice(1).join(' '), since: new Date().toISOString(), procStart: procStart(process.pid),
  };
  const mine = JSON.stringify(me);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, mine, { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      if (held.has(file)) throw lockedError(dir, file, me);
      try {
        fs.linkSync(temp, file); // atomic: fails with EEXIST when another holds the lock
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const other = readHolder(file);
      if (other && !isStale(file, other.holder, other.ageMs)) throw lockedError(dir, file, other.holder);
      if (attempt >= 5) throw lockedError(dir, file, other?.holder ?? null);
      if (other) removeStale(file, other.raw);
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
  held.add(file);
  const renew = setInterval(() => {
    const now = new Date();
    try { fs.utimesSync(file, now, now); } catch { /* removed by hand: nothing to renew */ }
  }, RENEW_MS);
  renew.unref();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(renew);
    process.off('exit', release);
    held.delete(file);
    try {
      if (readHolder(file)?.raw === mine) fs.unlinkSync(file);
    } catch { /* already gone */ }
  };
  process.on('exit', release);
  return { file, release };
}

function lockedError(dir: string, file: string, h: Holder | null): AppError {
  return new AppError(409, 'DATA_DIR_LOCKED', 'dataDir.locked', {
    dir, file, pid: h?.pid ?? '?', host: h?.host ?? '?', command: h?.command || '?', since: h?.since ?? '?',
  });
}
