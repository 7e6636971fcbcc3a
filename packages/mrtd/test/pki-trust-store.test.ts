import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ContentInfo, EncapsulatedContent, EncapsulatedContentInfo, SignedData, SignerInfos, id_signedData } from '@peculiar/asn1-cms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTlv } from '../src/tlv.js';
import { concat } from '../src/bytes.js';
import { TrustStore, alpha3ToAlpha2, createCrl, masterListCertificates, parseCertificate, toPem } from '../src/pki/index.js';
import { NOW, SIGNED_AT, makeCsca, makeDsc, type Authority } from './pki-helpers.js';

/** An ICAO CSCA master list around `certs` (Doc 9303 Part 12 §9); its own signer is left out, as the store does not check it. */
function masterList(certs: Uint8Array[]): Uint8Array {
  const content = encodeTlv(0x30, Uint8Array.of(0x02, 0x01, 0x00), encodeTlv(0x31, concat(...certs)));
  const sd = new SignedData({
    version: 3,
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: '2.23.136.1.1.2',
      eContent: new EncapsulatedContent({ single: new OctetString(content) }),
    }),
    signerInfos: new SignerInfos([]),
  });
  return new Uint8Array(AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(sd) })));
}

describe('TrustStore', () => {
  let dir: string;
  let dk: Authority;
  let se: Authority;
  let de: Authority;
  let rogueDk: Authority;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pki-trust-'));
    dk = makeCsca('ecdsa-p256');
    rogueDk = makeCsca('ecdsa-p256', { slot: 2 }); // same name, other key
    se = makeCsca('ecdsa-p384', { name: { C: 'SE', CN: 'CSCA SE' } });
    de = makeCsca('ecdsa-brainpoolp256', { name: { C: 'DE', CN: 'CSCA DE' } });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads PEM bundles, DER certificates, DER CRLs and master lists, without duplicates', async () => {
    const crl = createCrl({
      issuerCertificate: dk.cert,
      issuerKey: dk.keys.privateKey,
      algorithm: 'ecdsa-p256',
      revoked: [],
      thisUpdate: SIGNED_AT,
      nextUpdate: NOW,
    });
    await writeFile(join(dir, 'bundle.pem'), `# trusted\n${toPem(dk.cert, 'CERTIFICATE')}${toPem(crl, 'X509 CRL')}${toPem(se.cert, 'CERTIFICATE')}`);
    await writeFile(join(dir, 'de.cer'), de.cert);
    await writeFile(join(dir, 'dk.crl'), crl);
    await writeFile(join(dir, 'icao.ml'), masterList([se.cert, rogueDk.cert]));
    const store = await TrustStore.fromFiles(['bundle.pem', 'de.cer', 'dk.crl', 'icao.ml'].map((f) => join(dir, f)));
    expect(store.certificates.map((c) => c.subject.C).sort()).toEqual(['DE', 'DK', 'DK', 'SE']);
    expect(store.crls).toHaveLength(1);
    expect(store.size).toBe(5);
  });

  it('names the file it cannot read', async () => {
    await writeFile(join(dir, 'junk.bin'), Uint8Array.of(1, 2, 3));
    await expect(TrustStore.fromFiles([join(dir, 'junk.bin')])).rejects.toMatchObject({ code: 'CERT_MALFORMED', message: expect.stringContaining('junk.bin') });
    await writeFile(join(dir, 'empty.pem'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    await expect(TrustStore.fromFiles([join(dir, 'empty.pem')])).rejects.toMatchObject({ code: 'CERT_MALFORMED' });
  });

  it('reads master list certificates', () => {
    expect(masterListCertificates(masterList([dk.cert, se.cert]))).toEqual([dk.cert, se.cert]);
    expect(() => masterListCertificates(dk.cert)).toThrow(expect.objectContaining({ code: 'CERT_MALFORMED' }));
  });

  it('offers CSCA candidates by key identifier first, then by name', () => {
    const store = new TrustStore();
    for (const c of [rogueDk, se, dk]) store.addCertificate(c.cert);
    const dsc = parseCertificate(makeDsc(dk, 'ecdsa-p256').cert);
    expect(store.cscasFor(dsc).map((c) => c.der)).toEqual([dk.cert, rogueDk.cert]);
    const seDsc = parseCertificate(makeDsc(se, 'ecdsa-p384').cert);
    expect(store.cscasFor(seDsc).map((c) => c.der)).toEqual([se.cert]);
  });

  it('offers the CRLs of a CSCA only', () => {
    const store = new TrustStore();
    const crlOf = (a: Authority) =>
      createCrl({ issuerCertificate: a.cert, issuerKey: a.keys.privateKey, algorithm: a.alg, revoked: [], thisUpdate: SIGNED_AT, nextUpdate: NOW });
    store.addCrl(crlOf(dk));
    const seCrl = crlOf(se);
    store.addCrl(seCrl);
    store.addCrl(toPem(seCrl, 'X509 CRL'));
    expect(store.size).toBe(2);
    expect(store.crlsFor(parseCertificate(se.cert)).map((c) => c.issuer.C)).toEqual(['SE']);
    expect(store.crlsFor(parseCertificate(de.cert))).toEqual([]);
  });
});

describe('alpha3ToAlpha2', () => {
  it('maps ISO and ICAO codes', () => {
    expect(alpha3ToAlpha2('DNK')).toBe('DK');
    expect(alpha3ToAlpha2('GRL')).toBe('GL');
    expect(alpha3ToAlpha2('FRO')).toBe('FO');
    expect(alpha3ToAlpha2('D')).toBe('DE');
    expect(alpha3ToAlpha2('D<<')).toBe('DE');
    expect(alpha3ToAlpha2('DEU')).toBe('DE');
    expect(alpha3ToAlpha2('UTO')).toBe('UT');
    expect(alpha3ToAlpha2('GBN')).toBe('GB');
    expect(alpha3ToAlpha2('nld')).toBe('NL');
    expect(alpha3ToAlpha2('RKS')).toBe('XK');
  });

  it('knows nothing of made-up or stateless codes', () => {
    for (const code of ['XXX', 'XXA', 'ZZZ', '', 'DN', 'DENMARK']) expect(alpha3ToAlpha2(code)).toBeUndefined();
  });
});
