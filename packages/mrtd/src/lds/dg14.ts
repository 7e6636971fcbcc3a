/**
 * EF.DG14 (Doc 9303 Part 10 §4.7.14): template 6E holding the SecurityInfos of the
 * chip's additional protocols (Active Authentication's algorithm, Chip Authentication,
 * PACE, Terminal Authentication).
 */
import { encodeTlv } from '../tlv.js';
import { ldsFile } from './files.js';
import { guarded, outer } from './guard.js';
import { decodeSecurityInfos, encodeSecurityInfos } from './security-infos.js';
import type { SecurityInfo, SecurityInfoInput } from './security-infos.js';

export interface Dg14 {
  securityInfos: SecurityInfo[];
}

export function decodeDg14(file: Uint8Array): Dg14 {
  return guarded('DG14', () => ({ securityInfos: decodeSecurityInfos(outer(file, ldsFile('DG14').tag, 'DG14').value) }));
}

/** Accepts a decoded Dg14 (unchanged infos keep their bytes) or infos built without `raw`. */
export function encodeDg14(d: { securityInfos: readonly SecurityInfoInput[] }): Uint8Array {
  return encodeTlv(ldsFile('DG14').tag, encodeSecurityInfos(d.securityInfos));
}

export type AaHash = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

// ecdsa-with-SHA* (RFC 5758 §3.2, ANSI X9.62), as Doc 9303 Part 11 §6.1 names them, and
// BSI TR-03111's ecdsa-plain-SHA*, which some chips name instead.
const AA_HASHES = new Map<string, AaHash>([
  ['1.2.840.10045.4.1', 'sha1'],
  ['1.2.840.10045.4.3.1', 'sha224'],
  ['1.2.840.10045.4.3.2', 'sha256'],
  ['1.2.840.10045.4.3.3', 'sha384'],
  ['1.2.840.10045.4.3.4', 'sha512'],
  ['0.4.0.127.0.7.1.1.4.1.1', 'sha1'],
  ['0.4.0.127.0.7.1.1.4.1.2', 'sha224'],
  ['0.4.0.127.0.7.1.1.4.1.3', 'sha256'],
  ['0.4.0.127.0.7.1.1.4.1.4', 'sha384'],
  ['0.4.0.127.0.7.1.1.4.1.5', 'sha512'],
]);

/**
 * The hash an ECDSA Active Authentication signature uses, from DG14's
 * ActiveAuthenticationInfo (Doc 9303 Part 11 §6.1); undefined when DG14 names none
 * (RSA AA, whose hash the ISO/IEC 9796-2 trailer tells) or an unknown algorithm.
 */
export function activeAuthenticationHash(dg14: Dg14): AaHash | undefined {
  for (const info of dg14.securityInfos) {
    if (info.kind === 'ActiveAuthentication') return AA_HASHES.get(info.signatureAlgorithm);
  }
  return undefined;
}
