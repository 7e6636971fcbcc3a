/**
 * Activating a chip (issue 4 §4–5): a new password twice and a registered security key, in
 * that order of checks, so a refused password leaves neither a key nor a used ceremony behind
 * and a refused key leaves no password. The caller's flow has proven who the citizen is.
 */
import type { Passwords } from '../password/index.js';
import { checkNewPassword } from '../password/index.js';
import type { ChipDeps, FidoCredential } from './credentials.js';
import { finishChipRegistration } from './registration.js';

export interface ActivateChipInput {
  identityId: string;
  /** the identity's user-ID (the password may not contain it) */
  userId: string;
  password: string;
  repeat: string;
  ceremonyId: string;
  /** the browser's RegistrationResponseJSON, untrusted */
  response: unknown;
  now: Date;
}

/** Refusals: the password rules' codes (nothing consumed), then finishChipRegistration's. */
export async function activateChip(deps: ChipDeps, passwords: Passwords, input: ActivateChipInput): Promise<FidoCredential> {
  checkNewPassword(input);
  const credential = await finishChipRegistration(deps, input);
  await passwords.set(input);
  return credential;
}
