import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isApiError } from '../src/errors.js';
import { checkNewPassword, codePointLength, hashPassword, needsRehash, passwordSettings, verifyPasswordHash } from '../src/authenticators/password/index.js';
import { secureRandom } from '@openmitid/mrtd';

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isApiError(e)) return e.details?.reason ? `${e.code}:${String(e.details.reason)}` : e.code;
    throw e;
  }
  return 'OK';
}

const check = (password: string, repeat = password, userId = 'mette.hansen') => refusal(() => checkNewPassword({ password, repeat, userId }));

describe('new password rules', () => {
  it('accepts 8 to 64 characters entered twice', () => {
    expect(check('korrekt hest')).toBe('OK');
    expect(check('abcdefgh')).toBe('OK');
    expect(check('a'.repeat(63) + 'b')).toBe('OK');
  });

  it('refuses each broken rule with its own code', () => {
    expect(check('korrekt hest', 'korrekt hesT')).toBe('PASSWORD_MISMATCH');
    expect(check('abcdefg')).toBe('PASSWORD_TOO_SHORT');
    expect(check('a'.repeat(64) + 'b')).toBe('PASSWORD_TOO_LONG');
    expect(check('x'.repeat(2000))).toBe('PASSWORD_TOO_LONG');
    expect(check('ææææææææææ')).toBe('PASSWORD_WEAK:repeated');
    expect(check('Mette.Hansen')).toBe('PASSWORD_WEAK:user-id');
    expect(check('mit METTE.HANSEN 1')).toBe('PASSWORD_WEAK:user-id');
    expect(check('tab\there!')).toBe('VALIDATION_FAILED');
  });

  it('counts code points after NFC, so a decomposed accent is one character', () => {
    const decomposed = 'cafe\u0301cafe\u0301'; // 10 UTF-16 units, 8 characters after NFC
    expect(decomposed.length).toBe(10);
    expect(codePointLength(decomposed.normalize('NFC'))).toBe(8);
    expect(check('cafe\u0301caf')).toBe('PASSWORD_TOO_SHORT'); // 8 units, 7 characters
    // the two spellings are the same password
    expect(check('cafe\u0301cafe\u0301', 'caf\u00e9caf\u00e9')).toBe('OK');
    // astral characters count once each: 64 emoji are 128 UTF-16 units and allowed
    expect(check('🔑'.repeat(63) + '🗝')).toBe('OK');
    expect(check('🔑'.repeat(64) + '🗝')).toBe('PASSWORD_TOO_LONG');
  });

  it('never throws anything but a coded refusal (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ maxLength: 12 }), (pw, user) => {
        const r = refusal(() => checkNewPassword({ password: pw, repeat: pw, userId: user }));
        const n = codePointLength(pw.normalize('NFC'));
        if (n < 8) expect(r).toBe('PASSWORD_TOO_SHORT');
        else if (n > 64) expect(r).toBe('PASSWORD_TOO_LONG');
        else expect(['OK', 'PASSWORD_WEAK:user-id', 'PASSWORD_WEAK:repeated', 'VALIDATION_FAILED']).toContain(r);
      }),
      { numRuns: 300 },
    );
  });
});

describe('argon2id hashing', () => {
  const fast = passwordSettings({ argon2: { memoryKiB: 8192, iterations: 1, parallelism: 1 } }).argon2;

  it('round-trips with the OWASP parameters and a salt from the injected CSPRNG', async () => {
    const params = passwordSettings().argon2;
    const phc = await hashPassword('korrekt hest', params, secureRandom);
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPasswordHash(phc, 'korrekt hest')).toBe(true);
    expect(await verifyPasswordHash(phc, 'korrekt Hest')).toBe(false);
    expect(needsRehash(phc, params)).toBe(false);
    expect(needsRehash(phc, fast)).toBe(true);
  });

  it('uses the salt it is given: same random bytes, same hash; other bytes, other hash', async () => {
    const fixed = (n: number) => new Uint8Array(n).fill(7);
    const a = await hashPassword('korrekt hest', fast, fixed);
    const b = await hashPassword('korrekt hest', fast, fixed);
    const c = await hashPassword('korrekt hest', fast, secureRandom);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(a).toContain(`$${Buffer.from(fixed(16)).toString('base64').replace(/=+$/, '')}$`);
  });

  it('treats a malformed stored hash as a mismatch, and as needing a rehash', async () => {
    expect(await verifyPasswordHash('$argon2id$garbage', 'korrekt hest')).toBe(false);
    expect(needsRehash('not a hash', fast)).toBe(true);
  });

  it('refuses weak cost settings', () => {
    expect(() => passwordSettings({ argon2: { memoryKiB: 1024, iterations: 1, parallelism: 1 } })).toThrow(RangeError);
    expect(() => passwordSettings({ maxFailures: 0 })).toThrow(RangeError);
  });
});
