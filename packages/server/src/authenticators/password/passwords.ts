/**
 * An identity's password: set, check, change. The wrong-password count lives in the
 * identity's row and each check is counted *before* argon2 runs, by one conditional UPDATE:
 * so however many requests race (on one instance or many on one PostgreSQL), no more than
 * `maxFailures` guesses are ever checked before the lock, and a restart forgets nothing. A
 * good password clears the count again.
 */
import { sql, type Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/index.js';
import { hashPassword, needsRehash, verifyPasswordHash } from './hash.js';
import { checkNewPassword, normalisePassword, PASSWORD_INPUT_LIMIT } from './rules.js';
import type { PasswordSettings } from './settings.js';

const iso = (d: Date): string => d.toISOString();
const plusSeconds = (d: Date, s: number): Date => new Date(d.getTime() + s * 1000);

export interface SetPasswordInput {
  identityId: string;
  /** the identity's user-ID (the password may not contain it) */
  userId: string;
  password: string;
  repeat: string;
  now: Date;
}

export interface ChangePasswordInput extends SetPasswordInput {
  oldPassword: string;
}

export interface PasswordVerified {
  identityId: string;
  /** the stored hash was upgraded to the current parameters */
  rehashed: boolean;
  at: Date;
}

/** A new password checked against the rules and hashed, ready to be stored. */
export interface PreparedPassword {
  identityId: string;
  /** the argon2id PHC string */
  phc: string;
  at: string;
}

export interface PasswordStatus {
  set: boolean;
  failures: number;
  locked: boolean;
  lockedUntil: Date | null;
}

export class Passwords {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly random: RandomSource,
    readonly settings: PasswordSettings,
  ) {}

  /**
   * Sets (or replaces) the password after the rules in rules.ts; clears any count or lock.
   * The caller has authorised it (an activation flow, or `change` below).
   */
  async set(input: SetPasswordInput): Promise<void> {
    await this.store(await this.prepare(input));
  }

  /**
   * The slow half of `set`: the rules, then argon2id. Nothing is written, so a caller can do
   * this before opening its transaction and `store` the result inside it.
   */
  async prepare(input: SetPasswordInput): Promise<PreparedPassword> {
    const password = checkNewPassword(input);
    return { identityId: input.identityId, phc: await hashPassword(password, this.settings.argon2, this.random), at: iso(input.now) };
  }

  /** Writes a prepared password through `db` (the caller's transaction, or this engine's database). */
  async store(prepared: PreparedPassword, db: Kysely<Database> = this.db): Promise<void> {
    const { identityId, phc, at } = prepared;
    await db
      .insertInto('identity_passwords')
      .values({ identity_id: identityId, hash: phc, failures: 0, locked_until: null, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('identity_id').doUpdateSet({ hash: phc, failures: 0, locked_until: null, updated_at: at }))
      .execute();
  }

  /**
   * Checks a password. Refusals: PASSWORD_NOT_SET, PASSWORD_LOCKED (details.retryAfterSeconds
   * for a timed lock), PASSWORD_WRONG (details.attemptsLeft). The attempt that uses up the last
   * try is answered PASSWORD_LOCKED.
   */
  async verify(identityId: string, password: string, now: Date): Promise<PasswordVerified> {
    if (typeof password !== 'string' || password.length === 0 || password.length > PASSWORD_INPUT_LIMIT) {
      // not a guess anyone could type: refused before it is counted
      throw new ApiError('VALIDATION_FAILED', 'password missing or too long');
    }
    const candidate = normalisePassword(password);
    const { maxFailures, lockSeconds } = this.settings;
    const at = iso(now);
    // Take one attempt: allowed while under the limit, or once a timed lock has lapsed (which
    // starts a fresh run). The row's hash comes back with it, so the check is against the
    // password that was current when the attempt was counted.
    const claimed = await this.db
      .updateTable('identity_passwords')
      .set({
        failures: sql<number>`CASE WHEN locked_until IS NOT NULL AND locked_until <= ${at} THEN 1 ELSE failures + 1 END`,
        locked_until: null,
      })
      .where('identity_id', '=', identityId)
      .where((eb) => eb.or([eb('failures', '<', maxFailures), eb.and([eb('locked_until', 'is not', null), eb('locked_until', '<=', at)])]))
      .returning(['hash', 'failures'])
      .executeTakeFirst();
    if (!claimed) return this.#refuse(identityId, now);

    if (!(await verifyPasswordHash(claimed.hash, candidate))) {
      if (claimed.failures >= maxFailures) {
        if (lockSeconds !== null) {
          await this.db
            .updateTable('identity_passwords')
            .set({ locked_until: iso(plusSeconds(now, lockSeconds)) })
            .where('identity_id', '=', identityId)
            .where('hash', '=', claimed.hash)
            .where('failures', '>=', maxFailures)
            .execute();
        }
        throw new ApiError('PASSWORD_LOCKED', 'too many wrong passwords', lockSeconds === null ? {} : { retryAfterSeconds: lockSeconds });
      }
      throw new ApiError('PASSWORD_WRONG', 'wrong password', { attemptsLeft: maxFailures - claimed.failures });
    }

    const rehash = needsRehash(claimed.hash, this.settings.argon2);
    const phc = rehash ? await hashPassword(candidate, this.settings.argon2, this.random) : claimed.hash;
    // only if the password was not changed meanwhile; a lost race still proved this password
    await this.db
      .updateTable('identity_passwords')
      .set({ failures: 0, locked_until: null, hash: phc, ...(rehash ? { updated_at: at } : {}) })
      .where('identity_id', '=', identityId)
      .where('hash', '=', claimed.hash)
      .execute();
    return { identityId, rehashed: rehash, at: now };
  }

  async #refuse(identityId: string, now: Date): Promise<never> {
    const row = await this.db.selectFrom('identity_passwords').select(['failures', 'locked_until']).where('identity_id', '=', identityId).executeTakeFirst();
    if (!row) throw new ApiError('PASSWORD_NOT_SET', 'identity has no password');
    const until = row.locked_until === null ? null : Date.parse(row.locked_until);
    const details = until !== null ? { retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) } : {};
    throw new ApiError('PASSWORD_LOCKED', 'too many wrong passwords', details);
  }

  /**
   * Changes the password: the old one is checked (and counted) first, then the new one must
   * pass the rules and differ from the old (PASSWORD_WEAK, reason 'unchanged').
   */
  async change(input: ChangePasswordInput): Promise<void> {
    await this.verify(input.identityId, input.oldPassword, input.now);
    const next = checkNewPassword(input);
    if (next === normalisePassword(input.oldPassword)) throw new ApiError('PASSWORD_WEAK', 'new password equals the old one', { reason: 'unchanged' });
    await this.set(input);
  }

  async status(identityId: string, now: Date): Promise<PasswordStatus> {
    const row = await this.db.selectFrom('identity_passwords').select(['failures', 'locked_until']).where('identity_id', '=', identityId).executeTakeFirst();
    if (!row) return { set: false, failures: 0, locked: false, lockedUntil: null };
    const lockedUntil = row.locked_until === null ? null : new Date(row.locked_until);
    const locked = lockedUntil !== null ? lockedUntil > now : row.failures >= this.settings.maxFailures;
    return { set: true, failures: row.failures, locked, lockedUntil: locked ? lockedUntil : null };
  }

  /** Lifts a lock (an operator after checking the holder, or re-enrolment). */
  async unlock(identityId: string, now: Date): Promise<void> {
    await this.db.updateTable('identity_passwords').set({ failures: 0, locked_until: null, updated_at: iso(now) }).where('identity_id', '=', identityId).execute();
  }

  /** Deletes the password (the identity is blocked or its last password-based authenticator removed). */
  async remove(identityId: string): Promise<void> {
    await this.db.deleteFrom('identity_passwords').where('identity_id', '=', identityId).execute();
  }
}
