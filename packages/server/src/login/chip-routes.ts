/**
 * Logging in with a chip (a FIDO security key, WebAuthn) and the password:
 *
 *   POST /login/interaction/:uid/chip/begin                                   → { ceremonyId, options }
 *   POST /login/interaction/:uid/chip/finish  { ceremonyId, response, password } → { returnTo }
 *
 * A user-ID without a key (or unknown) gets options of the same shape — a fresh challenge and
 * a credential id derived from the user-ID, so asking twice gives the same id — and, at the
 * finish, the answer of a wrong password after the cost of a password hash.
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError, isApiError } from '../errors.js';
import type { Database } from '../infra/db/index.js';
import type { Clock } from '../infra/clock.js';
import type { RateLimiter } from '../infra/ratelimit/index.js';
import { newId } from '../infra/ids.js';
import { chipKind, type ChipSettings } from '../authenticators/chip/index.js';
import { hashPassword, passwordSettings } from '../authenticators/password/index.js';
import type { LoginService } from './service.js';
import { LoginError } from './errors.js';
import type { IdentityAccounts } from './identity-accounts.js';
import { approvalStore } from './approval/store.js';
import { NSIS_SUBSTANTIAL } from './claims.js';
import type { CodeEngines } from './code-routes.js';

export interface ChipRouteDeps {
  db: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  limiter: RateLimiter;
  login: LoginService;
  accounts: IdentityAccounts;
  engines: () => Promise<CodeEngines>;
  chip: ChipSettings;
  perSourcePerMinute?: number;
}

export async function chipRoutes(app: FastifyInstance, d: ChipRouteDeps): Promise<void> {
  const decoyKey = d.random(32);
  const burnParams = passwordSettings().argon2;

  async function prepare(req: { ip: string; params: unknown }) {
    const hit = await d.limiter.hit(d.db, `login-source:${req.ip}`, d.perSourcePerMinute ?? 60, 60, d.clock.now());
    if (!hit.allowed) throw new ApiError('RATE_LIMITED', 'too many login attempts from this address', { retryAfterSeconds: hit.retryAfterSeconds });
    const { uid } = req.params as { uid: string };
    try {
      await d.login.interactions.details(uid);
    } catch (e) {
      if (e instanceof LoginError) throw new ApiError('LOGIN_INTERACTION_NOT_FOUND', 'no such login, or it expired');
      throw e;
    }
    const state = await approvalStore.findState(d.db, uid);
    if (!state) throw new ApiError('LOGIN_STEP_OUT_OF_ORDER', 'enter the user-ID first');
    const e = await d.engines();
    const kind = chipKind({ db: d.db, random: d.random, settings: d.chip }, e.passwords);
    const now = d.clock.now();
    const has = state.identityId !== null && (await kind.list(state.identityId, now)).some((c) => c.usable);
    return { uid, state, kind, now, has };
  }

  app.post('/login/interaction/:uid/chip/begin', async (req) => {
    const { state, kind, now, has } = await prepare(req);
    if (has) {
      const c = await kind.beginLogin({ identityId: state.identityId!, now });
      return c.challenge;
    }
    const fakeId = createHmac('sha256', decoyKey).update(state.userIdKey).digest().subarray(0, 32).toString('base64url');
    const options = await generateAuthenticationOptions({
      rpID: d.chip.rpId,
      allowCredentials: [{ id: fakeId, transports: ['usb', 'nfc'] }],
      challenge: new Uint8Array(d.random(32)),
      timeout: d.chip.ceremonySeconds * 1000,
      userVerification: 'discouraged',
    });
    return { ceremonyId: newId(d.random), options };
  });

  app.post('/login/interaction/:uid/chip/finish', async (req) => {
    const { uid, state, kind, now, has } = await prepare(req);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const password = b.password;
    if (typeof password !== 'string' || password.length > 1024) throw new ApiError('VALIDATION_FAILED', 'expected { ceremonyId, response, password }');
    if (!has) {
      await hashPassword(password, burnParams, d.random);
      throw new ApiError('PASSWORD_WRONG', 'wrong password');
    }
    const identityId = state.identityId!;
    if (!(await d.accounts.find(identityId))) {
      const returnTo = await d.login.interactions.abort(uid, 'the identity may not log in');
      throw new ApiError('LOGIN_IDENTITY_REFUSED', 'identity suspended or blocked', { returnTo });
    }
    let verdict;
    try {
      verdict = await kind.finishLogin({ identityId, now, answer: { ceremonyId: b.ceremonyId, response: b.response }, password });
    } catch (e) {
      if (isApiError(e, 'PASSWORD_WRONG')) throw new ApiError('PASSWORD_WRONG', 'wrong password');
      throw e;
    }
    // the key could give High; an identity proved by passport in the app reaches at most Substantial
    const returnTo = await d.login.interactions.finishLogin(uid, { accountId: identityId, acr: NSIS_SUBSTANTIAL, amr: verdict.amr });
    return { returnTo };
  });
}
