/**
 * Command and response APDUs, ISO/IEC 7816-4 §5.1: the four cases in short and extended length,
 * the refusals, and property tests over untrusted bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalBytes, fromHex, hex } from '../src/bytes.js';
import { MrtdError, SW } from '../src/errors.js';
import { decodeCommand, decodeResponse, encodeCommand, encodeResponse, INS, needsExtended } from '../src/apdu.js';
import type { CommandApdu } from '../src/apdu.js';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof MrtdError) return e.code;
    throw e;
  }
  return 'NO_ERROR';
}

const header = { cla: 0x00, ins: INS.READ_BINARY, p1: 0x81, p2: 0x02 };
const bytes = (n: number) => new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);

describe('short APDUs', () => {
  it('case 1: header only', () => {
    const encoded = encodeCommand(header);
    expect(hex(encoded)).toBe('00B08102');
    expect(decodeCommand(encoded)).toEqual({ ...header, ne: 0, extended: false });
  });

  it('case 2: Le, with 00 meaning 256', () => {
    expect(hex(encodeCommand({ ...header, ne: 4 }))).toBe('00B0810204');
    expect(hex(encodeCommand({ ...header, ne: 255 }))).toBe('00B08102FF');
    expect(hex(encodeCommand({ ...header, ne: 256 }))).toBe('00B0810200');
    expect(decodeCommand(fromHex('00B0810200'))).toEqual({ ...header, ne: 256, extended: false });
    expect(decodeCommand(fromHex('00B0810204')).ne).toBe(4);
  });

  it('case 3: Lc and data', () => {
    // SELECT EF.COM by file identifier 011E (Doc 9303 Part 10)
    const select = { cla: 0x00, ins: INS.SELECT, p1: 0x02, p2: 0x0c, data: fromHex('011E') };
    expect(hex(encodeCommand(select))).toBe('00A4020C02011E');
    expect(decodeCommand(fromHex('00A4020C02011E'))).toEqual({ ...select, ne: 0, extended: false });
    const full = encodeCommand({ ...header, data: bytes(255) });
    expect(full.length).toBe(4 + 1 + 255);
    expect(decodeCommand(full).data).toEqual(bytes(255));
  });

  it('case 4: Lc, data and Le', () => {
    // EXTERNAL AUTHENTICATE of BAC: 40 bytes out, 40 expected (Doc 9303 Part 11, BAC)
    const cmd = { cla: 0x00, ins: INS.EXTERNAL_AUTHENTICATE, p1: 0, p2: 0, data: bytes(40), ne: 40 };
    const encoded = encodeCommand(cmd);
    expect(hex(encoded.subarray(0, 5))).toBe('0082000028');
    expect(encoded[encoded.length - 1]).toBe(0x28);
    expect(decodeCommand(encoded)).toEqual({ ...cmd, extended: false });
    expect(decodeCommand(encodeCommand({ ...header, data: bytes(3), ne: 256 }))).toMatchObject({ ne: 256, extended: false });
  });

  it('an empty data field is no data field', () => {
    expect(hex(encodeCommand({ ...header, data: new Uint8Array(0), ne: 0 }))).toBe('00B08102');
  });
});

describe('extended APDUs', () => {
  it('needsExtended: data over 255 bytes or Ne over 256', () => {
    expect(needsExtended({ ...header, data: bytes(255), ne: 256 })).toBe(false);
    expect(needsExtended({ ...header, data: bytes(256) })).toBe(true);
    expect(needsExtended({ ...header, ne: 257 })).toBe(true);
  });

  it('case 2E: 00 and a two-byte Le, 0000 meaning 65536', () => {
    expect(hex(encodeCommand({ ...header, ne: 257 }))).toBe('00B08102000101');
    expect(hex(encodeCommand({ ...header, ne: 65535 }))).toBe('00B0810200FFFF');
    expect(hex(encodeCommand({ ...header, ne: 65536 }))).toBe('00B08102000000');
    expect(decodeCommand(fromHex('00B08102000000'))).toEqual({ ...header, ne: 65536, extended: true });
    expect(decodeCommand(fromHex('00B08102000101'))).toEqual({ ...header, ne: 257, extended: true });
  });

  it('case 3E: 00, a two-byte Lc and data', () => {
    const encoded = encodeCommand({ ...header, data: bytes(300) });
    expect(hex(encoded.subarray(4, 7))).toBe('00012C');
    expect(encoded.length).toBe(7 + 300);
    expect(decodeCommand(encoded)).toEqual({ ...header, data: bytes(300), ne: 0, extended: true });
    const max = encodeCommand({ ...header, data: bytes(65535) });
    expect(hex(max.subarray(4, 7))).toBe('00FFFF');
    expect(decodeCommand(max).data?.length).toBe(65535);
  });

  it('case 4E: two-byte Lc and two-byte Le (without the leading 00)', () => {
    const encoded = encodeCommand({ ...header, data: bytes(300), ne: 65536 });
    expect(encoded.length).toBe(7 + 300 + 2);
    expect(hex(encoded.subarray(encoded.length - 2))).toBe('0000');
    expect(decodeCommand(encoded)).toEqual({ ...header, data: bytes(300), ne: 65536, extended: true });
    // small data, large Ne: Lc is extended too, since one APDU cannot mix the forms
    const mixed = encodeCommand({ ...header, data: bytes(2), ne: 1000 });
    expect(hex(mixed.subarray(4))).toBe(`000002${hex(bytes(2))}03E8`);
    expect(decodeCommand(mixed)).toMatchObject({ data: bytes(2), ne: 1000, extended: true });
  });
});

describe('refusals', () => {
  it('encodeCommand refuses what no APDU can carry', () => {
    expect(codeOf(() => encodeCommand({ ...header, data: new Uint8Array(65536) }))).toBe('APDU_MALFORMED');
    expect(codeOf(() => encodeCommand({ ...header, ne: 65537 }))).toBe('APDU_MALFORMED');
    expect(codeOf(() => encodeCommand({ ...header, ne: -1 }))).toBe('APDU_MALFORMED');
  });

  it('decodeCommand refuses inconsistent lengths', () => {
    for (const h of ['', '00', '00B081', '00B0810203AABB', '00B0810202AABBCCDD', '00B081020000', '00B08102000000AA', '00B08102000003AA', '00B08102000002AA', '00B08102000002AABBCC']) {
      expect(codeOf(() => decodeCommand(fromHex(h)))).toBe('APDU_MALFORMED');
    }
  });

  it('decodeResponse needs at least the status word', () => {
    expect(codeOf(() => decodeResponse(new Uint8Array(0)))).toBe('APDU_MALFORMED');
    expect(codeOf(() => decodeResponse(Uint8Array.of(0x90)))).toBe('APDU_MALFORMED');
  });
});

describe('responses', () => {
  it('decodes data and status word', () => {
    expect(decodeResponse(fromHex('9000'))).toEqual({ data: new Uint8Array(0), sw: SW.OK });
    expect(decodeResponse(fromHex('6A82')).sw).toBe(SW.FILE_NOT_FOUND);
    const r = decodeResponse(fromHex('0102036282'));
    expect(hex(r.data)).toBe('010203');
    expect(r.sw).toBe(SW.WARNING_END_OF_FILE);
  });

  it('encodeResponse round-trips, and the decoded data is a copy', () => {
    const raw = encodeResponse({ data: bytes(10), sw: 0x6cff });
    expect(hex(raw.subarray(10))).toBe('6CFF');
    const r = decodeResponse(raw);
    expect(r).toEqual({ data: bytes(10), sw: 0x6cff });
    raw[0] = raw[0]! ^ 0xff;
    expect(r.data).toEqual(bytes(10));
  });
});

describe('properties', () => {
  const byte = fc.integer({ min: 0, max: 255 });
  const command: fc.Arbitrary<CommandApdu> = fc.record({
    cla: byte,
    ins: byte,
    p1: byte,
    p2: byte,
    data: fc.oneof({ weight: 9, arbitrary: fc.uint8Array({ maxLength: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 70000 }).map((n) => new Uint8Array(Math.min(n, 65535))) }),
    ne: fc.oneof(fc.constantFrom(0, 1, 255, 256, 257, 65535, 65536), fc.integer({ min: 0, max: 65536 })),
  });

  it('decodeCommand(encodeCommand(c)) gives back c, extended exactly when needed', () => {
    fc.assert(
      fc.property(command, (cmd) => {
        const decoded = decodeCommand(encodeCommand(cmd));
        expect(decoded.extended).toBe(needsExtended(cmd));
        expect([decoded.cla, decoded.ins, decoded.p1, decoded.p2, decoded.ne]).toEqual([cmd.cla, cmd.ins, cmd.p1, cmd.p2, cmd.ne]);
        expect(equalBytes(decoded.data ?? new Uint8Array(0), cmd.data ?? new Uint8Array(0))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  const onlyApduErrors = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof MrtdError)) throw e;
      expect(e.code).toBe('APDU_MALFORMED');
    }
  };

  it('random bytes into decodeCommand/decodeResponse only give MrtdError; what decodes re-encodes to the same meaning', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (raw) => {
        onlyApduErrors(() => decodeResponse(raw));
        onlyApduErrors(() => {
          const { extended: _extended, ...cmd } = decodeCommand(raw);
          const again = decodeCommand(encodeCommand(cmd));
          expect(again.ne).toBe(cmd.ne);
          expect(hex(again.data ?? new Uint8Array(0))).toBe(hex(cmd.data ?? new Uint8Array(0)));
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('mutated valid commands only give MrtdError', () => {
    const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), byte);
    fc.assert(
      fc.property(command, fc.array(edit, { minLength: 1, maxLength: 3 }), (cmd, edits) => {
        const raw = Array.from(encodeCommand(cmd));
        for (const [pos, kind, b] of edits) {
          const p = pos % (raw.length + 1);
          if (kind === 0 && p < raw.length) raw[p] = b;
          else if (kind === 1) raw.splice(p, 0, b);
          else raw.splice(p, 1);
        }
        onlyApduErrors(() => decodeCommand(Uint8Array.from(raw)));
      }),
      { numRuns: 300 },
    );
  });
});
