/**
 * BER-TLV as ISO/IEC 7816-4 §5.2 / ICAO Doc 9303 Part 10 use it: round trips of every tag size
 * and length form, the refusals, and property tests that untrusted bytes only ever produce MrtdError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat, equalBytes, fromHex, hex } from '../src/bytes.js';
import { MrtdError } from '../src/errors.js';
import { encodeLength, encodeTag, encodeTlv, findTlv, isConstructed, readSingle, readTlv, readTlvs, requireTlv } from '../src/tlv.js';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof MrtdError) return e.code;
    throw e;
  }
  return 'NO_ERROR';
}

describe('tags', () => {
  it.each([
    [0x04, '04'],
    [0x30, '30'],
    [0x61, '61'], // EF.DG1 (Doc 9303 Part 10)
    [0x5f1f, '5F1F'], // MRZ data element in DG1
    [0x7f61, '7F61'], // biometric information group template in DG2
    [0x5f8140, '5F8140'],
    [0xbf8101, 'BF8101'],
  ])('tag %s encodes as %s and reads back', (tag, encoded) => {
    expect(hex(encodeTag(tag))).toBe(encoded);
    const t = readTlv(encodeTlv(tag, Uint8Array.of(1, 2, 3)));
    expect(t.tag).toBe(tag);
    expect(t.headerLength).toBe(encoded.length / 2 + 1);
    expect(hex(t.value)).toBe('010203');
  });

  it('knows constructed tags by bit 6 of the first byte', () => {
    expect(isConstructed(0x30)).toBe(true);
    expect(isConstructed(0x61)).toBe(true);
    expect(isConstructed(0x7f61)).toBe(true);
    expect(isConstructed(0xbf8101)).toBe(true);
    expect(isConstructed(0x04)).toBe(false);
    expect(isConstructed(0x5f1f)).toBe(false);
    expect(isConstructed(0x5f8140)).toBe(false);
  });

  it('refuses tags longer than three bytes and truncated multi-byte tags', () => {
    expect(codeOf(() => readTlv(fromHex('5F81818101 00')))).toBe('TLV_MALFORMED');
    expect(codeOf(() => readTlv(fromHex('5F')))).toBe('TLV_TRUNCATED');
    expect(codeOf(() => readTlv(fromHex('5F81')))).toBe('TLV_TRUNCATED');
    expect(codeOf(() => readTlv(new Uint8Array(0)))).toBe('TLV_TRUNCATED');
  });
});

describe('lengths', () => {
  it.each([
    [0, '00'],
    [1, '01'],
    [0x7f, '7F'],
    [0x80, '8180'],
    [0xff, '81FF'],
    [0x100, '820100'],
    [0xffff, '82FFFF'],
    [0x10000, '83010000'],
    [0xffffff, '83FFFFFF'],
    [0x1000000, '8401000000'],
  ])('length %i encodes as %s', (n, encoded) => {
    expect(hex(encodeLength(n))).toBe(encoded);
  });

  it.each([0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x12345])('value of %i bytes round-trips', (n) => {
    const value = new Uint8Array(n).map((_, i) => i * 7);
    const encoded = encodeTlv(0x5f2e, value);
    const t = readTlv(encoded);
    expect(t.tag).toBe(0x5f2e);
    expect(t.end).toBe(encoded.length);
    expect(t.headerLength).toBe(2 + encodeLength(n).length);
    // equalBytes, not toEqual: deep equality over 64 KiB element by element takes seconds
    expect(t.value.length).toBe(n);
    expect(equalBytes(t.value, value)).toBe(true);
  });

  it('reads the four-byte long form (84) up to the 16 MiB limit, above it refuses', () => {
    const t = readTlv(fromHex('04 84 00000003 AABBCC'));
    expect(hex(t.value)).toBe('AABBCC');
    expect(t.headerLength).toBe(6);
    const big = readTlv(concat(fromHex('04 84 01000000'), new Uint8Array(0x1000000)));
    expect(big.value.length).toBe(0x1000000);
    expect(codeOf(() => readTlv(fromHex('04 84 01000001')))).toBe('TLV_MALFORMED');
    expect(codeOf(() => readTlv(fromHex('04 84 FFFFFFFF')))).toBe('TLV_MALFORMED');
  });

  it('refuses the indefinite form and length fields over four bytes', () => {
    expect(codeOf(() => readTlv(fromHex('30 80 0400 0000')))).toBe('TLV_MALFORMED');
    expect(codeOf(() => readTlv(fromHex('04 85 0000000001 AA')))).toBe('TLV_MALFORMED');
    expect(codeOf(() => readTlv(fromHex('04 FF')))).toBe('TLV_MALFORMED');
  });

  it('refuses truncated lengths and values without reading past the end', () => {
    expect(codeOf(() => readTlv(fromHex('04')))).toBe('TLV_TRUNCATED');
    expect(codeOf(() => readTlv(fromHex('04 82 01')))).toBe('TLV_TRUNCATED');
    expect(codeOf(() => readTlv(fromHex('04 03 AABB')))).toBe('TLV_TRUNCATED');
    expect(codeOf(() => readTlv(fromHex('04 81 80'), 0))).toBe('TLV_TRUNCATED');
    // a TLV inside a view must not reach into bytes after the view
    const outer = fromHex('04 02 AABB CCDD');
    expect(codeOf(() => readTlv(outer.subarray(0, 3)))).toBe('TLV_TRUNCATED');
  });
});

describe('sequences and lookups', () => {
  const dg1 = encodeTlv(0x61, encodeTlv(0x5f1f, fromHex('414243')));
  const seq = concat(encodeTlv(0x80, Uint8Array.of(1)), encodeTlv(0x81, Uint8Array.of(2, 2)), encodeTlv(0x80, Uint8Array.of(3)));

  it('readTlv at an offset, readTlvs over a whole buffer', () => {
    const second = readTlv(seq, 3);
    expect(second.tag).toBe(0x81);
    expect(second.end).toBe(7);
    expect(readTlvs(seq).map((t) => t.tag)).toEqual([0x80, 0x81, 0x80]);
    expect(readTlvs(new Uint8Array(0))).toEqual([]);
    expect(codeOf(() => readTlvs(concat(seq, Uint8Array.of(0x80))))).toBe('TLV_TRUNCATED');
  });

  it('the value is a view into the input, not a copy', () => {
    const t = readTlv(seq, 3);
    expect(t.value.buffer).toBe(seq.buffer);
    expect(t.value.byteOffset).toBe(seq.byteOffset + 5);
  });

  it('readSingle wants the tag and nothing after it', () => {
    expect(readSingle(dg1, 0x61, 'DG1').value.length).toBe(6);
    expect(codeOf(() => readSingle(dg1, 0x75, 'DG2'))).toBe('TLV_MALFORMED');
    expect(codeOf(() => readSingle(concat(dg1, Uint8Array.of(0)), 0x61, 'DG1'))).toBe('TLV_MALFORMED');
  });

  it('findTlv returns the first child with the tag; requireTlv insists', () => {
    expect(hex(findTlv(seq, 0x80)!.value)).toBe('01');
    expect(findTlv(seq, 0x82)).toBeUndefined();
    expect(hex(requireTlv(readSingle(dg1, 0x61, 'DG1').value, 0x5f1f, 'MRZ').value)).toBe('414243');
    expect(codeOf(() => requireTlv(seq, 0x82, 'x'))).toBe('TLV_MALFORMED');
  });

  it('encodeTlv concatenates several value parts', () => {
    expect(hex(encodeTlv(0x30, Uint8Array.of(1), Uint8Array.of(2, 3)))).toBe('3003010203');
    expect(hex(encodeTlv(0x30))).toBe('3000');
  });
});

describe('properties', () => {
  const tag = fc.oneof(
    fc.integer({ min: 0, max: 0xff }).filter((t) => (t & 0x1f) !== 0x1f),
    fc.tuple(fc.integer({ min: 0, max: 0xff }), fc.integer({ min: 0, max: 0x7f })).map(([a, b]) => (((a | 0x1f) << 8) | b)),
    fc.tuple(fc.integer({ min: 0, max: 0xff }), fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0, max: 0x7f })).map(([a, b, c]) => (((a | 0x1f) << 16) | (b << 8) | c)),
  );

  it('encodeTlv/readTlv round-trip any tag and value', () => {
    fc.assert(
      fc.property(tag, fc.uint8Array({ maxLength: 600 }), (t, value) => {
        const encoded = encodeTlv(t, value);
        const read = readTlv(encoded);
        expect(read.tag).toBe(t);
        expect(read.end).toBe(encoded.length);
        expect(read.value).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  const onlyTlvErrors = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof MrtdError)) throw e;
      expect(['TLV_TRUNCATED', 'TLV_MALFORMED']).toContain(e.code);
    }
  };

  it('random bytes into readTlvs, readTlv (any offset), readSingle only give MrtdError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(70), (bytes, offset) => {
        onlyTlvErrors(() => readTlvs(bytes));
        onlyTlvErrors(() => readTlv(bytes, offset));
        onlyTlvErrors(() => readSingle(bytes, 0x61, 'DG1'));
        onlyTlvErrors(() => findTlv(bytes, 0x5f1f));
      }),
      { numRuns: 1000 },
    );
  });

  it('mutated valid nested encodings only give MrtdError, and whatever parses stays inside the input', () => {
    const nested = fc.array(fc.tuple(tag, fc.uint8Array({ maxLength: 40 })), { minLength: 1, maxLength: 5 }).map((items) => encodeTlv(0x61, ...items.map(([t, v]) => encodeTlv(t, v))));
    const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(nested, fc.array(edit, { minLength: 1, maxLength: 3 }), (encoded, edits) => {
        const bytes = Array.from(encoded);
        for (const [pos, kind, b] of edits) {
          const p = pos % (bytes.length + 1);
          if (kind === 0 && p < bytes.length) bytes[p] = b;
          else if (kind === 1) bytes.splice(p, 0, b);
          else bytes.splice(p, 1);
        }
        const input = Uint8Array.from(bytes);
        onlyTlvErrors(() => {
          for (const t of readTlvs(input)) {
            expect(t.end).toBeLessThanOrEqual(input.length);
            if (isConstructed(t.tag)) readTlvs(t.value);
          }
        });
      }),
      { numRuns: 1000 },
    );
  });
});
