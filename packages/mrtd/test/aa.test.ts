import fc from 'fast-check';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeResponse, INS } from '../src/apdu.js';
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import { concat, fromHex, hex } from '../src/bytes.js';
import { encodeTlv } from '../src/tlv.js';
import { describeKey, rsaRawPublic, type HashName } from '../src/crypto/index.js';
import { MrtdError, SW } from '../src/errors.js';
import { CardSecureMessaging, createSecureMessaging, performActiveAuthentication, signActiveAuthentication, verifyActiveAuthentication } from '../src/protocols/index.js';
import { ApduChannel } from '../src/transport.js';
import { expectCode } from './support/errors.js';

const h = fromHex;
// Doc 9303 Part 11 Appendix F uses an 8-byte RND.IFD as the challenge
const CHALLENGE = h('F173589974BF40C6');

interface Pair {
  privateKey: KeyObject;
  spki: Uint8Array;
}

function spkiOf(k: KeyObject): Uint8Array {
  return new Uint8Array(k.export({ type: 'spki', format: 'der' }));
}
function rsa(bits: number): Pair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 });
  return { privateKey, spki: spkiOf(publicKey) };
}
function ec(namedCurve: string): Pair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
  return { privateKey, spki: spkiOf(publicKey) };
}


const rsa1024 = rsa(1024);
const rsa2048 = rsa(2048);
const p256 = ec('prime256v1');
const bp256 = ec('brainpoolP256r1');

describe('Active Authentication with RSA, ISO/IEC 9796-2 scheme 1 (Doc 9303 Part 11 §6.1, Appendix F)', () => {
  const cases: [string, Pair, HashName | undefined][] = [
    ['RSA-1024 / SHA-1 (trailer BC)', rsa1024, undefined],
    ['RSA-1024 / SHA-256 (trailer 34CC)', rsa1024, 'sha256'],
    ['RSA-2048 / SHA-1', rsa2048, 'sha1'],
    ['RSA-2048 / SHA-512 (trailer 35CC)', rsa2048, 'sha512'],
  ];
  for (const [name, pair, hash] of cases) {
    it(`${name}: the signature verifies and recovers a representative with the right frame`, () => {
      const sig = signActiveAuthentication(pair.privateKey, CHALLENGE, hash ? { hash } : {});
      const info = describeKey(pair.privateKey);
      expect(sig.length).toBe(info.type === 'rsa' ? info.modulusBytes : 0);
      verifyActiveAuthentication({ publicKey: pair.spki, challenge: CHALLENGE, signature: sig });
      // look inside: header 6A and the trailer of the hash
      const j = rsaRawPublic(createPublicKey({ key: Buffer.from(pair.spki), format: 'der', type: 'spki' }), sig)!;
      expect(j[0]).toBe(0x6a);
      expect(hex(j.subarray(hash === undefined || hash === 'sha1' ? j.length - 1 : j.length - 2))).toBe(
        hash === undefined || hash === 'sha1' ? 'BC' : hash === 'sha256' ? '34CC' : '35CC',
      );
    });
  }

  it('a wrong challenge, another key, or a changed bit is AA_SIGNATURE_INVALID', () => {
    const sig = signActiveAuthentication(rsa1024.privateKey, CHALLENGE);
    expectCode(() => verifyActiveAuthentication({ publicKey: rsa1024.spki, challenge: h('F173589974BF40C7'), signature: sig }), 'AA_SIGNATURE_INVALID');
    const other = rsa(1024);
    expectCode(() => verifyActiveAuthentication({ publicKey: other.spki, challenge: CHALLENGE, signature: sig }), 'AA_SIGNATURE_INVALID');
    const flipped = new Uint8Array(sig);
    flipped[40]! ^= 4;
    expectCode(() => verifyActiveAuthentication({ publicKey: rsa1024.spki, challenge: CHALLENGE, signature: flipped }), 'AA_SIGNATURE_INVALID');
    expectCode(() => verifyActiveAuthentication({ publicKey: rsa1024.spki, challenge: CHALLENGE, signature: sig.subarray(1) }), 'AA_SIGNATURE_INVALID');
    expectCode(() => verifyActiveAuthentication({ publicKey: rsa1024.spki, challenge: CHALLENGE, signature: new Uint8Array(128).fill(0xff) }), 'AA_SIGNATURE_INVALID');
  });

  it('accepts the min(σ, n − σ) form ISO/IEC 9796-2 allows', () => {
    const sig = signActiveAuthentication(rsa1024.privateKey, CHALLENGE);
    const info = describeKey(rsa1024.privateKey);
    if (info.type !== 'rsa') throw new Error('rsa expected');
    const s = BigInt(`0x${hex(sig)}`);
    const alt = h((info.modulus - s).toString(16).padStart(256, '0'));
    verifyActiveAuthentication({ publicKey: rsa1024.spki, challenge: CHALLENGE, signature: alt });
  });

  it('random signatures only ever give AA_SIGNATURE_INVALID (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 130 }), (sig) => {
        expectCode(() => verifyActiveAuthentication({ publicKey: rsa1024.spki, challenge: CHALLENGE, signature: sig }), 'AA_SIGNATURE_INVALID');
      }),
      { numRuns: 200 },
    );
  });
});

describe('Active Authentication with ECDSA, plain r ‖ s (BSI TR-03111)', () => {
  const cases: [string, Pair, HashName | undefined, number][] = [
    ['P-256', p256, undefined, 64],
    ['brainpoolP256r1', bp256, undefined, 64],
    ['brainpoolP256r1 / SHA-1 from DG14', bp256, 'sha1', 64],
    ['P-384 / SHA-384', ec('secp384r1'), 'sha384', 96],
    ['P-521 / SHA-512', ec('secp521r1'), undefined, 132],
    ['brainpoolP384r1', ec('brainpoolP384r1'), undefined, 96],
    ['brainpoolP512r1', ec('brainpoolP512r1'), undefined, 128],
  ];
  for (const [name, pair, hash, length] of cases) {
    it(`${name}: signs plain r ‖ s that verifies`, () => {
      const sig = signActiveAuthentication(pair.privateKey, CHALLENGE, hash ? { hash } : {});
      expect(sig.length).toBe(length);
      verifyActiveAuthentication({ publicKey: pair.spki, challenge: CHALLENGE, signature: sig, ...(hash ? { ecdsaHash: hash } : {}) });
    });
  }

  it('a wrong challenge, another key, another hash or a DER signature is AA_SIGNATURE_INVALID', () => {
    for (const pair of [p256, bp256]) {
      const sig = signActiveAuthentication(pair.privateKey, CHALLENGE);
      expectCode(() => verifyActiveAuthentication({ publicKey: pair.spki, challenge: h('0000000000000000'), signature: sig }), 'AA_SIGNATURE_INVALID');
      expectCode(() => verifyActiveAuthentication({ publicKey: pair.spki, challenge: CHALLENGE, signature: sig, ecdsaHash: 'sha384' }), 'AA_SIGNATURE_INVALID');
      const other = pair === p256 ? ec('prime256v1') : ec('brainpoolP256r1');
      expectCode(() => verifyActiveAuthentication({ publicKey: other.spki, challenge: CHALLENGE, signature: sig }), 'AA_SIGNATURE_INVALID');
      expectCode(() => verifyActiveAuthentication({ publicKey: pair.spki, challenge: CHALLENGE, signature: sig.subarray(0, 63) }), 'AA_SIGNATURE_INVALID');
    }
    expectCode(() => verifyActiveAuthentication({ publicKey: p256.spki, challenge: CHALLENGE, signature: new Uint8Array(64) }), 'AA_SIGNATURE_INVALID');
  });

  it('accepts a DG15 key with explicit domain parameters (common on real chips) for a known curve', () => {
    const c = brainpoolP256r1.Point.CURVE();
    const be = (v: bigint) => h(v.toString(16).padStart(64, '0'));
    const int = (v: bigint) => encodeTlv(0x02, concat(Uint8Array.of(0), be(v)));
    // ECParameters (RFC 3279 / TR-03111) for brainpoolP256r1, RFC 5639 §3.4
    const params = encodeTlv(
      0x30,
      encodeTlv(0x02, h('01')),
      encodeTlv(0x30, encodeTlv(0x06, h('2A8648CE3D0101')), int(c.p)),
      encodeTlv(0x30, encodeTlv(0x04, be(c.a)), encodeTlv(0x04, be(c.b))),
      encodeTlv(0x04, concat(h('04'), be(c.Gx), be(c.Gy))),
      int(c.n),
      encodeTlv(0x02, h('01')),
    );
    // the named-curve SPKI ends with the uncompressed point 04 ‖ x ‖ y (node has no brainpool JWK)
    const point = concat(h('00'), bp256.spki.subarray(bp256.spki.length - 65));
    const explicit = encodeTlv(0x30, encodeTlv(0x30, encodeTlv(0x06, h('2A8648CE3D0201')), params), encodeTlv(0x03, point));
    const sig = signActiveAuthentication(bp256.privateKey, CHALLENGE);
    verifyActiveAuthentication({ publicKey: explicit, challenge: CHALLENGE, signature: sig });
    expectCode(() => verifyActiveAuthentication({ publicKey: explicit, challenge: h('0000000000000000'), signature: sig }), 'AA_SIGNATURE_INVALID');
  });

  it('a key it cannot use is AA_ALGORITHM_UNSUPPORTED', () => {
    const ed = generateKeyPairSync('ed25519');
    expectCode(() => verifyActiveAuthentication({ publicKey: spkiOf(ed.publicKey), challenge: CHALLENGE, signature: new Uint8Array(64) }), 'AA_ALGORITHM_UNSUPPORTED');
    expectCode(() => verifyActiveAuthentication({ publicKey: h('3003020100'), challenge: CHALLENGE, signature: new Uint8Array(64) }), 'AA_ALGORITHM_UNSUPPORTED');
    expectCode(() => verifyActiveAuthentication({ publicKey: ec('secp256k1').spki, challenge: CHALLENGE, signature: new Uint8Array(64) }), 'AA_ALGORITHM_UNSUPPORTED');
  });
});

describe('INTERNAL AUTHENTICATE over secure messaging', () => {
  function chip(privateKey: KeyObject) {
    const keys = { enc: h('979EC13B1CBFE9DCD01AB0FED307EAE5'), mac: h('F1CB1F1FB5ADF208806B89DC579DC1F8'), ssc: h('887022120C06C226') };
    const card = new CardSecureMessaging('3des', keys.enc, keys.mac, keys.ssc);
    const seen: { ins: number; data: string; ne: number }[] = [];
    const channel = new ApduChannel({
      transceive: async (raw) => {
        const cmd = card.unwrapCommand(decodeCommand(raw));
        seen.push({ ins: cmd.ins, data: hex(cmd.data ?? new Uint8Array(0)), ne: cmd.ne ?? 0 });
        if (cmd.ins !== INS.INTERNAL_AUTHENTICATE) return encodeResponse(card.wrapResponse({ data: new Uint8Array(0), sw: SW.INS_NOT_SUPPORTED }));
        return encodeResponse(card.wrapResponse({ data: signActiveAuthentication(privateKey, cmd.data!), sw: SW.OK }));
      },
    });
    channel.sm = createSecureMessaging('3des', keys.enc, keys.mac, keys.ssc);
    return { channel, seen };
  }

  it('RSA-1024 and brainpoolP256r1: the challenge goes out, the signature comes back and verifies', async () => {
    for (const pair of [rsa1024, bp256]) {
      const { channel, seen } = chip(pair.privateKey);
      const signature = await performActiveAuthentication(channel, CHALLENGE);
      expect(seen).toEqual([{ ins: 0x88, data: hex(CHALLENGE), ne: 256 }]);
      verifyActiveAuthentication({ publicKey: pair.spki, challenge: CHALLENGE, signature });
      // a second run with a fresh challenge does not verify against the first challenge
      const challenge2 = h('0102030405060708');
      const signature2 = await performActiveAuthentication(channel, challenge2);
      expectCode(() => verifyActiveAuthentication({ publicKey: pair.spki, challenge: CHALLENGE, signature: signature2 }), 'AA_SIGNATURE_INVALID');
    }
  });

  it('a card refusing the command gives the status error with the AA step', async () => {
    const channel = new ApduChannel({ transceive: async () => h('6D00') });
    const err = await performActiveAuthentication(channel, CHALLENGE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MrtdError);
    expect((err as MrtdError).step).toBe('AA:INTERNAL_AUTHENTICATE');
    expect((err as MrtdError).sw).toBe(0x6d00);
  });
});
