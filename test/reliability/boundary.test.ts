// The sign-in boundary of a real server process: every operation of its OpenAPI document, called
// without credentials through odd spellings of its path sent byte for byte (no client-side
// normalisation of `..`, `//` or percent-escapes), never answers with success.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase } from '../helpers/db.ts';
import { startServer, type ServerProcess } from '../helpers/server.ts';
import { concretePath, spellings } from '../helpers/spellings.ts';

let url: string;
let drop: () => Promise<void>;
let server: ServerProcess | undefined;
beforeAll(async () => {
  ({ url, drop } = await createPgDatabase());
  server = await startServer(url);
});
afterAll(async () => {
  await server?.kill('SIGKILL');
  await drop?.();
});

/** One request with the path exactly as given; keep-alive agent so thousands of requests stay cheap. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
function raw(method: string, path: string): Promise<{ status: number; type: string }> {
  const { port } = new URL(server!.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', reject);
    req.end(method === 'GET' || method === 'DELETE' ? undefined : '{}');
  });
}

describe('an unauthenticated caller of a real server', () => {
  it('gets no success from any operation, however its path is spelled', async () => {
    const doc = await (await fetch(`${server!.url}/api/docs/json`)).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const ops = Object.entries(doc.paths).flatMap(([p, o]) => Object.entries(o).filter(([, op]) => !(Array.isArray(op.security) && op.security.length === 0)).map(([m]) => ({ method: m.toUpperCase(), path: concretePath(p) })));
    expect(ops.length).toBeGreaterThan(150);
    const succeeded: string[] = [];
    let tried = 0;
    for (const op of ops) {
      const replies = await Promise.all(spellings(op.path).map(async (p) => ({ p, r: await raw(op.method, p) })));
      for (const { p, r } of replies) {
        tried++;
        const consolePage = op.method === 'GET' && r.status === 200 && r.type.startsWith('text/html');
        if (r.status < 400 && !consolePage) succeeded.push(`${op.method} ${p} → ${r.status}`);
      }
    }
    expect(succeeded).toEqual([]);
    expect(tried).toBeGreaterThan(3000);
  });
});
