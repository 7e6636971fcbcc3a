/**
 * The app authenticator's settings. Counts and durations have safe defaults; the two secrets
 * come from the server's settings (environment or a key file), never from the database:
 *
 * - `opaqueServerSetup` holds the OPAQUE server's OPRF seed and static private key. OPAQUE
 *   keeps PINs safe from a stolen database only because the registration records are useless
 *   without the OPRF key: someone holding both the database and the setup could run the OPRF
 *   themselves and try all 10^6 PINs offline. Kept apart, a database thief has to ask the
 *   live server for every guess — and the server counts them.
 * - `tempPinKey` keys the HMAC the temporary PINs are stored under, for the same reason:
 *   8 digits are 10^8 guesses, a few seconds of work against a plain hash.
 */
export interface AppAuthenticatorSettings {
  /** the string from `opaque.server.createSetup()` (171 characters) */
  opaqueServerSetup: string;
  /** 32+ bytes */
  tempPinKey: Uint8Array;
  /** wrong PINs in a row before the app is suspended for `pinSuspendSeconds` (default 5) */
  pinSuspendAfter: number;
  /** how long each suspension lasts (default 3600) */
  pinSuspendSeconds: number;
  /** wrong PINs in a row after which the app must be activated again (default 10) */
  pinReactivationAfter: number;
  /** lifetime of a PIN check between start and finish (default 120) */
  pinLoginSeconds: number;
  /** active apps an identity may have (default 3) */
  maxActiveApps: number;
  /** temporary PIN lifetime (default 1800) */
  tempPinSeconds: number;
  /** wrong temporary PINs before it is blocked (default 3) */
  tempPinMaxFailures: number;
  /** how long a copy QR is shown (default 180) */
  copySessionSeconds: number;
  /** how far a scanned frame's second may be from the server's (default 5) */
  copyQrSkewSeconds: number;
  /** no copying this long after the identity's authenticators changed (default 3600) */
  copySecurityWaitSeconds: number;
}

export const APP_AUTHENTICATOR_DEFAULTS = {
  pinSuspendAfter: 5,
  pinSuspendSeconds: 3600,
  pinReactivationAfter: 10,
  pinLoginSeconds: 120,
  maxActiveApps: 3,
  tempPinSeconds: 1800,
  tempPinMaxFailures: 3,
  copySessionSeconds: 180,
  copyQrSkewSeconds: 5,
  copySecurityWaitSeconds: 3600,
} as const satisfies Omit<AppAuthenticatorSettings, 'opaqueServerSetup' | 'tempPinKey'>;

export function appAuthenticatorSettings(
  secrets: Pick<AppAuthenticatorSettings, 'opaqueServerSetup' | 'tempPinKey'>,
  overrides: Partial<AppAuthenticatorSettings> = {},
): AppAuthenticatorSettings {
  const s = { ...APP_AUTHENTICATOR_DEFAULTS, ...secrets, ...overrides };
  if (s.tempPinKey.length < 32) throw new RangeError('tempPinKey must be at least 32 bytes');
  if (s.pinSuspendAfter < 1 || s.pinReactivationAfter < s.pinSuspendAfter) {
    throw new RangeError('need 1 ≤ pinSuspendAfter ≤ pinReactivationAfter');
  }
  return s;
}
