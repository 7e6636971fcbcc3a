/**
 * The login module assembled: the provider (rebuilt from stored keys on `reload`), the client
 * registry and the interaction finisher the login pages use.
 */
import type Provider from 'oidc-provider';
import { createClientRegistry, type ClientRegistry } from './clients.js';
import { createInteractionFinisher, type InteractionFinisher } from './interactions.js';
import { createOidcProvider, type OidcProviderOptions } from './provider.js';
import { liveKeyIds } from './keys.js';
import type { AuditLog } from '../infra/audit/index.js';

export type LoginServiceOptions = Omit<OidcProviderOptions, 'clients'> & {
  clients?: ClientRegistry;
  /** how often to look for rotated keys (default 60 s) */
  keyCheckSeconds?: number;
  /** when set, every login and refusal is audited */
  audit?: AuditLog;
};

export interface LoginService {
  readonly issuer: string;
  /** the issuer's path, where the provider is mounted (e.g. /oidc) */
  readonly mountPath: string;
  /** the current provider instance */
  provider(): Provider;
  readonly clients: ClientRegistry;
  readonly interactions: InteractionFinisher;
  /** Rebuilds the provider from the stored keys, e.g. after `rotateSigningKeys`; stored sessions and codes live on. */
  reload(): Promise<void>;
  /**
   * Reloads when the live keys in the database changed (a rotation by the CLI or another
   * instance, or a key retiring). Checks at most once per `keyCheckSeconds`; the routes call it.
   */
  refreshKeys(): Promise<boolean>;
}

export function mountPathOf(issuer: string): string {
  const path = new URL(issuer).pathname.replace(/\/+$/, '');
  // at the root the provider's routes would shadow the rest of the server
  if (path === '') throw new Error('the issuer must have a path, e.g. https://login.example.dk/oidc');
  return path;
}

export async function createLoginService(o: LoginServiceOptions): Promise<LoginService> {
  const clients = o.clients ?? createClientRegistry({ db: o.db, pii: o.pii, clock: o.clock, ...(o.random ? { random: o.random } : {}) });
  const deps = { db: o.db, pii: o.pii, clock: o.clock };
  const build = () => createOidcProvider({ ...o, clients });
  let current = await build();
  let loadedKids = await liveKeyIds(deps);
  let checkedAt = o.clock.now().getTime();
  let checking: Promise<boolean> | undefined;
  const provider = () => current;
  const reload = async () => {
    const kids = await liveKeyIds(deps);
    current = await build();
    loadedKids = kids;
  };
  const check = async (): Promise<boolean> => {
    checkedAt = o.clock.now().getTime();
    if ((await liveKeyIds(deps)) === loadedKids) return false;
    await reload();
    return true;
  };
  return {
    issuer: o.issuer,
    mountPath: mountPathOf(o.issuer),
    provider,
    clients,
    interactions: createInteractionFinisher(provider, o.accounts, { clients, outcomes: { db: o.db }, ...(o.audit ? { audit: { log: o.audit, db: o.db, clock: o.clock } } : {}) }),
    reload,
    async refreshKeys() {
      if (o.clock.now().getTime() - checkedAt < (o.keyCheckSeconds ?? 60) * 1000) return false;
      // one check at a time; concurrent requests wait for it
      checking ??= check().finally(() => (checking = undefined));
      return checking;
    },
  };
}
