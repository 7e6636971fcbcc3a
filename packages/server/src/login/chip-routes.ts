/**
 * Logging in with a chip (a FIDO security key, WebAuthn) and the password:
 *
 *   POST /login/interaction/:uid/chip/begin                                   → { ceremonyId, options }
 *   POST /login/interaction/:uid/chip/finish  { ceremonyId, response, password } → { returnTo }
 *
 * A user-ID without a key (or unknown, or blocked) gets options made by the same call with a
 * fresh challenge and one credential id derived from the user-ID under the server's look-up
 * key (so asking twice, or asking another instance, gives the same id, as a real key's would),
 * and at the finish the answers of password-gate.ts: PASSWORD_WRONG or PASSWORD_LOCKED after
 * one argon2id check. A suspended or blocked identity is told so only after password and key
 * are both right (see code-routes.ts).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../errors.js';
import type { Database } from '../infra/db/index.js';
import type { Clock } from '../infra/clock.js';
import type { PiiCipher } from '../infra/pii/index.js';
import type { RateLimiter } from '../infra/ratelimit/index.js';
import { newId } from '../infra/ids.js';
import { chipKind, type ChipSettings } from '../authenticators/chip/index.js';
import { PASSWORD_INPUT_LIMIT } from '../authenticators/password/index.js';
import type { LoginService } from './service.js';
import { LoginError } from './errors.js';
import type { IdentityAccounts } from './identity-accounts.js';
import { approvalStore } from './approval/store.js';
import { NSIS_SUBSTANTIAL } from './claims.js';
import type { CodeEngines } from './code-routes.js';
import { createPasswordGate } from './password-gate.js';

export interface ChipRouteDeps {
  db: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  pii: PiiCipher;
  limiter: RateLimiter;
  login: LoginService;
  accounts: IdentityAccounts;
  engines: () => Promise<CodeEngines>;
  chip: ChipSettings;
  perSourcePerMinute?: number;
}

export async function chipRoutes(app: FastifyInstance, d: ChipRouteDeps): Promise<void> {
  const gate = createPasswordGate(d);
  /**
   * What a decoy credential looks like: the id length and transports most of the registered
   * keys have (key models differ: an odd length would mark the decoy), looked up every ten
   * minutes; 64 bytes over USB and NFC before any key is registered.
   */
  let shape: { at: number; bytes: number; transports: string[] } | undefined;
  async function decoyShape(nowMs: number) {
    if (shape && nowMs - shape.at < 600_000) return shape;
    const rows = await d.db.selectFrom('fido_credentials').select(['id', 'transports']).where('status', '=', 'active').limit(1000).execute();
    const tally = new Map<string, number>();
    for (const r of rows) tally.set(`${r.id.length}|${r.transports}`, (tally.get(`${r.id.length}|${r.transports}`) ?? 0) + 1);
    const [common] = [...tally.entries()].sort((a, b) => b[1] - a[1]);
    const [length, transports] = common ? [Number(common[0].split('|')[0]), JSON.parse(common[0].slice(common[0].indexOf('|') + 1)) as string[]] : [86, ['usb', 'nfc']];
    shape = { at: nowMs, bytes: Math.floor((length * 3) / 4), transports };
    return shape;
  }
  /** derived from the user-ID under the server's look-up key: stable across requests and instances */
  const decoyCredentialId = (userIdKey: string, bytes: number): string => {
    const seed = d.pii.lookupHash(userIdKey, 'login-decoy-credential');
    const parts: Buffer[] = [];
    for (let i = 0; parts.length * 32 < bytes; i++) parts.push(createHash('sha256').update(`${i}\0${seed}`).digest());
    return Buffer.concat(parts).subarray(0, bytes).toString('base64url');
  };

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
    // the same query for an unknown user-ID ('-' is no identity id)
    const has = (await kind.list(state.identityId ?? '-', now)).some((c) => c.usable) && state.identityId !== null;
    return { uid, state, kind, now, has, passwords: e.passwords };
  }

  app.post('/login/interaction/:uid/chip/begin', async (req) => {
    const { state, kind, now, has } = await prepare(req);
    if (has) {
      const c = await kind.beginLogin({ identityId: state.identityId!, now });
      return c.challenge;
    }
    const looks = await decoyShape(now.getTime());
    const options = await generateAuthenticationOptions({
      rpID: d.chip.rpId,
      allowCredentials: [{ id: decoyCredentialId(state.userIdKey, looks.bytes), transports: looks.transports }],
      challenge: new Uint8Array(d.random(32)),
      timeout: d.chip.ceremonySeconds * 1000,
      userVerification: 'discouraged',
    });
    return { ceremonyId: newId(d.random), options };
  });

  app.post('/login/interaction/:uid/chip/finish', async (req) => {
    const { uid, state, kind, now, has, passwords } = await prepare(req);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const password = b.password;
    // the shape is checked for everyone, so a malformed answer tells nothing either
    if (typeof password !== 'string' || password.length === 0 || password.length > PASSWORD_INPUT_LIMIT || typeof b.ceremonyId !== 'string' || b.ceremonyId.length > 64) {
      throw new ApiError('VALIDATION_FAILED', 'expected { ceremonyId, response, password }');
    }
    const attempt = { identityId: state.identityId, userIdKey: state.userIdKey, password, now, passwords };
    if (!has) return gate.withoutDevice(attempt);
    const identityId = state.identityId!;
    const verdict = await gate.withDevice(attempt, () => kind.finishLogin({ identityId, now, answer: { ceremonyId: b.ceremonyId, response: b.response }, password }));
    if (!(await d.accounts.find(identityId))) {
      // told only now, after password and key (see above)
      const returnTo = await d.login.interactions.abort(uid, 'the identity may not log in');
      throw new ApiError('LOGIN_IDENTITY_REFUSED', 'identity suspended or blocked', { returnTo });
    }
    // the key could give High; an identity proved by passport in the app reaches at most Substantial
    const returnTo = await d.login.interactions.finishLogin(uid, { accountId: identityId, acr: NSIS_SUBSTANTIAL, amr: verdict.amr });
    return { returnTo };
  });
}
