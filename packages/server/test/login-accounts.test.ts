/**
 * The identity store as the login sees it (birth date from the MRZ's YYMMDD, status) and the
 * live QR proof: property tests that only this request's fresh QR or link passes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { birthdateFromMrz, checkProof, linkProof, qrContent, QR_MAX_AGE_SECONDS } from '../src/login/index.js';

describe('birthdateFromMrz', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it('puts a two-digit year in this century when not after this year, else in the last', () => {
    expect(birthdateFromMrz('900517', now)).toBe('1990-05-17');
    expect(birthdateFromMrz('260101', now)).toBe('2026-01-01');
    expect(birthdateFromMrz('270101', now)).toBe('1927-01-01');
    expect(birthdateFromMrz('000229', now)).toBe('2000-02-29');
  });
  it('shortens to the year when month or day is unknown, and never throws', () => {
    expect(birthdateFromMrz('85<<<<', now)).toBe('1985');
    expect(birthdateFromMrz('8513XX', now)).toBe('1985');
    fc.assert(fc.property(fc.string({ maxLength: 8 }), (s) => typeof birthdateFromMrz(s, now) === 'string'));
  });
});

describe('login QR proof', () => {
  const secret = new Uint8Array(randomBytes(32));
  it("accepts this request's QR while fresh, never a later, older or foreign one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 119 }), fc.integer({ min: -3, max: 12 }), (t, age) => {
        const qr = qrContent(secret, 'appr1', t);
        const ok = checkProof(secret, 'appr1', qr, t + age, 'qr');
        expect(ok).toBe(age >= 0 && age <= QR_MAX_AGE_SECONDS);
        expect(checkProof(secret, 'appr2', qr, t, 'qr')).toBe(false);
        expect(checkProof(new Uint8Array(randomBytes(32)), 'appr1', qr, t, 'qr')).toBe(false);
      }),
    );
  });
  it('keeps QR and link apart, and rejects anything malformed', () => {
    const link = linkProof(secret, 'appr1');
    expect(checkProof(secret, 'appr1', link, 50, 'same-device')).toBe(true);
    expect(checkProof(secret, 'appr1', link, 50, 'qr')).toBe(false);
    expect(checkProof(secret, 'appr1', qrContent(secret, 'appr1', 50), 50, 'same-device')).toBe(false);
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => checkProof(secret, 'appr1', s, 10, 'qr') === false));
  });
});
