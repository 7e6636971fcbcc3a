import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkUserIdRules, userIdKey } from '../src/identity/user-id-rules.js';
import { newPhoneCode, normalisePhone } from '../src/identity/phone.js';
import { isApiError } from '../src/errors.js';

const codeOf = (userId: string, personNumber = '010180-1234') => {
  try {
    checkUserIdRules(userId, personNumber);
    return 'OK';
  } catch (e) {
    if (isApiError(e)) return e.code;
    throw e;
  }
};

describe('user-ID rules (issue 3 §7)', () => {
  it.each([
    ['anna5', 'OK'],
    ['a'.repeat(48), 'OK'],
    ['ÆØÅ æøå {}!#$^,*()_+-=:;?.@', 'OK'],
    ['123456789 x', 'OK'],
    ['abcd', 'USER_ID_TOO_SHORT'],
    ['a'.repeat(49), 'USER_ID_TOO_LONG'],
    ['anna~jensen', 'USER_ID_INVALID_CHARACTER'],
    ['anna\tjensen', 'USER_ID_INVALID_CHARACTER'],
    ['annä jensen', 'USER_ID_INVALID_CHARACTER'],
    [' anna', 'USER_ID_EDGE_SPACE'],
    ['anna ', 'USER_ID_EDGE_SPACE'],
    ['x0123456789', 'USER_ID_DIGIT_RUN'],
    ['anna 010180-1234', 'USER_ID_CONTAINS_PERSON_NUMBER'],
    ['anna 010180 1234', 'USER_ID_CONTAINS_PERSON_NUMBER'],
  ])('%j → %s', (userId, code) => {
    expect(codeOf(userId)).toBe(code);
  });

  it('compares case-insensitively, Danish letters included', () => {
    expect(userIdKey('ÆBLE.Øl')).toBe(userIdKey('æble.øL'));
  });

  it('answers any string with OK or one of its rule codes, never another error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), (s) => {
        expect(codeOf(s)).toMatch(/^(OK|USER_ID_[A-Z_]+)$/);
      }),
    );
  });
});

describe('phone numbers and codes (issue 3 §8)', () => {
  it('normalises Danish and international numbers and refuses others', () => {
    expect(normalisePhone('20 30 40 50')).toBe('+4520304050');
    expect(normalisePhone('+299 123456')).toBe('+299123456');
    expect(normalisePhone('0045-20304050')).toBe('+4520304050');
    expect(() => normalisePhone('12')).toThrow(expect.objectContaining({ code: 'PHONE_INVALID' }));
    expect(() => normalisePhone('+45abc')).toThrow(expect.objectContaining({ code: 'PHONE_INVALID' }));
  });

  it('draws six-digit codes without bias from the CSPRNG, rejecting the top of the range', () => {
    // 0xFFFFFFFF lies above the largest multiple of 10^6 and must be drawn again
    const bytes = [0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x2a];
    let o = 0;
    expect(newPhoneCode((n) => Uint8Array.from(bytes.slice(o, (o += n))))).toBe('000042');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(newPhoneCode((n) => crypto.getRandomValues(new Uint8Array(n))));
    expect(seen.size).toBeGreaterThan(190);
    for (const c of seen) expect(c).toMatch(/^\d{6}$/);
  });
});
