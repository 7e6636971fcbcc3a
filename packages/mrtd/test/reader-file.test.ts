/**
 * Adaptive READ BINARY against the virtual chip without secure messaging: chunk sizes,
 * the 6700 and 6Cxx fallbacks, extended length, odd INS beyond 32 KB, and APDU counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INS } from '../src/apdu.js';
import { VirtualChip, type VirtualChipOptions } from '../src/chip/index.js';
import { isMrtdError, MrtdError, SW } from '../src/errors.js';
import type { LdsFileName } from '../src/lds/files.js';
import { readFile, selectApplication } from '../src/reader/index.js';
import { ApduChannel, CountingTransport, type Transport } from '../src/transport.js';
import { MRZ_KEY, RecordingTransport, expectSameBytes, randomFile } from './chip-test-helpers.js';

const DG1 = randomFile('DG1', 88);
const DG2 = randomFile('DG2', 15_000);
const DG11 = randomFile('DG11', 700);
const BIG = randomFile('DG5', 70_000);

function setup(opts: Partial<VirtualChipOptions> = {}) {
  const files = new Map<LdsFileName, Uint8Array>([
    ['DG1', DG1],
    ['DG2', DG2],
    ['DG3', randomFile('DG3', 50)],
    ['DG5', BIG],
    ['DG11', DG11],
    ['DG12', encodeTruncated()],
  ]);
  const chip = new VirtualChip({ files, mrzKey: MRZ_KEY, requireBac: false, ...opts });
  const recorder = new RecordingTransport(chip);
  const counting = new CountingTransport(recorder);
  const channel = new ApduChannel(counting);
  return { chip, recorder, counting, channel };
}

/** A DG12 whose TLV announces 500 bytes but the file holds 300. */
function encodeTruncated(): Uint8Array {
  return randomFile('DG12', 500).slice(0, 300);
}

/** SELECT EF + the 8-byte header read + the rest in chunks of `chunk`. */
const minimal = (file: Uint8Array, chunk: number) => 2 + Math.ceil((file.length - 8) / chunk);

async function readCounted(s: ReturnType<typeof setup>, file: LdsFileName, opts?: Parameters<typeof readFile>[2]) {
  const before = s.counting.stats.apdus;
  const data = await readFile(s.channel, file, opts);
  return { data, apdus: s.counting.stats.apdus - before };
}

describe('readFile: short reads', () => {
  it('reads byte-exact in chunks of 256 when the chip returns 256 (maxResponseLength 0x100)', async () => {
    const s = setup({ maxResponseLength: 0x100 });
    await selectApplication(s.channel);
    const r = await readCounted(s, 'DG2');
    expectSameBytes(r.data, DG2);
    // the extended probe is never sent: extended length is off and the first try is 6700 → one extra APDU
    expect(r.apdus).toBe(minimal(DG2, 256) + 1);
    const again = await readCounted(s, 'DG11');
    expectSameBytes(again.data, DG11);
    expect(again.apdus).toBe(minimal(DG11, 256)); // the refusal of extended length is remembered
  });

  for (const [max, wrongLe, chunk] of [
    [0xdf, 'correct-le', 0xdf],
    [0xdf, 'wrong-length', 128],
    [0x80, 'correct-le', 0x80],
    [0x80, 'wrong-length', 128],
  ] as const) {
    it(`maxResponseLength ${max.toString(16)} answering ${wrongLe}: learns a chunk of ${chunk} once`, async () => {
      const s = setup({ maxResponseLength: max, wrongLe });
      await selectApplication(s.channel);
      const r = await readCounted(s, 'DG2', { maxRead: 256 });
      expectSameBytes(r.data, DG2);
      expect(r.apdus).toBe(minimal(DG2, chunk) + 1); // one refused read
      const sws = s.recorder.statusWords;
      expect(sws.filter((sw) => sw !== SW.OK)).toEqual([wrongLe === 'correct-le' ? 0x6c00 | max : SW.WRONG_LENGTH]);
      const next = await readCounted(s, 'DG11', { maxRead: 256 });
      expectSameBytes(next.data, DG11);
      expect(next.apdus).toBe(minimal(DG11, chunk));
    });
  }

  it('a small file takes SELECT and one read; by SFI only the read', async () => {
    const s = setup();
    await selectApplication(s.channel);
    // DG1 is 90 bytes: header read of 8, then 82 more
    expect((await readCounted(s, 'DG1')).apdus).toBe(3);
    const sfi = await readCounted(s, 'DG1', { useSfi: true });
    expectSameBytes(sfi.data, DG1);
    expect(sfi.apdus).toBe(2);
    const log = s.recorder.log.slice(-2);
    expect(log[0]!.command[2]).toBe(0x81); // P1 = 80 | SFI 1
  });

  it('maxRead caps the chunk', async () => {
    const s = setup({ maxResponseLength: 0x100 });
    await selectApplication(s.channel);
    const r = await readCounted(s, 'DG11', { maxRead: 100 });
    expectSameBytes(r.data, DG11);
    expect(r.apdus).toBe(minimal(DG11, 100));
  });

  it('reports progress up to the file length', async () => {
    const s = setup();
    await selectApplication(s.channel);
    const seen: [number, number][] = [];
    await readFile(s.channel, 'DG11', { onProgress: (read, total) => seen.push([read, total]) });
    expect(seen[0]![0]).toBe(8);
    expect(seen.at(-1)).toEqual([DG11.length, DG11.length]);
    expect(seen.every(([, t]) => t === DG11.length)).toBe(true);
    expect(seen.every(([r], i) => i === 0 || r > seen[i - 1]![0])).toBe(true);
  });
});

describe('readFile: extended length', () => {
  it('reads the rest in one extended READ BINARY when the chip allows it', async () => {
    const s = setup({ extendedLength: true, maxResponseLength: 65535 });
    await selectApplication(s.channel);
    const r = await readCounted(s, 'DG2');
    expectSameBytes(r.data, DG2);
    expect(r.apdus).toBe(3);
  });

  it('uses extended reads capped by maxRead, e.g. for a chip that takes 4 KB', async () => {
    const s = setup({ extendedLength: true, maxResponseLength: 4096 });
    await selectApplication(s.channel);
    const r = await readCounted(s, 'DG2', { maxRead: 4096 });
    expectSameBytes(r.data, DG2);
    expect(r.apdus).toBe(minimal(DG2, 4096));
  });

  it('halves an extended read the chip refuses once extended length has worked', async () => {
    const s = setup({ extendedLength: true, maxResponseLength: 4096 });
    await selectApplication(s.channel);
    await readFile(s.channel, 'DG11', { maxRead: 600 }); // establishes that extended works
    const r = await readCounted(s, 'DG2', { maxRead: 8000 });
    expectSameBytes(r.data, DG2);
    expect(s.recorder.statusWords.filter((sw) => sw === SW.WRONG_LENGTH)).toHaveLength(1); // 8000 → 4000
    expect(r.apdus).toBe(minimal(DG2, 4000) + 1);
  });
});

describe('readFile: beyond 32 KB', () => {
  it('switches to odd INS B1 past offset 32767, byte exact', async () => {
    const s = setup({ maxResponseLength: 0x100 });
    await selectApplication(s.channel);
    const data = await readFile(s.channel, 'DG5');
    expectSameBytes(data, BIG);
    const ins = s.recorder.instructions;
    expect(ins).toContain(INS.READ_BINARY_ODD);
    // every even read starts at or below 32767, every read beyond it is odd
    const firstOdd = ins.indexOf(INS.READ_BINARY_ODD);
    expect(ins.slice(firstOdd).every((i) => i === INS.READ_BINARY_ODD)).toBe(true);
  });

  it('with extended length: one even read, then odd reads', async () => {
    const s = setup({ extendedLength: true, maxResponseLength: 65535 });
    await selectApplication(s.channel);
    const r = await readCounted(s, 'DG5', { maxRead: 30_000 });
    expectSameBytes(r.data, BIG);
    // header, 8..30008, 30008..60008 (even: starts below 32768), rest odd
    expect(s.recorder.instructions.slice(-4)).toEqual([INS.READ_BINARY, INS.READ_BINARY, INS.READ_BINARY, INS.READ_BINARY_ODD]);
  });
});

describe('readFile: errors carry the step and status word', () => {
  it('6982 on DG3', async () => {
    const s = setup();
    await selectApplication(s.channel);
    const e = await readFile(s.channel, 'DG3').catch((x: unknown) => x);
    expect(isMrtdError(e, 'CARD_STATUS') && e.step === 'READ_BINARY:DG3' && e.sw === SW.SECURITY_STATUS_NOT_SATISFIED).toBe(true);
  });

  it('a missing file is FILE_NOT_FOUND at SELECT', async () => {
    const s = setup();
    await selectApplication(s.channel);
    const e = await readFile(s.channel, 'DG7').catch((x: unknown) => x);
    expect(isMrtdError(e, 'FILE_NOT_FOUND') && e.step === 'SELECT:DG7' && e.sw === SW.FILE_NOT_FOUND).toBe(true);
  });

  it('a file shorter than its TLV announces is READ_FAILED, whichever way the chip ends it', async () => {
    for (const endOfFile of ['warning', 'ok'] as const) {
      const s = setup({ endOfFile });
      await selectApplication(s.channel);
      const e = await readFile(s.channel, 'DG12').catch((x: unknown) => x);
      expect(isMrtdError(e) && e.step === 'READ_BINARY:DG12').toBe(true);
      expect(isMrtdError(e, 'READ_FAILED') || (isMrtdError(e, 'CARD_STATUS') && e.sw === SW.WRONG_P1P2)).toBe(true);
    }
  });
});

describe('readFile: a hostile card', () => {
  it('gets only typed errors or a result, never a crash or a hang (property)', async () => {
    const response = fc
      .tuple(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(0x9000, 0x6282, 0x6700, 0x6c00, 0x6c10, 0x6cff, 0x6b00, 0x6982, 0x6a82))
      .map(([data, sw]) => Uint8Array.of(...data, sw >> 8, sw & 0xff));
    const answers = fc.array(fc.oneof(response, fc.uint8Array({ maxLength: 4 })), { minLength: 1, maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(answers, fc.boolean(), async (list, useSfi) => {
        let i = 0;
        const card: Transport = {
          // after a while the card only says 6F00, so an endless file ends too
          transceive: async () => (i < 400 ? list[i++ % list.length]! : Uint8Array.of(0x6f, 0x00)),
        };
        try {
          await readFile(new ApduChannel(card), 'DG2', { useSfi });
        } catch (e) {
          expect(e).toBeInstanceOf(MrtdError);
        }
      }),
      { numRuns: 400 },
    );
  });
});
