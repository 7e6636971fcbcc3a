/**
 * One camera frame to an MRZ reading: find the band, level and crop it, scale its characters to
 * the size the recogniser likes, binarise against the local background (glare), OCR, correct.
 */
import { binarizeMidpoint, maskToImage } from './binarize.js';
import { cleanBand } from './clean-band.js';
import { correctMrz, type CorrectOptions, type MrzCorrection, type OcrLine } from './correct.js';
import type { MrzOcrEngine } from './engine.js';
import { warp, type GrayImage, type Rect } from './gray-image.js';
import { locateMrz } from './locate.js';
import { applySecondOpinion } from './second-opinion.js';
import { templateFor } from './templates.js';

export interface MrzFrameResult extends MrzCorrection {
  /** the lines as the recogniser gave them (what the voter counts) */
  ocrLines: OcrLine[];
  /** where the MRZ was found, in the frame levelled by `rotation` degrees */
  band?: { rotation: number; rect: Rect; lineCount: number };
}

export interface ReadFrameOptions extends CorrectOptions {
  /** character height the band is scaled to before OCR; default 32 px */
  lineHeight?: number;
}

/** The normalised band image given to the recogniser (exported for diagnostics). */
export function normaliseBand(frame: GrayImage, rotation: number, rect: Rect, lineHeight: number, targetHeight: number): GrayImage {
  const scale = targetHeight / lineHeight;
  const band = warp(frame, rotation, rect, rect.width * scale, rect.height * scale, 255);
  const mask = cleanBand(binarizeMidpoint(band, targetHeight, 18), band.width, band.height, targetHeight);
  return maskToImage(mask, band.width, band.height);
}

/** The recognised lines that form the MRZ: the lowest two or three of MRZ length. */
export function pickMrzLines(lines: readonly OcrLine[], expected: number): OcrLine[] {
  const long = lines.filter((l) => l.text.replace(/\s+/g, '').length >= 25);
  for (const count of [expected, expected === 3 ? 2 : 3]) {
    for (let end = long.length; end >= count; end--) {
      const group = long.slice(end - count, end);
      if (templateFor(group.map((l) => l.text.replace(/\s+/g, '').length))) return group;
    }
  }
  return long.slice(-expected);
}

export async function readMrzFrame(engine: MrzOcrEngine, frame: GrayImage, options: ReadFrameOptions = {}): Promise<MrzFrameResult> {
  const found = locateMrz(frame);
  if (!found) return { ok: false, code: 'MRZ_NOT_FOUND', message: 'no MRZ found in the image', substitutions: 0, uncertain: [], ocrLines: [] };
  const image = normaliseBand(frame, found.rotation, found.rect, found.lineHeight, options.lineHeight ?? 32);
  const recognised = await engine.recognize(image);
  const picked = pickMrzLines(recognised, found.lineCount) as Array<OcrLine & { second?: string }>;
  const ocrLines = picked.map(({ text, confidences, centres, second }) => applySecondOpinion({ text, confidences, ...(centres ? { centres } : {}) }, second));
  const band = { rotation: found.rotation, rect: found.rect, lineCount: found.lineCount };
  if (ocrLines.length < 2) return { ok: false, code: 'MRZ_UNREADABLE', message: 'the MRZ lines could not be read', substitutions: 0, uncertain: [], ocrLines, band };
  return { ...correctMrz(ocrLines, options), ocrLines, band };
}
