/**
 * Character positions of every MRZ field, zero-based and end-exclusive, from the data
 * structure tables of ICAO Doc 9303 Part 4 (TD3), Part 5 (TD1) and Part 6 (TD2);
 * the check digit coverage agrees with the worked examples of Part 3 Appendix A.
 */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

/** [line, start, end] */
export type MrzRange = readonly [number, number, number];

export interface MrzLayout {
  format: MrzFormat;
  lineCount: number;
  lineLength: number;
  documentCode: MrzRange;
  issuingState: MrzRange;
  name: MrzRange;
  documentNumber: MrzRange;
  documentNumberCheck: MrzRange;
  nationality: MrzRange;
  birth: MrzRange;
  birthCheck: MrzRange;
  sex: MrzRange;
  expiry: MrzRange;
  expiryCheck: MrzRange;
  /** TD3: personal number; TD2: optional data; TD1: optional data of the upper line */
  optional: MrzRange;
  /** TD3 only: the personal number has its own check digit */
  personalNumberCheck?: MrzRange;
  /** TD1 only: optional data of the middle line */
  optional2?: MrzRange;
  composite: MrzRange;
  /** the ranges the composite check digit covers, in order */
  compositeOver: readonly MrzRange[];
  /** TD1 and TD2 let a document number longer than 9 characters continue into the optional data */
  longDocumentNumber: boolean;
}

const TD3: MrzLayout = {
  format: 'TD3',
  lineCount: 2,
  lineLength: 44,
  documentCode: [0, 0, 2],
  issuingState: [0, 2, 5],
  name: [0, 5, 44],
  documentNumber: [1, 0, 9],
  documentNumberCheck: [1, 9, 10],
  nationality: [1, 10, 13],
  birth: [1, 13, 19],
  birthCheck: [1, 19, 20],
  sex: [1, 20, 21],
  expiry: [1, 21, 27],
  expiryCheck: [1, 27, 28],
  optional: [1, 28, 42],
  personalNumberCheck: [1, 42, 43],
  composite: [1, 43, 44],
  compositeOver: [
    [1, 0, 10],
    [1, 13, 20],
    [1, 21, 43],
  ],
  longDocumentNumber: false,
};

const TD2: MrzLayout = {
  ...TD3,
  format: 'TD2',
  lineLength: 36,
  name: [0, 5, 36],
  optional: [1, 28, 35],
  personalNumberCheck: undefined,
  composite: [1, 35, 36],
  compositeOver: [
    [1, 0, 10],
    [1, 13, 20],
    [1, 21, 35],
  ],
  longDocumentNumber: true,
};

const TD1: MrzLayout = {
  format: 'TD1',
  lineCount: 3,
  lineLength: 30,
  documentCode: [0, 0, 2],
  issuingState: [0, 2, 5],
  documentNumber: [0, 5, 14],
  documentNumberCheck: [0, 14, 15],
  optional: [0, 15, 30],
  birth: [1, 0, 6],
  birthCheck: [1, 6, 7],
  sex: [1, 7, 8],
  expiry: [1, 8, 14],
  expiryCheck: [1, 14, 15],
  nationality: [1, 15, 18],
  optional2: [1, 18, 29],
  composite: [1, 29, 30],
  compositeOver: [
    [0, 5, 30],
    [1, 0, 7],
    [1, 8, 15],
    [1, 18, 29],
  ],
  name: [2, 0, 30],
  longDocumentNumber: true,
};

export const MRZ_LAYOUTS: readonly MrzLayout[] = [TD1, TD2, TD3];

export function field(lines: readonly string[], range: MrzRange): string {
  const [line, start, end] = range;
  return (lines[line] ?? '').slice(start, end);
}
