import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeDg2, encodeDg2, detectImageFormat } from '../src/lds/index.js';
import { concat, fromHex, hex } from '../src/bytes.js';
import { encodeTlv } from '../src/tlv.js';
import { codeOf } from './support/errors.js';

// 16×12 grey gradient made with OpenJPEG 2.5.0: `opj_compress -i g.pgm -o g.jp2 -n 2 -r 10` (and -o g.j2k)
const JP2 = Buffer.from(
  'AAAADGpQICANCocKAAAAFGZ0eXBqcDIgAAAAAGpwMiAAAAAtanAyaAAAABZpaGRyAAAADAAAABAAAQcHAAAAAAAPY29scgEAAAAAABEAAAChanAyY/9P/1EAKQAAAAAAEAAAAAwAAAAAAAAAAAAAABAAAAAMAAAAAAAAAAAAAQcBAf9SAAwAAAABAAEEBAAB/1wAB0BASEhQ/2QAJQABQ3JlYXRlZCBieSBPcGVuSlBFRyB2ZXJzaW9uIDIuNS4w/5AACgAAAAAALAAB/5PfAmASEHqkdgCJdj48TmaY4uhEy+v0zGAzDGfFJif/2Q==',
  'base64',
);
const J2K = Buffer.from(
  '/0//UQApAAAAAAAQAAAADAAAAAAAAAAAAAAAEAAAAAwAAAAAAAAAAAABBwEB/1IADAAAAAEAAQQEAAH/XAAHQEBISFD/ZAAlAAFDcmVhdGVkIGJ5IE9wZW5KUEVHIHZlcnNpb24gMi41LjD/kAAKAAAAAAAsAAH/k98CYBIQeqR2AIl2PjxOZpji6ETL6/TMYDMMZ8UmJ//Z',
  'base64',
);
const JPEG = new Uint8Array(readFileSync(new URL('../../../../shared/fixtures/faces/p02/img51.jpg', import.meta.url)));


/** JPEG SOFn (ITU-T T.81 §B.2.2): the test's own reading of the photo's size. */
function jpegSize(b: Uint8Array): { width: number; height: number } {
  let p = 2;
  for (;;) {
    const marker = b[p + 1]!;
    const len = (b[p + 2]! << 8) | b[p + 3]!;
    if (marker >= 0xc0 && marker <= 0xc3) return { height: (b[p + 5]! << 8) | b[p + 6]!, width: (b[p + 7]! << 8) | b[p + 8]! };
    p += 2 + len;
  }
}

const u = (n: number, bytes: number) => fromHex(n.toString(16).padStart(bytes * 2, '0'));

/** Builds a DG2 byte by byte from ISO/IEC 19794-5:2005 §5.4–5.8, independent of the encoder. */
function handBuiltDg2(image: Uint8Array, imageDataType: number, width: number, height: number): Uint8Array {
  const facialInfo = concat(
    u(20 + 8 + 12 + image.length, 4), // facial record data length
    u(1, 2), // one feature point
    u(2, 1), // gender: female
    u(1, 1), // eye colour: black
    u(4, 1), // hair colour: brown
    u(0x000003, 3), // feature mask: features specified, glasses
    u(1, 2), // expression: neutral
    fromHex('01 02 03'), // pose angle yaw, pitch, roll
    fromHex('04 05 06'), // uncertainties
  );
  const point = fromHex('01 C1 0010 0020 0000'); // 2D point 12.1 at (16, 32)
  const imageInfo = concat(u(1, 1), u(imageDataType, 1), u(width, 2), u(height, 2), u(1, 1), u(2, 1), u(0, 2), u(0, 2));
  const body = concat(facialInfo, point, imageInfo, image);
  const record = concat(fromHex('46414300 30313000'), u(14 + body.length, 4), u(1, 2), body);
  const header = fromHex('A1 0F 80020101 810102 87020101 88020008');
  return encodeTlv(0x75, encodeTlv(0x7f61, fromHex('020101'), encodeTlv(0x7f60, header, encodeTlv(0x5f2e, record))));
}

describe('image format detection', () => {
  it('tells JPEG, JP2 and raw codestreams apart by their magic bytes', () => {
    expect(detectImageFormat(JPEG)).toBe('jpeg');
    expect(detectImageFormat(JP2)).toBe('jp2');
    expect(detectImageFormat(J2K)).toBe('j2k');
    expect(detectImageFormat(fromHex('FFD8FFE0'))).toBe('jpeg');
    expect(detectImageFormat(fromHex('0000000C6A5020200D0A870A'))).toBe('jp2');
    expect(detectImageFormat(fromHex('FF4FFF51'))).toBe('j2k');
    expect(detectImageFormat(fromHex('0000000C6A5020200D0A87'))).toBe('unknown'); // one byte short
    expect(detectImageFormat(fromHex('89504E470D0A1A0A'))).toBe('unknown'); // PNG
    expect(detectImageFormat(new Uint8Array(0))).toBe('unknown');
  });
});

describe('DG2', () => {
  it('decodes a hand-built DG2 carrying a real JPEG', () => {
    const { width, height } = jpegSize(JPEG);
    const dg2 = decodeDg2(handBuiltDg2(JPEG, 0, width, height));
    expect(dg2.faces).toHaveLength(1);
    const f = dg2.faces[0]!;
    expect(f.imageFormat).toBe('jpeg');
    expect(f.imageDataType).toBe(0);
    expect(hex(f.image)).toBe(hex(JPEG));
    expect([f.width, f.height]).toEqual([width, height]);
    expect([f.gender, f.eyeColour, f.hairColour, f.featureMask, f.expression]).toEqual([2, 1, 4, 3, 1]);
    expect(f.poseAngle).toEqual([1, 2, 3]);
    expect(f.poseAngleUncertainty).toEqual([4, 5, 6]);
    expect(f.featurePoints).toEqual([{ type: 1, code: 0xc1, x: 16, y: 32 }]);
    expect([f.faceImageType, f.colourSpace, f.sourceType, f.deviceType, f.quality]).toEqual([1, 1, 2, 0, 0]);
  });

  it('decodes hand-built DG2s carrying JPEG 2000, in a JP2 box and as a raw codestream', () => {
    for (const [image, format] of [
      [JP2, 'jp2'],
      [J2K, 'j2k'],
    ] as const) {
      const f = decodeDg2(handBuiltDg2(image, 1, 16, 12)).faces[0]!;
      expect(f.imageFormat).toBe(format);
      expect(f.imageDataType).toBe(1);
      expect(hex(f.image)).toBe(hex(image));
      expect([f.width, f.height]).toEqual([16, 12]);
    }
  });

  it('trusts the image bytes over a wrong image data type in the header', () => {
    const f = decodeDg2(handBuiltDg2(JP2, 0, 16, 12)).faces[0]!;
    expect(f.imageDataType).toBe(0);
    expect(f.imageFormat).toBe('jp2');
  });

  it('encodes what the hand-built file holds, byte for byte', () => {
    const { width, height } = jpegSize(JPEG);
    const encoded = encodeDg2({
      faces: [
        {
          image: JPEG,
          width,
          height,
          gender: 2,
          eyeColour: 1,
          hairColour: 4,
          featureMask: 3,
          expression: 1,
          poseAngle: [1, 2, 3],
          poseAngleUncertainty: [4, 5, 6],
          featurePoints: [{ type: 1, code: 0xc1, x: 16, y: 32 }],
        },
      ],
    });
    expect(hex(encoded)).toBe(hex(handBuiltDg2(JPEG, 0, width, height)));
  });

  it('round-trips with defaults and picks the image data type from the bytes', () => {
    const file = encodeDg2({ faces: [{ image: J2K, width: 16, height: 12 }, { image: JPEG, width: 4, height: 5 }] });
    const { faces } = decodeDg2(file);
    expect(faces.map((f) => [f.imageFormat, f.imageDataType, f.width, f.height])).toEqual([
      ['j2k', 1, 16, 12],
      ['jpeg', 0, 4, 5],
    ]);
    expect(faces[0]).toMatchObject({ gender: 0, faceImageType: 1, featurePoints: [], poseAngle: [0, 0, 0] });
    expect(hex(encodeDg2(decodeDg2(file)))).toBe(hex(file));
  });

  it('treats explicitly undefined fields as not given', () => {
    const f = decodeDg2(encodeDg2({ faces: [{ image: JP2, width: 16, height: 12, gender: undefined, imageDataType: undefined }] })).faces[0]!;
    expect([f.gender, f.imageDataType]).toEqual([0, 1]);
  });

  it('refuses to encode an image it cannot identify, or values the record cannot hold', () => {
    expect(codeOf(() => encodeDg2({ faces: [{ image: fromHex('89504E47'), width: 1, height: 1 }] }))).toBe('LDS_MALFORMED');
    expect(codeOf(() => encodeDg2({ faces: [{ image: J2K, width: 70000, height: 1 }] }))).toBe('LDS_MALFORMED');
    expect(codeOf(() => encodeDg2({ faces: [{ image: J2K, width: 1, height: 1, featureMask: 1 << 24 }] }))).toBe('LDS_MALFORMED');
    expect(codeOf(() => encodeDg2({ faces: [] }))).toBe('LDS_MALFORMED');
  });

  it('refuses claimed lengths beyond the data without allocating them', () => {
    const good = handBuiltDg2(J2K, 1, 16, 12);
    const recordAt = hex(good).indexOf('46414300') / 2;
    const bad = good.slice();
    bad.set(fromHex('FFFFFFF0'), recordAt + 14); // facial record data length of ~4 GB
    expect(codeOf(() => decodeDg2(bad))).toBe('LDS_MALFORMED');
    const badCount = good.slice();
    badCount.set(fromHex('FFFF'), recordAt + 18); // 65535 feature points
    expect(codeOf(() => decodeDg2(badCount))).toBe('LDS_MALFORMED');
  });

  it('refuses a wrong format identifier, a 2011 record, a wrong instance count and a missing header', () => {
    const good = handBuiltDg2(J2K, 1, 16, 12);
    const recordAt = hex(good).indexOf('46414300') / 2;
    const swap = (at: number, h: string) => {
      const b = good.slice();
      b.set(fromHex(h), at);
      return b;
    };
    expect(codeOf(() => decodeDg2(swap(recordAt, '46494E00')))).toBe('LDS_MALFORMED'); // FIN
    expect(codeOf(() => decodeDg2(swap(recordAt + 4, '30333000')))).toBe('LDS_MALFORMED'); // 030
    const countAt = hex(good).indexOf('020101') / 2;
    expect(codeOf(() => decodeDg2(swap(countAt + 2, '02')))).toBe('LDS_MALFORMED');
    const noHeader = encodeTlv(0x75, encodeTlv(0x7f61, fromHex('020101'), encodeTlv(0x7f60, encodeTlv(0x5f2e, fromHex('00')))));
    expect(codeOf(() => decodeDg2(noHeader))).toBe('LDS_MALFORMED');
  });
});
