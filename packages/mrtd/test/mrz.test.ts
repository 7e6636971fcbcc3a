/**
 * MRZ parsing against the published examples of ICAO Doc 9303 (8th edition):
 * Part 3 Appendix A (check digit worked examples), the specimen MRZs of Part 4 (TD3),
 * Part 5 (TD1) and Part 6 (TD2), and Part 11 Appendix D.2 (the BAC key seed input).
 */
import { describe, expect, it } from 'vitest';
import { checkDigit, formatTd3, mrzInformation, mrzKeyFromMrz, parseMrz } from '../src/mrz/index.js';

// Doc 9303 Part 4: the specimen TD3 data page of Utopia
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
// Doc 9303 Part 5: the specimen TD1
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
// Doc 9303 Part 6: the specimen TD2
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];

describe('check digits: Doc 9303 Part 3 Appendix A', () => {
  it('Example 1: date 27 July 1952 (520727) has check digit 3', () => {
    expect(checkDigit('520727')).toBe(3);
  });

  it('Example 2: document number AB2134<<< has check digit 5', () => {
    expect(checkDigit('AB2134<<<')).toBe(5);
  });

  it('Example 3: TD3 lower line HA672242<6YTO5802254M9601086<<<<<<<<<<<<<<0 has composite 8', () => {
    const line = 'HA672242<6YTO5802254M9601086<<<<<<<<<<<<<<08';
    expect(checkDigit(line.slice(0, 10) + line.slice(13, 20) + line.slice(21, 43))).toBe(8);
    const mrz = parseMrz(['P<YTOX<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<', line]);
    expect(mrz).toMatchObject({ documentNumber: 'HA672242', dateOfBirth: '580225', dateOfExpiry: '960108', sex: 'M', optionalData: '' });
  });

  it('Example 4: TD1 upper and middle lines have composite 2', () => {
    const upper = 'I<YTOD231458907<<<<<<<<<<<<<<<';
    const middle = '3407127M9507122YTO<<<<<<<<<<<2';
    expect(checkDigit(upper.slice(5, 30) + middle.slice(0, 7) + middle.slice(8, 15) + middle.slice(18, 29))).toBe(2);
    const mrz = parseMrz([upper, middle, 'X<<Y<<<<<<<<<<<<<<<<<<<<<<<<<<']);
    expect(mrz).toMatchObject({ format: 'TD1', issuingState: 'YTO', documentNumber: 'D23145890', dateOfBirth: '340712' });
  });

  it('Example 5: TD2 lower line has composite 8', () => {
    const line = 'HA672242<6YTO5802254M9601086<<<<<<<8';
    expect(checkDigit(line.slice(0, 10) + line.slice(13, 20) + line.slice(21, 35))).toBe(8);
    expect(parseMrz(['I<YTOX<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<', line]).format).toBe('TD2');
  });

  it('refuses characters outside the MRZ set', () => {
    expect(() => checkDigit('ab')).toThrow(RangeError);
  });
});

describe('specimen MRZs', () => {
  it('TD3 (Part 4), with the ICAO specimen state UTO accepted', () => {
    expect(parseMrz(TD3)).toEqual({
      format: 'TD3',
      lines: TD3,
      documentCode: 'P',
      issuingState: 'UTO',
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      dateOfBirth: '740812',
      sex: 'F',
      dateOfExpiry: '120415',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      optionalData: 'ZE184226B',
    });
  });

  it('TD1 (Part 5)', () => {
    expect(parseMrz(TD1)).toEqual({
      format: 'TD1',
      lines: TD1,
      documentCode: 'I',
      issuingState: 'UTO',
      documentNumber: 'D23145890',
      nationality: 'UTO',
      dateOfBirth: '740812',
      sex: 'F',
      dateOfExpiry: '120415',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      optionalData: '',
      optionalData2: '',
    });
  });

  it('TD2 (Part 6)', () => {
    const mrz = parseMrz(TD2);
    expect(mrz).toMatchObject({ format: 'TD2', documentNumber: 'D23145890', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', dateOfExpiry: '120415' });
    expect(mrz.optionalData2).toBeUndefined();
  });

  it('accepts text with newlines, CRLF, spaces around, and the concatenated form of EF.DG1', () => {
    for (const text of [`  ${TD3[0]}\r\n${TD3[1]}\n`, `${TD3[0]} ${TD3[1]}`, TD3.join(''), ` ${TD1.join('')} `, TD2.join('')]) {
      expect(parseMrz(text).documentNumber).toMatch(/^(L898902C3|D23145890)$/);
    }
    expect(parseMrz([` ${TD2[0]} `, `${TD2[1]}\n`]).format).toBe('TD2');
  });

  it('reads one- and two-letter codes padded with fillers (Doc 9303 Part 3 §5: D for Germany)', () => {
    const [l1, l2] = formatTd3({ issuingState: 'D', surname: 'Mustermann', givenNames: 'Erika', documentNumber: 'C01X00T47', nationality: 'D', dateOfBirth: '640812', sex: 'F', dateOfExpiry: '310131' });
    expect(l1.slice(0, 5)).toBe('P<D<<');
    expect(l2.slice(10, 13)).toBe('D<<');
    expect(parseMrz([l1, l2])).toMatchObject({ issuingState: 'D', nationality: 'D' });
  });

  it("reads '<' and 'X' in the sex position as X", () => {
    const [l1, l2] = formatTd3({ issuingState: 'UTO', surname: 'A', givenNames: 'B', documentNumber: 'X1', nationality: 'UTO', dateOfBirth: '900101', sex: 'X', dateOfExpiry: '300101' });
    expect(l2.charAt(20)).toBe('<');
    expect(parseMrz([l1, l2]).sex).toBe('X');
    expect(parseMrz([l1, `${l2.slice(0, 20)}X${l2.slice(21)}`]).sex).toBe('X'); // the sex is outside every check digit
  });

  it("accepts an unknown part of the birth date as '<<' (Part 3 §4.8)", () => {
    const [l1, l2] = formatTd3({ issuingState: 'UTO', surname: 'A', givenNames: '', documentNumber: 'X1', nationality: 'UTO', dateOfBirth: '74<<<<', sex: 'M', dateOfExpiry: '300101' });
    expect(parseMrz([l1, l2]).dateOfBirth).toBe('74<<<<');
  });
});

describe('long document numbers (Doc 9303 Part 5 for TD1, Part 6 for TD2)', () => {
  // A 12-character number: 9 characters in the number field, '<' as its check digit, the
  // remaining 3 plus the check digit over all 12 at the start of the optional data.
  const number = 'D23145890734';
  const digit = checkDigit(number);
  const upper = `I<UTO${number.slice(0, 9)}<${number.slice(9)}${digit}<AB12<<<<<<`;
  const middleData = '7408122F1204159UTO<<<<<<<<<<<';

  it('joins the number with its continuation and checks the digit over the whole number', () => {
    expect(upper).toHaveLength(30);
    const composite = checkDigit(upper.slice(5) + middleData.slice(0, 7) + middleData.slice(8, 15) + middleData.slice(18, 29));
    const mrz = parseMrz([upper, `${middleData}${composite}`, TD1[2]!]);
    expect(mrz.documentNumber).toBe(number);
    expect(mrz.optionalData).toBe('AB12');
    expect(mrzInformation(mrzKeyFromMrz(mrz))).toBe(`${number}${digit}7408122` + '1204159');
  });

  it('TD2 uses the same rule in its optional data', () => {
    const lower0 = `${number.slice(0, 9)}<UTO7408122F1204159${number.slice(9)}${digit}<<<`;
    const composite = checkDigit(lower0.slice(0, 10) + lower0.slice(13, 20) + lower0.slice(21, 35));
    const mrz = parseMrz([TD2[0]!, `${lower0}${composite}`]);
    expect(mrz.documentNumber).toBe(number);
    expect(mrz.optionalData).toBe('');
  });
});

describe('access key (Doc 9303 Part 11 Appendix D.2)', () => {
  it('MRZ_information of document L898902C<, birth 690806, expiry 940623', () => {
    expect(mrzInformation({ documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' })).toBe('L898902C<369080619406236');
  });

  it('derives the same MRZ_information from a parsed MRZ carrying those fields', () => {
    const lines = formatTd3({ issuingState: 'UTO', surname: 'Smith', givenNames: 'John', documentNumber: 'L898902C', nationality: 'UTO', dateOfBirth: '690806', sex: 'M', dateOfExpiry: '940623' });
    const key = mrzKeyFromMrz(parseMrz(lines));
    expect(key).toEqual({ documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' });
    expect(mrzInformation(key)).toBe('L898902C<369080619406236');
  });

  it('for the TD3 specimen', () => {
    expect(mrzInformation(mrzKeyFromMrz(parseMrz(TD3)))).toBe('L898902C3' + '6' + '740812' + '2' + '120415' + '9');
  });
});

describe('formatTd3', () => {
  it('rebuilds the Part 4 specimen from its VIZ data, transliterating í and uppercasing', () => {
    expect(
      formatTd3({ issuingState: 'uto', surname: 'Eriksson', givenNames: 'Anna María', documentNumber: 'L898902C3', nationality: 'UTO', dateOfBirth: '740812', sex: 'F', dateOfExpiry: '120415', optionalData: 'ZE184226B' }),
    ).toEqual(TD3);
  });

  it('rebuilds the lower line of Part 3 Appendix A Example 3 (unused personal number, check digit 0)', () => {
    const [, l2] = formatTd3({ issuingState: 'YTO', surname: 'X', givenNames: '', documentNumber: 'HA672242', nationality: 'YTO', dateOfBirth: '580225', sex: 'M', dateOfExpiry: '960108' });
    expect(l2).toBe('HA672242<6YTO5802254M9601086<<<<<<<<<<<<<<08');
  });

  it('applies the punctuation rules of Part 3 §4.6 and the transliteration tables of §6', () => {
    const name = (surname: string, givenNames: string) =>
      formatTd3({ issuingState: 'DNK', surname, givenNames, documentNumber: '1', nationality: 'DNK', dateOfBirth: '800101', sex: 'F', dateOfExpiry: '300101' })[0].slice(5).replace(/<+$/, '');
    expect(name("D'Artagnan", 'Marie-Elise')).toBe('DARTAGNAN<<MARIE<ELISE');
    expect(name('Ørsted Ærø', 'Åse Jürgen')).toBe('OERSTED<AEROE<<AASE<JUERGEN');
    expect(name('Straße', 'Łukasz Çelik')).toBe('STRASSE<<LUKASZ<CELIK');
    expect(name('Иванов', 'Пётр')).toBe('IVANOV<<PETR');
    expect(name('  Smith  ', '  Jr.  ')).toBe('SMITH<<JR');
  });

  it('truncates the secondary identifier first, then the primary (Doc 9303 Part 4)', () => {
    const line1 = (surname: string, givenNames: string) =>
      formatTd3({ issuingState: 'UTO', surname, givenNames, documentNumber: '1', nationality: 'UTO', dateOfBirth: '800101', sex: 'M', dateOfExpiry: '300101' })[0];
    const long = line1('Nilavadhanananda', 'Chayapa Dejthamrong Krasuang');
    expect(long).toHaveLength(44);
    expect(long.slice(5)).toBe('NILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K');
    const huge = line1('A'.repeat(45), 'Bob');
    expect(huge.slice(5)).toBe('A'.repeat(39));
    expect(parseMrz([huge, formatTd3({ issuingState: 'UTO', surname: 'A'.repeat(45), givenNames: 'Bob', documentNumber: '1', nationality: 'UTO', dateOfBirth: '800101', sex: 'M', dateOfExpiry: '300101' })[1]]).givenNames).toBe('');
  });

  it('round-trips through parseMrz', () => {
    const fields = { documentCode: 'PO', issuingState: 'DNK', surname: 'Hansen', givenNames: 'Mette Louise', documentNumber: 'AB1234567', nationality: 'DNK', dateOfBirth: '991231', sex: 'F' as const, dateOfExpiry: '350630', optionalData: '311299 1234' };
    const mrz = parseMrz(formatTd3(fields));
    expect(mrz).toMatchObject({ documentCode: 'PO', issuingState: 'DNK', surname: 'HANSEN', givenNames: 'METTE LOUISE', documentNumber: 'AB1234567', optionalData: '311299<1234' });
  });
});
