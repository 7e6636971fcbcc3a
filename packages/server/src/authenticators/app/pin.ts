/**
 * The app's personal PIN, checked with OPAQUE (RFC 9807, @serenity-kit/opaque). The server
 * holds a registration record per app; it never sees the PIN and cannot test guesses
 * against the record without the OPAQUE server setup, which lives in settings, not in the
 * database (see settings.ts). The OPAQUE user identifier is the app's id, so each app has its
 * own OPRF key and a record cannot be moved to another app.
 *
 * Attempts are counted when a check starts, because that is when the server evaluates the
 * OPRF and so answers one guess: a wrong PIN is discovered on the device (its envelope does
 * not open) and is never "finished". A good finish clears the count. The count lives in the
 * app's row, updated by one conditional statement, so it survives restarts and is shared by
 * every instance.
 */
import * as opaque from '@serenity-kit/opaque';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { pinLoginChallenge, pinLoginPurpose } from '@openmitid/api';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/index.js';
import { newId } from '../../infra/ids.js';
import { parseDevicePublicKey, verifyDeviceSignature } from './device-signature.js';
import type { AppAuthenticatorSettings } from './settings.js';
import { loadAppRow } from './store.js';
import { iso, plusSeconds, secondsUntil } from './time.js';

export type PinSettings = Pick<
  AppAuthenticatorSettings,
  'opaqueServerSetup' | 'pinSuspendAfter' | 'pinSuspendSeconds' | 'pinReactivationAfter' | 'pinLoginSeconds'
>;

/** What a PIN check may be for; signed by the device, so a check for one cannot serve another. */
export const PIN_PURPOSE = /^[a-z][a-z0-9-]{0,31}$/;

/** OPAQUE messages are base64url of a few hundred bytes; anything else is refused before the library sees it. */
function checkMessage(text: string, what: string): void {
  if (typeof text !== 'string' || text.length === 0 || text.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(text)) {
    throw new ApiError('VALIDATION_FAILED', `${what} is not an OPAQUE message`);
  }
}

export interface PinLoginStarted {
  loginId: string;
  loginResponse: string;
  /** base64url, 32 bytes for the device key to sign */
  nonce: string;
  purpose: string;
  expiresAt: Date;
}

export interface PinLoginFinishInput {
  loginId: string;
  finishLoginRequest: string;
  /** base64url P1363 signature (see pinLoginChallenge in @openmitid/api) */
  signature: string;
  now: Date;
}

/** A PIN check that passed: the PIN and the device key, proven in one OPAQUE session. */
export interface VerifiedPinLogin {
  appId: string;
  identityId: string;
  purpose: string;
  /** the OPAQUE session key (equal to the device's); a secret, never logged */
  sessionKey: string;
  at: Date;
}

export class AppPins {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly random: RandomSource,
    private readonly settings: PinSettings,
  ) {}

  /** Step 2 of choosing a PIN: the server's answer to the device's registration request. */
  async registrationResponse(appId: string, registrationRequest: string): Promise<string> {
    checkMessage(registrationRequest, 'registrationRequest');
    const row = await loadAppRow(this.db, appId);
    if (row.status === 'revoked') throw new ApiError('APP_NOT_ACTIVE', 'app removed');
    await opaque.ready;
    try {
      return opaque.server.createRegistrationResponse({ serverSetup: this.settings.opaqueServerSetup, userIdentifier: appId, registrationRequest })
        .registrationResponse;
    } catch {
      throw new ApiError('VALIDATION_FAILED', 'malformed registrationRequest');
    }
  }

  /**
   * Step 4: stores the record the device made, replacing an earlier PIN and clearing the
   * wrong-PIN count. The caller has authorised it (a temporary PIN when activating, a PIN
   * check when changing it).
   */
  async setPin(appId: string, registrationRecord: string, now: Date): Promise<void> {
    checkMessage(registrationRecord, 'registrationRecord');
    if (Buffer.from(registrationRecord, 'base64url').length !== 192) throw new ApiError('VALIDATION_FAILED', 'registrationRecord has the wrong length');
    const result = await this.db
      .updateTable('app_authenticators')
      .set({ pin_record: registrationRecord, pin_failures: 0, pin_locked_until: null, updated_at: iso(now) })
      .where('id', '=', appId)
      .where('status', '!=', 'revoked')
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new ApiError('APP_NOT_FOUND', 'no such app');
    await this.db.deleteFrom('app_pin_logins').where('app_id', '=', appId).execute();
  }

  /**
   * Starts a PIN check of an active (or spare) app. Refused with APP_SUSPENDED while a
   * suspension runs and APP_REACTIVATION_REQUIRED once the attempts are used up.
   */
  async startLogin(input: { appId: string; startLoginRequest: string; purpose: string; now: Date }): Promise<PinLoginStarted> {
    const { appId, now } = input;
    if (!PIN_PURPOSE.test(input.purpose)) throw new ApiError('VALIDATION_FAILED', 'bad PIN check purpose');
    checkMessage(input.startLoginRequest, 'startLoginRequest');
    const row = await loadAppRow(this.db, appId);
    if (row.status === 'suspended') throw new ApiError('APP_REACTIVATION_REQUIRED', 'PIN attempts used up');
    if (row.status !== 'active' && row.status !== 'inactive') throw new ApiError('APP_NOT_ACTIVE', `app is ${row.status}`);
    if (row.pin_record === null) throw new ApiError('APP_PIN_NOT_SET', 'no PIN yet');

    await opaque.ready;
    let started: { serverLoginState: string; loginResponse: string };
    try {
      started = opaque.server.startLogin({
        serverSetup: this.settings.opaqueServerSetup,
        userIdentifier: appId,
        registrationRecord: row.pin_record,
        startLoginRequest: input.startLoginRequest,
      });
    } catch {
      throw new ApiError('VALIDATION_FAILED', 'malformed startLoginRequest');
    }

    // The guess is counted before its answer leaves the server. One statement, so two
    // instances racing cannot both take the last attempt: PostgreSQL re-checks the WHERE
    // after waiting for the other's row lock; SQLite runs writers one at a time.
    const lockUntil = iso(plusSeconds(now, this.settings.pinSuspendSeconds));
    const counted = await this.db
      .updateTable('app_authenticators')
      .set({
        pin_failures: sql<number>`pin_failures + 1`,
        pin_locked_until: sql<string | null>`CASE WHEN pin_failures + 1 >= ${this.settings.pinSuspendAfter} THEN ${lockUntil} ELSE NULL END`,
      })
      .where('id', '=', appId)
      .where('status', 'in', ['active', 'inactive'])
      .where('pin_record', '=', row.pin_record)
      .where('pin_failures', '<', this.settings.pinReactivationAfter)
      .where((eb) => eb.or([eb('pin_locked_until', 'is', null), eb('pin_locked_until', '<=', iso(now))]))
      .returning(['pin_failures'])
      .executeTakeFirst();
    if (!counted) await this.#refuse(appId, now);

    const loginId = newId(this.random);
    const nonce = Buffer.from(this.random(32)).toString('base64url');
    const expiresAt = plusSeconds(now, this.settings.pinLoginSeconds);
    await this.db
      .insertInto('app_pin_logins')
      .values({
        id: loginId,
        app_id: appId,
        purpose: input.purpose,
        server_state: started.serverLoginState,
        nonce,
        expires_at: iso(expiresAt),
        created_at: iso(now),
      })
      .execute();
    return { loginId, loginResponse: started.loginResponse, nonce, purpose: input.purpose, expiresAt };
  }

  /** Says why a check may not start now; marks the app suspended once its attempts are used up. */
  async #refuse(appId: string, now: Date): Promise<never> {
    const row = await loadAppRow(this.db, appId);
    if (row.pin_failures >= this.settings.pinReactivationAfter && (row.status === 'active' || row.status === 'inactive')) {
      await this.db
        .updateTable('app_authenticators')
        .set({ status: 'suspended', updated_at: iso(now) })
        .where('id', '=', appId)
        .where('status', 'in', ['active', 'inactive'])
        .execute();
      await this.db.deleteFrom('app_pin_logins').where('app_id', '=', appId).execute();
      throw new ApiError('APP_REACTIVATION_REQUIRED', 'PIN attempts used up');
    }
    if (row.status === 'suspended') throw new ApiError('APP_REACTIVATION_REQUIRED', 'PIN attempts used up');
    if (row.status !== 'active' && row.status !== 'inactive') throw new ApiError('APP_NOT_ACTIVE', `app is ${row.status}`);
    if (row.pin_locked_until !== null && row.pin_locked_until > iso(now)) {
      throw new ApiError('APP_SUSPENDED', 'too many wrong PINs', { retryAfterSeconds: secondsUntil(now, row.pin_locked_until) });
    }
    // the PIN was changed between our read and the count: the device must start again
    throw new ApiError('APP_PIN_WRONG', 'PIN changed meanwhile');
  }

  /**
   * Finishes a PIN check: the stored OPAQUE state is taken (single use), the device's finish
   * message must complete the OPAQUE session and the device key must have signed it. Only
   * then is the wrong-PIN count cleared.
   */
  async finishLogin(input: PinLoginFinishInput): Promise<VerifiedPinLogin> {
    const { now } = input;
    checkMessage(input.finishLoginRequest, 'finishLoginRequest');
    const login = await this.db.deleteFrom('app_pin_logins').where('id', '=', input.loginId).returningAll().executeTakeFirst();
    if (!login) throw new ApiError('APP_LOGIN_NOT_FOUND', 'no such PIN check (or already finished)');
    if (login.expires_at <= iso(now)) throw new ApiError('APP_LOGIN_EXPIRED', 'PIN check expired');

    await opaque.ready;
    let sessionKey: string;
    try {
      sessionKey = opaque.server.finishLogin({ serverLoginState: login.server_state, finishLoginRequest: input.finishLoginRequest }).sessionKey;
    } catch {
      throw new ApiError('APP_PIN_WRONG', 'PIN check failed');
    }

    const row = await loadAppRow(this.db, login.app_id);
    const key = parseDevicePublicKey(new Uint8Array(Buffer.from(row.public_key_spki, 'base64url')));
    const challenge = pinLoginChallenge(login.id, new Uint8Array(Buffer.from(login.nonce, 'base64url')), input.finishLoginRequest);
    const signature = /^[A-Za-z0-9_-]{86}$/.test(input.signature) ? new Uint8Array(Buffer.from(input.signature, 'base64url')) : new Uint8Array(0);
    if (!verifyDeviceSignature(key, pinLoginPurpose(login.purpose), challenge, signature)) {
      throw new ApiError('APP_SIGNATURE_INVALID', 'PIN check not signed by the device key');
    }

    const cleared = await this.db
      .updateTable('app_authenticators')
      .set({ pin_failures: 0, pin_locked_until: null })
      .where('id', '=', login.app_id)
      .where('status', 'in', ['active', 'inactive'])
      .executeTakeFirst();
    if (cleared.numUpdatedRows !== 1n) throw new ApiError('APP_NOT_ACTIVE', 'app changed during the PIN check');
    return { appId: login.app_id, identityId: row.identity_id, purpose: login.purpose, sessionKey, at: now };
  }

  /** Deletes PIN checks that were started and never finished. */
  async purgeExpired(now: Date): Promise<number> {
    const r = await this.db.deleteFrom('app_pin_logins').where('expires_at', '<=', iso(now)).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
