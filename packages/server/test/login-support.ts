/**
 * Test support for the login tests: a provider on a real port of 127.0.0.1, a browser with a
 * cookie jar that does not follow redirects by itself, and a whole login driven with
 * openid-client, the interaction finisher standing in for the approval.
 */
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import { createPiiCipher, type PiiCipher } from '../src/infra/pii/index.js';
import type { Database } from '../src/infra/db/index.js';
import type { Clock } from '../src/infra/clock.js';
import { createAuditLog } from '../src/infra/audit/index.js';
import { createLoginService, loginRoutes, type LoginService, type LoginResult, createStaticAccountSource, type AccountSource } from '../src/login/index.js';

/** Real time shifted by `offsetMs`: lets a test make stored codes expire. */
export class ShiftedClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export function testCipher(): PiiCipher {
  return createPiiCipher({ current: { id: 't1', key: new Uint8Array(randomBytes(32)) } });
}

export const ACCOUNT_ID = 'identity-0001';
export const OTHER_ACCOUNT_ID = 'identity-0002';

export function testAccounts(): Map<string, { name: string; birthdate: string }> {
  return new Map([
    [ACCOUNT_ID, { name: 'Karen Margrethe Hansen', birthdate: '1990-05-17' }],
    [OTHER_ACCOUNT_ID, { name: 'Jens Olsen', birthdate: '1971-01-02' }],
  ]);
}

export interface RunningProvider {
  issuer: string;
  base: string;
  login: LoginService;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startProvider(
  db: Kysely<Database>,
  deps: { pii: PiiCipher; clock: Clock; accounts?: AccountSource; keyCheckSeconds?: number },
): Promise<RunningProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const issuer = `${base}/oidc`;
  const login = await createLoginService({
    issuer,
    db,
    pii: deps.pii,
    clock: deps.clock,
    accounts: deps.accounts ?? createStaticAccountSource(testAccounts()),
    ...(deps.keyCheckSeconds === undefined ? {} : { keyCheckSeconds: deps.keyCheckSeconds }),
    audit: createAuditLog(),
  });
  const app = Fastify({
    logger: false,
    serverFactory: (handler) => {
      server.on('request', handler);
      return server;
    },
  });
  await loginRoutes(app, login);
  await app.ready();
  return {
    issuer,
    base,
    login,
    app,
    async close() {
      await app.close();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A user-agent: keeps cookies per name (paths ignored), never follows redirects itself. */
export class Browser {
  private readonly jar = new Map<string, string>();

  async request(url: string | URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.jar.size > 0) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, redirect: 'manual', ...(body ? { body } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=.*1970/i.test(a)) || value === '';
      if (expired) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /** Follows redirects until one leaves `origin` (the relying party's callback) or a page answers. */
  async follow(url: string | URL, origin: string): Promise<{ url: string; response: Response }> {
    let current = new URL(url).toString();
    for (let i = 0; i < 10; i++) {
      if (!current.startsWith(origin)) return { url: current, response: new Response(null, { status: 204 }) };
      const res = await this.request(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: current, response: res };
      await res.arrayBuffer();
      current = new URL(location, current).toString();
    }
    throw new Error('too many redirects');
  }
}

export interface RelyingParty {
  clientId: string;
  redirectUri: string;
  config: client.Configuration;
}

export async function relyingParty(
  rp: RunningProvider,
  opts: { name: string; redirectUri: string; subjectType?: 'public' | 'pairwise'; public?: boolean; idTokenAlg?: 'ES256' | 'RS256'; postLogoutRedirectUri?: string },
): Promise<RelyingParty> {
  const { client: c, clientSecret } = await rp.login.clients.add({
    name: opts.name,
    redirectUris: [opts.redirectUri],
    ...(opts.postLogoutRedirectUri ? { postLogoutRedirectUris: [opts.postLogoutRedirectUri] } : {}),
    subjectType: opts.subjectType ?? 'pairwise',
    public: opts.public ?? false,
    idTokenAlg: opts.idTokenAlg ?? 'ES256',
  });
  const metadata = { id_token_signed_response_alg: c.idTokenAlg, ...(clientSecret ? { client_secret: clientSecret } : {}) };
  const auth = clientSecret ? client.ClientSecretBasic(clientSecret) : client.None();
  const config = await client.discovery(new URL(rp.issuer), c.clientId, metadata, auth, { execute: [client.allowInsecureRequests] });
  client.enableNonRepudiationChecks(config);
  return { clientId: c.clientId, redirectUri: opts.redirectUri, config };
}

export interface StartedLogin {
  uid: string;
  verifier: string;
  state: string;
  nonce: string;
}

/** Sends the browser to the authorization endpoint; returns the interaction it lands on. */
export async function startLogin(rp: RunningProvider, party: RelyingParty, browser: Browser, extra: Record<string, string> = {}): Promise<StartedLogin> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(party.config, {
    redirect_uri: party.redirectUri,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  const res = await browser.request(url);
  const location = res.headers.get('location') ?? '';
  const m = /\/#\/login\/([^/?#]+)$/.exec(new URL(location, rp.base).href);
  if (res.status !== 303 || !m) throw new Error(`expected a redirect to the login interaction, got ${res.status} ${location}`);
  return { uid: m[1]!, verifier, state, nonce };
}

/** The approval, then the browser back at the relying party's callback: returns the callback URL. */
export async function approve(rp: RunningProvider, party: RelyingParty, browser: Browser, started: StartedLogin, result: LoginResult): Promise<URL> {
  const returnTo = await rp.login.interactions.finishLogin(started.uid, result);
  const { url } = await browser.follow(returnTo, rp.base);
  if (!url.startsWith(party.redirectUri)) throw new Error(`expected the callback, ended at ${url}`);
  return new URL(url);
}

export async function exchange(party: RelyingParty, callback: URL, started: StartedLogin) {
  return client.authorizationCodeGrant(party.config, callback, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
    idTokenExpected: true,
  });
}

/** A whole login: authorize → approval → token. */
export async function fullLogin(rp: RunningProvider, party: RelyingParty, result: LoginResult, browser = new Browser()) {
  const started = await startLogin(rp, party, browser);
  const callback = await approve(rp, party, browser, started, result);
  return { tokens: await exchange(party, callback, started), browser, callback, started };
}

export { client };
