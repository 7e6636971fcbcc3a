import { sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData, SignerIdentifier } from '@peculiar/asn1-cms';
import { SubjectKeyIdentifier } from '@peculiar/asn1-x509';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HashName } from '../src/crypto/hash.js';
import { TrustStore, createCrl, decodeSod, parseCertificate, passiveAuthentication, type PassiveAuthResult, type SignatureAlgorithm } from '../src/pki/index.js';
import { decodeSodDetails } from '../src/pki/sod.js';
import { concat } from '../src/bytes.js';
import { encodeTlv, readTlv } from '../src/tlv.js';
import { NOW, SIGNED_AT, dataGroups, keys, makeCsca, makeDsc, makeSod, type Authority } from './pki-helpers.js';

const DAY = 86_400_000;

function trustOf(...cscas: Authority[]): TrustStore {
  const t = new TrustStore();
  for (const c of cscas) t.addCertificate(c.cert);
  return t;
}

/** The SOD with its SignerInfo naming the signer by subject key identifier (CMS version 3) instead of issuer and serial. */
function withSkiSignerId(sod: Uint8Array, ski: Uint8Array): Uint8Array {
  const ci = AsnConvert.parse(readTlv(sod).value.slice().buffer, ContentInfo);
  const sd = AsnConvert.parse(ci.content, SignedData);
  const si = sd.signerInfos[0]!;
  si.version = 3;
  si.sid = new SignerIdentifier({ subjectKeyIdentifier: new SubjectKeyIdentifier(ski) });
  ci.content = AsnConvert.serialize(sd);
  return encodeTlv(0x77, new Uint8Array(AsnConvert.serialize(ci)));
}

/** The SOD re-signed without its signingTime attribute, which Doc 9303 leaves optional. */
function withoutSigningTime(sod: Uint8Array, key: KeyObject): Uint8Array {
  const ci = AsnConvert.parse(readTlv(sod).value.slice().buffer, ContentInfo);
  const sd = AsnConvert.parse(ci.content, SignedData);
  const si = sd.signerInfos[0]!;
  si.signedAttrs = si.signedAttrs!.filter((a) => a.attrType !== '1.2.840.113549.1.9.5');
  const toBeSigned = encodeTlv(0x31, concat(...si.signedAttrs.map((a) => new Uint8Array(AsnConvert.serialize(a)))));
  si.signature = new OctetString(sign('sha256', toBeSigned, key));
  ci.content = AsnConvert.serialize(sd);
  return encodeTlv(0x77, new Uint8Array(AsnConvert.serialize(ci)));
}

function codes(r: PassiveAuthResult): string[] {
  return r.errors.map((e) => e.code);
}

function run(sod: Uint8Array, trust: TrustStore, o: { files?: Map<number, Uint8Array>; issuingState?: string; now?: Date } = {}) {
  return passiveAuthentication({ sod, dataGroups: o.files ?? dataGroups(), trust, issuingState: o.issuingState ?? 'DNK', now: o.now ?? NOW });
}

describe('passive authentication succeeds', () => {
  const cases: [SignatureAlgorithm, HashName[]][] = [
    ['rsa', ['sha1', 'sha256']],
    ['rsa-pss', ['sha256', 'sha512']],
    ['ecdsa-p256', ['sha256', 'sha224']],
    ['ecdsa-p384', ['sha384', 'sha512']],
    ['ecdsa-brainpoolp256', ['sha256', 'sha1']],
    ['ecdsa-brainpoolp384', ['sha384', 'sha256']],
  ];
  for (const [alg, hashes] of cases) {
    for (const hash of hashes) {
      it(`${alg} with ${hash}: CSCA → DSC → SOD`, () => {
        const csca = makeCsca(alg, { hash });
        const dsc = makeDsc(csca, alg, { hash });
        const r = run(makeSod(dsc, hash), trustOf(csca));
        expect(r.errors).toEqual([]);
        expect(r.valid).toBe(true);
        expect(r.hashAlgorithm).toBe(hash);
        expect(r.checkedDataGroups).toEqual([1, 2, 14]);
        expect(r.missingDataGroups).toEqual([]);
        expect(r.signingTime).toEqual(SIGNED_AT);
        expect(r.signer?.der).toEqual(dsc.cert);
        expect(r.csca?.der).toEqual(csca.cert);
      });
    }
  }

  it('an RSA CSCA over a brainpool Document Signer, found among other CSCAs', () => {
    const csca = makeCsca('rsa', { name: { CN: 'CSCA RSA' } });
    const dsc = makeDsc(csca, 'ecdsa-brainpoolp256');
    const others = [makeCsca('ecdsa-p256', { name: { C: 'SE', CN: 'CSCA SE' } }), makeCsca('rsa', { slot: 5, name: { CN: 'CSCA old' } })];
    const r = run(makeSod(dsc, 'sha256'), trustOf(...others, csca));
    expect(r.errors).toEqual([]);
    expect(r.csca?.subject.CN).toBe('CSCA RSA');
  });

  it('judges certificates at signing time: an expired DSC and CSCA today are fine', () => {
    const csca = makeCsca('ecdsa-p256', { notAfter: new Date(SIGNED_AT.getTime() + DAY) });
    const dsc = makeDsc(csca, 'ecdsa-p256', { notAfter: new Date(SIGNED_AT.getTime() + DAY) });
    const r = run(makeSod(dsc, 'sha256'), trustOf(csca), { now: new Date(SIGNED_AT.getTime() + 3000 * DAY) });
    expect(r.errors).toEqual([]);
  });

  it('accepts the ICAO MRZ code for Germany (D) against C=DE and checks only the data groups read', () => {
    const csca = makeCsca('ecdsa-brainpoolp256', { name: { C: 'DE', CN: 'csca-germany' } });
    const dsc = makeDsc(csca, 'ecdsa-brainpoolp256', { name: { C: 'DE' } });
    const files = dataGroups();
    const sod = makeSod(dsc, 'sha256', files);
    files.delete(14);
    const r = run(sod, trustOf(csca), { files, issuingState: 'D<<' });
    expect(r.errors).toEqual([]);
    expect(r.checkedDataGroups).toEqual([1, 2]);
  });
});

describe('passive authentication fails', () => {
  const alg: SignatureAlgorithm = 'ecdsa-brainpoolp256';
  const csca = makeCsca(alg);
  const dsc = makeDsc(csca, alg);
  const sod = makeSod(dsc, 'sha256');
  const trust = trustOf(csca);

  it('PA_DG_HASH_MISMATCH for a changed data group', () => {
    const files = dataGroups();
    files.get(2)![7]! ^= 0x01;
    const r = run(sod, trust, { files });
    expect(codes(r)).toEqual(['PA_DG_HASH_MISMATCH']);
    expect(r.valid).toBe(false);
    expect(r.checkedDataGroups).toEqual([1, 14]);
  });

  it('PA_DG_MISSING for a data group read but absent from the SOD', () => {
    const files = dataGroups();
    files.set(15, Uint8Array.of(0x6f, 0x01, 0x00));
    const r = run(sod, trust, { files });
    expect(codes(r)).toEqual(['PA_DG_MISSING']);
    expect(r.missingDataGroups).toEqual([15]);
  });

  it('PA_SIGNATURE_INVALID when another key signed the SOD', () => {
    const r = run(makeSod(dsc, 'sha256', dataGroups(), { signerKey: keys(alg, 7).privateKey }), trust);
    expect(codes(r)).toEqual(['PA_SIGNATURE_INVALID']);
  });

  it('PA_SIGNATURE_INVALID (with the hash mismatch) when the security object changed after signing', () => {
    const m = sod.slice();
    const d = decodeSodDetails(sod);
    const at = Buffer.from(m).indexOf(Buffer.from(d.dataGroupHashes.get(1)!));
    m[at]! ^= 0xff;
    const r = run(m, trust);
    expect(codes(r).sort()).toEqual(['PA_DG_HASH_MISMATCH', 'PA_SIGNATURE_INVALID']);
  });

  it('PA_CSCA_UNKNOWN with no trusted CSCA, and with a rogue CSCA of the same name', () => {
    expect(codes(run(sod, new TrustStore()))).toEqual(['PA_CSCA_UNKNOWN']);
    const rogue = makeCsca(alg, { slot: 9 });
    expect(rogue.cert).not.toEqual(csca.cert);
    const r = run(sod, trustOf(rogue));
    expect(codes(r)).toEqual(['PA_CSCA_UNKNOWN']);
    expect(r.csca).toBeUndefined();
  });

  it('PA_SIGNER_NOT_VALID_AT_SIGNING for a DSC expired before, or not yet valid at, signing', () => {
    const expired = makeDsc(csca, alg, { notBefore: new Date(SIGNED_AT.getTime() - 400 * DAY), notAfter: new Date(SIGNED_AT.getTime() - DAY) });
    expect(codes(run(makeSod(expired, 'sha256'), trust))).toEqual(['PA_SIGNER_NOT_VALID_AT_SIGNING']);
    const early = makeDsc(csca, alg, { notBefore: new Date(SIGNED_AT.getTime() + DAY) });
    expect(codes(run(makeSod(early, 'sha256'), trust))).toEqual(['PA_SIGNER_NOT_VALID_AT_SIGNING']);
  });

  it('judges certificates at `now` when the SOD has no signing time', () => {
    const shortLived = makeDsc(csca, alg, { notAfter: new Date(SIGNED_AT.getTime() + 30 * DAY) });
    const bare = withoutSigningTime(makeSod(shortLived, 'sha256'), shortLived.keys.privateKey);
    expect(decodeSod(bare).signingTime).toBeUndefined();
    const early = run(bare, trust, { now: new Date(SIGNED_AT.getTime() + DAY) });
    expect(early.errors).toEqual([]);
    expect(early.signingTime).toBeUndefined();
    expect(codes(run(bare, trust))).toEqual(['PA_SIGNER_NOT_VALID_AT_SIGNING']);
  });

  it('finds the signer by subject key identifier, and refuses a SignerInfo naming another key', () => {
    const ski = parseCertificate(dsc.cert).subjectKeyId!;
    expect(run(withSkiSignerId(sod, ski), trust).errors).toEqual([]);
    const other = ski.slice();
    other[0]! ^= 1;
    expect(codes(run(withSkiSignerId(sod, other), trust))).toEqual(['PA_SIGNATURE_INVALID']);
  });

  it('PA_CSCA_NOT_VALID_AT_SIGNING for a CSCA expired before signing', () => {
    const old = makeCsca(alg, { slot: 3, notBefore: new Date(SIGNED_AT.getTime() - 4000 * DAY), notAfter: new Date(SIGNED_AT.getTime() - 10 * DAY) });
    const signer = makeDsc(old, alg);
    expect(codes(run(makeSod(signer, 'sha256'), trustOf(old)))).toEqual(['PA_CSCA_NOT_VALID_AT_SIGNING']);
  });

  it('prefers the CSCA certificate valid at signing when a key was re-certified', () => {
    // same key and name, one certificate expired, one current: the chain must pick the current one
    const old = makeCsca(alg, { slot: 4, notBefore: new Date(SIGNED_AT.getTime() - 4000 * DAY), notAfter: new Date(SIGNED_AT.getTime() - 10 * DAY) });
    const renewed = makeCsca(alg, { slot: 4 });
    const signer = makeDsc(renewed, alg);
    const r = run(makeSod(signer, 'sha256'), trustOf(old, renewed));
    expect(r.errors).toEqual([]);
    expect(r.csca?.der).toEqual(renewed.cert);
  });

  it('PA_SIGNER_REVOKED when the CSCA CRL lists the DSC; CRLs from others or without it change nothing', () => {
    const serial = decodeSodDetails(sod).signerId.serial!;
    const crl = (key = csca.keys.privateKey, revoked = [{ serial, date: new Date(SIGNED_AT.getTime() + DAY) }]) =>
      createCrl({ issuerCertificate: csca.cert, issuerKey: key, algorithm: alg, revoked, thisUpdate: SIGNED_AT, nextUpdate: NOW });

    const t = trustOf(csca);
    t.addCrl(crl(csca.keys.privateKey, [{ serial: Uint8Array.of(0x7f, 0x7f), date: SIGNED_AT }]));
    expect(codes(run(sod, t))).toEqual([]);

    const forged = trustOf(csca);
    forged.addCrl(crl(keys(alg, 8).privateKey));
    expect(codes(run(sod, forged))).toEqual([]);

    t.addCrl(crl());
    expect(t.size).toBe(3);
    expect(codes(run(sod, t))).toEqual(['PA_SIGNER_REVOKED']);
  });

  it('PA_COUNTRY_MISMATCH when DG1 names another state or an unknown one', () => {
    expect(codes(run(sod, trust, { issuingState: 'SWE' }))).toEqual(['PA_COUNTRY_MISMATCH']);
    expect(codes(run(sod, trust, { issuingState: 'XYZ' }))).toEqual(['PA_COUNTRY_MISMATCH']);
  });

  it('PA_ALGORITHM_UNSUPPORTED for an unknown signature algorithm', () => {
    const m = sod.slice();
    const ecdsaSha256 = Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]);
    const at = Buffer.from(m).lastIndexOf(ecdsaSha256); // the SignerInfo's, after the certificate's
    m[at + 9] = 0x09;
    expect(decodeSod(m).signatureAlgorithm).toBe('1.2.840.10045.4.3.9');
    expect(codes(run(m, trust))).toEqual(['PA_ALGORITHM_UNSUPPORTED']);
  });

  it('collects every error at once', () => {
    const expired = makeDsc(csca, alg, { notAfter: new Date(SIGNED_AT.getTime() - DAY), notBefore: new Date(SIGNED_AT.getTime() - 9 * DAY) });
    const files = dataGroups();
    const s = makeSod(expired, 'sha256', files);
    files.get(1)![10]! ^= 1;
    files.set(11, Uint8Array.of(0x6b, 0));
    const r = run(s, new TrustStore(), { files, issuingState: 'NOR' });
    expect(codes(r).sort()).toEqual(
      ['PA_COUNTRY_MISMATCH', 'PA_CSCA_UNKNOWN', 'PA_DG_HASH_MISMATCH', 'PA_DG_MISSING', 'PA_SIGNER_NOT_VALID_AT_SIGNING'].sort(),
    );
    expect(r.signer).toBeDefined();
  });

  it('SOD_MALFORMED for garbage and a truncated SOD, without throwing', () => {
    for (const bad of [new Uint8Array(0), Uint8Array.of(0x77, 0x03, 1, 2, 3), sod.subarray(0, sod.length - 5)]) {
      const r = run(bad, trust);
      expect(r.valid).toBe(false);
      expect(codes(r)).toEqual(['SOD_MALFORMED']);
      expect(r.checkedDataGroups).toEqual([]);
    }
  });

  it('fuzz: random bytes never throw and never pass', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = run(bytes, trust);
        expect(r.valid).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('fuzz: a byte changed in a signed part of the SOD never passes', () => {
    const d = decodeSodDetails(sod);
    const buf = Buffer.from(sod);
    // regions covered by a signature: the security object, the signed attributes (as [0]), the signature, the DSC
    const attrs = Buffer.from(d.signedAttributes!);
    attrs[0] = 0xa0;
    const regions = [d.eContent, attrs, d.signature, dsc.cert].map((part) => {
      const start = buf.indexOf(Buffer.from(part));
      expect(start).toBeGreaterThan(0);
      return { start, length: part.length };
    });
    fc.assert(
      fc.property(fc.nat(regions.length - 1), fc.nat(100_000), fc.integer({ min: 1, max: 255 }), (ri, off, x) => {
        const region = regions[ri]!;
        const m = sod.slice();
        m[region.start + (off % region.length)]! ^= x;
        expect(run(m, trust).valid).toBe(false);
      }),
      { numRuns: 120 },
    );
  });

  it('fuzz: any mutation never throws, and a mutated SOD that passes says exactly what the original said', () => {
    const original = decodeSodDetails(sod);
    fc.assert(
      fc.property(fc.nat(sod.length - 1), fc.integer({ min: 0, max: 255 }), fc.boolean(), (at, v, cut) => {
        const m = cut ? sod.slice(0, at) : sod.slice();
        if (!cut) m[at] = v;
        const r = run(m, trust);
        if (r.valid) {
          const d = decodeSodDetails(m);
          expect(d.eContent).toEqual(original.eContent);
          expect(d.signedAttributes).toEqual(original.signedAttributes);
          expect(d.signerCertificate).toEqual(original.signerCertificate);
        }
      }),
      { numRuns: 150 },
    );
  });
});
