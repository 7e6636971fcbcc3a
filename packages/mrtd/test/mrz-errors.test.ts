/**
 * Every way an MRZ is refused, the acceptance policy, the date readings, and property tests:
 * whatever goes into parseMrz, only an Mrz or an MrtdError comes out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MrtdError } from '../src/errors.js';
import type { MrtdErrorCode } from '../src/errors.js';
import { birthDate, checkDigit, checkMrzPolicy, expiryDate, formatTd3, parseMrz } from '../src/mrz/index.js';

// specimens of Doc 9303 Part 4 (TD3), Part 5 (TD1) and Part 6 (TD2)
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];

function caught(f: () => unknown): MrtdError {
  try {
    f();
  } catch (e) {
    if (e instanceof MrtdError) return e;
    throw new Error(`expected an MrtdError, got ${String(e)}`);
  }
  throw new Error('expected an MrtdError, nothing was thrown');
}

function expectError(f: () => unknown, code: MrtdErrorCode, message?: RegExp): void {
  const e = caught(f);
  expect(e.code).toBe(code);
  if (message) expect(e.message).toMatch(message);
}

function setChar(lines: string[], line: number, pos: number, c: string): string[] {
  return lines.map((l, i) => (i === line ? l.slice(0, pos) + c + l.slice(pos + 1) : l));
}

/** A digit other than the one at that position. */
function otherDigit(lines: string[], line: number, pos: number): string {
  return String((Number(lines[line]!.charAt(pos)) + 1) % 10);
}

/** TD3 lower line with correct check digits around the given raw fields (to test field syntax alone). */
function td3Lower(number: string, nationality: string, birth: string, sex: string, expiry: string, personal = '<'.repeat(14)): string {
  const n = `${number}${checkDigit(number)}`;
  const b = `${birth}${checkDigit(birth)}`;
  const e = `${expiry}${checkDigit(expiry)}`;
  const p = `${personal}${checkDigit(personal)}`;
  return `${n}${nationality}${b}${sex}${e}${p}${checkDigit(n + b + e + p)}`;
}

describe('check digits: each one wrong is MRZ_CHECK_DIGIT naming the field', () => {
  const cases: Array<[string, string[], number, number, RegExp]> = [
    ['TD3 document number', TD3, 1, 9, /document number/],
    ['TD3 birth date', TD3, 1, 19, /date of birth/],
    ['TD3 expiry date', TD3, 1, 27, /date of expiry/],
    ['TD3 personal number', TD3, 1, 42, /personal number/],
    ['TD3 composite', TD3, 1, 43, /composite/],
    ['TD2 document number', TD2, 1, 9, /document number/],
    ['TD2 birth date', TD2, 1, 19, /date of birth/],
    ['TD2 expiry date', TD2, 1, 27, /date of expiry/],
    ['TD2 composite', TD2, 1, 35, /composite/],
    ['TD1 document number', TD1, 0, 14, /document number/],
    ['TD1 birth date', TD1, 1, 6, /date of birth/],
    ['TD1 expiry date', TD1, 1, 14, /date of expiry/],
    ['TD1 composite', TD1, 1, 29, /composite/],
  ];
  for (const [name, lines, line, pos, message] of cases) {
    it(name, () => {
      expectError(() => parseMrz(setChar(lines, line, pos, otherDigit(lines, line, pos))), 'MRZ_CHECK_DIGIT', message);
      expectError(() => parseMrz(setChar(lines, line, pos, 'A')), 'MRZ_CHECK_DIGIT', message);
    });
  }

  it('a changed data character is caught by its field check digit before the composite', () => {
    expectError(() => parseMrz(setChar(TD3, 1, 3, '9')), 'MRZ_CHECK_DIGIT', /document number/);
    expectError(() => parseMrz(setChar(TD3, 1, 18, '3')), 'MRZ_CHECK_DIGIT', /date of birth/);
    expectError(() => parseMrz(setChar(TD3, 1, 26, '6')), 'MRZ_CHECK_DIGIT', /date of expiry/);
    expectError(() => parseMrz(setChar(TD3, 1, 30, 'X')), 'MRZ_CHECK_DIGIT', /personal number/);
    expectError(() => parseMrz(setChar(TD1, 0, 20, 'X')), 'MRZ_CHECK_DIGIT', /composite/); // TD1 optional data: composite only
    expectError(() => parseMrz(setChar(TD2, 1, 30, 'X')), 'MRZ_CHECK_DIGIT', /composite/);
  });

  it('an unused personal number takes 0 or < as its check digit, nothing else', () => {
    const [l1] = TD3;
    const lower = td3Lower('L898902C3', 'UTO', '740812', 'F', '120415');
    expect(lower.charAt(42)).toBe('0');
    expect(parseMrz([l1!, lower]).optionalData).toBe('');
    const withFiller = `${lower.slice(0, 42)}<${lower.charAt(43)}`; // '<' and '0' weigh the same in the composite
    expect(parseMrz([l1!, withFiller]).optionalData).toBe('');
    expectError(() => parseMrz([l1!, `${lower.slice(0, 42)}1${lower.charAt(43)}`]), 'MRZ_CHECK_DIGIT', /personal number/);
  });

  it('a long TD1 document number without its check digit, or with a wrong one', () => {
    const upper = (optional: string) => `I<UTOD23145890<${optional}`.padEnd(30, '<');
    const middle = (u: string) => {
      const m = '7408122F1204159UTO<<<<<<<<<<<';
      return m + checkDigit(u.slice(5) + m.slice(0, 7) + m.slice(8, 15) + m.slice(18, 29));
    };
    for (const [optional, message] of [
      ['7348', /document number check digit is 8/],
      ['', /document number check digit missing/],
      ['7', /document number check digit missing/],
    ] as const) {
      const u = upper(optional);
      expectError(() => parseMrz([u, middle(u), TD1[2]!]), 'MRZ_CHECK_DIGIT', message);
    }
    // a filler check digit after a short number is just a missing digit; TD3 has no long numbers
    expectError(() => parseMrz(setChar(setChar(TD1, 0, 13, '<'), 0, 14, '<')), 'MRZ_CHECK_DIGIT', /document number/);
    expectError(() => parseMrz(setChar(TD3, 1, 9, '<')), 'MRZ_CHECK_DIGIT', /document number/);
  });

  it('every substitution the 7-3-1 scheme can see is refused in the protected data of the TD3 specimen', () => {
    // Part 3 §4.9: values are 0-9, A-Z = 10-35, '<' = 0, and weights 7, 3, 1 are prime to 10, so a
    // single substitution is detectable exactly when the two values differ modulo 10 (L=21 and B=11 do not).
    const value = (c: string) => (c === '<' ? 0 : parseInt(c, 36));
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';
    const protectedPositions = [...Array(44).keys()].filter((p) => !(p >= 10 && p <= 12) && p !== 20);
    let refused = 0;
    for (const pos of protectedPositions) {
      const original = TD3[1]!.charAt(pos);
      for (const c of alphabet) {
        if (value(c) % 10 === value(original) % 10) continue;
        caught(() => parseMrz(setChar(TD3, 1, pos, c)));
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(1200);
  });
});

describe('format errors are MRZ_FORMAT', () => {
  it('wrong number of lines or line lengths', () => {
    expectError(() => parseMrz(''), 'MRZ_FORMAT', /none of TD1/);
    expectError(() => parseMrz([]), 'MRZ_FORMAT');
    expectError(() => parseMrz([TD3[0]!]), 'MRZ_FORMAT');
    expectError(() => parseMrz([TD3[0]!, TD3[1]!, TD3[1]!]), 'MRZ_FORMAT');
    expectError(() => parseMrz([TD3[0]!.slice(0, 43), TD3[1]!]), 'MRZ_FORMAT', /2 line\(s\) of 43\+44/);
    expectError(() => parseMrz([TD3[0]!, `${TD3[1]!}<`]), 'MRZ_FORMAT');
    expectError(() => parseMrz([TD1[0]!, TD1[1]!]), 'MRZ_FORMAT');
    expectError(() => parseMrz([TD2[0]!, TD2[1]!.slice(0, 30), TD1[2]!]), 'MRZ_FORMAT');
    expectError(() => parseMrz(TD3.join('').slice(1)), 'MRZ_FORMAT');
  });

  it('characters outside A-Z, 0-9 and <', () => {
    expectError(() => parseMrz(TD3.map((l) => l.toLowerCase())), 'MRZ_FORMAT', /line 1 .* position 1/);
    expectError(() => parseMrz(setChar(TD3, 1, 5, '!')), 'MRZ_FORMAT', /line 2 .* position 6/);
    expectError(() => parseMrz(setChar(TD1, 2, 0, 'É')), 'MRZ_FORMAT', /line 3/);
    expectError(() => parseMrz(setChar(TD3, 0, 7, '\u0000')), 'MRZ_FORMAT');
  });

  it('non-string input', () => {
    expectError(() => parseMrz(42 as unknown as string), 'MRZ_FORMAT');
    expectError(() => parseMrz([TD3[0]!, 7] as unknown as string[]), 'MRZ_FORMAT');
  });

  it('document codes: TD3 starts with P, TD1/TD2 with A, C or I', () => {
    expectError(() => parseMrz(setChar(TD3, 0, 0, 'I')), 'MRZ_FORMAT', /Document code/);
    expectError(() => parseMrz(setChar(TD1, 0, 0, 'P')), 'MRZ_FORMAT', /Document code/);
    expectError(() => parseMrz(setChar(TD2, 0, 0, 'V')), 'MRZ_FORMAT', /Document code/);
  });

  it('issuing state and nationality must be letter codes', () => {
    expectError(() => parseMrz(setChar(TD3, 0, 3, '1')), 'MRZ_FORMAT', /issuing state/);
    expectError(() => parseMrz(setChar(TD3, 0, 2, '<')), 'MRZ_FORMAT', /issuing state/);
    expectError(() => parseMrz([TD3[0]!, td3Lower('L898902C3', 'U<O', '740812', 'F', '120415')]), 'MRZ_FORMAT', /nationality/);
  });

  it('dates must be calendar dates', () => {
    expectError(() => parseMrz([TD3[0]!, td3Lower('L898902C3', 'UTO', '741312', 'F', '120415')]), 'MRZ_FORMAT', /date of birth/);
    expectError(() => parseMrz([TD3[0]!, td3Lower('L898902C3', 'UTO', '750229', 'F', '120415')]), 'MRZ_FORMAT', /date of birth/);
    expectError(() => parseMrz([TD3[0]!, td3Lower('L898902C3', 'UTO', '74<812', 'F', '120415')]), 'MRZ_FORMAT', /date of birth/);
    expectError(() => parseMrz([TD3[0]!, td3Lower('L898902C3', 'UTO', '740812', 'F', '120431')]), 'MRZ_FORMAT', /date of expiry/);
    expectError(() => parseMrz([TD3[0]!, td3Lower('L898902C3', 'UTO', '740812', 'F', '12<<15')]), 'MRZ_FORMAT', /date of expiry/);
    // 29 February 2000 exists (birth year 00), 29 February 2023 does not
    expect(parseMrz([TD3[0]!, td3Lower('L898902C3', 'UTO', '000229', 'F', '280229')]).dateOfBirth).toBe('000229');
    expectError(() => parseMrz([TD3[0]!, td3Lower('L898902C3', 'UTO', '740812', 'F', '230229')]), 'MRZ_FORMAT', /date of expiry/);
  });

  it('sex must be M, F, X or <', () => {
    expectError(() => parseMrz([TD3[0]!, td3Lower('L898902C3', 'UTO', '740812', 'Q', '120415')]), 'MRZ_FORMAT', /sex/);
  });

  it('names: letters and fillers only, with a primary identifier', () => {
    expectError(() => parseMrz(setChar(TD3, 0, 6, '5')), 'MRZ_FORMAT', /name/i);
    expectError(() => parseMrz([`P<UTO${'<'.repeat(39)}`, TD3[1]!]), 'MRZ_FORMAT', /name/i);
  });

  it('an empty document number', () => {
    expectError(() => parseMrz([TD3[0]!, td3Lower('<<<<<<<<<', 'UTO', '740812', 'F', '120415')]), 'MRZ_FORMAT', /document number/);
  });
});

describe('formatTd3 refuses what it cannot write', () => {
  const base = { issuingState: 'UTO', surname: 'Eriksson', givenNames: 'Anna', documentNumber: 'L898902C3', nationality: 'UTO', dateOfBirth: '740812', sex: 'F' as const, dateOfExpiry: '120415' };
  const cases: Array<[string, Partial<Parameters<typeof formatTd3>[0]>, RegExp]> = [
    ['document number too long', { documentNumber: 'L898902C34' }, /document number/],
    ['document number with punctuation', { documentNumber: 'L89-8902' }, /document number/],
    ['empty surname', { surname: " '- " }, /surname/],
    ['digits in a name', { givenNames: 'Anna 2' }, /given names .* digits/],
    ['untransliterable name', { surname: '李' }, /surname/],
    ['state code with a digit', { issuingState: 'U1O' }, /issuing state/],
    ['state code too long', { nationality: 'UTOP' }, /nationality/],
    ['birth date not a date', { dateOfBirth: '741312' }, /date of birth/],
    ['expiry date wrong length', { dateOfExpiry: '20120415' }, /date of expiry/],
    ['personal number too long', { optionalData: 'A'.repeat(15) }, /optional data/],
    ['document code not P', { documentCode: 'I' }, /document code/],
    ['sex outside M/F/X', { sex: 'Q' as 'M' }, /sex/],
  ];
  for (const [name, change, message] of cases) {
    it(name, () => expectError(() => formatTd3({ ...base, ...change }), 'MRZ_FORMAT', message));
  }
});

describe('policy', () => {
  const mrz = parseMrz(TD3); // expires 15 April 2012
  const policy = (now: string, allowedIssuers = ['UTO']) => ({ now: new Date(now), allowedIssuers });

  it('accepts through the whole expiry day (UTC) and refuses from the next day', () => {
    expect(() => checkMrzPolicy(mrz, policy('2012-04-15T23:59:59.999Z'))).not.toThrow();
    expectError(() => checkMrzPolicy(mrz, policy('2012-04-16T00:00:00Z')), 'MRZ_EXPIRED');
    expectError(() => checkMrzPolicy(mrz, policy('2026-11-25T10:00:00Z')), 'MRZ_EXPIRED');
  });

  it('refuses an issuing State outside the allowed list', () => {
    expectError(() => checkMrzPolicy(mrz, policy('2010-01-01T00:00:00Z', ['DNK', 'D'])), 'MRZ_ISSUER_NOT_ALLOWED', /UTO/);
    expectError(() => checkMrzPolicy(mrz, policy('2010-01-01T00:00:00Z', [])), 'MRZ_ISSUER_NOT_ALLOWED');
    expect(() => checkMrzPolicy(mrz, policy('2010-01-01T00:00:00Z', ['dnk', 'uto']))).not.toThrow();
  });

  it("matches one-letter codes with or without their fillers ('D' and 'D<<')", () => {
    const german = parseMrz(formatTd3({ issuingState: 'D', surname: 'Mustermann', givenNames: 'Erika', documentNumber: 'C01X00T47', nationality: 'D', dateOfBirth: '640812', sex: 'F', dateOfExpiry: '310131' }));
    expect(() => checkMrzPolicy(german, policy('2026-01-01T00:00:00Z', ['D<<']))).not.toThrow();
    expect(() => checkMrzPolicy(german, policy('2026-01-01T00:00:00Z', ['D']))).not.toThrow();
    expectError(() => checkMrzPolicy(german, policy('2026-01-01T00:00:00Z', ['DEU'])), 'MRZ_ISSUER_NOT_ALLOWED');
  });
});

describe('dates', () => {
  const now = new Date('2026-11-25T10:00:00Z');

  it('expiry is always 20YY at UTC midnight', () => {
    expect(expiryDate('120415').toISOString()).toBe('2012-04-15T00:00:00.000Z');
    expect(expiryDate('991231').toISOString()).toBe('2099-12-31T00:00:00.000Z');
    expect(expiryDate('280229').toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('birth takes the latest century that is not in the future', () => {
    expect(birthDate('740812', now).toISOString()).toBe('1974-08-12T00:00:00.000Z');
    expect(birthDate('100101', now).toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(birthDate('261125', now).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(birthDate('261126', now).toISOString()).toBe('1926-11-26T00:00:00.000Z');
    expect(birthDate('000229', now).toISOString()).toBe('2000-02-29T00:00:00.000Z');
    // 29 Feb of year 00 lies in the future only before 2000: then 1900 has no such day
    expectError(() => birthDate('000229', new Date('1999-01-01T00:00:00Z')), 'MRZ_FORMAT');
  });

  it('refuses what is not a date', () => {
    for (const bad of ['', '12041', '1204150', '121315', '120400', '230229', 'AB0101']) expectError(() => expiryDate(bad), 'MRZ_FORMAT');
    for (const bad of ['74<<<<', '740832', '7408']) expectError(() => birthDate(bad, now), 'MRZ_FORMAT');
  });
});

describe('property: parseMrz only ever returns an Mrz or throws MrtdError', () => {
  const specimens = [TD3, TD1, TD2];
  const mrzChar = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<<<<<<'.split(''));
  // MRZ characters plus what must be refused or skipped: whitespace, lowercase, diacritics, control, non-BMP
  const anyChar = fc.oneof(mrzChar, fc.constantFrom(' ', '\n', '\r', '\t', 'a', 'é', 'É', '\u0000', '李', '😀'));
  const onlyMrtdError = (input: string | string[]) => {
    try {
      const m = parseMrz(input);
      expect(['TD1', 'TD2', 'TD3']).toContain(m.format);
    } catch (e) {
      if (!(e instanceof MrtdError)) throw e;
      expect(['MRZ_FORMAT', 'MRZ_CHECK_DIGIT']).toContain(e.code);
    }
  };

  it('arbitrary strings and arrays', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), onlyMrtdError), { numRuns: 400 });
    fc.assert(fc.property(fc.array(fc.string({ unit: anyChar, maxLength: 50 }), { maxLength: 4 }), onlyMrtdError), { numRuns: 300 });
  });

  it('lines of the right shape filled with MRZ characters', () => {
    const shaped = fc.constantFrom([3, 30], [2, 36], [2, 44]).chain(([n, len]) => fc.array(fc.string({ unit: mrzChar, minLength: len!, maxLength: len! }), { minLength: n!, maxLength: n! }));
    fc.assert(fc.property(shaped, onlyMrtdError), { numRuns: 500 });
  });

  it('mutated specimens: substitutions, insertions and deletions', () => {
    const mutated = fc.tuple(fc.constantFrom(...specimens), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 2 }), anyChar), { minLength: 1, maxLength: 4 })).map(([lines, edits]) => {
      const out = [...lines];
      for (const [li, pos, kind, c] of edits) {
        const i = li % out.length;
        const l = out[i]!;
        const p = pos % (l.length + 1);
        out[i] = kind === 0 ? l.slice(0, p) + c + l.slice(p + 1) : kind === 1 ? l.slice(0, p) + c + l.slice(p) : l.slice(0, p) + l.slice(p + 1);
      }
      return out;
    });
    fc.assert(
      fc.property(mutated, (lines) => {
        onlyMrtdError(lines);
        onlyMrtdError(lines.join('\n'));
      }),
      { numRuns: 500 },
    );
  });

  it('formatTd3 output always parses back to the same key fields', () => {
    const letters = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ '.split('')), minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
    const yymmdd = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(2, 10).replace(/-/g, ''));
    fc.assert(
      fc.property(letters, letters, fc.stringMatching(/^[A-Z0-9]{1,9}$/), yymmdd, yymmdd, fc.constantFrom('M' as const, 'F' as const, 'X' as const), fc.stringMatching(/^[A-Z0-9<]{0,14}$/), (surname, givenNames, documentNumber, dateOfBirth, dateOfExpiry, sex, optionalData) => {
        const mrz = parseMrz(formatTd3({ issuingState: 'UTO', nationality: 'DNK', surname, givenNames, documentNumber, dateOfBirth, dateOfExpiry, sex, optionalData }));
        expect(mrz).toMatchObject({ documentNumber, dateOfBirth, dateOfExpiry, sex, issuingState: 'UTO', nationality: 'DNK', optionalData: optionalData.replace(/<+$/, '') });
        expect(mrz.surname).toBe(surname.trim().split(/\s+/).join(' ').slice(0, 39).trim());
      }),
      { numRuns: 200 },
    );
  });
});
