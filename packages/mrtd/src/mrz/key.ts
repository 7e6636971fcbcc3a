import { checkDigit } from './check-digit.js';
import type { Mrz } from './parse.js';

/** What the chip's access key (BAC, and PACE with the MRZ) is made from: Doc 9303 Part 11 §9.7.2. */
export interface MrzKey {
  /** document number without filler, any length (TD1 documents may exceed 9 characters) */
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  /** YYMMDD */
  dateOfExpiry: string;
}

/**
 * MRZ_information = document number ‖ check ‖ birth date ‖ check ‖ expiry ‖ check.
 * The document number is padded with '<' to at least 9 characters.
 */
export function mrzInformation(key: MrzKey): string {
  const doc = key.documentNumber.toUpperCase().padEnd(9, '<');
  return `${doc}${checkDigit(doc)}${key.dateOfBirth}${checkDigit(key.dateOfBirth)}${key.dateOfExpiry}${checkDigit(key.dateOfExpiry)}`;
}

/** The access key fields of a parsed MRZ (a long TD1/TD2 document number is used in full). */
export function mrzKeyFromMrz(mrz: Mrz): MrzKey {
  return { documentNumber: mrz.documentNumber, dateOfBirth: mrz.dateOfBirth, dateOfExpiry: mrz.dateOfExpiry };
}
