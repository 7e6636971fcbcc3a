/**
 * MitID's user-ID rules (issue 3 §7), each refused with its own code. Pure.
 * User-IDs are case-insensitive: the key they are unique under is the lower-case form.
 */
import { ApiError } from '../errors.js';

export const USER_ID_MIN = 5;
export const USER_ID_MAX = 48;
const ALLOWED = /^[a-zæøå0-9 {}!#$^,*()_+\-=:;?.@]*$/u;

/** The form user-IDs are compared and stored unique under. */
export function userIdKey(userId: string): string {
  return userId.normalize('NFC').toLowerCase();
}

/**
 * Throws the code of the first rule `userId` breaks. `personNumber` is the person's
 * number (digits, with or without a dash); the user-ID may not contain it.
 */
export function checkUserIdRules(userId: string, personNumber: string | undefined): void {
  const key = userIdKey(userId);
  const length = [...key].length;
  if (length < USER_ID_MIN) throw new ApiError('USER_ID_TOO_SHORT', 'user-ID too short', { min: USER_ID_MIN });
  if (length > USER_ID_MAX) throw new ApiError('USER_ID_TOO_LONG', 'user-ID too long', { max: USER_ID_MAX });
  if (!ALLOWED.test(key)) throw new ApiError('USER_ID_INVALID_CHARACTER', 'user-ID has a character outside the allowed set');
  if (key.startsWith(' ') || key.endsWith(' ')) throw new ApiError('USER_ID_EDGE_SPACE', 'user-ID starts or ends with a space');
  if (/\d{10}/.test(key)) throw new ApiError('USER_ID_DIGIT_RUN', 'user-ID has a run of 10 digits');
  const digits = personNumber?.replace(/\D/g, '') ?? '';
  // Separators are dropped so "010190-1234" and "010190 1234" are caught too.
  if (digits.length > 0 && key.replace(/[\s\-.:/_]/g, '').includes(digits)) {
    throw new ApiError('USER_ID_CONTAINS_PERSON_NUMBER', 'user-ID contains the personal number');
  }
}
