import { describe, it, expect } from 'vitest';
import { decodeCom, encodeCom, dataGroupNumberOfTag, decodeDg1, encodeDg1 } from '../src/lds/index.js';
import { fromHex, hex } from '../src/bytes.js';
import { codeOf } from './support/errors.js';


describe('EF.COM', () => {
  it('decodes a hand-built EF.COM (Doc 9303 Part 10 §4.6.1)', () => {
    // 60 16 | 5F01 04 "0107" | 5F36 06 "040000" | 5C 03 61 75 6F
    const file = fromHex('6015 5F0104 30313037 5F3606 303430303030 5C03 61756F');
    expect(decodeCom(file)).toEqual({ ldsVersion: '0107', unicodeVersion: '040000', tags: [0x61, 0x75, 0x6f] });
  });

  it('round-trips and writes the same bytes as the hand-built file', () => {
    const com = { ldsVersion: '0108', unicodeVersion: '040000', tags: [0x61, 0x75, 0x6b, 0x6c, 0x6e, 0x6f] };
    const file = encodeCom(com);
    expect(decodeCom(file)).toEqual(com);
    expect(hex(encodeCom({ ldsVersion: '0107', unicodeVersion: '040000', tags: [0x61, 0x75, 0x6f] }))).toBe(
      '60155F0104303130375F36063034303030305C0361756F',
    );
  });

  it('refuses a wrong outer tag, a missing element, bad digits and trailing bytes', () => {
    expect(codeOf(() => decodeCom(fromHex('6115 5F0104 30313037 5F3606 303430303030 5C03 61756F')))).toBe('TLV_MALFORMED');
    expect(codeOf(() => decodeCom(fromHex('600E 5F3606 303430303030 5C03 61756F')))).toBe('TLV_MALFORMED');
    expect(codeOf(() => decodeCom(fromHex('6015 5F0104 3031303A 5F3606 303430303030 5C03 61756F')))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeCom(fromHex('6015 5F0104 30313037 5F3606 303430303030 5C03 61756F 00')))).toBe('TLV_MALFORMED');
    expect(codeOf(() => encodeCom({ ldsVersion: '1.7', unicodeVersion: '040000', tags: [] }))).toBe('LDS_MALFORMED');
  });

  it('maps data group tags to numbers', () => {
    expect(dataGroupNumberOfTag(0x61)).toBe(1);
    expect(dataGroupNumberOfTag(0x75)).toBe(2);
    expect(dataGroupNumberOfTag(0x6b)).toBe(11);
    expect(dataGroupNumberOfTag(0x6e)).toBe(14);
    expect(dataGroupNumberOfTag(0x6f)).toBe(15);
    expect(dataGroupNumberOfTag(0x70)).toBe(16);
    expect(dataGroupNumberOfTag(0x60)).toBeUndefined(); // EF.COM is no data group
    expect(dataGroupNumberOfTag(0x77)).toBeUndefined();
    expect(dataGroupNumberOfTag(0x31)).toBeUndefined();
  });
});

// Specimen MRZs of ICAO Doc 9303 Part 4 Appendix A (TD3), Part 5 Appendix A (TD1), Part 6 Appendix A (TD2)
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

describe('DG1', () => {
  it.each([
    ['TD1', TD1, 90],
    ['TD2', TD2, 72],
    ['TD3', TD3, 88],
  ] as const)('round-trips a %s MRZ', (format, lines, length) => {
    const file = encodeDg1([...lines]);
    // 61 L 5F1F L' mrz: the MRZ itself is the only content
    expect(file[0]).toBe(0x61);
    expect(hex(file.subarray(file.length - length))).toBe(hex(new TextEncoder().encode(lines.join(''))));
    expect(decodeDg1(file)).toEqual({ format, lines: [...lines] });
  });

  it('decodes a hand-built TD3 DG1', () => {
    const mrz = hex(new TextEncoder().encode(TD3.join('')));
    const file = fromHex(`615B 5F1F58 ${mrz}`);
    expect(decodeDg1(file)).toEqual({ format: 'TD3', lines: TD3 });
  });

  it('refuses MRZs of no known length or with foreign characters', () => {
    expect(codeOf(() => decodeDg1(fromHex('6106 5F1F03 414243')))).toBe('LDS_MALFORMED');
    const lower = new TextEncoder().encode(TD3.join('').toLowerCase());
    expect(codeOf(() => decodeDg1(fromHex(`615B 5F1F58 ${hex(lower)}`)))).toBe('LDS_MALFORMED');
    const nul = new Uint8Array(88);
    expect(codeOf(() => decodeDg1(fromHex(`615B 5F1F58 ${hex(nul)}`)))).toBe('LDS_MALFORMED');
    expect(codeOf(() => encodeDg1([TD3[0]!]))).toBe('LDS_MALFORMED');
    expect(codeOf(() => encodeDg1([TD3[0]!, TD2[1]!]))).toBe('LDS_MALFORMED');
  });

  it('refuses a truncated DG1 with a TLV error', () => {
    const file = encodeDg1([...TD3]);
    expect(codeOf(() => decodeDg1(file.subarray(0, file.length - 1)))).toBe('TLV_TRUNCATED');
  });
});
