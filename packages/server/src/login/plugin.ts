/**
 * One call to put the login module into the server's Fastify app: builds the provider from
 * the server's services and mounts it. app.ts calls it when the provider is enabled.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import type { Database } from '../infra/db/index.js';
import type { Clock } from '../infra/clock.js';
import type { PiiCipher } from '../infra/pii/index.js';
import type { AuditLog } from '../infra/audit/index.js';
import type { AccountSource } from './claims.js';
import { createLoginService, type LoginService } from './service.js';
import { loginRoutes } from './routes.js';
import { issuerOf, type LoginSettings } from './settings.js';

export interface LoginDeps {
  db: Kysely<Database>;
  pii: PiiCipher;
  clock: Clock;
  random: RandomSource;
  accounts: AccountSource;
  audit?: AuditLog;
  /** the server's own address settings, for the default issuer */
  server: { publicUrl: string; host: string; port: number };
}

export async function registerLogin(app: FastifyInstance, deps: LoginDeps, settings: LoginSettings): Promise<LoginService> {
  const login = await createLoginService({
    issuer: issuerOf(settings, deps.server),
    db: deps.db,
    pii: deps.pii,
    clock: deps.clock,
    random: deps.random,
    accounts: deps.accounts,
    ...(deps.audit ? { audit: deps.audit } : {}),
    proxy: settings.oidcTrustProxy,
    ...(settings.oidcPairwiseSalt ? { pairwiseSalt: new Uint8Array(Buffer.from(settings.oidcPairwiseSalt, 'base64')) } : {}),
  });
  await loginRoutes(app, login);
  return login;
}
