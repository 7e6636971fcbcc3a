/**
 * Two-key triple DES and the ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") of BAC and
 * 3DES secure messaging (Doc 9303 Part 11 §4.3.3, §9.8.6), on the pure TypeScript DES of
 * des-block.ts so the same code runs in Node and in browsers.
 */
import { desChainCbcDecrypt, desChainCbcEncrypt, desKeySchedule, type DesKeySchedule } from './des-block.js';

const ZERO_IV = new Uint8Array(8);

/** The expanded schedules of a 16-byte key (K1, K2, K1), made once per session key. */
export interface TdesKey {
  /** E(K1) ∘ D(K2) ∘ E(K1) */
  readonly encrypt: readonly DesKeySchedule[];
  /** D(K1) ∘ E(K2) ∘ D(K1) */
  readonly decrypt: readonly DesKeySchedule[];
  /** single DES with K1, the CBC part of the retail MAC */
  readonly k1: readonly DesKeySchedule[];
}

export function prepareTdesKey(key16: Uint8Array): TdesKey {
  if (key16.length !== 16) throw new RangeError(`3DES key must be 16 bytes, got ${key16.length}`);
  const k1 = key16.subarray(0, 8);
  const k2 = key16.subarray(8, 16);
  const k1e = desKeySchedule(k1);
  const k1d = desKeySchedule(k1, true);
  return { encrypt: [k1e, desKeySchedule(k2, true), k1e], decrypt: [k1d, desKeySchedule(k2), k1d], k1: [k1e] };
}

function keyOf(key: Uint8Array | TdesKey): TdesKey {
  return key instanceof Uint8Array ? prepareTdesKey(key) : key;
}

function checkBlocks(data: Uint8Array, iv: Uint8Array): void {
  if (data.length % 8 !== 0) throw new RangeError('3DES input must be a multiple of 8 bytes');
  if (iv.length !== 8) throw new RangeError('3DES IV must be 8 bytes');
}

/** 3DES-CBC (K1, K2, K1), zero IV unless given; `data` must already be padded. */
export function tdesCbcEncrypt(key16: Uint8Array | TdesKey, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  const key = keyOf(key16);
  checkBlocks(data, iv);
  return desChainCbcEncrypt(key.encrypt, data, iv);
}

export function tdesCbcDecrypt(key16: Uint8Array | TdesKey, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  const key = keyOf(key16);
  checkBlocks(data, iv);
  return desChainCbcDecrypt(key.decrypt, data, iv);
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 with DES, zero IV, over an already padded message:
 * CBC with K1 over every block, then the last block goes through D(K2) and E(K1).
 * Equivalently: single-DES CBC (K1) over all blocks but the last, then one 3DES-EDE
 * (K1, K2, K1) block for the last one, which is how it is computed here.
 */
export function retailMac(key16: Uint8Array | TdesKey, paddedMessage: Uint8Array): Uint8Array {
  const key = keyOf(key16);
  if (paddedMessage.length === 0 || paddedMessage.length % 8 !== 0) {
    throw new RangeError('retail MAC input must be a non-empty multiple of 8 bytes (pad it first)');
  }
  const headLength = paddedMessage.length - 8;
  let chain: Uint8Array = ZERO_IV;
  if (headLength > 0) chain = desChainCbcEncrypt(key.k1, paddedMessage.subarray(0, headLength), ZERO_IV).subarray(headLength - 8);
  return desChainCbcEncrypt(key.encrypt, paddedMessage.subarray(headLength), chain);
}
