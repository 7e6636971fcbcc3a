/**
 * A code display in software, for tests and the demo: a serial, a 160-bit seed and the PSKC
 * file a maker would ship for it; `codeAt` is what its screen shows.
 */
import type { RandomSource } from '@openmitid/mrtd';
import { writePskc } from './pskc-write.js';
import { DEFAULT_TOTP, totp, type TotpParams } from './totp.js';

export interface SoftwareToken {
  serial: string;
  secret: Uint8Array;
  params: TotpParams;
  pskcXml: string;
}

export interface SoftwareTokenOptions {
  params?: TotpParams;
  /** encrypt the PSKC file's seed under this pre-shared key (16 or 32 bytes) */
  preSharedKey?: Uint8Array;
}

/** Uniform decimal digits from random bytes (rejection sampling: bytes ≥ 250 are drawn again). */
function digits(random: RandomSource, count: number): string {
  let out = '';
  while (out.length < count) {
    for (const b of random(count)) if (b < 250 && out.length < count) out += String(b % 10);
  }
  return out;
}

export function createSoftwareToken(random: RandomSource, options: SoftwareTokenOptions = {}): SoftwareToken {
  const params = options.params ?? DEFAULT_TOTP;
  const serial = `SW${digits(random, 10)}`;
  // RFC 4226 §4 recommends a 160-bit shared secret
  const secret = random(20);
  const pskcXml = writePskc(
    [{ serial, secret, params, manufacturer: 'OpenMitID', model: 'software code display' }],
    options.preSharedKey ? { preSharedKey: options.preSharedKey, random } : undefined,
  );
  return { serial, secret, params, pskcXml };
}

/** The code the software token shows at `time`. */
export function codeAt(secret: Uint8Array, time: Date, params: TotpParams = DEFAULT_TOTP): string {
  return totp(secret, time, params);
}
