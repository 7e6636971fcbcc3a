/** X.509 certificates of the ICAO PKI: CSCA and Document Signer (Doc 9303 Part 12 §7.1). */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  type AlgorithmIdentifier,
  type Name as AsnName,
} from '@peculiar/asn1-x509';
import { equalBytes } from '../bytes.js';
import type { HashName } from '../crypto/hash.js';
import { MrtdError } from '../errors.js';
import { readTlv } from '../tlv.js';
import {
  defaultHash,
  signatureAlgorithmIdentifier,
  signWith,
  verifySignature,
  type SignatureAlgorithm,
  type VerifyOutcome,
} from './algorithms.js';
import { bytesOf, childrenOf, derOf, guardDecode, integerMagnitude, positiveInteger, toArrayBuffer } from './der.js';
import { normalizeSpki } from './ec-curves.js';
import { fromAsnName, toAsnName, type Name } from './name.js';
import { looksLikePem, pemBlocks } from './pem.js';

export interface CreateCertificateOptions {
  subject: Name;
  /** the issuer's name when there is no issuer certificate to copy it from; omitted with no certificate → self-signed */
  issuer?: Name;
  subjectPublicKey: KeyObject;
  issuerKey: KeyObject;
  /** the issuer's certificate: its subject becomes this issuer and its key identifier the AKI; omitted → self-signed */
  issuerCertificate?: Uint8Array;
  serial: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  /** the algorithm of the issuer key */
  algorithm: SignatureAlgorithm;
  hash?: HashName;
  keyUsage?: 'csca' | 'document-signer';
}

function sha1(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  return new Uint8Array(createHash('sha1').update(bytesOf(bytes)).digest());
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value. */
function keyIdentifierOf(spki: Uint8Array): Uint8Array {
  return sha1(AsnConvert.parse(toArrayBuffer(spki), SubjectPublicKeyInfo).subjectPublicKey);
}

function spkiOf(key: KeyObject): Uint8Array {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return normalizeSpki(new Uint8Array(pub.export({ type: 'spki', format: 'der' })));
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(derOf(value)) });
}

/**
 * A signed X.509 v3 certificate (DER) following the profile of Doc 9303 Part 12 §7.1.1 Table 6: the CSCA
 * has a critical basicConstraints (CA, path length 0) and keyCertSign + cRLSign; the Document Signer has
 * no basicConstraints and digitalSignature only. Both carry SKI and AKI.
 */
export function createCertificate(a: CreateCertificateOptions): Uint8Array {
  if (a.serial.length === 0 || a.serial.length > 20) throw new RangeError('serial must be 1 to 20 bytes (RFC 5280 §4.1.2.2)');
  const hash = a.hash ?? defaultHash(a.algorithm);
  const spki = spkiOf(a.subjectPublicKey);
  const ski = keyIdentifierOf(spki);

  let issuerName: AsnName;
  let aki: Uint8Array;
  if (a.issuerCertificate) {
    const issuer = parseCertificate(a.issuerCertificate);
    issuerName = AsnConvert.parse(toArrayBuffer(issuer.der), Certificate).tbsCertificate.subject;
    aki = issuer.subjectKeyId ?? keyIdentifierOf(issuer.spki);
  } else if (a.issuer) {
    issuerName = toAsnName(a.issuer);
    aki = keyIdentifierOf(spkiOf(a.issuerKey));
  } else {
    issuerName = toAsnName(a.subject);
    aki = ski;
  }

  const usage = a.keyUsage ?? (a.ca ? 'csca' : 'document-signer');
  const usageBits = usage === 'csca' ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign : KeyUsageFlags.digitalSignature;
  const extensions = new Extensions([
    extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(aki) })),
    extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(ski)),
    extension(id_ce_keyUsage, true, new KeyUsage(usageBits)),
  ]);
  if (a.ca) extensions.push(extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true, pathLenConstraint: 0 })));

  const signatureAlgorithm = signatureAlgorithmIdentifier(a.algorithm, hash);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(positiveInteger(a.serial)),
    signature: signatureAlgorithm,
    issuer: issuerName,
    validity: new Validity({ notBefore: a.notBefore, notAfter: a.notAfter }),
    subject: toAsnName(a.subject),
    subjectPublicKeyInfo: AsnConvert.parse(toArrayBuffer(spki), SubjectPublicKeyInfo),
    extensions,
  });
  const signature = signWith(a.algorithm, hash, a.issuerKey, derOf(tbs));
  return derOf(new Certificate({ tbsCertificate: tbs, signatureAlgorithm, signatureValue: toArrayBuffer(signature) }));
}

export interface CertificateInfo {
  der: Uint8Array;
  subject: Name & Record<string, string>;
  issuer: Name & Record<string, string>;
  /** unsigned magnitude, without leading zero bytes */
  serial: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  subjectKeyId?: Uint8Array;
  authorityKeyId?: Uint8Array;
  isCa: boolean;
  publicKey: KeyObject;
  /** the SubjectPublicKeyInfo, with explicit EC parameters of a known curve replaced by its name */
  spki: Uint8Array;
  /** OID */
  signatureAlgorithm: string;
  subjectText: string;
  issuerText: string;
}

interface SignedParts {
  consistent: boolean;
  tbs: Uint8Array;
  algorithm: AlgorithmIdentifier;
  signature: Uint8Array;
}

const signedParts = new WeakMap<CertificateInfo, SignedParts>();

function certificateDer(derOrPem: Uint8Array | string): Uint8Array {
  if (typeof derOrPem === 'string' || looksLikePem(derOrPem)) {
    const text = typeof derOrPem === 'string' ? derOrPem : Buffer.from(derOrPem).toString('latin1');
    const block = guardDecode('CERT_MALFORMED', 'certificate PEM', () => pemBlocks(text)).find((b) => b.label === 'CERTIFICATE');
    if (!block) throw new MrtdError('CERT_MALFORMED', 'no CERTIFICATE block in PEM text');
    return block.der;
  }
  return derOrPem;
}

function decodeExtensions(tbs: TBSCertificate): { ski?: Uint8Array; aki?: Uint8Array; isCa: boolean } {
  const out: { ski?: Uint8Array; aki?: Uint8Array; isCa: boolean } = { isCa: false };
  for (const ext of tbs.extensions ?? []) {
    const value = ext.extnValue.buffer;
    if (ext.extnID === id_ce_subjectKeyIdentifier) out.ski = bytesOf(AsnConvert.parse(value, SubjectKeyIdentifier).buffer);
    if (ext.extnID === id_ce_authorityKeyIdentifier) {
      const kid = AsnConvert.parse(value, AuthorityKeyIdentifier).keyIdentifier;
      if (kid) out.aki = bytesOf(kid.buffer);
    }
    if (ext.extnID === id_ce_basicConstraints) out.isCa = AsnConvert.parse(value, BasicConstraints).cA;
  }
  return out;
}

/** Reads a certificate from DER or PEM (the first CERTIFICATE block). Throws CERT_MALFORMED. */
export function parseCertificate(derOrPem: Uint8Array | string): CertificateInfo {
  const der = certificateDer(derOrPem);
  return guardDecode('CERT_MALFORMED', 'certificate', () => {
    const outer = readTlv(der, 0);
    if (outer.tag !== 0x30 || outer.end !== der.length) throw new MrtdError('CERT_MALFORMED', 'not a single DER SEQUENCE');
    const cert = AsnConvert.parse(toArrayBuffer(der), Certificate);
    const parts = childrenOf(der);
    const tbsRaw = parts[0]?.raw;
    if (!tbsRaw || parts.length !== 3) throw new MrtdError('CERT_MALFORMED', 'certificate is not tbs, algorithm, signature');
    // a signature is a whole number of bytes: other unused-bit counts are a different, unsigned encoding
    if (parts[2]!.tlv.tag !== 0x03 || parts[2]!.tlv.value[0] !== 0) throw new MrtdError('CERT_MALFORMED', 'signature BIT STRING has unused bits');
    // the SPKI is the 6th element of the TBS after the optional [0] version
    const tbsParts = childrenOf(tbsRaw);
    const spkiRaw = tbsParts[(tbsParts[0]?.tlv.tag === 0xa0 ? 1 : 0) + 5]?.raw;
    if (!spkiRaw) throw new MrtdError('CERT_MALFORMED', 'no subjectPublicKeyInfo');
    const spki = normalizeSpki(spkiRaw.slice());
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    } catch (e) {
      throw new MrtdError('CERT_MALFORMED', 'public key not usable', { cause: e });
    }
    const tbs = cert.tbsCertificate;
    const subject = fromAsnName(tbs.subject);
    const issuer = fromAsnName(tbs.issuer);
    const ext = decodeExtensions(tbs);
    const info: CertificateInfo = {
      der: der.slice(),
      subject: subject.name,
      issuer: issuer.name,
      serial: integerMagnitude(bytesOf(tbs.serialNumber)),
      notBefore: tbs.validity.notBefore.getTime(),
      notAfter: tbs.validity.notAfter.getTime(),
      isCa: ext.isCa,
      publicKey,
      spki,
      signatureAlgorithm: cert.signatureAlgorithm.algorithm,
      subjectText: subject.text,
      issuerText: issuer.text,
    };
    if (ext.ski) info.subjectKeyId = ext.ski;
    if (ext.aki) info.authorityKeyId = ext.aki;
    // RFC 5280 §4.1.1.2: the unsigned outer algorithm must repeat the signed one, or the signature proves nothing
    const consistent = equalBytes(derOf(cert.signatureAlgorithm), derOf(tbs.signature));
    signedParts.set(info, { tbs: tbsRaw.slice(), algorithm: cert.signatureAlgorithm, signature: bytesOf(cert.signatureValue), consistent });
    return info;
  });
}

/** Checks the certificate's signature with the issuer's key: 'unsupported' for an algorithm this package cannot check. */
export function checkSignedBy(cert: CertificateInfo, issuer: CertificateInfo): VerifyOutcome {
  let parts = signedParts.get(cert);
  if (!parts) {
    parts = signedParts.get(parseCertificate(cert.der))!;
    signedParts.set(cert, parts);
  }
  if (!parts.consistent) return 'invalid';
  return verifySignature(parts.algorithm, issuer.publicKey, parts.tbs, parts.signature);
}

/** True when `issuer`'s key made the certificate's signature (RSA, RSA-PSS with its parameters, ECDSA incl. brainpool). */
export function verifySignedBy(cert: CertificateInfo, issuer: CertificateInfo): boolean {
  return checkSignedBy(cert, issuer) === 'valid';
}

/** Whether the certificate was valid at `t` (both ends inclusive, RFC 5280 §4.1.2.5). */
export function validAt(cert: { notBefore: Date; notAfter: Date }, t: Date): boolean {
  return t.getTime() >= cert.notBefore.getTime() && t.getTime() <= cert.notAfter.getTime();
}
