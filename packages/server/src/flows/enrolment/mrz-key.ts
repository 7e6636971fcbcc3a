/**
 * The access key typed by hand (document number, date of birth, date of expiry: Doc 9303
 * Part 11 §9.7.2), checked as the MRZ step would check the same fields of scanned lines.
 * Refusals are MRZ_FORMAT with `details.field` naming the field, or MRZ_EXPIRED.
 */
import { birthDate, expiryDate, isMrtdError, type MrzKey } from '@openmitid/mrtd';
import type { MrzKeyInput } from '@openmitid/api';
import { ApiError } from '../../errors.js';

const DAY_MS = 86_400_000;
// TD3 (passport) document numbers: at most 9 of A–Z and 0–9 (Doc 9303 Part 4 §4.2.2)
const DOCUMENT_NUMBER = /^[A-Z0-9]{1,9}$/;

function dateOf(field: 'dateOfBirth' | 'dateOfExpiry', value: string, read: (v: string) => Date): Date {
  try {
    return read(value);
  } catch (e) {
    if (isMrtdError(e)) throw new ApiError('MRZ_FORMAT', `${field} is not a YYMMDD calendar date`, { field });
    throw e;
  }
}

/** The key to store, or the refusal: a malformed number, an impossible date, an expired document. */
export function checkTypedKey(input: MrzKeyInput, now: Date): MrzKey {
  // the printed number may be typed in lower case; fillers are not part of it
  const documentNumber = input.documentNumber.toUpperCase();
  if (!DOCUMENT_NUMBER.test(documentNumber)) throw new ApiError('MRZ_FORMAT', 'documentNumber must be 1–9 letters or digits', { field: 'documentNumber' });
  // birthDate picks the century that keeps the day in the past, so only the calendar is checked
  dateOf('dateOfBirth', input.dateOfBirth, (v) => birthDate(v, now));
  const expiry = dateOf('dateOfExpiry', input.dateOfExpiry, expiryDate);
  // valid through the expiry day itself, as checkMrzPolicy reads a scanned MRZ
  if (now.getTime() >= expiry.getTime() + DAY_MS) throw new ApiError('MRZ_EXPIRED', `document expired on ${input.dateOfExpiry} (YYMMDD)`);
  return { documentNumber, dateOfBirth: input.dateOfBirth, dateOfExpiry: input.dateOfExpiry };
}

/** Whether the chip's DG1 carries the key that was typed. */
export function keyMatches(typed: MrzKey, chip: MrzKey): boolean {
  return typed.documentNumber === chip.documentNumber && typed.dateOfBirth === chip.dateOfBirth && typed.dateOfExpiry === chip.dateOfExpiry;
}
