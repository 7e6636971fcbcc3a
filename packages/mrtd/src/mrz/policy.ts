/** Acceptance rules applied after an MRZ parsed: what a valid MRZ may still be refused for. */
import { MrtdError } from '../errors.js';
import { expiryDate } from './dates.js';
import type { Mrz } from './parse.js';

export interface MrzPolicy {
  now: Date;
  /** issuing State codes accepted, e.g. ['DNK', 'D', 'UTO']; fillers are ignored */
  allowedIssuers: string[];
}

const DAY_MS = 86_400_000;

/**
 * Throws MRZ_EXPIRED once the expiry day has fully passed (the document is valid through that
 * day, read in UTC), MRZ_ISSUER_NOT_ALLOWED for an issuing State outside the allowed list.
 */
export function checkMrzPolicy(mrz: Mrz, policy: MrzPolicy): void {
  const endOfValidity = expiryDate(mrz.dateOfExpiry).getTime() + DAY_MS;
  if (policy.now.getTime() >= endOfValidity) {
    throw new MrtdError('MRZ_EXPIRED', `document expired on ${mrz.dateOfExpiry} (YYMMDD)`);
  }
  const normalise = (code: string) => code.toUpperCase().replace(/<+$/, '');
  const issuer = normalise(mrz.issuingState);
  if (!policy.allowedIssuers.some((code) => normalise(code) === issuer)) {
    throw new MrtdError('MRZ_ISSUER_NOT_ALLOWED', `issuing state ${issuer} is not accepted`);
  }
}
