/** The key derivation function of Doc 9303 Part 11 §9.7.1. */
import { concat } from '../bytes.js';
import { digest } from './hash.js';

export type CipherKind = '3des' | 'aes128' | 'aes192' | 'aes256';

/** The counter values of §9.7.1: 1 for the encryption key, 2 for the MAC key (3 is PACE's password key). */
export const KDF_ENC = 1;
export const KDF_MAC = 2;
export const KDF_PI = 3;

export const KEY_LENGTH: Readonly<Record<CipherKind, number>> = { '3des': 16, aes128: 16, aes192: 24, aes256: 32 };

/** Sets the least significant bit of each byte so every byte has odd parity (DES keys, FIPS 46-3). */
export function adjustDesParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key);
  for (let i = 0; i < out.length; i++) {
    let b = out[i]! & 0xfe;
    let ones = 0;
    for (let v = b; v !== 0; v >>= 1) ones += v & 1;
    if (ones % 2 === 0) b |= 1;
    out[i] = b;
  }
  return out;
}

/**
 * KDF(K, c) = H(K ‖ c) with c a 32-bit big-endian counter, truncated per cipher:
 * 3DES and AES-128 take SHA-1 (first 16 bytes; 3DES then gets DES parity),
 * AES-192 the first 24 bytes of SHA-256, AES-256 all of SHA-256.
 */
export function deriveKey(keySeed: Uint8Array, counter: number, kind: CipherKind): Uint8Array {
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) throw new RangeError('KDF counter must be a 32-bit unsigned integer');
  const c = Uint8Array.of(counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff);
  const d = concat(keySeed, c);
  switch (kind) {
    case '3des':
      return adjustDesParity(digest('sha1', d).subarray(0, 16));
    case 'aes128':
      return digest('sha1', d).slice(0, 16);
    case 'aes192':
      return digest('sha256', d).slice(0, 24);
    case 'aes256':
      return digest('sha256', d);
  }
}
