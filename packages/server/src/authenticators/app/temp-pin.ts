/**
 * Temporary PINs sent by SMS to activate an app (issue 4 §1): 8 digits, valid 30 minutes,
 * blocked after 3 wrong tries, single use. Stored only as an HMAC under a server key, so
 * the database alone does not give them away.
 */
import { createHmac } from 'node:crypto';
import { equalBytes, type RandomSource } from '@openmitid/mrtd';
import type { Kysely } from 'kysely';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/index.js';
import { iso, plusSeconds } from './time.js';

export const TEMP_PIN_DIGITS = 8;
const MODULUS = 10 ** TEMP_PIN_DIGITS;
// the largest multiple of 10^8 that fits in 32 bits: draws at or above it are redrawn, so
// every code is exactly equally likely (no modulo bias)
const LIMIT = Math.floor(2 ** 32 / MODULUS) * MODULUS;

/** A uniformly random 8-digit code by rejection sampling. */
export function generateTempPin(random: RandomSource): string {
  for (;;) {
    const b = random(4);
    const n = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (n < LIMIT) return String(n % MODULUS).padStart(TEMP_PIN_DIGITS, '0');
  }
}

export interface TempPinSettings {
  tempPinKey: Uint8Array;
  tempPinSeconds: number;
  tempPinMaxFailures: number;
}

export class TempPins {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly random: RandomSource,
    private readonly settings: TempPinSettings,
  ) {}

  // keyed by subject too, so one code's MAC says nothing about the same digits elsewhere
  #mac(subject: string, code: string): string {
    return createHmac('sha256', this.settings.tempPinKey).update(`temp-pin\0${subject}\0${code}`).digest('hex');
  }

  /**
   * A new temporary PIN for `subject` (the app being activated), replacing any earlier one.
   * Returns the code for the SMS; it is not kept. The caller rate-limits issuing (SMS
   * throttles), since each new code brings new tries.
   */
  async issue(subject: string, now: Date): Promise<{ code: string; expiresAt: Date }> {
    const code = generateTempPin(this.random);
    const expiresAt = plusSeconds(now, this.settings.tempPinSeconds);
    const row = { subject, code_mac: this.#mac(subject, code), failures: 0, expires_at: iso(expiresAt), created_at: iso(now) };
    await this.db
      .insertInto('app_temp_pins')
      .values(row)
      .onConflict((oc) => oc.column('subject').doUpdateSet({ code_mac: row.code_mac, failures: 0, expires_at: row.expires_at, created_at: row.created_at }))
      .execute();
    return { code, expiresAt };
  }

  /**
   * Checks a temporary PIN; on success it is used up. The try is counted before the code is
   * compared, in one conditional UPDATE, so concurrent guesses cannot overshoot the limit.
   * TEMP_PIN_EXPIRED also covers "none outstanding" (never issued or already used).
   */
  async verify(subject: string, code: string, now: Date): Promise<void> {
    const refusal = await this.attempt(subject, code, now);
    if (refusal) throw refusal;
  }

  /**
   * One try, as `verify`, but the refusal is returned rather than thrown: a caller running this
   * inside its own transaction (an activation step) commits the counted try, then refuses.
   */
  async attempt(subject: string, code: string, now: Date): Promise<ApiError | undefined> {
    const counted = await this.db
      .updateTable('app_temp_pins')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('subject', '=', subject)
      .where('failures', '<', this.settings.tempPinMaxFailures)
      .where('expires_at', '>', iso(now))
      .returning(['code_mac'])
      .executeTakeFirst();
    if (!counted) {
      const row = await this.db.selectFrom('app_temp_pins').select(['failures', 'expires_at']).where('subject', '=', subject).executeTakeFirst();
      if (!row || row.expires_at <= iso(now)) return new ApiError('TEMP_PIN_EXPIRED', 'no valid temporary PIN');
      return new ApiError('TEMP_PIN_BLOCKED', 'too many wrong temporary PINs');
    }
    const given = /^[0-9]{8}$/.test(code) ? this.#mac(subject, code) : '';
    const right = given !== '' && equalBytes(Buffer.from(given, 'hex'), Buffer.from(counted.code_mac, 'hex'));
    if (!right) return new ApiError('TEMP_PIN_WRONG', 'wrong temporary PIN');
    // single use: of two right answers racing, only the one that deletes the row wins
    const used = await this.db.deleteFrom('app_temp_pins').where('subject', '=', subject).where('code_mac', '=', counted.code_mac).executeTakeFirst();
    if (used.numDeletedRows !== 1n) return new ApiError('TEMP_PIN_EXPIRED', 'temporary PIN already used');
    return undefined;
  }
}
