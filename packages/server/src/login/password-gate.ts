/**
 * The password step of a code display, code reader or chip login, as the requester sees it.
 *
 * Before the user has proved anything, the answer may not tell whether the user-ID exists,
 * which devices it has or whether it is blocked. So every path ends in the same few answers
 * after about the same work (one argon2id check):
 *
 *   - the chosen device exists: the real check (Passwords.verify counts the attempt first);
 *     PASSWORD_WRONG loses its attemptsLeft detail;
 *   - the identity has a password but not the chosen device: the real check too (so the lock
 *     is the same whichever method is tried), then PASSWORD_WRONG whatever the password;
 *   - no such user-ID, or no password: a check against a fixed dummy hash and a decoy failure
 *     count per user-ID (a row of our own model in oidc_payloads, keyed by a keyed hash of
 *     the user-ID) that locks after as many failures, for as long, as a real password does.
 *
 * Answers: PASSWORD_WRONG (no details) or PASSWORD_LOCKED (retryAfterSeconds for a timed
 * lock) — from a real count or a decoy one alike.
 */
import type { Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError, isApiError } from '../errors.js';
import type { Database } from '../infra/db/index.js';
import type { PiiCipher } from '../infra/pii/index.js';
import { hashPassword, normalisePassword, verifyPasswordHash, type Passwords } from '../authenticators/password/index.js';

const DECOY_MODEL = 'OpenMitIdDecoyPassword';
/** a decoy count is kept this long (a real one has no end; a year outlasts any probing run) */
const DECOY_KEEP_MS = 366 * 86_400_000;

export interface PasswordAttempt {
  /** null: no identity behind the user-ID */
  identityId: string | null;
  userIdKey: string;
  password: string;
  now: Date;
  passwords: Passwords;
}

export interface PasswordGate {
  /** The chosen device exists: runs the real login (which checks the password first) and hides what a requester may not see. */
  withDevice<T>(a: PasswordAttempt, login: () => Promise<T>): Promise<T>;
  /** The chosen device does not exist (or the user-ID does not): the answer of a wrong password, after the same work. */
  withoutDevice(a: PasswordAttempt): Promise<never>;
}

interface DecoyCount {
  failures: number;
  /** epoch ms */
  lockedUntil: number | null;
}

export function createPasswordGate(deps: { db: Kysely<Database>; random: RandomSource; pii: PiiCipher }): PasswordGate {
  const dummies = new Map<string, Promise<string>>();
  /** a hash of nothing anyone knows, under the current parameters, so checking it costs what a real check costs */
  function dummyHash(passwords: Passwords): Promise<string> {
    const params = passwords.settings.argon2;
    const key = JSON.stringify(params);
    let h = dummies.get(key);
    if (!h) dummies.set(key, (h = hashPassword(Buffer.from(deps.random(32)).toString('base64url'), params, deps.random)));
    return h;
  }

  async function decoy(a: PasswordAttempt): Promise<never> {
    const { maxFailures, lockSeconds } = a.passwords.settings;
    const id = deps.pii.lookupHash(a.userIdKey, 'login-decoy-password');
    const nowMs = a.now.getTime();
    const row = await deps.db.selectFrom('oidc_payloads').select('payload').where('model', '=', DECOY_MODEL).where('id', '=', id).executeTakeFirst();
    const count: DecoyCount = row ? (JSON.parse(row.payload) as DecoyCount) : { failures: 0, lockedUntil: null };
    const lapsed = count.lockedUntil !== null && count.lockedUntil <= nowMs;
    const save = async (c: DecoyCount) => {
      const payload = JSON.stringify(c);
      const expires_at = new Date(nowMs + DECOY_KEEP_MS).toISOString();
      await deps.db
        .insertInto('oidc_payloads')
        .values({ model: DECOY_MODEL, id, payload, grant_id: null, user_code: null, uid: null, expires_at, consumed_at: null })
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet({ payload, expires_at }))
        .execute();
    };
    if (!lapsed && count.failures >= maxFailures) {
      // as Passwords refuses a locked password: before any hash
      throw new ApiError('PASSWORD_LOCKED', 'too many wrong passwords', count.lockedUntil !== null ? { retryAfterSeconds: Math.max(1, Math.ceil((count.lockedUntil - nowMs) / 1000)) } : {});
    }
    const failures = lapsed ? 1 : count.failures + 1;
    await verifyPasswordHash(await dummyHash(a.passwords), normalisePassword(a.password));
    if (failures >= maxFailures) {
      await save({ failures, lockedUntil: lockSeconds === null ? null : nowMs + lockSeconds * 1000 });
      throw new ApiError('PASSWORD_LOCKED', 'too many wrong passwords', lockSeconds === null ? {} : { retryAfterSeconds: lockSeconds });
    }
    await save({ failures, lockedUntil: null });
    throw new ApiError('PASSWORD_WRONG', 'wrong password');
  }

  /** A refusal of the real check as the requester sees it. */
  async function shown(e: unknown, a: PasswordAttempt): Promise<never> {
    if (isApiError(e, 'PASSWORD_WRONG')) throw new ApiError('PASSWORD_WRONG', 'wrong password');
    // a blocked identity's password is removed: counted like an unknown user-ID's
    if (isApiError(e, 'PASSWORD_NOT_SET')) return decoy(a);
    throw e;
  }

  return {
    async withDevice(a, login) {
      try {
        return await login();
      } catch (e) {
        return shown(e, a);
      }
    },

    async withoutDevice(a) {
      // the same query for an unknown user-ID ('-' is no identity id)
      if ((await a.passwords.status(a.identityId ?? '-', a.now)).set && a.identityId !== null) {
        try {
          await a.passwords.verify(a.identityId, a.password, a.now);
        } catch (e) {
          return shown(e, a);
        }
        throw new ApiError('PASSWORD_WRONG', 'wrong password');
      }
      return decoy(a);
    },
  };
}
