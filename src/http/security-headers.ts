// Security headers on every reply (helmet), and no caching of API replies.
//
// Content-Security-Policy: scripts only from the server's own files (no inline script, no eval),
// so a name carrying <img onerror> or <script> that ever reached the page's HTML could not run.
// Styles allow 'unsafe-inline', for styles only: Ant Design writes its CSS-in-JS into <style>
// elements at run time, and ECharts' tooltips are HTML with style="…" attributes; a nonce could
// cover the first (with index.html rewritten per reply) but never the second. An injected style can
// restyle a page, not run script. Images: the console's own, data: (icons) and blob: (chart exports).
// The Swagger UI at /api/docs loads its scripts and styles from the server too, and works under it.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

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

export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    // our directives only: helmet's defaults add upgrade-insecure-requests, which would break a
    // console served over plain HTTP inside a company network
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  // API replies hold personal data: never kept by a browser or a proxy (the console's hashed files may be)
  app.addHook('onSend', async (req, reply) => {
    if ((req.routeOptions.url ?? req.url).startsWith('/api')) reply.header('cache-control', 'no-store');
  });
}
