/**
 * BER-TLV as used by ISO/IEC 7816-4 and the LDS (ICAO Doc 9303 Part 10): tags of one
 * to three bytes, definite lengths in short form or long form (81..84). Indefinite
 * lengths never occur in the LDS and are refused.
 */
import { concat } from './bytes.js';
import { MrtdError } from './errors.js';

export interface Tlv {
  tag: number;
  /** the value bytes (a view into the input, not a copy) */
  value: Uint8Array;
  /** offset of the first byte after this TLV in the input */
  end: number;
  /** bytes taken by tag and length */
  headerLength: number;
}

const MAX_LENGTH = 0x1000000; // 16 MiB: far above any LDS file, below anything that exhausts memory

export function isConstructed(tag: number): boolean {
  let first = tag;
  while (first > 0xff) first >>>= 8;
  return (first & 0x20) !== 0;
}

/** Reads one TLV at `offset`. Throws TLV_TRUNCATED or TLV_MALFORMED, never reads past the end. */
export function readTlv(buf: Uint8Array, offset = 0): Tlv {
  let p = offset;
  const need = (n: number, what: string) => {
    if (p + n > buf.length) throw new MrtdError('TLV_TRUNCATED', `TLV truncated in ${what} at offset ${p}`);
  };
  need(1, 'tag');
  let tag = buf[p++]!;
  if ((tag & 0x1f) === 0x1f) {
    let more = true;
    let count = 0;
    while (more) {
      need(1, 'tag');
      const b = buf[p++]!;
      if (++count > 2) throw new MrtdError('TLV_MALFORMED', `tag longer than 3 bytes at offset ${offset}`);
      tag = (tag << 8) | b;
      more = (b & 0x80) !== 0;
    }
  }
  need(1, 'length');
  let length = buf[p++]!;
  if (length === 0x80) throw new MrtdError('TLV_MALFORMED', `indefinite length at offset ${offset}`);
  if (length > 0x80) {
    const n = length & 0x7f;
    if (n > 4) throw new MrtdError('TLV_MALFORMED', `length of ${n} bytes at offset ${offset}`);
    need(n, 'length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p++]!;
    if (length > MAX_LENGTH) throw new MrtdError('TLV_MALFORMED', `length ${length} too large at offset ${offset}`);
  }
  need(length, 'value');
  return { tag, value: buf.subarray(p, p + length), end: p + length, headerLength: p - offset };
}

/** Reads a sequence of TLVs filling `buf` exactly. */
export function readTlvs(buf: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let p = 0;
  while (p < buf.length) {
    const t = readTlv(buf, p);
    out.push(t);
    p = t.end;
  }
  return out;
}

/** Reads exactly one TLV that must have `tag` and fill `buf` (trailing bytes are refused). */
export function readSingle(buf: Uint8Array, tag: number, what: string): Tlv {
  const t = readTlv(buf, 0);
  if (t.tag !== tag) throw new MrtdError('TLV_MALFORMED', `${what}: expected tag ${tag.toString(16)}, found ${t.tag.toString(16)}`);
  if (t.end !== buf.length) throw new MrtdError('TLV_MALFORMED', `${what}: ${buf.length - t.end} trailing bytes`);
  return t;
}

/** The first child with `tag` inside a constructed value, or undefined. */
export function findTlv(value: Uint8Array, tag: number): Tlv | undefined {
  return readTlvs(value).find((t) => t.tag === tag);
}

/** Like findTlv but the child must be there. */
export function requireTlv(value: Uint8Array, tag: number, what: string): Tlv {
  const t = findTlv(value, tag);
  if (!t) throw new MrtdError('TLV_MALFORMED', `${what}: tag ${tag.toString(16)} missing`);
  return t;
}

export function encodeTag(tag: number): Uint8Array {
  if (tag > 0xffff) return Uint8Array.of(tag >>> 16, (tag >>> 8) & 0xff, tag & 0xff);
  if (tag > 0xff) return Uint8Array.of(tag >>> 8, tag & 0xff);
  return Uint8Array.of(tag);
}

export function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n <= 0xff) return Uint8Array.of(0x81, n);
  if (n <= 0xffff) return Uint8Array.of(0x82, n >> 8, n & 0xff);
  if (n <= 0xffffff) return Uint8Array.of(0x83, n >> 16, (n >> 8) & 0xff, n & 0xff);
  return Uint8Array.of(0x84, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

export function encodeTlv(tag: number, ...value: Uint8Array[]): Uint8Array {
  const v = value.length === 1 ? value[0]! : concat(...value);
  return concat(encodeTag(tag), encodeLength(v.length), v);
}
