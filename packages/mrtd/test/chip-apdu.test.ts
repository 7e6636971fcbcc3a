/** The virtual chip's card behaviour on plain APDUs (ISO/IEC 7816-4 status words). */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INS } from '../src/apdu.js';
import { fromHex } from '../src/bytes.js';
import { VirtualChip, type VirtualChipOptions } from '../src/chip/index.js';
import { SW } from '../src/errors.js';
import { LDS1_AID, type LdsFileName } from '../src/lds/files.js';
import { encodeTlv } from '../src/tlv.js';
import { MRZ_KEY, randomFile, send } from './chip-test-helpers.js';

const DG1 = randomFile('DG1', 88);
const DG2 = randomFile('DG2', 40_000);
const CARD_ACCESS = randomFile('CardAccess', 18);

function chip(opts: Partial<VirtualChipOptions> = {}): VirtualChip {
  const files = new Map<LdsFileName, Uint8Array>([
    ['DG1', DG1],
    ['DG2', DG2],
    ['DG3', randomFile('DG3', 100)],
    ['CardAccess', CARD_ACCESS],
  ]);
  return new VirtualChip({ files, mrzKey: MRZ_KEY, requireBac: false, ...opts });
}

const selectApp = { cla: 0, ins: INS.SELECT, p1: 4, p2: 0x0c, data: LDS1_AID };
const selectEf = (fid: number) => ({ cla: 0, ins: INS.SELECT, p1: 2, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) });
const readAt = (offset: number, ne: number) => ({ cla: 0, ins: INS.READ_BINARY, p1: offset >> 8, p2: offset & 0xff, ne });

async function selected(c: VirtualChip, fid = 0x0102): Promise<VirtualChip> {
  expect((await send(c, selectApp)).sw).toBe(SW.OK);
  expect((await send(c, selectEf(fid))).sw).toBe(SW.OK);
  return c;
}

describe('VirtualChip: SELECT', () => {
  it('selects the LDS1 application by AID and refuses another AID with 6A82', async () => {
    const c = chip();
    expect((await send(c, { ...selectApp, data: fromHex('A0000002471002') })).sw).toBe(SW.FILE_NOT_FOUND);
    expect((await send(c, selectApp)).sw).toBe(SW.OK);
  });

  it('finds LDS1 EFs only inside the application; EF.CardAccess from the MF', async () => {
    const c = chip();
    expect((await send(c, selectEf(0x0101))).sw).toBe(SW.FILE_NOT_FOUND);
    expect((await send(c, selectEf(0x011c))).sw).toBe(SW.OK);
    expect((await send(c, selectApp)).sw).toBe(SW.OK);
    expect((await send(c, selectEf(0x0101))).sw).toBe(SW.OK);
    expect((await send(c, selectEf(0x0105))).sw).toBe(SW.FILE_NOT_FOUND); // DG5 absent
    expect((await send(c, { ...selectEf(0x0101), data: fromHex('01') })).sw).toBe(SW.WRONG_LENGTH);
    expect((await send(c, { ...selectEf(0x0101), p1: 0x07 })).sw).toBe(SW.INCORRECT_P1P2);
  });
});

describe('VirtualChip: READ BINARY', () => {
  it('reads at an offset in P1-P2, byte exact', async () => {
    const c = await selected(chip());
    const r = await send(c, readAt(1000, 200));
    expect(r.sw).toBe(SW.OK);
    expect(r.data).toEqual(DG2.slice(1000, 1200));
  });

  it('reads by short file identifier, which also makes the file current', async () => {
    const c = chip();
    await send(c, selectApp);
    const r = await send(c, { cla: 0, ins: INS.READ_BINARY, p1: 0x80 | 0x01, p2: 4, ne: 10 });
    expect(r).toEqual({ data: DG1.slice(4, 14), sw: SW.OK });
    expect((await send(c, readAt(14, 5))).data).toEqual(DG1.slice(14, 19));
    expect((await send(c, { cla: 0, ins: INS.READ_BINARY, p1: 0x80 | 0x0b, p2: 0, ne: 10 })).sw).toBe(SW.FILE_NOT_FOUND);
    expect((await send(c, { cla: 0, ins: INS.READ_BINARY, p1: 0xa1, p2: 0, ne: 10 })).sw).toBe(SW.INCORRECT_P1P2);
  });

  it('refuses a read with no current EF (6986) and a read without Le (6700)', async () => {
    const c = chip();
    await send(c, selectApp);
    expect((await send(c, readAt(0, 8))).sw).toBe(0x6986);
    await send(c, selectEf(0x0101));
    expect((await send(c, readAt(0, 0))).sw).toBe(SW.WRONG_LENGTH);
  });

  it('answers an Le above maxResponseLength with 6700 by default', async () => {
    const c = await selected(chip({ maxResponseLength: 0xdf }));
    expect((await send(c, readAt(0, 0xdf))).sw).toBe(SW.OK);
    expect((await send(c, readAt(0, 0xe0))).sw).toBe(SW.WRONG_LENGTH);
  });

  it('answers an Le above maxResponseLength with 6Cxx giving the length that works, when so configured', async () => {
    const c = await selected(chip({ maxResponseLength: 0x80, wrongLe: 'correct-le' }));
    expect((await send(c, readAt(0, 256))).sw).toBe(0x6c80);
    // near the end of the file the right length is what remains
    const dg1 = await selected(chip({ maxResponseLength: 0x80, wrongLe: 'correct-le' }), 0x0101);
    expect((await send(dg1, readAt(DG1.length - 0x20, 0xff))).sw).toBe(0x6c20);
    expect((await send(dg1, readAt(0, 0xff))).sw).toBe(0x6c00 | DG1.length);
  });

  it('reading past the end: 6B00 beyond it, 6282 with the remaining bytes across it (or 9000)', async () => {
    const c = await selected(chip(), 0x0101);
    expect((await send(c, readAt(DG1.length, 1))).sw).toBe(SW.WRONG_P1P2);
    expect((await send(c, readAt(DG1.length + 50, 1))).sw).toBe(SW.WRONG_P1P2);
    const r = await send(c, readAt(DG1.length - 10, 100));
    expect(r).toEqual({ data: DG1.slice(-10), sw: SW.WARNING_END_OF_FILE });
    const ok = await selected(chip({ endOfFile: 'ok' }), 0x0101);
    expect(await send(ok, readAt(DG1.length - 10, 100))).toEqual({ data: DG1.slice(-10), sw: SW.OK });
  });

  it('refuses extended-length APDUs with 6700 unless extended length is on', async () => {
    const ext = { ...readAt(0, 1000) };
    expect((await send(await selected(chip()), ext)).sw).toBe(SW.WRONG_LENGTH);
    const on = await selected(chip({ extendedLength: true, maxResponseLength: 4096 }));
    const r = await send(on, ext);
    expect(r.sw).toBe(SW.OK);
    expect(r.data).toEqual(DG2.slice(0, 1000));
    // an extended Le above the card's limit cannot be told in 6Cxx: 6700 even in correct-le mode
    const limited = await selected(chip({ extendedLength: true, maxResponseLength: 4096, wrongLe: 'correct-le' }));
    expect((await send(limited, readAt(0, 5000))).sw).toBe(SW.WRONG_LENGTH);
  });

  it('odd INS B1 reads beyond 32767 with the offset in DO54 and the data in DO53', async () => {
    const c = await selected(chip());
    const offset = 40_000 - 300;
    const r = await send(c, { cla: 0, ins: INS.READ_BINARY_ODD, p1: 0, p2: 0, data: encodeTlv(0x54, Uint8Array.of(0, offset >> 8, offset & 0xff)), ne: 200 });
    expect(r.sw).toBe(SW.OK);
    // DO53 with a two-byte length (81 xx) fills Ne exactly: 197 content bytes
    expect(r.data.subarray(0, 3)).toEqual(Uint8Array.of(0x53, 0x81, 197));
    expect(r.data.subarray(3)).toEqual(DG2.slice(offset, offset + 197));
    const bySfi = await send(c, { cla: 0, ins: INS.READ_BINARY_ODD, p1: 0, p2: 0x01, data: encodeTlv(0x54, Uint8Array.of(0)), ne: 0x20 });
    expect(bySfi.data).toEqual(encodeTlv(0x53, DG1.slice(0, 0x1e)));
    const bad = await send(c, { cla: 0, ins: INS.READ_BINARY_ODD, p1: 0, p2: 0, data: encodeTlv(0x55, Uint8Array.of(1)), ne: 10 });
    expect(bad.sw).toBe(SW.WRONG_DATA);
  });
});

describe('VirtualChip: access control', () => {
  it('answers 6982 to every LDS file read before BAC, but serves EF.CardAccess', async () => {
    const c = chip({ requireBac: true });
    await send(c, selectApp);
    for (const sfi of [0x01, 0x02]) {
      expect((await send(c, { cla: 0, ins: INS.READ_BINARY, p1: 0x80 | sfi, p2: 0, ne: 8 })).sw).toBe(SW.SECURITY_STATUS_NOT_SATISFIED);
    }
    const ca = await send(c, { cla: 0, ins: INS.READ_BINARY, p1: 0x80 | 0x1c, p2: 0, ne: CARD_ACCESS.length });
    expect(ca).toEqual({ data: CARD_ACCESS, sw: SW.OK });
  });

  it('never serves DG3 (EAC)', async () => {
    const c = await selected(chip(), 0x0103);
    expect((await send(c, readAt(0, 8))).sw).toBe(SW.SECURITY_STATUS_NOT_SATISFIED);
  });

  it('INTERNAL AUTHENTICATE: 6D00 without an AA key, 6982 before BAC, 6700 for a challenge that is not 8 bytes', async () => {
    const aa = { cla: 0, ins: INS.INTERNAL_AUTHENTICATE, p1: 0, p2: 0, data: fromHex('0102030405060708'), ne: 256 };
    expect((await send(chip(), aa)).sw).toBe(SW.INS_NOT_SUPPORTED);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect((await send(chip({ aaPrivateKey: privateKey, requireBac: true }), aa)).sw).toBe(SW.SECURITY_STATUS_NOT_SATISFIED);
    const open = chip({ aaPrivateKey: privateKey });
    expect((await send(open, { ...aa, data: fromHex('01020304') })).sw).toBe(SW.WRONG_LENGTH);
    const r = await send(open, aa);
    expect(r.sw).toBe(SW.OK);
    expect(r.data.length).toBe(64); // plain r ‖ s on P-256
  });

  it('GET CHALLENGE wants Le 8; MUTUAL AUTHENTICATE wants a challenge first', async () => {
    const c = chip({ requireBac: true });
    expect((await send(c, { cla: 0, ins: INS.GET_CHALLENGE, p1: 0, p2: 0, ne: 16 })).sw).toBe(SW.WRONG_LENGTH);
    const ma = { cla: 0, ins: INS.EXTERNAL_AUTHENTICATE, p1: 0, p2: 0, data: new Uint8Array(40), ne: 40 };
    expect((await send(c, ma)).sw).toBe(SW.CONDITIONS_NOT_SATISFIED);
    const ch = await send(c, { cla: 0, ins: INS.GET_CHALLENGE, p1: 0, p2: 0, ne: 8 });
    expect(ch.sw).toBe(SW.OK);
    expect(ch.data.length).toBe(8);
    expect((await send(c, { ...ma, data: new Uint8Array(39) })).sw).toBe(SW.WRONG_LENGTH);
  });
});

describe('VirtualChip: malformed and unknown commands', () => {
  it('answers status words, never throws', async () => {
    const c = chip();
    expect((await send(c, { cla: 0, ins: 0xca, p1: 0, p2: 0, ne: 10 })).sw).toBe(SW.INS_NOT_SUPPORTED);
    expect((await send(c, { cla: 0x80, ins: INS.SELECT, p1: 4, p2: 0x0c, data: LDS1_AID })).sw).toBe(SW.CLA_NOT_SUPPORTED);
    expect((await send(c, fromHex('00A4'))).sw).toBe(SW.WRONG_LENGTH);
    expect((await send(c, fromHex('00A4040C05A0000002'))).sw).toBe(SW.WRONG_LENGTH); // Lc says 5, 3 follow
    expect((await send(c, fromHex('0CB0000008'))).sw).toBe(SW.SM_DATA_INCORRECT); // SM without a session
  });

  it('any byte string gets a well-formed response (property)', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const c = chip({ requireBac: true, aaPrivateKey: privateKey, extendedLength: true });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.tuple(fc.constantFrom(0x00, 0x0c), fc.constantFrom(0xa4, 0xb0, 0xb1, 0x84, 0x82, 0x88), fc.uint8Array({ maxLength: 60 })).map(
            ([cla, ins, rest]) => Uint8Array.of(cla, ins, ...rest),
          ),
        ),
        async (bytes) => {
          const r = await c.transceive(bytes);
          expect(r.length).toBeGreaterThanOrEqual(2);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('VirtualChip: latency model', () => {
  it('adds up perApduMs + 8·bytes/bitRate per APDU without sleeping', async () => {
    const c = chip({ latency: { perApduMs: 5, bitRate: 106_000 } });
    let expected = 0;
    for (const cmd of [selectApp, selectEf(0x0102), readAt(0, 200)]) {
      const wire = (await import('../src/apdu.js')).encodeCommand(cmd);
      const resp = await c.transceive(wire);
      expected += 5 + ((8 * (wire.length + resp.length)) / 106_000) * 1000;
    }
    expect(c.modelledMs).toBeCloseTo(expected, 9);
    expect(chip().modelledMs).toBe(0);
  });
});
