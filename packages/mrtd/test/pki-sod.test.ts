import { verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digest } from '../src/crypto/hash.js';
import { MrtdError } from '../src/errors.js';
import { decodeSod, hashDataGroups, parseCertificate } from '../src/pki/index.js';
import { decodeSodDetails } from '../src/pki/sod.js';
import { SIGNED_AT, dataGroups, makeCsca, makeDsc, makeSod } from './pki-helpers.js';

const csca = makeCsca('ecdsa-p256');
const dsc = makeDsc(csca, 'ecdsa-p256');
const valid = makeSod(dsc, 'sha256', dataGroups(), { ldsVersion: '0108' });

function find(haystack: Uint8Array, needle: number[], from = 0): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle), from);
}

function expectCode(f: () => unknown, code: string) {
  expect(f).toThrow(expect.objectContaining({ code }));
}

describe('signSod and decodeSod', () => {
  it('round-trips the data group hashes, versions, signing time and signer', () => {
    const sod = decodeSod(valid);
    expect(sod.hashAlgorithm).toBe('sha256');
    expect([...sod.dataGroupHashes.keys()]).toEqual([1, 2, 14]);
    expect(sod.dataGroupHashes.get(2)).toEqual(digest('sha256', dataGroups().get(2)!));
    expect(sod.ldsVersion).toBe('0108');
    expect(sod.unicodeVersion).toBe('040000');
    expect(sod.signingTime).toEqual(SIGNED_AT);
    expect(sod.signerCertificate).toEqual(dsc.cert);
    expect(sod.signatureAlgorithm).toBe('1.2.840.10045.4.3.2');
    expect(sod.der).toEqual(valid);
    expect(valid[0]).toBe(0x77);
  });

  it('makes a v0 security object without version info', () => {
    const sod = decodeSod(makeSod(dsc, 'sha1'));
    expect(sod.hashAlgorithm).toBe('sha1');
    expect(sod.ldsVersion).toBeUndefined();
    expect(sod.dataGroupHashes.get(1)).toHaveLength(20);
  });

  it('signs the DER SET OF signed attributes, which node:crypto verifies on its own', () => {
    const d = decodeSodDetails(valid);
    expect(d.signedAttributes?.[0]).toBe(0x31);
    expect(verify('sha256', d.signedAttributes!, parseCertificate(dsc.cert).publicKey, d.signature)).toBe(true);
    expect(d.contentTypeAttribute).toBe('2.23.136.1.1.1');
    expect(d.messageDigestAttribute).toEqual(digest('sha256', d.eContent));
    expect(d.signerId.serial).toEqual(parseCertificate(dsc.cert).serial);
  });

  it('hashDataGroups hashes each file', () => {
    const files = new Map([
      [3, Uint8Array.of(1)],
      [1, Uint8Array.of(2, 3)],
    ]);
    const hashes = hashDataGroups('sha384', files);
    expect([...hashes.keys()]).toEqual([1, 3]);
    expect(hashes.get(3)).toEqual(digest('sha384', Uint8Array.of(1)));
  });
});

describe('decodeSod on bad input', () => {
  it('refuses a wrong wrapper, truncation and trailing bytes inside the wrapper', () => {
    expectCode(() => decodeSod(Uint8Array.of(0x30, 0x00)), 'SOD_MALFORMED');
    expectCode(() => decodeSod(new Uint8Array(0)), 'SOD_MALFORMED');
    for (const n of [1, 3, 40, valid.length - 1]) expectCode(() => decodeSod(valid.subarray(0, n)), 'SOD_MALFORMED');
    const inner = valid.subarray(4);
    const padded = Uint8Array.of(0x77, 0x82, (inner.length + 2) >> 8, (inner.length + 2) & 0xff, ...inner, 0, 0);
    expectCode(() => decodeSod(padded), 'SOD_MALFORMED');
  });

  it('refuses a data group listed twice or numbered out of range', () => {
    // DG2's entry: SEQUENCE { INTEGER 2, OCTET STRING (32) }
    const at = find(valid, [0x30, 0x25, 0x02, 0x01, 0x02, 0x04, 0x20]);
    expect(at).toBeGreaterThan(0);
    for (const n of [1, 0, 17]) {
      const m = valid.slice();
      m[at + 4] = n;
      expectCode(() => decodeSod(m), 'SOD_MALFORMED');
    }
  });

  it('reports an unknown hash algorithm as unsupported', () => {
    const m = valid.slice();
    const sha256 = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    for (let at = find(m, sha256); at >= 0; at = find(m, sha256, at + 1)) m[at + 10] = 0x08; // SHA3-256
    expectCode(() => decodeSod(m), 'PA_ALGORITHM_UNSUPPORTED');
  });

  it('refuses a content type other than the LDS Security Object', () => {
    const m = valid.slice();
    const lds = [0x06, 0x06, 0x67, 0x81, 0x08, 0x01, 0x01, 0x01];
    const at = find(m, lds); // the eContentType comes before the signed attribute
    m[at + 7] = 0x02;
    expectCode(() => decodeSod(m), 'SOD_MALFORMED');
  });

  it('fuzz: random bytes and mutations of a valid SOD raise only MrtdError', () => {
    const attempt = (bytes: Uint8Array) => {
      try {
        decodeSod(bytes);
      } catch (e) {
        if (!(e instanceof MrtdError) || !['SOD_MALFORMED', 'PA_ALGORITHM_UNSUPPORTED'].includes(e.code)) throw e;
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), attempt), { numRuns: 200 });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), (tail) => attempt(Uint8Array.of(0x77, 0x82, 0x01, 0x80, ...tail))),
      { numRuns: 200 },
    );
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(valid.length - 1), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(valid.length - 1), value: fc.constant(0) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(valid.length - 1), value: fc.integer({ min: 0, max: 255 }) }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        let m = valid.slice();
        for (const x of ms) {
          const at = Math.min(x.at, m.length - 1);
          if (x.kind === 'set') m[at] = x.value;
          else if (x.kind === 'cut') m = m.slice(0, at);
          else m = Uint8Array.of(...m.subarray(0, at), x.value, ...m.subarray(at));
          if (m.length === 0) break;
        }
        attempt(m);
      }),
      { numRuns: 300 },
    );
  });
});
