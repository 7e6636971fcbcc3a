/**
 * HOTP (RFC 4226) and TOTP (RFC 6238) with explicit parameters, and the check a server
 * makes against one device: a window of ±1 step around the device's remembered clock
 * drift, each time step accepted at most once.
 */
import { createHmac } from 'node:crypto';
import { equalBytes } from '@openmitid/mrtd';

export type OtpHash = 'SHA-1' | 'SHA-256' | 'SHA-512';

export const OTP_HASHES: readonly OtpHash[] = ['SHA-1', 'SHA-256', 'SHA-512'];

export interface TotpParams {
  /** code length, 6–10 */
  digits: number;
  /** seconds per time step */
  period: number;
  hash: OtpHash;
  /** epoch seconds at which step 0 begins (RFC 6238 T0) */
  t0: number;
}

/** The device profile: 6 digits, 30 s, HMAC-SHA-1, T0 = 0. */
export const DEFAULT_TOTP: TotpParams = { digits: 6, period: 30, hash: 'SHA-1', t0: 0 };

const NODE_HASH: Record<OtpHash, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };

function checkDigits(digits: number): void {
  // 10 digits is the most a 31-bit truncated value can fill (RFC 4226 §5.3)
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) throw new RangeError('an OTP has 6 to 10 digits');
}

/** RFC 4226 §5.3: HMAC over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
export function hotp(secret: Uint8Array, counter: number | bigint, digits = 6, hash: OtpHash = 'SHA-1'): string {
  checkDigits(digits);
  const c = BigInt(counter);
  if (c < 0n || c > 0xffff_ffff_ffff_ffffn) throw new RangeError('an HOTP counter is an unsigned 64-bit number');
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(c);
  const mac = createHmac(NODE_HASH[hash], secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fff_ffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step T = floor((unix time − T0) / X) at `time`. */
export function timeStep(time: Date, params: Pick<TotpParams, 'period' | 't0'>): number {
  if (!Number.isInteger(params.period) || params.period <= 0) throw new RangeError('a TOTP period is a positive whole number of seconds');
  return Math.floor((Math.floor(time.getTime() / 1000) - params.t0) / params.period);
}

/** The TOTP code for a given time step. */
export function totpAtStep(secret: Uint8Array, step: number, params: TotpParams = DEFAULT_TOTP): string {
  return hotp(secret, step, params.digits, params.hash);
}

/** RFC 6238 §4.2: the code a device shows at `time`. */
export function totp(secret: Uint8Array, time: Date, params: TotpParams = DEFAULT_TOTP): string {
  return totpAtStep(secret, timeStep(time, params), params);
}

/** Constant-time equality of two codes (equal length is public: it is the device's digit count). */
export function codesEqual(a: string, b: string): boolean {
  const enc = new TextEncoder();
  return equalBytes(enc.encode(a), enc.encode(b));
}

/** What the server remembers about one device between checks. */
export interface TotpState {
  /** device clock offset in steps, learnt from the last accepted code */
  drift: number;
  /** the last accepted step; a code for it or an earlier one is a replay */
  lastStep: number | null;
}

export type TotpVerdict =
  | { kind: 'accepted'; step: number; state: TotpState }
  | { kind: 'replayed'; step: number }
  | { kind: 'wrong' };

/**
 * Checks `code` against the steps `window` either side of the server's step plus the remembered
 * drift. Pure: state in, verdict and new state out; the caller saves it.
 */
export function checkTotp(
  secret: Uint8Array,
  code: string,
  now: Date,
  params: TotpParams,
  state: TotpState,
  window = 1,
): TotpVerdict {
  checkDigits(params.digits);
  const centre = timeStep(now, params) + state.drift;
  // nearest step first, so a (1-in-10^digits) collision resolves to the likeliest step
  const order = [0];
  for (let d = 1; d <= window; d++) order.push(-d, d);
  let replayed: number | undefined;
  let accepted: number | undefined;
  // every candidate is computed and compared, so timing tells nothing about which one matched
  for (const d of order) {
    const step = centre + d;
    if (step < 0) continue;
    const match = codesEqual(totpAtStep(secret, step, params), code);
    if (!match) continue;
    if (state.lastStep !== null && step <= state.lastStep) replayed ??= step;
    else accepted ??= step;
  }
  if (accepted !== undefined) {
    return { kind: 'accepted', step: accepted, state: { drift: accepted - timeStep(now, params), lastStep: accepted } };
  }
  if (replayed !== undefined) return { kind: 'replayed', step: replayed };
  return { kind: 'wrong' };
}
