/**
 * EF.SOD, the Document Security Object (ICAO Doc 9303 Part 10 §4.6.2): tag 77 around a CMS
 * ContentInfo whose SignedData signs the LDS Security Object (RFC 5652 §5).
 */
import type { KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  Attribute,
  ContentInfo,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  DigestAlgorithmIdentifiers,
  id_signedData,
} from '@peculiar/asn1-cms';
import { AlgorithmIdentifier, Certificate, Name as AsnName, Time } from '@peculiar/asn1-x509';
import { concat, equalBytes } from '../bytes.js';
import { HASH_LENGTH, digest, type HashName } from '../crypto/hash.js';
import { MrtdError } from '../errors.js';
import { encodeTlv, readTlv } from '../tlv.js';
import { signatureAlgorithmIdentifier, signWith, type SignatureAlgorithm } from './algorithms.js';
import { bytesOf, childrenOf, decodeOid, derOf, encodeOid, guardDecode, integerMagnitude, toArrayBuffer } from './der.js';
import { HASH_OID, hashByOid } from './hash-oids.js';
import { DataGroupHash, ID_LDS_SECURITY_OBJECT, LdsSecurityObject, LdsVersionInfo } from './lds-security-object.js';
import { fromAsnName } from './name.js';

const SOD_TAG = 0x77;
// RFC 5652 §11 (PKCS #9 attribute types)
const ID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const ID_SIGNING_TIME = '1.2.840.113549.1.9.5';

export interface Sod {
  hashAlgorithm: HashName;
  dataGroupHashes: Map<number, Uint8Array>;
  ldsVersion?: string;
  unicodeVersion?: string;
  /** the first certificate of the SignedData that the SignerInfo names (else the first one) */
  signerCertificate?: Uint8Array;
  signingTime?: Date;
  /** OID of the SignerInfo's signatureAlgorithm */
  signatureAlgorithm: string;
  /** the EF.SOD file as given */
  der: Uint8Array;
}

/** What passive authentication needs beyond the public Sod. */
export interface SodDetails extends Sod {
  /** the signed LDSSecurityObject (eContent) */
  eContent: Uint8Array;
  eContentType: string;
  /** OID of the SignerInfo's digestAlgorithm */
  digestAlgorithm: string;
  signatureAlgorithmId: AlgorithmIdentifier;
  signature: Uint8Array;
  /** DER of the signed attributes as signed: with the SET OF tag (RFC 5652 §5.4) */
  signedAttributes?: Uint8Array;
  contentTypeAttribute?: string;
  messageDigestAttribute?: Uint8Array;
  signerId: { issuerText?: string; serial?: Uint8Array; subjectKeyId?: Uint8Array };
  certificates: Uint8Array[];
}

function malformed(message: string): MrtdError {
  return new MrtdError('SOD_MALFORMED', message);
}

function decodeLdsSecurityObject(eContent: Uint8Array) {
  const lso = AsnConvert.parse(toArrayBuffer(eContent), LdsSecurityObject);
  if (lso.version !== 0 && lso.version !== 1) throw malformed(`LDSSecurityObject version ${lso.version}`);
  const hashAlgorithm = hashByOid(lso.hashAlgorithm.algorithm);
  if (!hashAlgorithm) {
    throw new MrtdError('PA_ALGORITHM_UNSUPPORTED', `SOD hash algorithm ${lso.hashAlgorithm.algorithm} not supported`);
  }
  const dataGroupHashes = new Map<number, Uint8Array>();
  for (const h of lso.dataGroupHashValues) {
    const n = h.dataGroupNumber;
    if (!Number.isInteger(n) || n < 1 || n > 16) throw malformed(`data group number ${n}`);
    if (dataGroupHashes.has(n)) throw malformed(`data group ${n} listed twice`);
    const value = bytesOf(h.dataGroupHashValue.buffer).slice();
    if (value.length !== HASH_LENGTH[hashAlgorithm]) throw malformed(`DG${n} hash has ${value.length} bytes, ${hashAlgorithm} has ${HASH_LENGTH[hashAlgorithm]}`);
    dataGroupHashes.set(n, value);
  }
  if (dataGroupHashes.size === 0) throw malformed('no data group hashes');
  return { hashAlgorithm, dataGroupHashes, versionInfo: lso.ldsVersionInfo };
}

function singleValue(attr: Attribute): Uint8Array {
  if (attr.attrValues.length !== 1) throw malformed(`attribute ${attr.attrType} has ${attr.attrValues.length} values`);
  return bytesOf(attr.attrValues[0]!);
}

function readSignedAttributes(attrs: Attribute[]) {
  const out: { contentType?: string; messageDigest?: Uint8Array; signingTime?: Date } = {};
  const seen = new Set<string>();
  for (const attr of attrs) {
    // RFC 5652 §5.3: each of these occurs once
    if (seen.has(attr.attrType)) throw malformed(`signed attribute ${attr.attrType} repeated`);
    seen.add(attr.attrType);
    if (attr.attrType === ID_CONTENT_TYPE) {
      const oid = decodeOid(singleValue(attr));
      if (!oid) throw malformed('contentType attribute is not an OID');
      out.contentType = oid;
    } else if (attr.attrType === ID_MESSAGE_DIGEST) {
      out.messageDigest = bytesOf(AsnConvert.parse(toArrayBuffer(singleValue(attr)), OctetString).buffer).slice();
    } else if (attr.attrType === ID_SIGNING_TIME) {
      out.signingTime = AsnConvert.parse(toArrayBuffer(singleValue(attr)), Time).getTime();
    }
  }
  return out;
}

interface RawParts {
  /** the SignedData without its certificates and CRLs: parsing certificates with the schema library is slow and needless here */
  signedDataLean: Uint8Array;
  signedAttributes?: Uint8Array;
  certificates: Uint8Array[];
}

/** Raw pieces the signature covers, found by walking the DER so they are exactly the bytes signed. */
function rawParts(contentInfo: Uint8Array): RawParts {
  if (readTlv(contentInfo, 0).tag !== 0x30) throw malformed('ContentInfo is not a SEQUENCE');
  const ci = childrenOf(contentInfo);
  const type = ci[0];
  if (!type || type.tlv.tag !== 0x06 || decodeOid(type.raw) !== id_signedData) throw malformed('ContentInfo is not signedData');
  const explicit = ci[1];
  if (!explicit || explicit.tlv.tag !== 0xa0 || ci.length !== 2) throw malformed('ContentInfo has no single [0] content');
  const inner = readTlv(explicit.tlv.value, 0);
  if (inner.tag !== 0x30 || inner.end !== explicit.tlv.value.length) throw malformed('SignedData is not one SEQUENCE');
  const signedData = childrenOf(explicit.tlv.value);
  const certificates: Uint8Array[] = [];
  const certSet = signedData.find((c) => c.tlv.tag === 0xa0);
  if (certSet) for (const c of childrenOf(certSet.raw)) if (c.tlv.tag === 0x30) certificates.push(c.raw.slice());
  const signedDataLean = encodeTlv(0x30, concat(...signedData.filter((c) => c.tlv.tag !== 0xa0 && c.tlv.tag !== 0xa1).map((c) => c.raw)));
  const signerInfos = signedData[signedData.length - 1];
  if (!signerInfos || signerInfos.tlv.tag !== 0x31) throw malformed('SignedData has no signerInfos');
  const first = childrenOf(signerInfos.raw)[0];
  if (!first) throw malformed('no SignerInfo');
  const attrs = childrenOf(first.raw).find((c) => c.tlv.tag === 0xa0);
  if (!attrs) return { signedDataLean, certificates };
  // RFC 5652 §5.4: the signature covers the attributes with the EXPLICIT SET OF tag, not the [0] IMPLICIT one
  const signedAttributes = attrs.raw.slice();
  signedAttributes[0] = 0x31;
  return { signedDataLean, signedAttributes, certificates };
}

/** The certificate the SignerInfo names, matched on the raw TBS (serial and issuer, or SKI); else the first. */
function signerCertificateFor(certificates: Uint8Array[], id: SodDetails['signerId']): Uint8Array | undefined {
  for (const der of certificates) {
    try {
      const tbs = childrenOf(der)[0];
      if (!tbs) continue;
      const fields = childrenOf(tbs.raw);
      const skip = fields[0]?.tlv.tag === 0xa0 ? 1 : 0;
      const serial = fields[skip];
      const issuer = fields[skip + 2];
      if (id.serial && id.issuerText !== undefined && serial && issuer) {
        const sameSerial = equalBytes(integerMagnitude(serial.tlv.value), id.serial);
        if (sameSerial && fromAsnName(AsnConvert.parse(toArrayBuffer(issuer.raw), AsnName)).text === id.issuerText) return der;
      }
      if (id.subjectKeyId && indexOf(tbs.raw, concat(Uint8Array.of(0x04, id.subjectKeyId.length), id.subjectKeyId)) >= 0) return der;
    } catch {
      // an unreadable certificate is not the signer's; passive authentication reports what it finds
    }
  }
  return certificates[0];
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Decodes EF.SOD with every part passive authentication checks. Throws SOD_MALFORMED (or PA_ALGORITHM_UNSUPPORTED for an unknown hash). */
export function decodeSodDetails(file: Uint8Array): SodDetails {
  return guardDecode('SOD_MALFORMED', 'EF.SOD', () => {
    const outer = readTlv(file, 0);
    if (outer.tag !== SOD_TAG) throw malformed(`EF.SOD starts with tag ${outer.tag.toString(16)}, not 77`);
    const contentInfoDer = outer.value;
    if (readTlv(contentInfoDer, 0).end !== contentInfoDer.length) throw malformed('bytes after the ContentInfo');
    const raw = rawParts(contentInfoDer);
    const sd = AsnConvert.parse(toArrayBuffer(raw.signedDataLean), SignedData);
    const eContentType = sd.encapContentInfo.eContentType;
    if (eContentType !== ID_LDS_SECURITY_OBJECT) throw malformed(`eContentType ${eContentType} is not the LDS Security Object`);
    const single = sd.encapContentInfo.eContent?.single;
    if (!single) throw malformed('no eContent');
    const eContent = bytesOf(single.buffer).slice();
    const lso = decodeLdsSecurityObject(eContent);
    if (sd.signerInfos.length !== 1) throw malformed(`${sd.signerInfos.length} SignerInfos; ICAO requires one`);
    const si = sd.signerInfos[0]!;
    const attrs = readSignedAttributes(si.signedAttrs ?? []);

    const signerId: SodDetails['signerId'] = {};
    if (si.sid.issuerAndSerialNumber) {
      signerId.issuerText = fromAsnName(si.sid.issuerAndSerialNumber.issuer).text;
      signerId.serial = integerMagnitude(bytesOf(si.sid.issuerAndSerialNumber.serialNumber));
    } else if (si.sid.subjectKeyIdentifier) {
      signerId.subjectKeyId = bytesOf(si.sid.subjectKeyIdentifier.buffer).slice();
    }
    const sod: SodDetails = {
      hashAlgorithm: lso.hashAlgorithm,
      dataGroupHashes: lso.dataGroupHashes,
      signatureAlgorithm: si.signatureAlgorithm.algorithm,
      der: file.slice(),
      eContent,
      eContentType,
      digestAlgorithm: si.digestAlgorithm.algorithm,
      signatureAlgorithmId: si.signatureAlgorithm,
      signature: bytesOf(si.signature.buffer).slice(),
      signerId,
      certificates: raw.certificates,
    };
    if (lso.versionInfo) {
      sod.ldsVersion = lso.versionInfo.ldsVersion;
      sod.unicodeVersion = lso.versionInfo.unicodeVersion;
    }
    const signerCertificate = signerCertificateFor(raw.certificates, signerId);
    if (signerCertificate) sod.signerCertificate = signerCertificate;
    if (attrs.signingTime) sod.signingTime = attrs.signingTime;
    if (raw.signedAttributes) sod.signedAttributes = raw.signedAttributes;
    if (attrs.contentType) sod.contentTypeAttribute = attrs.contentType;
    if (attrs.messageDigest) sod.messageDigestAttribute = attrs.messageDigest;
    return sod;
  });
}

/** Decodes EF.SOD. Throws SOD_MALFORMED on anything wrong (PA_ALGORITHM_UNSUPPORTED for an unknown hash). Checks no signature. */
export function decodeSod(file: Uint8Array): Sod {
  const d = decodeSodDetails(file);
  const sod: Sod = {
    hashAlgorithm: d.hashAlgorithm,
    dataGroupHashes: d.dataGroupHashes,
    signatureAlgorithm: d.signatureAlgorithm,
    der: d.der,
  };
  if (d.ldsVersion !== undefined) sod.ldsVersion = d.ldsVersion;
  if (d.unicodeVersion !== undefined) sod.unicodeVersion = d.unicodeVersion;
  if (d.signerCertificate) sod.signerCertificate = d.signerCertificate;
  if (d.signingTime) sod.signingTime = d.signingTime;
  return sod;
}

export interface SignSodOptions {
  hashAlgorithm: HashName;
  dataGroupHashes: Map<number, Uint8Array>;
  signerCertificate: Uint8Array;
  signerKey: KeyObject;
  /** the algorithm of the signer key */
  algorithm: SignatureAlgorithm;
  signingTime: Date;
  /** e.g. '0108'; with unicodeVersion it makes a v1 LDSSecurityObject */
  ldsVersion?: string;
  unicodeVersion?: string;
  /** hash of the signed attributes and the signature; default: the SOD's hashAlgorithm */
  signatureHash?: HashName;
}

function attribute(type: string, value: Uint8Array): Attribute {
  return new Attribute({ attrType: type, attrValues: [toArrayBuffer(value)] });
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Signs data group hashes into an EF.SOD file, as a Document Signer does. */
export function signSod(a: SignSodOptions): Uint8Array {
  const hashId = () => new AlgorithmIdentifier({ algorithm: HASH_OID[a.hashAlgorithm] });
  const lso = new LdsSecurityObject({
    version: a.ldsVersion !== undefined ? 1 : 0,
    hashAlgorithm: hashId(),
    dataGroupHashValues: [...a.dataGroupHashes]
      .sort((x, y) => x[0] - y[0])
      .map(([n, h]) => new DataGroupHash({ dataGroupNumber: n, dataGroupHashValue: new OctetString(h) })),
  });
  if (a.ldsVersion !== undefined) {
    lso.ldsVersionInfo = new LdsVersionInfo({ ldsVersion: a.ldsVersion, unicodeVersion: a.unicodeVersion ?? '' });
  }
  const eContent = derOf(lso);

  const cert = AsnConvert.parse(toArrayBuffer(a.signerCertificate), Certificate);
  const signatureHash = a.signatureHash ?? a.hashAlgorithm;
  // DER orders a SET OF by the encodings (X.690 §11.6); the signature covers exactly this order
  const signedAttrs = [
    attribute(ID_CONTENT_TYPE, encodeOid(ID_LDS_SECURITY_OBJECT)),
    attribute(ID_MESSAGE_DIGEST, derOf(new OctetString(digest(signatureHash, eContent)))),
    attribute(ID_SIGNING_TIME, derOf(new Time(a.signingTime))),
  ]
    .map((attr) => ({ attr, der: derOf(attr) }))
    .sort((x, y) => compareBytes(x.der, y.der));
  const toBeSigned = encodeTlv(0x31, concat(...signedAttrs.map((s) => s.der)));

  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: cert.tbsCertificate.issuer, serialNumber: cert.tbsCertificate.serialNumber }),
    }),
    digestAlgorithm: new AlgorithmIdentifier({ algorithm: HASH_OID[signatureHash] }),
    signedAttrs: signedAttrs.map((s) => s.attr),
    signatureAlgorithm: signatureAlgorithmIdentifier(a.algorithm, signatureHash),
    signature: new OctetString(signWith(a.algorithm, signatureHash, a.signerKey, toBeSigned)),
  });
  const digestAlgorithms = new DigestAlgorithmIdentifiers([hashId()]);
  if (signatureHash !== a.hashAlgorithm) digestAlgorithms.push(new AlgorithmIdentifier({ algorithm: HASH_OID[signatureHash] }));
  const signedData = new SignedData({
    // RFC 5652 §5.1: version 3 because the eContentType is not id-data
    version: 3,
    digestAlgorithms,
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: ID_LDS_SECURITY_OBJECT,
      eContent: new EncapsulatedContent({ single: new OctetString(eContent) }),
    }),
    signerInfos: new SignerInfos([signerInfo]),
  });
  // the certificate goes in as given, not re-encoded, so its signature stays intact whatever encoder made it
  const parts = childrenOf(derOf(signedData)).map((c) => c.raw);
  parts.splice(parts.length - 1, 0, encodeTlv(0xa0, a.signerCertificate));
  const signedDataDer = encodeTlv(0x30, concat(...parts));
  const contentInfo = new ContentInfo({ contentType: id_signedData, content: toArrayBuffer(signedDataDer) });
  return encodeTlv(SOD_TAG, derOf(contentInfo));
}
