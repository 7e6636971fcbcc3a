/**
 * Makes a chip-sized face photo for tests and benchmarks from a fixture JPEG: scaled to a
 * passport portrait and encoded as JPEG 2000 (JP2 box or raw codestream) near a byte
 * budget, as real chips store it (ISO/IEC 19794-5 token images are ~15–20 KB).
 * Uses sharp (npm) and opj_compress (Debian libopenjp2-tools).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

const run = promisify(execFile);

export const FIXTURES = new URL('../../../../../shared/fixtures/', import.meta.url).pathname;

export async function chipPhoto(
  jpegPath: string,
  o: { format: 'jp2' | 'j2k' | 'jpeg'; bytes?: number; width?: number; height?: number } = { format: 'jp2' },
): Promise<Uint8Array> {
  const width = o.width ?? 413;
  const height = o.height ?? 531;
  const target = o.bytes ?? 15_000;
  const resized = sharp(await readFile(jpegPath)).rotate().resize(width, height, { fit: 'cover', position: 'attention' });
  if (o.format === 'jpeg') {
    for (const quality of [80, 65, 50, 35, 20]) {
      const out = await resized.clone().jpeg({ quality }).toBuffer();
      if (out.length <= target) return new Uint8Array(out);
    }
    return new Uint8Array(await resized.jpeg({ quality: 10 }).toBuffer());
  }
  const { data, info } = await resized.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return encodeJpeg2000({ data, width: info.width, height: info.height }, o.format, target);
}

/** Encodes 8-bit RGB pixels as JPEG 2000 with OpenJPEG's opj_compress, at the rate that gives about `targetBytes`. */
export async function encodeJpeg2000(
  rgb: { data: Uint8Array; width: number; height: number },
  format: 'jp2' | 'j2k',
  targetBytes: number,
): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'chip-photo-'));
  try {
    const ppm = join(dir, 'in.ppm');
    await writeFile(ppm, Buffer.concat([Buffer.from(`P6\n${rgb.width} ${rgb.height}\n255\n`), rgb.data]));
    const out = join(dir, `out.${format}`);
    // -r: compression ratio; raw size / target bytes gives the ratio for the budget
    const ratio = Math.max(1, Math.round((rgb.width * rgb.height * 3) / targetBytes));
    await run('opj_compress', ['-i', ppm, '-o', out, '-r', String(ratio)]);
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
