/**
 * Serves the built web app (packages/web/dist) at the server's root, so one origin carries
 * the pages, the API and the login: the pages reach the API without CORS, and a security
 * key registered on the pages is bound to the origin the login pages use.
 *
 * Only files inside the folder are served (no directory listing, no path escape). The
 * shell (index.html, sw.js) is revalidated on every load so a new release reaches users;
 * hashed assets are immutable. Routes the API owns are registered first and win.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.traineddata': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/** Security headers for the pages (the API's JSON answers do not need them). */
const PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // camera for the MRZ, face and QR scans; no other powerful feature
  'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
} as const;

const API_PREFIXES = ['/v1/', '/login/', '/oidc/', '/dev/'];

export interface WebAppOptions {
  /** the Web Push (VAPID) public key the pages subscribe with; written into the shell as a meta tag */
  vapidPublicKey?: string | undefined;
  /** demo mode (the face-step bypass is on): the pages offer the demo passports and say the face check is skipped */
  demo?: boolean;
}

const escapeAttribute = (v: string): string => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function webAppRoutes(app: FastifyInstance, dir: string, options: WebAppOptions = {}): Promise<void> {
  const root = await realpath(resolve(dir));
  const indexFile = join(root, 'index.html');
  await stat(indexFile).catch(() => {
    throw new Error(`OPENMITID_WEB_DIR: ${dir} holds no index.html (build it: npm run build -w @openmitid/web)`);
  });

  // the server's settings the pages need, in the shell's <head>
  const headExtra = options.vapidPublicKey ? `<meta name="openmitid-vapid-public-key" content="${escapeAttribute(options.vapidPublicKey)}">` : '';

  async function send(reply: FastifyReply, file: string): Promise<FastifyReply> {
    let body: Buffer | string = await readFile(file);
    if (file === indexFile) {
      body = body
        .toString('utf8')
        .replace(/<meta name="openmitid-demo" content="[^"]*"/, `<meta name="openmitid-demo" content="${options.demo === true}"`)
        .replace('</head>', `${headExtra}</head>`);
    }
    const name = file.slice(root.length);
    const immutable = name.startsWith(`${sep}assets${sep}`);
    return reply
      .headers(PAGE_HEADERS)
      .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(body);
  }

  /** The file a URL path names inside the folder, or undefined. */
  async function fileOf(path: string): Promise<string | undefined> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const candidate = resolve(root, `.${decoded}`);
    if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
    try {
      const real = await realpath(candidate);
      if (!real.startsWith(root + sep)) return undefined;
      return (await stat(real)).isFile() ? real : undefined;
    } catch {
      return undefined;
    }
  }

  app.get('/', { schema: { hide: true } }, async (_req, reply) => send(reply, indexFile));
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    // the API's unknown paths keep the API's problem+json 404
    if (API_PREFIXES.some((p) => path.startsWith(p))) return reply.callNotFound();
    const file = await fileOf(path);
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    return send(reply, file);
  });
}
