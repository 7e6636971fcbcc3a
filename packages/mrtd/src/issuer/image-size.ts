/**
 * Width and height of a JPEG, JP2 or raw JPEG 2000 codestream, read from its header
 * alone (the issuer needs them for the ISO/IEC 19794-5 record; nothing is decoded).
 */
import { MrtdError } from '../errors.js';

function be16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
function be32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** JPEG: the first SOFn marker (ITU-T T.81 §B.2.2) carries height then width. */
function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return undefined;
    const marker = b[p + 1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    const len = be16(b, p + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && p + 9 <= b.length) return { height: be16(b, p + 5), width: be16(b, p + 7) };
    p += 2 + len;
  }
  return undefined;
}

/** JPEG 2000 codestream: SIZ (ISO/IEC 15444-1 §A.5.1) gives Xsiz, Ysiz, XOsiz, YOsiz. */
function j2kSize(b: Uint8Array, o: number): { width: number; height: number } | undefined {
  if (be16(b, o) !== 0xff4f || be16(b, o + 2) !== 0xff51 || o + 24 > b.length) return undefined;
  const xsiz = be32(b, o + 8), ysiz = be32(b, o + 12), xo = be32(b, o + 16), yo = be32(b, o + 20);
  return { width: xsiz - xo, height: ysiz - yo };
}

/** JP2: walk the boxes to jp2h/ihdr (ISO/IEC 15444-1 §I.5.3.1): height then width. */
function jp2Size(b: Uint8Array): { width: number; height: number } | undefined {
  const walk = (start: number, end: number): { width: number; height: number } | undefined => {
    let p = start;
    while (p + 8 <= end) {
      let len = be32(b, p);
      const type = String.fromCharCode(b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!);
      let header = 8;
      if (len === 1) {
        if (p + 16 > end) return undefined;
        len = be32(b, p + 12); // 64-bit length: photos never exceed 4 GB
        header = 16;
      } else if (len === 0) len = end - p;
      if (len < header || p + len > end) return undefined;
      if (type === 'jp2h') return walk(p + header, p + len);
      if (type === 'ihdr' && len >= header + 8) return { height: be32(b, p + header), width: be32(b, p + header + 4) };
      if (type === 'jp2c') return j2kSize(b, p + header);
      p += len;
    }
    return undefined;
  };
  return walk(0, b.length);
}

export function imageSize(bytes: Uint8Array): { width: number; height: number; format: 'jpeg' | 'jp2' | 'j2k' } {
  let size: { width: number; height: number } | undefined;
  let format: 'jpeg' | 'jp2' | 'j2k' | undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    format = 'jpeg';
    size = jpegSize(bytes);
  } else if (bytes[0] === 0xff && bytes[1] === 0x4f) {
    format = 'j2k';
    size = j2kSize(bytes, 0);
  } else if (be32(bytes, 0) === 12 && be32(bytes, 4) === 0x6a502020) {
    format = 'jp2';
    size = jp2Size(bytes);
  }
  if (!format || !size || size.width <= 0 || size.height <= 0 || size.width > 65535 || size.height > 65535) {
    throw new MrtdError('IMAGE_UNSUPPORTED', 'the photo must be a JPEG, a JP2 file or a JPEG 2000 codestream with a readable size');
  }
  return { ...size, format };
}
