/**
 * Passive authentication (ICAO Doc 9303 Part 11 §5.1, Part 12 §4–7): the data groups read are the ones
 * the issuing state signed, with a Document Signer that a trusted CSCA of that state certified.
 * Every check runs and every failure is reported; nothing throws.
 */
import { equalBytes } from '../bytes.js';
import { digest, type HashName } from '../crypto/hash.js';
import { MrtdError, type MrtdErrorCode } from '../errors.js';
import { verifySignature } from './algorithms.js';
import { checkSignedBy, parseCertificate, validAt, type CertificateInfo } from './certificate.js';
import { checkCrlSignedBy } from './crl.js';
import { alpha3ToAlpha2 } from './country.js';
import { hashByOid } from './hash-oids.js';
import { ID_LDS_SECURITY_OBJECT } from './lds-security-object.js';
import { sameNameText } from './name.js';
import { decodeSodDetails, type SodDetails } from './sod.js';
import type { TrustStore } from './trust-store.js';

export interface PaError {
  code: MrtdErrorCode;
  message: string;
}

export interface PassiveAuthResult {
  valid: boolean;
  errors: PaError[];
  hashAlgorithm?: HashName;
  /** data groups read whose hash equals the SOD's */
  checkedDataGroups: number[];
  /** data groups read that the SOD does not list */
  missingDataGroups: number[];
  signingTime?: Date;
  signer?: CertificateInfo;
  csca?: CertificateInfo;
}

export interface PassiveAuthOptions {
  /** the EF.SOD file */
  sod: Uint8Array;
  /** the data group files read, by number */
  dataGroups: Map<number, Uint8Array>;
  trust: TrustStore;
  /** DG1's issuing state (three letters, as in the MRZ) */
  issuingState?: string;
  now: Date;
}

type Report = (code: MrtdErrorCode, message: string) => void;

function checkDataGroups(sod: SodDetails, dataGroups: Map<number, Uint8Array>, result: PassiveAuthResult, report: Report): void {
  for (const [dg, bytes] of [...dataGroups].sort((a, b) => a[0] - b[0])) {
    const expected = sod.dataGroupHashes.get(dg);
    if (!expected) {
      result.missingDataGroups.push(dg);
      report('PA_DG_MISSING', `DG${dg} was read but the SOD has no hash for it`);
    } else if (!equalBytes(digest(sod.hashAlgorithm, bytes), expected)) {
      report('PA_DG_HASH_MISMATCH', `DG${dg} does not match its hash in the SOD`);
    } else {
      result.checkedDataGroups.push(dg);
    }
  }
}

function identifiesSigner(sod: SodDetails, signer: CertificateInfo): boolean {
  const id = sod.signerId;
  if (id.subjectKeyId) return signer.subjectKeyId !== undefined && equalBytes(id.subjectKeyId, signer.subjectKeyId);
  if (id.serial && id.issuerText !== undefined) return equalBytes(id.serial, signer.serial) && sameNameText(id.issuerText, signer.issuerText);
  return false;
}

/** RFC 5652 §5.4 and §11: the signed attributes bind the content type and the hash of the LDS Security Object. */
function checkSignerInfo(sod: SodDetails, signer: CertificateInfo, report: Report): void {
  if (!identifiesSigner(sod, signer)) report('PA_SIGNATURE_INVALID', 'the SignerInfo does not identify the signer certificate');
  if (!sod.signedAttributes) {
    report('PA_SIGNATURE_INVALID', 'the SignerInfo has no signed attributes (Doc 9303 Part 10 requires them)');
    return;
  }
  if (sod.contentTypeAttribute !== ID_LDS_SECURITY_OBJECT) {
    report('PA_SIGNATURE_INVALID', `the contentType attribute is ${sod.contentTypeAttribute ?? 'missing'}, not the LDS Security Object`);
  }
  const hash = hashByOid(sod.digestAlgorithm);
  if (!hash) {
    report('PA_ALGORITHM_UNSUPPORTED', `digest algorithm ${sod.digestAlgorithm} is not supported`);
  } else if (!sod.messageDigestAttribute || !equalBytes(sod.messageDigestAttribute, digest(hash, sod.eContent))) {
    report('PA_SIGNATURE_INVALID', 'the messageDigest attribute does not match the LDS Security Object');
  }
  const outcome = verifySignature(sod.signatureAlgorithmId, signer.publicKey, sod.signedAttributes, sod.signature, sod.digestAlgorithm);
  if (outcome === 'unsupported') report('PA_ALGORITHM_UNSUPPORTED', `signature algorithm ${sod.signatureAlgorithm} is not supported`);
  else if (outcome === 'invalid') report('PA_SIGNATURE_INVALID', 'the SOD signature does not verify with the Document Signer key');
}

/** The trusted CSCA whose key signed the DSC, preferring one valid at `at`. */
function findCsca(signer: CertificateInfo, trust: TrustStore, at: Date, report: Report): CertificateInfo | undefined {
  const proven: CertificateInfo[] = [];
  let unsupported = false;
  for (const candidate of trust.cscasFor(signer)) {
    const outcome = checkSignedBy(signer, candidate);
    if (outcome === 'valid') proven.push(candidate);
    if (outcome === 'unsupported') unsupported = true;
  }
  if (proven.length === 0) {
    if (unsupported) report('PA_ALGORITHM_UNSUPPORTED', `DSC signature algorithm ${signer.signatureAlgorithm} is not supported`);
    else report('PA_CSCA_UNKNOWN', `no trusted CSCA signed the Document Signer certificate (issuer ${signer.issuerText})`);
    return undefined;
  }
  const csca = proven.find((c) => validAt(c, at)) ?? proven[0]!;
  if (!validAt(csca, at)) {
    report('PA_CSCA_NOT_VALID_AT_SIGNING', `CSCA ${csca.subjectText} was not valid at ${at.toISOString()}`);
  }
  if (!csca.isCa) report('PA_CHAIN_INVALID', `certificate ${csca.subjectText} is not a CA`);
  return csca;
}

function checkCountry(signer: CertificateInfo, csca: CertificateInfo | undefined, issuingState: string | undefined, report: Report): void {
  const signerCountry = signer.issuer.C.toUpperCase();
  if (csca && csca.subject.C.toUpperCase() !== signerCountry) {
    report('PA_COUNTRY_MISMATCH', `the CSCA is of ${csca.subject.C} but the Document Signer names ${signer.issuer.C}`);
  }
  if (issuingState === undefined) return;
  const expected = alpha3ToAlpha2(issuingState);
  if (!expected) report('PA_COUNTRY_MISMATCH', `issuing state ${issuingState} has no ISO 3166 code`);
  else if (expected !== signerCountry) {
    report('PA_COUNTRY_MISMATCH', `the document says ${issuingState} but its signer is of ${signerCountry || 'no country'}`);
  }
}

function checkRevocation(signer: CertificateInfo, csca: CertificateInfo, trust: TrustStore, report: Report): void {
  for (const crl of trust.crlsFor(csca)) {
    // a CRL that its CSCA did not sign says nothing
    if (checkCrlSignedBy(crl, csca) !== 'valid') continue;
    const entry = crl.revoked.find((r) => equalBytes(r.serial, signer.serial));
    if (entry) {
      report('PA_SIGNER_REVOKED', `the Document Signer certificate was revoked on ${entry.date.toISOString()}`);
      return;
    }
  }
}

function signerCertificate(sod: SodDetails, trust: TrustStore): CertificateInfo | undefined {
  if (sod.signerCertificate) return parseCertificate(sod.signerCertificate);
  // Doc 9303 Part 10 lets a state leave the DSC out of the SOD; it must then come from the trust store
  return trust.certificates.find((c) => identifiesSigner(sod, c));
}

export function passiveAuthentication(a: PassiveAuthOptions): PassiveAuthResult {
  const result: PassiveAuthResult = { valid: false, errors: [], checkedDataGroups: [], missingDataGroups: [] };
  const report: Report = (code, message) => void result.errors.push({ code, message });
  const reportError = (e: unknown, fallback: MrtdErrorCode) => {
    if (e instanceof MrtdError) report(e.code, e.message);
    else report(fallback, e instanceof Error ? e.message : String(e));
  };

  let sod: SodDetails;
  try {
    sod = decodeSodDetails(a.sod);
  } catch (e) {
    reportError(e, 'SOD_MALFORMED');
    return result;
  }
  result.hashAlgorithm = sod.hashAlgorithm;
  if (sod.signingTime) result.signingTime = sod.signingTime;

  try {
    checkDataGroups(sod, a.dataGroups, result, report);
    let signer: CertificateInfo | undefined;
    try {
      signer = signerCertificate(sod, a.trust);
    } catch (e) {
      reportError(e, 'CERT_MALFORMED');
    }
    if (!signer) {
      if (!result.errors.some((e) => e.code === 'CERT_MALFORMED')) report('PA_SIGNATURE_INVALID', 'no Document Signer certificate for the SOD');
      return finish(result);
    }
    result.signer = signer;
    checkSignerInfo(sod, signer, report);

    // Part 12 §5: keys are judged at the time they were used; without a signing time, now
    const at = sod.signingTime ?? a.now;
    if (!validAt(signer, at)) report('PA_SIGNER_NOT_VALID_AT_SIGNING', `the Document Signer certificate was not valid at ${at.toISOString()}`);

    const csca = findCsca(signer, a.trust, at, report);
    if (csca) result.csca = csca;
    checkCountry(signer, csca, a.issuingState, report);
    if (csca) checkRevocation(signer, csca, a.trust, report);
  } catch (e) {
    reportError(e, 'SOD_MALFORMED');
  }
  return finish(result);
}

function finish(result: PassiveAuthResult): PassiveAuthResult {
  result.valid = result.errors.length === 0;
  return result;
}
