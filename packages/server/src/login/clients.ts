/**
 * The service providers the operator registered (`openmitid clients add …`). oidc-provider
 * finds them through its `Client` adapter (see clientAdapter), so a client added or removed
 * by the CLI is seen by every running instance on its next request.
 *
 * The client secret: oidc-provider authenticates `client_secret_basic` by comparing the
 * presented secret with the stored one in constant time, so it needs the secret itself, not
 * a hash. It is therefore kept sealed by the PII cipher (AES-256-GCM, bound to the client id)
 * and opened only when the provider asks for the client. A database dump without the PII
 * key does not reveal it; an attacker with both could as well mint tokens with the sealed
 * signing keys. Public clients (apps) have no secret and rely on PKCE alone.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Adapter, AdapterPayload, ClientMetadata } from 'oidc-provider';
import { secureRandom, type RandomSource } from '@openmitid/mrtd';
import type { Database } from '../infra/db/index.js';
import type { OidcClientsTable } from '../infra/db/schema.js';
import type { Clock } from '../infra/clock.js';
import type { PiiCipher } from '../infra/pii/index.js';
import { newId } from '../infra/ids.js';
import type { SigningAlg } from './keys.js';
import { LoginError } from './errors.js';

export type SubjectType = 'public' | 'pairwise';

export interface NewClient {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** default 'pairwise': a service provider learns nothing it could link with another's */
  subjectType?: SubjectType;
  /** a public client (an app or single-page app): no secret, PKCE only */
  public?: boolean;
  /** default 'ES256' */
  idTokenAlg?: SigningAlg;
}

export interface RegisteredClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  subjectType: SubjectType;
  confidential: boolean;
  idTokenAlg: SigningAlg;
  createdAt: string;
}

export interface ClientRegistry {
  /** Registers a client; the secret (confidential clients) is returned this once and never again. */
  add(client: NewClient): Promise<{ client: RegisteredClient; clientSecret?: string }>;
  list(): Promise<RegisteredClient[]>;
  get(clientId: string): Promise<RegisteredClient | undefined>;
  /** true when a client was removed */
  remove(clientId: string): Promise<boolean>;
  /** The client as oidc-provider reads it (secret opened); undefined when unknown. */
  metadata(clientId: string): Promise<ClientMetadata | undefined>;
}

export interface ClientRegistryDeps {
  db: Kysely<Database>;
  pii: PiiCipher;
  clock: Clock;
  random?: RandomSource;
}

const secretContext = (clientId: string): string => `oidc.client.secret:${clientId}`;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An exact redirect URI: absolute, https (http only to the loopback for development), no fragment. */
function checkUri(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LoginError('OIDC_CLIENT_INVALID', `${what} is not an absolute URL`);
  }
  if (url.hash !== '' || raw.includes('#')) throw new LoginError('OIDC_CLIENT_INVALID', `${what} must not have a fragment`);
  const httpsOrLoopback = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  // native apps may use a private-use scheme (RFC 8252 §7.1), e.g. dk.example.app:/callback
  const privateScheme = /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol);
  if (!httpsOrLoopback && !privateScheme) throw new LoginError('OIDC_CLIENT_INVALID', `${what} must be https (http only for localhost)`);
  return url;
}

function validate(c: NewClient): void {
  const name = c.name.trim();
  if (name === '' || name.length > 200) throw new LoginError('OIDC_CLIENT_INVALID', 'a client name is 1–200 characters');
  if (c.redirectUris.length === 0) throw new LoginError('OIDC_CLIENT_INVALID', 'a client needs at least one redirect URI');
  const hosts = new Set(c.redirectUris.map((u) => checkUri(u, 'redirect URI').host));
  for (const u of c.postLogoutRedirectUris ?? []) checkUri(u, 'post-logout redirect URI');
  // a pairwise subject is computed per host (the sector); several hosts would need a sector_identifier_uri document
  if ((c.subjectType ?? 'pairwise') === 'pairwise' && hosts.size > 1) {
    throw new LoginError('OIDC_CLIENT_INVALID', 'a pairwise client must have all redirect URIs on one host');
  }
}

function toClient(r: Selectable<OidcClientsTable>): RegisteredClient {
  return {
    clientId: r.client_id,
    name: r.name,
    redirectUris: JSON.parse(r.redirect_uris) as string[],
    postLogoutRedirectUris: JSON.parse(r.post_logout_redirect_uris) as string[],
    subjectType: r.subject_type as SubjectType,
    confidential: r.secret_sealed !== null,
    idTokenAlg: r.id_token_alg as SigningAlg,
    createdAt: r.created_at,
  };
}

export function createClientRegistry(deps: ClientRegistryDeps): ClientRegistry {
  const random = deps.random ?? secureRandom;
  const row = (clientId: string) => deps.db.selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();

  return {
    async add(c) {
      validate(c);
      const clientId = newId(random, 16);
      const clientSecret = c.public ? undefined : newId(random, 32);
      const values = {
        client_id: clientId,
        name: c.name.trim(),
        secret_sealed: clientSecret === undefined ? null : deps.pii.encrypt(clientSecret, secretContext(clientId)),
        redirect_uris: JSON.stringify(c.redirectUris),
        post_logout_redirect_uris: JSON.stringify(c.postLogoutRedirectUris ?? []),
        subject_type: c.subjectType ?? 'pairwise',
        id_token_alg: c.idTokenAlg ?? 'ES256',
        created_at: deps.clock.now().toISOString(),
      };
      await deps.db.insertInto('oidc_clients').values(values).execute();
      return { client: toClient(values), ...(clientSecret === undefined ? {} : { clientSecret }) };
    },

    async list() {
      const rows = await deps.db.selectFrom('oidc_clients').selectAll().orderBy('created_at').orderBy('client_id').execute();
      return rows.map(toClient);
    },

    async get(clientId) {
      const r = await row(clientId);
      return r ? toClient(r) : undefined;
    },

    async remove(clientId) {
      const r = await deps.db.deleteFrom('oidc_clients').where('client_id', '=', clientId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async metadata(clientId) {
      const r = await row(clientId);
      if (!r) return undefined;
      const c = toClient(r);
      return {
        client_id: c.clientId,
        client_name: c.name,
        ...(r.secret_sealed === null
          ? { token_endpoint_auth_method: 'none' }
          : { client_secret: deps.pii.decrypt(r.secret_sealed, secretContext(c.clientId)), token_endpoint_auth_method: 'client_secret_basic' }),
        redirect_uris: c.redirectUris,
        post_logout_redirect_uris: c.postLogoutRedirectUris,
        subject_type: c.subjectType,
        id_token_signed_response_alg: c.idTokenAlg,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // a private-use scheme redirect marks an app
        application_type: c.redirectUris.every((u) => /^https?:/.test(u)) ? 'web' : 'native',
      };
    },
  };
}

/** oidc-provider's `Client` adapter: reads the registry; registration through the provider is off, so writes are refused. */
export function clientAdapter(registry: ClientRegistry): Adapter {
  const refuse = async (): Promise<never> => {
    throw new LoginError('OIDC_CLIENT_INVALID', 'clients are registered by the operator only');
  };
  return {
    find: async (id) => (await registry.metadata(id)) as AdapterPayload | undefined,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    upsert: refuse,
    consume: refuse,
    destroy: refuse,
    revokeByGrantId: async () => undefined,
  };
}
