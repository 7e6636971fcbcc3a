/**
 * MRZ dates are YYMMDD without a century (ICAO Doc 9303 Part 3 §4.8). The century is
 * a policy decision of the reader: expiry dates are read as 20YY, birth dates as the
 * latest century that does not put the birth in the future.
 */
import { MrtdError } from '../errors.js';

const DATE = /^(\d\d)(\d\d)(\d\d)$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether YYMMDD names a real calendar day in the given century (e.g. 2000 or 1900). */
export function isCalendarDate(yymmdd: string, century: number): boolean {
  const m = DATE.exec(yymmdd);
  if (!m) return false;
  const year = century + Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function utcDate(yymmdd: string, century: number, what: string): Date {
  if (!isCalendarDate(yymmdd, century)) {
    throw new MrtdError('MRZ_FORMAT', `${what} ${JSON.stringify(yymmdd)} is not a valid YYMMDD date`);
  }
  return new Date(Date.UTC(century + Number(yymmdd.slice(0, 2)), Number(yymmdd.slice(2, 4)) - 1, Number(yymmdd.slice(4, 6))));
}

/** The expiry day at UTC midnight, always in 20YY: no MRTD in use expires before 2000. */
export function expiryDate(yymmdd: string): Date {
  return utcDate(yymmdd, 2000, 'date of expiry');
}

/**
 * The birth day at UTC midnight: 20YY unless that lies after `now`, then 19YY. The reading
 * fails for holders over 100 years old; the MRZ holds no information to do better.
 */
export function birthDate(yymmdd: string, now: Date): Date {
  if (!DATE.test(yymmdd)) {
    throw new MrtdError('MRZ_FORMAT', `date of birth ${JSON.stringify(yymmdd)} is not a fully known YYMMDD date`);
  }
  // 29 February of a year 00 exists in 2000 but not in 1900, so each century is checked on its own.
  if (isCalendarDate(yymmdd, 2000)) {
    const d = utcDate(yymmdd, 2000, 'date of birth');
    if (d.getTime() <= now.getTime()) return d;
  }
  return utcDate(yymmdd, 1900, 'date of birth');
}
