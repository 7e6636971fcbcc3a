/** Building a TD3 MRZ (ICAO Doc 9303 Part 4, MRZ data structure) with all check digits, e.g. for test documents and issuance. */
import { MrtdError } from '../errors.js';
import { checkDigit } from './check-digit.js';
import { parseMrz } from './parse.js';
import { transliterateName } from './transliterate.js';

export interface Td3Fields {
  /** 'P' unless given; one or two letters */
  documentCode?: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  /** at most 9 characters A-Z, 0-9 */
  documentNumber: string;
  nationality: string;
  /** YYMMDD, '<' for unknown parts */
  dateOfBirth: string;
  sex: 'M' | 'F' | 'X';
  /** YYMMDD */
  dateOfExpiry: string;
  /** the personal number, at most 14 characters */
  optionalData?: string;
}

const NAME_LENGTH = 39;

function invalid(message: string): MrtdError {
  return new MrtdError('MRZ_FORMAT', message);
}

function code(value: string, what: string): string {
  const v = value.toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(v)) throw invalid(`${what} must be a code of one to three letters`);
  return v.padEnd(3, '<');
}

/**
 * Doc 9303 Part 4 name truncation, simplified: the secondary identifier gives way first, character by
 * character from its end, and the primary identifier is only cut when it alone overflows. The
 * field is cut at 39 positions, so a cut inside a component leaves a letter in the last position.
 */
function nameField(surname: string, givenNames: string): string {
  const primary = transliterateName(surname, 'surname');
  const secondary = transliterateName(givenNames, 'given names');
  if (primary.length === 0) throw invalid('surname (primary identifier) is empty');
  const full = secondary.length > 0 ? `${primary}<<${secondary}` : primary;
  return full.slice(0, NAME_LENGTH).padEnd(NAME_LENGTH, '<');
}

/** The two TD3 lines; throws MRZ_FORMAT when a field cannot be represented. */
export function formatTd3(fields: Td3Fields): [string, string] {
  const documentCode = (fields.documentCode ?? 'P').toUpperCase();
  if (!/^P[A-Z]?$/.test(documentCode)) throw invalid('document code of a TD3 passport is P and at most one more letter');
  const documentNumber = fields.documentNumber.toUpperCase().replace(/\s+/g, '');
  if (!/^[A-Z0-9]{1,9}$/.test(documentNumber)) throw invalid('document number must be 1 to 9 characters A-Z, 0-9');
  for (const [what, date] of [
    ['date of birth', fields.dateOfBirth],
    ['date of expiry', fields.dateOfExpiry],
  ] as const) {
    if (!/^[0-9<]{6}$/.test(date)) throw invalid(`${what} must be YYMMDD`);
  }
  if (!['M', 'F', 'X'].includes(fields.sex)) throw invalid('sex must be M, F or X');
  const personal = (fields.optionalData ?? '').toUpperCase().replace(/[\s-]+/g, '<');
  if (!/^[A-Z0-9<]{0,14}$/.test(personal)) throw invalid('optional data must be at most 14 characters A-Z, 0-9');

  const line1 = `${documentCode.padEnd(2, '<')}${code(fields.issuingState, 'issuing state')}${nameField(fields.surname, fields.givenNames)}`;
  const number = documentNumber.padEnd(9, '<');
  const personalField = personal.padEnd(14, '<');
  // Part 3 Appendix A Example 3 writes 0 as the check digit of an unused personal number
  const personalCheck = String(checkDigit(personalField));
  const numberPart = `${number}${checkDigit(number)}`;
  const birthPart = `${fields.dateOfBirth}${checkDigit(fields.dateOfBirth)}`;
  const expiryPart = `${fields.dateOfExpiry}${checkDigit(fields.dateOfExpiry)}`;
  const sex = fields.sex === 'X' ? '<' : fields.sex;
  const composite = checkDigit(`${numberPart}${birthPart}${expiryPart}${personalField}${personalCheck}`);
  const line2 = `${numberPart}${code(fields.nationality, 'nationality')}${birthPart}${sex}${expiryPart}${personalField}${personalCheck}${composite}`;
  // the parser is the specification of validity: dates, names and codes are checked once, there
  parseMrz([line1, line2]);
  return [line1, line2];
}
