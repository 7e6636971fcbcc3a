/** The pure TypeScript DES / 3DES / retail MAC against published vectors and node:crypto (OpenSSL). */
import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, hex as toHex } from '../src/bytes.js';
import { desChainCbcDecrypt, desChainCbcEncrypt, desKeySchedule } from '../src/crypto/des-block.js';
import { prepareTdesKey, retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../src/crypto/des.js';

const ZERO = new Uint8Array(8);

/** ECB: each block on its own (CBC of one block with a zero IV). */
function desEcb(key: string, data: string, decrypt = false): string {
  const k = fromHex(key);
  const d = fromHex(data);
  let out = '';
  for (let o = 0; o < d.length; o += 8) {
    const block = d.subarray(o, o + 8);
    out += toHex(decrypt ? desChainCbcDecrypt([desKeySchedule(k, true)], block, ZERO) : desChainCbcEncrypt([desKeySchedule(k)], block, ZERO));
  }
  return out;
}

function ede3(key24: Uint8Array): { enc: Int32Array[]; dec: Int32Array[] } {
  const [k1, k2, k3] = [key24.subarray(0, 8), key24.subarray(8, 16), key24.subarray(16, 24)];
  return {
    enc: [desKeySchedule(k1), desKeySchedule(k2, true), desKeySchedule(k3)],
    dec: [desKeySchedule(k3, true), desKeySchedule(k2), desKeySchedule(k1, true)],
  };
}

function openssl(decrypt: boolean, algorithm: string, key: Uint8Array, data: Uint8Array, iv: Uint8Array | null): Uint8Array {
  const c = decrypt ? createDecipheriv(algorithm, key, iv) : createCipheriv(algorithm, key, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/** The node:crypto retail MAC this package used before: single DES as DES-EDE with K1‖K1. */
function opensslRetailMac(key16: Uint8Array, padded: Uint8Array): Uint8Array {
  const k1 = key16.subarray(0, 8);
  const head = padded.subarray(0, padded.length - 8);
  const last = padded.subarray(padded.length - 8);
  let chain: Uint8Array = ZERO;
  if (head.length > 0) chain = openssl(false, 'des-ede-cbc', Buffer.concat([k1, k1]), head, ZERO).subarray(head.length - 8);
  return openssl(false, 'des-ede-ecb', key16, last.map((b, i) => b ^ chain[i]!), null);
}

describe('DES (FIPS 46-3)', () => {
  it('encrypts the classic worked example (key 133457799BBCDFF1)', () => {
    // J. Orlin Grabbe, "The DES Algorithm Illustrated": 0123456789ABCDEF → 85E813540F0AB405
    expect(desEcb('133457799BBCDFF1', '0123456789ABCDEF')).toBe('85E813540F0AB405');
    expect(desEcb('133457799BBCDFF1', '85E813540F0AB405', true)).toBe('0123456789ABCDEF');
  });

  it('matches the FIPS 81 Appendix B ECB and C CBC examples', () => {
    const key = '0123456789ABCDEF';
    const plain = fromHex('4E6F77206973207468652074696D6520666F7220616C6C20'); // "Now is the time for all "
    expect(desEcb(key, toHex(plain))).toBe('3FA40E8A984D48156A271787AB8883F9893D51EC4B563B53');
    const iv = fromHex('1234567890ABCDEF');
    const cbc = desChainCbcEncrypt([desKeySchedule(fromHex(key))], plain, iv);
    expect(toHex(cbc)).toBe('E5C7CDDE872BF27C43E934008C389C0F683788499A7C05F6');
    expect(desChainCbcDecrypt([desKeySchedule(fromHex(key), true)], cbc, iv)).toEqual(plain);
  });

  it('matches NIST SP 800-17 known-answer tests (variable plaintext and variable key)', () => {
    // SP 800-17 Appendix B, Tables B.1 and B.2 (first entries); parity bits of 01… keys are ignored.
    expect(desEcb('0101010101010101', '8000000000000000')).toBe('95F8A5E5DD31D900');
    expect(desEcb('0101010101010101', '4000000000000000')).toBe('DD7F121CA5015619');
    expect(desEcb('0101010101010101', '2000000000000000')).toBe('2E8653104F3834EA');
    expect(desEcb('8001010101010101', '0000000000000000')).toBe('95A8D72813DAA94D');
    expect(desEcb('4001010101010101', '0000000000000000')).toBe('0EEC1487DD8C26D5');
  });

  it('rejects keys that are not 8 bytes', () => {
    expect(() => desKeySchedule(new Uint8Array(7))).toThrow(RangeError);
  });
});

describe('triple DES', () => {
  it('matches the NIST SP 800-67 Rev. 1 TDEA example (three keys, ECB)', () => {
    // SP 800-67 Rev. 1 Appendix B: "The quick brown fox jump"
    const { enc, dec } = ede3(fromHex('0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123'));
    const plain = fromHex('5468652071756663 6B2062726F776E20 666F78206A756D70'.replaceAll(' ', ''));
    const blocks = [0, 8, 16].map((o) => desChainCbcEncrypt(enc, plain.subarray(o, o + 8), ZERO));
    expect(blocks.map((b) => toHex(b)).join('')).toBe('A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900');
    expect(blocks.map((b) => toHex(desChainCbcDecrypt(dec, b, ZERO))).join('')).toBe(toHex(plain));
  });

  it('agrees with OpenSSL des-ede-cbc (two keys) on random keys, IVs and lengths', () => {
    for (let i = 0; i < 100; i++) {
      const key = new Uint8Array(randomBytes(16));
      const iv = new Uint8Array(randomBytes(8));
      const data = new Uint8Array(randomBytes(8 * randomInt(0, 40)));
      const ours = tdesCbcEncrypt(key, data, iv);
      expect(toHex(ours)).toBe(toHex(openssl(false, 'des-ede-cbc', key, data, iv)));
      expect(toHex(tdesCbcDecrypt(prepareTdesKey(key), data, iv))).toBe(toHex(openssl(true, 'des-ede-cbc', key, data, iv)));
      expect(tdesCbcDecrypt(key, ours, iv)).toEqual(data);
    }
  });

  it('agrees with OpenSSL des-ede3-cbc (three keys) on random inputs', () => {
    for (let i = 0; i < 100; i++) {
      const key = new Uint8Array(randomBytes(24));
      const iv = new Uint8Array(randomBytes(8));
      const data = new Uint8Array(randomBytes(8 * randomInt(1, 20)));
      const { enc, dec } = ede3(key);
      expect(toHex(desChainCbcEncrypt(enc, data, iv))).toBe(toHex(openssl(false, 'des-ede3-cbc', key, data, iv)));
      expect(toHex(desChainCbcDecrypt(dec, data, iv))).toBe(toHex(openssl(true, 'des-ede3-cbc', key, data, iv)));
    }
  });

  it('uses a zero IV by default and rejects bad key, data and IV lengths', () => {
    const key = new Uint8Array(randomBytes(16));
    const data = new Uint8Array(randomBytes(24));
    expect(tdesCbcEncrypt(key, data)).toEqual(tdesCbcEncrypt(key, data, ZERO));
    expect(() => tdesCbcEncrypt(new Uint8Array(24), data)).toThrow(RangeError);
    expect(() => tdesCbcEncrypt(key, new Uint8Array(12))).toThrow(RangeError);
    expect(() => tdesCbcDecrypt(key, data, new Uint8Array(16))).toThrow(RangeError);
  });
});

describe('retail MAC (ISO/IEC 9797-1 MAC algorithm 3)', () => {
  it('agrees with the node:crypto construction on random keys and messages', () => {
    for (let i = 0; i < 200; i++) {
      const key = new Uint8Array(randomBytes(16));
      const msg = new Uint8Array(randomBytes(8 * randomInt(1, 40)));
      expect(toHex(retailMac(key, msg))).toBe(toHex(opensslRetailMac(key, msg)));
      expect(toHex(retailMac(prepareTdesKey(key), msg))).toBe(toHex(retailMac(key, msg)));
    }
  });

  it('rejects an empty or unpadded message', () => {
    const key = new Uint8Array(16);
    expect(() => retailMac(key, new Uint8Array(0))).toThrow(RangeError);
    expect(() => retailMac(key, new Uint8Array(9))).toThrow(RangeError);
  });
});
