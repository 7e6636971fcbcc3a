/**
 * Logging in with a code display or a code reader: the password and the one-time code in one
 * request, checked by the registry's token kind (password first, so a wrong one neither uses
 * up a code nor counts against the device; a used code is refused as replayed).
 *
 *   POST /login/interaction/:uid/code   { kind: 'code-display' | 'code-reader', password, code }  → { returnTo }
 *
 * Until the password is right, the answer does not depend on whether the user-ID exists, has
 * this device or is blocked (password-gate.ts): PASSWORD_WRONG or PASSWORD_LOCKED, after one
 * argon2id check either way. Only after password and code are both right is a suspended or
 * blocked identity told so (LOGIN_IDENTITY_REFUSED, and the service gets access_denied): the
 * one who proved both factors is the holder, who needs to know; whoever can do that learns
 * nothing a stolen password and device would not give anyway.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../errors.js';
import type { Database } from '../infra/db/index.js';
import type { Clock } from '../infra/clock.js';
import type { PiiCipher } from '../infra/pii/index.js';
import type { RateLimiter } from '../infra/ratelimit/index.js';
import { tokenKind } from '../authenticators/registry.js';
import { PASSWORD_INPUT_LIMIT, type Passwords } from '../authenticators/password/index.js';
import type { TokenDeps } from '../authenticators/code-display/index.js';
import type { LoginService } from './service.js';
import { LoginError } from './errors.js';
import type { IdentityAccounts } from './identity-accounts.js';
import { approvalStore } from './approval/store.js';
import { NSIS_SUBSTANTIAL } from './claims.js';
import { createPasswordGate } from './password-gate.js';

export interface CodeEngines {
  passwords: Passwords;
  tokens: TokenDeps;
}

export interface CodeRouteDeps {
  db: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  pii: PiiCipher;
  limiter: RateLimiter;
  login: LoginService;
  accounts: IdentityAccounts;
  engines: () => Promise<CodeEngines>;
  perSourcePerMinute?: number;
}

const KINDS = new Set(['code-display', 'code-reader']);

export async function codeRoutes(app: FastifyInstance, d: CodeRouteDeps): Promise<void> {
  const gate = createPasswordGate(d);

  app.post('/login/interaction/:uid/code', async (req) => {
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
    const b = (req.body ?? {}) as Record<string, unknown>;
    const kind = b.kind;
    const password = b.password;
    const code = b.code;
    if (typeof kind !== 'string' || !KINDS.has(kind) || typeof password !== 'string' || password.length === 0 || password.length > PASSWORD_INPUT_LIMIT || typeof code !== 'string' || code.length > 16) {
      throw new ApiError('VALIDATION_FAILED', 'expected { kind, password, code }');
    }
    const engines = await d.engines();
    const method = tokenKind(kind as 'code-display' | 'code-reader', engines.tokens, engines.passwords);
    const now = d.clock.now();
    // the same query for an unknown user-ID ('-' is no identity id)
    const has = (await method.list(state.identityId ?? '-', now)).some((t) => t.usable) && state.identityId !== null;
    const attempt = { identityId: state.identityId, userIdKey: state.userIdKey, password, now, passwords: engines.passwords };
    if (!has) return gate.withoutDevice(attempt);
    const identityId = state.identityId!;
    const verdict = await gate.withDevice(attempt, () => method.finishLogin({ identityId, now, answer: { code }, password }));
    if (!(await d.accounts.find(identityId))) {
      // told only now, after both factors (see above)
      const returnTo = await d.login.interactions.abort(uid, 'the identity may not log in');
      throw new ApiError('LOGIN_IDENTITY_REFUSED', 'identity suspended or blocked', { returnTo });
    }
    // password + code: two factors, phishable in real time (NSIS Substantial)
    const returnTo = await d.login.interactions.finishLogin(uid, { accountId: identityId, acr: NSIS_SUBSTANTIAL, amr: verdict.amr });
    return { returnTo };
  });
}
