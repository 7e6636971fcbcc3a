/**
 * MRZ parsing with every check digit (ICAO Doc 9303 Parts 3–6). The `mrz` package does the
 * per-field syntax checks of document code, names and optional data; this module adds what
 * it lacks for an eMRTD reader: specimen and non-ISO state codes (UTO, D, ...) accepted as
 * syntactically valid, exact document number handling for TD1/TD2 long numbers, strict
 * calendar dates, and typed errors that name the failing field.
 */
import { parse as parseWithLibrary } from 'mrz';
import type { FieldName } from 'mrz';
import { MrtdError } from '../errors.js';
import { checkDigit } from './check-digit.js';
import { isCalendarDate } from './dates.js';
import { field, MRZ_LAYOUTS } from './layout.js';
import type { MrzFormat, MrzLayout } from './layout.js';

export type { MrzFormat } from './layout.js';

export interface Mrz {
  format: MrzFormat;
  /** the MRZ lines as read, without surrounding whitespace */
  lines: string[];
  /** e.g. 'P', 'PO', 'I', 'ID' (trailing filler removed) */
  documentCode: string;
  /** three-letter code without fillers, e.g. 'UTO' or 'D' */
  issuingState: string;
  /** without fillers; TD1/TD2 numbers longer than 9 characters are joined with their continuation */
  documentNumber: string;
  nationality: string;
  /** YYMMDD; positions of an unknown birth date part hold '<' (Part 3 §4.8) */
  dateOfBirth: string;
  /** '<' (unspecified) in the MRZ reads as 'X' */
  sex: 'M' | 'F' | 'X';
  /** YYMMDD */
  dateOfExpiry: string;
  /** primary identifier, name components separated by one space */
  surname: string;
  /** secondary identifier, name components separated by one space */
  givenNames: string;
  /**
   * TD3: the personal number; TD2: the optional data; TD1: the optional data of the upper line.
   * Trailing fillers removed; for a long document number only what follows its check digit.
   */
  optionalData: string;
  /** TD1 only: the optional data of the middle line, trailing fillers removed */
  optionalData2?: string;
}

/** ISO 3166-1 alpha-3 codes, and Doc 9303 Part 3 §5 codes of one or two letters padded with '<' ('D<<'). */
const STATE = /^[A-Z]{1,3}<*$/;
const BIRTH = /^(\d\d|<<)(\d\d|<<)(\d\d|<<)$/;
const MRZ_CHARS = /^[A-Z0-9<]*$/;

/** Fields whose syntax the `mrz` package checks well; everything else is checked here. */
const LIBRARY_FIELDS: ReadonlySet<FieldName> = new Set<FieldName>([
  'documentCode',
  'lastName',
  'firstName',
  'optional',
  'optional1',
  'optional2',
  'personalNumber',
]);

function formatError(message: string): MrtdError {
  return new MrtdError('MRZ_FORMAT', message);
}

function trimFillers(text: string): string {
  return text.replace(/<+$/, '');
}

/**
 * Lines from an array, or from text with the lines separated by newlines or spaces. A single
 * line of 90, 72 or 88 characters is the concatenated MRZ as stored in EF.DG1 (Doc 9303 Part 10).
 */
function splitLines(input: string | string[]): string[] {
  let parts: string[];
  if (typeof input === 'string') parts = input.split(/\s+/);
  else if (Array.isArray(input) && input.every((l) => typeof l === 'string')) parts = input.flatMap((l) => l.split(/\s+/));
  else throw formatError('MRZ input must be a string or an array of strings');
  const lines = parts.filter((l) => l.length > 0);
  if (lines.length === 1) {
    const only = lines[0]!;
    const layout = MRZ_LAYOUTS.find((l) => l.lineCount * l.lineLength === only.length);
    if (layout) return Array.from({ length: layout.lineCount }, (_, i) => only.slice(i * layout.lineLength, (i + 1) * layout.lineLength));
  }
  return lines;
}

function layoutOf(lines: readonly string[]): MrzLayout {
  const layout = MRZ_LAYOUTS.find((l) => l.lineCount === lines.length && lines.every((line) => line.length === l.lineLength));
  if (!layout) {
    const shape = lines.map((l) => l.length).join('+');
    throw formatError(`MRZ of ${lines.length} line(s) of ${shape || '0'} characters is none of TD1 (3×30), TD2 (2×36), TD3 (2×44)`);
  }
  lines.forEach((line, i) => {
    if (!MRZ_CHARS.test(line)) {
      const column = [...line].findIndex((c) => !/[A-Z0-9<]/.test(c));
      throw formatError(`MRZ line ${i + 1} has a character outside A-Z, 0-9 and '<' at position ${column + 1}`);
    }
  });
  return layout;
}

/** Runs the `mrz` package for the fields it validates; its errors become MRZ_FORMAT. */
function checkWithLibrary(lines: readonly string[], format: MrzFormat): void {
  let result: ReturnType<typeof parseWithLibrary>;
  try {
    result = parseWithLibrary(lines);
  } catch (e) {
    throw new MrtdError('MRZ_FORMAT', `MRZ not recognised: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  // The package reads some 2×36 layouts as the French national ID card, which is not a Doc 9303 TD2.
  if (result.format !== format) throw formatError(`MRZ is laid out as ${result.format}, not as an ICAO ${format}`);
  for (const d of result.details) {
    if (!d.valid && d.field !== null && LIBRARY_FIELDS.has(d.field)) throw formatError(`${d.label}: ${d.error ?? 'invalid'}`);
  }
}

function checkState(value: string, what: string): string {
  if (!STATE.test(value)) throw formatError(`${what} ${JSON.stringify(value)} is not a three-letter code`);
  return trimFillers(value);
}

function checkBirth(value: string): void {
  const m = BIRTH.exec(value);
  if (!m) throw formatError('date of birth is not YYMMDD');
  const [, yy, mm, dd] = m;
  if (yy !== '<<' && mm !== '<<' && dd !== '<<') {
    // a year 00 may be 1900 or 2000; 29 February exists only in the latter
    if (!isCalendarDate(value, 2000) && !isCalendarDate(value, 1900)) throw formatError('date of birth is not a calendar date');
    return;
  }
  if (mm !== '<<' && (Number(mm) < 1 || Number(mm) > 12)) throw formatError('date of birth has no valid month');
  if (dd !== '<<' && (Number(dd) < 1 || Number(dd) > 31)) throw formatError('date of birth has no valid day');
}

function checkSex(value: string): 'M' | 'F' | 'X' {
  if (value === 'M' || value === 'F') return value;
  // Part 4 writes unspecified as '<'; several States print 'X' in the MRZ as in the VIZ.
  if (value === '<' || value === 'X') return 'X';
  throw formatError(`sex ${JSON.stringify(value)} is not M, F, X or '<'`);
}

function verifyDigit(what: string, data: string, digit: string): void {
  if (!/^[0-9]$/.test(digit)) throw new MrtdError('MRZ_CHECK_DIGIT', `${what} check digit ${JSON.stringify(digit)} is not a digit`);
  const expected = checkDigit(data);
  if (expected !== Number(digit)) throw new MrtdError('MRZ_CHECK_DIGIT', `${what} check digit is ${digit}, expected ${expected}`);
}

interface DocumentNumber {
  number: string;
  /** the check digit as printed */
  digit: string;
  /** optional data left after a long document number's continuation */
  optionalRest: string;
}

/**
 * Doc 9303 Part 5 (TD1) and Part 6 (TD2), notes to the MRZ data structure: a number longer than 9 characters keeps its 9
 * principal characters in the number field, a filler in the check digit position, and continues
 * in the optional data followed by its check digit (over the whole number) and a filler.
 */
function documentNumberOf(lines: readonly string[], layout: MrzLayout): DocumentNumber {
  const principal = field(lines, layout.documentNumber);
  const digit = field(lines, layout.documentNumberCheck);
  const optional = field(lines, layout.optional);
  if (layout.longDocumentNumber && digit === '<' && !principal.endsWith('<')) {
    const filler = optional.indexOf('<');
    const end = filler === -1 ? optional.length : filler;
    if (end < 2) throw new MrtdError('MRZ_CHECK_DIGIT', 'document number check digit missing after the long document number');
    return {
      number: principal + optional.slice(0, end - 1),
      digit: optional.charAt(end - 1),
      optionalRest: trimFillers(optional.slice(end + 1)),
    };
  }
  const number = trimFillers(principal);
  if (number.length === 0 || number.startsWith('<')) throw formatError('document number is empty or starts with a filler');
  return { number, digit, optionalRest: trimFillers(optional) };
}

function namesOf(nameField: string): { surname: string; givenNames: string } {
  const words = (s: string) => s.split('<').filter((w) => w.length > 0).join(' ');
  const separator = nameField.indexOf('<<');
  if (separator === -1) return { surname: words(nameField), givenNames: '' };
  return { surname: words(nameField.slice(0, separator)), givenNames: words(nameField.slice(separator + 2)) };
}

/**
 * Parses and validates a TD1, TD2 or TD3 MRZ. Throws MrtdError MRZ_FORMAT for a wrong shape,
 * character or field syntax, MRZ_CHECK_DIGIT (naming the field) for a check digit that does
 * not match. The issuing State is only checked syntactically: see checkMrzPolicy.
 */
export function parseMrz(input: string | string[]): Mrz {
  const lines = splitLines(input);
  const layout = layoutOf(lines);
  checkWithLibrary(lines, layout.format);
  const at = (range: MrzLayout['name']) => field(lines, range);

  const issuingState = checkState(at(layout.issuingState), 'issuing state');
  const nationality = checkState(at(layout.nationality), 'nationality');
  const dateOfBirth = at(layout.birth);
  checkBirth(dateOfBirth);
  const dateOfExpiry = at(layout.expiry);
  if (!isCalendarDate(dateOfExpiry, 2000)) throw formatError('date of expiry is not a calendar date YYMMDD');
  const sex = checkSex(at(layout.sex));
  const nameField = at(layout.name);
  if (!/^[A-Z<]+$/.test(nameField)) throw formatError('name contains characters other than A-Z and <');
  const names = namesOf(nameField);
  if (names.surname.length === 0) throw formatError('name has no primary identifier');
  const doc = documentNumberOf(lines, layout);

  verifyDigit('document number', doc.number, doc.digit);
  verifyDigit('date of birth', dateOfBirth, at(layout.birthCheck));
  verifyDigit('date of expiry', dateOfExpiry, at(layout.expiryCheck));
  if (layout.personalNumberCheck) {
    const personal = at(layout.optional);
    const digit = at(layout.personalNumberCheck);
    // Doc 9303 Part 4, note to the personal number: an unused personal number field may carry '<' or 0 as its check digit
    if (!(trimFillers(personal) === '' && (digit === '<' || digit === '0'))) verifyDigit('personal number', personal, digit);
  }
  verifyDigit('composite', layout.compositeOver.map(at).join(''), at(layout.composite));

  const mrz: Mrz = {
    format: layout.format,
    lines,
    documentCode: trimFillers(at(layout.documentCode)),
    issuingState,
    documentNumber: doc.number,
    nationality,
    dateOfBirth,
    sex,
    dateOfExpiry,
    surname: names.surname,
    givenNames: names.givenNames,
    optionalData: doc.optionalRest,
  };
  if (layout.optional2) mrz.optionalData2 = trimFillers(at(layout.optional2));
  return mrz;
}
