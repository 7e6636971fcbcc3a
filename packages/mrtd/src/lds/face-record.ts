/**
 * The ISO/IEC 19794-5:2005 facial record carried in DG2's biometric data block
 * (Doc 9303 Part 10 §4.7.2 refers to it): a 14-byte record header, then per image a
 * 20-byte facial information block, 8 bytes per feature point, a 12-byte image
 * information block and the image itself. All integers are big-endian.
 */
import { concat } from '../bytes.js';
import { detectImageFormat } from './image-format.js';
import type { ImageFormat } from './image-format.js';
import { checkUint, malformed } from './guard.js';

export interface FeaturePoint {
  /** 1 = 2D feature point (ISO/IEC 19794-5 §5.6.1) */
  type: number;
  /** MPEG-4 feature point: major code in the high nibble, minor code in the low nibble */
  code: number;
  x: number;
  y: number;
}

export interface FaceImage {
  image: Uint8Array;
  /** told from the image's own bytes, not from imageDataType */
  imageFormat: ImageFormat;
  width: number;
  height: number;
  gender: number;
  eyeColour: number;
  hairColour: number;
  /** 24 bits */
  featureMask: number;
  expression: number;
  /** yaw, pitch, roll as encoded (0 = unspecified, else 1 + angle/2 in the standard's wrap-around form) */
  poseAngle: [number, number, number];
  poseAngleUncertainty: [number, number, number];
  featurePoints: FeaturePoint[];
  faceImageType: number;
  /** 0 JPEG, 1 JPEG 2000 */
  imageDataType: number;
  colourSpace: number;
  sourceType: number;
  deviceType: number;
  quality: number;
}

// "FAC\0" and version "010\0" (ISO/IEC 19794-5:2005 §5.4)
const FORMAT_ID = [0x46, 0x41, 0x43, 0x00];
const VERSION_2005 = [0x30, 0x31, 0x30, 0x00];
const RECORD_HEADER = 14;
const FACIAL_INFORMATION = 20;
const FEATURE_POINT = 8;
const IMAGE_INFORMATION = 12;

export const IMAGE_DATA_TYPE_JPEG = 0;
export const IMAGE_DATA_TYPE_JPEG2000 = 1;

/** A cursor that refuses to read past its end: claimed lengths never drive an allocation. */
class Cursor {
  private p = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}
  get offset(): number {
    return this.p;
  }
  get remaining(): number {
    return this.bytes.length - this.p;
  }
  take(n: number): Uint8Array {
    if (n > this.remaining) throw malformed(this.what, `needs ${n} bytes at offset ${this.p}, ${this.remaining} left`);
    const out = this.bytes.subarray(this.p, this.p + n);
    this.p += n;
    return out;
  }
  uint(n: number): number {
    let v = 0;
    for (const b of this.take(n)) v = v * 256 + b;
    return v;
  }
}

function same(bytes: Uint8Array, expected: readonly number[]): boolean {
  return bytes.length === expected.length && expected.every((b, i) => bytes[i] === b);
}

export function decodeFaceRecord(record: Uint8Array, what = 'DG2 facial record'): FaceImage[] {
  const c = new Cursor(record, what);
  if (!same(c.take(4), FORMAT_ID)) throw malformed(what, 'format identifier is not FAC');
  if (!same(c.take(4), VERSION_2005)) throw malformed(what, 'not an ISO/IEC 19794-5:2005 record (version 010)');
  const recordLength = c.uint(4);
  if (recordLength !== record.length) throw malformed(what, `record length ${recordLength} but ${record.length} bytes present`);
  const count = c.uint(2);
  if (count === 0) throw malformed(what, 'no facial image');
  const faces: FaceImage[] = [];
  for (let i = 0; i < count; i++) {
    const start = c.offset;
    const blockLength = c.uint(4);
    const pointCount = c.uint(2);
    const fixed = FACIAL_INFORMATION + FEATURE_POINT * pointCount + IMAGE_INFORMATION;
    if (blockLength < fixed || blockLength > record.length - start) {
      throw malformed(what, `facial record data length ${blockLength} does not fit`);
    }
    const gender = c.uint(1);
    const eyeColour = c.uint(1);
    const hairColour = c.uint(1);
    const featureMask = c.uint(3);
    const expression = c.uint(2);
    const poseAngle: [number, number, number] = [c.uint(1), c.uint(1), c.uint(1)];
    const poseAngleUncertainty: [number, number, number] = [c.uint(1), c.uint(1), c.uint(1)];
    const featurePoints: FeaturePoint[] = [];
    for (let j = 0; j < pointCount; j++) {
      featurePoints.push({ type: c.uint(1), code: c.uint(1), x: c.uint(2), y: c.uint(2) });
      c.take(2); // reserved
    }
    const faceImageType = c.uint(1);
    const imageDataType = c.uint(1);
    const width = c.uint(2);
    const height = c.uint(2);
    const colourSpace = c.uint(1);
    const sourceType = c.uint(1);
    const deviceType = c.uint(2);
    const quality = c.uint(2);
    const image = c.take(blockLength - fixed).slice();
    faces.push({
      image,
      imageFormat: detectImageFormat(image),
      width,
      height,
      gender,
      eyeColour,
      hairColour,
      featureMask,
      expression,
      poseAngle,
      poseAngleUncertainty,
      featurePoints,
      faceImageType,
      imageDataType,
      colourSpace,
      sourceType,
      deviceType,
      quality,
    });
  }
  if (c.remaining !== 0) throw malformed(what, `${c.remaining} bytes after the last facial image`);
  return faces;
}

function be(value: number, bytes: number, what: string): Uint8Array {
  checkUint(value, 2 ** (8 * bytes) - 1, what);
  const out = new Uint8Array(bytes);
  let v = value;
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

function encodeFace(f: FaceImage): Uint8Array {
  const length = FACIAL_INFORMATION + FEATURE_POINT * f.featurePoints.length + IMAGE_INFORMATION + f.image.length;
  return concat(
    be(length, 4, 'facial record data length'),
    be(f.featurePoints.length, 2, 'feature point count'),
    be(f.gender, 1, 'gender'),
    be(f.eyeColour, 1, 'eye colour'),
    be(f.hairColour, 1, 'hair colour'),
    be(f.featureMask, 3, 'feature mask'),
    be(f.expression, 2, 'expression'),
    ...f.poseAngle.map((a) => be(a, 1, 'pose angle')),
    ...f.poseAngleUncertainty.map((a) => be(a, 1, 'pose angle uncertainty')),
    ...f.featurePoints.flatMap((p) => [
      be(p.type, 1, 'feature point type'),
      be(p.code, 1, 'feature point code'),
      be(p.x, 2, 'feature point x'),
      be(p.y, 2, 'feature point y'),
      new Uint8Array(2),
    ]),
    be(f.faceImageType, 1, 'face image type'),
    be(f.imageDataType, 1, 'image data type'),
    be(f.width, 2, 'width'),
    be(f.height, 2, 'height'),
    be(f.colourSpace, 1, 'colour space'),
    be(f.sourceType, 1, 'source type'),
    be(f.deviceType, 2, 'device type'),
    be(f.quality, 2, 'quality'),
    f.image,
  );
}

export function encodeFaceRecord(faces: FaceImage[]): Uint8Array {
  if (faces.length === 0) throw malformed('DG2', 'cannot encode a facial record without an image');
  const body = concat(...faces.map(encodeFace));
  return concat(
    Uint8Array.from(FORMAT_ID),
    Uint8Array.from(VERSION_2005),
    be(RECORD_HEADER + body.length, 4, 'record length'),
    be(faces.length, 2, 'facial image count'),
    body,
  );
}
