/**
 * Every authenticator kind, in one list the login iterates (design.md). The app and the code
 * display / code reader engines keep their own APIs; the thin adapters here put them behind
 * the shared interface of types.ts without changing them. The chip's adapter lives with it
 * (chip/kind.ts).
 */
import type { Kysely } from 'kysely';
import { secureRandom, type RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../errors.js';
import type { Database } from '../infra/db/index.js';
import type { PiiCipher } from '../infra/pii/index.js';
import { NSIS_HIGH, NSIS_SUBSTANTIAL } from '../login/claims.js';
import { appAuthenticatorEngines, type AppAuthenticatorEngines, type AppAuthenticatorSettings } from './app/index.js';
import { chipKind, type ChipSettings } from './chip/index.js';
import { listTokens, verifyTokenCode, type TokenDeps, type TokenKind } from './code-display/index.js';
import { Passwords, type PasswordSettings } from './password/index.js';
import type { AuthenticatorKind, AuthenticatorKindName, AuthenticatorSummary } from './types.js';

/** What a PIN check for a login is made for; the device signs it, so a check for `copy` cannot log in. */
export const APP_LOGIN_PURPOSE = 'login';

function record(v: unknown, shape: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ApiError('VALIDATION_FAILED', `expected ${shape}`);
  return v as Record<string, unknown>;
}

function text(o: Record<string, unknown>, key: string, shape: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ApiError('VALIDATION_FAILED', `expected ${shape}`);
  return v;
}

/**
 * The app: an OPAQUE PIN check bound to the device key (app/pin.ts), made for purpose `login`.
 * Only an active app approves a login; a spare (inactive) one can check its PIN but not log in.
 */
export function appKind(engines: AppAuthenticatorEngines): AuthenticatorKind {
  const shapeBegin = '{ appId, startLoginRequest }';
  const shapeFinish = '{ loginId, finishLoginRequest, signature }';
  return {
    kind: 'app',
    amr: 'code_app',
    needsPassword: false,
    // device key + PIN, on an identity proofed from the passport chip (MitID: the app reaches High that way)
    maxLevel: NSIS_HIGH,
    async list(identityId) {
      return (await engines.apps.list(identityId)).map((a) => ({ kind: 'app' as const, id: a.id, status: a.status, usable: a.status === 'active', createdAt: a.createdAt }));
    },
    async beginLogin({ identityId, now, request }) {
      const r = record(request, shapeBegin);
      const appId = text(r, 'appId', shapeBegin);
      const app = await engines.apps.get(appId);
      if (app.identityId !== identityId) throw new ApiError('APP_NOT_FOUND', 'not an app of this identity');
      if (app.status !== 'active') throw new ApiError('APP_NOT_ACTIVE', `app is ${app.status}`);
      const started = await engines.pins.startLogin({ appId, startLoginRequest: text(r, 'startLoginRequest', shapeBegin), purpose: APP_LOGIN_PURPOSE, now });
      return {
        kind: 'app',
        challenge: { loginId: started.loginId, loginResponse: started.loginResponse, nonce: started.nonce, purpose: started.purpose },
        expiresAt: started.expiresAt,
      };
    },
    async finishLogin({ identityId, now, answer }) {
      const a = record(answer, shapeFinish);
      const ok = await engines.pins.finishLogin({
        loginId: text(a, 'loginId', shapeFinish),
        finishLoginRequest: text(a, 'finishLoginRequest', shapeFinish),
        signature: text(a, 'signature', shapeFinish),
        now,
      });
      if (ok.identityId !== identityId) throw new ApiError('APP_LOGIN_NOT_FOUND', 'PIN check of another identity');
      if (ok.purpose !== APP_LOGIN_PURPOSE) throw new ApiError('APP_LOGIN_NOT_FOUND', 'PIN check made for another purpose');
      const app = await engines.apps.get(ok.appId);
      if (app.status !== 'active') throw new ApiError('APP_NOT_ACTIVE', `app is ${app.status}`);
      return {
        identityId,
        kind: 'app',
        authenticatorId: ok.appId,
        amr: ['code_app'],
        assurance: { factors: ['possession', 'knowledge'], maxLevel: NSIS_HIGH },
        at: now,
      };
    },
  };
}

/**
 * A code display or code reader (one TOTP engine, code-display/), with the password. The
 * password is checked first, so a wrong one neither uses up a code nor counts against the device.
 */
export function tokenKind(kind: TokenKind, deps: TokenDeps, passwords: Passwords): AuthenticatorKind {
  const amr = kind === 'code-display' ? 'code_token' : 'code_reader';
  const shape = '{ code }';
  const ownDevice = async (identityId: string) => (await listTokens(deps, { identityId })).find((d) => d.status !== 'revoked');
  return {
    kind,
    amr,
    needsPassword: true,
    // a one-time code device and a password: two factors, but codes can be phished in real time (NSIS Substantial)
    maxLevel: NSIS_SUBSTANTIAL,
    async list(identityId) {
      const d = await ownDevice(identityId);
      if (!d || d.kind !== kind) return [];
      const summary: AuthenticatorSummary = { kind, id: d.serial, status: d.status, usable: d.status === 'assigned', createdAt: new Date(d.activatedAt ?? d.createdAt) };
      return [summary];
    },
    async beginLogin({ identityId }) {
      const d = await ownDevice(identityId);
      if (!d || d.kind !== kind) throw new ApiError('TOKEN_NOT_FOUND', `identity has no ${kind}`);
      if (d.status === 'suspended') throw new ApiError('TOKEN_SUSPENDED', 'device suspended after wrong codes');
      // nothing is held server-side: the device shows the code, the page asks for it
      return { kind, challenge: { digits: d.params.digits }, expiresAt: null };
    },
    async finishLogin({ identityId, now, answer, password }) {
      const code = text(record(answer, shape), 'code', shape);
      const d = await ownDevice(identityId);
      if (!d || d.kind !== kind) throw new ApiError('TOKEN_NOT_FOUND', `identity has no ${kind}`);
      await passwords.verify(identityId, password ?? '', now);
      const ok = await verifyTokenCode(deps, { identityId, code, now });
      return {
        identityId,
        kind,
        authenticatorId: ok.device.serial,
        amr: ['pwd', amr],
        assurance: { factors: ['knowledge', 'possession'], maxLevel: NSIS_SUBSTANTIAL },
        at: now,
      };
    },
  };
}

export interface AuthenticatorRegistryDeps {
  db: Kysely<Database>;
  /** seals token seeds (infra/pii) */
  pii: PiiCipher;
  random?: RandomSource;
  app: AppAuthenticatorSettings;
  password: PasswordSettings;
  chip: ChipSettings;
}

export interface AuthenticatorRegistry {
  /** every kind, in the order a login page offers them */
  readonly kinds: readonly AuthenticatorKind[];
  get(kind: AuthenticatorKindName): AuthenticatorKind;
  /** every authenticator of the identity, all kinds */
  listAll(identityId: string, now: Date): Promise<AuthenticatorSummary[]>;
  /** the engines behind the adapters, for activation and self-service routes */
  readonly passwords: Passwords;
  readonly app: AppAuthenticatorEngines;
}

export function createAuthenticatorRegistry(deps: AuthenticatorRegistryDeps): AuthenticatorRegistry {
  const random = deps.random ?? secureRandom;
  const passwords = new Passwords(deps.db, random, deps.password);
  const app = appAuthenticatorEngines(deps.db, deps.app, random);
  const tokenDeps: TokenDeps = { db: deps.db, pii: deps.pii, random };
  const kinds: readonly AuthenticatorKind[] = [
    appKind(app),
    tokenKind('code-display', tokenDeps, passwords),
    tokenKind('code-reader', tokenDeps, passwords),
    chipKind({ db: deps.db, random, settings: deps.chip }, passwords),
  ];
  return {
    kinds,
    passwords,
    app,
    get(kind) {
      const k = kinds.find((x) => x.kind === kind);
      if (!k) throw new ApiError('NOT_FOUND', `no authenticator kind ${String(kind)}`);
      return k;
    },
    async listAll(identityId, now) {
      return (await Promise.all(kinds.map((k) => k.list(identityId, now)))).flat();
    },
  };
}
