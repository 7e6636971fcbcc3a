/**
 * AES for secure messaging after PACE/CA (Doc 9303 Part 11 §9.8.7): CBC without padding
 * (the caller pads with ISO/IEC 9797-1 method 2), the single-block ECB that makes the IV,
 * and AES-CMAC (NIST SP 800-38B). Pure JS (@noble/ciphers), so it runs in browsers too.
 */
import { cbc, cmac, ecb } from '@noble/ciphers/aes.js';

function checkKey(key: Uint8Array): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new RangeError(`AES key must be 16, 24 or 32 bytes, got ${key.length}`);
}

function checkInput(data: Uint8Array, iv: Uint8Array): void {
  if (data.length % 16 !== 0) throw new RangeError('AES-CBC input must be a multiple of 16 bytes');
  if (iv.length !== 16) throw new RangeError('AES IV must be 16 bytes');
}

export function aesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array): Uint8Array {
  checkKey(key);
  checkInput(data, iv);
  return cbc(key, iv, { disablePadding: true }).encrypt(data);
}

export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array): Uint8Array {
  checkKey(key);
  checkInput(data, iv);
  return cbc(key, iv, { disablePadding: true }).decrypt(data);
}

export function aesEcbEncryptBlock(key: Uint8Array, block16: Uint8Array): Uint8Array {
  checkKey(key);
  if (block16.length !== 16) throw new RangeError('AES block must be 16 bytes');
  return ecb(key, { disablePadding: true }).encrypt(block16);
}

/** Full 16-byte AES-CMAC tag; secure messaging truncates it to 8 bytes. */
export function aesCmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  checkKey(key);
  return cmac(message, key);
}
