/**
 * The portrait in DG2 is JPEG (ISO/IEC 10918) or JPEG 2000 (ISO/IEC 15444-1), either in
 * the JP2 file format or as a raw codestream. The 19794-5 header says which, but chips
 * in the field get it wrong, so the bytes are trusted over the header.
 */
export type ImageFormat = 'jpeg' | 'jp2' | 'j2k' | 'unknown';

// ISO/IEC 15444-1 §I.5.1: the JPEG 2000 signature box
const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
// ISO/IEC 15444-1 §A.4.1/A.5.1: SOC marker followed by SIZ
const J2K_SIGNATURE = [0xff, 0x4f, 0xff, 0x51];
// ISO/IEC 10918-1 §B.1.1.3: SOI followed by the next marker's FF
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

export function detectImageFormat(bytes: Uint8Array): ImageFormat {
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
  if (startsWith(bytes, JP2_SIGNATURE)) return 'jp2';
  if (startsWith(bytes, J2K_SIGNATURE)) return 'j2k';
  return 'unknown';
}
