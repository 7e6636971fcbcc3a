/**
 * OCR-B look-alikes. `AS_DIGIT`/`AS_LETTER` resolve a character that the position's type rules
 * out (a letter in a date, a digit in a name); `SIMILAR` gives the alternatives tried at a
 * position read with low confidence, for the check digits to decide between.
 */
import type { PositionClass } from './templates.js';

const AS_DIGIT: Record<string, string> = {
  O: '0', Q: '0', D: '0', U: '0', C: '0',
  I: '1', L: '1', T: '1', J: '1',
  Z: '2',
  E: '3',
  A: '4', H: '4',
  S: '5',
  G: '6',
  Y: '7',
  B: '8',
  P: '9',
};

const AS_LETTER: Record<string, string> = {
  '0': 'O', '1': 'I', '2': 'Z', '3': 'B', '4': 'A', '5': 'S', '6': 'G', '7': 'T', '8': 'B', '9': 'P',
};

const SIMILAR: Record<string, string> = {
  '0': 'O86D9Q', '1': 'I74L', '2': 'Z73', '3': '8592', '4': 'A19', '5': 'S638', '6': 'G5809', '7': '12TY', '8': 'B3609', '9': '8034',
  A: '4', B: '8ER', C: 'GO', D: '0O', E: 'FB', F: 'EP', G: '6C', H: 'NM', I: '1L', J: '1', K: 'X', L: '1I',
  M: 'NH', N: 'MH', O: '0DQ', P: 'RF', Q: 'O0', R: 'P', S: '5', T: '17', U: 'V0', V: 'UY', W: 'V', X: 'K', Y: 'V7', Z: '2',
  '<': 'K',
};

/**
 * Letters that OCR-B digits are read as, even in sharp frames: tried as their digit wherever
 * both may stand (document numbers, optional data). Mostly only this direction: the recogniser
 * seldom reads a letter as a digit, and each extra alternative is one more chance of a rival.
 */
export const TWINS: Readonly<Record<string, string>> = {
  O: '0', D: '0', Q: '0', I: '1', Z: '2', A: '4', S: '5', G: '6', B: '8',
  // 0 and O go both ways: the recogniser reads each as the other with high confidence
  '0': 'O',
};

/** Characters a position of this class accepts. */
export function allowed(cls: PositionClass, char: string): boolean {
  const digit = char >= '0' && char <= '9';
  const letter = char >= 'A' && char <= 'Z';
  switch (cls) {
    case 'A':
      return letter || char === '<';
    case 'P':
      return letter;
    case 'N':
    case 'C':
      return digit;
    case 'K':
      return digit || char === '<';
    case 'X':
      return digit || letter || char === '<';
    case 'S':
      return char === 'M' || char === 'F' || char === '<' || char === 'X';
  }
}

/** The reading forced by the position's type, or undefined when nothing fits. */
export function coerce(cls: PositionClass, char: string): string | undefined {
  if (allowed(cls, char)) return char;
  if (cls === 'S') {
    if (char === 'H' || char === 'N') return 'M';
    if (char === 'E' || char === 'P') return 'F';
    if (char === 'K') return '<';
    return undefined;
  }
  const mapped = cls === 'A' || cls === 'P' ? AS_LETTER[char] : AS_DIGIT[char];
  return mapped !== undefined && allowed(cls, mapped) ? mapped : undefined;
}

/** Alternatives to try at a low-confidence position, nearest look-alike first. */
export function alternatives(cls: PositionClass, char: string): string[] {
  return [...(SIMILAR[char] ?? '')].filter((c) => c !== char && allowed(cls, c));
}
