/** Certificate revocation lists of a CSCA (Doc 9303 Part 12 §7.1.4, RFC 5280 §5). */
import type { KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  Certificate,
  CertificateList,
  Extension,
  RevokedCertificate,
  TBSCertList,
  Time,
  Version,
  id_ce_authorityKeyIdentifier,
  KeyIdentifier,
  type AlgorithmIdentifier,
} from '@peculiar/asn1-x509';
import { equalBytes } from '../bytes.js';
import type { HashName } from '../crypto/hash.js';
import { MrtdError } from '../errors.js';
import { readTlv } from '../tlv.js';
import { defaultHash, signatureAlgorithmIdentifier, signWith, verifySignature, type SignatureAlgorithm, type VerifyOutcome } from './algorithms.js';
import type { CertificateInfo } from './certificate.js';
import { parseCertificate } from './certificate.js';
import { bytesOf, childrenOf, derOf, guardDecode, integerMagnitude, positiveInteger, toArrayBuffer } from './der.js';
import { fromAsnName, type Name } from './name.js';
import { looksLikePem, pemBlocks } from './pem.js';

export interface CreateCrlOptions {
  issuerCertificate: Uint8Array;
  issuerKey: KeyObject;
  algorithm: SignatureAlgorithm;
  hash?: HashName;
  revoked: { serial: Uint8Array; date: Date }[];
  thisUpdate: Date;
  nextUpdate: Date;
}

/** A v2 CRL signed by the CSCA, with the AKI extension (Part 12 §7.1.4 makes it mandatory). */
export function createCrl(a: CreateCrlOptions): Uint8Array {
  const issuer = parseCertificate(a.issuerCertificate);
  const issuerName = AsnConvert.parse(toArrayBuffer(issuer.der), Certificate).tbsCertificate.subject;
  const hash = a.hash ?? defaultHash(a.algorithm);
  const signature = signatureAlgorithmIdentifier(a.algorithm, hash);
  const tbs = new TBSCertList({
    version: Version.v2,
    signature,
    issuer: issuerName,
    thisUpdate: new Time(a.thisUpdate),
    nextUpdate: new Time(a.nextUpdate),
    crlExtensions: issuer.subjectKeyId
      ? [
          new Extension({
            extnID: id_ce_authorityKeyIdentifier,
            critical: false,
            extnValue: new OctetString(derOf(new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuer.subjectKeyId) }))),
          }),
        ]
      : undefined,
  });
  // RFC 5280 §5.1.2.6: an empty list is left out, not encoded empty
  if (a.revoked.length > 0) {
    tbs.revokedCertificates = a.revoked.map(
      (r) => new RevokedCertificate({ userCertificate: toArrayBuffer(positiveInteger(r.serial)), revocationDate: new Time(r.date) }),
    );
  }
  const sig = signWith(a.algorithm, hash, a.issuerKey, derOf(tbs));
  return derOf(new CertificateList({ tbsCertList: tbs, signatureAlgorithm: signature, signature: toArrayBuffer(sig) }));
}

export interface CrlInfo {
  der: Uint8Array;
  issuer: Name & Record<string, string>;
  issuerText: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** serials as unsigned magnitudes, without leading zero bytes */
  revoked: { serial: Uint8Array; date: Date }[];
  authorityKeyId?: Uint8Array;
  /** OID */
  signatureAlgorithm: string;
}

interface SignedParts {
  consistent: boolean;
  tbs: Uint8Array;
  algorithm: AlgorithmIdentifier;
  signature: Uint8Array;
}
const signedParts = new WeakMap<CrlInfo, SignedParts>();

function crlDer(derOrPem: Uint8Array | string): Uint8Array {
  if (typeof derOrPem === 'string' || looksLikePem(derOrPem)) {
    const text = typeof derOrPem === 'string' ? derOrPem : Buffer.from(derOrPem).toString('latin1');
    const block = guardDecode('CRL_MALFORMED', 'CRL PEM', () => pemBlocks(text)).find((b) => b.label === 'X509 CRL');
    if (!block) throw new MrtdError('CRL_MALFORMED', 'no X509 CRL block in PEM text');
    return block.der;
  }
  return derOrPem;
}

/** Reads a CRL from DER or PEM. Throws CRL_MALFORMED. */
export function parseCrl(derOrPem: Uint8Array | string): CrlInfo {
  const der = crlDer(derOrPem);
  return guardDecode('CRL_MALFORMED', 'CRL', () => {
    const outer = readTlv(der, 0);
    if (outer.tag !== 0x30 || outer.end !== der.length) throw new MrtdError('CRL_MALFORMED', 'not a single DER SEQUENCE');
    const crl = AsnConvert.parse(toArrayBuffer(der), CertificateList);
    const parts = childrenOf(der);
    if (parts.length !== 3 || parts[2]!.tlv.tag !== 0x03 || parts[2]!.tlv.value[0] !== 0) {
      throw new MrtdError('CRL_MALFORMED', 'CRL is not tbs, algorithm, signature (whole bytes)');
    }
    const tbs = crl.tbsCertList;
    const issuer = fromAsnName(tbs.issuer);
    const info: CrlInfo = {
      der: der.slice(),
      issuer: issuer.name,
      issuerText: issuer.text,
      thisUpdate: tbs.thisUpdate.getTime(),
      revoked: (tbs.revokedCertificates ?? []).map((r) => ({
        serial: integerMagnitude(bytesOf(r.userCertificate)),
        date: r.revocationDate.getTime(),
      })),
      signatureAlgorithm: crl.signatureAlgorithm.algorithm,
    };
    if (tbs.nextUpdate) info.nextUpdate = tbs.nextUpdate.getTime();
    for (const ext of tbs.crlExtensions ?? []) {
      if (ext.extnID !== id_ce_authorityKeyIdentifier) continue;
      const kid = AsnConvert.parse(ext.extnValue.buffer, AuthorityKeyIdentifier).keyIdentifier;
      if (kid) info.authorityKeyId = bytesOf(kid.buffer);
    }
    const consistent = equalBytes(derOf(crl.signatureAlgorithm), derOf(tbs.signature)); // RFC 5280 §5.1.1.2
    signedParts.set(info, { tbs: parts[0]!.raw.slice(), algorithm: crl.signatureAlgorithm, signature: bytesOf(crl.signature), consistent });
    return info;
  });
}

export function checkCrlSignedBy(crl: CrlInfo, issuer: CertificateInfo): VerifyOutcome {
  let parts = signedParts.get(crl);
  if (!parts) {
    parts = signedParts.get(parseCrl(crl.der))!;
    signedParts.set(crl, parts);
  }
  if (!parts.consistent) return 'invalid';
  return verifySignature(parts.algorithm, issuer.publicKey, parts.tbs, parts.signature);
}

/** True when `issuer`'s key signed the CRL. */
export function verifyCrlSignedBy(crl: CrlInfo, issuer: CertificateInfo): boolean {
  return checkCrlSignedBy(crl, issuer) === 'valid';
}
