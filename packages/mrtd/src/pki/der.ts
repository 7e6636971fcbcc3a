/** Small DER helpers shared by the PKI modules: buffer views, raw element slices, INTEGER magnitudes. */
import { AsnConvert } from '@peculiar/asn1-schema';
import { MrtdError, type MrtdErrorCode } from '../errors.js';
import { readTlv, readTlvs, type Tlv } from '../tlv.js';

/** A copy as a standalone ArrayBuffer, which the asn1 libraries want. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

export function bytesOf(buf: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (buf instanceof ArrayBuffer) return new Uint8Array(buf);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Serializes an asn1-schema object to DER bytes. */
export function derOf(value: unknown): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(value));
}

/** The whole encoding (tag, length and value) of a TLV read from `buf`. */
export function tlvBytes(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.end - t.headerLength - t.value.length, t.end);
}

/** The children of the constructed element encoded at the start of `buf`. */
export function childrenOf(buf: Uint8Array): { tlv: Tlv; raw: Uint8Array }[] {
  const outer = readTlv(buf, 0);
  return readTlvs(outer.value).map((tlv) => ({ tlv, raw: tlvBytes(outer.value, tlv) }));
}

/**
 * The unsigned magnitude of a DER INTEGER's content: leading zero bytes dropped, at least one byte kept.
 * Serials are compared this way so `00 80` and `80` (a common encoder mistake) name the same certificate.
 */
export function integerMagnitude(content: Uint8Array): Uint8Array {
  let i = 0;
  while (i < content.length - 1 && content[i] === 0) i++;
  return content.slice(i);
}

/** DER INTEGER content for a positive number given as big-endian magnitude bytes. */
export function positiveInteger(magnitude: Uint8Array): Uint8Array {
  const m = integerMagnitude(magnitude);
  if (m.length === 0) return Uint8Array.of(0);
  return m[0]! & 0x80 ? Uint8Array.of(0, ...m) : m;
}

/**
 * Runs a decoder and turns whatever the ASN.1 libraries throw into an MrtdError with `code`.
 * An MrtdError from inside keeps its own code unless it is a TLV error, which becomes `code` too.
 */
export function guardDecode<T>(code: MrtdErrorCode, what: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof MrtdError && !e.code.startsWith('TLV_')) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new MrtdError(code, `${what}: ${message}`, { cause: e });
  }
}

/** DER of an OBJECT IDENTIFIER (X.690 §8.19). */
export function encodeOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map((s) => BigInt(s));
  if (arcs.length < 2) throw new RangeError(`bad OID ${oid}`);
  const body: number[] = [];
  const push = (n: bigint) => {
    const chunk: number[] = [Number(n & 0x7fn)];
    for (let v = n >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    body.push(...chunk);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return Uint8Array.of(0x06, body.length, ...body);
}

/** The dotted form of an OBJECT IDENTIFIER's DER, or undefined when it is not one. */
export function decodeOid(der: Uint8Array): string | undefined {
  if (der.length < 3 || der[0] !== 0x06 || der[1] !== der.length - 2 || der[der.length - 1]! & 0x80) return undefined;
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of der.subarray(2)) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs.shift()!;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}
