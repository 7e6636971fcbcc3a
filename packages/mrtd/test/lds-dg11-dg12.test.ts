import { describe, it, expect } from 'vitest';
import { decodeDg11, encodeDg11, decodeDg12, encodeDg12 } from '../src/lds/index.js';
import type { Dg11, Dg12 } from '../src/lds/index.js';
import { fromHex, hex } from '../src/bytes.js';
import { encodeTlv } from '../src/tlv.js';
import { codeOf } from './support/errors.js';


const text = (s: string) => new TextEncoder().encode(s);

describe('DG11', () => {
  const full: Dg11 = {
    fullName: 'SØRENSEN<<ÅSE<MARIE',
    otherNames: ['HANSEN<<ÅSE', 'JENSEN<<ÅSE<MARIE'],
    personalNumber: '010203-1234',
    fullDateOfBirth: '19740812',
    placeOfBirth: 'KØBENHAVN<DANMARK',
    permanentAddress: 'VESTERGADE 1<1456 KØBENHAVN K<DANMARK',
    telephone: '+4512345678',
    profession: 'INGENIØR',
    title: 'DR',
    personalSummary: 'Grå øjne',
    proofOfCitizenship: fromHex('FFD8FFE000104A464946'),
    otherValidTdNumbers: 'L898902C3<D23145890',
    custodyInformation: 'NONE',
  };

  it('round-trips every element, UTF-8 intact', () => {
    expect(decodeDg11(encodeDg11(full))).toEqual(full);
    expect(decodeDg11(encodeDg11({ fullName: 'A<<B' }))).toEqual({ fullName: 'A<<B' });
  });

  it('writes the tag list and the A0 template of Doc 9303 Part 10 §4.7.11', () => {
    const file = encodeDg11({ fullName: 'A<<B', otherNames: ['C<<D'], personalNumber: '12' });
    // 6B | 5C 06 5F0E 5F0F 5F10 | 5F0E 04 "A<<B" | A0 0A (02 01 01 | 5F0F 04 "C<<D") | 5F10 02 "12"
    expect(hex(file)).toBe(
      '6B20' + '5C065F0E5F0F5F10' + '5F0E04' + hex(text('A<<B')) + 'A00A0201015F0F04' + hex(text('C<<D')) + '5F1002' + hex(text('12')),
    );
  });

  it('reads other names written without the A0 template, and packed-BCD dates', () => {
    const file = encodeTlv(
      0x6b,
      fromHex('5C065F0F5F0F5F2B'),
      encodeTlv(0x5f0f, text('X<<Y')),
      encodeTlv(0x5f0f, text('Z<<W')),
      encodeTlv(0x5f2b, fromHex('19740812')),
    );
    expect(decodeDg11(file)).toEqual({ otherNames: ['X<<Y', 'Z<<W'], fullDateOfBirth: '19740812' });
  });

  it('skips unknown elements but refuses invalid UTF-8, duplicates, wrong counts and a missing tag list', () => {
    expect(decodeDg11(encodeTlv(0x6b, fromHex('5C00'), fromHex('5F7F0100')))).toEqual({});
    expect(codeOf(() => decodeDg11(encodeTlv(0x6b, fromHex('5C025F0E'), fromHex('5F0E02C328'))))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeDg11(encodeTlv(0x6b, fromHex('5C025F0E'), fromHex('5F0E0141 5F0E0142'))))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeDg11(encodeTlv(0x6b, fromHex('5C025F0F'), fromHex('A007 020102 5F0F0141'))))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeDg11(encodeTlv(0x6b, fromHex('5F0E0141'))))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeDg11(encodeTlv(0x6c, fromHex('5C00'))))).toBe('TLV_MALFORMED');
  });
});

describe('DG12', () => {
  const full: Dg12 = {
    issuingAuthority: 'RIGSPOLITIET',
    dateOfIssue: '20240115',
    namesOfOtherPersons: ['SØRENSEN<<BARN'],
    endorsementsAndObservations: 'NONE',
    taxOrExitRequirements: 'NONE',
    imageOfFront: fromHex('FFD8FF01'),
    imageOfRear: fromHex('FFD8FF02'),
    dateAndTimeOfPersonalization: '20240115093000',
    personalizationSystemSerialNumber: 'PS-0042',
  };

  it('round-trips every element', () => {
    expect(decodeDg12(encodeDg12(full))).toEqual(full);
    expect(decodeDg12(encodeDg12({}))).toEqual({});
  });

  it('unpacks BCD dates some chips write', () => {
    const file = encodeTlv(0x6c, fromHex('5C045F265F55'), fromHex('5F2604 20240115'), fromHex('5F5507 20240115093000'));
    expect(decodeDg12(file)).toEqual({ dateOfIssue: '20240115', dateAndTimeOfPersonalization: '20240115093000' });
  });
});
