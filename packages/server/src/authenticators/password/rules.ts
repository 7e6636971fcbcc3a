/**
 * The rules a new password must meet (issue 4 §4): entered twice, 8–64 characters, not the
 * user-ID, not one character repeated. Characters are Unicode code points after NFC, so "é"
 * typed as one code point or as e + combining accent is the same password of the same length
 * on every keyboard. Pure: no database, no hashing.
 */
import { ApiError } from '../../errors.js';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 64;
/**
 * Longest raw input looked at (UTF-16 units). 64 code points after NFC can come from a much
 * longer decomposed input, but not from more than this; anything longer is refused before
 * normalising or hashing it, so a huge body cannot cost the server work.
 */
export const PASSWORD_INPUT_LIMIT = 1024;

/** The form a password is hashed and compared in. */
export function normalisePassword(password: string): string {
  if (typeof password !== 'string' || password.length > PASSWORD_INPUT_LIMIT) throw new ApiError('PASSWORD_TOO_LONG', 'password input too long');
  return password.normalize('NFC');
}

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Control characters cannot be typed reliably on every device (and hide in logs): refused outright. */
// eslint-disable-next-line no-control-regex -- that is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export interface NewPasswordInput {
  password: string;
  repeat: string;
  /** the identity's user-ID, which the password must not contain */
  userId: string;
}

/**
 * Checks a new password and returns it normalised (ready to hash). Refusals, in this order:
 * PASSWORD_MISMATCH, PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, VALIDATION_FAILED (control
 * characters), PASSWORD_WEAK (details.reason 'user-id' | 'repeated').
 */
export function checkNewPassword(input: NewPasswordInput): string {
  const password = normalisePassword(input.password);
  const repeat = normalisePassword(input.repeat);
  if (password !== repeat) throw new ApiError('PASSWORD_MISMATCH', 'the two passwords differ');
  const length = codePointLength(password);
  if (length < PASSWORD_MIN) throw new ApiError('PASSWORD_TOO_SHORT', 'password too short', { min: PASSWORD_MIN });
  if (length > PASSWORD_MAX) throw new ApiError('PASSWORD_TOO_LONG', 'password too long', { max: PASSWORD_MAX });
  if (CONTROL.test(password)) throw new ApiError('VALIDATION_FAILED', 'password has control characters');
  const folded = password.toLocaleLowerCase('da');
  const userId = input.userId.normalize('NFC').trim().toLocaleLowerCase('da');
  if (userId !== '' && folded.includes(userId)) throw new ApiError('PASSWORD_WEAK', 'password contains the user-ID', { reason: 'user-id' });
  const first = password.codePointAt(0)!;
  if ([...password].every((c) => c.codePointAt(0) === first)) throw new ApiError('PASSWORD_WEAK', 'password is one character repeated', { reason: 'repeated' });
  return password;
}
