/**
 * The cryptography RFC 6030 §6 names: XML Encryption block ciphers (IV prefixed to the
 * ciphertext) and key wrap, the HMAC over encrypted values, and PBKDF2 for password-based keys.
 * Every failure is PSKC_DECRYPT_FAILED or PSKC_UNSUPPORTED; no message carries key material.
 */
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../../errors.js';

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';
const XMLDSIG_MORE = 'http://www.w3.org/2001/04/xmldsig-more#';

export const PBKDF2_URI = 'http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#pbkdf2';
export const HMAC_SHA1_URI = `${XMLDSIG}hmac-sha1`;
export const AES128_CBC_URI = `${XMLENC}aes128-cbc`;

/** xmlenc block ciphers: node name, key length, IV length (the IV precedes the ciphertext, XML Encryption §5.2). */
const CBC: Record<string, { cipher: string; keyLength: number }> = {
  [`${XMLENC}aes128-cbc`]: { cipher: 'aes-128-cbc', keyLength: 16 },
  [`${XMLENC}aes192-cbc`]: { cipher: 'aes-192-cbc', keyLength: 24 },
  [`${XMLENC}aes256-cbc`]: { cipher: 'aes-256-cbc', keyLength: 32 },
};

/** RFC 3394 key wrap, as XML Encryption §5.6.3 names it; integrity is built in. */
const KEY_WRAP: Record<string, { cipher: string; keyLength: number }> = {
  [`${XMLENC}kw-aes128`]: { cipher: 'id-aes128-wrap', keyLength: 16 },
  [`${XMLENC}kw-aes192`]: { cipher: 'id-aes192-wrap', keyLength: 24 },
  [`${XMLENC}kw-aes256`]: { cipher: 'id-aes256-wrap', keyLength: 32 },
};
const KEY_WRAP_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

const HMAC: Record<string, string> = {
  [HMAC_SHA1_URI]: 'sha1',
  [`${XMLDSIG_MORE}hmac-sha224`]: 'sha224',
  [`${XMLDSIG_MORE}hmac-sha256`]: 'sha256',
  [`${XMLDSIG_MORE}hmac-sha384`]: 'sha384',
  [`${XMLDSIG_MORE}hmac-sha512`]: 'sha512',
};

const MAX_PBKDF2_ITERATIONS = 10_000_000;

function failed(message: string): never {
  throw new ApiError('PSKC_DECRYPT_FAILED', message);
}

/** True for ciphers that carry no integrity of their own, so RFC 6030 §6.1.1 requires a ValueMAC. */
export function needsMac(algorithm: string): boolean {
  return algorithm in CBC;
}

export function isSupportedCipher(algorithm: string): boolean {
  return algorithm in CBC || algorithm in KEY_WRAP;
}

export function decrypt(algorithm: string, key: Uint8Array, data: Uint8Array): Uint8Array {
  const cbc = CBC[algorithm];
  if (cbc) {
    if (key.length !== cbc.keyLength) failed(`${algorithm} needs a ${cbc.keyLength}-byte key`);
    if (data.length < 32 || data.length % 16 !== 0) failed('ciphertext is not IV plus whole blocks');
    try {
      const d = createDecipheriv(cbc.cipher, key, data.subarray(0, 16));
      return new Uint8Array(Buffer.concat([d.update(data.subarray(16)), d.final()]));
    } catch {
      return failed('decryption failed (wrong key or damaged data)');
    }
  }
  const kw = KEY_WRAP[algorithm];
  if (kw) {
    if (key.length !== kw.keyLength) failed(`${algorithm} needs a ${kw.keyLength}-byte key`);
    if (data.length < 24 || data.length % 8 !== 0) failed('wrapped key has the wrong length');
    try {
      const d = createDecipheriv(kw.cipher, key, KEY_WRAP_IV);
      return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
    } catch {
      return failed('key unwrap failed (wrong key or damaged data)');
    }
  }
  throw new ApiError('PSKC_UNSUPPORTED', `encryption algorithm ${algorithm} is not supported`);
}

/** CBC encryption with the IV in front, for writing PSKC files (the software token, tests). */
export function encryptCbc(algorithm: string, key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cbc = CBC[algorithm];
  if (!cbc) throw new ApiError('PSKC_UNSUPPORTED', `encryption algorithm ${algorithm} is not supported for writing`);
  if (key.length !== cbc.keyLength || iv.length !== 16) throw new RangeError(`${algorithm} needs a ${cbc.keyLength}-byte key and a 16-byte IV`);
  const c = createCipheriv(cbc.cipher, key, iv);
  return new Uint8Array(Buffer.concat([iv, c.update(plaintext), c.final()]));
}

export function mac(algorithm: string, key: Uint8Array, data: Uint8Array): Uint8Array {
  const hash = HMAC[algorithm];
  if (!hash) throw new ApiError('PSKC_UNSUPPORTED', `MAC algorithm ${algorithm} is not supported`);
  return new Uint8Array(createHmac(hash, key).update(data).digest());
}

/** RFC 6030 §6.1.1: the MAC is over the whole CipherValue (IV and ciphertext), checked before decrypting. */
export function checkMac(algorithm: string, key: Uint8Array, data: Uint8Array, expected: Uint8Array): void {
  const actual = mac(algorithm, key, data);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) failed('ValueMAC does not match (wrong key or damaged data)');
}

/** RFC 6030 §6.2 with PKCS #5 v2.0 PBKDF2; the PRF defaults to HMAC-SHA-1. */
export function pbkdf2Key(password: string, salt: Uint8Array, iterations: number, keyLength: number, prf: string | undefined): Uint8Array {
  const hash = prf === undefined || prf === '' ? 'sha1' : HMAC[prf];
  if (!hash) throw new ApiError('PSKC_UNSUPPORTED', `PBKDF2 PRF ${prf} is not supported`);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new ApiError('PSKC_UNSUPPORTED', 'PBKDF2 iteration count out of range');
  }
  if (!Number.isInteger(keyLength) || keyLength < 16 || keyLength > 64) throw new ApiError('PSKC_UNSUPPORTED', 'PBKDF2 key length out of range');
  return new Uint8Array(pbkdf2Sync(password.normalize('NFC'), salt, iterations, keyLength, hash));
}
