import sharp from 'sharp';
import { FaceError } from './face-error.js';
import { readImageHeader, type ImageFormat } from './image-header.js';
import { decodeJpeg2000, type Rgb8 } from './jpeg2000.js';

export type { Rgb8 } from './jpeg2000.js';

export interface DecodeLimits {
  /** Refuse inputs larger than this many bytes before looking further. */
  maxBytes: number;
  /** Refuse images whose header claims more pixels (JPEG/PNG). */
  maxPixels: number;
  /** JPEG 2000 is decoded at full size by OpenJPEG, so it gets a tighter bound (chip photos are < 1 MP). */
  maxJpeg2000Pixels: number;
  /** Shrink so the longer side is at most this (detection needs far less; memory grows with pixels). */
  maxSide: number;
}

/**
 * 24 MP admits every phone camera in use and the 14 MP fixtures, and refuses the 50 MP bombs;
 * 960 px keeps a selfie's face at ~250 px, above the 224 px the descriptor model samples.
 */
export const defaultDecodeLimits: DecodeLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxPixels: 24_000_000,
  maxJpeg2000Pixels: 4_000_000,
  maxSide: 960,
};

export interface DecodedImage extends Rgb8 {
  format: ImageFormat;
  /** Size as stored, before shrinking. */
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * Untrusted image bytes → 8-bit RGB no larger than maxSide. Dimensions come from the header first,
 * so a decompression bomb is refused without allocating its pixels.
 */
export async function decodeImage(bytes: Uint8Array, limits: DecodeLimits = defaultDecodeLimits): Promise<DecodedImage> {
  if (bytes.length > limits.maxBytes) throw new FaceError('FACE_IMAGE_TOO_LARGE', `image is ${bytes.length} bytes (limit ${limits.maxBytes})`);
  const header = readImageHeader(bytes);
  const pixels = header.width * header.height;
  const isJ2k = header.format === 'jp2' || header.format === 'j2k';
  const maxPixels = isJ2k ? limits.maxJpeg2000Pixels : limits.maxPixels;
  if (pixels > maxPixels) {
    throw new FaceError('FACE_IMAGE_TOO_LARGE', `image is ${header.width}×${header.height} (limit ${maxPixels} pixels)`);
  }
  const base = { format: header.format, sourceWidth: header.width, sourceHeight: header.height };
  if (isJ2k) {
    const raw = await decodeJpeg2000(bytes);
    return { ...base, ...(await shrinkRaw(raw, limits.maxSide)) };
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', sequentialRead: true })
      .rotate() // camera frames carry EXIF orientation
      .resize(limits.maxSide, limits.maxSide, { fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels`);
    return { ...base, width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (cause) {
    throw new FaceError('FACE_IMAGE_INVALID', `image does not decode: ${(cause as Error).message}`, { cause });
  }
}

async function shrinkRaw(img: Rgb8, maxSide: number): Promise<Rgb8> {
  if (Math.max(img.width, img.height) <= maxSide) return img;
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(maxSide, maxSide, { fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
