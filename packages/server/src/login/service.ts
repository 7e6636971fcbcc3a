/**
 * The login module assembled: the provider (rebuilt from stored keys on `reload`), the client
 * registry and the interaction finisher the login pages use.
 */
import type Provider from 'oidc-provider';
import { createClientRegistry, type ClientRegistry } from './clients.js';
import { createInteractionFinisher, type InteractionFinisher } from './interactions.js';
import { createOidcProvider, type OidcProviderOptions } from './provider.js';

export type LoginServiceOptions = Omit<OidcProviderOptions, 'clients'> & { clients?: ClientRegistry };

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
}

export function mountPathOf(issuer: string): string {
  const path = new URL(issuer).pathname.replace(/\/+$/, '');
  // at the root the provider's routes would shadow the rest of the server
  if (path === '') throw new Error('the issuer must have a path, e.g. https://login.example.dk/oidc');
  return path;
}

export async function createLoginService(o: LoginServiceOptions): Promise<LoginService> {
  const clients = o.clients ?? createClientRegistry({ db: o.db, pii: o.pii, clock: o.clock, ...(o.random ? { random: o.random } : {}) });
  const build = () => createOidcProvider({ ...o, clients });
  let current = await build();
  const provider = () => current;
  return {
    issuer: o.issuer,
    mountPath: mountPathOf(o.issuer),
    provider,
    clients,
    interactions: createInteractionFinisher(provider, o.accounts),
    async reload() {
      current = await build();
    },
  };
}
