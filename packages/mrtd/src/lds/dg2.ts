/**
 * EF.DG2 (Doc 9303 Part 10 §4.7.2): template 75 → biometric information group template
 * 7F61 (02: instance count) → one biometric information template 7F60 per instance, each
 * with a biometric header template A1 (ISO/IEC 7816-11 / CBEFF) and a biometric data
 * block 5F2E (or 7F2E) holding an ISO/IEC 19794-5 facial record.
 */
import { concat } from '../bytes.js';
import { readTlvs, requireTlv, encodeTlv } from '../tlv.js';
import { ldsFile } from './files.js';
import { guarded, malformed, outer } from './guard.js';
import { decodeFaceRecord, encodeFaceRecord, IMAGE_DATA_TYPE_JPEG, IMAGE_DATA_TYPE_JPEG2000 } from './face-record.js';
import type { FaceImage } from './face-record.js';
import { detectImageFormat } from './image-format.js';

export type { FaceImage, FeaturePoint } from './face-record.js';

export interface Dg2 {
  faces: FaceImage[];
}

export type FaceImageInput = Partial<FaceImage> & { image: Uint8Array; width: number; height: number };

const TAG_GROUP = 0x7f61;
const TAG_INSTANCE_COUNT = 0x02;
const TAG_TEMPLATE = 0x7f60;
const TAG_HEADER = 0xa1;
const TAG_DATA_BLOCK = 0x5f2e;
const TAG_DATA_BLOCK_ALT = 0x7f2e;

// Biometric header template elements (Doc 9303 Part 10 §4.7.2.1, ISO/IEC 7816-11 Table 9)
const TAG_HEADER_VERSION = 0x80;
const TAG_BIOMETRIC_TYPE = 0x81;
const TAG_FORMAT_OWNER = 0x87;
const TAG_FORMAT_TYPE = 0x88;
const BIOMETRIC_TYPE_FACE = 0x02;
const FORMAT_OWNER_SC37 = Uint8Array.of(0x01, 0x01);
const FORMAT_TYPE_FACE = Uint8Array.of(0x00, 0x08);

export function decodeDg2(file: Uint8Array): Dg2 {
  return guarded('DG2', () => {
    const dg2 = outer(file, ldsFile('DG2').tag, 'DG2');
    const group = requireTlv(dg2.value, TAG_GROUP, 'DG2');
    const children = readTlvs(group.value);
    const countTlv = children.find((t) => t.tag === TAG_INSTANCE_COUNT);
    if (!countTlv || countTlv.value.length !== 1) throw malformed('DG2', 'biometric instance count missing');
    const templates = children.filter((t) => t.tag === TAG_TEMPLATE);
    if (templates.length !== countTlv.value[0]) {
      throw malformed('DG2', `instance count ${countTlv.value[0]} but ${templates.length} templates`);
    }
    const faces: FaceImage[] = [];
    for (const t of templates) {
      const parts = readTlvs(t.value);
      if (!parts.some((p) => p.tag === TAG_HEADER)) throw malformed('DG2', 'biometric header template missing');
      readTlvs(parts.find((p) => p.tag === TAG_HEADER)!.value);
      const block = parts.find((p) => p.tag === TAG_DATA_BLOCK || p.tag === TAG_DATA_BLOCK_ALT);
      if (!block) throw malformed('DG2', 'biometric data block missing');
      faces.push(...decodeFaceRecord(block.value));
    }
    if (faces.length === 0) throw malformed('DG2', 'no facial image');
    return { faces };
  });
}

function withDefaults(input: FaceImageInput): FaceImage {
  // an explicit `undefined` means "not given", so it must not override a default
  const f = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as FaceImageInput;
  const imageFormat = detectImageFormat(f.image);
  let imageDataType = f.imageDataType;
  if (imageDataType === undefined) {
    if (imageFormat === 'jpeg') imageDataType = IMAGE_DATA_TYPE_JPEG;
    else if (imageFormat === 'jp2' || imageFormat === 'j2k') imageDataType = IMAGE_DATA_TYPE_JPEG2000;
    else throw malformed('DG2', 'cannot encode: image is neither JPEG nor JPEG 2000 and no imageDataType given');
  }
  // Defaults (ISO/IEC 19794-5:2005 §5.5, §5.7): attributes unspecified, a full frontal
  // portrait in 24-bit RGB from a digital camera.
  return {
    gender: 0,
    eyeColour: 0,
    hairColour: 0,
    featureMask: 0,
    expression: 0,
    poseAngle: [0, 0, 0],
    poseAngleUncertainty: [0, 0, 0],
    featurePoints: [],
    faceImageType: 1,
    colourSpace: 1,
    sourceType: 2,
    deviceType: 0,
    quality: 0,
    ...f,
    imageDataType,
    imageFormat,
  };
}

export function encodeDg2(d: { faces: FaceImageInput[] }): Uint8Array {
  if (d.faces.length === 0 || d.faces.length > 0xff) throw malformed('DG2', `cannot encode ${d.faces.length} faces`);
  const header = encodeTlv(
    TAG_HEADER,
    encodeTlv(TAG_HEADER_VERSION, Uint8Array.of(0x01, 0x01)),
    encodeTlv(TAG_BIOMETRIC_TYPE, Uint8Array.of(BIOMETRIC_TYPE_FACE)),
    encodeTlv(TAG_FORMAT_OWNER, FORMAT_OWNER_SC37),
    encodeTlv(TAG_FORMAT_TYPE, FORMAT_TYPE_FACE),
  );
  const templates = d.faces.map((f) =>
    encodeTlv(TAG_TEMPLATE, header, encodeTlv(TAG_DATA_BLOCK, encodeFaceRecord([withDefaults(f)]))),
  );
  return encodeTlv(
    ldsFile('DG2').tag,
    encodeTlv(TAG_GROUP, encodeTlv(TAG_INSTANCE_COUNT, Uint8Array.of(d.faces.length)), concat(...templates)),
  );
}
