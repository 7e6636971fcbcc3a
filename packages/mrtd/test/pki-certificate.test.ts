import { X509Certificate, constants, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ECParameters } from '@peculiar/asn1-ecc';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMrtdError } from '../src/errors.js';
import {
  createCertificate,
  createCrl,
  fromPem,
  normalizeSpki,
  parseCertificate,
  parseCrl,
  toPem,
  verifyCrlSignedBy,
  verifySignedBy,
} from '../src/pki/index.js';
import { ALGORITHMS, SIGNED_AT, keys, makeCsca, makeDsc } from './pki-helpers.js';

const SIG_OID: Record<string, string> = {
  'rsa/sha256': '1.2.840.113549.1.1.11',
  'rsa/sha1': '1.2.840.113549.1.1.5',
  'rsa-pss/sha256': '1.2.840.113549.1.1.10',
  'ecdsa-p256/sha256': '1.2.840.10045.4.3.2',
  'ecdsa-p384/sha384': '1.2.840.10045.4.3.3',
  'ecdsa-brainpoolp256/sha256': '1.2.840.10045.4.3.2',
  'ecdsa-brainpoolp384/sha384': '1.2.840.10045.4.3.3',
};

function ab(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

/** Re-signs a certificate under a hand-made algorithm identifier, so unusual encodings can be tested. */
function resign(der: Uint8Array, algorithm: AlgorithmIdentifier, signTbs: (tbs: Uint8Array) => Uint8Array): Uint8Array {
  const cert = AsnConvert.parse(ab(der), Certificate);
  cert.tbsCertificate.signature = algorithm;
  cert.signatureAlgorithm = algorithm;
  const tbs = new Uint8Array(AsnConvert.serialize(cert.tbsCertificate));
  cert.signatureValue = ab(signTbs(tbs));
  return new Uint8Array(AsnConvert.serialize(cert));
}

describe('createCertificate and parseCertificate', () => {
  for (const alg of ALGORITHMS) {
    it(`${alg}: CSCA → DSC chain verifies here and in OpenSSL (node X509Certificate)`, () => {
      const csca = makeCsca(alg);
      const dsc = makeDsc(csca, alg);
      const c = parseCertificate(csca.cert);
      const d = parseCertificate(dsc.cert);

      expect(verifySignedBy(c, c)).toBe(true);
      expect(verifySignedBy(d, c)).toBe(true);
      expect(verifySignedBy(c, d)).toBe(false);
      expect(verifySignedBy(d, d)).toBe(false);

      expect(c.isCa).toBe(true);
      expect(d.isCa).toBe(false);
      expect(d.issuerText).toBe(c.subjectText);
      expect(d.subject).toMatchObject({ C: 'DK', O: 'OpenMitID Test', CN: 'Test Document Signer' });
      expect(d.authorityKeyId).toEqual(c.subjectKeyId);
      expect(c.authorityKeyId).toEqual(c.subjectKeyId);
      expect(d.subjectKeyId).toHaveLength(20);
      const expectedHash = alg.endsWith('384') ? 'sha384' : 'sha256';
      expect(d.signatureAlgorithm).toBe(SIG_OID[`${alg}/${expectedHash}`]);

      // an independent implementation agrees on signature, names and CA flag
      const x509csca = new X509Certificate(c.der);
      const x509dsc = new X509Certificate(d.der);
      expect(x509dsc.verify(x509csca.publicKey)).toBe(true);
      expect(x509dsc.checkIssued(x509csca)).toBe(true);
      expect(x509csca.ca).toBe(true);
      expect(x509dsc.ca).toBe(false);
      expect(x509dsc.keyUsage ?? []).toEqual([]); // node lists extended key usage here, which ICAO certificates lack
      expect(x509dsc.subject).toContain('CN=Test Document Signer');
      expect(d.publicKey.equals(keys(alg, 1).publicKey)).toBe(true);
    });
  }

  it('keeps serial, validity and rare hashes', () => {
    const csca = makeCsca('rsa', { hash: 'sha1', notBefore: new Date('2019-02-03T04:05:06Z'), notAfter: new Date('2051-01-01T00:00:00Z') });
    const dsc = makeDsc(csca, 'ecdsa-p256', { serial: Uint8Array.of(0x80, 0x01), hash: 'sha512' });
    const c = parseCertificate(csca.cert);
    const d = parseCertificate(dsc.cert);
    expect(c.signatureAlgorithm).toBe('1.2.840.113549.1.1.5');
    expect(d.signatureAlgorithm).toBe('1.2.840.113549.1.1.13');
    expect(c.notBefore.toISOString()).toBe('2019-02-03T04:05:06.000Z');
    // after 2049 the time is a GeneralizedTime (RFC 5280 §4.1.2.5)
    expect(c.notAfter.toISOString()).toBe('2051-01-01T00:00:00.000Z');
    expect([...d.serial]).toEqual([0x80, 0x01]);
    expect(Buffer.from(d.der).includes(Buffer.from([0x02, 0x03, 0x00, 0x80, 0x01]))).toBe(true);
    expect(new X509Certificate(d.der).serialNumber).toBe('8001');
    expect(verifySignedBy(d, c)).toBe(true);
  });

  it('detects any change to the signed part', () => {
    const csca = makeCsca('ecdsa-p256');
    const dsc = makeDsc(csca, 'ecdsa-p256');
    const c = parseCertificate(csca.cert);
    const tampered = dsc.cert.slice();
    // the subject's last letter sits inside the TBS
    const at = Buffer.from(tampered).lastIndexOf('Test Document Signer') + 5;
    tampered[at]! ^= 0x01;
    expect(verifySignedBy(parseCertificate(tampered), c)).toBe(false);
  });

  it('reads RSASSA-PSS parameters: defaults (SHA-1, salt 20) and an unequal MGF1 hash', () => {
    const csca = makeCsca('rsa');
    const c = parseCertificate(csca.cert);
    const dsc = makeDsc(csca, 'rsa');
    const defaults = new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.10', parameters: AsnConvert.serialize(new RsaSaPssParams()) });
    const pssSha1 = resign(dsc.cert, defaults, (tbs) =>
      sign('sha1', tbs, { key: csca.keys.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 }),
    );
    expect(verifySignedBy(parseCertificate(pssSha1), c)).toBe(true);
    expect(new X509Certificate(pssSha1).verify(createPublicKey(csca.keys.privateKey))).toBe(true);

    const salt48 = new AlgorithmIdentifier({
      algorithm: '1.2.840.113549.1.1.10',
      parameters: AsnConvert.serialize(
        new RsaSaPssParams({
          hashAlgorithm: new AlgorithmIdentifier({ algorithm: '2.16.840.1.101.3.4.2.1' }),
          maskGenAlgorithm: new AlgorithmIdentifier({
            algorithm: '1.2.840.113549.1.1.8',
            parameters: AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: '2.16.840.1.101.3.4.2.1' })),
          }),
          saltLength: 48,
        }),
      ),
    });
    const signSalt = (saltLength: number) => (tbs: Uint8Array) =>
      sign('sha256', tbs, { key: csca.keys.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
    expect(verifySignedBy(parseCertificate(resign(dsc.cert, salt48, signSalt(48))), c)).toBe(true);
    // the salt length is read from the parameters, not guessed
    expect(verifySignedBy(parseCertificate(resign(dsc.cert, salt48, signSalt(32))), c)).toBe(false);

    const mixedMgf = new AlgorithmIdentifier({
      algorithm: '1.2.840.113549.1.1.10',
      parameters: AsnConvert.serialize(
        new RsaSaPssParams({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: '2.16.840.1.101.3.4.2.1' }), saltLength: 32 }),
      ),
    });
    expect(verifySignedBy(parseCertificate(resign(dsc.cert, mixedMgf, signSalt(32))), c)).toBe(false);
  });

  it('verifies BSI plain ECDSA signatures (r || s, TR-03111)', () => {
    const csca = makeCsca('ecdsa-brainpoolp256');
    const dsc = makeDsc(csca, 'ecdsa-brainpoolp256');
    const plain = new AlgorithmIdentifier({ algorithm: '0.4.0.127.0.7.1.1.4.1.3' });
    const der = resign(dsc.cert, plain, (tbs) => sign('sha256', tbs, { key: csca.keys.privateKey, dsaEncoding: 'ieee-p1363' }));
    expect(verifySignedBy(parseCertificate(der), parseCertificate(csca.cert))).toBe(true);
    const der2 = resign(dsc.cert, plain, (tbs) => sign('sha256', tbs, csca.keys.privateKey)); // DER signature under a plain OID
    expect(verifySignedBy(parseCertificate(der2), parseCertificate(csca.cert))).toBe(false);
  });

  it('refuses a certificate whose outer algorithm differs from the signed one', () => {
    const csca = makeCsca('rsa');
    const dsc = makeDsc(csca, 'rsa');
    const cert = AsnConvert.parse(ab(dsc.cert), Certificate);
    cert.signatureAlgorithm = new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11' }); // NULL parameters left out
    const der = new Uint8Array(AsnConvert.serialize(cert));
    expect(verifySignedBy(parseCertificate(der), parseCertificate(csca.cert))).toBe(false);
  });
});

describe('explicit EC domain parameters', () => {
  const curves = ['prime192v1', 'secp224r1', 'prime256v1', 'secp384r1', 'secp521r1'];
  for (const curve of [...curves, ...[192, 224, 256, 320, 384, 512].map((n) => `brainpoolP${n}r1`)]) {
    it(`maps explicit ${curve} parameters to the named curve`, () => {
      const pair = generateKeyPairSync('ec', { namedCurve: curve, paramEncoding: 'explicit' });
      const explicitSpki = new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
      const named = generateKeyPairSync('ec', { namedCurve: curve });
      const namedOid = AsnConvert.parse(
        AsnConvert.parse(named.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo).algorithm.parameters!,
        ECParameters,
      ).namedCurve;

      const normalized = normalizeSpki(explicitSpki);
      const info = AsnConvert.parse(ab(normalized), SubjectPublicKeyInfo);
      expect(AsnConvert.parse(info.algorithm.parameters!, ECParameters).namedCurve).toBe(namedOid);
      expect(normalized.length).toBeLessThan(explicitSpki.length);
      expect(createPublicKey({ key: Buffer.from(normalized), format: 'der', type: 'spki' }).equals(pair.publicKey)).toBe(true);
    });
  }

  it('maps a compressed base point and leaves an unknown curve alone', () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1', paramEncoding: 'explicit' });
    const spki = AsnConvert.parse(pair.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
    const params = AsnConvert.parse(spki.algorithm.parameters!, ECParameters);
    const g = new Uint8Array(params.specifiedCurve!.base.buffer);
    const compressed = Uint8Array.of(0x02 | (g[g.length - 1]! & 1), ...g.subarray(1, 33));
    params.specifiedCurve!.base = new OctetString(compressed);
    spki.algorithm.parameters = AsnConvert.serialize(params);
    const withCompressed = new Uint8Array(AsnConvert.serialize(spki));
    const mapped = AsnConvert.parse(ab(normalizeSpki(withCompressed)), SubjectPublicKeyInfo);
    expect(AsnConvert.parse(mapped.algorithm.parameters!, ECParameters).namedCurve).toBe('1.3.36.3.3.2.8.1.1.7');

    const wrongParity = Uint8Array.of(compressed[0]! ^ 1, ...compressed.subarray(1));
    params.specifiedCurve!.base = new OctetString(wrongParity);
    spki.algorithm.parameters = AsnConvert.serialize(params);
    const unknown = new Uint8Array(AsnConvert.serialize(spki));
    expect(normalizeSpki(unknown)).toEqual(unknown);
  });

  it('parses a passport-style CSCA whose key has explicit parameters and verifies its DSC', () => {
    // a CSCA certificate built by hand around the explicit-parameter SPKI, self-signed
    const pair = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1', paramEncoding: 'explicit' });
    const base = makeCsca('ecdsa-brainpoolp256');
    const cert = AsnConvert.parse(ab(base.cert), Certificate);
    cert.tbsCertificate.subjectPublicKeyInfo = AsnConvert.parse(pair.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
    const tbs = new Uint8Array(AsnConvert.serialize(cert.tbsCertificate));
    cert.signatureValue = ab(sign('sha256', tbs, pair.privateKey));
    const cscaDer = new Uint8Array(AsnConvert.serialize(cert));
    expect(cscaDer.length).toBeGreaterThan(base.cert.length + 100);

    const csca = parseCertificate(cscaDer);
    expect(verifySignedBy(csca, csca)).toBe(true);
    expect(csca.spki.length).toBeLessThan(150);
    const dsc = createCertificate({
      subject: { C: 'DK', CN: 'DS' },
      subjectPublicKey: keys('ecdsa-p256').publicKey,
      issuerKey: pair.privateKey,
      issuerCertificate: cscaDer,
      serial: Uint8Array.of(9),
      notBefore: SIGNED_AT,
      notAfter: new Date(SIGNED_AT.getTime() + 1e10),
      ca: false,
      algorithm: 'ecdsa-brainpoolp256',
    });
    expect(verifySignedBy(parseCertificate(dsc), csca)).toBe(true);
  });
});

describe('PEM', () => {
  it('round-trips one or many blocks and ignores text between them', () => {
    const a = makeCsca('ecdsa-p256').cert;
    const b = makeCsca('ecdsa-p384').cert;
    const text = `subject=C = DK\n${toPem(a, 'CERTIFICATE')}\nnoise\n${toPem(b, 'CERTIFICATE')}`;
    expect(fromPem(text)).toEqual([a, b]);
    expect(toPem(a, 'CERTIFICATE').split('\n').every((l) => l.length <= 64)).toBe(true);
    expect(parseCertificate(text).der).toEqual(a);
    expect(parseCertificate(new TextEncoder().encode(toPem(b, 'CERTIFICATE'))).der).toEqual(b);
  });

  it('refuses PEM without a certificate and bad base64', () => {
    expect(() => parseCertificate('no pem here')).toThrow(expect.objectContaining({ code: 'CERT_MALFORMED' }));
    expect(() => parseCertificate('-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----')).toThrow(
      expect.objectContaining({ code: 'CERT_MALFORMED' }),
    );
  });
});

describe('parseCertificate on bad input', () => {
  const good = makeCsca('ecdsa-p256').cert;

  it('throws CERT_MALFORMED for truncations and trailing bytes', () => {
    for (const n of [0, 1, 2, 10, good.length - 1]) {
      expect(() => parseCertificate(good.subarray(0, n))).toThrow(expect.objectContaining({ code: 'CERT_MALFORMED' }));
    }
    expect(() => parseCertificate(Uint8Array.of(...good, 0))).toThrow(expect.objectContaining({ code: 'CERT_MALFORMED' }));
  });

  it('fuzz: random bytes and mutations raise only CERT_MALFORMED', () => {
    const attempt = (bytes: Uint8Array) => {
      try {
        parseCertificate(bytes);
      } catch (e) {
        if (!isMrtdError(e, 'CERT_MALFORMED')) throw e;
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => attempt(bytes)), { numRuns: 200 });
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), (i, v) => {
        const m = good.slice();
        m[i] = v;
        attempt(m);
      }),
      { numRuns: 200 },
    );
  });
});

describe('CRLs', () => {
  it('creates, parses and verifies a CSCA CRL', () => {
    const csca = makeCsca('ecdsa-brainpoolp384');
    const other = makeCsca('ecdsa-brainpoolp384', { slot: 2 });
    const der = createCrl({
      issuerCertificate: csca.cert,
      issuerKey: csca.keys.privateKey,
      algorithm: 'ecdsa-brainpoolp384',
      revoked: [
        { serial: Uint8Array.of(0x00, 0x81), date: new Date('2024-01-02T00:00:00Z') },
        { serial: Uint8Array.of(7), date: new Date('2024-02-03T00:00:00Z') },
      ],
      thisUpdate: new Date('2024-02-04T00:00:00Z'),
      nextUpdate: new Date('2024-05-04T00:00:00Z'),
    });
    const crl = parseCrl(toPem(der, 'X509 CRL'));
    const c = parseCertificate(csca.cert);
    expect(crl.issuerText).toBe(c.subjectText);
    expect(crl.authorityKeyId).toEqual(c.subjectKeyId);
    expect(crl.revoked.map((r) => [...r.serial])).toEqual([[0x81], [7]]);
    expect(crl.revoked[1]!.date.toISOString()).toBe('2024-02-03T00:00:00.000Z');
    expect(crl.nextUpdate?.toISOString()).toBe('2024-05-04T00:00:00.000Z');
    expect(verifyCrlSignedBy(crl, c)).toBe(true);
    expect(verifyCrlSignedBy(crl, parseCertificate(other.cert))).toBe(false);
    const tampered = der.slice();
    tampered[tampered.length - 80]! ^= 1;
    let ok: boolean;
    try {
      ok = verifyCrlSignedBy(parseCrl(tampered), c);
    } catch (e) {
      ok = !isMrtdError(e, 'CRL_MALFORMED');
    }
    expect(ok).toBe(false);
  });

  it('throws CRL_MALFORMED for garbage', () => {
    expect(() => parseCrl(Uint8Array.of(0x30, 0x03, 1, 2, 3))).toThrow(expect.objectContaining({ code: 'CRL_MALFORMED' }));
    expect(() => parseCrl('nothing')).toThrow(expect.objectContaining({ code: 'CRL_MALFORMED' }));
  });
});
