/**
 * Node-only parts of the MRZ OCR: the traineddata shipped in @tesseract.js-data/eng, image files
 * decoded with sharp, and scanning still images as the frames of one document. The browser build
 * must not import this file.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { createMrzOcrEngine, type MrzOcrEngine } from './engine.js';
import type { GrayImage } from './gray-image.js';
import { readMrzFrame, type MrzFrameResult, type ReadFrameOptions } from './scan.js';
import { MrzVoter, type VoteResult } from './vote.js';

/** The folder of eng.traineddata.gz with the legacy model (4.0.0; 4.0.0_best_int is LSTM only). */
export function defaultLangPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0');
}

export async function createNodeMrzOcrEngine(): Promise<MrzOcrEngine> {
  return createMrzOcrEngine({ langPath: defaultLangPath() });
}

/** An engine whose workers start on the first recognition (frames without an MRZ never need them). */
export function lazyNodeMrzOcrEngine(): MrzOcrEngine {
  let started: Promise<MrzOcrEngine> | undefined;
  return {
    async recognize(image) {
      started ??= createNodeMrzOcrEngine();
      return (await started).recognize(image);
    },
    async terminate() {
      if (started) await (await started).terminate();
    },
  };
}

/** Decodes an image file (PNG, JPEG, WebP, ...) or encoded bytes to greyscale. */
export async function loadGrayImage(input: string | Uint8Array): Promise<GrayImage> {
  const { data, info } = await sharp(input).greyscale().raw().toBuffer({ resolveWithObject: true });
  const out = new Uint8Array(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels]!;
  return { width: info.width, height: info.height, data: out };
}

export interface ScanImagesResult {
  vote: VoteResult;
  frames: MrzFrameResult[];
}

/**
 * Reads still images as frames of one document. One image is accepted alone when every check
 * digit passes and nothing unconfirmable is in doubt; several are voted over (two must agree).
 */
export async function scanMrzImages(
  engine: MrzOcrEngine,
  images: ReadonlyArray<string | Uint8Array | GrayImage>,
  options: ReadFrameOptions & { agree?: number } = {},
): Promise<ScanImagesResult> {
  const voter = new MrzVoter({ agree: options.agree ?? (images.length > 1 ? 2 : 1), correct: options });
  const frames: MrzFrameResult[] = [];
  let vote: VoteResult = { done: false, frames: 0, message: 'no image' };
  for (const image of images) {
    const gray = typeof image === 'string' || image instanceof Uint8Array ? await loadGrayImage(image) : image;
    const frame = await readMrzFrame(engine, gray, options);
    frames.push(frame);
    vote = voter.add(frame);
    if (vote.done) break;
  }
  return { vote, frames };
}
