/**
 * Cross-checks the letters of the main reading against a second recogniser's reading of the same
 * line. The two are aligned by edit distance (the second one reads fillers as K, L or C, so a
 * filler against one of those is no disagreement); where they read different letters or digits, the main reading's confidence at that position drops to 0, so that the check digits
 * (where they cover it) or another frame (where they do not) must settle it. Where both read the
 * same character, a letter/digit twin (0 or O) need not be doubted.
 */
import type { OcrLine } from './correct.js';

const FILLER_LIKE = new Set(['<', 'K', 'L', 'C', 'X']);
const ALNUM = /^[A-Z0-9]$/;
const LETTER = /^[A-Z]$/;

/** Doc 9303 Part 3 §4.9 character value: digits as such, A-Z as 10-35. */
function weight(c: string): number {
  return c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
}

function cost(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '<' && FILLER_LIKE.has(b)) return 0.3;
  return 1;
}

/** For each character of `main`, the character of `second` aligned with it (undefined: none). */
export function alignSecond(main: string, second: string): Array<string | undefined> {
  const n = main.length;
  const m = second.length;
  const d: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = 0; i <= n; i++) d[i]![0] = i;
  for (let j = 0; j <= m; j++) d[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost(main[i - 1]!, second[j - 1]!));
    }
  }
  const out: Array<string | undefined> = Array<string | undefined>(n).fill(undefined);
  for (let i = n, j = m; i > 0 && j > 0; ) {
    const here = d[i]![j]!;
    if (here === d[i - 1]![j - 1]! + cost(main[i - 1]!, second[j - 1]!)) {
      out[i - 1] = second[j - 1]!;
      i--;
      j--;
    } else if (here === d[i - 1]![j]! + 1) i--;
    else j--;
  }
  return out;
}

/**
 * Positions (in `main`) where the recognisers read different letters (no check digit covers a
 * name: W read as N), or a letter and a digit the check digits cannot tell apart (S and 8 both
 * weigh 8 modulo 10, G and 6 both 6).
 */
export function letterDisagreements(main: string, second: string): number[] {
  const aligned = alignSecond(main, second);
  const out: number[] = [];
  for (let i = 0; i < main.length; i++) {
    const a = main[i]!;
    const b = aligned[i];
    if (b === undefined || a === b || !ALNUM.test(a) || !ALNUM.test(b)) continue;
    // digits against anything of another weight: the check digits settle those
    if ((LETTER.test(a) && LETTER.test(b)) || weight(a) % 10 === weight(b) % 10) out.push(i);
  }
  return out;
}

/**
 * The line with confidence 0 wherever the second reading disagrees on a letter, and each
 * character marked confirmed where both recognisers read the same.
 */
export function applySecondOpinion(line: OcrLine, second: string | undefined): OcrLine {
  if (second === undefined) return line;
  const confidences = [...line.confidences];
  for (const i of letterDisagreements(line.text, second)) confidences[i] = 0;
  const aligned = alignSecond(line.text, second);
  return { ...line, confidences, confirmed: [...line.text].map((c, i) => aligned[i] === c) };
}
