/** readPassport against the virtual chip: BAC, secure messaging, COM-driven file list, AA, APDU counts. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VirtualChip, type VirtualChipOptions } from '../src/chip/index.js';
import { isMrtdError, SW } from '../src/errors.js';
import type { LdsFileName } from '../src/lds/files.js';
import { verifyActiveAuthentication } from '../src/protocols/index.js';
import { readPassport } from '../src/reader/index.js';
import { encodeTlv } from '../src/tlv.js';
import type { Transport } from '../src/transport.js';
import { MRZ_KEY, RecordingTransport, comListing, expectSameBytes, randomFile } from './chip-test-helpers.js';

const aaKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const CHALLENGE = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2);

const FILES = new Map<LdsFileName, Uint8Array>([
  ['COM', comListing('DG1', 'DG2', 'DG3', 'DG11', 'DG14', 'DG15')],
  ['SOD', randomFile('SOD', 1800)],
  ['DG1', randomFile('DG1', 88)],
  ['DG2', randomFile('DG2', 15_000)],
  ['DG3', randomFile('DG3', 400)],
  ['DG11', randomFile('DG11', 120)],
  ['DG12', randomFile('DG12', 60)], // present on the chip but not listed in COM
  ['DG14', randomFile('DG14', 300)],
  ['DG15', randomFile('DG15', 90)],
]);
/** what a default read returns: COM's data groups minus DG3 (EAC) */
const EXPECTED: LdsFileName[] = ['COM', 'SOD', 'DG1', 'DG2', 'DG11', 'DG14', 'DG15'];

function chip(opts: Partial<VirtualChipOptions> = {}, files = FILES): VirtualChip {
  return new VirtualChip({ files, mrzKey: MRZ_KEY, aaPrivateKey: aaKeys.privateKey, ...opts });
}

/** SELECT + 8-byte header + ceil((length − 8)/chunk) reads, or the header alone when it holds the file. */
function fileApdus(name: LdsFileName, chunk: number, select = 1): number {
  const len = FILES.get(name)!.length;
  return select + 1 + Math.max(0, Math.ceil((len - 8) / chunk));
}

describe('readPassport', () => {
  it('reads the files COM lists over BAC, byte exact, and runs AA with the caller challenge', async () => {
    const progress = new Map<LdsFileName, [number, number]>();
    const result = await readPassport(chip(), {
      key: MRZ_KEY,
      activeAuthenticationChallenge: CHALLENGE,
      onProgress: (file, read, total) => progress.set(file, [read, total]),
    });
    expect([...result.files.keys()]).toEqual(EXPECTED);
    for (const name of EXPECTED) expectSameBytes(result.files.get(name)!, FILES.get(name)!);
    for (const name of EXPECTED) expect(progress.get(name)).toEqual([FILES.get(name)!.length, FILES.get(name)!.length]);
    expect(result.activeAuthentication?.challenge).toEqual(CHALLENGE);
    const publicKey = new Uint8Array(aaKeys.publicKey.export({ type: 'spki', format: 'der' }));
    expect(() => verifyActiveAuthentication({ publicKey, challenge: CHALLENGE, signature: result.activeAuthentication!.signature })).not.toThrow();
  });

  it('uses the minimal number of APDUs for 231-byte protected reads', async () => {
    const result = await readPassport(chip(), { key: MRZ_KEY, activeAuthenticationChallenge: CHALLENGE });
    const reads = EXPECTED.reduce((n, f) => n + fileApdus(f, 231), 0);
    // SELECT app, GET CHALLENGE, MUTUAL AUTH; one refused extended probe (on SOD, the first file over 256 bytes); AA
    expect(result.apdus).toBe(3 + reads + 1 + 1);
  });

  it('by short file identifier: one APDU less per file', async () => {
    const sfi = await readPassport(chip(), { key: MRZ_KEY, useSfi: true });
    const reads = EXPECTED.reduce((n, f) => n + fileApdus(f, 231, 0), 0);
    expect(sfi.apdus).toBe(3 + reads + 1);
    for (const name of EXPECTED) expectSameBytes(sfi.files.get(name)!, FILES.get(name)!);
  });

  it('with extended length, each file is the header read plus one more', async () => {
    const result = await readPassport(chip({ extendedLength: true, maxResponseLength: 65535 }), { key: MRZ_KEY });
    const reads = EXPECTED.reduce((n, f) => n + fileApdus(f, 65_000), 0);
    expect(result.apdus).toBe(3 + reads);
    for (const name of EXPECTED) expectSameBytes(result.files.get(name)!, FILES.get(name)!);
  });

  it('a chip answering 6Cxx is read at the length it names, learned once for all files', async () => {
    const rec = new RecordingTransport(chip({ maxResponseLength: 0xdf, wrongLe: 'correct-le' }));
    const result = await readPassport(rec, { key: MRZ_KEY, maxRead: 256 });
    for (const name of EXPECTED) expectSameBytes(result.files.get(name)!, FILES.get(name)!);
    expect(rec.statusWords.filter((sw) => sw !== SW.OK)).toEqual([0x6cdf]);
    expect(result.apdus).toBe(3 + EXPECTED.reduce((n, f) => n + fileApdus(f, 0xdf), 0) + 1);
  });

  it('a chip answering 6700 to a long Le: the extended probe and one halving, then 115-byte reads', async () => {
    const rec = new RecordingTransport(chip({ maxResponseLength: 0x80 }));
    const result = await readPassport(rec, { key: MRZ_KEY });
    for (const name of EXPECTED) expectSameBytes(result.files.get(name)!, FILES.get(name)!);
    expect(rec.statusWords.filter((sw) => sw !== SW.OK)).toEqual([SW.WRONG_LENGTH, SW.WRONG_LENGTH]);
    expect(result.apdus).toBe(3 + EXPECTED.reduce((n, f) => n + fileApdus(f, 115), 0) + 2);
  });

  it('the modelled link time follows the bytes and APDUs counted', async () => {
    const c = chip({ latency: { perApduMs: 5, bitRate: 424_000 } });
    const r = await readPassport(c, { key: MRZ_KEY });
    expect(c.modelledMs).toBeCloseTo(r.apdus * 5 + ((8 * (r.bytesSent + r.bytesReceived)) / 424_000) * 1000, 6);
  });

  it('DG3 asked for by name answers 6982 and is skipped; no AA without a challenge', async () => {
    const result = await readPassport(chip(), { key: MRZ_KEY, files: ['COM', 'SOD', 'DG1', 'DG2', 'DG3', 'DG15'] });
    expect([...result.files.keys()]).toEqual(['COM', 'SOD', 'DG1', 'DG2', 'DG15']);
    expect(result.activeAuthentication).toBeUndefined();
  });

  it('a data group COM lists but the chip lacks is skipped; a missing SOD is fatal', async () => {
    const noDg14 = new Map(FILES);
    noDg14.delete('DG14');
    const r = await readPassport(chip({}, noDg14), { key: MRZ_KEY });
    expect(r.files.has('DG14')).toBe(false);
    const noSod = new Map(FILES);
    noSod.delete('SOD');
    const e = await readPassport(chip({}, noSod), { key: MRZ_KEY }).catch((x: unknown) => x);
    expect(isMrtdError(e, 'FILE_NOT_FOUND') && e.step === 'SELECT:SOD').toBe(true);
  });

  it('wrong MRZ key: BAC_FAILED', async () => {
    const e = await readPassport(chip(), { key: { ...MRZ_KEY, documentNumber: 'L898902D' } }).catch((x: unknown) => x);
    expect(isMrtdError(e, 'BAC_FAILED')).toBe(true);
  });

  it('a bit flipped on the link during DG2: SM_MAC_INVALID at READ_BINARY:DG2', async () => {
    const inner = chip();
    let dg2Started = false;
    let n = 0;
    const flipping: Transport = {
      async transceive(command) {
        const resp = await inner.transceive(command);
        if (dg2Started && ++n === 3) {
          const out = new Uint8Array(resp);
          out[10] = out[10]! ^ 1;
          return out;
        }
        return resp;
      },
    };
    const e = await readPassport(flipping, {
      key: MRZ_KEY,
      onProgress: (file) => {
        if (file === 'DG2') dg2Started = true;
      },
    }).catch((x: unknown) => x);
    expect(isMrtdError(e, 'SM_MAC_INVALID')).toBe(true);
    expect(isMrtdError(e) && e.step).toBe('READ_BINARY:DG2');
  });

  it('a COM without a tag list is LDS_MALFORMED', async () => {
    const bad = new Map(FILES);
    bad.set('COM', encodeTlv(0x60, encodeTlv(0x5f01, Uint8Array.of(0x30, 0x31, 0x30, 0x37))));
    const e = await readPassport(chip({}, bad), { key: MRZ_KEY }).catch((x: unknown) => x);
    expect(isMrtdError(e, 'LDS_MALFORMED')).toBe(true);
  });
});
