/**
 * What the user is asked to confirm after a camera read. Check digits cover the document
 * number and the dates, yet a misread of same-weight characters (S and 8 weigh alike in
 * Doc 9303's 7-3-1 check) passes them, so the person compares these with the printed page.
 */
import { birthDate, expiryDate, parseMrz } from '@openmitid/mrtd/browser';

export interface MrzSummary {
  name: string;
  documentNumber: string;
  /** UTC midnight of the day */
  dateOfBirth: Date;
  dateOfExpiry: Date;
}

/** The fields to show, or undefined for lines that do not parse (the worker only sends lines that do). */
export function summariseMrz(lines: readonly string[], now: Date): MrzSummary | undefined {
  try {
    const mrz = parseMrz([...lines]);
    return {
      name: [mrz.givenNames, mrz.surname].filter(Boolean).join(' '),
      documentNumber: mrz.documentNumber,
      dateOfBirth: birthDate(mrz.dateOfBirth, now),
      dateOfExpiry: expiryDate(mrz.dateOfExpiry),
    };
  } catch {
    return undefined;
  }
}

/** A day as the user's language writes it, e.g. "12. august 1974" / "12 August 1974". */
export function formatDay(day: Date, language: string): string {
  return new Intl.DateTimeFormat(language === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(day);
}
