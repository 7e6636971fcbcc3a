/**
 * The CSCA certificates and CRLs a verifier trusts, as distributed by the ICAO PKD or bilaterally
 * (Doc 9303 Part 12 §5, §8). Lookups return candidates only; callers prove them by signature.
 */
import { readFile } from 'node:fs/promises';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData, id_signedData } from '@peculiar/asn1-cms';
import { equalBytes } from '../bytes.js';
import { MrtdError } from '../errors.js';
import { parseCertificate, type CertificateInfo } from './certificate.js';
import { parseCrl, type CrlInfo } from './crl.js';
import { bytesOf, childrenOf, guardDecode, toArrayBuffer } from './der.js';
import { sameNameText } from './name.js';
import { looksLikePem, pemBlocks } from './pem.js';

// ICAO Doc 9303 Part 12 §9: id-icao-cscaMasterList
const ID_CSCA_MASTER_LIST = '2.23.136.1.1.2';

/**
 * The certificates of an ICAO CSCA Master List (CMS SignedData over
 * `CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }`). Its own signature is
 * not checked: a master list is trusted as the file it came in.
 */
export function masterListCertificates(der: Uint8Array): Uint8Array[] {
  return guardDecode('CERT_MALFORMED', 'CSCA master list', () => {
    const ci = AsnConvert.parse(toArrayBuffer(der), ContentInfo);
    if (ci.contentType !== id_signedData) throw new MrtdError('CERT_MALFORMED', 'master list is not SignedData');
    const sd = AsnConvert.parse(ci.content, SignedData);
    if (sd.encapContentInfo.eContentType !== ID_CSCA_MASTER_LIST) throw new MrtdError('CERT_MALFORMED', 'not a CSCA master list');
    const content = sd.encapContentInfo.eContent?.single;
    if (!content) throw new MrtdError('CERT_MALFORMED', 'master list has no content');
    const list = childrenOf(bytesOf(content.buffer));
    const certSet = list[1];
    if (!certSet || certSet.tlv.tag !== 0x31) throw new MrtdError('CERT_MALFORMED', 'master list has no certList');
    return childrenOf(certSet.raw).map((c) => c.raw.slice());
  });
}

export class TrustStore {
  readonly #certificates: CertificateInfo[] = [];
  readonly #crls: CrlInfo[] = [];

  /**
   * Loads PEM files (any number of CERTIFICATE and X509 CRL blocks each), DER certificates, DER CRLs
   * and ICAO CSCA master lists. Throws CERT_MALFORMED naming the file that could not be read.
   */
  static async fromFiles(paths: string[]): Promise<TrustStore> {
    const store = new TrustStore();
    for (const path of paths) {
      const bytes = new Uint8Array(await readFile(path));
      try {
        store.addFile(bytes);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new MrtdError(e instanceof MrtdError ? e.code : 'CERT_MALFORMED', `${path}: ${message}`, { cause: e });
      }
    }
    return store;
  }

  /** Adds whatever a trust file holds: PEM blocks, or one DER certificate, CRL or master list. */
  addFile(bytes: Uint8Array): void {
    if (looksLikePem(bytes)) {
      const blocks = pemBlocks(Buffer.from(bytes).toString('latin1'));
      if (blocks.length === 0) throw new MrtdError('CERT_MALFORMED', 'no PEM blocks');
      for (const b of blocks) {
        if (b.label === 'CERTIFICATE') this.addCertificate(b.der);
        else if (b.label === 'X509 CRL') this.addCrl(b.der);
      }
      return;
    }
    const errors: unknown[] = [];
    for (const add of [
      () => this.addCertificate(bytes),
      () => this.addCrl(bytes),
      () => masterListCertificates(bytes).forEach((c) => this.addCertificate(c)),
    ]) {
      try {
        add();
        return;
      } catch (e) {
        errors.push(e);
      }
    }
    throw new MrtdError('CERT_MALFORMED', 'neither a certificate, a CRL nor a CSCA master list', { cause: errors[0] });
  }

  addCertificate(derOrPem: Uint8Array | string): void {
    const cert = parseCertificate(derOrPem);
    if (this.#certificates.some((c) => equalBytes(c.der, cert.der))) return;
    this.#certificates.push(cert);
  }

  addCrl(derOrPem: Uint8Array | string): void {
    const crl = parseCrl(derOrPem);
    if (this.#crls.some((c) => equalBytes(c.der, crl.der))) return;
    this.#crls.push(crl);
  }

  /** Trusted certificates that may have issued `child`: those whose SKI is its AKI first, then those named as its issuer. */
  cscasFor(child: CertificateInfo): CertificateInfo[] {
    const aki = child.authorityKeyId;
    const byKey = aki ? this.#certificates.filter((c) => c.subjectKeyId && equalBytes(c.subjectKeyId, aki)) : [];
    const byName = this.#certificates.filter((c) => !byKey.includes(c) && sameNameText(c.subjectText, child.issuerText));
    return [...byKey, ...byName];
  }

  /** CRLs that may come from `csca` (by AKI or issuer name); the caller checks their signatures. */
  crlsFor(csca: CertificateInfo): CrlInfo[] {
    return this.#crls.filter((crl) => {
      if (crl.authorityKeyId && csca.subjectKeyId) return equalBytes(crl.authorityKeyId, csca.subjectKeyId);
      return sameNameText(crl.issuerText, csca.subjectText);
    });
  }

  get certificates(): readonly CertificateInfo[] {
    return this.#certificates;
  }

  get crls(): readonly CrlInfo[] {
    return this.#crls;
  }

  /** certificates plus CRLs */
  get size(): number {
    return this.#certificates.length + this.#crls.length;
  }
}
