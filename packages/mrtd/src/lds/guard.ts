/**
 * Shared plumbing for the LDS decoders: every decoder reads untrusted bytes from a chip,
 * so anything that is not already an MrtdError (a RangeError from a DataView, a TypeError
 * from the strict UTF-8 decoder, an exception from the ASN.1 library) becomes LDS_MALFORMED.
 */
import { MrtdError } from '../errors.js';
import { readSingle } from '../tlv.js';
import type { Tlv } from '../tlv.js';

export function malformed(what: string, message: string, cause?: unknown): MrtdError {
  return new MrtdError('LDS_MALFORMED', `${what}: ${message}`, cause === undefined ? {} : { cause });
}

/** Runs a decoder and guarantees that only MrtdError leaves it. */
export function guarded<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof MrtdError) throw e;
    throw malformed(what, e instanceof Error ? e.message : 'cannot be decoded', e);
  }
}

/** The outer template of an LDS file: exactly one TLV with the file's tag and nothing after it. */
export function outer(file: Uint8Array, tag: number, what: string): Tlv {
  if (!(file instanceof Uint8Array)) throw malformed(what, 'not a byte array');
  return readSingle(file, tag, what);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Doc 9303 Part 10 §4.7: DG11/DG12 text is UTF-8; invalid sequences are refused rather than replaced. */
export function utf8Text(bytes: Uint8Array, what: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch (e) {
    throw malformed(what, 'not valid UTF-8', e);
  }
}

export function printableAscii(bytes: Uint8Array, what: string): string {
  let s = '';
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) throw malformed(what, `byte ${b.toString(16)} is not printable ASCII`);
    s += String.fromCharCode(b);
  }
  return s;
}

/** The offset where a TLV read from the same buffer starts, for slicing its exact encoding. */
export function tlvStart(t: Tlv): number {
  return t.end - t.value.length - t.headerLength;
}

/** Encoder-side range check: callers (the issuer) get a typed error for values the format cannot hold. */
export function checkUint(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new MrtdError('LDS_MALFORMED', `cannot encode ${what}: ${value} is not an integer in 0..${max}`);
  }
  return value;
}
