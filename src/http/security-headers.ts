// Security headers on every reply (helmet), and no caching of API replies.
//
// Content-Security-Policy: scripts only from the server's own files (no inline script, no eval),
// so a name carrying <img onerror> or <script> that ever reached the page's HTML could not run.
// Styles allow 'unsafe-inline', for styles only: Ant Design writes its CSS-in-JS into <style>
// elements at run time, and ECharts' tooltips are HTML with style="…" attributes; a nonce could
// cover the first (with index.html rewritten per reply) but never the second. An injected style can
// restyle a page, not run script. Images: the console's own, data: (icons) and blob: (chart exports).
// The Swagger UI at /api/docs loads its scripts and styles from the server too, and works under it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const helmetOptions: HelmetOptions = {
  // our directives only: helmet's defaults add upgrade-insecure-requests, which would break a
  // console served over plain HTTP inside a company network
  contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * The headers helmet sets for these options. They depend on nothing in the request, so they are
 * worked out once (@fastify/helmet ran helmet's whole set-up again for every request: ~0.07 ms of
 * CPU each, 7 % of a points posting's server time).
 */
export function helmetHeaders(options: HelmetOptions = helmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = { setHeader: (name: string, value: unknown) => { headers[name.toLowerCase()] = String(value); }, removeHeader: () => {} };
  let done = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => { done = true; });
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

export async function securityHeaders(app: FastifyInstance): Promise<void> {
  const headers = helmetHeaders();
  app.addHook('onRequest', (_req, reply, next) => {
    reply.headers(headers);
    next();
  });
  // API replies hold personal data: never kept by a browser or a proxy (the console's hashed files may be)
  app.addHook('onSend', async (req, reply) => {
    if ((req.routeOptions.url ?? req.url).startsWith('/api')) reply.header('cache-control', 'no-store');
  });
}
