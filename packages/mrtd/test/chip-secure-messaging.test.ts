/** The virtual chip under BAC and secure messaging: what a real chip does on plain commands, bad MACs and AA. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INS } from '../src/apdu.js';
import { VirtualChip, type VirtualChipOptions } from '../src/chip/index.js';
import { isMrtdError, SW } from '../src/errors.js';
import type { LdsFileName } from '../src/lds/files.js';
import { performActiveAuthentication, performBac, verifyActiveAuthentication } from '../src/protocols/index.js';
import { readFile, selectApplication } from '../src/reader/index.js';
import { ApduChannel, type Transport } from '../src/transport.js';
import { MRZ_KEY, RecordingTransport, expectSameBytes, randomFile } from './chip-test-helpers.js';

const DG1 = randomFile('DG1', 88);
const DG2 = randomFile('DG2', 3000);
const DG5 = randomFile('DG5', 34_000);

function chip(opts: Partial<VirtualChipOptions> = {}): VirtualChip {
  const files = new Map<LdsFileName, Uint8Array>([
    ['DG1', DG1],
    ['DG2', DG2],
    ['DG3', randomFile('DG3', 40)],
    ['DG5', DG5],
  ]);
  return new VirtualChip({ files, mrzKey: MRZ_KEY, ...opts });
}

async function authenticated(c: Transport): Promise<ApduChannel> {
  const channel = new ApduChannel(c);
  await selectApplication(channel);
  await performBac(channel, MRZ_KEY);
  return channel;
}

/** Flips one bit of the n-th response (counting from 0) or command crossing it. */
class BitFlipper implements Transport {
  private count = 0;
  constructor(
    private readonly inner: Transport,
    private readonly at: number,
    private readonly which: 'command' | 'response',
  ) {}
  async transceive(command: Uint8Array): Promise<Uint8Array> {
    const hit = this.count++ === this.at;
    const cmd = hit && this.which === 'command' ? flip(command, 7) : command;
    const resp = await this.inner.transceive(cmd);
    return hit && this.which === 'response' ? flip(resp, 3) : resp;
  }
}

function flip(bytes: Uint8Array, index: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out[index] = out[index]! ^ 0x10;
  return out;
}

describe('VirtualChip + BAC', () => {
  it('reads files after BAC over 3DES secure messaging, byte exact', async () => {
    const c = chip();
    const channel = await authenticated(c);
    expect(c.secureMessaging).toBe(true);
    expectSameBytes(await readFile(channel, 'DG1'), DG1);
    expectSameBytes(await readFile(channel, 'DG2'), DG2);
  });

  it('reads beyond 32 KB with odd INS under SM (DO85 in the command), with short and extended APDUs', async () => {
    const rec = new RecordingTransport(chip());
    expectSameBytes(await readFile(await authenticated(rec), 'DG5'), DG5);
    expect(rec.instructions.filter((i) => i === INS.READ_BINARY_ODD).length).toBeGreaterThan(0);
    const ext = new RecordingTransport(chip({ extendedLength: true, maxResponseLength: 65535 }));
    expectSameBytes(await readFile(await authenticated(ext), 'DG5', { maxRead: 16_384 }), DG5);
    expect(ext.instructions.slice(-3)).toEqual([INS.READ_BINARY, INS.READ_BINARY, INS.READ_BINARY_ODD]);
  });

  it('a wrong MRZ key is BAC_FAILED at MUTUAL AUTHENTICATE with 6300', async () => {
    const channel = new ApduChannel(chip());
    await selectApplication(channel);
    const e = await performBac(channel, { ...MRZ_KEY, dateOfBirth: '690807' }).catch((x: unknown) => x);
    expect(isMrtdError(e, 'BAC_FAILED')).toBe(true);
    expect(isMrtdError(e) && e.sw).toBe(SW.AUTHENTICATION_FAILED);
    expect(isMrtdError(e) && e.step).toBe('BAC:MUTUAL_AUTHENTICATE');
  });

  it('a refused read under SM is answered protected and the session goes on', async () => {
    const channel = await authenticated(chip());
    const e = await readFile(channel, 'DG3').catch((x: unknown) => x);
    expect(isMrtdError(e, 'CARD_STATUS') && e.sw === SW.SECURITY_STATUS_NOT_SATISFIED).toBe(true);
    expectSameBytes(await readFile(channel, 'DG1'), DG1);
  });

  it('a plain command after BAC gets 6987 and ends the session', async () => {
    const c = chip();
    const channel = await authenticated(c);
    const plain = new ApduChannel(c);
    const r = await plain.send({ cla: 0, ins: INS.SELECT, p1: 2, p2: 0x0c, data: Uint8Array.of(1, 1) }, 'test');
    expect(r.sw).toBe(SW.SM_DATA_MISSING);
    expect(c.secureMessaging).toBe(false);
    const e = await readFile(channel, 'DG1').catch((x: unknown) => x);
    expect(isMrtdError(e) && e.step === 'SELECT:DG1' && e.sw === SW.SM_DATA_INCORRECT).toBe(true);
  });

  it('a bit flipped in a command: the chip answers plain 6988, drops SM, and a fresh BAC recovers', async () => {
    const c = chip();
    // APDUs: SELECT app, GET CHALLENGE, MUTUAL AUTH, SELECT DG1 (index 3) is corrupted
    const channel = await authenticated(new BitFlipper(c, 3, 'command'));
    const e = await readFile(channel, 'DG1').catch((x: unknown) => x);
    expect(isMrtdError(e, 'CARD_STATUS') && e.sw === SW.SM_DATA_INCORRECT && e.step === 'SELECT:DG1').toBe(true);
    expect(c.secureMessaging).toBe(false);
    await performBac(channel, MRZ_KEY);
    expectSameBytes(await readFile(channel, 'DG1'), DG1);
  });

  it('a bit flipped in a response is SM_MAC_INVALID with the step', async () => {
    const rec = new RecordingTransport(chip());
    // index 5 is the first chunk after the 8-byte header read of DG2
    const channel = await authenticated(new BitFlipper(rec, 5, 'response'));
    const e = await readFile(channel, 'DG2').catch((x: unknown) => x);
    expect(isMrtdError(e, 'SM_MAC_INVALID')).toBe(true);
    expect(isMrtdError(e) && e.step).toBe('READ_BINARY:DG2');
  });

  it('short reads under SM use the largest protected short response (231 bytes for 3DES)', async () => {
    const rec = new RecordingTransport(chip({ maxResponseLength: 0x100 }));
    const channel = await authenticated(rec);
    const before = rec.log.length;
    expectSameBytes(await readFile(channel, 'DG2'), DG2);
    // SELECT + header + the refused extended probe + ceil((3004 − 8) / 231) chunks
    expect(rec.log.length - before).toBe(3 + Math.ceil((DG2.length - 8) / 231));
    expect(rec.statusWords.filter((sw) => sw !== SW.OK)).toEqual([SW.WRONG_LENGTH]);
    expect(rec.log.every((e) => e.response.length <= 258)).toBe(true);
  });

  it('extended length under SM: the refused extended probe is answered protected, the session survives', async () => {
    const rec = new RecordingTransport(chip());
    const channel = await authenticated(rec);
    expectSameBytes(await readFile(channel, 'DG2'), DG2);
    expect(rec.statusWords.filter((sw) => sw !== SW.OK)).toEqual([SW.WRONG_LENGTH]);
    const ext = await authenticated(chip({ extendedLength: true, maxResponseLength: 65535 }));
    expectSameBytes(await readFile(ext, 'DG2'), DG2);
  });
});

describe('VirtualChip: Active Authentication', () => {
  for (const [name, keys, hash] of [
    ['ECDSA P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' }), undefined],
    ['RSA-1024, SHA-1', generateKeyPairSync('rsa', { modulusLength: 1024 }), undefined],
    ['RSA-1024, SHA-256', generateKeyPairSync('rsa', { modulusLength: 1024 }), 'sha256'],
  ] as const) {
    it(`signs the terminal's challenge under SM (${name}) and the signature verifies with the public key`, async () => {
      const c = chip({ aaPrivateKey: keys.privateKey, ...(hash && { aaHash: hash }) });
      const channel = await authenticated(c);
      const challenge = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
      const signature = await performActiveAuthentication(channel, challenge);
      const publicKey = new Uint8Array(keys.publicKey.export({ type: 'spki', format: 'der' }));
      expect(() => verifyActiveAuthentication({ publicKey, challenge, signature })).not.toThrow();
      const other = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 9);
      expect(() => verifyActiveAuthentication({ publicKey, challenge: other, signature })).toThrow();
    });
  }

  it('a 2048-bit RSA signature does not fit a short protected response: 6700 unless the chip has extended length', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const challenge = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const short = await authenticated(chip({ aaPrivateKey: keys.privateKey }));
    const e = await performActiveAuthentication(short, challenge).catch((x: unknown) => x);
    expect(isMrtdError(e, 'CARD_STATUS') && e.sw === SW.WRONG_LENGTH && e.step === 'AA:INTERNAL_AUTHENTICATE').toBe(true);
    const ext = await authenticated(chip({ aaPrivateKey: keys.privateKey, extendedLength: true }));
    const signature = await performActiveAuthentication(ext, challenge, { ne: 65536 });
    const publicKey = new Uint8Array(keys.publicKey.export({ type: 'spki', format: 'der' }));
    expect(() => verifyActiveAuthentication({ publicKey, challenge, signature })).not.toThrow();
  });
});
