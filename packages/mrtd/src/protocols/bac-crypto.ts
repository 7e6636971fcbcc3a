/**
 * The key and cryptogram computations of Basic Access Control shared by terminal and
 * card (Doc 9303 Part 11 §4.3, §9.7.2; worked example in Appendix D).
 */
import { concat, equalBytes, utf8, xor } from '../bytes.js';
import { retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des.js';
import { digest } from '../crypto/hash.js';
import { KDF_ENC, KDF_MAC, deriveKey } from '../crypto/kdf.js';
import { padIso9797M2 } from '../crypto/padding.js';
import { mrzInformation, type MrzKey } from '../mrz/key.js';

export interface BacKeys {
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

/** Document Basic Access Keys: Kseed = first 16 bytes of SHA-1(MRZ_information) (§9.7.2). */
export function deriveBacKeys(key: MrzKey): BacKeys {
  const seed = digest('sha1', utf8(mrzInformation(key))).subarray(0, 16);
  return { kEnc: deriveKey(seed, KDF_ENC, '3des'), kMac: deriveKey(seed, KDF_MAC, '3des') };
}

/** E = 3DES(Kenc, S), M = retail MAC(Kmac, pad(E)): the 40-byte MUTUAL AUTHENTICATE body either way. */
export function sealBacMessage(keys: BacKeys, plain: Uint8Array): Uint8Array {
  const e = tdesCbcEncrypt(keys.kEnc, plain);
  return concat(e, retailMac(keys.kMac, padIso9797M2(e, 8)));
}

/** Checks the MAC and decrypts a 40-byte body; undefined when it does not verify. */
export function openBacMessage(keys: BacKeys, body: Uint8Array): Uint8Array | undefined {
  if (body.length !== 40) return undefined;
  const e = body.subarray(0, 32);
  if (!equalBytes(retailMac(keys.kMac, padIso9797M2(e, 8)), body.subarray(32))) return undefined;
  return tdesCbcDecrypt(keys.kEnc, e);
}

export interface BacSession {
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
  ssc: Uint8Array;
}

/** Session keys from K.IFD ⊕ K.IC (§9.7.4) and SSC = RND.IC[4..8] ‖ RND.IFD[4..8] (§9.8.6.3). */
export function bacSession(kIfd: Uint8Array, kIc: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array): BacSession {
  const seed = xor(kIfd, kIc);
  return {
    ksEnc: deriveKey(seed, KDF_ENC, '3des'),
    ksMac: deriveKey(seed, KDF_MAC, '3des'),
    ssc: concat(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)),
  };
}

