/**
 * Manual entry of the chip's access key (product.md §3.1: document number, birth date and
 * expiry date are the fallback when the camera cannot read the code). Pure validation.
 */
import type { ManualMrzKey } from './transport.js';

export interface MrzEntryFields {
  documentNumber: string;
  /** YYYY-MM-DD, as an <input type="date"> gives it */
  birthDate: string;
  expiryDate: string;
}

export type MrzEntryError =
  | 'documentNumberRequired'
  | 'documentNumberFormat'
  | 'birthDateRequired'
  | 'birthDateFuture'
  | 'expiryDateRequired'
  | 'expired'
  | 'dateInvalid';

export type MrzEntryResult =
  | { ok: true; key: ManualMrzKey }
  | { ok: false; errors: Partial<Record<keyof MrzEntryFields, MrzEntryError>> };

/** Spaces and dashes people copy from the printed number are dropped; letters are upper-cased. */
export function normaliseDocumentNumber(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** A real calendar day as [year, month, day], or undefined. */
function parseIsoDate(value: string): [number, number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d ? [y, mo, d] : undefined;
}

const yymmdd = ([y, m, d]: [number, number, number]) =>
  `${String(y % 100).padStart(2, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
const isoDay = (now: Date) => now.toISOString().slice(0, 10);

export function validateMrzEntry(fields: MrzEntryFields, now: Date): MrzEntryResult {
  const errors: Partial<Record<keyof MrzEntryFields, MrzEntryError>> = {};
  const documentNumber = normaliseDocumentNumber(fields.documentNumber);
  // TD3 document numbers are at most 9 characters of A–Z and 0–9 (ICAO Doc 9303 Part 4, TD3 MRZ)
  if (!documentNumber) errors.documentNumber = 'documentNumberRequired';
  else if (!/^[A-Z0-9]{1,9}$/.test(documentNumber)) errors.documentNumber = 'documentNumberFormat';

  const today = isoDay(now);
  const birth = parseIsoDate(fields.birthDate);
  if (!fields.birthDate) errors.birthDate = 'birthDateRequired';
  else if (!birth) errors.birthDate = 'dateInvalid';
  // ISO dates compare correctly as strings
  else if (fields.birthDate > today) errors.birthDate = 'birthDateFuture';

  const expiry = parseIsoDate(fields.expiryDate);
  if (!fields.expiryDate) errors.expiryDate = 'expiryDateRequired';
  else if (!expiry) errors.expiryDate = 'dateInvalid';
  // valid through the expiry day itself
  else if (fields.expiryDate < today) errors.expiryDate = 'expired';

  if (Object.keys(errors).length > 0 || !birth || !expiry) return { ok: false, errors };
  return { ok: true, key: { documentNumber, dateOfBirth: yymmdd(birth), dateOfExpiry: yymmdd(expiry) } };
}
