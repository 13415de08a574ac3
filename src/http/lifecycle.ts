// A server process's graceful end, and (under `clubcrm serve --workers N`) its orders from the
// primary process (src/cli/cluster.ts).
import cluster from 'node:cluster';
import type http from 'node:http';
import net from 'node:net';
import type { Socket } from 'node:net';

/** Messages between the primary and a worker (besides the metrics' ones, src/http/metrics.ts). */
export const JOBS_START = 'clubcrm:jobs-start'; // primary → worker: run the background jobs here
export const WORKER_STOP = 'clubcrm:stop'; // primary → worker: finish the requests in flight, then exit

/**
 * Follows the server's connections and requests so that drain() can end them without failing
 * one: it stops accepting connections (in a cluster the primary then hands new ones to the other
 * workers), answers every request still to come on an open connection with `Connection: close`,
 * and closes connections as they fall idle; resolves when none is left (or after graceMs).
 * Must be called before the server listens.
 */
export function drainable(server: http.Server) {
  const sockets = new Set<Socket>();
  const busy = new Map<Socket, http.ServerResponse>();
  let draining = false;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => { sockets.delete(s); busy.delete(s); });
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    busy.set(req.socket, res);
    res.once('finish', () => { if (busy.get(req.socket) === res) busy.delete(req.socket); });
    if (draining && !res.headersSent) res.setHeader('connection', 'close');
  });
  return {
    async drain(graceMs = 10_000): Promise<void> {
      if (draining) return;
      draining = true;
      for (const res of busy.values()) if (!res.headersSent) res.setHeader('connection', 'close');
      // net's close, not http's: http.Server#close would also drop the idle keep-alive connections at
      // once, and a request a client is sending on one just then would fail
      if (server.listening) net.Server.prototype.close.call(server);
      const until = Date.now() + graceMs;
      const idleSince = new Map<Socket, number>();
      while (sockets.size && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        const now = Date.now();
        for (const s of sockets) {
          if (busy.has(s)) { idleSince.delete(s); continue; }
          // idle for a second since the drain began: a client still using it would have sent by now
          const since = idleSince.get(s) ?? now;
          idleSince.set(s, since);
          if (now - since >= 1000) s.end();
        }
      }
      for (const s of sockets) s.destroy();
    },
  };
}

/**
 * In a cluster worker: the primary's orders. A worker whose primary vanished (killed, crashed) ends
 * at once, as the primary did — it must not go on serving or running jobs on its own.
 */
export function followPrimary(on: { startJobs(): Promise<void>; stop(reason: string): Promise<void> }): void {
  if (!cluster.isWorker) return;
  let stopping = false;
  process.on('message', (m: { type?: string }) => {
    if (m?.type === JOBS_START && !stopping) void on.startJobs();
    else if (m?.type === WORKER_STOP && !stopping) {
      stopping = true;
      void on.stop('primary: stop');
    }
  });
  process.on('disconnect', () => { if (!stopping) process.exit(1); });
}
