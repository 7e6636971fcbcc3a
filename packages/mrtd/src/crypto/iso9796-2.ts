/**
 * ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery, as RSA
 * Active Authentication uses it (Doc 9303 Part 11 §6.1.2.2 and Appendix F):
 * the message representative is 6A ‖ M1 ‖ H(M1 ‖ M2) ‖ T, as long as the modulus,
 * with M1 a nonce filling the block, M2 the terminal's challenge, and the trailer T
 * 'BC' for SHA-1 (implicit) or hash-id ‖ 'CC' otherwise.
 */
import { concat, equalBytes } from '../bytes.js';
import { HASH_LENGTH, digest, type HashName } from './hash.js';

/** Hash identifiers of ISO/IEC 10118-3 as used in the two-byte trailer. */
const HASH_ID: Readonly<Record<HashName, number>> = { sha1: 0x33, sha256: 0x34, sha512: 0x35, sha384: 0x36, sha224: 0x38 };

const HEADER_PARTIAL = 0x6a;
const TRAILER_IMPLICIT = 0xbc;
const TRAILER_EXPLICIT = 0xcc;

function trailer(hash: HashName): Uint8Array {
  return hash === 'sha1' ? Uint8Array.of(TRAILER_IMPLICIT) : Uint8Array.of(HASH_ID[hash], TRAILER_EXPLICIT);
}

/** Length in bytes of the recoverable part M1 for a k-byte modulus. */
export function iso9796M1Length(k: number, hash: HashName): number {
  return k - 1 - HASH_LENGTH[hash] - trailer(hash).length;
}

/** Builds the k-byte representative J; `m1` must be exactly iso9796M1Length(k, hash) bytes. */
export function iso9796Encode(k: number, m1: Uint8Array, m2: Uint8Array, hash: HashName): Uint8Array {
  if (m1.length !== iso9796M1Length(k, hash)) throw new RangeError(`M1 must be ${iso9796M1Length(k, hash)} bytes`);
  return concat(Uint8Array.of(HEADER_PARTIAL), m1, digest(hash, concat(m1, m2)), trailer(hash));
}

export type Iso9796Result =
  | { ok: true; hash: HashName; m1: Uint8Array }
  | { ok: false; reason: 'header' | 'trailer' | 'hash-unknown' | 'length' | 'digest' };

/** Checks a recovered representative J against the non-recoverable part M2 (the challenge). */
export function iso9796Recover(j: Uint8Array, m2: Uint8Array): Iso9796Result {
  const k = j.length;
  if (k < 2) return { ok: false, reason: 'length' };
  if (j[0] !== HEADER_PARTIAL) return { ok: false, reason: 'header' };
  let hash: HashName;
  let t: number;
  if (j[k - 1] === TRAILER_IMPLICIT) {
    hash = 'sha1';
    t = 1;
  } else if (j[k - 1] === TRAILER_EXPLICIT) {
    const id = j[k - 2];
    const found = (Object.keys(HASH_ID) as HashName[]).find((h) => HASH_ID[h] === id);
    if (!found) return { ok: false, reason: 'hash-unknown' };
    hash = found;
    t = 2;
  } else {
    return { ok: false, reason: 'trailer' };
  }
  const lh = HASH_LENGTH[hash];
  const m1End = k - t - lh;
  if (m1End < 1) return { ok: false, reason: 'length' };
  const m1 = j.subarray(1, m1End);
  const d = j.subarray(m1End, k - t);
  if (!equalBytes(digest(hash, concat(m1, m2)), d)) return { ok: false, reason: 'digest' };
  return { ok: true, hash, m1: j.slice(1, m1End) };
}
