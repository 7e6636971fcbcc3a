import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkTotp, codesEqual, DEFAULT_TOTP, hotp, timeStep, totp, totpAtStep, type OtpHash, type TotpParams } from '../src/authenticators/code-display/totp.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('HOTP (RFC 4226)', () => {
  // RFC 4226 Appendix D: secret "12345678901234567890" (ASCII), counters 0–9, 6 digits
  const secret = ascii('12345678901234567890');
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, counter) => ({ counter, code })))('Appendix D counter $counter → $code', ({ counter, code }) => {
    expect(hotp(secret, counter)).toBe(code);
  });

  it('refuses digit counts and counters outside the algorithm', () => {
    expect(() => hotp(secret, 0, 5)).toThrow(RangeError);
    expect(() => hotp(secret, 0, 11)).toThrow(RangeError);
    expect(() => hotp(secret, -1)).toThrow(RangeError);
    expect(() => hotp(secret, 2n ** 64n)).toThrow(RangeError);
    expect(hotp(secret, 2n ** 64n - 1n)).toMatch(/^\d{6}$/);
  });
});

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 Appendix B: seeds are the ASCII digits repeated to 20, 32 and 64 bytes; 8 digits, 30 s, T0 = 0
  const seeds: Record<OtpHash, Uint8Array> = {
    'SHA-1': ascii('12345678901234567890'),
    'SHA-256': ascii('12345678901234567890123456789012'),
    'SHA-512': ascii('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  const table: [number, string, OtpHash][] = [
    [59, '94287082', 'SHA-1'],
    [59, '46119246', 'SHA-256'],
    [59, '90693936', 'SHA-512'],
    [1111111109, '07081804', 'SHA-1'],
    [1111111109, '68084774', 'SHA-256'],
    [1111111109, '25091201', 'SHA-512'],
    [1111111111, '14050471', 'SHA-1'],
    [1111111111, '67062674', 'SHA-256'],
    [1111111111, '99943326', 'SHA-512'],
    [1234567890, '89005924', 'SHA-1'],
    [1234567890, '91819424', 'SHA-256'],
    [1234567890, '93441116', 'SHA-512'],
    [2000000000, '69279037', 'SHA-1'],
    [2000000000, '90698825', 'SHA-256'],
    [2000000000, '38618901', 'SHA-512'],
    [20000000000, '65353130', 'SHA-1'],
    [20000000000, '77737706', 'SHA-256'],
    [20000000000, '47863826', 'SHA-512'],
  ];
  it.each(table)('Appendix B t=%i → %s (%s)', (t, code, hash) => {
    expect(totp(seeds[hash], new Date(t * 1000), { digits: 8, period: 30, hash, t0: 0 })).toBe(code);
  });

  it('counts steps from T0 in whole periods', () => {
    expect(timeStep(new Date(59_000), DEFAULT_TOTP)).toBe(1);
    expect(timeStep(new Date(60_000), DEFAULT_TOTP)).toBe(2);
    expect(timeStep(new Date(1_000_000_000), { period: 60, t0: 1_000_000 - 120 })).toBe(2);
    expect(() => timeStep(new Date(0), { period: 0, t0: 0 })).toThrow(RangeError);
  });

  it('compares codes without regard to where they differ', () => {
    expect(codesEqual('123456', '123456')).toBe(true);
    expect(codesEqual('123456', '123457')).toBe(false);
    expect(codesEqual('123456', '12345')).toBe(false);
  });
});

describe('checkTotp: ±1 step around the remembered drift, each step once', () => {
  const secret = ascii('12345678901234567890');
  const p: TotpParams = DEFAULT_TOTP;
  const now = new Date('2026-11-25T10:00:10Z');
  const step = timeStep(now, p);

  it('accepts the current step and either neighbour, and learns the drift', () => {
    for (const d of [-1, 0, 1]) {
      const v = checkTotp(secret, totpAtStep(secret, step + d, p), now, p, { drift: 0, lastStep: null });
      expect(v).toEqual({ kind: 'accepted', step: step + d, state: { drift: d, lastStep: step + d } });
    }
  });

  it('refuses steps two away, but finds them around a remembered drift', () => {
    const far = totpAtStep(secret, step + 2, p);
    expect(checkTotp(secret, far, now, p, { drift: 0, lastStep: null }).kind).toBe('wrong');
    expect(checkTotp(secret, far, now, p, { drift: 1, lastStep: null })).toEqual({ kind: 'accepted', step: step + 2, state: { drift: 2, lastStep: step + 2 } });
    expect(checkTotp(secret, totpAtStep(secret, step - 2, p), now, p, { drift: 0, lastStep: null }).kind).toBe('wrong');
  });

  it('calls a code at or before the last accepted step a replay', () => {
    const code = totpAtStep(secret, step, p);
    expect(checkTotp(secret, code, now, p, { drift: 0, lastStep: step })).toEqual({ kind: 'replayed', step });
    expect(checkTotp(secret, totpAtStep(secret, step - 1, p), now, p, { drift: 0, lastStep: step })).toEqual({ kind: 'replayed', step: step - 1 });
    expect(checkTotp(secret, totpAtStep(secret, step + 1, p), now, p, { drift: 0, lastStep: step }).kind).toBe('accepted');
  });

  it('property: accepted exactly within the window, and never twice', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 64 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -3, max: 3 }), (key, offset, drift) => {
        const target = step + drift + offset;
        const code = totpAtStep(key, target, p);
        const window = [-1, 0, 1].map((d) => totpAtStep(key, step + drift + d, p));
        const v = checkTotp(key, code, now, p, { drift, lastStep: null });
        if (Math.abs(offset) <= 1) {
          expect(v).toMatchObject({ kind: 'accepted', step: target });
          if (v.kind === 'accepted') expect(checkTotp(key, code, now, p, v.state).kind).toBe('replayed');
        } else {
          // a different step's code may collide with a window code (1 in 10^6); only then may it pass
          fc.pre(!window.includes(code));
          expect(v.kind).toBe('wrong');
        }
      }),
    );
  });
});
