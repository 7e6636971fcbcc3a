/**
 * The OpenID Connect provider: oidc-provider configured for a national eID.
 *
 * - Authorization code flow only, PKCE (S256) required of every client, no implicit or
 *   hybrid flow, no refresh tokens, no dynamic registration (the operator registers).
 * - Every authorization request needs a fresh approval: an OP session cookie never logs a
 *   person in to a second service silently (the `every_login_approved` check below).
 * - `acr` is an NSIS level and `amr` the methods used, both from the login result; the
 *   `profile` scope releases name and birth date (in userinfo; the ID token holds only the
 *   protocol claims, as OIDC Core §5.4 prescribes when an access token is issued).
 * - `sub` is the identity id for public clients, an HMAC of it per sector for pairwise ones.
 *
 * oidc-provider reads the wall clock itself (token `iat`/`exp`); our storage adapter and key
 * store take the injected Clock.
 */
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import type { Database } from '../infra/db/index.js';
import type { Clock } from '../infra/clock.js';
import type { PiiCipher } from '../infra/pii/index.js';
import { DbAdapter } from './storage-adapter.js';
import { clientAdapter, type ClientRegistry } from './clients.js';
import { loadProviderKeys, SIGNING_ALGS } from './keys.js';
import { pairwiseSubject } from './pairwise.js';
import { NSIS_LEVELS, SCOPE_CLAIMS, type AccountSource } from './claims.js';

export interface LoginTtl {
  /** seconds an authorization code may wait for its exchange (default 60) */
  authorizationCode: number;
  /** opaque access token for userinfo (default 600) */
  accessToken: number;
  idToken: number;
  /** the whole login interaction: user-ID, then the approval (default 600) */
  interaction: number;
  /** the provider's session cookie, used for logout (default 3600) */
  session: number;
}

export const DEFAULT_LOGIN_TTL: LoginTtl = { authorizationCode: 60, accessToken: 600, idToken: 3600, interaction: 600, session: 3600 };

export interface OidcProviderOptions {
  /** the issuer URL, e.g. https://login.example.dk/oidc (the provider is mounted at its path) */
  issuer: string;
  db: Kysely<Database>;
  clock: Clock;
  pii: PiiCipher;
  random?: RandomSource;
  accounts: AccountSource;
  clients: ClientRegistry;
  /** a configured pairwise salt (32+ bytes); unset: one generated once and kept sealed in the database */
  pairwiseSalt?: Uint8Array;
  /** where the user-agent is sent to log in; default the web app's login page `/#/login/<uid>` */
  interactionPath?: (uid: string) => string;
  ttl?: Partial<LoginTtl>;
  /** trust X-Forwarded-* (behind a TLS-terminating proxy) */
  proxy?: boolean;
}

/**
 * The web app's login page for interaction <uid>, served at the server's root. The page
 * drives the JSON API under /login/interaction/<uid>. The fragment never reaches the
 * server, so oidc-provider's interaction cookie gets path `/`; nothing reads it (the
 * interaction is found by its uid), and the resume cookie still binds the result to the
 * browser that started the request.
 */
export const INTERACTION_PATH = (uid: string): string => `/#/login/${uid}`;

function loginPolicy() {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  login.checks.push(
    new interactionPolicy.Check('every_login_approved', 'each authorization request must be approved by the End-User', (ctx) =>
      ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );
  return policy;
}

const escapeHtml = (v: string): string => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page shown when the request cannot go back to the service (unknown client, wrong redirect URI): the OAuth error, nothing else. */
function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string | undefined }): void {
  ctx.type = 'html';
  ctx.set('cache-control', 'no-store');
  const description = out.error_description ? `<p>${escapeHtml(out.error_description)}</p>` : '';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(out.error)}</title></head><body><h1>${escapeHtml(out.error)}</h1>${description}</body></html>`;
}

export async function createOidcProvider(o: OidcProviderOptions): Promise<Provider> {
  const keys = await loadProviderKeys({ db: o.db, pii: o.pii, clock: o.clock, ...(o.random ? { random: o.random } : {}) });
  const salt = o.pairwiseSalt ?? keys.pairwiseSalt;
  const ttl = { ...DEFAULT_LOGIN_TTL, ...o.ttl };
  const interactionPath = o.interactionPath ?? INTERACTION_PATH;
  const registry = clientAdapter(o.clients);

  const configuration: Configuration = {
    adapter: (name: string) => (name === 'Client' ? registry : new DbAdapter(o.db, o.clock, name)),
    jwks: { keys: keys.signing as NonNullable<Configuration['jwks']>['keys'] },
    cookies: {
      keys: keys.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    findAccount: async (_ctx: KoaContextWithOIDC, sub: string) => {
      const account = await o.accounts.find(sub);
      if (!account) return undefined;
      // oidc-provider keeps only what the granted scopes and claims allow
      return { accountId: sub, claims: async () => ({ sub, name: account.name, birthdate: account.birthdate }) };
    },
    // acr, amr and auth_time go into every ID token (oidc-provider adds them only when asked for): a service must always learn how sure the login is
    claims: { acr: null, amr: null, auth_time: null, sid: null, iss: null, openid: [...SCOPE_CLAIMS.openid, 'acr', 'amr', 'auth_time'], profile: [...SCOPE_CLAIMS.profile] },
    scopes: ['openid', 'profile'],
    acrValues: [...NSIS_LEVELS],
    // the transaction text a service may show in the app with the approval (at most 130 characters are shown)
    extraParams: ['openmitid_text'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) => {
      // the host of the redirect URIs (or the sector_identifier_uri's); typed loosely by @types/oidc-provider
      const sector = (client as unknown as { sectorIdentifier?: unknown }).sectorIdentifier;
      if (typeof sector !== 'string' || sector === '') throw new Error('pairwise client without a sector identifier');
      return pairwiseSubject(salt, sector, accountId);
    },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
      token_endpoint_auth_method: 'client_secret_basic',
    },
    enabledJWA: { idTokenSigningAlgValues: [...SIGNING_ALGS] },
    // the redirect URI must always be sent and match a registered one exactly
    allowOmittingSingleRegisteredRedirectUri: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      registration: { enabled: false },
    },
    ttl: {
      AuthorizationCode: ttl.authorizationCode,
      AccessToken: ttl.accessToken,
      IdToken: ttl.idToken,
      Interaction: ttl.interaction,
      Session: ttl.session,
      Grant: ttl.session,
    },
    renderError,
    interactions: {
      policy: loginPolicy(),
      url: (_ctx, interaction) => interactionPath(interaction.uid),
    },
  };
  const provider = new Provider(o.issuer, configuration);
  provider.proxy = o.proxy ?? false;
  return provider;
}
