/**
 * The browser entry's terminal and card-side symmetric code against the Node entry: the
 * same protocol runs across the two, and the root entry still exports every name.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as browser from '../src/browser.js';
import * as node from '../src/index.js';
import { MRZ_KEY, comListing, expectSameBytes, randomFile } from './chip-test-helpers.js';

const fixed = (seed: number): node.RandomSource => (n) => new Uint8Array(n).map((_, i) => (seed + i * 7) & 0xff);

describe('browser entry', () => {
  it('exports the same objects as the root entry, without the Node-only ones', () => {
    const names = Object.keys(browser);
    expect(names.length).toBeGreaterThan(60);
    for (const name of names) expect((node as Record<string, unknown>)[name], name).toBe((browser as Record<string, unknown>)[name]);
    for (const nodeOnly of ['signActiveAuthentication', 'verifyActiveAuthentication', 'parsePublicKey', 'VirtualChip']) {
      expect(names).not.toContain(nodeOnly);
      expect(Object.keys(node)).toContain(nodeOnly);
    }
    for (const wanted of ['performBac', 'createSecureMessaging', 'readPassport', 'performActiveAuthentication', 'CardBac', 'CardSecureMessaging', 'decodeDg1', 'parseMrz']) {
      expect(names, wanted).toContain(wanted);
    }
  });

  it('runs BAC and 3DES secure messaging from the browser entry against the Node VirtualChip', async () => {
    const files = new Map<node.LdsFileName, Uint8Array>([
      ['COM', comListing('DG1', 'DG2')],
      ['SOD', randomFile('SOD', 900)],
      ['DG1', randomFile('DG1', 88)],
      ['DG2', randomFile('DG2', 15_000)],
    ]);
    const chip = new node.VirtualChip({ files, mrzKey: MRZ_KEY });
    const channel = new browser.ApduChannel(chip);
    await browser.selectApplication(channel);
    const { sm } = await browser.performBac(channel, MRZ_KEY, fixed(3));
    expect(channel.sm).toBe(sm);
    expectSameBytes(await browser.readFile(channel, 'DG2'), files.get('DG2')!);

    const result = await browser.readPassport(new node.VirtualChip({ files, mrzKey: MRZ_KEY }), { key: MRZ_KEY });
    for (const [name, bytes] of files) expectSameBytes(result.files.get(name)!, bytes);
  });

  it('card-side BAC and secure messaging from the browser entry serve the Node terminal', () => {
    const card = new browser.CardBac(MRZ_KEY, fixed(40));
    const rndIc = card.getChallenge();
    const keys = node.deriveBacKeys(MRZ_KEY);
    const rndIfd = randomBytes(8);
    const kIfd = randomBytes(16);
    const e = node.tdesCbcEncrypt(keys.kEnc, node.concat(rndIfd, rndIc, kIfd));
    const body = node.concat(e, node.retailMac(keys.kMac, node.padIso9797M2(e, 8)));
    const { response, sm: cardSm } = card.mutualAuthenticate(body);
    const r = node.tdesCbcDecrypt(keys.kEnc, response.subarray(0, 32));
    expect(node.hex(r.subarray(0, 16))).toBe(node.hex(node.concat(rndIc, rndIfd)));
    const seed = node.xor(kIfd, r.subarray(16, 32));
    const ssc = node.concat(rndIc.subarray(4), rndIfd.subarray(4));
    const terminal = node.createSecureMessaging('3des', node.deriveKey(seed, 1, '3des'), node.deriveKey(seed, 2, '3des'), ssc);
    for (const size of [0, 1, 7, 8, 100, 231]) {
      const data = new Uint8Array(randomBytes(size));
      const cmd = cardSm.unwrapCommand(terminal.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 231 }));
      expect(cmd.ne).toBe(231);
      expectSameBytes(terminal.unwrap(cardSm.wrapResponse({ data, sw: 0x9000 })).data, data);
    }
  });

  it('AES secure messaging interoperates across the entries in both directions', () => {
    for (const kind of ['aes128', 'aes192', 'aes256'] as const) {
      const length = node.KEY_LENGTH[kind];
      const [enc, mac, ssc] = [randomBytes(length), randomBytes(length), randomBytes(16)];
      const pairs: [node.SecureMessaging, node.CardSecureMessaging][] = [
        [browser.createSecureMessaging(kind, enc, mac, ssc), new node.CardSecureMessaging(kind, enc, mac, ssc)],
        [node.createSecureMessaging(kind, enc, mac, ssc), new browser.CardSecureMessaging(kind, enc, mac, ssc)],
      ];
      for (const [terminal, card] of pairs) {
        const data = new Uint8Array(randomBytes(50));
        const cmd = card.unwrapCommand(terminal.wrap({ cla: 0, ins: 0xd6, p1: 0, p2: 4, data }));
        expectSameBytes(cmd.data!, data);
        const reply = new Uint8Array(randomBytes(223));
        expectSameBytes(terminal.unwrap(card.wrapResponse({ data: reply, sw: 0x9000 })).data, reply);
      }
    }
  });
});

describe('activeAuthenticationSignatureLength (node-free) against parsePublicKey (node:crypto)', () => {
  const spkiOf = (k: ReturnType<typeof generateKeyPairSync>['publicKey']) => new Uint8Array(k.export({ format: 'der', type: 'spki' }));

  it('agrees for RSA and every supported named curve', () => {
    const keys = [
      generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey,
      generateKeyPairSync('rsa', { modulusLength: 1032 }).publicKey,
      ...['prime256v1', 'secp384r1', 'secp521r1', 'brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1'].map(
        (namedCurve) => generateKeyPairSync('ec', { namedCurve }).publicKey,
      ),
    ];
    for (const key of keys) {
      const spki = spkiOf(key);
      const info = node.parsePublicKey(spki);
      expect(browser.activeAuthenticationSignatureLength(spki)).toBe(info.type === 'rsa' ? info.modulusBytes : 2 * info.orderBytes);
    }
  });

  it('answers undefined for an unsupported curve, another key type or garbage', () => {
    expect(browser.activeAuthenticationSignatureLength(spkiOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey))).toBeUndefined();
    expect(browser.activeAuthenticationSignatureLength(spkiOf(generateKeyPairSync('ed25519').publicKey))).toBeUndefined();
    expect(browser.activeAuthenticationSignatureLength(Uint8Array.of(0x30, 0x03, 0x02, 0x01))).toBeUndefined();
    expect(browser.activeAuthenticationSignatureLength(new Uint8Array(0))).toBeUndefined();
  });
});
