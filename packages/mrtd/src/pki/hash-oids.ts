/** Digest algorithm identifiers (RFC 3370, RFC 5754) and the data group hashes of the SOD. */
import type { HashName } from '../crypto/hash.js';
import { digest } from '../crypto/hash.js';

export type PkiHashName = HashName;

export const HASH_OID: Readonly<Record<HashName, string>> = {
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

const BY_OID = new Map<string, HashName>(Object.entries(HASH_OID).map(([name, oid]) => [oid, name as HashName]));

export function hashByOid(oid: string): HashName | undefined {
  return BY_OID.get(oid);
}

/** The hash of every data group file, as the SOD lists them (ICAO Doc 9303 Part 10 §4.6.2). */
export function hashDataGroups(hash: HashName, files: Map<number, Uint8Array>): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  for (const [dg, bytes] of [...files].sort((a, b) => a[0] - b[0])) out.set(dg, digest(hash, bytes));
  return out;
}
