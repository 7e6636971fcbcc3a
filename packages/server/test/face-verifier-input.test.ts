/** Bad input to the face step: each gets its own code, with bounded memory and time. */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../src/proofing/face/decode.js';
import { loadFaceEngine } from '../src/proofing/face/engine.js';
import { createFaceVerifier, type FaceVerdict, type FaceVerifier, type LivenessChallenge } from '../src/proofing/face/port.js';
import { blurred, fixture, placeFace, sideBySide } from './face-support.js';

let verifier: FaceVerifier;
let chip: Uint8Array;
let face: Uint8Array;
let otherFace: Uint8Array;
let tinyFace: Uint8Array;
let noFace: Uint8Array;
const challenge: LivenessChallenge = { nonce: Buffer.alloc(16, 9).toString('base64url'), steps: ['turn-left', 'turn-right'], issuedAt: '2026-11-25T10:00:00.000Z' };

/** A JPEG whose frame header claims w×h and then ends: only a header reader can answer for it. */
function jpegHeaderOnly(w: number, h: number): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, h >> 8, h & 255, w >> 8, w & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
}

async function verify(frames: Uint8Array[], chipPhoto = chip): Promise<FaceVerdict> {
  return verifier.verify({ chipPhoto, frames, challenge, nonce: challenge.nonce });
}

beforeAll(async () => {
  verifier = await createFaceVerifier({});
  const engine = await loadFaceEngine();
  const load = async (name: string) => {
    const img = await decodeImage(fixture(name));
    return { img, box: (await engine.analyse(img))[0]!.box };
  };
  const a = await load('p01/img5.jpg');
  const b = await load('p03/img29.jpg');
  chip = fixture('p01/img10.jpg');
  face = await placeFace(a.img, a.box, 0.35);
  otherFace = await placeFace(b.img, b.box, 0.35);
  tinyFace = await placeFace(a.img, a.box, 0.1);
  noFace = new Uint8Array(await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6a8caf', noise: { type: 'gaussian', mean: 120, sigma: 40 } } }).jpeg().toBuffer());
}, 300_000);

describe('FaceVerifier.verify on bad input', { timeout: 180_000 }, () => {
  it('not an image: FACE_IMAGE_INVALID, not retryable', async () => {
    expect(await verify([new TextEncoder().encode('<html>hello</html>'), face, face])).toMatchObject({ passed: false, code: 'FACE_IMAGE_INVALID', retryable: false });
  });

  it('a 50-megapixel frame: FACE_IMAGE_TOO_LARGE from the header alone', async () => {
    expect(await verify([jpegHeaderOnly(8660, 5780), face, face])).toMatchObject({ passed: false, code: 'FACE_IMAGE_TOO_LARGE' });
  });

  it('too many frames: FACE_IMAGE_TOO_LARGE before decoding any', async () => {
    expect(await verify(Array.from({ length: 13 }, () => new Uint8Array(1)))).toMatchObject({ passed: false, code: 'FACE_IMAGE_TOO_LARGE' });
  });

  it('no face: FACE_NOT_FOUND, retryable', async () => {
    expect(await verify([noFace, face, face])).toMatchObject({ passed: false, code: 'FACE_NOT_FOUND', retryable: true });
  });

  it('two faces: FACE_MULTIPLE', async () => {
    expect(await verify([await sideBySide(face, otherFace), face, face])).toMatchObject({ passed: false, code: 'FACE_MULTIPLE', retryable: false });
  });

  it('a blurred face: FACE_BLURRED, retryable', async () => {
    expect(await verify([await blurred(face, 8), face, face])).toMatchObject({ passed: false, code: 'FACE_BLURRED', retryable: true });
  });

  it('a face too far away: FACE_TOO_SMALL, retryable', async () => {
    expect(await verify([tinyFace, face, face])).toMatchObject({ passed: false, code: 'FACE_TOO_SMALL', retryable: true });
  });

  it('a chip photo that is not an image or shows no face: CHIP_PHOTO_INVALID', async () => {
    expect(await verify([face, face, face], Uint8Array.from([0xff, 0x4f, 0xff, 0x51, 0, 0]))).toMatchObject({ passed: false, code: 'CHIP_PHOTO_INVALID' });
    expect(await verify([face, face, face], noFace)).toMatchObject({ passed: false, code: 'CHIP_PHOTO_INVALID' });
  });

  it('fewer frames than the challenge needs: LIVENESS_WRONG_SEQUENCE', async () => {
    expect(await verify([face, face])).toMatchObject({ passed: false, code: 'LIVENESS_WRONG_SEQUENCE' });
  });
});
