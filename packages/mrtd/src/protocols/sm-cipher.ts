/**
 * What both ends of secure messaging share (Doc 9303 Part 11 §9.8): the cipher and MAC for
 * each kind, the send sequence counter, and the data objects' byte layout.
 */
import { concat } from '../bytes.js';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac, aesEcbEncryptBlock } from '../crypto/aes.js';
import { prepareTdesKey, retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des.js';
import { KEY_LENGTH, type CipherKind } from '../crypto/kdf.js';
import { padIso9797M2 } from '../crypto/padding.js';

export const TAG_PLAIN_ODD = 0x85; // cryptogram without padding-content indicator (odd INS)
export const TAG_CRYPTOGRAM = 0x87; // '01' ‖ cryptogram (even INS)
export const TAG_LE = 0x97;
export const TAG_SW = 0x99;
export const TAG_MAC = 0x8e;
export const PADDING_INDICATOR = 0x01;

/** The CLA bits that say "secure messaging, header authenticated" (ISO/IEC 7816-4 §5.4.1). */
export const CLA_SM = 0x0c;

export interface SmCipher {
  readonly kind: CipherKind;
  readonly blockSize: number;
  /** encrypts already padded data for the current SSC */
  encrypt(padded: Uint8Array, ssc: Uint8Array): Uint8Array;
  decrypt(cryptogram: Uint8Array, ssc: Uint8Array): Uint8Array;
  /** the 8-byte checksum over SSC ‖ message, padding applied here */
  mac(ssc: Uint8Array, message: Uint8Array): Uint8Array;
}

/**
 * 3DES (§9.8.6): CBC with a zero IV, retail MAC. AES (§9.8.7): CBC with IV = E(KSenc, SSC),
 * CMAC truncated to 8 bytes. Both MAC pad(SSC ‖ message) with ISO/IEC 9797-1 method 2.
 */
export function smCipher(kind: CipherKind, ksEnc: Uint8Array, ksMac: Uint8Array, ssc: Uint8Array): SmCipher {
  const keyLength = KEY_LENGTH[kind];
  if (ksEnc.length !== keyLength || ksMac.length !== keyLength) throw new RangeError(`${kind} session keys must be ${keyLength} bytes`);
  const blockSize = kind === '3des' ? 8 : 16;
  if (ssc.length !== blockSize) throw new RangeError(`${kind} send sequence counter must be ${blockSize} bytes`);
  const enc = new Uint8Array(ksEnc);
  const mac = new Uint8Array(ksMac);
  if (kind === '3des') {
    // DES key schedules are expanded once per session, not once per message.
    const encKey = prepareTdesKey(enc);
    const macKey = prepareTdesKey(mac);
    return {
      kind,
      blockSize,
      encrypt: (padded) => tdesCbcEncrypt(encKey, padded),
      decrypt: (cryptogram) => tdesCbcDecrypt(encKey, cryptogram),
      mac: (s, message) => retailMac(macKey, padIso9797M2(concat(s, message), 8)),
    };
  }
  return {
    kind,
    blockSize,
    encrypt: (padded, s) => aesCbcEncrypt(enc, padded, aesEcbEncryptBlock(enc, s)),
    decrypt: (cryptogram, s) => aesCbcDecrypt(enc, cryptogram, aesEcbEncryptBlock(enc, s)),
    mac: (s, message) => aesCmac(mac, padIso9797M2(concat(s, message), 16)).slice(0, 8),
  };
}

/** Increments the big-endian counter in place (wrapping at its width). */
export function incrementSsc(ssc: Uint8Array): void {
  for (let i = ssc.length - 1; i >= 0; i--) {
    ssc[i] = (ssc[i]! + 1) & 0xff;
    if (ssc[i] !== 0) return;
  }
}

/** CLA INS P1 P2 with the SM bits set, padded to the block: the first part of every command MAC. */
export function paddedHeader(cla: number, ins: number, p1: number, p2: number, blockSize: number): Uint8Array {
  return padIso9797M2(Uint8Array.of(cla | CLA_SM, ins, p1, p2), blockSize);
}

/**
 * The largest plaintext response that still fits a short response APDU (≤ 256 data bytes)
 * once protected. The protected response is DO87 ‖ DO99 ‖ DO8E with
 *   DO99 = 99 02 SW1 SW2           → 4 bytes
 *   DO8E = 8E 08 MAC               → 10 bytes
 *   DO87 = 87 81 L 01 cryptogram   → 4 + C bytes (the value 01 ‖ C exceeds 127 bytes here,
 *                                    so its length takes the two-byte form 81 L)
 * so C ≤ 256 − 14 − 4 = 238. The cryptogram is the plaintext padded with method 2, which
 * always adds at least one byte: C = (⌊n / b⌋ + 1) · b for block size b.
 *   3DES, b = 8:  largest multiple of 8 ≤ 238 is 232 → n ≤ 231
 *   AES,  b = 16: largest multiple of 16 ≤ 238 is 224 → n ≤ 223
 */
export function maxShortPlainFor(kind: CipherKind): number {
  const budget = 256 - 4 - 10 - 4;
  const b = kind === '3des' ? 8 : 16;
  return Math.floor(budget / b) * b - 1;
}

/**
 * What both ends of a secure messaging session hold: the cipher, the send sequence
 * counter (incremented before every protected message, on both sides), and the largest
 * response that fits a short APDU.
 */
export abstract class SmSession {
  /** the largest plaintext response that still fits a short protected response */
  readonly maxShortPlain: number;
  protected readonly cipher: SmCipher;
  protected readonly counter: Uint8Array;

  constructor(kind: CipherKind, ksEnc: Uint8Array, ksMac: Uint8Array, ssc: Uint8Array) {
    this.cipher = smCipher(kind, ksEnc, ksMac, ssc);
    this.counter = new Uint8Array(ssc);
    this.maxShortPlain = maxShortPlainFor(kind);
  }

  get kind(): CipherKind {
    return this.cipher.kind;
  }

  /** a copy of the current send sequence counter */
  get ssc(): Uint8Array {
    return new Uint8Array(this.counter);
  }
}
