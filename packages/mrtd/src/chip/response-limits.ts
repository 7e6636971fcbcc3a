/**
 * How many plaintext bytes fit in one response, with and without secure messaging.
 * A protected response is DO87 (01 ‖ padded ciphertext) ‖ DO99 (SW) ‖ DO8E (8-byte MAC),
 * Doc 9303 Part 11 §9.8.5; the padding always adds 1..blockSize bytes (ISO/IEC 9797-1 method 2).
 */

function lengthOfLength(n: number): number {
  if (n < 0x80) return 1;
  if (n <= 0xff) return 2;
  if (n <= 0xffff) return 3;
  return 4;
}

/** Bytes of a TLV with a one-byte tag around `n` value bytes. */
export function tlvSize(n: number): number {
  return 1 + lengthOfLength(n) + n;
}

/** Size of the protected response data field carrying `plain` bytes of response data. */
export function protectedResponseSize(plain: number, blockSize: number): number {
  const trailer = tlvSize(2) + tlvSize(8); // DO99 + DO8E
  if (plain === 0) return trailer;
  const padded = (Math.floor(plain / blockSize) + 1) * blockSize;
  return tlvSize(padded + 1) + trailer;
}

/** The largest plaintext whose protected response fits `outerNe` bytes. */
export function maxPlainInProtected(outerNe: number, blockSize: number): number {
  let n = outerNe;
  while (n > 0 && protectedResponseSize(n, blockSize) > outerNe) n--;
  return n;
}

/** The largest `n` such that a DO53 carrying `n` bytes fits `limit` bytes (odd-INS READ BINARY). */
export function maxContentInDo53(limit: number): number {
  let n = Math.max(0, limit - 2);
  while (n > 0 && tlvSize(n) > limit) n--;
  return n;
}
