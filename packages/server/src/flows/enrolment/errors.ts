/** Turns errors of the libraries the enrolment steps call into wire refusals. */
import { isMrtdError } from '@openmitid/mrtd';
import { isErrorCode } from '@openmitid/api';
import { ApiError } from '../../errors.js';

/** An mrtd error (MRZ_CHECK_DIGIT, MRZ_EXPIRED, …) becomes the refusal of the same code; anything else is rethrown. */
export function asRefusal(e: unknown): never {
  if (isMrtdError(e) && isErrorCode(e.code)) throw new ApiError(e.code, e.message);
  throw e;
}
