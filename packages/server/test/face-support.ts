/**
 * Test and bench support for the face step: the calibration fixtures and the synthetic inputs built
 * from them (chip photos in JPEG 2000, frame sequences). Not a test file itself.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { encodeJpeg2000 } from '../../mrtd/test/support/chip-photo.js';
import { decodeImage, type DecodedImage } from '../src/proofing/face/decode.js';
import { loadFaceEngine, type DetectedFace } from '../src/proofing/face/engine.js';

export const facesDir = path.resolve(process.cwd(), '../shared/fixtures/faces');

export interface Pair {
  a: string;
  b: string;
  same: boolean;
}

export function readPairs(): Pair[] {
  const lines = readFileSync(path.join(facesDir, 'pairs.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((l) => {
    const [a, b, same] = l.split(',');
    if (!a || !b || (same !== 'yes' && same !== 'no')) throw new Error(`bad pairs.csv line: ${l}`);
    return { a, b, same: same === 'yes' };
  });
}

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(facesDir, name)));
}

/**
 * A chip-like portrait: the face box widened to ICAO framing (face ≈ half the width, 3:4), scaled to
 * 420×560 and encoded by OpenJPEG's `opj_compress` at the rate that gives ≈ targetBytes.
 * `face.box` is in the pixels of an upright image `face.imageWidth` wide (e.g. the decoder's shrunk copy).
 */
export async function chipPhoto(
  source: Uint8Array,
  face: { box: readonly [number, number, number, number]; imageWidth: number },
  options: { format: 'jp2' | 'j2k'; targetBytes?: number } = { format: 'jp2' },
): Promise<Uint8Array> {
  const img = sharp(source).rotate();
  const { width = 0, height = 0 } = await sharp(await img.clone().toBuffer()).metadata();
  const k = width / face.imageWidth;
  const [x, y, w, h] = face.box.map((v) => v * k) as [number, number, number, number];
  // human's box is ≈1.4× the face width; 1.5× the box puts the face at ≈ half the portrait's width.
  // Keep 3:4 even where the photo's edge limits the crop: a distorted face is a different face.
  const cw = Math.round(Math.min(width, w * 1.5, (height * 3) / 4));
  const ch = Math.min(height, Math.round((cw * 4) / 3));
  const left = clamp(Math.round(x + w / 2 - cw / 2), 0, width - cw);
  const top = clamp(Math.round(y + h * 0.45 - ch / 2), 0, height - ch);
  const { data, info } = await img
    .extract({ left, top, width: cw, height: ch })
    .resize(420, 560, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return encodeJpeg2000({ data, width: info.width, height: info.height }, options.format, options.targetBytes ?? 15_000);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/** Error rates at a threshold: a pair matches when its score ≥ threshold. */
export function rates(scored: { score: number; same: boolean }[], threshold: number): { fmr: number; fnmr: number; fm: number; fnm: number; impostors: number; genuine: number } {
  const genuine = scored.filter((s) => s.same);
  const impostors = scored.filter((s) => !s.same);
  const fm = impostors.filter((s) => s.score >= threshold).length;
  const fnm = genuine.filter((s) => s.score < threshold).length;
  return { fmr: fm / impostors.length, fnmr: fnm / genuine.length, fm, fnm, impostors: impostors.length, genuine: genuine.length };
}

export interface RawImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * A virtual 640×480 camera frame: the image scaled so that the face box is `fraction` of the frame
 * width, the face centred, grey where the photo ends, optionally mirrored, encoded as JPEG.
 * `box` is in the pixels of `img`. This is how the liveness tests stand a still photo at a given
 * distance from the camera; it cannot turn a head.
 */
export async function placeFace(img: RawImage, box: readonly [number, number, number, number], fraction: number, options: { mirror?: boolean; quality?: number } = {}): Promise<Uint8Array> {
  const k = (fraction * 640) / box[2];
  const w = Math.max(1, Math.round(img.width * k));
  const h = Math.max(1, Math.round(img.height * k));
  let pipeline = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).resize(w, h, { fit: 'fill' });
  let cx = (box[0] + box[2] / 2) * k;
  if (options.mirror) {
    pipeline = pipeline.flop();
    cx = w - cx;
  }
  const cy = (box[1] + box[3] / 2) * k;
  const margin = 1000;
  const padded = await pipeline.extend({ top: margin, bottom: margin, left: margin, right: margin, background: '#7f7f7f' }).raw().toBuffer();
  return new Uint8Array(
    await sharp(padded, { raw: { width: w + 2 * margin, height: h + 2 * margin, channels: 3 } })
      .extract({ left: Math.round(cx + margin - 320), top: Math.round(cy + margin - 240), width: 640, height: 480 })
      .jpeg({ quality: options.quality ?? 90 })
      .toBuffer(),
  );
}

export async function blurred(jpeg: Uint8Array, sigma: number): Promise<Uint8Array> {
  return new Uint8Array(await sharp(jpeg).blur(sigma).jpeg({ quality: 90 }).toBuffer());
}

/** Two frames side by side in one 1280×480 picture: two people in front of the camera. */
export async function sideBySide(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 1280, height: 480, channels: 3, background: '#7f7f7f' } })
      .composite([
        { input: Buffer.from(left), left: 0, top: 0 },
        { input: Buffer.from(right), left: 640, top: 0 },
      ])
      .jpeg({ quality: 90 })
      .toBuffer(),
  );
}

/** A fixture photo with its largest face as the server's engine detects it. */
export async function faceSource(name: string): Promise<{ bytes: Uint8Array; img: DecodedImage; face: DetectedFace }> {
  const engine = await loadFaceEngine();
  const bytes = fixture(name);
  const img = await decodeImage(bytes);
  const face = (await engine.analyse(img))[0];
  if (!face) throw new Error(`no face in ${name}`);
  return { bytes, img, face };
}

/** A 640×480 frame (placeFace) whose *detected* face box is `fraction` of the frame width (one correction step). */
export async function placeDetected(src: { img: DecodedImage; face: DetectedFace }, fraction: number, mirror = false): Promise<Uint8Array> {
  const engine = await loadFaceEngine();
  const first = await placeFace(src.img, src.face.box, fraction, { mirror });
  const seen = (await engine.analyse(await decodeImage(first)))[0];
  if (!seen) throw new Error('face lost in placement');
  return placeFace(src.img, src.face.box, (fraction * fraction * 640) / seen.box[2], { mirror });
}
