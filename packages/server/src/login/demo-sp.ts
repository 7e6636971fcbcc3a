/**
 * The demo service provider `openmitid demo` runs beside the server: a page on its own port
 * of the loopback that logs in with OpenMitID as any relying party would (openid-client,
 * authorization code with PKCE, a confidential client registered in the client registry)
 * and shows the claims it got. Development only: its few sessions live in memory.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { secureRandom } from '@openmitid/mrtd';
import { createClientRegistry, type ClientRegistry } from './clients.js';
import { issuerOf, type LoginSettings } from './settings.js';

export interface DemoServiceProviderOptions {
  issuer: string;
  clients: ClientRegistry;
  /** the address to listen on (default 127.0.0.1) and port (default 0: any free one) */
  host?: string;
  port?: number;
  /** the transaction text shown in the app */
  text?: string;
}

export interface DemoServiceProvider {
  url: string;
  clientId: string;
  close(): Promise<void>;
}

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo service</title></head><body style="font-family:sans-serif;max-width:40em;margin:2em auto">${body}</body></html>`;

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name && v) return v;
  }
  return undefined;
}

export async function startDemoServiceProvider(o: DemoServiceProviderOptions): Promise<DemoServiceProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://${o.host ?? '127.0.0.1'}:${port}`;
  const redirectUri = `${base}/callback`;
  const { client: registered, clientSecret } = await o.clients.add({ name: 'Demo service', redirectUris: [redirectUri], postLogoutRedirectUris: [`${base}/`] });
  const options = o.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined;
  let config: client.Configuration | undefined;
  const configOf = async () => (config ??= await client.discovery(new URL(o.issuer), registered.clientId, clientSecret, undefined, options));
  const pending = new Map<string, Pending>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const send = (status: number, html: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
      res.end(html);
    };
    if (url.pathname === '/') return send(200, page('<h1>Demo service</h1><p><a href="/login">Log in with OpenMitID</a></p>'));
    if (url.pathname === '/login') {
      const c = await configOf();
      const p: Pending = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce() };
      const sid = Buffer.from(secureRandom(16)).toString('base64url');
      pending.set(sid, p);
      if (pending.size > 1000) pending.delete(pending.keys().next().value!);
      const target = client.buildAuthorizationUrl(c, {
        redirect_uri: redirectUri,
        scope: 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(p.verifier),
        code_challenge_method: 'S256',
        state: p.state,
        nonce: p.nonce,
        ...(o.text ? { openmitid_text: o.text } : {}),
      });
      return send(302, '', { location: target.href, 'set-cookie': `demo_sid=${sid}; HttpOnly; SameSite=Lax; Path=/` });
    }
    if (url.pathname === '/callback') {
      const sid = cookieOf(req, 'demo_sid');
      const p = sid ? pending.get(sid) : undefined;
      if (!sid || !p) return send(400, page('<p>No login in progress. <a href="/login">Start again</a></p>'));
      pending.delete(sid);
      try {
        const c = await configOf();
        const tokens = await client.authorizationCodeGrant(c, url, { pkceCodeVerifier: p.verifier, expectedState: p.state, expectedNonce: p.nonce, idTokenExpected: true });
        const claims = tokens.claims()!;
        const info = await client.fetchUserInfo(c, tokens.access_token, claims.sub);
        const rows = Object.entries({ ...claims, ...info })
          .map(([k, v]) => `<tr><th style="text-align:left">${escapeHtml(k)}</th><td>${escapeHtml(JSON.stringify(v))}</td></tr>`)
          .join('');
        return send(200, page(`<h1>Logged in</h1><table>${rows}</table><p><a href="/login">Log in again</a></p>`));
      } catch (e) {
        const error = e instanceof client.AuthorizationResponseError || e instanceof client.ResponseBodyError ? e.error : 'login_failed';
        return send(200, page(`<h1>Not logged in</h1><p>${escapeHtml(error)}</p><p><a href="/login">Try again</a></p>`));
      }
    }
    return send(404, page('<p>Not found</p>'));
  }

  server.on('request', (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return {
    url: base,
    clientId: registered.clientId,
    async close() {
      await o.clients.remove(registered.clientId);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The demo service provider for a running server's services: the provider's issuer, its client registry. */
export async function startDemoServiceProviderFor(s: {
  db: Parameters<typeof createClientRegistry>[0]['db'];
  pii: Parameters<typeof createClientRegistry>[0]['pii'];
  clock: Parameters<typeof createClientRegistry>[0]['clock'];
  config: Pick<LoginSettings, 'oidcIssuer'> & { publicUrl: string; host: string; port: number };
}): Promise<DemoServiceProvider> {
  return startDemoServiceProvider({
    issuer: issuerOf(s.config, s.config),
    clients: createClientRegistry({ db: s.db, pii: s.pii, clock: s.clock }),
    host: s.config.host,
    text: 'Log in to the demo service',
  });
}
