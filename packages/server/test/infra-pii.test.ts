import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createPiiCipher, parsePiiKeys, PiiError, resealIfNeeded, type PiiKey } from '../src/infra/pii/index.js';

const key = (id: string, fill: number): PiiKey => ({ id, key: new Uint8Array(32).fill(fill) });
const k1 = key('k1', 1);
const k2 = key('k2', 2);

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PiiError);
    return (e as PiiError).code;
  }
  throw new Error('expected a PiiError');
}

describe('PII cipher', () => {
  const pii = createPiiCipher({ current: k1 });

  it('round-trips text with non-ASCII letters and the empty string', () => {
    for (const text of ['Søren Ærø Åberg', '', '1990-02-28', 'X'.repeat(5000)]) {
      const sealed = pii.encrypt(text, 'person.name:42');
      expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+$/);
      if (text !== '') expect(Buffer.from(sealed.split('.')[2]!, 'base64url').includes(Buffer.from(text))).toBe(false);
      expect(pii.decrypt(sealed, 'person.name:42')).toBe(text);
    }
  });

  it('uses a fresh IV each time', () => {
    expect(pii.encrypt('same', 'c')).not.toBe(pii.encrypt('same', 'c'));
  });

  it('refuses a value moved to another row (context is authenticated)', () => {
    const sealed = pii.encrypt('Jensen', 'person.name:1');
    expect(code(() => pii.decrypt(sealed, 'person.name:2'))).toBe('PII_DECRYPT_FAILED');
  });

  it('refuses every single-bit change of the sealed bytes', () => {
    const sealed = pii.encrypt('AB1234567', 'person.document:7');
    const body = Buffer.from(sealed.split('.')[2]!, 'base64url');
    for (let i = 0; i < body.length; i++) {
      const t = Buffer.from(body);
      t[i]! ^= 0x01;
      expect(code(() => pii.decrypt(`v1.k1.${t.toString('base64url')}`, 'person.document:7'))).toBe('PII_DECRYPT_FAILED');
    }
  });

  it('refuses a value whose key id is relabelled', () => {
    const both = createPiiCipher({ current: k2, previous: [k1] });
    const sealed = both.encrypt('x', 'c');
    expect(code(() => both.decrypt(sealed.replace('v1.k2.', 'v1.k1.'), 'c'))).toBe('PII_DECRYPT_FAILED');
  });

  it('reports an unknown key id as PII_KEY_UNKNOWN', () => {
    const other = createPiiCipher({ current: key('k9', 9) });
    expect(code(() => pii.decrypt(other.encrypt('x', 'c'), 'c'))).toBe('PII_KEY_UNKNOWN');
  });

  it('rotates: old values still open, new ones are sealed under the new key, needsRotation tells which', () => {
    const old = pii.encrypt('Hansen', 'person.name:3');
    const rotated = createPiiCipher({ current: k2, previous: [k1] });
    expect(rotated.decrypt(old, 'person.name:3')).toBe('Hansen');
    expect(rotated.needsRotation(old)).toBe(true);
    const fresh = rotated.encrypt('Hansen', 'person.name:3');
    expect(fresh.startsWith('v1.k2.')).toBe(true);
    expect(rotated.needsRotation(fresh)).toBe(false);
    // once k1 is retired, only values re-sealed under k2 open
    const retired = createPiiCipher({ current: k2 });
    expect(code(() => retired.decrypt(old, 'person.name:3'))).toBe('PII_KEY_UNKNOWN');
    expect(retired.decrypt(fresh, 'person.name:3')).toBe('Hansen');
  });

  it('resealIfNeeded moves old values to the current key and leaves current ones alone', () => {
    const old = pii.encrypt('Ærø', 'person.surname:5');
    const rotated = createPiiCipher({ current: k2, previous: [k1] });
    const resealed = resealIfNeeded(rotated, old, 'person.surname:5');
    expect(resealed?.startsWith('v1.k2.')).toBe(true);
    expect(createPiiCipher({ current: k2 }).decrypt(resealed!, 'person.surname:5')).toBe('Ærø');
    expect(resealIfNeeded(rotated, resealed!, 'person.surname:5')).toBeUndefined();
    expect(code(() => resealIfNeeded(rotated, old, 'person.surname:6'))).toBe('PII_DECRYPT_FAILED');
  });

  it('look-up hashes are keyed, normalised and separated by purpose', () => {
    const a = pii.lookupHash('ab 123-456', 'document');
    expect(a).toBe(pii.lookupHash('AB123456', 'document'));
    expect(a).not.toBe(pii.lookupHash('AB123457', 'document'));
    expect(a).not.toBe(pii.lookupHash('AB123456', 'phone'));
    expect(a).not.toBe(createPiiCipher({ current: k2 }).lookupHash('AB123456', 'document'));
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // with a separate look-up key, rotating the sealing key keeps the hashes
    const lookupKey = new Uint8Array(32).fill(7);
    const before = createPiiCipher({ current: k1, lookupKey }).lookupHash('+4512345678', 'phone');
    const after = createPiiCipher({ current: k2, previous: [k1], lookupKey }).lookupHash('+45 12 34 56 78', 'phone');
    expect(after).toBe(before);
  });

  it('decrypt of arbitrary input only ever throws a PiiError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `v1.k1.${s}`), fc.uint8Array().map((b) => `v1.k1.${Buffer.from(b).toString('base64url')}`)), (s) => {
        try {
          pii.decrypt(s, 'c');
          return false;
        } catch (e) {
          return e instanceof PiiError;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('parsePiiKeys', () => {
  const b64 = (fill: number) => Buffer.alloc(32, fill).toString('base64');

  it('takes the first key as current and the rest as previous', () => {
    const { current, previous } = parsePiiKeys(`k2:${b64(2)}, k1:${b64(1)}`);
    expect(current.id).toBe('k2');
    expect(Array.from(current.key)).toEqual(Array(32).fill(2));
    expect(previous.map((k) => k.id)).toEqual(['k1']);
  });

  it('accepts base64url', () => {
    const raw = Buffer.alloc(32, 0xfb);
    expect(Buffer.from(parsePiiKeys(`a:${raw.toString('base64url')}`).current.key).equals(raw)).toBe(true);
  });

  it('any setting either parses to 32-byte keys or throws PII_KEY_INVALID', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.tuple(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }))).map((ks) => ks.map(([id, k]) => `${id}:${Buffer.from(k).toString('base64')}`).join(','))), (setting) => {
        try {
          const { current, previous } = parsePiiKeys(setting);
          return [current, ...previous].every((k) => k.key.length === 32);
        } catch (e) {
          return e instanceof PiiError && e.code === 'PII_KEY_INVALID';
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses bad settings with PII_KEY_INVALID', () => {
    for (const bad of ['', 'k1', `:${b64(1)}`, 'k1:AAAA', `k.1:${b64(1)}`, `k1:${b64(1)},k1:${b64(2)}`, 'k1:!!!']) {
      expect(code(() => parsePiiKeys(bad))).toBe('PII_KEY_INVALID');
    }
  });
});
