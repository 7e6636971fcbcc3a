/** Shared builders for the pki tests: a CSCA, a Document Signer and a signed document. */
import type { KeyObject } from 'node:crypto';
import type { HashName } from '../src/crypto/hash.js';
import {
  createCertificate,
  generateKeyPair,
  hashDataGroups,
  signSod,
  type Name,
  type SignatureAlgorithm,
} from '../src/pki/index.js';

export const ALGORITHMS: readonly SignatureAlgorithm[] = [
  'rsa',
  'rsa-pss',
  'ecdsa-p256',
  'ecdsa-p384',
  'ecdsa-brainpoolp256',
  'ecdsa-brainpoolp384',
];

export const SIGNED_AT = new Date('2024-03-01T10:00:00Z');
export const NOW = new Date('2025-06-01T12:00:00Z');
const YEAR = 365 * 86_400_000;

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface Authority {
  cert: Uint8Array;
  keys: KeyPair;
  alg: SignatureAlgorithm;
}

/** Key pairs are slow for RSA, so each file keeps a small pool and hands out the same pairs. */
const pool = new Map<string, KeyPair>();
export function keys(alg: SignatureAlgorithm, slot = 0): KeyPair {
  // RSA and RSA-PSS use the same kind of key
  const id = `${alg === 'rsa-pss' ? 'rsa' : alg}#${slot}`;
  let k = pool.get(id);
  if (!k) {
    k = generateKeyPair(alg);
    pool.set(id, k);
  }
  return k;
}

let serial = 1;
function nextSerial(): Uint8Array {
  serial++;
  return Uint8Array.of(0x10, serial >> 8, serial & 0xff);
}

export function makeCsca(
  alg: SignatureAlgorithm,
  o: { name?: Partial<Name>; notBefore?: Date; notAfter?: Date; slot?: number; hash?: HashName } = {},
): Authority {
  const k = keys(alg, o.slot ?? 0);
  const cert = createCertificate({
    subject: { C: 'DK', O: 'OpenMitID Test', CN: 'Test CSCA', ...o.name },
    subjectPublicKey: k.publicKey,
    issuerKey: k.privateKey,
    serial: nextSerial(),
    notBefore: o.notBefore ?? new Date(SIGNED_AT.getTime() - 2 * YEAR),
    notAfter: o.notAfter ?? new Date(SIGNED_AT.getTime() + 10 * YEAR),
    ca: true,
    algorithm: alg,
    keyUsage: 'csca',
    ...(o.hash ? { hash: o.hash } : {}),
  });
  return { cert, keys: k, alg };
}

export function makeDsc(
  csca: Authority,
  alg: SignatureAlgorithm,
  o: { name?: Partial<Name>; notBefore?: Date; notAfter?: Date; slot?: number; serial?: Uint8Array; hash?: HashName } = {},
): Authority {
  const k = keys(alg, o.slot ?? 1);
  const cert = createCertificate({
    subject: { C: 'DK', O: 'OpenMitID Test', CN: 'Test Document Signer', ...o.name },
    subjectPublicKey: k.publicKey,
    issuerKey: csca.keys.privateKey,
    issuerCertificate: csca.cert,
    serial: o.serial ?? nextSerial(),
    notBefore: o.notBefore ?? new Date(SIGNED_AT.getTime() - YEAR / 2),
    notAfter: o.notAfter ?? new Date(SIGNED_AT.getTime() + YEAR),
    ca: false,
    algorithm: csca.alg,
    keyUsage: 'document-signer',
    ...(o.hash ? { hash: o.hash } : {}),
  });
  return { cert, keys: k, alg };
}

/** Data group files shaped like the real ones (tag, length, content). */
export function dataGroups(): Map<number, Uint8Array> {
  const dg1 = new TextEncoder().encode('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10');
  return new Map([
    [1, Uint8Array.of(0x61, dg1.length + 3, 0x5f, 0x1f, dg1.length, ...dg1)],
    [2, Uint8Array.of(0x75, 0x06, 0x7f, 0x61, 0x03, 0x02, 0x01, 0x01)],
    [14, Uint8Array.of(0x6e, 0x03, 0x31, 0x01, 0x00)],
  ]);
}

export function makeSod(
  dsc: Authority,
  hash: HashName,
  files: Map<number, Uint8Array> = dataGroups(),
  o: { signingTime?: Date; signerKey?: KeyObject; ldsVersion?: string } = {},
): Uint8Array {
  return signSod({
    hashAlgorithm: hash,
    dataGroupHashes: hashDataGroups(hash, files),
    signerCertificate: dsc.cert,
    signerKey: o.signerKey ?? dsc.keys.privateKey,
    algorithm: dsc.alg,
    signingTime: o.signingTime ?? SIGNED_AT,
    ...(o.ldsVersion ? { ldsVersion: o.ldsVersion, unicodeVersion: '040000' } : {}),
  });
}
