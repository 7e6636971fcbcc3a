import { FaceError } from './face-error.js';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'jp2' | 'j2k';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/**
 * Reads format and dimensions from the first bytes only, so that an oversized image is refused
 * before any decoder allocates its pixels. Throws FaceError('FACE_IMAGE_INVALID') for anything
 * it cannot place.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  const h = sniff(bytes);
  if (!h || !(h.width > 0) || !(h.height > 0)) throw new FaceError('FACE_IMAGE_INVALID', 'not a JPEG, PNG, WebP or JPEG 2000 image');
  return h;
}

function sniff(b: Uint8Array): ImageHeader | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpeg(b);
  if (b.length >= 24 && startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return png(b);
  if (startsWith(b, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) return jp2(b);
  if (startsWith(b, [0xff, 0x4f, 0xff, 0x51])) return j2kSiz(b, 0);
  if (b.length >= 30 && startsWith(b, [0x52, 0x49, 0x46, 0x46]) && String.fromCharCode(b[8]!, b[9]!, b[10]!, b[11]!) === 'WEBP') return webp(b);
  return undefined;
}

/** RFC 9649 §2.5–2.7: the first chunk (VP8, VP8L or VP8X) carries the canvas size. */
function webp(b: Uint8Array): ImageHeader | undefined {
  const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  const le24 = (o: number): number => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
  if (chunk === 'VP8X') return { format: 'webp', width: le24(24) + 1, height: le24(27) + 1 };
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return undefined;
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
    return { format: 'webp', width: (b[26]! | (b[27]! << 8)) & 0x3fff, height: (b[28]! | (b[29]! << 8)) & 0x3fff };
  }
  return undefined;
}

function startsWith(b: Uint8Array, sig: number[]): boolean {
  return b.length >= sig.length && sig.every((v, i) => b[i] === v);
}

function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
}

/** ITU-T T.81 Annex B: walk marker segments up to the first SOFn (any of C0–CF except C4, C8, CC). */
function jpeg(b: Uint8Array): ImageHeader | undefined {
  let o = 2;
  while (o + 4 <= b.length) {
    if (b[o] !== 0xff) return undefined;
    const m = b[o + 1]!;
    if (m === 0xff) {
      o++; // fill byte
      continue;
    }
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      o += 2; // standalone markers carry no length
      continue;
    }
    if (m === 0xd9 || m === 0xda) return undefined; // EOI or scan data before any frame header
    const len = u16(b, o + 2);
    if (len < 2) return undefined;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (o + 9 > b.length) return undefined;
      return { format: 'jpeg', height: u16(b, o + 5), width: u16(b, o + 7) };
    }
    o += 2 + len;
  }
  return undefined;
}

/** PNG spec §11.2.2: IHDR is the first chunk. */
function png(b: Uint8Array): ImageHeader | undefined {
  if (String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return undefined;
  return { format: 'png', width: u32(b, 16), height: u32(b, 20) };
}

/** ISO/IEC 15444-1 Annex I: the jp2h superbox holds ihdr (HEIGHT, WIDTH); else use the codestream's SIZ. */
function jp2(b: Uint8Array): ImageHeader | undefined {
  const walk = (start: number, end: number, depth: number): ImageHeader | undefined => {
    let o = start;
    while (o + 8 <= end) {
      let len = u32(b, o);
      const type = String.fromCharCode(b[o + 4]!, b[o + 5]!, b[o + 6]!, b[o + 7]!);
      let head = 8;
      if (len === 1) {
        if (o + 16 > end || u32(b, o + 8) !== 0) return undefined; // > 4 GiB boxes are never a face photo
        len = u32(b, o + 12);
        head = 16;
      } else if (len === 0) {
        len = end - o;
      }
      if (len < head || o + len > end) return undefined;
      if (type === 'jp2h' && depth === 0) return walk(o + head, o + len, 1);
      if (type === 'ihdr' && depth === 1 && len >= head + 8) {
        return { format: 'jp2', height: u32(b, o + head), width: u32(b, o + head + 4) };
      }
      if (type === 'jp2c' && depth === 0) {
        const c = j2kSiz(b, o + head);
        return c && { ...c, format: 'jp2' };
      }
      o += len;
    }
    return undefined;
  };
  return walk(0, b.length, 0);
}

/** ISO/IEC 15444-1 A.5.1: SIZ follows SOC; image size is Xsiz−XOsiz by Ysiz−YOsiz. */
function j2kSiz(b: Uint8Array, o: number): ImageHeader | undefined {
  if (o + 24 > b.length || u16(b, o) !== 0xff4f || u16(b, o + 2) !== 0xff51) return undefined;
  const s = o + 4;
  const xsiz = u32(b, s + 4);
  const ysiz = u32(b, s + 8);
  const xo = u32(b, s + 12);
  const yo = u32(b, s + 16);
  if (xo >= xsiz || yo >= ysiz) return undefined;
  return { format: 'j2k', width: xsiz - xo, height: ysiz - yo };
}
