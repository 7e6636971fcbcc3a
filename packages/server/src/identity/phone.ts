/** Phone numbers and validation codes (issue 3 §8). */
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../errors.js';

/** E.164 form (+4512345678). Eight bare digits are taken as a Danish number. */
export function normalisePhone(input: string): string {
  const compact = input.replace(/[\s\-().]/g, '');
  const e164 = /^\d{8}$/.test(compact) ? `+45${compact}` : compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (!/^\+[1-9]\d{5,14}$/.test(e164)) throw new ApiError('PHONE_INVALID', 'not a phone number');
  return e164;
}

/** The last two digits only: enough for a person to recognise, useless to anyone else. */
export function maskPhone(e164: string): string {
  return `${'*'.repeat(Math.max(0, e164.length - 2))}${e164.slice(-2)}`;
}

const CODE_DIGITS = 6;
const CODE_SPACE = 10 ** CODE_DIGITS;
// Largest multiple of CODE_SPACE below 2^32: values above it would bias the code.
const LIMIT = Math.floor(0x1_0000_0000 / CODE_SPACE) * CODE_SPACE;

/** A uniformly random six-digit code from the CSPRNG. */
export function newPhoneCode(random: RandomSource): string {
  for (;;) {
    const b = random(4);
    const n = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (n < LIMIT) return String(n % CODE_SPACE).padStart(CODE_DIGITS, '0');
  }
}
