/**
 * What may stand at each MRZ position, and which positions each check digit covers, for the
 * three ICAO layouts (Doc 9303 Part 4 TD3, Part 5 TD1, Part 6 TD2; positions zero-based).
 */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

/**
 * 'A' letters and filler (names, codes); 'N' digits (dates); 'X' letters, digits and filler
 * (document number, optional data); 'C' a check digit; 'K' a check digit that may be a filler
 * (TD3 personal number check when the field is empty); 'S' sex; 'P' first letter of the document code.
 */
export type PositionClass = 'A' | 'N' | 'X' | 'C' | 'K' | 'S' | 'P';

/** [line, start, end) */
export type Span = readonly [number, number, number];

export interface CheckedField {
  name: string;
  spans: readonly Span[];
  /** [line, column] of the check digit */
  check: readonly [number, number];
}

export interface MrzTemplate {
  format: MrzFormat;
  lineLength: number;
  /** one class string per line, one letter per position */
  classes: readonly string[];
  fields: readonly CheckedField[];
  /** issuing State and nationality: no check digit covers them, a list of codes does */
  codes: readonly Span[];
}

const rep = (c: PositionClass, n: number) => c.repeat(n);

const TD3: MrzTemplate = {
  format: 'TD3',
  lineLength: 44,
  classes: [`P${rep('A', 43)}`, `${rep('X', 9)}C${rep('A', 3)}${rep('N', 6)}CS${rep('N', 6)}C${rep('X', 14)}KC`],
  fields: [
    { name: 'document number', spans: [[1, 0, 9]], check: [1, 9] },
    { name: 'date of birth', spans: [[1, 13, 19]], check: [1, 19] },
    { name: 'date of expiry', spans: [[1, 21, 27]], check: [1, 27] },
    { name: 'personal number', spans: [[1, 28, 42]], check: [1, 42] },
    { name: 'composite', spans: [[1, 0, 10], [1, 13, 20], [1, 21, 43]], check: [1, 43] },
  ],
  codes: [[0, 2, 5], [1, 10, 13]],
};

const TD2: MrzTemplate = {
  format: 'TD2',
  lineLength: 36,
  classes: [`P${rep('A', 35)}`, `${rep('X', 9)}C${rep('A', 3)}${rep('N', 6)}CS${rep('N', 6)}C${rep('X', 7)}C`],
  fields: [
    { name: 'document number', spans: [[1, 0, 9]], check: [1, 9] },
    { name: 'date of birth', spans: [[1, 13, 19]], check: [1, 19] },
    { name: 'date of expiry', spans: [[1, 21, 27]], check: [1, 27] },
    { name: 'composite', spans: [[1, 0, 10], [1, 13, 20], [1, 21, 35]], check: [1, 35] },
  ],
  codes: [[0, 2, 5], [1, 10, 13]],
};

const TD1: MrzTemplate = {
  format: 'TD1',
  lineLength: 30,
  classes: [`PA${rep('A', 3)}${rep('X', 9)}C${rep('X', 15)}`, `${rep('N', 6)}CS${rep('N', 6)}C${rep('A', 3)}${rep('X', 11)}C`, rep('A', 30)],
  fields: [
    { name: 'document number', spans: [[0, 5, 14]], check: [0, 14] },
    { name: 'date of birth', spans: [[1, 0, 6]], check: [1, 6] },
    { name: 'date of expiry', spans: [[1, 8, 14]], check: [1, 14] },
    { name: 'composite', spans: [[0, 5, 30], [1, 0, 7], [1, 8, 15], [1, 18, 29]], check: [1, 29] },
  ],
  codes: [[0, 2, 5], [1, 15, 18]],
};

export const TEMPLATES: readonly MrzTemplate[] = [TD3, TD2, TD1];

/** The layout whose line count matches and whose line length is nearest to what was read. */
export function templateFor(lineLengths: readonly number[]): MrzTemplate | undefined {
  const candidates = TEMPLATES.filter((t) => t.classes.length === lineLengths.length);
  let best: MrzTemplate | undefined;
  let bestDistance = Infinity;
  for (const t of candidates) {
    const distance = lineLengths.reduce((s, l) => s + Math.abs(l - t.lineLength), 0);
    if (distance < bestDistance) [best, bestDistance] = [t, distance];
  }
  // a line more than 5 characters off is something else than an MRZ line
  return best && lineLengths.every((l) => Math.abs(l - best.lineLength) <= 5) ? best : undefined;
}
