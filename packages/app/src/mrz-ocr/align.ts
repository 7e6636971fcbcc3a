/**
 * Puts recognised characters into their MRZ columns by position. OCR-B in an MRZ is monospaced
 * and both (all) lines start at the same left edge (Doc 9303 Part 3), so the column of a
 * character follows from its centre; a gap where glare or blur swallowed characters then stays
 * a gap instead of shifting every later character.
 */
import type { OcrLine } from './correct.js';

/** most columns a line may be missing before the read is given up */
const MAX_EMPTY = 6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * Lines of exactly `length` characters, or undefined when the positions are missing or do not
 * fit a grid of `length` columns. Empty columns become '<' with confidence 0.
 */
export function alignByCentres(lines: readonly OcrLine[], length: number): OcrLine[] | undefined {
  if (!lines.every((l) => l.centres && l.centres.length === l.text.length && l.text.length > 1)) return undefined;
  if (lines.every((l) => l.text.length === length)) return [...lines];
  const centres = (l: OcrLine) => l.centres!;
  const full = lines.filter((l) => l.text.length === length);
  let pitch: number;
  let origin: number;
  if (full.length > 0) {
    pitch = full.reduce((s, l) => s + (centres(l)[length - 1]! - centres(l)[0]!) / (length - 1), 0) / full.length;
    origin = full.reduce((s, l) => s + centres(l)[0]!, 0) / full.length;
  } else {
    const diffs: number[] = [];
    for (const l of lines) for (let i = 1; i < l.text.length; i++) diffs.push(centres(l)[i]! - centres(l)[i - 1]!);
    const typical = median(diffs);
    pitch = median(diffs.filter((d) => d > 0.7 * typical && d < 1.3 * typical));
    origin = Math.min(...lines.map((l) => centres(l)[0]!));
  }
  if (!(pitch > 0)) return undefined;
  const out: OcrLine[] = [];
  for (const line of lines) {
    const chars: Array<string | undefined> = Array<string | undefined>(length).fill(undefined);
    const conf: number[] = Array<number>(length).fill(0);
    const confirmed: boolean[] = Array<boolean>(length).fill(false);
    for (let i = 0; i < line.text.length; i++) {
      const exact = (centres(line)[i]! - origin) / pitch;
      const column = Math.round(exact);
      // a mark just outside the grid is dropped; one far outside means the grid is wrong
      if (column < 0 || column >= length) {
        if (column < -1 || column > length) return undefined;
        continue;
      }
      if (chars[column] === undefined || line.confidences[i]! > conf[column]!) {
        chars[column] = line.text[i]!;
        conf[column] = line.confidences[i]!;
        confirmed[column] = line.confirmed?.[i] ?? false;
      }
    }
    const empty = chars.filter((c) => c === undefined).length;
    if (empty > MAX_EMPTY) return undefined;
    out.push({ text: chars.map((c) => c ?? '<').join(''), confidences: conf, ...(line.confirmed ? { confirmed } : {}) });
  }
  return out;
}
