/** Image intake for the face step: header sniffing, size limits before decoding, JPEG 2000 in both wrappings. */
import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../src/proofing/face/decode.js';
import { FaceError } from '../src/proofing/face/face-error.js';
import { readImageHeader } from '../src/proofing/face/image-header.js';
import { chipPhoto, fixture } from './face-support.js';


async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof FaceError) return e.code;
    throw e;
  }
}

/** A JPEG whose frame header claims w×h, followed by no image data at all. */
function jpegHeaderOnly(w: number, h: number): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xc0, 0, 17, 8, h >> 8, h & 255, w >> 8, w & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
}

describe('readImageHeader', () => {
  it('reads JPEG, PNG and WebP dimensions from the header', async () => {
    const jpeg = await sharp({ create: { width: 123, height: 45, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const png = await sharp({ create: { width: 77, height: 66, channels: 4, background: '#102030' } }).png().toBuffer();
    const webp = await sharp({ create: { width: 99, height: 11, channels: 3, background: '#102030' } }).webp().toBuffer();
    expect(readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 123, height: 45 });
    expect(readImageHeader(png)).toEqual({ format: 'png', width: 77, height: 66 });
    expect(readImageHeader(webp)).toEqual({ format: 'webp', width: 99, height: 11 });
    expect(readImageHeader(fixture('p02/img47.jpg')).format).toBe('webp'); // a WebP named .jpg in the set
  });

  it('reads JP2 (ihdr box) and raw J2K (SIZ) dimensions', async () => {
    const src = fixture('p01/img5.jpg');
    const face = { box: [60, 60, 200, 200] as const, imageWidth: 330 };
    expect(readImageHeader(await chipPhoto(src, face, { format: 'jp2' }))).toEqual({ format: 'jp2', width: 420, height: 560 });
    expect(readImageHeader(await chipPhoto(src, face, { format: 'j2k' }))).toEqual({ format: 'j2k', width: 420, height: 560 });
  });

  it('refuses what is not an image', () => {
    for (const b of [new Uint8Array(0), new TextEncoder().encode('%PDF-1.7 hello'), Uint8Array.from([0xff, 0xd8, 0xff]), jpegHeaderOnly(0, 10)]) {
      expect(() => readImageHeader(b)).toThrow(expect.objectContaining({ code: 'FACE_IMAGE_INVALID' }));
    }
  });

  it('only ever returns positive dimensions or throws FACE_IMAGE_INVALID, whatever the bytes', () => {
    const prefixes = [[0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a], [0xff, 0x4f, 0xff, 0x51], [0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50]];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 300 }), (prefix, rest) => {
        try {
          const h = readImageHeader(Uint8Array.from([...prefix, ...rest]));
          expect(h.width).toBeGreaterThan(0);
          expect(h.height).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(FaceError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeImage', () => {
  it('refuses a 50-megapixel image from its header, before decoding', async () => {
    // the body is absent: had a decoder run, the answer would be FACE_IMAGE_INVALID
    expect(await codeOf(decodeImage(jpegHeaderOnly(8660, 5780)))).toBe('FACE_IMAGE_TOO_LARGE');
    const real = await sharp({ create: { width: 8660, height: 5780, channels: 3, background: '#777777' } }).jpeg({ quality: 50 }).toBuffer();
    expect(await codeOf(decodeImage(real))).toBe('FACE_IMAGE_TOO_LARGE');
  });

  it('refuses a file past the byte limit and garbage behind a valid header', async () => {
    expect(await codeOf(decodeImage(new Uint8Array(26 * 1024 * 1024)))).toBe('FACE_IMAGE_TOO_LARGE');
    expect(await codeOf(decodeImage(jpegHeaderOnly(640, 480)))).toBe('FACE_IMAGE_INVALID');
    expect(await codeOf(decodeImage(new TextEncoder().encode('not an image')))).toBe('FACE_IMAGE_INVALID');
  });

  it('shrinks a 12.6-megapixel photo to the working size', async () => {
    const img = await decodeImage(fixture('p02/img49.jpg'));
    expect(img.sourceWidth * img.sourceHeight).toBeGreaterThan(10_000_000);
    expect(Math.max(img.width, img.height)).toBe(960);
    expect(img.data.length).toBe(img.width * img.height * 3);
  });

  describe('JPEG 2000', () => {
    let jp2: Uint8Array;
    let j2k: Uint8Array;
    beforeAll(async () => {
      const face = { box: [60, 60, 200, 200] as const, imageWidth: 330 };
      jp2 = await chipPhoto(fixture('p01/img5.jpg'), face, { format: 'jp2' });
      j2k = await chipPhoto(fixture('p01/img5.jpg'), face, { format: 'j2k' });
    });

    it('decodes a ≈15 KB JP2 file and the same picture as a raw codestream', async () => {
      expect(jp2.length).toBeGreaterThan(12_000);
      expect(jp2.length).toBeLessThan(18_000);
      const a = await decodeImage(jp2);
      const b = await decodeImage(j2k);
      expect([a.format, a.width, a.height]).toEqual(['jp2', 420, 560]);
      expect([b.format, b.width, b.height]).toEqual(['j2k', 420, 560]);
      // encoded separately at the same rate, so close but not bit-identical
      let diff = 0;
      for (let i = 0; i < a.data.length; i++) diff += Math.abs(a.data[i]! - b.data[i]!);
      expect(diff / a.data.length).toBeLessThan(3);
      // not a flat image: the decoder really produced the picture
      const mean = a.data.reduce((s, v) => s + v, 0) / a.data.length;
      expect(a.data.reduce((s, v) => s + (v - mean) ** 2, 0) / a.data.length).toBeGreaterThan(100);
    });

    it('turns damaged codestreams into FACE_IMAGE_INVALID, and keeps decoding afterwards', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: j2k.length - 1 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), async (at, len, truncate) => {
          const bad = truncate ? j2k.slice(0, at) : Uint8Array.from(j2k);
          if (!truncate) for (let i = at; i < Math.min(bad.length, at + len); i++) bad[i] = bad[i]! ^ 0x5a;
          const code = await codeOf(decodeImage(bad));
          expect(['ok', 'FACE_IMAGE_INVALID', 'FACE_IMAGE_TOO_LARGE']).toContain(code);
        }),
        { numRuns: 60 },
      );
      expect((await decodeImage(j2k)).width).toBe(420);
    });
  });
});
