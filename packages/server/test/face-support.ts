/**
 * Test and bench support for the face step: the calibration fixtures and the synthetic inputs built
 * from them (chip photos in JPEG 2000, frame sequences). Not a test file itself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

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

export function hasOpjCompress(): boolean {
  // `opj_compress -h` exits 1, so only a failure to start counts as absence
  return !spawnSync('opj_compress', ['-h'], { stdio: 'ignore' }).error;
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
  const png = await img.extract({ left, top, width: cw, height: ch }).resize(420, 560, { fit: 'fill' }).png().toBuffer();
  return encodeJpeg2000(png, options.format, options.targetBytes ?? 15_000, 420 * 560 * 3);
}

function encodeJpeg2000(png: Buffer, format: 'jp2' | 'j2k', targetBytes: number, rawBytes: number): Uint8Array {
  const dir = mkdtempSync(path.join(tmpdir(), 'openmitid-face-'));
  try {
    const input = path.join(dir, 'in.png');
    const output = path.join(dir, `out.${format}`);
    writeFileSync(input, png);
    execFileSync('opj_compress', ['-i', input, '-o', output, '-r', String(Math.max(1, rawBytes / targetBytes))], { stdio: 'ignore' });
    return new Uint8Array(readFileSync(output));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
