/**
 * The hash functions of the LDS, Active Authentication and key derivation, from
 * @noble/hashes (pure JS) so the protocol code needs no node:crypto.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export const HASH_LENGTH: Readonly<Record<HashName, number>> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

const HASHES: Readonly<Record<HashName, (data: Uint8Array) => Uint8Array>> = { sha1, sha224, sha256, sha384, sha512 };

export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  const fn = HASHES[hash];
  // HashName is a type only; a stray string from untyped callers must not reach undefined()
  if (fn === undefined) throw new RangeError(`unknown hash ${String(hash)}`);
  return fn(data);
}
