/**
 * Two-key triple DES and the ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") of BAC and
 * 3DES secure messaging (Doc 9303 Part 11 §4.3.3, §9.8.6).
 *
 * Node's OpenSSL 3 ships no single DES, so single-DES steps use DES-EDE with K‖K:
 * E(K) ∘ D(K) ∘ E(K) collapses to E(K).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { concat, xor } from '../bytes.js';

const ZERO_IV = new Uint8Array(8);

function checkKey(key16: Uint8Array): void {
  if (key16.length !== 16) throw new RangeError(`3DES key must be 16 bytes, got ${key16.length}`);
}

function checkBlocks(data: Uint8Array, iv: Uint8Array): void {
  if (data.length % 8 !== 0) throw new RangeError('3DES input must be a multiple of 8 bytes');
  if (iv.length !== 8) throw new RangeError('3DES IV must be 8 bytes');
}

function run(decrypt: boolean, algorithm: string, key: Uint8Array, data: Uint8Array, iv: Uint8Array | null): Uint8Array {
  const c = decrypt ? createDecipheriv(algorithm, key, iv) : createCipheriv(algorithm, key, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/** 3DES-CBC (K1, K2, K1), zero IV unless given; `data` must already be padded. */
export function tdesCbcEncrypt(key16: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  checkKey(key16);
  checkBlocks(data, iv);
  return run(false, 'des-ede-cbc', key16, data, iv);
}

export function tdesCbcDecrypt(key16: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  checkKey(key16);
  checkBlocks(data, iv);
  return run(true, 'des-ede-cbc', key16, data, iv);
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 with DES, zero IV, over an already padded message:
 * CBC with K1 over every block, then the last block goes through D(K2) and E(K1).
 * Equivalently: single-DES CBC (K1) over all blocks but the last, then one 3DES-EDE
 * (K1, K2, K1) block for the last one, which is how it is computed here.
 */
export function retailMac(key16: Uint8Array, paddedMessage: Uint8Array): Uint8Array {
  checkKey(key16);
  if (paddedMessage.length === 0 || paddedMessage.length % 8 !== 0) {
    throw new RangeError('retail MAC input must be a non-empty multiple of 8 bytes (pad it first)');
  }
  const k1 = key16.subarray(0, 8);
  const head = paddedMessage.subarray(0, paddedMessage.length - 8);
  const last = paddedMessage.subarray(paddedMessage.length - 8);
  let chain: Uint8Array = ZERO_IV;
  if (head.length > 0) {
    const cbc = run(false, 'des-ede-cbc', concat(k1, k1), head, ZERO_IV);
    chain = cbc.subarray(cbc.length - 8);
  }
  return run(false, 'des-ede-ecb', key16, xor(chain, last), null);
}
