/**
 * Finding the MRZ in a camera frame: estimate the skew from the ink, level the frame, find text
 * lines by a row profile of ink transitions, and take the lowest group of two or three long,
 * evenly spaced lines of equal width (Doc 9303 places the MRZ at the bottom of the data page).
 */
import { binarize } from './binarize.js';
import { median, resize, rotate, type GrayImage, type Rect } from './gray-image.js';

export interface MrzBand {
  /** degrees to pass to `rotate` to level the frame (the MRZ lines then run horizontally) */
  rotation: number;
  /** the band in the full-resolution frame as `rotate(frame, rotation)` would give it, with a margin */
  rect: Rect;
  lineCount: number;
  /** mean height of a line of MRZ characters in full-resolution pixels */
  lineHeight: number;
}

export interface TextLine {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
  /** runs of ink columns, about one per character */
  glyphs: number;
}

const WORK_WIDTH = 960;
const MAX_SKEW = 12;

/** Text angle in degrees, counter-clockwise positive, that makes the sheared row profile sharpest. */
export function estimateSkew(mask: Uint8Array, width: number, height: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  // every ink pixel is not needed: a regular subsample keeps the estimate and bounds the cost
  let count = 0;
  for (const v of mask) count += v;
  const step = Math.max(1, Math.floor(count / 60000));
  let k = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x] && k++ % step === 0) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 50) return 0;
  const bins = new Float64Array(height + 2 * width + 2);
  const score = (degrees: number): number => {
    const t = Math.tan((degrees * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! + xs[i]! * t) + width]!++;
    let s = 0;
    for (const b of bins) s += b * b;
    return s;
  };
  let best = 0;
  let bestScore = -1;
  for (let a = -MAX_SKEW; a <= MAX_SKEW; a += 0.5) {
    const s = score(a);
    if (s > bestScore) [best, bestScore] = [a, s];
  }
  const coarse = best;
  for (let a = coarse - 0.45; a <= coarse + 0.45; a += 0.05) {
    const s = score(a);
    if (s > bestScore) [best, bestScore] = [a, s];
  }
  return best;
}

export function findLines(mask: Uint8Array, width: number, height: number): TextLine[] {
  const transitions = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let t = 0;
    for (let x = 1; x < width; x++) if (mask[y * width + x] && !mask[y * width + x - 1]) t++;
    transitions[y] = t;
  }
  let max = 0;
  for (const t of transitions) max = Math.max(max, t);
  const threshold = Math.max(6, max * 0.2);
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let y = 0; y <= height; y++) {
    const on = y < height && transitions[y]! >= threshold;
    if (on && start < 0) start = y;
    if (!on && start >= 0) {
      const last = runs[runs.length - 1];
      // a single quiet row inside a line (thin strokes of a blurred glyph) does not split it
      if (last && start - last[1] <= 1) last[1] = y;
      else runs.push([start, y]);
      start = -1;
    }
  }
  const lines: TextLine[] = [];
  for (const [y0, y1] of runs) {
    const h = y1 - y0;
    if (h < 3) continue;
    const columns = new Uint8Array(width);
    for (let y = y0; y < y1; y++) for (let x = 0; x < width; x++) if (mask[y * width + x]) columns[x] = 1;
    // the widest stretch of columns whose gaps are narrower than about two characters
    const gapLimit = Math.max(3, Math.round(h * 1.6));
    let best: TextLine | undefined;
    let segStart = -1;
    let lastInk = -1;
    let glyphs = 0;
    const close = () => {
      if (segStart >= 0 && (!best || lastInk + 1 - segStart > best.x1 - best.x0)) best = { y0, y1, x0: segStart, x1: lastInk + 1, glyphs };
    };
    for (let x = 0; x < width; x++) {
      if (!columns[x]) continue;
      if (segStart >= 0 && x - lastInk > gapLimit) {
        close();
        segStart = -1;
      }
      if (segStart < 0) {
        segStart = x;
        glyphs = 0;
      }
      if (x - lastInk > 1) glyphs++;
      lastInk = x;
    }
    close();
    if (best) lines.push(best);
  }
  return lines;
}

function boxBlur3(image: GrayImage): GrayImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
          sum += data[yy * width + xx]!;
          n++;
        }
      }
      out[y * width + x] = sum / n;
    }
  }
  return { width, height, data: out };
}

/** Noise level from the median absolute difference of horizontal neighbours (robust to edges). */
function noiseSigma(image: GrayImage): number {
  const histogram = new Uint32Array(256);
  let n = 0;
  for (let i = 1; i < image.data.length; i += 3) {
    histogram[Math.abs(image.data[i]! - image.data[i - 1]!)]!++;
    n++;
  }
  let seen = 0;
  for (let d = 0; d < 256; d++) {
    seen += histogram[d]!;
    if (seen * 2 >= n) return (d * 1.4826) / Math.SQRT2;
  }
  return 0;
}

function isLong(line: TextLine): boolean {
  const h = line.y1 - line.y0;
  return (line.x1 - line.x0) / h >= 12 && line.glyphs >= 14;
}

function belongTogether(upper: TextLine, lower: TextLine): boolean {
  const hu = upper.y1 - upper.y0;
  const hl = lower.y1 - lower.y0;
  const h = (hu + hl) / 2;
  const pitch = (lower.y0 + lower.y1) / 2 - (upper.y0 + upper.y1) / 2;
  const wu = upper.x1 - upper.x0;
  const wl = lower.x1 - lower.x0;
  // the extents may run on into the page edge or background print, so ask for a large overlap only
  const overlap = Math.min(upper.x1, lower.x1) - Math.max(upper.x0, lower.x0);
  return Math.max(hu, hl) / Math.min(hu, hl) <= 1.7 && pitch >= 1.1 * h && pitch <= 3.5 * h && overlap >= 0.8 * Math.min(wu, wl);
}

/** The lowest group of 2–3 MRZ-like lines, or undefined when the frame shows none. */
export function locateMrz(frame: GrayImage): MrzBand | undefined {
  const scale = Math.min(1, WORK_WIDTH / frame.width);
  const small = scale < 1 ? resize(frame, frame.width * scale, frame.height * scale) : frame;
  const radius = Math.max(6, small.width / 48);
  // sensor noise would otherwise binarise to ink everywhere: smooth, and ask for contrast above it
  const smooth = boxBlur3(small);
  const minContrast = Math.max(12, 3 * noiseSigma(smooth));
  const skew = estimateSkew(binarize(smooth, { radius, minContrast }), small.width, small.height);
  const work = skew === 0 ? smooth : rotate(smooth, -skew, median(smooth));
  const lines = findLines(binarize(work, { radius, minContrast }), work.width, work.height);

  let group: TextLine[] | undefined;
  for (let i = lines.length - 1; i >= 1 && !group; i--) {
    const lower = lines[i]!;
    if (!isLong(lower)) continue;
    const upper = lines[i - 1]!;
    if (!isLong(upper) || !belongTogether(upper, lower)) continue;
    group = [upper, lower];
    const top = lines[i - 2];
    if (top && isLong(top) && belongTogether(top, upper)) group.unshift(top);
  }
  if (!group) return undefined;
  const first = group[0]!;
  const last = group[group.length - 1]!;
  const lineHeight = group.reduce((s, l) => s + (l.y1 - l.y0), 0) / group.length / scale;
  const x0 = Math.min(...group.map((l) => l.x0)) / scale;
  const x1 = Math.max(...group.map((l) => l.x1)) / scale;
  const margin = lineHeight * 0.9;
  return {
    rotation: -skew,
    rect: { x: x0 - margin, y: first.y0 / scale - margin, width: x1 - x0 + 2 * margin, height: (last.y1 - first.y0) / scale + 2 * margin },
    lineCount: group.length,
    lineHeight,
  };
}
