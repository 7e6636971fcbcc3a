/**
 * Voting over camera frames. A frame alone can pass every check digit and still misread a name
 * (no check digit covers it), so by default a result needs two frames: either two frames whose
 * own corrected readings agree exactly, or a per-position vote over all frames so far whose
 * reading passes every check digit with no position left in doubt.
 */
import { alignByCentres } from './align.js';
import { cleanLine, correctMrz, type CorrectOptions, type MrzReadCode, type OcrLine } from './correct.js';
import { templateFor, type MrzFormat } from './templates.js';

/** What the voter needs of a frame (an MrzFrameResult fits). */
export interface FrameReading {
  ok: boolean;
  code?: MrzReadCode;
  lines?: string[];
  format?: MrzFormat;
  /** low-confidence characters that no check digit covers */
  uncertain: Array<[number, number]>;
  ocrLines: OcrLine[];
}

export interface VoteOptions {
  /** frames that must agree; default 2 (1 accepts a single frame that passes with no doubtful character) */
  agree?: number;
  correct?: CorrectOptions;
}

export interface VoteResult {
  done: boolean;
  /** frames seen so far; when done, the frames that were needed */
  frames: number;
  lines?: string[];
  format?: MrzFormat;
  via?: 'agreement' | 'vote';
  /** the most telling refusal so far, when not done */
  code?: MrzReadCode;
  message: string;
}

interface Tally {
  frames: number;
  /** per line, per column: summed confidence per character */
  weights: Array<Array<Map<string, number>>>;
}

/** a vote winner needs this share of the summed confidence at its position */
const MAJORITY = 0.6;

export class MrzVoter {
  readonly #agree: number;
  readonly #correct: CorrectOptions;
  #frames = 0;
  #readings = new Map<string, number>();
  #tallies = new Map<MrzFormat, Tally>();
  #lastCode: MrzReadCode | undefined;
  #result: VoteResult | undefined;

  constructor(options: VoteOptions = {}) {
    this.#agree = Math.max(1, options.agree ?? 2);
    this.#correct = options.correct ?? {};
  }

  get frames(): number {
    return this.#frames;
  }

  /** Adds a frame; once done, later frames change nothing. */
  add(frame: FrameReading): VoteResult {
    if (this.#result) return this.#result;
    this.#frames++;
    if (frame.code) this.#lastCode = this.#moreTelling(frame.code);

    if (frame.ok && frame.lines && frame.uncertain.length === 0) {
      const key = frame.lines.join('\n');
      const count = (this.#readings.get(key) ?? 0) + 1;
      this.#readings.set(key, count);
      if (count >= this.#agree) return this.#finish(frame.lines, frame.format, 'agreement');
    }

    const tally = this.#count(frame);
    if (tally && tally.frames >= Math.max(2, this.#agree)) {
      const voted = this.#voted(tally);
      const corrected = correctMrz(voted, this.#correct);
      if (corrected.ok && corrected.uncertain.length === 0) return this.#finish(corrected.lines!, corrected.format, 'vote');
    }
    return { done: false, frames: this.#frames, ...(this.#lastCode ? { code: this.#lastCode } : {}), message: `no confident reading after ${this.#frames} frame(s)` };
  }

  reset(): void {
    this.#frames = 0;
    this.#readings.clear();
    this.#tallies.clear();
    this.#lastCode = undefined;
    this.#result = undefined;
  }

  #finish(lines: string[], format: MrzFormat | undefined, via: 'agreement' | 'vote'): VoteResult {
    this.#result = { done: true, frames: this.#frames, lines, ...(format ? { format } : {}), via, message: `read in ${this.#frames} frame(s) by ${via}` };
    return this.#result;
  }

  #moreTelling(code: MrzReadCode): MrzReadCode {
    const rank: Record<MrzReadCode, number> = { MRZ_NOT_FOUND: 0, MRZ_UNREADABLE: 1, MRZ_CHECK_DIGIT: 2 };
    return this.#lastCode && rank[this.#lastCode] > rank[code] ? this.#lastCode : code;
  }

  /** Adds the frame's characters, column-aligned, to its layout's tally. */
  #count(frame: FrameReading): Tally | undefined {
    const lines = frame.ocrLines.map(cleanLine);
    const template = templateFor(lines.map((l) => l.text.length));
    if (!template) return undefined;
    const aligned = alignByCentres(lines, template.lineLength) ?? (lines.every((l) => l.text.length === template.lineLength) ? lines : undefined);
    if (!aligned) return undefined;
    let tally = this.#tallies.get(template.format);
    if (!tally) {
      tally = { frames: 0, weights: aligned.map(() => Array.from({ length: template.lineLength }, () => new Map<string, number>())) };
      this.#tallies.set(template.format, tally);
    }
    tally.frames++;
    aligned.forEach((line, l) => {
      for (let c = 0; c < template.lineLength; c++) {
        const column = tally.weights[l]![c]!;
        const char = line.text[c]!;
        // a floor keeps a character read at very low confidence from counting as nothing
        column.set(char, (column.get(char) ?? 0) + Math.max(5, line.confidences[c] ?? 0));
      }
    });
    return tally;
  }

  /** The per-position winners; a position without a clear majority gets confidence 0. */
  #voted(tally: Tally): OcrLine[] {
    return tally.weights.map((columns) => {
      let text = '';
      const confidences: number[] = [];
      for (const column of columns) {
        let best = '<';
        let bestWeight = -1;
        let total = 0;
        for (const [char, weight] of column) {
          total += weight;
          if (weight > bestWeight) [best, bestWeight] = [char, weight];
        }
        text += best;
        const share = total > 0 ? bestWeight / total : 0;
        confidences.push(share >= MAJORITY ? Math.min(100, (bestWeight / tally.frames) * share) : 0);
      }
      return { text, confidences };
    });
  }
}
