import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concat, fromHex, hex } from '../src/bytes.js';
import {
  adjustDesParity,
  aesCbcDecrypt,
  aesCbcEncrypt,
  aesCmac,
  aesEcbEncryptBlock,
  deriveKey,
  digest,
  ecdsaDerToPlain,
  ecdsaPlainToDer,
  iso9796Encode,
  iso9796M1Length,
  iso9796Recover,
  padIso9797M2,
  retailMac,
  tdesCbcDecrypt,
  tdesCbcEncrypt,
  unpadIso9797M2,
} from '../src/crypto/index.js';
import { isMrtdError } from '../src/errors.js';

const h = fromHex;

describe('ISO/IEC 9797-1 padding method 2', () => {
  it('pads with 80 00.. and always adds a byte', () => {
    expect(hex(padIso9797M2(h('011E'), 8))).toBe('011E800000000000'); // Doc 9303 Part 11 Appendix D.4 step 1b
    expect(hex(padIso9797M2(h('0011223344556677'), 8))).toBe('00112233445566778000000000000000');
    expect(padIso9797M2(new Uint8Array(0), 16)).toEqual(h('80000000000000000000000000000000'));
  });

  it('unpads, and refuses anything without the 80 marker with SM_MALFORMED', () => {
    expect(hex(unpadIso9797M2(h('60145F0180000000')))).toBe('60145F01');
    for (const bad of ['0000000000000000', '60145F0100000001', '', '60145F01000000FF']) {
      try {
        unpadIso9797M2(h(bad));
        expect.unreachable(bad);
      } catch (e) {
        expect(isMrtdError(e, 'SM_MALFORMED')).toBe(true);
      }
    }
  });

  it('round-trips any data for 8 and 16 byte blocks (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.constantFrom(8, 16), (data, b) => {
        const p = padIso9797M2(data, b);
        expect(p.length % b).toBe(0);
        expect(unpadIso9797M2(p)).toEqual(data);
      }),
    );
  });

  it('only ever throws typed errors on random input (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
        try {
          unpadIso9797M2(data);
        } catch (e) {
          expect(isMrtdError(e, 'SM_MALFORMED')).toBe(true);
        }
      }),
    );
  });
});

describe('key derivation (Doc 9303 Part 11 §9.7.1)', () => {
  it('derives the 3DES keys of Appendix D.1 with parity adjusted', () => {
    const seed = h('239AB9CB282DAF66231DC5A4DF6BFBAE');
    expect(hex(deriveKey(seed, 1, '3des'))).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(hex(deriveKey(seed, 2, '3des'))).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('derives the BAC session keys of Appendix D.3 from K.IFD ⊕ K.IC', () => {
    const seed = h('0036D272F5C350ACAC50C3F572D23600');
    expect(hex(deriveKey(seed, 1, '3des'))).toBe('979EC13B1CBFE9DCD01AB0FED307EAE5');
    expect(hex(deriveKey(seed, 2, '3des'))).toBe('F1CB1F1FB5ADF208806B89DC579DC1F8');
  });

  it('adjusts parity as Appendix D.1 step 4 shows', () => {
    expect(hex(adjustDesParity(h('AB94FCEDF2664EDF')))).toBe('AB94FDECF2674FDF');
    expect(hex(adjustDesParity(h('4D77089DCF131442')))).toBe('4C76089DCE131543');
  });

  it('derives AES-128 keys as in Appendix G.1 (PACE ECDH example)', () => {
    const shared = h('28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925');
    expect(hex(deriveKey(shared, 1, 'aes128'))).toBe('F5F0E35C0D7161EE6724EE513A0D9A7F');
    expect(hex(deriveKey(shared, 2, 'aes128'))).toBe('FE251C7858B356B24514B3BD5F4297D1');
    // K_pi = KDF(SHA-1(MRZ information), 3), Appendix G
    expect(hex(deriveKey(h('7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD'), 3, 'aes128'))).toBe('89DED1B26624EC1E634C1989302849DD');
  });

  it('takes AES-192 and AES-256 keys from SHA-256 (24 and 32 bytes)', () => {
    const seed = h('0102030405060708090A0B0C0D0E0F10');
    const k192 = deriveKey(seed, 1, 'aes192');
    const k256 = deriveKey(seed, 1, 'aes256');
    expect(k192.length).toBe(24);
    expect(k256.length).toBe(32);
    expect(hex(k256)).toBe(createHash('sha256').update(concat(seed, h('00000001'))).digest('hex').toUpperCase());
    expect(k256.subarray(0, 24)).toEqual(k192);
    expect(deriveKey(seed, 2, 'aes256')).not.toEqual(k256);
  });
});

describe('3DES and retail MAC (Doc 9303 Part 11 Appendix D.3)', () => {
  const kEnc = h('AB94FDECF2674FDFB9B391F85D7F76F2');
  const kMac = h('7962D9ECE03D1ACD4C76089DCE131543');
  const s = h('781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B');
  const eIfd = h('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2');

  it('encrypts S to E_IFD and back', () => {
    expect(hex(tdesCbcEncrypt(kEnc, s))).toBe(hex(eIfd));
    expect(hex(tdesCbcDecrypt(kEnc, eIfd))).toBe(hex(s));
  });

  it('computes M_IFD and M_IC', () => {
    expect(hex(retailMac(kMac, padIso9797M2(eIfd, 8)))).toBe('5F1448EEA8AD90A7');
    const eIc = h('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F');
    expect(hex(retailMac(kMac, padIso9797M2(eIc, 8)))).toBe('2F2D235D074D7449');
  });

  it('computes the secure messaging checksum of Appendix D.4 (one block of SSC and more)', () => {
    const ksMac = h('F1CB1F1FB5ADF208806B89DC579DC1F8');
    expect(hex(retailMac(ksMac, h('887022120C06C2289902900080000000')))).toBe('FA855A5D4C50A8ED');
    expect(hex(retailMac(ksMac, h('887022120C06C2270CA4020C800000008709016375432908C044F68000000000')))).toBe('BF8B92D635FF24F8');
  });

  it('uses the IV when given, and refuses unpadded input', () => {
    const iv = h('0102030405060708');
    expect(tdesCbcEncrypt(kEnc, s, iv)).not.toEqual(eIfd);
    expect(tdesCbcDecrypt(kEnc, tdesCbcEncrypt(kEnc, s, iv), iv)).toEqual(s);
    expect(() => tdesCbcEncrypt(kEnc, h('0102'))).toThrow(RangeError);
    expect(() => retailMac(kMac, h('0102'))).toThrow(RangeError);
  });
});

describe('AES', () => {
  const key = h('2B7E151628AED2A6ABF7158809CF4F3C');
  it('ECB and CBC match NIST SP 800-38A F.1.1 and F.2.1', () => {
    expect(hex(aesEcbEncryptBlock(key, h('6BC1BEE22E409F96E93D7E117393172A')))).toBe('3AD77BB40D7A3660A89ECAF32466EF97');
    const iv = h('000102030405060708090A0B0C0D0E0F');
    const p = h('6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51');
    const c = aesCbcEncrypt(key, p, iv);
    expect(hex(c)).toBe('7649ABAC8119B246CEE98E9B12E9197D5086CB9B507219EE95DB113A917678B2');
    expect(aesCbcDecrypt(key, c, iv)).toEqual(p);
  });

  it('encrypts the PACE nonce of Doc 9303 Part 11 Appendix G.1 (AES-128, zero IV)', () => {
    const kPi = h('89DED1B26624EC1E634C1989302849DD');
    expect(hex(aesCbcEncrypt(kPi, h('3F00C4D39D153F2B2A214A078D899B22'), new Uint8Array(16)))).toBe('95A3A016522EE98D01E76CB6B98B42C3');
  });

  describe('AES-CMAC', () => {
    const msg64 = h(
      '6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710',
    );
    it('matches RFC 4493 §4 examples 1-4 (AES-128)', () => {
      expect(hex(aesCmac(key, new Uint8Array(0)))).toBe('BB1D6929E95937287FA37D129B756746');
      expect(hex(aesCmac(key, msg64.subarray(0, 16)))).toBe('070A16B46B4D4144F79BDD9DD04A287C');
      expect(hex(aesCmac(key, msg64.subarray(0, 40)))).toBe('DFA66747DE9AE63030CA32611497C827');
      expect(hex(aesCmac(key, msg64))).toBe('51F0BEBF7E3B9D92FC49741779363CFE');
    });
    it('matches NIST SP 800-38B D.2 / D.3 examples (AES-192, AES-256)', () => {
      const k192 = h('8E73B0F7DA0E6452C810F32B809079E562F8EAD2522C6B7B');
      const k256 = h('603DEB1015CA71BE2B73AEF0857D77811F352C073B6108D72D9810A30914DFF4');
      expect(hex(aesCmac(k192, new Uint8Array(0)))).toBe('D17DDF46ADAACDE531CAC483DE7A9367');
      expect(hex(aesCmac(k192, msg64.subarray(0, 16)))).toBe('9E99A7BF31E710900662F65E617C5184');
      expect(hex(aesCmac(k256, new Uint8Array(0)))).toBe('028962F61B7BF89EFC6B551F4667D983');
      expect(hex(aesCmac(k256, msg64.subarray(0, 16)))).toBe('28A7023F452E8F82BD4BF28D8C37C35C');
    });
    it('gives the PACE authentication tokens of Doc 9303 Part 11 Appendix G.1', () => {
      const ksMac = h('FE251C7858B356B24514B3BD5F4297D1');
      const tIfdInput = h(
        '7F494F060A04007F000702020402028641049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094',
      );
      const tIcInput = h(
        '7F494F060A04007F000702020402028641042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462',
      );
      expect(hex(aesCmac(ksMac, tIfdInput).subarray(0, 8))).toBe('C2B0BD78D94BA866');
      expect(hex(aesCmac(ksMac, tIcInput).subarray(0, 8))).toBe('3ABB9674BCE93C08');
    });
  });
});

describe('digest', () => {
  it('computes each hash over "abc" (FIPS 180-4 examples, prefixes)', () => {
    const abc = new TextEncoder().encode('abc');
    expect(hex(digest('sha1', abc))).toBe('A9993E364706816ABA3E25717850C26C9CD0D89D');
    expect(hex(digest('sha256', abc))).toBe('BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD');
    expect(digest('sha224', abc).length).toBe(28);
    expect(digest('sha384', abc).length).toBe(48);
    expect(hex(digest('sha512', abc)).startsWith('DDAF35A193617ABA')).toBe(true);
  });
});

describe('ISO/IEC 9796-2 scheme 1 (Doc 9303 Part 11 Appendix F)', () => {
  const m1 = h(
    '9D2784A67F8E7C659973EA1AEA25D95B6C8F91E5002F369F0FBDCE8A3CEC1991B543F1696546C5524CF23A5303CD6C98599F40B79F377B5F3A1406B3B4D8F96784D23AA88DB7E1032A405E69325FA91A6E86F5C71AEA978264C4A207446DAD4E7292E2DCDA3024B47DA8',
  );
  const m2 = h('F173589974BF40C6');
  const f = h(
    '6A9D2784A67F8E7C659973EA1AEA25D95B6C8F91E5002F369F0FBDCE8A3CEC1991B543F1696546C5524CF23A5303CD6C98599F40B79F377B5F3A1406B3B4D8F96784D23AA88DB7E1032A405E69325FA91A6E86F5C71AEA978264C4A207446DAD4E7292E2DCDA3024B47DA8C063AA1E6D22FBD976AB0FE73D94D2D9C6D88127BC',
  );
  it('builds the message representative F of step 9.2', () => {
    expect(iso9796M1Length(128, 'sha1')).toBe(106);
    expect(hex(iso9796Encode(128, m1, m2, 'sha1'))).toBe(hex(f));
  });
  it('recovers M1 and checks the digest (steps 13-18)', () => {
    const r = iso9796Recover(f, m2);
    expect(r).toEqual({ ok: true, hash: 'sha1', m1 });
    expect(iso9796Recover(f, h('F173589974BF40C7'))).toEqual({ ok: false, reason: 'digest' });
    const badHeader = new Uint8Array(f);
    badHeader[0] = 0x4a;
    expect(iso9796Recover(badHeader, m2)).toEqual({ ok: false, reason: 'header' });
  });
  it('uses hash-id ‖ CC for other hashes', () => {
    const k = 256;
    const m1b = new Uint8Array(iso9796M1Length(k, 'sha256')).fill(7);
    const j = iso9796Encode(k, m1b, m2, 'sha256');
    expect(hex(j.subarray(k - 2))).toBe('34CC');
    expect(iso9796Recover(j, m2)).toMatchObject({ ok: true, hash: 'sha256' });
  });
});

describe('ECDSA signature encodings', () => {
  it('converts plain ↔ DER, adding and stripping sign bytes', () => {
    const plain = h('80' + '11'.repeat(31) + '00' + '22'.repeat(31));
    const der = ecdsaPlainToDer(plain);
    expect(hex(der.subarray(0, 5))).toBe('3044022100'); // r: 00 + 32 bytes, s: leading zero stripped (31 bytes);
    expect(ecdsaDerToPlain(der, 32)).toEqual(plain);
  });
  it('only throws typed errors on random DER (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (data) => {
        try {
          const p = ecdsaDerToPlain(data, 32);
          expect(p.length).toBe(64);
        } catch (e) {
          expect(isMrtdError(e)).toBe(true);
        }
      }),
    );
  });
});
