/**
 * One call to put the login module into the server's Fastify app: builds the provider from
 * the server's services and mounts it, with the login interaction API when the
 * authenticators are given. app.ts calls it when the provider is enabled.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import type { PendingApproval } from '@openmitid/api';
import type { Database } from '../infra/db/index.js';
import type { Clock } from '../infra/clock.js';
import type { PiiCipher } from '../infra/pii/index.js';
import type { AuditLog } from '../infra/audit/index.js';
import type { RateLimiter } from '../infra/ratelimit/index.js';
import type { AppAuthenticatorEngines } from '../authenticators/app/index.js';
import type { AuthenticatorKindName } from '../authenticators/types.js';
import type { AccountSource } from './claims.js';
import { createLoginService, type LoginService } from './service.js';
import { loginRoutes } from './routes.js';
import { issuerOf, type LoginSettings } from './settings.js';
import { createIdentityAccounts, type IdentityAccounts } from './identity-accounts.js';
import { createApprovalHub, type ApprovalHub } from './approval/hub.js';
import { createRedisApprovalHub } from './approval/redis-hub.js';
import { createApprovals, type ApprovalSettings, type Approvals } from './approval/approvals.js';
import { interactionRoutes } from './interaction-routes.js';
import { codeRoutes, type CodeEngines } from './code-routes.js';
import { chipRoutes } from './chip-routes.js';
import type { ChipSettings } from '../authenticators/chip/index.js';
import { createWebPushNotifier } from './approval/web-push.js';

export interface LoginDeps {
  db: Kysely<Database>;
  pii: PiiCipher;
  clock: Clock;
  random: RandomSource;
  /** default: the identity store (identities table) */
  accounts?: IdentityAccounts | AccountSource;
  audit?: AuditLog;
  /** the server's own address settings, for the default issuer; with redisUrl, approvals are fanned out through Redis */
  server: { publicUrl: string; host: string; port: number; redisUrl?: string | undefined };
  /** with both, the login interaction API (user-ID, app approval) is mounted too */
  limiter?: RateLimiter;
  /** the app engines (or a getter building them on first use) */
  apps?: AppAuthenticatorEngines | (() => Promise<AppAuthenticatorEngines>);
  /** the password and code-display engines: with them, the code display / code reader login is mounted */
  codes?: () => Promise<CodeEngines>;
  /** WebAuthn relying party settings: with them (and `codes`), the chip login is mounted */
  chip?: ChipSettings;
  /** wakes a closed app (Web Push); optional */
  notify?: (identityId: string, event: PendingApproval) => Promise<void>;
  approval?: Partial<ApprovalSettings>;
  perSourcePerMinute?: number;
}

export interface MountedLogin {
  login: LoginService;
  /** present when the interaction API is mounted */
  approvals?: Approvals;
  hub?: ApprovalHub;
}

function isIdentityAccounts(a: IdentityAccounts | AccountSource): a is IdentityAccounts {
  return typeof (a as Partial<IdentityAccounts>).byUserId === 'function';
}

export async function registerLogin(app: FastifyInstance, deps: LoginDeps, settings: LoginSettings): Promise<MountedLogin> {
  const accounts = deps.accounts ?? createIdentityAccounts({ db: deps.db, pii: deps.pii, clock: deps.clock });
  const login = await createLoginService({
    issuer: issuerOf(settings, deps.server),
    db: deps.db,
    pii: deps.pii,
    clock: deps.clock,
    random: deps.random,
    accounts,
    ...(deps.audit ? { audit: deps.audit } : {}),
    proxy: settings.oidcTrustProxy,
    ...(settings.oidcPairwiseSalt ? { pairwiseSalt: new Uint8Array(Buffer.from(settings.oidcPairwiseSalt, 'base64')) } : {}),
  });
  await loginRoutes(app, login);
  if (!deps.limiter || !deps.apps || !isIdentityAccounts(accounts)) return { login };

  const givenCodes = deps.codes;
  let builtCodes: Promise<CodeEngines> | undefined;
  const codeEngines = givenCodes ? () => (builtCodes ??= givenCodes()) : undefined;
  const given = deps.apps;
  let engines: Promise<AppAuthenticatorEngines> | undefined;
  const apps = () => (engines ??= typeof given === 'function' ? given() : Promise.resolve(given));
  // with Redis, a request reaches the apps connected to any instance
  const redisUrl = deps.server.redisUrl;
  const redisHub = redisUrl ? createRedisApprovalHub(redisUrl) : undefined;
  if (redisHub) {
    await redisHub.ready;
    app.addHook('onClose', async () => redisHub.close());
  }
  const hub: ApprovalHub = redisHub ?? createApprovalHub();
  const vapid = settings.vapidPublicKey && settings.vapidPrivateKey ? { publicKey: settings.vapidPublicKey, privateKey: settings.vapidPrivateKey, subject: settings.vapidSubject } : undefined;
  const pusher = vapid ? createWebPushNotifier({ apps, vapid }) : undefined;
  const notify = deps.notify ?? (pusher ? async (identityId: string, event: PendingApproval) => void (await pusher(identityId, event)) : undefined);
  const approvals = createApprovals({
    db: deps.db,
    clock: deps.clock,
    random: deps.random,
    limiter: deps.limiter,
    apps,
    accounts,
    interactions: login.interactions,
    hub,
    ...(notify ? { notify } : {}),
    ...(deps.approval ? { settings: deps.approval } : {}),
  });
  // the same choice for every user-ID (interaction-routes.ts)
  const offeredMethods: AuthenticatorKindName[] = ['app', ...(codeEngines ? (['code-display', 'code-reader'] as const) : []), ...(codeEngines && deps.chip ? (['chip'] as const) : [])];
  await app.register(async (scope) =>
    interactionRoutes(scope, {
      db: deps.db,
      clock: deps.clock,
      limiter: deps.limiter!,
      ...(deps.audit ? { audit: deps.audit } : {}),
      login,
      accounts,
      approvals,
      hub,
      offeredMethods,
      ...(deps.perSourcePerMinute ? { perSourcePerMinute: deps.perSourcePerMinute } : {}),
    }),
  );
  if (codeEngines) {
    await app.register(async (scope) =>
      codeRoutes(scope, {
        db: deps.db,
        clock: deps.clock,
        random: deps.random,
        pii: deps.pii,
        limiter: deps.limiter!,
        login,
        accounts,
        engines: codeEngines,
        ...(deps.perSourcePerMinute ? { perSourcePerMinute: deps.perSourcePerMinute } : {}),
      }),
    );
  }
  if (codeEngines && deps.chip) {
    const chip = deps.chip;
    await app.register(async (scope) =>
      chipRoutes(scope, {
        db: deps.db,
        clock: deps.clock,
        random: deps.random,
        pii: deps.pii,
        limiter: deps.limiter!,
        login,
        accounts,
        engines: codeEngines,
        chip,
        ...(deps.perSourcePerMinute ? { perSourcePerMinute: deps.perSourcePerMinute } : {}),
      }),
    );
  }
  return { login, approvals, hub };
}
