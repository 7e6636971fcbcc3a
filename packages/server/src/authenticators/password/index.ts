/** The password that goes with a code display, code reader or chip (issue 4 §4–6). */
export { Passwords, type PreparedPassword, type SetPasswordInput, type ChangePasswordInput, type PasswordVerified, type PasswordStatus } from './passwords.js';
export { checkNewPassword, normalisePassword, codePointLength, PASSWORD_MIN, PASSWORD_MAX, PASSWORD_INPUT_LIMIT, type NewPasswordInput } from './rules.js';
export { hashPassword, verifyPasswordHash, needsRehash } from './hash.js';
export { passwordSettings, PASSWORD_DEFAULTS, OWASP_ARGON2ID, type Argon2Params, type PasswordSettings } from './settings.js';
