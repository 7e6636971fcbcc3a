/** Test CSCA and Document Signer keys and certificates, for tests, the demo and the CLI. Never for production. */
import type { KeyObject } from 'node:crypto';
import { alpha3ToAlpha2, createCertificate, generateKeyPair, parseCertificate, type SignatureAlgorithm } from '../pki/index.js';
import { secureRandom, type RandomSource } from '../random.js';

export interface TestAuthority {
  certificate: Uint8Array;
  privateKey: KeyObject;
  algorithm: SignatureAlgorithm;
}

const DAY = 86_400_000;

function serialNumber(random: RandomSource): Uint8Array {
  const s = random(16);
  s[0] = (s[0]! & 0x7f) | 0x01; // positive and without a leading zero byte (RFC 5280 §4.1.2.2)
  return s;
}

function country2(alpha3: string): string {
  const c = alpha3ToAlpha2(alpha3);
  if (!c) throw new RangeError(`no ISO 3166 alpha-2 code for ${alpha3}`);
  return c;
}

export interface CscaOptions {
  /** ICAO three-letter code, e.g. 'DNK' */
  country: string;
  algorithm: SignatureAlgorithm;
  now: Date;
  /** distinguishes two CSCAs of one country (a rogue one uses the same name on purpose) */
  commonName?: string;
  random?: RandomSource;
}

export function createTestCsca(o: CscaOptions): TestAuthority {
  const { privateKey, publicKey } = generateKeyPair(o.algorithm);
  const subject = { C: country2(o.country), O: 'OpenMitID Test', CN: o.commonName ?? `OpenMitID Test CSCA ${o.country}` };
  const certificate = createCertificate({
    subject,
    subjectPublicKey: publicKey,
    issuerKey: privateKey,
    serial: serialNumber(o.random ?? secureRandom),
    notBefore: new Date(o.now.getTime() - 365 * DAY),
    notAfter: new Date(o.now.getTime() + 15 * 365 * DAY),
    ca: true,
    algorithm: o.algorithm,
    keyUsage: 'csca',
  });
  return { certificate, privateKey, algorithm: o.algorithm };
}

export interface DocumentSignerOptions {
  country: string;
  algorithm: SignatureAlgorithm;
  notBefore: Date;
  notAfter: Date;
  random?: RandomSource;
}

export function createTestDocumentSigner(csca: TestAuthority, o: DocumentSignerOptions): TestAuthority {
  const { privateKey, publicKey } = generateKeyPair(o.algorithm);
  const issuer = parseCertificate(csca.certificate).subject;
  const certificate = createCertificate({
    subject: { C: country2(o.country), O: 'OpenMitID Test', CN: `OpenMitID Test Document Signer ${o.country}` },
    issuer,
    subjectPublicKey: publicKey,
    issuerKey: csca.privateKey,
    issuerCertificate: csca.certificate,
    serial: serialNumber(o.random ?? secureRandom),
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    ca: false,
    algorithm: csca.algorithm,
    keyUsage: 'document-signer',
  });
  return { certificate, privateKey, algorithm: o.algorithm };
}
